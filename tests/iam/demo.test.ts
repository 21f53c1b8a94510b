/** Stack demo's IAM (its own roles only; it writes nothing onto main's): issue 12, point 6. */
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
    rolesReadingSeveralEnvironments,
} from "./decisions";

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

describe("stack demo's deployment role", () => {
    it("manages its own environment, and is denied every cross-environment and escalation row", async () => {
        const rows = deployRows("demo", false);
        const results = await evaluate(run, rows);
        expect(mismatches(results)).toEqual([]);
        expect(results.length).toBe(rows.length);
    });
    it("cannot make a role stronger than the boundary: an inline Allow * under it writes no IAM and reaches no other environment", async () => {
        expect(mismatches(await evaluate(run, boundedStarRows("demo", false)))).toEqual([]);
    });
});

it("takes nothing away from the roles the program bounds: every grant of their own policies still holds under the boundary", async () => {
    expect(await grantsTheBoundaryTakes(run, "demo")).toEqual([]);
});

it("puts its own boundary on every role it creates but the deployment role", () => {
    expect(rolesWithoutTheBoundary(run, "demo")).toEqual([]);
});
