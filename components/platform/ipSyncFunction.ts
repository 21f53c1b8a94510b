/**
 * The scheduled Lambda that keeps the Cloudflare prefix lists in sync (logic: functions/cloudflareIpSync.ts).
 * Its own least-privilege role (CallbackFunction would otherwise attach *FullAccess policies), an explicit
 * runtime, an archive holding only the serialized handler, a log group with retention, and an alarm on
 * errors: the handler throws on every anomaly, so a failed or refused sync pages someone.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { handler } from "../../functions/cloudflareIpSync";
import packageJson from "../../package.json";

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
}

export class IpSyncFunction extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;
    readonly alarmTopicArn: pulumi.Output<string>;

    constructor(name: string, args: IpSyncFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:IpSyncFunction", name, { schedule: args.schedule }, opts);
        const parent = { parent: this };

        const logGroup = new aws.cloudwatch.LogGroup(name, { retentionInDays: LOG_RETENTION_DAYS }, parent);
        const role = new aws.iam.Role(
            name,
            {
                description: "Cloudflare IP sync Lambda: edits the two Cloudflare prefix lists, nothing else",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            name,
            {
                role: role.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        // Describe* actions support no resource-level permissions (AWS Service Authorization Reference, EC2).
                        { Sid: "DescribeLists", Effect: "Allow", Action: "ec2:DescribeManagedPrefixLists", Resource: "*" },
                        {
                            Sid: "EditCloudflareLists",
                            Effect: "Allow",
                            Action: ["ec2:GetManagedPrefixListEntries", "ec2:ModifyManagedPrefixList"],
                            Resource: [args.ipv4List.arn, args.ipv6List.arn],
                        },
                        {
                            Sid: "WriteOwnLogs",
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                            Resource: pulumi.interpolate`${logGroup.arn}:*`,
                        },
                    ],
                }),
            },
            parent,
        );

        const fn = new aws.lambda.CallbackFunction(
            name,
            {
                description: "Syncs Cloudflare's published IP ranges into the ALB allow-list prefix lists; never empties or widens them",
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
                        CLOUDFLARE_IPS_URL: "https://api.cloudflare.com/client/v4/ips",
                    },
                },
                loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
                codePathOptions: { extraExcludePackages: LAMBDA_EXCLUDED_PACKAGES },
            },
            parent,
        );

        const rule = new aws.cloudwatch.EventRule(name, { description: "Cloudflare IP sync schedule", scheduleExpression: args.schedule }, parent);
        new aws.lambda.Permission(name, { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: rule.arn }, parent);
        new aws.cloudwatch.EventTarget(
            name,
            { rule: rule.name, arn: fn.arn, retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 } },
            parent,
        );

        const topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: "alias/aws/sns" }, parent);
        if (args.alarmEmail !== "") {
            new aws.sns.TopicSubscription(`${name}-alarms-email`, { topic: topic.arn, protocol: "email", endpoint: args.alarmEmail }, parent);
        }
        // Any error in an evaluation period: a failed fetch, a refused answer (empty, shrunken, widened) or an AWS error.
        new aws.cloudwatch.MetricAlarm(
            `${name}-errors`,
            {
                alarmDescription: "Cloudflare IP sync failed or refused an update; the ALB allow-list may be stale. See the function's logs.",
                namespace: "AWS/Lambda",
                metricName: "Errors",
                dimensions: { FunctionName: fn.name },
                statistic: "Sum",
                period: 3600,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [topic.arn],
                okActions: [topic.arn],
            },
            parent,
        );

        this.functionName = fn.name;
        this.alarmTopicArn = topic.arn;
        this.registerOutputs({ functionName: this.functionName, alarmTopicArn: this.alarmTopicArn });
    }
}
