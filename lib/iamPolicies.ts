/**
 * IAM documents and statements several components write the same way (pure): a service role's trust, and what a
 * function needs to publish to a KMS-encrypted topic and to write its own log group.
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
