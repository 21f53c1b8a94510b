/**
 * Seed: "Demo always requires authentication - you don't want a stakeholder demo to accidentally show them an
 * unauthenticated view." Main may bypass login from office ranges; demo never. The environment comes from the
 * explicit aws provider's default tags (lib/environment), the one place the stack says which it is.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { stackEnvironments } from "../lib/environment";
import { arrayOf, objectOf } from "../lib/props";

const ACCESS_POLICY = "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy";
const ACCESS_APPLICATION = "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication";
const isBypass = (decision: unknown) => typeof decision === "string" && decision.toLowerCase() === "bypass";

export const demoAccessNoBypass: StackValidationPolicy = {
    name: "demo-access-no-bypass",
    description: "In the demo environment no Cloudflare Access policy, standalone or inline in an application, has decision bypass.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Remove the bypass policy from demo (office/VPN bypass is for main only); demo users authenticate via Google Workspace or one-time PIN.",
    configSchema: { properties: { noBypassEnvironments: { type: "array", items: { type: "string" }, default: ["demo"] } } },
    validateStack: (args, report) => {
        const { noBypassEnvironments } = args.getConfig<{ noBypassEnvironments: string[] }>();
        // Any provider naming a no-bypass environment puts the stack under the rule (fail safe if two disagree).
        const env = [...stackEnvironments(args.resources)].find((e) => noBypassEnvironments.includes(e));
        if (env === undefined) return;
        for (const r of args.resources) {
            if (r.type === ACCESS_POLICY && isBypass(r.props.decision)) {
                report(`Access policy ${r.name} has decision bypass in ${env}: visitors in its include rules skip login`, r.urn);
            }
            if (r.type === ACCESS_APPLICATION) {
                arrayOf(r.props.policies).forEach((inline, i) => {
                    if (isBypass(objectOf(inline)?.decision))
                        report(`Access application ${r.name} inline policy ${i + 1} has decision bypass in ${env}`, r.urn);
                });
            }
        }
    },
};
