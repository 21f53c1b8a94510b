/**
 * The environment's S3 bucket for file attachments (docs/requirements.md, What the infrastructure includes) and the one
 * identity that
 * may use it: the API's service account, through IRSA. Private by every switch S3 has (public access block,
 * ACLs disabled), TLS only, versioned so an overwrite or delete can be undone for `noncurrentVersionDays`.
 *
 * Encryption: SSE-S3 (AES256). SSE-KMS with the AWS-managed aws/s3 key adds a KMS call per request (cost, and a
 * KMS throttling limit) but no access control, since that key's policy cannot be narrowed; a customer-managed key
 * would add a second policy to keep in step with the role below. Access is controlled here, by IAM and the bucket.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { apiBucketAccessPolicy, irsaTrustPolicy, tlsOnlyBucketPolicy } from "./policies";
import { Env, environmentNames } from "../../lib/naming";

export interface AttachmentsBucketArgs {
    environment: Env;
    /** The API's namespace, osprey-<environment>. */
    namespace: string;
    /** The API's Kubernetes service account. Default "api". */
    serviceAccountName?: string;
    /** ARN of the cluster's IAM OIDC provider (arn:aws:iam::<account>:oidc-provider/oidc.eks...). */
    oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (https://oidc.eks.<region>.amazonaws.com/id/<ID>; the scheme is optional). */
    oidcProviderUrl: pulumi.Input<string>;
    /** Days a replaced or deleted object version is kept before S3 expires it. Default 30. */
    noncurrentVersionDays?: number;
}

export const DEFAULT_NONCURRENT_VERSION_DAYS = 30;
/** Incomplete multipart uploads are invisible but billed: S3 aborts them after this many days. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

export class AttachmentsBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** Annotate the API's service account with it: eks.amazonaws.com/role-arn. */
    readonly apiRoleArn: pulumi.Output<string>;

    constructor(name: string, args: AttachmentsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        const serviceAccount = args.serviceAccountName ?? "api";
        const noncurrentDays = args.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS;
        super(
            "osprey:data:AttachmentsBucket",
            name,
            { environment: args.environment, namespace: args.namespace, serviceAccount, noncurrentDays },
            opts,
        );
        const parent = { parent: this };
        const env = args.environment;

        // A predictable name (the API's overlay sets it as configuration); the account ID keeps it globally unique.
        const account = aws.getCallerIdentityOutput({}, parent);
        const bucket = new aws.s3.Bucket(
            `${name}-attachments`,
            {
                bucket: pulumi.interpolate`${environmentNames(env).attachmentsBucketPrefix}${account.accountId}`,
                forceDestroy: false,
                tags: { Name: `osprey-strike-${env}-attachments` },
            },
            parent,
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-attachments`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            parent,
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-attachments`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            parent,
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-attachments`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            parent,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-attachments`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            parent,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-attachments`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-old-versions-and-abandoned-uploads",
                        status: "Enabled",
                        filter: {}, // the whole bucket
                        noncurrentVersionExpiration: { noncurrentDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
                        // Once its old versions have expired, a delete marker is alone: remove it too.
                        expiration: { expiredObjectDeleteMarker: true },
                    },
                ],
            },
            // S3 rejects noncurrent-version rules racing the versioning switch on a new bucket.
            { parent: this, dependsOn: [versioning] },
        );
        new aws.s3.BucketPolicy(
            `${name}-attachments-tls-only`,
            { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))) },
            { parent: this, dependsOn: [publicAccess] },
        );

        const role = new aws.iam.Role(
            `${name}-api`,
            {
                // Predictable, for the service account annotation in the GitOps overlay.
                name: `osprey-strike-${env}-api`,
                description: `IRSA role of the ${environmentNames(env).label} API (service account ${args.namespace}/${serviceAccount}): attachments bucket only`,
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([oidcProviderArn, oidcProviderUrl]) =>
                        JSON.stringify(
                            irsaTrustPolicy({
                                oidcProviderArn,
                                oidcProviderUrl,
                                namespace: args.namespace,
                                serviceAccount,
                            }),
                        ),
                    ),
                maxSessionDuration: 3600,
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-api-attachments`,
            {
                role: role.name,
                name: "attachments-bucket",
                policy: bucket.arn.apply((arn) => JSON.stringify(apiBucketAccessPolicy(arn))),
            },
            parent,
        );

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.apiRoleArn = role.arn;
        this.registerOutputs({ bucketName: this.bucketName, apiRoleArn: this.apiRoleArn });
    }
}
