/**
 * The internet judged per security group, across every resource that opens it: a group's inline ingress plus each
 * SecurityGroupRule / SecurityGroupIngressRule attached to it (through `securityGroupId`'s dependency or an equal
 * known id). Rules aimed at a group outside the stack are grouped by the id they name and judged the same: a rule
 * that widens someone else's group is still a widening. Ranges are judged by coverage (policy/lib/cidrCoverage.ts): sixteen
 * /4 rules are the internet although none is a /0. A single resource that is the internet alone is already reported
 * by alb-ingress-cloudflare-only, so this reports only what takes more than one resource.
 *
 * Missing: a rule with no known target (securityGroupId unset or unknown) is grouped alone.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "../lib/graph";
import { peek, Props } from "../lib/props";
import {
    ALB_REMEDIATION,
    DEFAULT_SECURITY_GROUP,
    INGRESS_RULE,
    ingressOf,
    internetIngressProblem,
    MAX_SHARE_SCHEMA,
    SECURITY_GROUP,
    SECURITY_GROUP_RULE,
} from "../lib/securityGroups";

export const sgIngressNotInternet: StackValidationPolicy = {
    name: "sg-ingress-not-internet",
    description:
        "No security group, in the stack or named by id, is opened to ranges that together cover the internet by its inline ingress and its rule resources combined.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: ALB_REMEDIATION,
    configSchema: { properties: { ...MAX_SHARE_SCHEMA } },
    validateStack: (args, report) => {
        const { maxAddressShare } = args.getConfig<{ maxAddressShare: number }>();
        const groups = ofType(args.resources, SECURITY_GROUP, DEFAULT_SECURITY_GROUP);
        const members = new Map<string, { label: string; urn?: string; parts: PolicyResource[] }>();
        const add = (key: string, label: string, urn: string | undefined, r: PolicyResource) => {
            const m = members.get(key) ?? { label, urn, parts: [] };
            m.parts.push(r);
            members.set(key, m);
        };
        for (const g of groups) add(g.urn, `security group ${g.name}`, g.urn, g);
        for (const rule of ofType(args.resources, INGRESS_RULE, SECURITY_GROUP_RULE)) {
            if (ingressOf(rule.type, rule.props as Props).length === 0) continue; // egress
            const viaDep = (rule.propertyDependencies.securityGroupId ?? []).find((d) =>
                groups.some((g) => g.urn === d.urn),
            );
            const id = peek(rule.props, "securityGroupId");
            const byId = typeof id === "string" ? groups.find((g) => peek(g.props, "id") === id) : undefined;
            const target = viaDep ?? byId;
            if (target) add(target.urn, `security group ${target.name}`, target.urn, rule);
            else if (typeof id === "string" && id !== "")
                add(`id:${id}`, `security group ${id} (outside this stack)`, rule.urn, rule);
            else add(rule.urn, `the unknown target of ${rule.name}`, rule.urn, rule);
        }
        for (const m of members.values()) {
            if (m.parts.length < 2) continue;
            const single = m.parts.some(
                (p) => internetIngressProblem(ingressOf(p.type, p.props as Props), maxAddressShare) !== undefined,
            );
            if (single) continue;
            const all = m.parts.flatMap((p) => ingressOf(p.type, p.props as Props));
            const problem = internetIngressProblem(all, maxAddressShare);
            if (problem)
                report(
                    `${m.label}: its ingress (${m.parts.map((p) => p.name).join(", ")}) ${problem}. ${ALB_REMEDIATION}`,
                    m.urn,
                );
        }
    },
};
