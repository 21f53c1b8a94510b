/**
 * IAM and bucket policy documents of the attachments bucket, as plain objects (pure: no Pulumi imports).
 */

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Record<string, unknown>[];
}

/** The IAM condition-key prefix of an OIDC issuer: its URL without the scheme (oidc.eks.<region>.amazonaws.com/id/<ID>). */
export function issuerHostPath(oidcProviderUrl: string): string {
    return oidcProviderUrl.replace(/^https:\/\//, "").replace(/\/$/, "");
}

/** The `sub` claim EKS puts in a service account's token. */
export const serviceAccountSubject = (namespace: string, serviceAccount: string) =>
    `system:serviceaccount:${namespace}:${serviceAccount}`;

/**
 * IRSA trust: only tokens the cluster's OIDC issuer minted for exactly this service account, for STS. Both claims
 * are pinned with StringEquals (never StringLike), so no other service account, in any namespace, can assume it.
 */
export function irsaTrustPolicy(args: {
    oidcProviderArn: string;
    oidcProviderUrl: string;
    namespace: string;
    serviceAccount: string;
}): PolicyDocument {
    const issuer = issuerHostPath(args.oidcProviderUrl);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: args.oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: serviceAccountSubject(args.namespace, args.serviceAccount),
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
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
