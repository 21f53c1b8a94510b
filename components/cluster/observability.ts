/**
 * The cluster's signals: container logs and Container Insights metrics through the amazon-cloudwatch-observability EKS
 * add-on (CloudWatch agent + Fluent Bit, one EKS-managed install that moves with the cluster), metrics-server through the
 * EKS community add-on (what `kubectl top` and a HorizontalPodAutoscaler read), the log groups with a retention, and the
 * alarms on them (clusterAlarms.ts). Why this path and what it costs: docs/operate.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createIrsaRole } from "./irsa";
import { ClusterAlarms, ClusterAlarmSettings } from "./clusterAlarms";
import {
    CLOUDWATCH_ADDON,
    CLOUDWATCH_AGENT_SERVICE_ACCOUNT,
    cloudwatchAddonConfiguration,
    cloudwatchAgentPolicy,
    CONTAINER_LOG_KINDS,
    containerInsightsLogGroup,
    METRICS_SERVER_ADDON,
} from "./observabilityRules";

export interface ObservabilitySettings {
    /** Container Insights metrics and the node alarms on them (default true); false: container logs only. */
    containerInsights: boolean;
    /** Days CloudWatch keeps the container log groups (default 30). */
    containerLogRetentionDays: number;
    /** Alarm thresholds and grace periods (config platform.cluster.observability). */
    alarms: ClusterAlarmSettings;
}

export interface ClusterObservabilityArgs extends ObservabilitySettings {
    clusterName: string;
    region: string;
    kubernetesVersion: string;
    oidcProviderArn: pulumi.Input<string>;
    /** OIDC issuer without https://. */
    oidcIssuer: pulumi.Input<string>;
    /** Add-on versions to pin; empty: EKS's recommended version for the cluster's minor. */
    addonVersions: { cloudwatchObservability?: string; metricsServer?: string };
    /** The node group's minimum size: fewer ready nodes than this pages. */
    nodeMinSize: number;
    /** The topic every alarm notifies (the platform's alarm topic). */
    alarmTopicArn: pulumi.Input<string>;
    /** The add-ons turn ACTIVE only once their pods are scheduled: created after the nodes. */
    nodesReady: pulumi.Resource[];
    /** The cluster itself (the add-ons need it). */
    clusterReady: pulumi.Resource[];
}

export class ClusterObservability extends pulumi.ComponentResource {
    /** The application log group's name (every container's stdout and stderr). */
    readonly applicationLogGroupName: pulumi.Output<string>;
    readonly agentRoleArn: pulumi.Output<string>;

    constructor(name: string, args: ClusterObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        const {
            oidcProviderArn: _a,
            oidcIssuer: _i,
            alarmTopicArn: _t,
            nodesReady: _n,
            clusterReady: _c,
            ...summary
        } = args;
        super("osprey:cluster:ClusterObservability", name, summary, opts);
        const parent = { parent: this };
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

        // Before the add-on: Fluent Bit would otherwise create them never-expiring (auto_create_group).
        const groups = Object.fromEntries(
            CONTAINER_LOG_KINDS.map((kind) => [
                kind,
                new aws.cloudwatch.LogGroup(
                    `${name}-${kind}`,
                    {
                        name: containerInsightsLogGroup(args.clusterName, kind),
                        retentionInDays: args.containerLogRetentionDays,
                    },
                    parent,
                ),
            ]),
        );

        const role = createIrsaRole(
            `${name}-agent`,
            {
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: args.oidcIssuer,
                serviceAccount: CLOUDWATCH_AGENT_SERVICE_ACCOUNT,
                description: `CloudWatch agent and Fluent Bit (IRSA): write ${args.clusterName}'s Container Insights logs and metrics only`,
                policy: accountId.apply((acct) =>
                    JSON.stringify(cloudwatchAgentPolicy(args.region, acct, args.clusterName)),
                ),
            },
            parent,
        );

        const addonVersion = (addon: string, pinned: string | undefined) =>
            pinned ||
            aws.eks.getAddonVersionOutput({ addonName: addon, kubernetesVersion: args.kubernetesVersion }, parent)
                .version;
        new aws.eks.Addon(
            `${name}-cloudwatch`,
            {
                clusterName: args.clusterName,
                addonName: CLOUDWATCH_ADDON,
                addonVersion: addonVersion(CLOUDWATCH_ADDON, args.addonVersions.cloudwatchObservability),
                serviceAccountRoleArn: role.arn,
                configurationValues: JSON.stringify(cloudwatchAddonConfiguration(args.containerInsights, args.region)),
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            },
            { parent: this, dependsOn: [...args.clusterReady, ...args.nodesReady, ...Object.values(groups)] },
        );
        new aws.eks.Addon(
            `${name}-metrics-server`,
            {
                clusterName: args.clusterName,
                addonName: METRICS_SERVER_ADDON,
                addonVersion: addonVersion(METRICS_SERVER_ADDON, args.addonVersions.metricsServer),
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            },
            { parent: this, dependsOn: [...args.clusterReady, ...args.nodesReady] },
        );

        new ClusterAlarms(
            `${name}-alarms`,
            {
                clusterName: args.clusterName,
                applicationLogGroupName: groups.application.name,
                nodeMinSize: args.nodeMinSize,
                nodeAlarms: args.containerInsights,
                topicArn: args.alarmTopicArn,
                ...args.alarms,
            },
            parent,
        );

        this.applicationLogGroupName = groups.application.name;
        this.agentRoleArn = role.arn;
        this.registerOutputs({
            applicationLogGroupName: this.applicationLogGroupName,
            agentRoleArn: this.agentRoleArn,
        });
    }
}
