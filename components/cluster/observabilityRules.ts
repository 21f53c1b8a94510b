/**
 * The cluster's signals as data (pure: no Pulumi imports): the log groups the amazon-cloudwatch-observability add-on
 * writes, what its agent may do in IAM, its configuration, and the log patterns the alarms count. The component
 * (observability.ts) and the alarms (clusterAlarms.ts) build resources from these; tests read them directly.
 */

import { CONTAINER_LOG_KINDS, containerInsightsLogGroup, OBSERVABILITY_ADDONS } from "../../policy/contract";

/**
 * The groups Container Insights writes (/aws/containerinsights/<cluster>/<kind>): application (every container's
 * stdout/stderr, Fluent Bit's application-log.conf), performance (the agent's metric events, from which CloudWatch makes
 * the ContainerInsights metrics), dataplane and host (journald and /var/log on the node; the CloudWatch user guide notes
 * Amazon Linux 2023 nodes, ours, do not ship them by default). Fluent Bit's output has `auto_create_group true`, which
 * would create them never-expiring: the program creates them first, with a retention.
 */
export { CONTAINER_LOG_KINDS, containerInsightsLogGroup };
export type { ContainerLogKind } from "../../policy/contract";
/** The EKS add-on that runs the CloudWatch agent (Container Insights metrics) and Fluent Bit (container logs). */
export const CLOUDWATCH_ADDON = OBSERVABILITY_ADDONS.cloudwatch;
/** The EKS community add-on of the Kubernetes Metrics Server (what `kubectl top` and a HorizontalPodAutoscaler read). */
export const METRICS_SERVER_ADDON = OBSERVABILITY_ADDONS.metricsServer;

/**
 * The service account the add-on's CloudWatch agent AND its Fluent Bit run as: the chart's fluent-bit DaemonSet uses
 * `cloudwatch-agent.serviceAccountName` (aws-observability/helm-charts, charts/amazon-cloudwatch-observability,
 * templates/linux/fluent-bit-daemonset.yaml), and the EKS user guide's IRSA example names amazon-cloudwatch/cloudwatch-agent.
 */
export const CLOUDWATCH_AGENT_SERVICE_ACCOUNT = { namespace: "amazon-cloudwatch", name: "cloudwatch-agent" } as const;

/**
 * The add-on's configuration (its schema: CloudWatch user guide, "Install the CloudWatch agent with the Amazon CloudWatch
 * Observability EKS add-on", configuration): an agent config with ONLY Container Insights (enhanced observability, the
 * add-on's default metrics) and no `application_signals`, so Application Signals (billed per request) stays off; container
 * logs on (Fluent Bit, `containerLogs.enabled`, the chart's default).
 */
export function cloudwatchAddonConfiguration(containerInsights = true, region = "us-east-1") {
    // Logs only: an agent config that collects nothing (the chart's own default config when no feature targets the
    // agent is `{"agent":{"region":...}}`, templates/_helpers.tpl build-default-config); Fluent Bit still ships logs.
    const agent = containerInsights
        ? { logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } } }
        : { agent: { region } };
    return { agent: { config: agent }, containerLogs: { enabled: true } };
}

/**
 * The agent's IAM policy: the write half of AWS's CloudWatchAgentServerPolicy, narrowed. Kept: writing log streams and
 * events (logs:CreateLogStream, PutLogEvents, DescribeLogStreams) and logs:CreateLogGroup, which Fluent Bit's
 * `auto_create_group` calls and which is a no-op on the groups the program made, ALL only on this cluster's
 * /aws/containerinsights/<cluster>/ groups; DescribeLogGroups (list-only); the EC2 describes the agent tags its metrics
 * with; PutMetricData only into the ContainerInsights namespace (condition key cloudwatch:namespace). Dropped from the
 * managed policy: logs on every group in the account (the control-plane and Lambda groups, the other environments'),
 * ssm:GetParameter (the add-on passes its config, no SSM parameter), X-Ray (Application Signals is off), and any
 * retention or delete call (retention is the program's).
 */
export function cloudwatchAgentPolicy(region: string, accountId: string, clusterName: string) {
    const groups = `arn:aws:logs:${region}:${accountId}:log-group:/aws/containerinsights/${clusterName}/*`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteContainerInsightsLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [groups, `${groups}:log-stream:*`],
            },
            {
                // DescribeLogGroups takes no resource but "*" (AWS Service Authorization Reference, CloudWatch Logs).
                Sid: "ListLogGroups",
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: "*",
            },
            // Describe* actions support no resource-level permissions (AWS Service Authorization Reference, EC2).
            {
                Sid: "DescribeNodes",
                Effect: "Allow",
                Action: ["ec2:DescribeTags", "ec2:DescribeVolumes", "ec2:DescribeInstances"],
                Resource: "*",
            },
            {
                Sid: "ContainerInsightsMetricsOnly",
                Effect: "Allow",
                Action: "cloudwatch:PutMetricData",
                Resource: "*",
                Condition: { StringEquals: { "cloudwatch:namespace": "ContainerInsights" } },
            },
        ],
    };
}

/**
 * CloudWatch Logs filter patterns over the application group, as quoted terms (CloudWatch Logs "Filter pattern syntax":
 * an event matches when it contains every quoted term; case-sensitive). Terms, not JSON selectors, on purpose: Fluent Bit
 * wraps each container line in a JSON record (`log`, and `log_processed` when the line was JSON itself, Merge_Log On),
 * and a term matches the line wherever it ends up, whatever log format the controller was started with.
 */
export const LOG_PATTERNS = {
    /**
     * Argo CD's application controller on a health change: `Updated health status: %s -> %s` (argo-cd
     * controller/appcontroller.go, persistAppStatus, logged through the audit logger with the application's name).
     */
    argocdIntoDegraded: '"Updated health status:" "-> Degraded"',
    argocdOutOfDegraded: '"Updated health status: Degraded ->"',
    /** The same function on a sync change: `Updated sync status: %s -> %s`. */
    argocdIntoOutOfSync: '"Updated sync status:" "-> OutOfSync"',
    argocdOutOfOutOfSync: '"Updated sync status: OutOfSync ->"',
    /**
     * Image Updater when it cannot write an update back (git commit/push or the Application spec): `Could not update
     * application spec: %v` (argocd-image-updater pkg/argocd/update.go, UpdateApplication; logged every cycle it fails).
     */
    imageUpdaterWriteBackFailed: '"Could not update application spec"',
    /**
     * External Secrets: an ExternalSecret whose reconcile returns an error (the provider refused, the store is not ready,
     * the template failed) is logged by controller-runtime as `Reconciler error` with controllerKind ExternalSecret, and
     * retried with backoff (at most ~1,000 s apart): a failure that lasts keeps logging.
     */
    externalSecretSyncFailed: '"Reconciler error" "ExternalSecret"',
} as const;

/** The namespace of the metrics the program's metric filters publish. */
export const CLUSTER_METRIC_NAMESPACE = "Osprey/Cluster";
