/**
 * Scheduled drift detection and previews of every stack of the project, and the path by which their failures page
 * (docs/operate.md, "Drift and scheduled previews"). For each stack of ENVIRONMENTS (main and demo), in Pulumi Cloud:
 *   - a DriftSchedule (a preview-only refresh, no remediation: Pulumi docs, "Drift detection and remediation");
 *   - optionally (previewCron, off by default) a DeploymentSchedule running `preview`; off because its token carries
 *     operation:preview, which the deployment role refuses; the dated program-time warnings page through their own
 *     notices instead (components/cluster/supportNotice.ts, the origin-pull notices of components/alarms);
 *   - a stack Webhook (raw JSON, HMAC secret) filtered to the failures (lib/driftRules.ts PAGING_WEBHOOK_FILTERS).
 * Both schedules run through the stack's deployment settings (Pulumi.<stack>.deploy.yaml), i.e. on the deployment
 * agent inside the VPC, which reaches the private EKS API.
 *
 * The webhooks post to a Lambda function URL (authType NONE: Pulumi Cloud cannot sign SigV4) whose handler
 * (functions/pulumiWebhookReceiver.ts) verifies the HMAC and publishes one message per failure to the platform's
 * KMS-encrypted alarm topic. SNS itself takes no inbound webhook.
 *
 * Why the platform stack owns every stack's schedules: one receiver and one webhook secret, kept in one state; the
 * alarm topic and its key are the platform's; and a stack that watched itself would lose its watch with its own state.
 * The cost: main's program names demo's schedules. The pulumiservice provider authenticates with PULUMI_ACCESS_TOKEN
 * (or `pulumiservice:accessToken`; Pulumi Service provider, "Installation & Configuration"); inside a Pulumi
 * Deployments run that variable is "a temporary token with read-write access only to the stack being deployed"
 * (Pulumi docs, Deployments settings, "Environment Variables"), so a deployment of main cannot change demo's schedules
 * or webhook: apply changes to them from a workstation with an operator's token (docs/runbook.md). Unverified live.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import * as random from "@pulumi/random";
import { handler } from "../../functions/pulumiWebhookReceiver";
import { RUNBOOK_ANCHORS, runbookText } from "../../lib/alarmRules";
import { pulumiOrganizationProblem } from "../../lib/deliveryRules";
import { PAGING_WEBHOOK_FILTERS, pulumiCronProblem } from "../../lib/driftRules";
import { LAMBDA_EXCLUDED_PACKAGES, LAMBDA_RUNTIME, LOG_RETENTION_DAYS } from "../platform/ipSyncFunction";
import { refuseInvalidArgs } from "../invalidArgs";
import { Problem, problemIf } from "../../lib/problems";
import { serviceTrustPolicy, useTopicKeyStatement, writeOwnLogsStatement } from "../../lib/iamPolicies";

/** At most this many concurrent receivers: a flood of forged requests costs at most this much, and real ones are few. */
export const RECEIVER_RESERVED_CONCURRENCY = 2;

export interface DriftWatchArgs {
    /** The Pulumi Cloud organization (deployments.organization). */
    organization: string;
    /** The Pulumi project (lib/naming.ts PROJECT). */
    project: string;
    /** The stacks watched: one per environment (ENVIRONMENTS). */
    stacks: readonly string[];
    /** 5-field UTC cron of the drift runs (platform.deployments.driftWatch.driftCron). */
    driftCron: string;
    /** 5-field UTC cron of the scheduled previews, or "" for none (platform.deployments.driftWatch.previewCron). */
    previewCron: string;
    /** The platform's alarm topic and its customer-managed key. */
    alarmTopicArn: pulumi.Input<string>;
    alarmKeyArn: pulumi.Input<string>;
    /** Secrets Manager name of the webhook's HMAC key (lib/naming.ts DRIFT_WEBHOOK_SECRET_NAME). */
    secretName: string;
    /** The receiver's function name (lib/naming.ts PULUMI_WEBHOOK_FUNCTION_NAME; the pack admits its public URL by it). */
    functionName: string;
    /**
     * The Pulumi Cloud token every schedule and webhook is managed with (the platform secret pulumiServiceToken), through
     * an explicit provider: a deployment's own PULUMI_ACCESS_TOKEN reaches only the stack being deployed, so with it
     * main's refresh and drift runs could not read demo's schedule and would fail, and page, every day.
     */
    pulumiServiceToken: pulumi.Input<string>;
}

/** Every problem with the args, each naming its field. */
export function driftWatchArgProblems(
    args: Pick<DriftWatchArgs, "organization" | "stacks" | "driftCron" | "previewCron">,
): Problem[] {
    return [
        ...problemIf(
            "organization",
            args.organization === ""
                ? "is empty; the schedules need a Pulumi organization"
                : pulumiOrganizationProblem(args.organization),
        ),
        ...problemIf("stacks", args.stacks.length === 0 ? "is empty" : undefined),
        ...problemIf("driftCron", pulumiCronProblem(args.driftCron)),
        ...problemIf("previewCron", args.previewCron === "" ? undefined : pulumiCronProblem(args.previewCron)),
    ];
}

/** The receiver role's policy: publish to the alarm topic (and use its key for that), read its own secret, write its logs. */
export function receiverPolicy(a: { topicArn: string; keyArn: string; secretArn: string; logGroupArn: string }) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "PublishAlarms", Effect: "Allow", Action: "sns:Publish", Resource: a.topicArn },
            // A publisher to an SSE topic needs these on the topic's key (SNS developer guide, key management).
            useTopicKeyStatement(a.keyArn),
            // The secret uses Secrets Manager's AWS-managed key, like the program's other secrets: no KMS grant needed.
            {
                Sid: "ReadWebhookSecret",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: a.secretArn,
            },
            writeOwnLogsStatement(`${a.logGroupArn}:*`),
        ],
    };
}

export class DriftWatch extends pulumi.ComponentResource {
    /** The receiver's function URL (what every stack webhook posts to). */
    readonly receiverUrl: pulumi.Output<string>;
    readonly receiverFunctionName: pulumi.Output<string>;

    constructor(name: string, args: DriftWatchArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:delivery:DriftWatch",
            name,
            { organization: args.organization, stacks: args.stacks, driftCron: args.driftCron },
            opts,
        );
        refuseInvalidArgs(this, "DriftWatch", name, driftWatchArgProblems(args));
        const parent = { parent: this };

        // The HMAC key: generated, kept in Secrets Manager for the receiver, handed to Pulumi Cloud as a secret input.
        const password = new random.RandomPassword(`${name}-webhook-secret`, { length: 48, special: false }, parent);
        const secret = new aws.secretsmanager.Secret(
            `${name}-webhook-secret`,
            {
                name: args.secretName,
                description:
                    "HMAC key of the Pulumi Cloud stack webhooks (generated by the program; read by the receiver)",
                tags: { "osprey:secret-source": "pulumi" },
            },
            parent,
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-webhook-secret`,
            { secretId: secret.id, secretString: pulumi.secret(password.result) },
            parent,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-receiver`,
            { retentionInDays: LOG_RETENTION_DAYS },
            parent,
        );
        const role = new aws.iam.Role(
            `${name}-receiver`,
            {
                description:
                    "Pulumi webhook receiver: publishes to the alarm topic and reads its own secret, nothing else",
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
            },
            parent,
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-receiver`,
            {
                role: role.name,
                policy: pulumi
                    .all([args.alarmTopicArn, args.alarmKeyArn, secret.arn, logGroup.arn])
                    .apply(([topicArn, keyArn, secretArn, logGroupArn]) =>
                        JSON.stringify(receiverPolicy({ topicArn, keyArn, secretArn, logGroupArn })),
                    ),
            },
            parent,
        );
        const fn = new aws.lambda.CallbackFunction(
            `${name}-receiver`,
            {
                description:
                    "Verifies Pulumi Cloud webhook signatures and pages the alarm topic on drift and failed runs",
                name: args.functionName,
                callback: handler,
                role: role.arn,
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                memorySize: 128,
                // One secret read at cold start and one publish, each with the SDK's 3 attempts.
                timeout: 15,
                reservedConcurrentExecutions: RECEIVER_RESERVED_CONCURRENCY,
                environment: { variables: { WEBHOOK_SECRET_ARN: secret.arn, ALARM_TOPIC_ARN: args.alarmTopicArn } },
                loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
                // A copy: @pulumi/aws's CallbackFunction appends "aws-sdk" to the list it is given.
                codePathOptions: { extraExcludePackages: [...LAMBDA_EXCLUDED_PACKAGES] },
            },
            { ...parent, dependsOn: [policy] },
        );
        const url = new aws.lambda.FunctionUrl(
            `${name}-receiver`,
            { functionName: fn.name, authorizationType: "NONE" },
            parent,
        );
        // authType NONE still needs the function's resource policy to admit the public; new function URLs need both
        // actions (Lambda developer guide, "Control access to Lambda function URLs", the October 2025 note). The pack admits
        // these two only for a function of SIGNED_WEBHOOK_FUNCTIONS (policy/contract.ts, guards-not-weakened).
        new aws.lambda.Permission(
            `${name}-receiver-url`,
            {
                action: "lambda:InvokeFunctionUrl",
                function: args.functionName,
                principal: "*",
                functionUrlAuthType: "NONE",
            },
            { ...parent, dependsOn: [fn] },
        );
        new aws.lambda.Permission(
            `${name}-receiver-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: args.functionName,
                principal: "*",
                invokedViaFunctionUrl: true,
            },
            { ...parent, dependsOn: [fn] },
        );

        // The receiver failing (an SNS or secret error answers 5xx and counts here) or throttled (its reserved
        // concurrency is exhausted: a flood, or many real failures at once) loses pages: both alarm to the topic.
        for (const metricName of ["Errors", "Throttles"] as const)
            new aws.cloudwatch.MetricAlarm(
                `${name}-receiver-${metricName.toLowerCase()}`,
                {
                    alarmDescription: runbookText(
                        RUNBOOK_ANCHORS.webhookReceiver,
                        `the Pulumi webhook receiver had ${metricName.toLowerCase()} in the last hour: a drift or failed-run page may have been lost. See its logs.`,
                    ),
                    namespace: "AWS/Lambda",
                    metricName,
                    dimensions: { FunctionName: fn.name },
                    statistic: "Sum",
                    period: 3600,
                    evaluationPeriods: 1,
                    threshold: 0,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions: [args.alarmTopicArn],
                    okActions: [args.alarmTopicArn],
                },
                parent,
            );

        const cloud = new pulumiservice.Provider(
            `${name}-pulumi-cloud`,
            { accessToken: pulumi.secret(args.pulumiServiceToken) },
            parent,
        );
        const inCloud = { parent: this, provider: cloud };
        for (const stack of args.stacks) {
            const target = { organization: args.organization, project: args.project, stack };
            new pulumiservice.DriftSchedule(
                `${name}-${stack}-drift`,
                { ...target, scheduleCron: args.driftCron, autoRemediate: false },
                inCloud,
            );
            // Off by default (previewCron ""): the run's token would carry operation:preview, which the deployment role
            // refuses (lib/deliveryRules.ts PREVIEW_REFUSED). Set only with a role that admits it.
            if (args.previewCron !== "")
                new pulumiservice.DeploymentSchedule(
                    `${name}-${stack}-preview`,
                    {
                        ...target,
                        scheduleCron: args.previewCron,
                        pulumiOperation: pulumiservice.PulumiOperation.Preview,
                    },
                    inCloud,
                );
            new pulumiservice.Webhook(
                `${name}-${stack}-webhook`,
                {
                    organizationName: args.organization,
                    projectName: args.project,
                    stackName: stack,
                    displayName: `osprey alarm topic (${stack}: drift and failed runs)`,
                    active: true,
                    format: pulumiservice.WebhookFormat.Raw,
                    filters: [...PAGING_WEBHOOK_FILTERS],
                    payloadUrl: url.functionUrl,
                    secret: pulumi.secret(password.result),
                },
                inCloud,
            );
        }

        this.receiverUrl = url.functionUrl;
        this.receiverFunctionName = fn.name;
        this.registerOutputs({ receiverUrl: this.receiverUrl, receiverFunctionName: this.receiverFunctionName });
    }
}
