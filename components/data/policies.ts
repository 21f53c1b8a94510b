/**
 * IAM and bucket policy documents of the attachments bucket, as plain objects (pure: no Pulumi imports).
 */
import { irsaTrustPolicy as irsaTrust } from "../../lib/iamPolicies";

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Record<string, unknown>[];
}

/** The IAM condition-key prefix of an OIDC issuer: its URL without the scheme (oidc.eks.<region>.amazonaws.com/id/<ID>). */
export function issuerHostPath(oidcProviderUrl: string): string {
    return oidcProviderUrl.replace(/^https:\/\//, "").replace(/\/$/, "");
}

export { serviceAccountSubject } from "../../lib/iamPolicies";

/** IRSA trust of the attachments' role, from the provider's URL (lib/iamPolicies.ts irsaTrustPolicy). */
export function irsaTrustPolicy(args: {
    oidcProviderArn: string;
    oidcProviderUrl: string;
    namespace: string;
    serviceAccount: string;
}): PolicyDocument {
    return irsaTrust(args.oidcProviderArn, issuerHostPath(args.oidcProviderUrl), {
        namespace: args.namespace,
        name: args.serviceAccount,
    });
}

/**
 * What the API may do with attachments: read, write and delete objects, list the bucket, and abort its own multipart
 * uploads. Nothing else, and no Secrets Manager access: ESO delivers the API's secrets as Kubernetes Secrets.
 */
export function apiBucketAccessPolicy(bucketArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ListAttachments", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn] },
            {
                Sid: "ReadWriteAttachments",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
                Resource: [`${bucketArn}/*`],
            },
        ],
    };
}

/** Refuses every request that does not arrive over TLS, whoever makes it. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
