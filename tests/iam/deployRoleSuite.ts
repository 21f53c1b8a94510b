/**
 * The deployment role's decision table and the permissions boundary, the same checks for each stack (main.test.ts,
 * demo.test.ts): the role manages its own environment (and, for the platform's owner, the platform) and is denied every
 * cross-environment and escalation row; a role under the boundary with an inline `Allow *` stays inside it; the boundary
 * takes no grant away from the roles the program bounds; every role the stack creates carries it.
 */
import type { ProgramRun } from "../../harness/runProgram";
import type { Env } from "../../lib/naming";
import {
    boundedStarRows,
    deployRows,
    evaluate,
    grantsTheBoundaryTakes,
    mismatches,
    rolesWithoutTheBoundary,
} from "./decisions";

export function deployRoleChecks(
    stack: Env,
    ownsPlatform: boolean,
    run: () => ProgramRun,
    unboundedRoles: string[],
): void {
    describe(`stack ${stack}'s deployment role`, () => {
        it(`manages its own environment${ownsPlatform ? " and the platform" : ""}, and is denied every cross-environment and escalation row`, async () => {
            const rows = deployRows(stack, ownsPlatform);
            const results = await evaluate(run(), rows);
            expect(mismatches(results)).toEqual([]);
            expect(results.length).toBe(rows.length);
        });
        it("cannot make a role stronger than the boundary: an inline Allow * under it writes no IAM and reaches no other environment", async () => {
            expect(mismatches(await evaluate(run(), boundedStarRows(stack, ownsPlatform)))).toEqual([]);
        });
    });

    it("takes nothing away from the roles the program bounds: every grant of their own policies still holds under the boundary", async () => {
        expect(await grantsTheBoundaryTakes(run(), stack)).toEqual([]);
    });

    it(`puts its own boundary on every role it creates but the deployment role${unboundedRoles.length ? ` (and ${unboundedRoles.join(", ")}, which takes none: docs/delivery.md)` : ""}`, () => {
        expect(rolesWithoutTheBoundary(run(), stack)).toEqual(unboundedRoles);
    });
}
