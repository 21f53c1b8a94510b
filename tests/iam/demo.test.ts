/** Stack demo's IAM (its own roles only; it writes nothing onto main's) (docs/requirements.md, Isolation). */
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { documentReport, environmentRows, evaluate, mismatches, rolesReadingSeveralEnvironments } from "./decisions";
import { deployRoleChecks } from "./deployRoleSuite";

let run: ProgramRun;
beforeAll(async () => {
    run = await sharedProgramRun("demo");
});

it("has IAM documents whose every action exists and every resource fits its action (AWS service authorization data)", async () => {
    const report = await documentReport(run);
    expect(report.length).toBeGreaterThanOrEqual(5);
    expect(report.filter((r) => r.problems.length > 0)).toEqual([]);
});

it("decides every row of environment demo's decision table as intended (main's secrets and bucket denied)", async () => {
    const rows = environmentRows("demo", String(run.outputs.outputs.dbMasterSecretArn));
    const results = await evaluate(run, rows);
    expect(mismatches(results)).toEqual([]);
});

it("has no role that may read both environments' secrets", async () => {
    expect(await rolesReadingSeveralEnvironments(run)).toEqual([]);
});

deployRoleChecks("demo", false, () => run, []);
