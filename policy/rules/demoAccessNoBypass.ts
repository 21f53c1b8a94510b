/**
 * Demo always requires authentication: a stakeholder demo must never show an unauthenticated view
 * (docs/requirements.md, Auth layers). Main may bypass login from office ranges; demo never. The environment comes from
 * the
 * explicit aws provider's default tags and the Environment components' `environment` fact (policy/lib/environment.ts).
 *
 * Fails closed: a stack with Access policies or applications whose environment cannot be determined (no aws
 * provider tag, no Environment fact) is reported, since "not demo" cannot be shown.
 * Unknown during preview: provider tags and `decision` are read through the engine's proxy, so an unknown one
 * raises the SDK's "can't run policy during preview" advisory.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { COMPONENT_TYPES, ENVIRONMENT_TAG, Env } from "../contract";
import { ENVIRONMENT_FACTS_FIX, environmentFactProblems, stackEnvironments } from "../lib/environment";
import { arrayOf, objectOf } from "../lib/props";

const ACCESS_POLICY = "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy";
const ACCESS_APPLICATION = "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication";
const isBypass = (decision: unknown) => typeof decision === "string" && decision.toLowerCase() === "bypass";

export const demoAccessNoBypass: StackValidationPolicy = {
    name: "demo-access-no-bypass",
    description:
        "In the demo environment no Cloudflare Access policy, standalone or inline in an application, has decision bypass.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Remove the bypass policy from demo (office/VPN bypass is for main only); demo users authenticate via Google Workspace or one-time PIN.",
    configSchema: {
        properties: {
            noBypassEnvironments: { type: "array", items: { type: "string" }, default: ["demo"] satisfies Env[] },
        },
    },
    validateStack: (args, report) => {
        const { noBypassEnvironments } = args.getConfig<{ noBypassEnvironments: string[] }>();
        // The Environment components' own environment fact is one of the sources: a missing or malformed one is reported.
        for (const e of args.resources.filter((r) => r.type === COMPONENT_TYPES.environment)) {
            for (const problem of environmentFactProblems(e, ["environment"]))
                report(`${problem}; ${ENVIRONMENT_FACTS_FIX}`, e.urn);
        }
        const named = stackEnvironments(args.resources);
        const access = args.resources.filter((r) => r.type === ACCESS_POLICY || r.type === ACCESS_APPLICATION);
        if (named.size === 0) {
            if (access.length > 0)
                report(
                    `the stack's environment cannot be determined (no aws provider defaultTags.tags.${ENVIRONMENT_TAG}, no ${COMPONENT_TYPES.environment} ` +
                        `with an environment fact), so its ${access.length} Access resource(s) cannot be shown to be outside ${noBypassEnvironments.join(", ")}; ` +
                        `create AWS resources with the program's explicit aws provider, whose default tags name the environment`,
                );
            return;
        }
        // Any source naming a no-bypass environment puts the stack under the rule (fail safe if two disagree).
        const env = [...named].find((e) => noBypassEnvironments.includes(e));
        if (env === undefined) return;
        for (const r of access) {
            if (r.type === ACCESS_POLICY && isBypass(r.props.decision)) {
                report(
                    `Access policy ${r.name} has decision bypass in ${env}: visitors in its include rules skip login`,
                    r.urn,
                );
            }
            if (r.type === ACCESS_APPLICATION) {
                arrayOf(r.props.policies).forEach((inline, i) => {
                    if (isBypass(objectOf(inline)?.decision))
                        report(
                            `Access application ${r.name} inline policy ${i + 1} has decision bypass in ${env}`,
                            r.urn,
                        );
                });
            }
        }
    },
};
