/**
 * Security group ingress in its three spellings (inline `ingress[]`, SecurityGroupRule, the newer
 * vpc SecurityGroupIngressRule), normalized so the ingress policies judge one shape. Property names are the
 * @pulumi/aws 7 input names.
 */
import { ALB_ROLE_TAG, COMPONENT_TYPES } from "../contract";
import { DEFAULT_MAX_ADDRESS_SHARE, internetProblem } from "./cidrCoverage";
import { arrayOf, has, objectOf, peek, Props, UNKNOWN } from "./props";

export { ALB_ROLE_TAG };

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

export interface Ingress {
    protocol: unknown;
    fromPort: unknown;
    toPort: unknown;
    /** Sources, as known values where readable (UNKNOWN when not known during preview). */
    cidrs: unknown[];
    /** Whether a prefix list is set (read by presence: its id is often unknown until the list exists). */
    hasPrefixList: boolean;
    /** Sources other than CIDRs and prefix lists that are set: security groups, `self`. */
    otherSources: string[];
}

/**
 * The role tag (contract ROLE_TAG_KEY) of a group or rule: from its own `tags` (an input, known during preview
 * unless computed from an output), else `tagsAll` (an output a stack policy sees; computed, so often unknown
 * during preview). "missing": every readable source is known and names no role (or a non-string one);
 * "unknown": no known source names one and at least one source is unknown during preview.
 */
export type RoleTag = { state: "set"; value: string } | { state: "missing" } | { state: "unknown" };
export function roleTagOf(props: Props): RoleTag {
    let unknown = false;
    for (const key of ["tags", "tagsAll"]) {
        const tags = peek(props, key);
        if (tags === UNKNOWN) {
            unknown = true;
            continue;
        }
        const value = peek(objectOf(tags), ALB_ROLE_TAG.key);
        if (value === UNKNOWN) unknown = true;
        else if (typeof value === "string") return { state: "set", value };
    }
    return unknown ? { state: "unknown" } : { state: "missing" };
}

export const isAlbTagged = (props: Props): boolean => {
    const role = roleTagOf(props);
    return role.state === "set" && role.value === ALB_ROLE_TAG.value;
};

/** Whether a URN's type chain (`...::<Parent>$<Child>$<type>::name`) has the program's ALB security group component in it. */
export const isUnderAlbComponent = (urn: string): boolean =>
    (urn.split("::")[2] ?? "").split("$").slice(0, -1).includes(COMPONENT_TYPES.albSecurityGroup);

/**
 * Reads the role tag's sources straight through the engine's proxy, so one that is unknown during preview raises
 * the SDK's own "can't run policy during preview" advisory instead of the rule guessing either way.
 */
export function surfaceUnknownRole(props: Props): void {
    for (const key of ["tags", "tagsAll"]) {
        const tags = props[key];
        if (typeof tags === "object" && tags !== null) void (tags as Props)[ALB_ROLE_TAG.key];
    }
}

export const ALB_TAG_FIX = `tag it ${ALB_ROLE_TAG.key}=${ALB_ROLE_TAG.value} (tags: { "${ALB_ROLE_TAG.key}": "${ALB_ROLE_TAG.value}" }) so the ALB rules and the cost estimate find it`;

const cidrList = (props: Props, key: string): unknown[] => {
    const v = peek(props, key);
    return v === UNKNOWN ? [UNKNOWN] : arrayOf(v);
};
const single = (props: Props, key: string): unknown[] => (has(props, key) ? [peek(props, key)] : []);
/** A list input is set: non-empty, or not known yet (an unknown list is still a list someone set). */
const listSet = (props: Props, key: string): boolean => {
    const v = peek(props, key);
    return v === UNKNOWN || arrayOf(v).length > 0;
};

/** The ingress rules a resource declares, or [] for a resource that declares none. */
export function ingressOf(type: string, props: Props): Ingress[] {
    if (type === SECURITY_GROUP || type === DEFAULT_SECURITY_GROUP) {
        return arrayOf<Props>(peek(props, "ingress")).map((rule) => ({
            protocol: peek(rule, "protocol"),
            fromPort: peek(rule, "fromPort"),
            toPort: peek(rule, "toPort"),
            cidrs: [...cidrList(rule, "cidrBlocks"), ...cidrList(rule, "ipv6CidrBlocks")],
            hasPrefixList: listSet(rule, "prefixListIds"),
            otherSources: [
                ...(listSet(rule, "securityGroups") ? ["securityGroups"] : []),
                ...(peek(rule, "self") === true ? ["self"] : []),
            ],
        }));
    }
    if (type === SECURITY_GROUP_RULE && peek(props, "type") === "ingress") {
        return [
            {
                protocol: peek(props, "protocol"),
                fromPort: peek(props, "fromPort"),
                toPort: peek(props, "toPort"),
                cidrs: [...cidrList(props, "cidrBlocks"), ...cidrList(props, "ipv6CidrBlocks")],
                hasPrefixList: listSet(props, "prefixListIds"),
                otherSources: [
                    ...(has(props, "sourceSecurityGroupId") ? ["sourceSecurityGroupId"] : []),
                    ...(peek(props, "self") === true ? ["self"] : []),
                ],
            },
        ];
    }
    if (type === INGRESS_RULE) {
        return [
            {
                protocol: peek(props, "ipProtocol"),
                fromPort: peek(props, "fromPort"),
                toPort: peek(props, "toPort"),
                cidrs: [...single(props, "cidrIpv4"), ...single(props, "cidrIpv6")],
                hasPrefixList: has(props, "prefixListId"),
                otherSources: has(props, "referencedSecurityGroupId") ? ["referencedSecurityGroupId"] : [],
            },
        ];
    }
    return [];
}

/** The known CIDR strings of a set of ingress rules. */
export const cidrsOf = (rules: readonly Ingress[]): string[] =>
    rules.flatMap((r) => r.cidrs.filter((c): c is string => typeof c === "string"));

/** Why a set of ingress rules admits the internet, judged by coverage (policy/lib/cidrCoverage.ts), or undefined. */
export const internetIngressProblem = (
    rules: readonly Ingress[],
    maxShare: number = DEFAULT_MAX_ADDRESS_SHARE,
): string | undefined => {
    const cidrs = cidrsOf(rules);
    const why = internetProblem(cidrs, maxShare);
    return why === undefined ? undefined : `admits ${cidrs.join(", ")}, which ${why}`;
};

/** The pack-wide setting of what share of a family is "the internet" (configSchema of every rule that judges CIDRs). */
export const MAX_SHARE_SCHEMA = {
    maxAddressShare: {
        type: "number",
        default: DEFAULT_MAX_ADDRESS_SHARE,
        description: "A set of CIDRs covering more than this share of IPv4 or IPv6 counts as the whole internet.",
    },
} as const;

const isTcp = (p: unknown) => typeof p === "string" && (p.toLowerCase() === "tcp" || p === "6");

/** Why an ingress rule breaks the ALB contract (only TCP 443, only from prefix lists), or undefined. */
export function albRuleProblem(rule: Ingress): string | undefined {
    const sources = [...(rule.cidrs.length > 0 ? ["CIDR blocks"] : []), ...rule.otherSources];
    if (sources.length > 0) return `admits ${sources.join(", ")} besides prefix lists`;
    if (!rule.hasPrefixList) return "admits no prefix list";
    if (!isTcp(rule.protocol) || rule.fromPort !== 443 || rule.toPort !== 443) {
        const show = (v: unknown) => (v === UNKNOWN ? "(unknown)" : String(v));
        return `admits ${show(rule.protocol)} ${show(rule.fromPort)}-${show(rule.toPort)}, not TCP 443`;
    }
    return undefined;
}

export const ALB_REMEDIATION =
    "The ALB admits only HTTPS (TCP 443) from the Cloudflare IPv4 and IPv6 managed prefix lists (the perimeter's linchpin); " +
    "remove any CIDR, security-group or self source and any other port, and reach the app through Cloudflare.";
