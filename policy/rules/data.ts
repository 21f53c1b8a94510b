/**
 * Data at rest: RDS never public, always encrypted, backed up, protected from deletion on main; S3 buckets
 * block every form of public access and encrypt by default.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Props, providerDefaultTags } from "../lib/props";

export const rdsGuardrails: ResourceValidationPolicy = {
    name: "rds-instance-guardrails",
    description: "RDS instances are never publicly accessible, always encrypted, keep backups, and on main have deletion protection.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Set publiclyAccessible false, storageEncrypted true, backupRetentionPeriod >= the minimum, and deletionProtection true on main.",
    configSchema: { properties: { minBackupRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: 1 } } },
    validateResource: (args, report) => {
        if (args.type !== "aws:rds/instance:Instance") return;
        const p = args.props as Props;
        const { minBackupRetentionDays } = args.getConfig<{ minBackupRetentionDays: number }>();
        if (p.publiclyAccessible === true) report("publiclyAccessible is true; the database must only be reachable inside the VPC");
        if (p.storageEncrypted !== true) report("storageEncrypted is not true; set it (RDS cannot encrypt an existing instance in place)");
        if (typeof p.backupRetentionPeriod !== "number" || p.backupRetentionPeriod < minBackupRetentionDays) {
            report(`backupRetentionPeriod is ${String(p.backupRetentionPeriod)}; keep at least ${minBackupRetentionDays} day(s) of backups`);
        }
        const env = providerDefaultTags(args.provider).environment ?? (p.tags as Record<string, string> | undefined)?.environment;
        if (env === "main" && p.deletionProtection !== true) report("deletionProtection is not true on main; main's database must not be deletable by a stray `pulumi destroy`");
    },
};

const BUCKET = "aws:s3/bucket:Bucket";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** The bucket a configuration resource applies to, through its `bucket` input's dependency (or the same name). */
const appliesTo = (config: PolicyResource, bucket: PolicyResource) =>
    (config.propertyDependencies.bucket ?? []).some((d) => d.urn === bucket.urn) || (bucket.props.bucket !== undefined && config.props.bucket === bucket.props.bucket);

export const s3PrivateEncrypted: StackValidationPolicy = {
    name: "s3-bucket-private-encrypted",
    description: "Every S3 bucket has a public access block with all four flags on and a default server-side encryption configuration.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add aws.s3.BucketPublicAccessBlock (all four flags true) and aws.s3.BucketServerSideEncryptionConfiguration for the bucket.",
    validateStack: (args, report) => {
        const buckets = args.resources.filter((r) => r.type === BUCKET);
        for (const bucket of buckets) {
            const pab = args.resources.filter((r) => r.type === PAB && appliesTo(r, bucket));
            if (!pab.some((r) => PAB_FLAGS.every((f) => r.props[f] === true))) {
                report(`bucket ${bucket.name} has no public access block with ${PAB_FLAGS.join(", ")} all true`, bucket.urn);
            }
            const sse = args.resources.filter((r) => r.type === SSE && appliesTo(r, bucket));
            if (sse.length === 0) report(`bucket ${bucket.name} has no default server-side encryption configuration`, bucket.urn);
        }
    },
};


