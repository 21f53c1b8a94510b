/**
 * CI's role trusts GitHub's OIDC provider, scoped by repository and branch
 * (docs/requirements.md, Access to the cluster and CI). A trust
 * whose subject has a wildcard (or is not pinned at all) lets any repository, fork or branch assume the role.
 * Condition keys are case-insensitive in IAM; operators and values are not.
 *
 * Fails closed: a role whose assumeRolePolicy is absent or cannot be read as a JSON policy document is reported,
 * since whether it trusts GitHub cannot be told. Unknown during preview: the document is read through the
 * engine's proxy (the SDK's "can't run policy during preview" advisory).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectOf, Props } from "../lib/props";

const ISSUER = "token.actions.githubusercontent.com";
const SUB_KEY = `${ISSUER}:sub`;
const AUD_KEY = `${ISSUER}:aud`;
/** GitHub's subject for a branch: repo:<owner>/<repo>:ref:refs/heads/<branch> (docs.github.com, OIDC "Example subject claims"). */
const PINNED_SUB = /^repo:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+):ref:refs\/heads\/[A-Za-z0-9_./-]+$/;
const EXACT_OPERATORS = ["StringEquals", "ForAnyValue:StringEquals"];
const LIKE_OPERATORS = ["StringLike", "ForAnyValue:StringLike"];

/** Values of condition key `key` (case-insensitive) under the given operators. */
function conditionValues(condition: Props, operators: string[], key: string): unknown[] {
    return operators.flatMap((op) =>
        Object.entries(objectOf(condition[op]) ?? {})
            .filter(([k]) => k.toLowerCase() === key)
            .flatMap(([, v]) => [v].flat()),
    );
}

const federatesGitHub = (statement: Props) =>
    [objectOf(statement.Principal)?.Federated]
        .flat()
        .some((f) => typeof f === "string" && f.toLowerCase().includes(ISSUER));

/** Everything wrong with one statement that federates GitHub. */
export function trustProblems(statement: Props, allowedRepositories: string[]): string[] {
    const condition = objectOf(statement.Condition) ?? {};
    const problems: string[] = [];
    const exactSubs = conditionValues(condition, EXACT_OPERATORS, SUB_KEY);
    const likeSubs = conditionValues(condition, LIKE_OPERATORS, SUB_KEY);
    const subs = [...exactSubs, ...likeSubs];
    if (subs.length === 0) problems.push(`${SUB_KEY} is not pinned: any repository on GitHub could assume the role`);
    for (const sub of subs) {
        const text = String(sub);
        if (/[*?]/.test(text))
            problems.push(`${SUB_KEY} "${text}" has a wildcard; pin one repository and branch with StringEquals`);
        else if (!PINNED_SUB.test(text))
            problems.push(`${SUB_KEY} "${text}" is not repo:<owner>/<repo>:ref:refs/heads/<branch>`);
        else {
            const repo = PINNED_SUB.exec(text)![1];
            if (allowedRepositories.length > 0 && !allowedRepositories.includes(repo)) {
                problems.push(
                    `${SUB_KEY} names ${repo}, which is not in allowedRepositories (${allowedRepositories.join(", ")})`,
                );
            }
        }
    }
    const auds = [
        ...conditionValues(condition, EXACT_OPERATORS, AUD_KEY),
        ...conditionValues(condition, LIKE_OPERATORS, AUD_KEY),
    ];
    if (auds.length === 0 || auds.some((a) => a !== "sts.amazonaws.com")) {
        problems.push(
            `${AUD_KEY} is not pinned to "sts.amazonaws.com" (found ${auds.length ? auds.map(String).join(", ") : "none"})`,
        );
    }
    return problems;
}

export const githubOidcTrustPinned: ResourceValidationPolicy = {
    name: "github-oidc-trust-pinned",
    description:
        "IAM roles that trust GitHub's OIDC provider pin aud to sts.amazonaws.com and sub to one repository and branch, without wildcards.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: `Use a StringEquals condition: "${SUB_KEY}": "repo:<owner>/<repo>:ref:refs/heads/<branch>" and "${AUD_KEY}": "sts.amazonaws.com".`,
    configSchema: {
        properties: {
            allowedRepositories: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "owner/repo values allowed in sub; empty allows any single pinned repository.",
            },
        },
    },
    validateResource: (args, report) => {
        if (args.type !== "aws:iam/role:Role") return;
        const { allowedRepositories } = args.getConfig<{ allowedRepositories: string[] }>();
        const raw = args.props.assumeRolePolicy;
        const doc = objectOf(raw);
        if (!doc) {
            report(
                `assumeRolePolicy ${raw === undefined || raw === null ? "is not set" : "is not a JSON policy document"}, so whether the role trusts GitHub cannot be told; ` +
                    "set it to a policy document (JSON string or object)",
            );
            return;
        }
        // Statement may be one object or a list (IAM grammar).
        const statements = [doc.Statement]
            .flat()
            .map(objectOf)
            .filter((s): s is Props => s !== undefined);
        statements.forEach((statement, i) => {
            if (statement.Effect !== "Allow" || !federatesGitHub(statement)) return;
            for (const problem of trustProblems(statement, allowedRepositories))
                report(`trust statement ${i + 1}: ${problem}`);
        });
    },
};
