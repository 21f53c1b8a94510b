/** Point-in-time recovery needs automated backups; 0 days turns them off. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { RDS_STORAGE_TYPES } from "../lib/rds";

export const rdsBackupRetention: ResourceValidationPolicy = {
    name: "rds-backup-retention",
    description:
        "RDS instances and Aurora clusters keep automated backups for at least minBackupRetentionDays days (default 1).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set backupRetentionPeriod explicitly to at least the configured minimum (RDS allows up to 35 days).",
    configSchema: { properties: { minBackupRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: 1 } } },
    validateResource: (args, report) => {
        if (!RDS_STORAGE_TYPES.includes(args.type)) return;
        const { minBackupRetentionDays } = args.getConfig<{ minBackupRetentionDays: number }>();
        const days = args.props.backupRetentionPeriod;
        // Unset is refused too: the retention is then whatever the API defaults to, not a decision.
        if (typeof days !== "number" || days < minBackupRetentionDays) {
            report(`backupRetentionPeriod is ${String(days)}; set it to at least ${minBackupRetentionDays} day(s)`);
        }
    },
};
