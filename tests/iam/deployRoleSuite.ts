/**
 * The deployment role's decision table and the permissions boundary, the same checks for each stack (main.test.ts,
 * demo.test.ts): the role manages its own environment (and, for the platform's owner, the platform) and is denied every
 * cross-environment and escalation row; a role under the boundary with an inline `Allow *` stays inside it; the boundary
 * takes no grant away from the roles the program bounds; every role the stack creates carries it.
 */
import type { RecordedResource } from "../../harness/graph";
import type { ProgramRun } from "../../harness/runProgram";
import { boundaryOf } from "./iamModel";
import type { Env } from "../../lib/naming";
import {
    boundedStarRows,
    deployRows,
    evaluate,
    boundaryTakes,
    contextSatisfying,
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

    it("takes nothing away from the roles the program bounds: every grant of their own policies still holds under the boundary, conditioned ones in a context that satisfies them", async () => {
        const r = await boundaryTakes(run(), stack);
        expect({ lost: r.lost, unmodelled: r.unmodelled }).toEqual({ lost: [], unmodelled: [] });
    });

    it("would report a conditioned grant the boundary takes away (planted on a bounded role)", async () => {
        const resources = run().resources;
        const role = resources.find(
            (x) => x.type === "aws:iam/role:Role" && !x.read && boundaryOf(resources, x) !== undefined,
        )!;
        // iam:CreateUser is outside every boundary here (it writes IAM); granted only under a condition.
        const planted = {
            ...role,
            urn: `${role.urn}-planted-policy`,
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "planted-conditioned",
            inputs: {
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: "iam:CreateUser",
                            Resource: "arn:aws:iam::123456789012:user/planted",
                            Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                        },
                    ],
                }),
            },
            propertyDependencies: { role: [role.urn] },
        } as RecordedResource;
        const r = await boundaryTakes({ ...run(), resources: [...resources, planted] }, stack);
        expect(r.lost).toEqual([`${role.name}: iam:CreateUser on arn:aws:iam::123456789012:user/planted`]);
    });

    it("builds the context a condition asks for (positive operators' first value, patterns made concrete; negations left unset)", () => {
        expect(
            contextSatisfying({
                StringEquals: { "aws:ResourceTag/env": ["main", "demo"] },
                StringLike: { "sts:RoleSessionName": "deploy-*" },
                "ForAnyValue:StringEquals": { "aws:TagKeys": ["a"] },
                StringNotEquals: { "aws:PrincipalTag/x": "y" },
                Null: { "aws:RequestTag/z": "true" },
            }),
        ).toEqual({ "aws:ResourceTag/env": "main", "sts:RoleSessionName": "deploy-x", "aws:TagKeys": ["a"] });
        expect(contextSatisfying({ SomethingNew: { k: "v" } })).toBeUndefined();
    });

    it(`puts its own boundary on every role it creates but the deployment role${unboundedRoles.length ? ` (and ${unboundedRoles.join(", ")}, which takes none: docs/delivery.md)` : ""}`, () => {
        expect(rolesWithoutTheBoundary(run(), stack)).toEqual(unboundedRoles);
    });
}
