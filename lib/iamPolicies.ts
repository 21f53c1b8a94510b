/**
 * IAM documents and statements several components write the same way (pure): a service role's trust, an IRSA role's
 * trust, and what a function needs to publish to a KMS-encrypted topic and to write its own log group.
 */

/** The trust of a role one AWS service assumes (a Lambda function, an EC2 instance, AWS Backup): nothing else can. */
export const serviceTrustPolicy = (service: string) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
});

/**
 * What a publisher to an SSE topic needs on the topic's key (SNS developer guide, key management). Generic in the
 * ARN so it serves a plain document and one built with pulumi.jsonStringify.
 */
export const useTopicKeyStatement = <A>(keyArn: A) => ({
    Sid: "UseTopicKey",
    Effect: "Allow",
    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
    Resource: keyArn,
});

/** Writing the function's own log streams: `streams` is the log group's ARN followed by `:*`. */
export const writeOwnLogsStatement = <A>(streams: A) => ({
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: streams,
});

/** The `sub` claim EKS puts in a service account's token. */
export const serviceAccountSubject = (namespace: string, serviceAccount: string) =>
    `system:serviceaccount:${namespace}:${serviceAccount}`;

/**
 * IRSA trust: only tokens the cluster's OIDC issuer minted for exactly this service account, for STS. Both claims
 * are pinned with StringEquals (never StringLike), so no other service account, in any namespace, can assume it.
 * `issuer` is the OIDC issuer without https:// (the IAM condition keys' prefix).
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuer: string, sa: { namespace: string; name: string }) {
    if (issuer.startsWith("https://"))
        throw new Error(`irsaTrustPolicy: issuer must not include the scheme (got ${issuer})`);
    return {
        Version: "2012-10-17" as const,
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: serviceAccountSubject(sa.namespace, sa.name),
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}
