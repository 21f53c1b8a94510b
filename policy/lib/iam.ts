/**
 * Which managed policies a role carries, from every resource that can attach one: the role's own
 * managedPolicyArns, RolePolicyAttachment, RolePolicyAttachmentsExclusive and PolicyAttachment. Attachments
 * name the role by name (or ARN); they are tied to it through the dependency on that input first.
 */
import type { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, ofType } from "./graph";
import { arrayOf, peek } from "./props";

export const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const EXCLUSIVE = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";

/** The role name in an IAM role ARN (`arn:aws:iam::<account>:role/<path/>name`). */
export const roleNameFromArn = (arn: string): string | undefined =>
    /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];

/** Names and ARNs a role is known by (known values only: autonamed roles have none until created). */
export function roleIdentifiers(role: PolicyResource): string[] {
    return ["name", "arn", "id"]
        .map((k) => peek(role.props, k))
        .filter((v): v is string => typeof v === "string" && v !== "");
}

/** The Role resource a reference input (`role` on a Function or attachment) points to. */
export function resolveRole(resources: PolicyResource[], r: PolicyResource, key: string): PolicyResource | undefined {
    const viaDependency = dependenciesOf(r, key).find((d) => d.type === ROLE);
    if (viaDependency) return viaDependency;
    const value = peek(r.props, key);
    if (typeof value !== "string") return undefined; // unset, or not known during preview
    const name = roleNameFromArn(value) ?? value;
    return ofType(resources, ROLE).find((role) => roleIdentifiers(role).some((id) => id === value || id === name));
}

/** Whether input `key` of attachment `r` (a role name, ARN, or list of names) names `role`. */
const mentions = (r: PolicyResource, key: string, role: PolicyResource): boolean => {
    if (dependenciesOf(r, key).some((d) => d.urn === role.urn)) return true;
    const v = peek(r.props, key);
    const values = Array.isArray(v) ? v : [v];
    const ids = roleIdentifiers(role);
    return values.some((v) => typeof v === "string" && (ids.includes(v) || ids.includes(roleNameFromArn(v) ?? "")));
};

/** Every managed policy ARN attached to `role`, with what attaches it. */
export function managedPoliciesOf(resources: PolicyResource[], role: PolicyResource): { arn: string; via: string }[] {
    const found: { arn: string; via: string }[] = [];
    for (const arn of arrayOf(peek(role.props, "managedPolicyArns")))
        if (typeof arn === "string") found.push({ arn, via: `${role.name}.managedPolicyArns` });
    for (const a of ofType(resources, ATTACHMENT)) {
        const arn = peek(a.props, "policyArn");
        if (typeof arn === "string" && mentions(a, "role", role)) found.push({ arn, via: a.name });
    }
    for (const a of ofType(resources, EXCLUSIVE)) {
        if (!mentions(a, "roleName", role)) continue;
        for (const arn of arrayOf(peek(a.props, "policyArns")))
            if (typeof arn === "string") found.push({ arn, via: a.name });
    }
    for (const a of ofType(resources, POLICY_ATTACHMENT)) {
        const arn = peek(a.props, "policyArn");
        if (typeof arn === "string" && mentions(a, "roles", role)) found.push({ arn, via: a.name });
    }
    return found;
}
