/**
 * The other half of alb-ingress-cloudflare-only: ingress rules declared as their own resources
 * (SecurityGroupIngressRule, SecurityGroupRule) and attached to an ALB group by reference. The reference is
 * followed through `securityGroupId`'s property dependency (or an equal known group id). And every Environment
 * component (contract COMPONENT_TYPES.environment) has its ALB group: a security group beneath it tagged
 * ALB_ROLE_TAG, without which this rule and the cost estimate could not find the environment's ALB at all.
 *
 * Fails closed: an Environment without a tagged ALB group is reported, naming the tag to set.
 * Unknown during preview: a stack policy sees outputs, so `tagsAll` is often unknown while `tags` is known; a
 * group whose role cannot be known from either is read through the engine's proxy (the SDK's advisory) only where
 * it decides something: a rule with a problem attached to it, or an Environment with no known ALB group.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ALB_ROLE_TAG, COMPONENT_TYPES } from "../contract";
import { isDescendantOf, ofType, refersTo } from "../lib/graph";
import { peek, Props } from "../lib/props";
import {
    ALB_REMEDIATION,
    ALB_TAG_FIX,
    albRuleProblem,
    DEFAULT_SECURITY_GROUP,
    INGRESS_RULE,
    ingressOf,
    isAlbTagged,
    isUnderAlbComponent,
    roleTagOf,
    SECURITY_GROUP,
    SECURITY_GROUP_RULE,
    surfaceUnknownRole,
} from "../lib/securityGroups";

const isAlbGroup = (g: PolicyResource) => isAlbTagged(g.props as Props) || isUnderAlbComponent(g.urn);
const roleUnknown = (g: PolicyResource) => roleTagOf(g.props as Props).state === "unknown";

export const albRulesCloudflareOnly: StackValidationPolicy = {
    name: "alb-rules-cloudflare-only",
    description: `Ingress rule resources attached to an ALB security group (tag ${ALB_ROLE_TAG.key}=${ALB_ROLE_TAG.value}) admit only TCP 443 from prefix lists; every environment has its tagged ALB group.`,
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: ALB_REMEDIATION,
    validateStack: (args, report) => {
        const groups = ofType(args.resources, SECURITY_GROUP, DEFAULT_SECURITY_GROUP);
        const albGroups = groups.filter(isAlbGroup);
        const undecided = groups.filter((g) => !isAlbGroup(g) && roleUnknown(g));
        for (const rule of ofType(args.resources, INGRESS_RULE, SECURITY_GROUP_RULE)) {
            // A rule tagged as ALB itself, or under the ALB component, was already judged by alb-ingress-cloudflare-only.
            if ((rule.type === INGRESS_RULE && isAlbTagged(rule.props as Props)) || isUnderAlbComponent(rule.urn)) continue;
            const attachedTo = (g: PolicyResource) => refersTo(rule, "securityGroupId", g, [peek(g.props, "id")]);
            const problems = ingressOf(rule.type, rule.props as Props)
                .map(albRuleProblem)
                .filter((p): p is string => p !== undefined);
            if (problems.length === 0) continue;
            const group = albGroups.find(attachedTo);
            if (group) {
                for (const problem of problems) report(`rule ${rule.name} on ALB security group ${group.name} ${problem}. ${ALB_REMEDIATION}`, rule.urn);
                continue;
            }
            const maybe = undecided.find(attachedTo);
            if (maybe) surfaceUnknownRole(maybe.props as Props);
        }
        for (const env of ofType(args.resources, COMPONENT_TYPES.environment)) {
            const own = groups.filter((g) => isDescendantOf(g, env.urn));
            if (own.some(isAlbGroup)) continue;
            const maybe = own.find(roleUnknown);
            if (maybe) surfaceUnknownRole(maybe.props as Props);
            report(
                `${env.name} (${COMPONENT_TYPES.environment}) has no security group beneath it tagged ${ALB_ROLE_TAG.key}=${ALB_ROLE_TAG.value}: ` +
                    `its ALB cannot be checked or priced; create the environment's ALB security group and ${ALB_TAG_FIX}`,
                env.urn,
            );
        }
    },
};
