/**
 * What the models of @pulumi/eks 4.3.0's children share (remoteChildrenEks.ts, remoteChildrenEksSecurityGroups.ts,
 * remoteChildrenEksNodeGroup.ts): value readers, type tokens, and servicerole.ts `ServiceRole`.
 */
import { createHash } from "node:crypto";
import { ChildContext, childAdder } from "./remoteChildrenTypes";

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
export const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

export const ROLE = "aws:iam/role:Role";
export const SG = "aws:ec2/securityGroup:SecurityGroup";
export const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const ADDON = "aws:eks/addon:Addon";

/** servicerole.ts sha1hash: the first 8 hex of the policy's id, which names its attachment. */
const sha1hash = (s: string) => createHash("sha1").update(s).digest("hex").substring(0, 8);

/**
 * servicerole.ts: component `eks:index:ServiceRole` <name> holding `<name>-role` (trust policy for the service, the
 * given actions) and `<name>-<sha1hash(policy id)>` per managed policy. Returns the role's URN and ARN.
 */
export function serviceRole(
    add: ReturnType<typeof childAdder>,
    ctx: ChildContext,
    parent: string,
    name: string,
    a: { service: string; description?: string; policies: string[]; tags: unknown; assumeRoleActions?: string[] },
) {
    // cluster.ts: each policy as { id: arn:aws:..., arn: arn:${partition}:... }; the mock's partition is "aws".
    const managedPolicyArns = a.policies.map((p) => ({
        id: `arn:aws:iam::aws:policy/${p}`,
        arn: `arn:aws:iam::aws:policy/${p}`,
    }));
    const component = add(
        parent,
        "eks:index:ServiceRole",
        name,
        {
            service: a.service,
            description: a.description,
            managedPolicyArns,
            tags: a.tags,
            assumeRoleActions: a.assumeRoleActions,
        },
        { custom: false },
    );
    const roleInputs = {
        description: a.description,
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Action: a.assumeRoleActions ?? ["sts:AssumeRole"],
                    Effect: "Allow",
                    Principal: { Service: [a.service] },
                },
            ],
        }),
        tags: a.tags,
    };
    const role = add(component, ROLE, `${name}-role`, roleInputs);
    const identity = ctx.identify(ROLE, `${name}-role`, roleInputs);
    const attachments = managedPolicyArns.map((p) =>
        add(
            component,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            `${name}-${sha1hash(p.id)}`,
            { policyArn: p.arn, role: identity.name },
            {
                propertyDependencies: { role: [role] },
            },
        ),
    );
    return { urn: role, arn: identity.arn ?? "", waitFor: [role, ...attachments] };
}
