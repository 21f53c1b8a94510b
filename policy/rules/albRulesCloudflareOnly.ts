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
import { ALB_ROLE_TAG, CLOUDFLARE_RANGES_ROLE, COMPONENT_TYPES, ROLE_TAG_KEY } from "../contract";
import { isDescendantOf, ofType, refersTo } from "../lib/graph";
import { arrayOf, has, objectOf, peek, Props, UNKNOWN } from "../lib/props";
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

const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const isCloudflareList = (r: PolicyResource) =>
    r.type === PREFIX_LIST && peek(objectOf(peek(r.props, "tags")), ROLE_TAG_KEY) === CLOUDFLARE_RANGES_ROLE;

/** The prefix-list references of one ingress resource: each id (or UNKNOWN) with the resources its input came from. */
function prefixListRefs(r: PolicyResource): { id: unknown; from: PolicyResource[] }[] {
    if (r.type === INGRESS_RULE)
        return has(r.props, "prefixListId")
            ? [{ id: peek(r.props, "prefixListId"), from: r.propertyDependencies.prefixListId ?? [] }]
            : [];
    if (r.type === SECURITY_GROUP_RULE)
        return arrayOf(peek(r.props, "prefixListIds")).map((id) => ({
            id,
            from: r.propertyDependencies.prefixListIds ?? [],
        }));
    return arrayOf<Props>(peek(r.props, "ingress")).flatMap((rule) =>
        arrayOf(peek(rule, "prefixListIds")).map((id) => ({ id, from: r.propertyDependencies.ingress ?? [] })),
    );
}

/** The AlbSecurityGroup component a group sits under (nearest ancestor), if any. */
function albComponentOf(g: PolicyResource): PolicyResource | undefined {
    let p = g.parent;
    for (let depth = 0; p && depth < 1000; depth++, p = p.parent)
        if (p.type === COMPONENT_TYPES.albSecurityGroup) return p;
    return undefined;
}

const isAlbGroup = (g: PolicyResource) => isAlbTagged(g.props as Props) || isUnderAlbComponent(g.urn);
const roleUnknown = (g: PolicyResource) => roleTagOf(g.props as Props).state === "unknown";

export const albRulesCloudflareOnly: StackValidationPolicy = {
    name: "alb-rules-cloudflare-only",
    description: `Ingress rule resources attached to an ALB security group (tag ${ALB_ROLE_TAG.key}=${ALB_ROLE_TAG.value}) admit only TCP 443 from exactly the stack's two Cloudflare prefix lists (by identity); every environment has its tagged ALB group.`,
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: ALB_REMEDIATION,
    validateStack: (args, report) => {
        const groups = ofType(args.resources, SECURITY_GROUP, DEFAULT_SECURITY_GROUP);
        const albGroups = groups.filter(isAlbGroup);
        const undecided = groups.filter((g) => !isAlbGroup(g) && roleUnknown(g));
        for (const rule of ofType(args.resources, INGRESS_RULE, SECURITY_GROUP_RULE)) {
            // A rule tagged as ALB itself, or under the ALB component, was already judged by alb-ingress-cloudflare-only.
            if ((rule.type === INGRESS_RULE && isAlbTagged(rule.props as Props)) || isUnderAlbComponent(rule.urn))
                continue;
            const attachedTo = (g: PolicyResource) => refersTo(rule, "securityGroupId", g, [peek(g.props, "id")]);
            const problems = ingressOf(rule.type, rule.props as Props)
                .map(albRuleProblem)
                .filter((p): p is string => p !== undefined);
            if (problems.length === 0) continue;
            const group = albGroups.find(attachedTo);
            if (group) {
                for (const problem of problems)
                    report(
                        `rule ${rule.name} on ALB security group ${group.name} ${problem}. ${ALB_REMEDIATION}`,
                        rule.urn,
                    );
                continue;
            }
            const maybe = undecided.find(attachedTo);
            if (maybe) surfaceUnknownRole(maybe.props as Props);
        }
        // Identity: an ALB group's prefix lists are exactly our two Cloudflare lists - the stack's own (tag
        // osprey:role=cloudflare-ranges, followed through the input's dependency) or the ids its AlbSecurityGroup
        // component registers as AlbFacts (in a stack that reads them through the StackReference). Any other list fails.
        const ownLists = args.resources.filter(isCloudflareList);
        for (const group of albGroups) {
            const component = albComponentOf(group);
            const fact = component ? peek(component.props, "cloudflarePrefixListIds") : undefined;
            const factIds = arrayOf(fact).filter((x): x is string => typeof x === "string");
            const parts = [
                group,
                ...ofType(args.resources, INGRESS_RULE, SECURITY_GROUP_RULE).filter((r) =>
                    refersTo(r, "securityGroupId", group, [peek(group.props, "id")]),
                ),
            ];
            const refs = parts.flatMap((part) => prefixListRefs(part).map((ref) => ({ part, ...ref })));
            if (refs.length === 0) continue; // admits no prefix list: nothing to identify (the rules above say what it admits)
            const seen = new Set<string>();
            for (const ref of refs) {
                const own = ref.from.find(isCloudflareList);
                if (own) seen.add(own.urn);
                else if (typeof ref.id === "string" && factIds.includes(ref.id)) seen.add(ref.id);
                else if (!(ref.id === UNKNOWN && ref.from.length === 0)) {
                    report(
                        `${ref.part.name} on ALB security group ${group.name} admits prefix list ${ref.id === UNKNOWN ? "(unknown)" : String(ref.id)}, which is neither ` +
                            `a list of this stack tagged ${ROLE_TAG_KEY}=${CLOUDFLARE_RANGES_ROLE} nor one of the cloudflarePrefixListIds its ${COMPONENT_TYPES.albSecurityGroup} ` +
                            "registers (contract AlbFacts); reference only the Cloudflare IPv4 and IPv6 lists",
                        ref.part.urn,
                    );
                }
            }
            const expected = ownLists.length > 0 ? ownLists.length : factIds.length;
            if (seen.size > 0 && seen.size < expected) {
                report(
                    `ALB security group ${group.name} references ${seen.size} of the ${expected} Cloudflare prefix lists; admit both families (IPv4 and IPv6)`,
                    group.urn,
                );
            }
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
