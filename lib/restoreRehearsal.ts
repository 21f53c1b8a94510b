/**
 * The database restore rehearsal's rules (AWS Backup restore testing of an environment's RDS instance): defaults, the
 * checks config and the component share, the restore metadata the throwaway instance is given, and the EventBridge
 * pattern of a failed rehearsal. Pure: no Pulumi imports.
 *
 * Sources (AWS Backup developer guide, read through the `search` tool on 2026-12-07):
 * - "Restore testing inferred metadata": for RDS instances AWS Backup infers `dbInstanceIdentifier`
 *   (awsbackup-restore-test-...), `deletionProtection` false, `multiAz` false, `publiclyAccessible` false; the
 *   overridable keys are allocatedStorage, availabilityZones, dbInstanceClass, dbName, dbParameterGroupName,
 *   dbSubnetGroupName, domain, domainIamRoleName, enableCloudwatchLogsExports, enableIamDatabaseAuthentication, iops,
 *   licensemodel, multiAz, optionGroupName, port, processorFeatures, publiclyAccessible, storageType,
 *   vpcSecurityGroupIds; list values (vpcSecurityGroupIds) are JSON-array strings; keys are not case sensitive.
 * - "Restore testing": the validation window is 1 to 168 hours, the start window 1 to 168 hours; once the window
 *   closes AWS Backup deletes the restored resource (tagged `awsbackup-restore-test`).
 * - "Monitoring AWS Backup events using Amazon EventBridge", Restore Job events: detail-type "Restore Job State
 *   Change", `detail.status` (FAILED, ...), and `restoreTestingPlanArn` when the job belongs to a restore testing plan.
 * - "Continuous backups and point-in-time recovery": continuous backups go back at most 35 days; once an AWS Backup
 *   continuous rule protects an RDS instance, its retention is AWS Backup's to set (it calls ModifyDBInstance).
 */

/** A six-field cron() as AWS Backup's restore testing plan takes it (CreateRestoreTestingPlan: a cron expression). */
const CRON_RE = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/;

export const RESTORE_REHEARSAL_DEFAULTS = {
    /** Weekly, Sunday 05:00 UTC: outside the working week, once a week is enough to notice a broken backup. */
    schedule: "cron(0 5 ? * SUN *)",
    /** Hours the restored instance is kept after it is available (nothing validates it yet: the minimum). */
    validationWindowHours: 1,
    /** The smallest burstable class RDS for PostgreSQL offers (lib/dataRules.ts KNOWN_DB_INSTANCE_CLASSES). */
    instanceClass: "db.t4g.micro",
} as const;

/** Hours after the scheduled time within which AWS Backup starts the restore (AWS Backup randomizes within it). */
export const RESTORE_START_WINDOW_HOURS = 4;
/** AWS Backup's bounds for both the validation and the start window ("Restore testing quotas and parameters"). */
export const RESTORE_WINDOW_HOURS_RANGE = [1, 168] as const;
/** Continuous backups for RDS: 1 to 35 days ("Changing your retention period"). */
export const CONTINUOUS_RETENTION_RANGE = [1, 35] as const;
/** Restore job statuses that mean the rehearsal did not restore (DescribeRestoreJob Status: FAILED, ABORTED). */
export const RESTORE_FAILURE_STATUSES = ["FAILED", "ABORTED"] as const;

export function restoreScheduleProblem(v: string): string | undefined {
    return CRON_RE.test(v)
        ? undefined
        : `"${v}" is not a cron expression AWS Backup takes; use six fields, e.g. ${RESTORE_REHEARSAL_DEFAULTS.schedule} (weekly, Sunday 05:00 UTC)`;
}

export function validationWindowProblem(hours: number): string | undefined {
    const [min, max] = RESTORE_WINDOW_HOURS_RANGE;
    return Number.isInteger(hours) && hours >= min && hours <= max
        ? undefined
        : `${hours} is out of range; AWS Backup keeps a restored resource ${min} to ${max} hours`;
}

/** The continuous backup's retention is the database's backup retention: AWS Backup sets it on the instance. */
export function continuousRetentionProblem(days: number): string | undefined {
    const [min, max] = CONTINUOUS_RETENTION_RANGE;
    return Number.isInteger(days) && days >= min && days <= max
        ? undefined
        : `${days} is out of range; AWS Backup keeps continuous backups ${min} to ${max} days`;
}

export interface RehearsalTarget {
    /** The source's DB subnet group: the environment's own data subnets. */
    subnetGroupName: string;
    /** The rehearsal's own security group: no rule, so nothing reaches the restored instance. */
    securityGroupId: string;
    /** The source's parameter group (TLS only), so the copy runs with the settings production runs with. */
    parameterGroupName: string;
    instanceClass: string;
}

/**
 * RestoreMetadataOverrides for the throwaway instance (keys from the overridable list above): in the environment's
 * data subnets, behind a security group that admits nobody, never public, single-AZ, the smallest class.
 */
export function rehearsalOverrides(t: RehearsalTarget): Record<string, string> {
    return {
        dbInstanceClass: t.instanceClass,
        dbSubnetGroupName: t.subnetGroupName,
        vpcSecurityGroupIds: JSON.stringify([t.securityGroupId]),
        dbParameterGroupName: t.parameterGroupName,
        publiclyAccessible: "false",
        multiAz: "false",
    };
}

/** The EventBridge pattern of a failed or aborted restore job of one restore testing plan. */
export function restoreFailurePattern(restoreTestingPlanArn: string): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": ["Restore Job State Change"],
        detail: { status: [...RESTORE_FAILURE_STATUSES], restoreTestingPlanArn: [restoreTestingPlanArn] },
    };
}

/**
 * The restore testing plan's name: AWS Backup allows 1 to 50 alphanumeric characters and underscores
 * (CreateRestoreTestingPlan), so the environment's label loses its hyphens.
 */
export function restorePlanName(label: string): string {
    const name = `${label.replace(/-/g, "_")}_db_rehearsal`;
    if (!/^[A-Za-z0-9_]{1,50}$/.test(name))
        throw new Error(`restorePlanName: "${name}" is not a restore testing plan name`);
    return name;
}
