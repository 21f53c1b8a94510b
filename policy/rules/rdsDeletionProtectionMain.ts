/**
 * main is the environment that auto-deploys on merge and holds real data (docs/requirements.md, Backups); its database
 * must survive a stray
 * `pulumi destroy` or a replacement. Demo may be torn down freely.
 *
 * Fails closed: an instance whose environment cannot be determined (no aws provider default tag, no own
 * `environment` tag) is reported, since "not main" cannot be shown.
 * Unknown during preview: the provider's tags, then (only when the provider does not say) the own tags, and
 * deletionProtection are read through the engine's proxy: an unknown one is the SDK's advisory, not a violation.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Env } from "../contract";
import { ENVIRONMENT_FIX, environmentOfResource } from "../lib/environment";
import { RDS_STORAGE_TYPES } from "../lib/rds";

export const rdsDeletionProtectionMain: ResourceValidationPolicy = {
    name: "rds-deletion-protection-main",
    description:
        "RDS instances and Aurora clusters of the environments listed in protectedEnvironments (default main) have deletionProtection: true.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set deletionProtection: true; to retire the database on purpose, first turn it off in a reviewed change.",
    configSchema: {
        properties: {
            protectedEnvironments: { type: "array", items: { type: "string" }, default: ["main"] satisfies Env[] },
        },
    },
    validateResource: (args, report) => {
        if (!RDS_STORAGE_TYPES.includes(args.type)) return;
        const { protectedEnvironments } = args.getConfig<{ protectedEnvironments: string[] }>();
        const env = environmentOfResource(args.provider, () => args.props.tags);
        if (env === undefined) {
            report(
                `the instance's environment cannot be determined, so it may be one of ${protectedEnvironments.join(", ")}: ${ENVIRONMENT_FIX}`,
            );
            return;
        }
        if (!protectedEnvironments.includes(env)) return;
        if (args.props.deletionProtection !== true) {
            report(
                `deletionProtection is ${String(args.props.deletionProtection)} in environment ${env}; set deletionProtection: true`,
            );
        }
    },
};
