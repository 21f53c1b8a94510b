/**
 * IAM-style policy documents (IAM trust and permission policies, S3 bucket policies, other resource policies) as the
 * rules read them: statements normalized to arrays, principals classified. Property shapes: IAM JSON policy
 * reference (Principal: "*" | { AWS | Service | Federated | CanonicalUser: string | string[] }).
 */
import { arrayOf, objectOf } from "./props";

export interface Statement {
    effect: string;
    actions: string[];
    notActions: boolean;
    resources: string[];
    principal: unknown;
    condition: Record<string, Record<string, unknown>>;
    sid: string;
}

const strings = (v: unknown): string[] =>
    typeof v === "string" ? [v] : arrayOf(v).filter((x): x is string => typeof x === "string");

/** The statements of a policy document given as JSON text or an object; [] when it is not one. */
export function statementsOf(doc: unknown): Statement[] {
    const d = objectOf(doc);
    if (!d) return [];
    const raw = Array.isArray(d.Statement) ? d.Statement : d.Statement !== undefined ? [d.Statement] : [];
    return raw.flatMap((s, i) => {
        const o = objectOf(s);
        if (!o) return [];
        const condition = (objectOf(o.Condition) ?? {}) as Record<string, Record<string, unknown>>;
        return [
            {
                effect: String(o.Effect ?? ""),
                actions: strings(o.Action ?? o.NotAction),
                notActions: o.NotAction !== undefined,
                resources: strings(o.Resource ?? o.NotResource),
                principal: o.Principal,
                condition,
                sid: typeof o.Sid === "string" ? o.Sid : `statement ${i + 1}`,
            },
        ];
    });
}

export interface Principals {
    /** "*" or { AWS: "*" }: anyone, any account. */
    everyone: boolean;
    /** Account ids of AWS principals (ARNs or bare ids). */
    accounts: string[];
    services: string[];
    federated: string[];
}

export function principalsOf(principal: unknown): Principals {
    if (principal === "*") return { everyone: true, accounts: [], services: [], federated: [] };
    const p = objectOf(principal) ?? {};
    const aws = strings(p.AWS);
    return {
        everyone: aws.includes("*"),
        accounts: aws
            .filter((a) => a !== "*")
            .map((a) => /^(\d{12})$/.exec(a)?.[1] ?? /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(a)?.[1] ?? a),
        services: strings(p.Service),
        federated: strings(p.Federated),
    };
}

/** Condition keys a statement constrains with an exact-match operator (StringEquals, ArnEquals, ... incl. ForAnyValue:). */
export function exactConditionKeys(s: Statement): string[] {
    return Object.entries(s.condition)
        .filter(([op]) => /^(ForAnyValue:|ForAllValues:)?(StringEquals|ArnEquals|StringEqualsIgnoreCase)$/.test(op))
        .flatMap(([, kv]) => Object.keys(kv ?? {}).map((k) => k.toLowerCase()));
}

/** Keys that confine a grant to an account, an organization, a source resource or a VPC endpoint. */
export const CONFINING_KEYS = [
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:sourcevpce",
    "aws:sourceorgid",
];

/** Whether an Allow statement to "*" is confined by an exact condition on account, org, source or endpoint. */
export const isConfined = (s: Statement): boolean =>
    exactConditionKeys(s).some((k) => CONFINING_KEYS.includes(k)) ||
    Object.entries(s.condition).some(
        ([op, kv]) => /^ArnLike$/.test(op) && Object.keys(kv ?? {}).some((k) => k.toLowerCase() === "aws:sourcearn"),
    );

/** Actions that amount to administrator access: every action, every IAM action (grant yourself anything), or NotAction. */
export function adminActions(s: Statement): string[] {
    if (s.effect !== "Allow") return [];
    if (s.notActions) return [`NotAction ${s.actions.join(", ")}`];
    return s.actions.filter((a) => a === "*" || a === "*:*" || /^iam:\*$/i.test(a));
}
