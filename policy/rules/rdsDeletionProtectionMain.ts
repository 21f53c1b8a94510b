/**
 * main is the environment that auto-deploys on merge (seed); its database must survive a stray
 * `pulumi destroy` or a replacement. Demo may be torn down freely.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentOfResource } from "../lib/environment";
import { RDS_INSTANCE } from "../lib/rds";

export const rdsDeletionProtectionMain: ResourceValidationPolicy = {
    name: "rds-deletion-protection-main",
    description: "RDS instances of the environments listed in protectedEnvironments (default main) have deletionProtection: true.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set deletionProtection: true; to retire the database on purpose, first turn it off in a reviewed change.",
    configSchema: { properties: { protectedEnvironments: { type: "array", items: { type: "string" }, default: ["main"] } } },
    validateResource: (args, report) => {
        if (args.type !== RDS_INSTANCE) return;
        const { protectedEnvironments } = args.getConfig<{ protectedEnvironments: string[] }>();
        const env = environmentOfResource(args.provider, args.props.tags);
        if (env === undefined || !protectedEnvironments.includes(env)) return;
        if (args.props.deletionProtection !== true) {
            report(`deletionProtection is ${String(args.props.deletionProtection)} in environment ${env}; set deletionProtection: true`);
        }
    },
};
