/**
 * Stack main's IAM, checked with AWS's model (iam-data) and decided by a simulator (iam-simulate)
 * (docs/requirements.md, Isolation).
 */
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import {
    documentReport,
    environmentRows,
    evaluate,
    mismatches,
    platformRows,
    rolesReadingSeveralEnvironments,
} from "./decisions";
import { deployRoleChecks } from "./deployRoleSuite";

let run: ProgramRun;
beforeAll(async () => {
    run = await sharedProgramRun("main");
});

it("has IAM documents whose every action exists and every resource fits its action (AWS service authorization data)", async () => {
    const report = await documentReport(run);
    // identity policies, trust policies and the bucket policy: the platform's and environment main's
    expect(report.length).toBeGreaterThanOrEqual(14);
    expect(report.filter((r) => r.problems.length > 0)).toEqual([]);
});

it("decides every row of the platform's and environment main's decision table as intended", async () => {
    const rows = [
        ...platformRows(run.outputs.outputs),
        ...environmentRows("main", String(run.outputs.outputs.dbMasterSecretArn)),
    ];
    const results = await evaluate(run, rows);
    expect(mismatches(results)).toEqual([]);
    expect(results.length).toBe(rows.length);
});

it("has no role that may read both environments' secrets", async () => {
    expect(await rolesReadingSeveralEnvironments(run)).toEqual([]);
});

deployRoleChecks("main", true, () => run, ["osprey-eksRole-role"]);
