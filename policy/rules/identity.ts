/**
 * GitHub OIDC (keyless CI): "The IAM role trusts GitHub's OIDC provider and scopes access by repository and
 * branch" (seed). A trust that wildcards the subject lets any repository, fork or branch assume the role.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { arrayOf, objectOf, policyDocument } from "../lib/props";

const GITHUB = "token.actions.githubusercontent.com";
const SUB_RE = /^repo:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+:ref:refs\/heads\/[A-Za-z0-9_./-]+$/;

export const githubOidcTrustPinned: ResourceValidationPolicy = {
    name: "github-oidc-trust-pinned",
    description: "IAM roles trusting GitHub's OIDC provider pin aud to sts.amazonaws.com and sub to one repository and branch, without wildcards.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: 'Use StringEquals on token.actions.githubusercontent.com:sub = "repo:<owner>/<repo>:ref:refs/heads/<branch>" and :aud = "sts.amazonaws.com".',
    configSchema: { properties: { allowedRepositories: { type: "array", items: { type: "string" }, default: [] } } },
    validateResource: (args, report) => {
        if (args.type !== "aws:iam/role:Role") return;
        const doc = policyDocument(args.props.assumeRolePolicy);
        const { allowedRepositories } = args.getConfig<{ allowedRepositories: string[] }>();
        for (const s of arrayOf<Record<string, unknown>>(doc?.Statement)) {
            const federated = [objectOf(s.Principal)?.Federated].flat();
            if (!federated.some((f) => typeof f === "string" && f.includes(GITHUB))) continue;
            const cond = objectOf(s.Condition) ?? {};
            const equals = objectOf(cond.StringEquals) ?? {};
            const subs = [equals[`${GITHUB}:sub`]].flat().filter((x) => x !== undefined);
            const auds = [equals[`${GITHUB}:aud`]].flat();
            if (objectOf(cond.StringLike)?.[`${GITHUB}:sub`] !== undefined) report("the GitHub sub condition uses StringLike; pin it with StringEquals");
            if (subs.length === 0) report("the GitHub trust does not pin sub (repository and branch) with StringEquals");
            for (const sub of subs) {
                if (typeof sub !== "string" || !SUB_RE.test(sub)) report(`sub "${String(sub)}" is not repo:<owner>/<repo>:ref:refs/heads/<branch> without wildcards`);
                else if (allowedRepositories.length > 0 && !allowedRepositories.includes(sub.split(":")[1])) report(`sub "${sub}" names a repository outside allowedRepositories`);
            }
            if (auds.length !== 1 || auds[0] !== "sts.amazonaws.com") report('the GitHub trust does not pin aud to "sts.amazonaws.com"');
        }
    },
};
