/**
 * Seed: "The ALB only accepts traffic from Cloudflare's published IP ranges ... Without it, every other layer is
 * advisory." So no security group anywhere admits the whole internet, and a group tagged as an ALB group
 * admits only TCP 443 from prefix lists. Separate rule resources aimed at an ALB group by reference are
 * correlated by the stack policy alb-rules-cloudflare-only (a resource policy cannot see the group's tags).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Props } from "../lib/props";
import {
    ALB_REMEDIATION,
    albRuleProblem,
    INGRESS_RULE,
    ingressOf,
    isAlbTagged,
    isOpenToWorld,
    SECURITY_GROUP,
    DEFAULT_SECURITY_GROUP,
} from "../lib/securityGroups";

export const albIngressCloudflareOnly: ResourceValidationPolicy = {
    name: "alb-ingress-cloudflare-only",
    description: "No security group admits 0.0.0.0/0 or ::/0; an ALB security group (tag osprey:role=alb) admits only TCP 443 from prefix lists.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: ALB_REMEDIATION,
    validateResource: (args, report) => {
        const props = args.props as Props;
        const rules = ingressOf(args.type, props);
        rules.forEach((rule, i) => {
            if (isOpenToWorld(rule)) {
                report(`ingress rule ${i + 1} admits the whole internet (0.0.0.0/0 or ::/0). ${ALB_REMEDIATION}`);
            }
        });
        // The group's own tags (inline rules) or a rule resource's own tags mark it as part of an ALB group.
        const albScoped = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, INGRESS_RULE].includes(args.type) && isAlbTagged(props);
        if (!albScoped) return;
        rules.forEach((rule, i) => {
            const problem = albRuleProblem(rule);
            if (problem) report(`ALB ingress rule ${i + 1} ${problem}. ${ALB_REMEDIATION}`);
        });
    },
};
