/**
 * No principal of the program is an administrator: no AdministratorAccess or IAMFullAccess attached anywhere (role,
 * user, group; even to a target outside the stack), and no identity policy (inline or customer managed) that allows
 * every action ("*", "*:*"), every IAM action ("iam:*": grant yourself anything) or uses NotAction with Allow.
 * A resource policy on purpose: each attachment or document is judged where it is declared, whatever it targets.
 *
 * Missing: a policy resource without a readable document is reported (it cannot be shown not to be admin).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { adminActions, statementsOf } from "../lib/policyDocument";
import { arrayOf, objectOf, peek } from "../lib/props";

/** AWS managed policies that are administrator-equivalent (AWS managed policy reference: "*" on "*", "iam:*" on "*"). */
export const ADMIN_MANAGED_POLICIES = [
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/IAMFullAccess",
];
const isAdminArn = (arn: unknown) =>
    typeof arn === "string" && ADMIN_MANAGED_POLICIES.some((a) => arn.replace(/^arn:aws[a-z-]*:/, "arn:aws:") === a);

const ATTACHMENTS: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
};
const EXCLUSIVE_ATTACHMENTS = [
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
];
const DOCUMENTS = [
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/policy:Policy",
];

export const iamNoAdmin: ResourceValidationPolicy = {
    name: "iam-no-admin",
    description:
        'No AdministratorAccess/IAMFullAccess attachment and no identity policy allowing "*", "iam:*" or NotAction, on any role, user or group (inside the stack or not).',
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Grant the actions the workload calls on the resources it owns (inline least-privilege policy); administrators come from SSO, not from the program.",
    validateResource: (args, report) => {
        const attachKey = ATTACHMENTS[args.type];
        if (attachKey !== undefined && isAdminArn(args.props[attachKey]))
            report(`attaches ${String(args.props[attachKey])}, an administrator-equivalent policy`);
        if (EXCLUSIVE_ATTACHMENTS.includes(args.type)) {
            for (const arn of arrayOf(args.props.policyArns).filter(isAdminArn))
                report(`attaches ${String(arn)}, an administrator-equivalent policy`);
        }
        const judge = (where: string, doc: unknown) => {
            for (const s of statementsOf(doc)) {
                const admin = adminActions(s);
                if (admin.length > 0) report(`${where} ${s.sid} allows ${admin.join(", ")}: administrator-equivalent`);
            }
        };
        if (DOCUMENTS.includes(args.type)) {
            const doc = args.props.policy;
            if (statementsOf(doc).length === 0)
                report(
                    "the policy document is missing or unreadable, so it cannot be shown not to grant administrator access",
                );
            else judge("policy", doc);
        }
        if (args.type === "aws:iam/role:Role") {
            for (const arn of arrayOf(peek(args.props, "managedPolicyArns")).filter(isAdminArn))
                report(`managedPolicyArns holds ${String(arn)}, an administrator-equivalent policy`);
            for (const inline of arrayOf(peek(args.props, "inlinePolicies")))
                judge(`inline policy ${String(objectOf(inline)?.name ?? "")}`, objectOf(inline)?.policy);
        }
    },
};
