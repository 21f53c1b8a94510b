/**
 * AWS Backup's restore tests put a full copy of a production database on a new instance. AWS Backup infers
 * `publiclyAccessible` false, but an override may turn it on, and without a `vpcSecurityGroupIds` override RDS gives the
 * copy the VPC's default security group, which admits whatever else uses it (AWS Backup developer guide, "Restore
 * testing inferred metadata": the RDS keys; override keys are not case sensitive).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";

const RESTORE_TESTING_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
/** The protected resource types whose restore is an RDS-family database. */
const DATABASE_TYPES = ["RDS", "Aurora", "DocumentDB", "Neptune"];

export const restoreTestPrivate: ResourceValidationPolicy = {
    name: "restore-test-private",
    description:
        "An AWS Backup restore testing selection of a database never makes the copy public and names the security groups it lands behind.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'In restoreMetadataOverrides set vpcSecurityGroupIds to a JSON array of a security group that admits nobody (e.g. \'["sg-..."]\'), and leave publiclyAccessible unset or "false".',
    validateResource: (args, report) => {
        if (args.type !== RESTORE_TESTING_SELECTION) return;
        const type = args.props.protectedResourceType;
        if (typeof type !== "string" || !DATABASE_TYPES.includes(type)) return;
        const raw = (args.props.restoreMetadataOverrides ?? {}) as Record<string, unknown>;
        // Keys are not case sensitive (AWS Backup): look them up by their lower-case form.
        const overrides = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
        const pub = overrides.get("publiclyaccessible");
        if (pub !== undefined && String(pub).toLowerCase() !== "false")
            report(
                `restoreMetadataOverrides.publiclyAccessible is "${String(pub)}": the restored copy would be public`,
            );
        const groups = overrides.get("vpcsecuritygroupids");
        let parsed: unknown;
        try {
            parsed = typeof groups === "string" ? JSON.parse(groups) : undefined;
        } catch {
            parsed = undefined;
        }
        if (!Array.isArray(parsed) || parsed.length === 0)
            report(
                groups === undefined
                    ? "restoreMetadataOverrides sets no vpcSecurityGroupIds: the restored copy gets the VPC's default security group"
                    : `restoreMetadataOverrides.vpcSecurityGroupIds is ${JSON.stringify(groups)}, not a JSON array of security group IDs`,
            );
    },
};
