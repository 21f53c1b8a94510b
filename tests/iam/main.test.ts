/** Stack main's IAM, checked with AWS's model (iam-data) and decided by a simulator (iam-simulate): issue 12, point 6. */
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import {
    boundedStarRows,
    deployRows,
    documentReport,
    grantsTheBoundaryTakes,
    rolesWithoutTheBoundary,
    environmentRows,
    evaluate,
    mismatches,
    platformRows,
    rolesReadingSeveralEnvironments,
} from "./decisions";

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
    const rows = [...platformRows(run.outputs.outputs), ...environmentRows("main", String(run.outputs.outputs.dbMasterSecretArn))];
    const results = await evaluate(run, rows);
    expect(mismatches(results)).toEqual([]);
    expect(results.length).toBe(rows.length);
});

it("has no role that may read both environments' secrets", async () => {
    expect(await rolesReadingSeveralEnvironments(run)).toEqual([]);
});

describe("stack main's deployment role", () => {
    it("manages its own environment and the platform, and is denied every cross-environment and escalation row", async () => {
        const rows = deployRows("main", true);
        const results = await evaluate(run, rows);
        expect(mismatches(results)).toEqual([]);
        expect(results.length).toBe(rows.length);
    });
    it("cannot make a role stronger than the boundary: an inline Allow * under it writes no IAM and reaches no other environment", async () => {
        expect(mismatches(await evaluate(run, boundedStarRows("main", true)))).toEqual([]);
    });
});

it("takes nothing away from the roles the program bounds: every grant of their own policies still holds under the boundary", async () => {
    expect(await grantsTheBoundaryTakes(run, "main")).toEqual([]);
});

it("puts its own boundary on every role it creates but the deployment role (but @pulumi/eks's service role, which takes none: README, Delivery)", () => {
    expect(rolesWithoutTheBoundary(run, "main")).toEqual(["osprey-eksRole-role"]);
});
