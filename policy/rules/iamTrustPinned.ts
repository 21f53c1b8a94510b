/**
 * Who may assume a role. A trust policy admitting any principal ("*", AWS "*") lets every AWS account in; one
 * admitting a web-identity (OIDC) provider without an exact `sub` condition lets every identity that provider
 * issues in (every repository on GitHub, every service account of a cluster). AWS account principals are admitted
 * only when listed in trustedAccountIds. Service principals (lambda.amazonaws.com, ...) are AWS's own and pass.
 *
 * Missing: a Role without assumeRolePolicy cannot be judged and is reported (AWS requires one).
 * Unknown during preview: the document is read through the engine's proxy (the SDK's advisory).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { exactConditionKeys, isConfined, principalsOf, statementsOf } from "../lib/policyDocument";
import { TRUSTED_ACCOUNTS_SCHEMA } from "../lib/trust";

const ROLE = "aws:iam/role:Role";

export const iamTrustPinned: ResourceValidationPolicy = {
    name: "iam-trust-pinned",
    description:
        'IAM role trust policies admit no principal "*", no AWS account outside trustedAccountIds, and no OIDC provider without an exact (StringEquals) sub condition.',
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Trust a service principal, a listed account, or an OIDC provider with StringEquals on both <provider>:aud and <provider>:sub (IRSA: system:serviceaccount:<ns>:<sa>; GitHub: repo:<owner>/<repo>:ref:refs/heads/<branch>).",
    configSchema: { properties: { ...TRUSTED_ACCOUNTS_SCHEMA } },
    validateResource: (args, report) => {
        if (args.type !== ROLE) return;
        const { trustedAccountIds } = args.getConfig<{ trustedAccountIds: string[] }>();
        const doc = args.props.assumeRolePolicy;
        const statements = statementsOf(doc);
        if (doc === undefined || doc === null || statements.length === 0) {
            report(
                "the role has no readable assumeRolePolicy, so who may assume it cannot be shown; set an explicit trust policy",
            );
            return;
        }
        for (const s of statements.filter((x) => x.effect === "Allow")) {
            const p = principalsOf(s.principal);
            if (p.everyone && !isConfined(s))
                report(`${s.sid} admits any principal ("*"): every AWS account can assume this role`);
            for (const account of p.accounts.filter((a) => !trustedAccountIds.includes(a))) {
                report(
                    `${s.sid} admits AWS account principal ${account}, not in trustedAccountIds; list the account or trust a service/OIDC principal instead`,
                );
            }
            if (
                p.federated.length > 0 &&
                s.actions.some((a) => /^sts:AssumeRoleWithWebIdentity$/i.test(a) || a === "*" || a === "sts:*")
            ) {
                if (!exactConditionKeys(s).some((k) => k.endsWith(":sub"))) {
                    report(
                        `${s.sid} admits ${p.federated.join(", ")} without a StringEquals condition on its :sub claim: every identity it issues could assume the role`,
                    );
                }
            }
        }
    },
};
