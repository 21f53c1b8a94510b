/**
 * Cloudflare Access is auth layer 1: no Access policy, in any environment and with any decision (allow, bypass,
 * non_identity), admits everyone. "Everyone" is the `everyone` rule, `anyValidServiceToken` (every token of the
 * account, not the Worker's), or `ip` rules that together cover the internet (policy/lib/cidrCoverage.ts, maxAddressShare).
 * Judged on the policy itself, so a policy attached to an application outside the stack is judged the same.
 * Inline policies of an application are judged too. Shapes: @pulumi/cloudflare 6 (includes[]: { everyone: {} },
 * { ip: { ip } }, { anyValidServiceToken: {} }, ...).
 *
 * Missing: a policy without `includes` admits nobody and passes.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { internetProblem } from "../lib/cidrCoverage";
import { arrayOf, objectOf } from "../lib/props";
import { MAX_SHARE_SCHEMA } from "../lib/securityGroups";

const ACCESS_POLICY = "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy";
const ACCESS_APPLICATION = "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication";

/** Why an includes list admits everyone, or undefined. */
export function everyoneProblem(includes: unknown, maxShare: number): string | undefined {
    const rules = arrayOf(includes).map((r) => objectOf(r) ?? {});
    if (rules.some((r) => r.everyone !== undefined && r.everyone !== null)) return "includes everyone";
    if (rules.some((r) => r.anyValidServiceToken !== undefined && r.anyValidServiceToken !== null))
        return "includes any valid service token of the account (not only the Worker's)";
    const ips = rules.map((r) => objectOf(r.ip)?.ip).filter((ip): ip is string => typeof ip === "string");
    const internet = internetProblem(ips, maxShare);
    return internet ? `includes ip ranges ${ips.join(", ")}, which ${internet}` : undefined;
}

export const accessNoEveryone: ResourceValidationPolicy = {
    name: "access-no-everyone",
    description:
        "No Cloudflare Access policy (standalone or inline), in any environment and decision, includes everyone, any valid service token, or IP ranges covering the internet.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Include only the workspace email domain, named emails, the Worker's own service token, or your office's own ranges (main only).",
    configSchema: { properties: { ...MAX_SHARE_SCHEMA } },
    validateResource: (args, report) => {
        const { maxAddressShare } = args.getConfig<{ maxAddressShare: number }>();
        if (args.type === ACCESS_POLICY) {
            const why = everyoneProblem(args.props.includes, maxAddressShare);
            if (why) report(`Access policy with decision ${String(args.props.decision)} ${why}`);
        }
        if (args.type === ACCESS_APPLICATION) {
            arrayOf(args.props.policies).forEach((inline, i) => {
                const o = objectOf(inline) ?? {};
                const why = everyoneProblem(o.includes ?? o.include, maxAddressShare);
                if (why) report(`inline policy ${i + 1} (decision ${String(o.decision)}) ${why}`);
            });
        }
    },
};
