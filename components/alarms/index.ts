/**
 * The serving path's alarms, per environment, all to the platform's KMS-encrypted alarm topic: the ALB the edge looked
 * up, the environment's RDS instance (metrics and RDS's own events), its ACM certificate, and the origin-pull CA and
 * client certificate (a scheduled notice before each ends). Every description names its runbook section
 * (lib/alarmRules.ts runbookText; tests/program/alarmRunbook.test.ts).
 *
 * Periods, statistics and datapoints follow AWS's CloudWatch "Recommended alarms" page for ApplicationELB, RDS and
 * CertificateManager; the thresholds are settings (config/settings.ts `alarms`), each default's reason stated there.
 *
 * Target groups: the AWS Load Balancer Controller makes and replaces them (one per Ingress backend), so their ARN
 * suffixes are not the program's to know, and one looked up at `pulumi up` goes stale when the controller replaces the
 * group. The unhealthy-targets alarm is a Metrics Insights query over every target group of the ALB instead
 * (CloudWatch "Create an alarm based on a Metrics Insights query": the alarm follows resources as they come and go);
 * the 5XX and latency alarms use the LoadBalancer dimension, which aggregates the ALB's target groups.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    RUNBOOK_ANCHORS,
    RUNBOOK_TAG,
    RunbookAnchor,
    noticeCron,
    rdsThresholds,
    runbookText,
} from "../../lib/alarmRules";
import type { ServingThresholds } from "../../lib/alarmRules";
import { Env, environmentNames } from "../../lib/naming";
import { postgresMajor, RDS_POSTGRES_STANDARD_SUPPORT_END } from "../../policy/supportCalendars";

/** The RDS event categories that page (RDS User Guide, "Amazon RDS event categories and event messages", db-instance). */
export const RDS_EVENT_CATEGORIES = ["failover", "failure", "low storage", "maintenance", "notification"] as const;

/** The Metrics Insights query of the unhealthy-targets alarm: the worst target group of one ALB. */
export function unhealthyTargetsQuery(albArnSuffix: string): string {
    if (!/^app\/[\w-]+\/[0-9a-f]+$/.test(albArnSuffix))
        throw new Error(`unhealthyTargetsQuery: "${albArnSuffix}" is not an ALB ARN suffix like app/<name>/<id>`);
    return `SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) WHERE LoadBalancer = '${albArnSuffix}'`;
}

/**
 * When the RDS support notice fires and what it says, for the database's engine version (RDS_POSTGRES_STANDARD_SUPPORT_END
 * of policy/supportCalendars.ts, by major); undefined for a major the calendar does not list.
 */
export function rdsSupportNoticePlan(
    engineVersion: string,
    days: number,
): { major: string; end: string; cron: string; text: string } | undefined {
    const major = postgresMajor(engineVersion);
    const end = RDS_POSTGRES_STANDARD_SUPPORT_END[major];
    const cron = end ? noticeCron(`${end}T00:00:00Z`, days) : undefined;
    if (!end || !cron) return undefined;
    return {
        major,
        end,
        cron,
        text: `RDS standard support for PostgreSQL ${major} ends on ${end} (in ${days} days); after that RDS bills Extended Support per vCPU-hour. Plan the major upgrade (docs/runbook.md, Upgrade).`,
    };
}

export interface ServingAlarmsArgs {
    environment: Env;
    /** The platform's alarm topic (PlatformOutputs.alarmTopicArn). */
    alarmTopicArn: pulumi.Input<string>;
    thresholds: ServingThresholds;
    /** The environment's ALB (Edge.albArnSuffix); absent while the edge is off or its hostname is given by hand. */
    albArnSuffix?: pulumi.Input<string>;
    database: {
        identifier: pulumi.Input<string>;
        instanceClass: string;
        allocatedStorageGb: number;
        engineVersion: string;
    };
    /** Every ACM certificate of the environment. */
    certificateArns: pulumi.Input<string>[];
    /** When the origin-pull CA and client certificate end (Environment.originPullValidityEndTime). */
    originPullValidityEndTime: { ca: pulumi.Input<string>; client: pulumi.Input<string> };
}

type AlarmShape = Omit<aws.cloudwatch.MetricAlarmArgs, "alarmDescription" | "alarmActions" | "okActions" | "name">;

export class ServingAlarms extends pulumi.ComponentResource {
    /** The alarms' names (`osprey-<env>-...`): `aws cloudwatch describe-alarms --alarm-names ...`. */
    readonly alarmNames: pulumi.Output<string>[] = [];

    constructor(name: string, args: ServingAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:alarms:ServingAlarms",
            name,
            { environment: args.environment, thresholds: args.thresholds, alb: args.albArnSuffix !== undefined },
            opts,
        );
        const parent = { parent: this };
        const label = environmentNames(args.environment).label;
        const t = args.thresholds;
        const topic = args.alarmTopicArn;

        const alarm = (part: string, anchor: RunbookAnchor, text: string, shape: AlarmShape) => {
            const a = new aws.cloudwatch.MetricAlarm(
                `${name}-${part}`,
                {
                    ...shape,
                    name: `${label}-${part}`,
                    alarmDescription: runbookText(anchor, `${label}: ${text}`),
                    alarmActions: [topic],
                    okActions: [topic],
                },
                parent,
            );
            this.alarmNames.push(a.name);
            return a;
        };
        // The page's shape for ALB and RDS: one-minute periods, every one of N breaching.
        const minutes = (n: number) => ({ period: 60, evaluationPeriods: n, datapointsToAlarm: n });

        if (args.albArnSuffix !== undefined) {
            const lb = { LoadBalancer: args.albArnSuffix };
            // No requests, no ALB metrics (ELB publishes only while requests flow): silence is not an outage here.
            const quiet = { namespace: "AWS/ApplicationELB", treatMissingData: "notBreaching", ...minutes(5) };
            alarm(
                "alb-elb-5xx",
                RUNBOOK_ANCHORS.albElb5xx,
                `the ALB itself answered 5XX more than ${t.elb5xxPerMinute}/minute for 5 minutes (no healthy target, or targets resetting connections)`,
                {
                    ...quiet,
                    metricName: "HTTPCode_ELB_5XX_Count",
                    statistic: "Sum",
                    dimensions: lb,
                    threshold: t.elb5xxPerMinute,
                    comparisonOperator: "GreaterThanThreshold",
                },
            );
            alarm(
                "alb-target-5xx",
                RUNBOOK_ANCHORS.albTarget5xx,
                `the apps answered 5XX more than ${t.target5xxPerMinute}/minute for 5 minutes`,
                {
                    ...quiet,
                    metricName: "HTTPCode_Target_5XX_Count",
                    statistic: "Sum",
                    dimensions: lb,
                    threshold: t.target5xxPerMinute,
                    comparisonOperator: "GreaterThanThreshold",
                },
            );
            alarm(
                "alb-unhealthy",
                RUNBOOK_ANCHORS.albUnhealthy,
                `a target group of the ALB had more than ${t.unhealthyTargets} unhealthy targets for 5 minutes`,
                {
                    treatMissingData: "notBreaching",
                    evaluationPeriods: 5,
                    datapointsToAlarm: 5,
                    threshold: t.unhealthyTargets,
                    comparisonOperator: "GreaterThanThreshold",
                    metricQueries: [
                        {
                            id: "unhealthy",
                            expression: pulumi.output(args.albArnSuffix).apply(unhealthyTargetsQuery),
                            period: 60,
                            returnData: true,
                        },
                    ],
                },
            );
            alarm(
                "alb-slow",
                RUNBOOK_ANCHORS.albSlow,
                `p90 response time of the apps above ${t.targetResponseP90Ms} ms for 5 minutes`,
                {
                    ...quiet,
                    metricName: "TargetResponseTime",
                    extendedStatistic: "p90",
                    dimensions: lb,
                    threshold: t.targetResponseP90Ms / 1000,
                    comparisonOperator: "GreaterThanThreshold",
                },
            );
        }

        const db = { DBInstanceIdentifier: args.database.identifier };
        const limits = rdsThresholds(t, args.database);
        const rds = { namespace: "AWS/RDS", dimensions: db };
        alarm(
            "rds-storage",
            RUNBOOK_ANCHORS.rdsStorage,
            `free storage below ${t.rdsFreeStoragePercent}% of ${args.database.allocatedStorageGb} GiB for 5 minutes`,
            {
                ...rds,
                ...minutes(5),
                metricName: "FreeStorageSpace",
                statistic: "Minimum",
                threshold: limits.freeStorageBytes,
                comparisonOperator: "LessThanThreshold",
            },
        );
        alarm(
            "rds-memory",
            RUNBOOK_ANCHORS.rdsMemory,
            `freeable memory below ${t.rdsFreeMemoryPercent}% of ${args.database.instanceClass}'s for 15 minutes`,
            {
                ...rds,
                ...minutes(15),
                metricName: "FreeableMemory",
                statistic: "Average",
                threshold: limits.freeMemoryBytes,
                comparisonOperator: "LessThanThreshold",
            },
        );
        alarm("rds-cpu", RUNBOOK_ANCHORS.rdsCpu, `CPU above ${t.rdsCpuPercent}% for 5 minutes`, {
            ...rds,
            ...minutes(5),
            metricName: "CPUUtilization",
            statistic: "Average",
            threshold: limits.cpuPercent,
            comparisonOperator: "GreaterThanThreshold",
        });
        alarm(
            "rds-connections",
            RUNBOOK_ANCHORS.rdsConnections,
            `more than ${limits.connections} connections (${t.rdsConnectionsPercent}% of ${args.database.instanceClass}'s default max_connections) for 5 minutes`,
            {
                ...rds,
                ...minutes(5),
                metricName: "DatabaseConnections",
                statistic: "Average",
                threshold: limits.connections,
                comparisonOperator: "GreaterThanThreshold",
            },
        );
        // No ReplicaLag alarm: the environments have no read replica (components/data/database.ts, single-AZ).

        // RDS's own events (failover, failure, low storage, maintenance, notification) to the same topic; AWS writes the
        // message, so the runbook section rides on the tag.
        new aws.rds.EventSubscription(
            `${name}-rds-events`,
            {
                name: `${label}-rds-events`,
                snsTopic: topic,
                sourceType: "db-instance",
                sourceIds: [args.database.identifier],
                eventCategories: [...RDS_EVENT_CATEGORIES],
                enabled: true,
                tags: { [RUNBOOK_TAG]: RUNBOOK_ANCHORS.rdsEvents },
            },
            parent,
        );

        // ACM publishes DaysToExpiry once a day per certificate (AWS/CertificateManager, dimension CertificateArn).
        args.certificateArns.forEach((arn, i) =>
            alarm(
                i === 0 ? "acm-expiry" : `acm-expiry-${i}`,
                RUNBOOK_ANCHORS.acmExpiry,
                `an ACM certificate has ${t.acmDaysToExpiry} days or fewer left: its managed renewal is failing`,
                {
                    namespace: "AWS/CertificateManager",
                    metricName: "DaysToExpiry",
                    dimensions: { CertificateArn: arn },
                    statistic: "Minimum",
                    period: 86400,
                    evaluationPeriods: 1,
                    datapointsToAlarm: 1,
                    threshold: t.acmDaysToExpiry,
                    comparisonOperator: "LessThanOrEqualToThreshold",
                },
            ),
        );

        // The origin-pull certificates are @pulumi/tls resources: no AWS metric watches them. A one-time EventBridge
        // rule at (end − threshold) publishes the notice to the topic; the rule moves when the certificate is renewed.
        // A time already past never fires: then every preview and up warn (components/environment/originProof.ts).
        const notice = (part: "client" | "ca", end: pulumi.Input<string>, days: number, what: string) => {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-origin-pull-${part}-expiry`,
                {
                    name: `${label}-origin-pull-${part}-expiry`,
                    description: `${label}: ${days} days before the origin-pull ${what} ends`,
                    scheduleExpression: pulumi.output(end).apply((e) => {
                        const cron = noticeCron(e, days);
                        if (!cron) throw new Error(`ServingAlarms ${name}: the origin-pull ${what} has no end time`);
                        return cron;
                    }),
                },
                parent,
            );
            new aws.cloudwatch.EventTarget(
                `${name}-origin-pull-${part}-expiry`,
                {
                    rule: rule.name,
                    arn: topic,
                    input: pulumi
                        .output(end)
                        .apply((e) =>
                            JSON.stringify(
                                runbookText(
                                    RUNBOOK_ANCHORS.originPullExpiry,
                                    `${label}: the origin-pull ${what} ends ${e} (in ${days} days or fewer)`,
                                ),
                            ),
                        ),
                },
                parent,
            );
        };
        notice("client", args.originPullValidityEndTime.client, t.originPullClientDaysToExpiry, "client certificate");
        notice("ca", args.originPullValidityEndTime.ca, t.originPullCaDaysToExpiry, "CA");

        // The RDS support calendar's warning, scheduled like the EKS one (components/cluster/supportNotice.ts): it pages
        // on its day without anyone running the program. Nothing for a major the calendar does not list.
        const support = rdsSupportNoticePlan(args.database.engineVersion, t.rdsSupportNoticeDays);
        if (support) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-rds-support-notice`,
                {
                    name: `${label}-rds-support-ending`,
                    description: `${label}: ${t.rdsSupportNoticeDays} days before RDS standard support for PostgreSQL ${support.major} ends`,
                    scheduleExpression: support.cron,
                },
                parent,
            );
            new aws.cloudwatch.EventTarget(
                `${name}-rds-support-notice`,
                {
                    rule: rule.name,
                    arn: topic,
                    input: JSON.stringify(runbookText(RUNBOOK_ANCHORS.rdsSupportEnding, `${label}: ${support.text}`)),
                },
                parent,
            );
        }

        this.registerOutputs({});
    }
}
