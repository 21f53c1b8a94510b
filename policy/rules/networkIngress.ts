/**
 * The seed's linchpin: "The ALB only accepts traffic from Cloudflare's published IP ranges." No security
 * group anywhere admits the whole internet, and an ALB group (tag osprey:role=alb) admits only TCP 443 from
 * prefix lists, whether its rules are inline or separate rule resources.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { arrayOf, isOpenIpv4, isOpenIpv6, objectOf, Props } from "../lib/props";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

export const noOpenIngress: ResourceValidationPolicy = {
    name: "no-open-ingress",
    description: "No security group admits 0.0.0.0/0 or ::/0 (inline ingress, SecurityGroupRule or SecurityGroupIngressRule).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Admit a prefix list (Cloudflare's, for an ALB) or a referenced security group instead of the whole internet.",
    validateResource: (args, report) => {
        const p = args.props as Props;
        if (args.type === SG) {
            for (const rule of arrayOf<Props>(p.ingress)) {
                if (arrayOf(rule.cidrBlocks).some(isOpenIpv4) || arrayOf(rule.ipv6CidrBlocks).some(isOpenIpv6)) {
                    report(`inline ingress from the whole internet (port ${rule.fromPort}-${rule.toPort}); admit a prefix list or a security group instead`);
                }
            }
        } else if (args.type === SG_RULE && p.type === "ingress") {
            if (arrayOf(p.cidrBlocks).some(isOpenIpv4) || arrayOf(p.ipv6CidrBlocks).some(isOpenIpv6)) {
                report("ingress rule from the whole internet; admit a prefix list or a security group instead");
            }
        } else if (args.type === INGRESS_RULE && (isOpenIpv4(p.cidrIpv4) || isOpenIpv6(p.cidrIpv6))) {
            report("ingress rule from the whole internet; admit a prefix list or a security group instead");
        }
    },
};

const isAlbGroup = (props: Props) => objectOf(props.tags)?.["osprey:role"] === "alb";

function onlyHttpsFromPrefixLists(rule: { protocol?: unknown; fromPort?: unknown; toPort?: unknown; prefixLists: unknown[]; other: unknown[] }): string | undefined {
    if (rule.other.length > 0) return "admits a source other than a prefix list";
    if (rule.prefixLists.length === 0) return "admits no prefix list";
    if (String(rule.protocol).toLowerCase() !== "tcp" || rule.fromPort !== 443 || rule.toPort !== 443) return `admits ${rule.protocol} ${rule.fromPort}-${rule.toPort}, not TCP 443`;
    return undefined;
}

export const albIngressCloudflareOnly: StackValidationPolicy = {
    name: "alb-ingress-cloudflare-only",
    description: "ALB security groups (tag osprey:role=alb) admit only TCP 443 from prefix lists (Cloudflare's ranges), nothing else.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Remove the extra rule; the ALB's only ingress is HTTPS from the Cloudflare IPv4 and IPv6 prefix lists.",
    validateStack: (args, report) => {
        const albGroups = new Set(args.resources.filter((r) => r.type === SG && isAlbGroup(r.props)).map((r) => r.urn));
        for (const r of args.resources) {
            const p = r.props as Props;
            if (albGroups.has(r.urn)) {
                for (const rule of arrayOf<Props>(p.ingress)) {
                    const problem = onlyHttpsFromPrefixLists({
                        protocol: rule.protocol,
                        fromPort: rule.fromPort,
                        toPort: rule.toPort,
                        prefixLists: arrayOf(rule.prefixListIds),
                        other: [...arrayOf(rule.cidrBlocks), ...arrayOf(rule.ipv6CidrBlocks), ...arrayOf(rule.securityGroups), ...(rule.self ? ["self"] : [])],
                    });
                    if (problem) report(`ALB security group inline rule ${problem}; only HTTPS from the Cloudflare prefix lists`, r.urn);
                }
            }
            // Separate rule resources are tied to their group through the dependency on `securityGroupId`.
            const target = (r.propertyDependencies.securityGroupId ?? []).find((d) => albGroups.has(d.urn));
            if (!target) continue;
            const problem =
                r.type === INGRESS_RULE
                    ? onlyHttpsFromPrefixLists({
                          protocol: p.ipProtocol,
                          fromPort: p.fromPort,
                          toPort: p.toPort,
                          prefixLists: p.prefixListId ? [p.prefixListId] : [],
                          other: [p.cidrIpv4, p.cidrIpv6, p.referencedSecurityGroupId].filter((x) => x !== undefined && x !== null && x !== ""),
                      })
                    : r.type === SG_RULE && p.type === "ingress"
                      ? onlyHttpsFromPrefixLists({
                            protocol: p.protocol,
                            fromPort: p.fromPort,
                            toPort: p.toPort,
                            prefixLists: arrayOf(p.prefixListIds),
                            other: [...arrayOf(p.cidrBlocks), ...arrayOf(p.ipv6CidrBlocks), ...(p.sourceSecurityGroupId ? [p.sourceSecurityGroupId] : []), ...(p.self ? ["self"] : [])],
                        })
                      : undefined;
            if (problem) report(`ingress rule on ALB security group ${target.name} ${problem}; only HTTPS from the Cloudflare prefix lists`, r.urn);
        }
    },
};
