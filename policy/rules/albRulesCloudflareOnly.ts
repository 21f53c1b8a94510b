/**
 * The other half of alb-ingress-cloudflare-only: ingress rules declared as their own resources
 * (SecurityGroupIngressRule, SecurityGroupRule) and attached to an ALB group by reference. The reference is
 * followed through `securityGroupId`'s property dependency (or an equal known group id).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { ofType, refersTo } from "../lib/graph";
import { peek, Props } from "../lib/props";
import {
    ALB_REMEDIATION,
    albRuleProblem,
    DEFAULT_SECURITY_GROUP,
    INGRESS_RULE,
    ingressOf,
    isAlbTagged,
    SECURITY_GROUP,
    SECURITY_GROUP_RULE,
} from "../lib/securityGroups";

export const albRulesCloudflareOnly: StackValidationPolicy = {
    name: "alb-rules-cloudflare-only",
    description: "Ingress rule resources attached to an ALB security group (tag osprey:role=alb) admit only TCP 443 from prefix lists.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: ALB_REMEDIATION,
    validateStack: (args, report) => {
        const albGroups = ofType(args.resources, SECURITY_GROUP, DEFAULT_SECURITY_GROUP).filter((g) => isAlbTagged(g.props as Props));
        if (albGroups.length === 0) return;
        for (const rule of ofType(args.resources, INGRESS_RULE, SECURITY_GROUP_RULE)) {
            // A rule tagged as ALB itself was already judged by alb-ingress-cloudflare-only.
            if (rule.type === INGRESS_RULE && isAlbTagged(rule.props as Props)) continue;
            const group = albGroups.find((g) => refersTo(rule, "securityGroupId", g, [peek(g.props, "id")]));
            if (!group) continue;
            for (const ingress of ingressOf(rule.type, rule.props as Props)) {
                const problem = albRuleProblem(ingress);
                if (problem) report(`rule ${rule.name} on ALB security group ${group.name} ${problem}. ${ALB_REMEDIATION}`, rule.urn);
            }
        }
    },
};
