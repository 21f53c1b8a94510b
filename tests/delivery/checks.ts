/**
 * Shared checks (one program per process: tests/delivery/main.test.ts and demo.test.ts each run one stack).
 * Keyless deployments on the mock cloud: the Pulumi OIDC provider (main only), one deployment role per stack whose trust
 * pins the organization (aud) and one exact subject per allowed operation (sub; never preview), scoped permissions that the pack's
 * iam-no-admin and iam-trust-pinned accept, and the deployment agent (main with platform.deployments.agent.enabled).
 */
import { RecordedResource } from "../../harness/graph";
import { runPolicies } from "../../harness/policyRunner";
import { pulumiDeployTrustPolicy } from "../../components/delivery/deployRoles";
import { adminActions, statementsOf } from "../../policy/lib/policyDocument";
import { deployRoleName } from "../../lib/naming";
import { one, ofType, reveal, under } from "../graphHelpers";

export const ID = under("osprey:delivery:DeploymentIdentity");
export const ORG = "organization"; // Pulumi.<stack>.yaml deployments.organization
const subject = (stack: string, op: string) =>
    `pulumi:deploy:org:${ORG}:project:osprey-strike:stack:${stack}:operation:${op}:scope:write`;

export const trustOf = (r: RecordedResource[]) =>
    JSON.parse(String(reveal(one(r, "aws:iam/role:Role", ID).inputs.assumeRolePolicy))) as ReturnType<
        typeof pulumiDeployTrustPolicy
    >;

export function deploymentRoleChecks(stack: "main" | "demo", graph: () => RecordedResource[]): void {
    describe(`stack ${stack}: its deployment role`, () => {
        it("has the fixed name Pulumi.<stack>.deploy.yaml names", () => {
            expect(one(graph(), "aws:iam/role:Role", ID).inputs.name).toBe(deployRoleName(stack));
        });

        it("trusts only Pulumi's issuer, audience = the org, and this stack's update/refresh (no preview, no destroy, no wildcard)", () => {
            const [st, ...rest] = trustOf(graph()).Statement;
            expect(rest).toEqual([]);
            expect(st.Action).toBe("sts:AssumeRoleWithWebIdentity");
            expect(st.Principal.Federated).toMatch(/:oidc-provider\/api\.pulumi\.com\/oidc$/);
            expect(Object.keys(st.Condition)).toEqual(["StringEquals"]);
            expect(st.Condition.StringEquals["api.pulumi.com/oidc:aud"]).toBe(ORG);
            // No operation:preview: a pull-request preview would run the branch's code with this write role.
            expect(st.Condition.StringEquals["api.pulumi.com/oidc:sub"]).toEqual(
                ["update", "refresh", "detect-drift"].map((op) => subject(stack, op)),
            );
        });

        it("carries one inline policy and one managed policy of its own, no administrator action, each under IAM's size limit", () => {
            const policies = ofType(graph(), "aws:iam/rolePolicy:RolePolicy").filter(ID);
            expect(policies).toHaveLength(1);
            const inline = String(reveal(policies[0].inputs.policy));
            const [managed, ...moreManaged] = ofType(graph(), "aws:iam/policy:Policy").filter(ID);
            expect(moreManaged).toEqual([]);
            expect(managed.inputs.name).toBe(`${deployRoleName(stack)}-services`);
            const managedDoc = String(reveal(managed.inputs.policy));
            for (const doc of [inline, managedDoc])
                for (const s of statementsOf(JSON.parse(doc))) expect(adminActions(s)).toEqual([]);
            // IAM quotas (AWS IAM User Guide, "IAM and AWS STS quotas"): a role's inline policies total at most 10,240
            // characters, a managed policy at most 6,144 (whitespace not counted).
            expect(inline.replace(/\s/g, "").length).toBeLessThan(10_240);
            expect(managedDoc.replace(/\s/g, "").length).toBeLessThan(6_144);
            // Every Deny is inline, where no managed policy version can drop it.
            expect(statementsOf(JSON.parse(managedDoc)).filter((s) => s.effect === "Deny")).toEqual([]);
            // Attached to this role, and nothing else attached to it.
            const attachments = ofType(graph(), "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(ID);
            expect(attachments.map((a) => a.propertyDependencies.policyArn)).toEqual([[managed.urn]]);
        });

        it("passes the pack, iam-trust-pinned and iam-no-admin included", async () => {
            const found = await runPolicies(graph());
            // The one advisory allowed here: main with the agent AND the cluster's signals (docs/operate.md, ~$13.35) is
            // over the $300 default budget; an advisory, reported, and a decision for whoever turns the agent on.
            const overBudget = found.filter((v) => v.policy === "monthly-budget" && v.level === "advisory");
            expect(found.filter((v) => !overBudget.includes(v))).toEqual([]);
        });
    });
}
