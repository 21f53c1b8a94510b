/**
 * The attachments bucket holds customer files: every bucket blocks public access with all four flags and has a
 * default server-side encryption rule, as separate resources (aws 7 removed the inline forms). They are tied to
 * their bucket through the `bucket` input's dependency, or an equal known bucket name. An account-wide public
 * access block with all four flags covers every bucket.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofType, refersTo } from "../lib/graph";
import { arrayOf, objectOf, peek } from "../lib/props";

/** aws 7: Bucket is the former BucketV2; BucketV2 and the ...V2 encryption token remain as deprecated aliases. */
const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const ENCRYPTION = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

const allFlags = (r: PolicyResource) => FLAGS.every((f) => peek(r.props, f) === true);
const bucketKeys = (bucket: PolicyResource) => [peek(bucket.props, "bucket"), peek(bucket.props, "id")];
/** A rule with a default algorithm (AES256, aws:kms, aws:kms:dsse). */
const encrypts = (r: PolicyResource) =>
    arrayOf(peek(r.props, "rules")).some(
        (rule) => typeof objectOf(objectOf(rule)?.applyServerSideEncryptionByDefault)?.sseAlgorithm === "string",
    );

export const s3BucketPrivateEncrypted: StackValidationPolicy = {
    name: "s3-bucket-private-encrypted",
    description:
        "Every S3 bucket has a public access block with all four flags true and a default server-side encryption configuration.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add aws.s3.BucketPublicAccessBlock (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true) and " +
        "aws.s3.BucketServerSideEncryptionConfiguration with applyServerSideEncryptionByDefault, both with bucket: <the bucket>.bucket.",
    validateStack: (args, report) => {
        const accountBlocked = ofType(args.resources, ACCOUNT_PUBLIC_ACCESS_BLOCK).some(allFlags);
        for (const bucket of ofType(args.resources, ...BUCKETS)) {
            const blocks = ofType(args.resources, PUBLIC_ACCESS_BLOCK).filter((b) =>
                refersTo(b, "bucket", bucket, bucketKeys(bucket)),
            );
            if (!accountBlocked && !blocks.some(allFlags)) {
                const why =
                    blocks.length === 0
                        ? "has no public access block"
                        : `has a public access block without all of ${FLAGS.join(", ")} true`;
                report(`bucket ${bucket.name} ${why}`, bucket.urn);
            }
            const sse = ofType(args.resources, ...ENCRYPTION).filter((c) =>
                refersTo(c, "bucket", bucket, bucketKeys(bucket)),
            );
            if (!sse.some(encrypts)) {
                report(
                    `bucket ${bucket.name} ${sse.length === 0 ? "has no server-side encryption configuration" : "has an encryption configuration without a default algorithm"}`,
                    bucket.urn,
                );
            }
        }
    },
};
