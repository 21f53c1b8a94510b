/**
 * Seed: "Demo always requires authentication — you don't want a stakeholder demo to accidentally show them an
 * unauthenticated view." No bypass decision anywhere in the demo stack's Access configuration.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { arrayOf, environmentOf, objectOf } from "../lib/props";

export const demoAccessNoBypass: StackValidationPolicy = {
    name: "demo-access-no-bypass",
    description: "In the demo environment no Cloudflare Access policy (standalone or inline in an application) has decision bypass.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Remove the bypass policy from demo; office ranges may bypass login on main only.",
    validateStack: (args, report) => {
        if (environmentOf(args.resources) !== "demo") return;
        for (const r of args.resources) {
            if (r.type === "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy" && r.props.decision === "bypass") {
                report(`Access policy ${r.name} bypasses login in demo`, r.urn);
            }
            if (r.type === "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication") {
                for (const inline of arrayOf(r.props.policies)) {
                    if (objectOf(inline)?.decision === "bypass") report(`Access application ${r.name} has an inline bypass policy in demo`, r.urn);
                }
            }
        }
    },
};
