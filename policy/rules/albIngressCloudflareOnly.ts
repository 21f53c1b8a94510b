/**
 * The ALB admits only Cloudflare's published IP ranges; without that every other layer is advisory
 * (docs/requirements.md, The perimeter). So no security group anywhere admits the whole internet, and an ALB group
 * admits only TCP 443 from
 * prefix lists. A group is an ALB group by its role tag (contract ALB_ROLE_TAG) or by sitting under the program's
 * ALB security group component (contract COMPONENT_TYPES.albSecurityGroup, read from the URN); rule resources
 * under that component are judged here too. Other rule resources aimed at an ALB group by reference are
 * correlated by the stack policy alb-rules-cloudflare-only (a resource policy cannot see the group's tags).
 *
 * Fails closed: a security group under the ALB component without the role tag (or with another role) is
 * reported, since the cost estimate and alb-rules-cloudflare-only find ALB groups by that tag alone.
 * Unknown during preview: a role tag that is unknown, on a resource outside the ALB component that declares
 * ingress, is read through the engine's proxy (the SDK's "can't run policy during preview" advisory), neither
 * passed as "not an ALB group" nor reported.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ALB_ROLE_TAG, COMPONENT_TYPES } from "../contract";
import { Props } from "../lib/props";
import {
    ALB_REMEDIATION,
    ALB_TAG_FIX,
    albRuleProblem,
    DEFAULT_SECURITY_GROUP,
    INGRESS_RULE,
    ingressOf,
    internetIngressProblem,
    MAX_SHARE_SCHEMA,
    isUnderAlbComponent,
    roleTagOf,
    SECURITY_GROUP,
    SECURITY_GROUP_RULE,
    surfaceUnknownRole,
} from "../lib/securityGroups";

const GROUPS: string[] = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP];

export const albIngressCloudflareOnly: ResourceValidationPolicy = {
    name: "alb-ingress-cloudflare-only",
    description: `No security group or rule admits CIDRs that together cover the internet (any /0, or more than maxAddressShare of a family); an ALB security group (tag ${ALB_ROLE_TAG.key}=${ALB_ROLE_TAG.value}) admits only TCP 443 from prefix lists.`,
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: ALB_REMEDIATION,
    configSchema: { properties: { ...MAX_SHARE_SCHEMA } },
    validateResource: (args, report) => {
        const { maxAddressShare } = args.getConfig<{ maxAddressShare: number }>();
        const props = args.props as Props;
        const rules = ingressOf(args.type, props);
        // Judged on the resource's whole ingress, by coverage: two halves of the internet are the internet.
        const internet = internetIngressProblem(rules, maxAddressShare);
        if (internet) report(`ingress ${internet}. ${ALB_REMEDIATION}`);
        const underAlb = isUnderAlbComponent(args.urn);
        const tagged = GROUPS.includes(args.type) || args.type === INGRESS_RULE;
        const role = tagged ? roleTagOf(props) : ({ state: "missing" } as const);
        if (
            underAlb &&
            GROUPS.includes(args.type) &&
            role.state !== "unknown" &&
            !(role.state === "set" && role.value === ALB_ROLE_TAG.value)
        ) {
            const found = role.state === "set" ? `${ALB_ROLE_TAG.key}=${role.value}` : `no ${ALB_ROLE_TAG.key} tag`;
            report(`security group under ${COMPONENT_TYPES.albSecurityGroup} has ${found}; ${ALB_TAG_FIX}`);
        }
        const albScoped = underAlb
            ? [...GROUPS, INGRESS_RULE, SECURITY_GROUP_RULE].includes(args.type)
            : role.state === "set" && role.value === ALB_ROLE_TAG.value;
        if (!albScoped) {
            if (role.state === "unknown" && rules.length > 0) surfaceUnknownRole(props);
            return;
        }
        rules.forEach((rule, i) => {
            const problem = albRuleProblem(rule);
            if (problem) report(`ALB ingress rule ${i + 1} ${problem}. ${ALB_REMEDIATION}`);
        });
    },
};
