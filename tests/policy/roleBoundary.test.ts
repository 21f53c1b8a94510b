/** iam-role-boundary: every role of the stack carries a permissions boundary; the one exemption by parent type. */
import { check, res } from "./helpers";
import { parentTypeOf } from "../../policy/rules/iamRoleBoundary";
import { UNKNOWN_SENTINEL } from "../../harness/policyRunner";

const ROLE = "aws:iam/role:Role";
const BOUNDARY = "arn:aws:iam::123456789012:policy/osprey-strike-demo-boundary";
const run = (spec: Parameters<typeof check>[1]) => check("iam-role-boundary", spec);

describe("iam-role-boundary", () => {
    it("passes a role with the boundary, known or computed during preview", async () => {
        expect(await run({ type: ROLE, props: { permissionsBoundary: BOUNDARY } })).toEqual([]);
        expect(await run({ type: ROLE, props: { permissionsBoundary: UNKNOWN_SENTINEL } })).toEqual([]);
    });
    it("flags a role without one, or with an empty one, wherever it is created", async () => {
        expect(await run({ type: ROLE, name: "demo-api", props: { assumeRolePolicy: "{}" } })).toEqual([
            expect.stringMatching(/demo-api has no permissionsBoundary/),
        ]);
        expect(await run({ type: ROLE, props: { permissionsBoundary: "" } })).toHaveLength(1);
        const component = res({ type: "osprey:environment:Environment", name: "demo" });
        expect(await run({ type: ROLE, parent: component, props: {} })).toHaveLength(1);
    });
    it("exempts the deployment role, by parent type only; @pulumi/eks's service role is no longer exempt", async () => {
        expect(
            await run({
                type: ROLE,
                parent: res({ type: "osprey:delivery:DeploymentIdentity", name: "osprey-deploy" }),
                props: {},
            }),
        ).toEqual([]);
        expect(
            await run({
                type: ROLE,
                parent: res({ type: "eks:index:ServiceRole", name: "osprey-eksRole" }),
                props: {},
            }),
        ).toHaveLength(1);
        // The same name elsewhere is not exempt.
        expect(
            await run({ type: ROLE, name: "osprey-deploy", props: { name: "osprey-strike-deploy-demo" } }),
        ).toHaveLength(1);
    });
    it("ignores other types", async () => {
        expect(await run({ type: "aws:iam/rolePolicy:RolePolicy", props: {} })).toEqual([]);
    });
    it("reads the parent type from a URN", () => {
        expect(
            parentTypeOf(
                "urn:pulumi:main::osprey-strike::eks:index:Cluster$eks:index:ServiceRole$aws:iam/role:Role::osprey-eksRole-role",
            ),
        ).toBe("eks:index:ServiceRole");
        expect(parentTypeOf("urn:pulumi:main::osprey-strike::aws:iam/role:Role::r")).toBeUndefined();
    });
});
