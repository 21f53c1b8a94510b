/**
 * The alarms on the cluster's signals, each to the platform's alarm topic, each pointing at its runbook section
 * (docs/runbook.md, "Alarms"): nodes (Container Insights metrics) and the GitOps and secret controllers (metric filters
 * on the controllers' shipped logs, observabilityRules.ts LOG_PATTERNS). Thresholds and grace periods are settings
 * (config platform.cluster.observability); their defaults and sources are stated there.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_METRIC_NAMESPACE, LOG_PATTERNS } from "./observabilityRules";
import { problem, Problem } from "../../lib/problems";

export interface ClusterAlarmSettings {
    /** Cluster-wide node CPU (percent, Container Insights node_cpu_utilization) that pages when sustained. */
    nodeCpuPercent: number;
    /** Cluster-wide node memory (percent, node_memory_utilization) that pages when sustained. */
    nodeMemoryPercent: number;
    /** Minutes the CPU or memory must stay above its threshold (a multiple of 5). */
    pressureMinutes: number;
    /** Window in which an Argo CD application that went Degraded (or main's that went OutOfSync) must recover (a multiple of 5). */
    argocdGraceMinutes: number;
    /** Minutes Image Updater may keep failing to write back before it pages (a multiple of 10). */
    imageUpdaterGraceMinutes: number;
    /** Minutes an ExternalSecret may keep failing before it pages (a multiple of 30: ESO retries at most ~1,000 s apart). */
    externalSecretsGraceMinutes: number;
}

/**
 * Every problem with the alarm settings, each naming its field (paths relative to the settings: the cluster's args hold
 * them at observability.alarms).
 */
export function clusterAlarmProblems(s: ClusterAlarmSettings): Problem[] {
    const multiple = (field: keyof ClusterAlarmSettings, of: number, why: string) =>
        s[field] % of === 0 && s[field] >= of
            ? undefined
            : problem(field, `${s[field]} must be a positive multiple of ${of} (${why})`);
    return [
        multiple("pressureMinutes", 5, "the alarm reads 5-minute periods"),
        multiple("argocdGraceMinutes", 5, "the alarm's period"),
        multiple("imageUpdaterGraceMinutes", 10, "the alarm reads 10-minute periods"),
        multiple(
            "externalSecretsGraceMinutes",
            30,
            "the alarm reads 30-minute periods, longer than ESO's longest retry",
        ),
    ].filter((p): p is Problem => p !== undefined);
}

/** Runbook sections (### headings under "## Alarms" in docs/runbook.md), by alarm. */
export const RUNBOOK_HEADINGS = {
    nodesNotReady: "Cluster: fewer ready nodes than the minimum",
    nodeCpu: "Cluster: node CPU pressure",
    nodeMemory: "Cluster: node memory pressure",
    argocdDegraded: "Argo CD: an application stayed Degraded",
    argocdOutOfSync: "Argo CD: a main application stayed OutOfSync",
    imageUpdaterWriteBack: "Argo CD Image Updater: write-back failing",
    externalSecretNotSynced: "External Secrets: an ExternalSecret is not syncing",
} as const;
export type ClusterAlarmName = keyof typeof RUNBOOK_HEADINGS;

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, each space a `-`. */
export const githubAnchor = (heading: string) =>
    heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/ /g, "-");

/** `Runbook: docs/runbook.md#<anchor> — <what it means>`: the first thing the page says is where to go. */
export const runbookDescription = (alarm: ClusterAlarmName, means: string) =>
    `Runbook: docs/runbook.md#${githubAnchor(RUNBOOK_HEADINGS[alarm])} — ${means}`;

/** The metric filters the alarms read (one custom metric each, in CLUSTER_METRIC_NAMESPACE). */
export const LOG_METRICS = {
    ArgocdIntoDegraded: LOG_PATTERNS.argocdIntoDegraded,
    ArgocdOutOfDegraded: LOG_PATTERNS.argocdOutOfDegraded,
    ArgocdMainIntoOutOfSync: `${LOG_PATTERNS.argocdIntoOutOfSync} "-main"`,
    ArgocdMainOutOfOutOfSync: `${LOG_PATTERNS.argocdOutOfOutOfSync} "-main"`,
    ImageUpdaterWriteBackFailed: LOG_PATTERNS.imageUpdaterWriteBackFailed,
    ExternalSecretSyncFailed: LOG_PATTERNS.externalSecretSyncFailed,
} as const;
export type LogMetric = keyof typeof LOG_METRICS;

export interface ClusterAlarmsArgs extends ClusterAlarmSettings {
    clusterName: string;
    applicationLogGroupName: pulumi.Input<string>;
    nodeMinSize: number;
    /** The node alarms read Container Insights metrics: only with them (observability.containerInsights). */
    nodeAlarms: boolean;
    topicArn: pulumi.Input<string>;
}

type AlarmArgs = aws.cloudwatch.MetricAlarmArgs;

/** The alarms' arguments (pure apart from the topic and group Inputs), by name: what the component creates. */
export function clusterAlarmSpecs(a: ClusterAlarmsArgs): Record<ClusterAlarmName, AlarmArgs> {
    const actions = { alarmActions: [a.topicArn], okActions: [a.topicArn] };
    const ci = (metricName: string, stat: string, period: number) => ({
        metric: {
            namespace: "ContainerInsights",
            metricName,
            dimensions: { ClusterName: a.clusterName },
            period,
            stat,
        },
        returnData: false,
    });
    const logMetric = (id: string, metric: LogMetric, period: number) => ({
        id,
        metric: { namespace: CLUSTER_METRIC_NAMESPACE, metricName: metric, period, stat: "Sum" },
        returnData: false,
    });
    /** Transitions into a state minus transitions out of it, over the grace window: > 0 means one did not recover. */
    const stuck = (into: LogMetric, out: LogMetric): Pick<AlarmArgs, "metricQueries"> => {
        const period = a.argocdGraceMinutes * 60;
        return {
            metricQueries: [
                logMetric("into", into, period),
                logMetric("out", out, period),
                { id: "stuck", expression: "FILL(into, 0) - FILL(out, 0)", label: "not recovered", returnData: true },
            ],
        };
    };
    const pressure = (alarm: "nodeCpu" | "nodeMemory", metricName: string, percent: number): AlarmArgs => ({
        alarmDescription: runbookDescription(
            alarm,
            `${metricName} (cluster-wide) above ${percent}% for ${a.pressureMinutes} minutes.`,
        ),
        namespace: "ContainerInsights",
        metricName,
        dimensions: { ClusterName: a.clusterName },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: a.pressureMinutes / 5,
        threshold: percent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        ...actions,
    });
    return {
        nodesNotReady: {
            alarmDescription: runbookDescription(
                "nodesNotReady",
                `fewer than ${a.nodeMinSize} ready nodes (cluster_node_count - cluster_failed_node_count) for 10 minutes, or no node metrics at all.`,
            ),
            metricQueries: [
                { id: "nodes", ...ci("cluster_node_count", "Minimum", 300) },
                { id: "failed", ...ci("cluster_failed_node_count", "Maximum", 300) },
                { id: "ready", expression: "nodes - failed", label: "ready nodes", returnData: true },
            ],
            evaluationPeriods: 2,
            threshold: a.nodeMinSize,
            comparisonOperator: "LessThanThreshold",
            // No data: the agent is gone or no node reports. Either way the on-call must look.
            treatMissingData: "breaching",
            ...actions,
        },
        nodeCpu: pressure("nodeCpu", "node_cpu_utilization", a.nodeCpuPercent),
        nodeMemory: pressure("nodeMemory", "node_memory_utilization", a.nodeMemoryPercent),
        argocdDegraded: {
            alarmDescription: runbookDescription(
                "argocdDegraded",
                `an Argo CD application went Degraded and did not recover within ${a.argocdGraceMinutes} minutes.`,
            ),
            ...stuck("ArgocdIntoDegraded", "ArgocdOutOfDegraded"),
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            ...actions,
        },
        argocdOutOfSync: {
            alarmDescription: runbookDescription(
                "argocdOutOfSync",
                `a main application went OutOfSync and did not sync within ${a.argocdGraceMinutes} minutes (main syncs automatically).`,
            ),
            ...stuck("ArgocdMainIntoOutOfSync", "ArgocdMainOutOfOutOfSync"),
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            ...actions,
        },
        imageUpdaterWriteBack: {
            alarmDescription: runbookDescription(
                "imageUpdaterWriteBack",
                `Image Updater could not write a new digest back in every 10 minutes of the last ${a.imageUpdaterGraceMinutes}.`,
            ),
            namespace: CLUSTER_METRIC_NAMESPACE,
            metricName: "ImageUpdaterWriteBackFailed",
            statistic: "Sum",
            period: 600,
            evaluationPeriods: a.imageUpdaterGraceMinutes / 10,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            ...actions,
        },
        externalSecretNotSynced: {
            alarmDescription: runbookDescription(
                "externalSecretNotSynced",
                `External Secrets failed to sync an ExternalSecret in every 30 minutes of the last ${a.externalSecretsGraceMinutes}.`,
            ),
            namespace: CLUSTER_METRIC_NAMESPACE,
            metricName: "ExternalSecretSyncFailed",
            statistic: "Sum",
            period: 1800,
            evaluationPeriods: a.externalSecretsGraceMinutes / 30,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            ...actions,
        },
    };
}

export class ClusterAlarms extends pulumi.ComponentResource {
    constructor(name: string, args: ClusterAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        const { topicArn: _t, applicationLogGroupName: _g, ...summary } = args;
        super("osprey:cluster:ClusterAlarms", name, summary, opts);
        const parent = { parent: this };
        // One metric per pattern; 0 published for every other event, so the math has data while the controllers log.
        const filters = (Object.entries(LOG_METRICS) as [LogMetric, string][]).map(
            ([metric, pattern]) =>
                new aws.cloudwatch.LogMetricFilter(
                    `${name}-${metric}`,
                    {
                        logGroupName: args.applicationLogGroupName,
                        pattern,
                        metricTransformation: {
                            namespace: CLUSTER_METRIC_NAMESPACE,
                            name: metric,
                            value: "1",
                            defaultValue: "0",
                        },
                    },
                    parent,
                ),
        );
        const nodeAlarms: ClusterAlarmName[] = ["nodesNotReady", "nodeCpu", "nodeMemory"];
        for (const [alarm, spec] of Object.entries(clusterAlarmSpecs(args)))
            if (args.nodeAlarms || !nodeAlarms.includes(alarm as ClusterAlarmName))
                new aws.cloudwatch.MetricAlarm(`${name}-${alarm}`, spec, { parent: this, dependsOn: filters });
        this.registerOutputs({});
    }
}
