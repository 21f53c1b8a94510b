/**
 * The scheduled Lambda that keeps the Cloudflare prefix lists in sync (logic: functions/cloudflareIpSync.ts).
 * Its own least-privilege role (CallbackFunction would otherwise attach *FullAccess policies), an explicit
 * runtime, an archive holding only the serialized handler, a log group with retention, and an alarm on
 * errors: the handler throws on every anomaly, so a failed or refused sync pages someone.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { handler } from "../../functions/cloudflareIpSync";
import { DEFAULT_CLOUDFLARE_IPS_URL } from "../../functions/cloudflareRanges";
import packageJson from "../../package.json";
import { RUNBOOK_ANCHORS, runbookText } from "../../lib/alarmRules";
import { serviceTrustPolicy, useTopicKeyStatement, writeOwnLogsStatement } from "../../lib/iamPolicies";

/**
 * Everything in `dependencies` except @pulumi/* (which the serializer never bundles). The handler needs only
 * @aws-sdk/client-ec2, which the nodejs22.x runtime provides, so the archive carries no node_modules at all.
 */
export const LAMBDA_EXCLUDED_PACKAGES = Object.keys(packageJson.dependencies).filter((p) => !p.startsWith("@pulumi/"));
export const LAMBDA_RUNTIME = aws.lambda.Runtime.NodeJS22dX;
export const LOG_RETENTION_DAYS = 30;

export interface IpSyncFunctionArgs {
    ipv4List: aws.ec2.ManagedPrefixList;
    ipv6List: aws.ec2.ManagedPrefixList;
    schedule: string;
    alarmEmail: string;
    /** Reviewed Cloudflare aggregates: the sync applies an addition only inside one of these (config platform.ipSync). */
    reviewedAggregates: { ipv4: readonly string[]; ipv6: readonly string[] };
    /** Most entries one run may add / remove per list (config platform.ipSync). */
    maxAdditionsPerRun: number;
    maxRemovalsPerRun: number;
}

/** The log line of a run that refused additions (functions/cloudflareIpSync.ts writeLog, outcome "refused-additions"). */
export const REFUSED_FILTER_PATTERN = '{ $.event = "cloudflare-ip-sync" && $.outcome = "refused-additions" }';
export const REFUSED_METRIC = { namespace: "Osprey/CloudflareIpSync", name: "RefusedAdditions" } as const;

/**
 * SNS subscription filter (MessageBody scope) on the change topic: the Lambda's success destination posts every run's
 * invocation record there, and only the runs whose result carries `alert` (a list changed, or an addition was
 * refused) reach a person. "exists" matching (SNS developer guide, "Key matching"; leaf nodes only: `alert` is a
 * string). Field names: Lambda's invocation record (`responsePayload`) and SyncResult.alert.
 */
export const CHANGE_FILTER_POLICY = { responsePayload: { alert: [{ exists: true }] } };

/**
 * The AWS services that publish to the alarm topic besides CloudWatch alarms: RDS event subscriptions, EventBridge rules
 * (the origin-pull expiry notices, components/alarms) and AWS Budgets. Each needs the topic's policy to let it publish,
 * and the topic's key policy to let it generate data keys and decrypt (SNS developer guide, "Enabling compatibility
 * between event sources from AWS services and encrypted topics"; AWS Budgets user guide, "Creating an Amazon SNS topic
 * for budget notifications").
 */
export const ALARM_PUBLISHERS = {
    cloudwatch: "cloudwatch.amazonaws.com",
    rdsEvents: "events.rds.amazonaws.com",
    eventBridge: "events.amazonaws.com",
    budgets: "budgets.amazonaws.com",
} as const;

/**
 * The key policy of the alarm topics' customer-managed key. AWS-managed `alias/aws/sns` cannot be used: its policy
 * cannot grant CloudWatch, so every alarm notification fails (AWS re:Post "cloudwatch-configure-alarm-sns";
 * RESEARCH.md). Statements: the account administers the key (AWS's default key policy; without it the key becomes
 * unmanageable and IAM policies such as the Lambda's cannot grant its use), and the publishing services may generate
 * data keys and decrypt (the two actions SNS needs from a publisher to an encrypted topic, SNS developer guide
 * "Enabling compatibility between event sources from AWS services and encrypted topics"). No condition on the
 * services' statement: a wrong condition key would silently drop the page, which is exactly the failure this fixes
 * (EventBridge's requests to KMS carry no aws:SourceAccount / aws:SourceArn at all). Who may publish is the topic
 * policy's job (alarmTopicPolicy), which does carry the account condition.
 */
export function alarmKeyPolicy(accountId: string, partition = "aws"): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: ALARM_PUBLISHERS.cloudwatch },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
            {
                Sid: "AlarmServicesPublish",
                Effect: "Allow",
                Principal: {
                    Service: [ALARM_PUBLISHERS.rdsEvents, ALARM_PUBLISHERS.eventBridge, ALARM_PUBLISHERS.budgets],
                },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
        ],
    };
}

/**
 * The alarm topic's policy: the account keeps what SNS's default policy gives its own principals (the same actions,
 * granted to the account root, so IAM policies decide inside the account), and each publishing service may publish
 * when acting for this account (aws:SourceAccount; the confused-deputy guard the SNS, RDS and Budgets guides show).
 */
export function alarmTopicPolicy(topicArn: string, accountId: string, partition = "aws"): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountOwnerDefault",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: [
                    "SNS:GetTopicAttributes",
                    "SNS:SetTopicAttributes",
                    "SNS:AddPermission",
                    "SNS:RemovePermission",
                    "SNS:DeleteTopic",
                    "SNS:Subscribe",
                    "SNS:ListSubscriptionsByTopic",
                    "SNS:Publish",
                ],
                Resource: topicArn,
            },
            {
                Sid: "AlarmServicesPublish",
                Effect: "Allow",
                Principal: { Service: Object.values(ALARM_PUBLISHERS) },
                Action: "SNS:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    };
}

export class IpSyncFunction extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;
    readonly alarmTopicArn: pulumi.Output<string>;
    readonly changeTopicArn: pulumi.Output<string>;
    /** The topics' customer-managed key: another publisher to the alarm topic needs kms:GenerateDataKey* on it. */
    readonly alarmKeyArn: pulumi.Output<string>;
    /** The alarm topic's policy: a publisher that AWS checks at creation (a budget's subscriber) waits for it. */
    readonly alarmTopicPolicy: aws.sns.TopicPolicy;

    constructor(name: string, args: IpSyncFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:IpSyncFunction", name, { schedule: args.schedule }, opts);
        const parent = { parent: this };

        // A customer-managed key CloudWatch may use, for both topics (see alarmKeyPolicy).
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const key = new aws.kms.Key(
            `${name}-alarms`,
            {
                description:
                    "Cloudflare IP sync alarm and change topics: usable by CloudWatch alarms and the sync Lambda",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: accountId.apply((id) => JSON.stringify(alarmKeyPolicy(id))),
            },
            // Scheduling a KMS key for deletion loses what it encrypted once the window ends: protected like every key.
            { ...parent, protect: true },
        );
        const topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: key.arn }, parent);
        this.alarmTopicPolicy = new aws.sns.TopicPolicy(
            `${name}-alarms`,
            {
                arn: topic.arn,
                policy: pulumi
                    .all([topic.arn, accountId])
                    .apply(([arn, id]) => JSON.stringify(alarmTopicPolicy(arn, id))),
            },
            parent,
        );
        // Every change to a list, and every refused addition, with the diff (the Lambda's success destination).
        const changeTopic = new aws.sns.Topic(`${name}-changes`, { kmsMasterKeyId: key.arn }, parent);

        const logGroup = new aws.cloudwatch.LogGroup(name, { retentionInDays: LOG_RETENTION_DAYS }, parent);
        const role = new aws.iam.Role(
            name,
            {
                description: "Cloudflare IP sync Lambda: edits the two Cloudflare prefix lists, nothing else",
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
            },
            parent,
        );
        const policy = new aws.iam.RolePolicy(
            name,
            {
                role: role.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        // Describe* actions support no resource-level permissions (AWS Service Authorization Reference, EC2).
                        {
                            Sid: "DescribeLists",
                            Effect: "Allow",
                            Action: "ec2:DescribeManagedPrefixLists",
                            Resource: "*",
                        },
                        {
                            Sid: "EditCloudflareLists",
                            Effect: "Allow",
                            Action: ["ec2:GetManagedPrefixListEntries", "ec2:ModifyManagedPrefixList"],
                            Resource: [args.ipv4List.arn, args.ipv6List.arn],
                        },
                        // Lambda publishes the success destination with the function's role (Lambda developer guide, destinations).
                        { Sid: "NotifyChanges", Effect: "Allow", Action: "sns:Publish", Resource: changeTopic.arn },
                        // A publisher to an SSE topic needs these on the topic's key (SNS developer guide, key management).
                        useTopicKeyStatement(key.arn),
                        writeOwnLogsStatement(pulumi.interpolate`${logGroup.arn}:*`),
                    ],
                }),
            },
            parent,
        );

        const fn = new aws.lambda.CallbackFunction(
            name,
            {
                description:
                    "Syncs Cloudflare's published IP ranges into the ALB allow-list prefix lists; never empties or widens them",
                callback: handler,
                role: role.arn,
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                memorySize: 256,
                // The handler bounds its own run below this (see functions/cloudflareIpSync.ts).
                timeout: 120,
                environment: {
                    variables: {
                        IPV4_PREFIX_LIST_ID: args.ipv4List.id,
                        IPV6_PREFIX_LIST_ID: args.ipv6List.id,
                        // The handler refuses any other https URL (functions/cloudflareRanges.ts, the pinned host).
                        CLOUDFLARE_IPS_URL: DEFAULT_CLOUDFLARE_IPS_URL,
                        REVIEWED_AGGREGATES_IPV4: args.reviewedAggregates.ipv4.join(","),
                        REVIEWED_AGGREGATES_IPV6: args.reviewedAggregates.ipv6.join(","),
                        MAX_ADDITIONS_PER_RUN: String(args.maxAdditionsPerRun),
                        MAX_REMOVALS_PER_RUN: String(args.maxRemovalsPerRun),
                    },
                },
                loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
                // A copy: @pulumi/aws's CallbackFunction appends "aws-sdk" to the list it is given.
                codePathOptions: { extraExcludePackages: [...LAMBDA_EXCLUDED_PACKAGES] },
            },
            parent,
        );

        const rule = new aws.cloudwatch.EventRule(
            name,
            { description: "Cloudflare IP sync schedule", scheduleExpression: args.schedule },
            parent,
        );
        new aws.lambda.Permission(
            name,
            {
                action: "lambda:InvokeFunction",
                function: fn.name,
                principal: "events.amazonaws.com",
                sourceArn: rule.arn,
            },
            parent,
        );
        new aws.cloudwatch.EventTarget(
            name,
            { rule: rule.name, arn: fn.arn, retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 } },
            parent,
        );

        // EventBridge invokes asynchronously, so the success destination receives every scheduled run's result.
        new aws.lambda.FunctionEventInvokeConfig(
            name,
            { functionName: fn.name, destinationConfig: { onSuccess: { destination: changeTopic.arn } } },
            { ...parent, dependsOn: [policy] },
        );
        if (args.alarmEmail !== "") {
            new aws.sns.TopicSubscription(
                `${name}-alarms-email`,
                { topic: topic.arn, protocol: "email", endpoint: args.alarmEmail },
                parent,
            );
            new aws.sns.TopicSubscription(
                `${name}-changes-email`,
                {
                    topic: changeTopic.arn,
                    protocol: "email",
                    endpoint: args.alarmEmail,
                    filterPolicyScope: "MessageBody",
                    filterPolicy: JSON.stringify(CHANGE_FILTER_POLICY),
                },
                parent,
            );
        }
        // Any error in an evaluation period: a failed fetch, a refused answer (empty, shrunken, widened) or an AWS error.
        // Both alarms: any occurrence within an hour (one scheduled run) pages, and recovery is sent too.
        const anyInTheHour = (
            metric: Pick<
                aws.cloudwatch.MetricAlarmArgs,
                "alarmDescription" | "namespace" | "metricName" | "dimensions"
            >,
        ) => ({
            ...metric,
            statistic: "Sum",
            period: 3600,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [topic.arn],
            okActions: [topic.arn],
        });
        new aws.cloudwatch.MetricAlarm(
            `${name}-errors`,
            anyInTheHour({
                alarmDescription: runbookText(
                    RUNBOOK_ANCHORS.ipSyncFailed,
                    "Cloudflare IP sync failed or refused an update; the ALB allow-list may be stale. See the function's logs.",
                ),
                namespace: "AWS/Lambda",
                metricName: "Errors",
                dimensions: { FunctionName: fn.name },
            }),
            parent,
        );

        // A refused addition is an alarm too, not only an email: the handler logs outcome "refused-additions" (naming the
        // ranges, also in the change notification); a metric filter counts those runs. Pattern syntax: CloudWatch Logs
        // "Filter pattern syntax", JSON property selectors.
        new aws.cloudwatch.LogMetricFilter(
            `${name}-refused`,
            {
                logGroupName: logGroup.name,
                pattern: REFUSED_FILTER_PATTERN,
                metricTransformation: {
                    namespace: REFUSED_METRIC.namespace,
                    name: REFUSED_METRIC.name,
                    value: "1",
                    defaultValue: "0",
                },
            },
            parent,
        );
        new aws.cloudwatch.MetricAlarm(
            `${name}-refused`,
            anyInTheHour({
                alarmDescription: runbookText(
                    RUNBOOK_ANCHORS.ipSyncRefused,
                    "Cloudflare published ranges outside the reviewed aggregates; they were NOT applied. The change notification and the log name them: add the aggregate to platform.ipSync in a reviewed change if Cloudflare really publishes it.",
                ),
                namespace: REFUSED_METRIC.namespace,
                metricName: REFUSED_METRIC.name,
            }),
            parent,
        );

        this.functionName = fn.name;
        this.alarmTopicArn = topic.arn;
        this.changeTopicArn = changeTopic.arn;
        this.alarmKeyArn = key.arn;
        this.registerOutputs({
            functionName: this.functionName,
            alarmTopicArn: this.alarmTopicArn,
            changeTopicArn: this.changeTopicArn,
        });
    }
}
