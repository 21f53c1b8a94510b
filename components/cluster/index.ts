/**
 * The cluster layer. `Cluster` is the platform part (owned by stack main): EKS with its node group, the
 * explicit Kubernetes provider, the add-ons (ALB controller, External Secrets), the jumpbox and ECR.
 * `EnvironmentNamespace` is the per-environment part each stack creates with a Kubernetes provider made by
 * `createKubernetesProvider` (from `Cluster.kubeconfig`, or from the `kubeconfig` platform output).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAddons } from "./addons";
import { EcrRepositories } from "./ecr";
import { EksCluster, eksClusterArgProblems, NodeGroupSettings } from "./eksCluster";
import type { EksLogType } from "../../lib/costSwitches";
import { Jumpbox } from "./jumpbox";
import { ClusterObservability, ObservabilitySettings } from "./observability";
import { clusterAlarmProblems } from "./clusterAlarms";
import { createKubernetesProvider } from "./kubernetesProvider";
import { supportNotice } from "./supportNotice";
import { WARN_DAYS_BEFORE_END } from "./supportCalendar";
import { apiTunnelUrlProblem, gravitonInstanceTypeProblem } from "../../lib/clusterRules";
import { ENVIRONMENTS, environmentNames, PLATFORM_SECRET_PREFIX } from "../../lib/naming";
import { clusterServiceCidr } from "../../lib/networkLayout";
import { problem, Problem, problemIf, under } from "../../lib/problems";

export { ALB_CONTROLLER_SERVICE_ACCOUNT, CHARTS, CLUSTER_SECRET_STORE } from "./addons";
export { APP_IMAGES } from "./ecr";
export { createKubernetesProvider } from "./kubernetesProvider";
export type { KubernetesProviderArgs } from "./kubernetesProvider";
export type { NodeGroupSettings } from "./eksCluster";

export interface ClusterArgs {
    /** Physical EKS cluster name (default: the component's name). */
    clusterName?: string;
    region: string;
    vpcId: pulumi.Input<string>;
    /** The VPC's IPv4 block: the Service range is chosen outside it, and the platform's NetworkPolicies name both. */
    vpcCidr: string;
    privateSubnetIds: pulumi.Input<string[]>;
    publicSubnetIds: pulumi.Input<string[]>;
    /** Kubernetes minor version, e.g. "1.35" (a warning is printed within 90 days of its end of standard support). */
    kubernetesVersion: string;
    /** STANDARD (default): EKS auto-upgrades at the end of standard support instead of billing extended support. */
    supportType?: "STANDARD" | "EXTENDED";
    endpoint: {
        /** Public API endpoint; default false (private only, reached through the jumpbox). */
        publicAccess: boolean;
        /** IPv4 CIDRs allowed to the public endpoint (required when public; never 0.0.0.0/0). */
        publicAccessCidrs: string[];
    };
    /** IAM role ARNs given cluster admin through EKS access entries. Do not list the role that runs `pulumi up`: EKS already made it admin as the creator. */
    adminRoleArns: string[];
    nodeGroup: NodeGroupSettings;
    /** Managed add-on versions to pin; empty or absent: EKS's recommended version for the cluster's minor. */
    addonVersions?: { vpcCni: string; coredns: string; cloudwatchObservability?: string; metricsServer?: string };
    /** Container logs, Container Insights metrics, metrics-server and the alarms on them (components/cluster/observability.ts). */
    observability: ObservabilitySettings;
    /** The platform's alarm topic: every cluster alarm notifies it. */
    alarmTopicArn: pulumi.Input<string>;
    /** Control-plane log types and their retention (default api, audit, authenticator for 30 days). */
    controlPlaneLogs?: { types: EksLogType[]; retentionDays: number };
    /** Jumpbox instance type, Graviton (default t4g.nano). */
    jumpboxInstanceType?: string;
    /** Untagged images kept per ECR repository (default 10). */
    ecrUntaggedImagesToKeep?: number;
    /**
     * Create the Kubernetes resources (add-ons). false only for the platform's first deploy: the private API is
     * reachable only through the jumpbox, which that run creates.
     */
    kubernetesEnabled: boolean;
    /** Local tunnel URL to the API (https://127.0.0.1:8443) when `pulumi up` runs outside the VPC; "" inside it. */
    kubernetesApiTunnelUrl?: string;
    /** Secrets Manager name prefix the platform's ClusterSecretStore may read (default PLATFORM_SECRET_PREFIX, osprey-strike/platform/). */
    secretsManagerPrefix?: string;
    /** "Today" for the support-calendar warning (tests pin it). */
    /** Days before the end of standard support when the EKS support notice pages (platform.cluster.supportNoticeDays; default 90). */
    supportNoticeDays?: number;
    today?: Date;
}

/** Every problem with the cluster settings, each naming its field (Platform reports them; the parts do not re-check). */
export function clusterArgProblems(
    args: Omit<ClusterArgs, "vpcId" | "vpcCidr" | "privateSubnetIds" | "publicSubnetIds" | "alarmTopicArn">,
): Problem[] {
    const problems = eksClusterArgProblems(
        {
            kubernetesVersion: args.kubernetesVersion,
            adminRoleArns: args.adminRoleArns,
            nodeGroup: args.nodeGroup,
            endpointPublicAccess: args.endpoint.publicAccess,
            publicAccessCidrs: args.endpoint.publicAccessCidrs,
        },
        "endpoint.publicAccessCidrs",
    );
    const jumpbox =
        args.jumpboxInstanceType === undefined ? undefined : gravitonInstanceTypeProblem(args.jumpboxInstanceType);
    problems.push(...problemIf("jumpboxInstanceType", jumpbox));
    const keep = args.ecrUntaggedImagesToKeep;
    if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
        problems.push(problem("ecrUntaggedImagesToKeep", `${keep} must be a positive integer`));
    problems.push(...under("observability.alarms", clusterAlarmProblems(args.observability.alarms)));
    const tunnel = args.kubernetesApiTunnelUrl ? apiTunnelUrlProblem(args.kubernetesApiTunnelUrl) : undefined;
    problems.push(...problemIf("kubernetesApiTunnelUrl", tunnel));
    const prefix = args.secretsManagerPrefix;
    if (prefix !== undefined && !/^[A-Za-z0-9_+=.@/-]+\/$/.test(prefix)) {
        problems.push(
            problem(
                "secretsManagerPrefix",
                `"${prefix}" must be a name path ending in "/" (External Secrets may read everything under it)`,
            ),
        );
    } else if (prefix !== undefined) {
        // The platform's store must not reach any environment's secrets (no role reads both environments':
        // docs/requirements.md, Isolation).
        const covered = ENVIRONMENTS.filter((e) => environmentNames(e).secretPrefix.startsWith(prefix));
        if (covered.length > 0)
            problems.push(
                problem(
                    "secretsManagerPrefix",
                    `"${prefix}" covers the secrets of ${covered.join(", ")}; use a platform-only path such as ${PLATFORM_SECRET_PREFIX}`,
                ),
            );
    }
    return problems;
}

export class Cluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    /** Secret. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcProviderUrl: pulumi.Output<string>;
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    readonly jumpboxInstanceId: pulumi.Output<string>;
    readonly ecrRepositoryUrls: pulumi.Output<Record<string, string>>;
    /** The explicit provider for this stack's Kubernetes resources (EnvironmentNamespace included). */
    readonly kubernetesProvider: k8s.Provider;
    /** External Secrets Operator's IRSA role ("" until kubernetesEnabled): environments grant it their DB secret. */
    readonly externalSecretsRoleArn: pulumi.Output<string>;
    /**
     * What an ExternalSecret must wait for: ESO's webhook refuses requests until its pod is ready (the chart release is
     * atomic, so it is ready when the release is), and the store must exist. Empty until kubernetesEnabled.
     */
    readonly externalSecretsReady: pulumi.Resource[];
    /** Per environment, the controller's release and the environment's IngressClass (ClusterAddons.ingressReady); {} without Kubernetes. */
    readonly ingressReady: Record<string, pulumi.Resource[]>;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const { vpcId, privateSubnetIds, publicSubnetIds, today, alarmTopicArn, ...summary } = args;
        super("osprey:cluster:Cluster", name, summary, opts);
        const clusterName = args.clusterName ?? name;

        const eks = new EksCluster(
            name,
            {
                clusterName,
                vpcId,
                privateSubnetIds,
                publicSubnetIds,
                kubernetesVersion: args.kubernetesVersion,
                serviceIpv4Cidr: clusterServiceCidr(args.vpcCidr),
                supportType: args.supportType ?? "STANDARD",
                endpointPublicAccess: args.endpoint.publicAccess,
                publicAccessCidrs: args.endpoint.publicAccessCidrs,
                adminRoleArns: args.adminRoleArns,
                nodeGroup: args.nodeGroup,
                addonVersions: { "vpc-cni": args.addonVersions?.vpcCni, coredns: args.addonVersions?.coredns },
                logTypes: args.controlPlaneLogs?.types,
                logRetentionDays: args.controlPlaneLogs?.retentionDays,
                today,
            },
            { parent: this },
        );

        // The support calendar's warning, scheduled: it pages on its day without a run (supportNotice.ts).
        supportNotice(this, name, {
            clusterName,
            kubernetesVersion: args.kubernetesVersion,
            days: args.supportNoticeDays ?? WARN_DAYS_BEFORE_END,
            alarmTopicArn,
            today: today ?? new Date(),
        });

        // Signals and alarms: an EKS add-on and CloudWatch resources, so no Kubernetes provider is needed.
        new ClusterObservability(
            `${name}-observability`,
            {
                ...args.observability,
                clusterName,
                region: args.region,
                kubernetesVersion: args.kubernetesVersion,
                oidcProviderArn: eks.oidcProviderArn,
                oidcIssuer: eks.oidcIssuer,
                addonVersions: {
                    cloudwatchObservability: args.addonVersions?.cloudwatchObservability,
                    metricsServer: args.addonVersions?.metricsServer,
                },
                nodeMinSize: args.nodeGroup.minSize,
                alarmTopicArn,
                nodesReady: [eks.nodes],
                clusterReady: [eks],
            },
            { parent: this },
        );

        this.kubernetesProvider = createKubernetesProvider(
            `${name}-k8s`,
            { kubeconfig: eks.kubeconfig, apiTunnelUrl: args.kubernetesApiTunnelUrl ?? "" },
            { parent: this },
        );

        let addons: ClusterAddons | undefined;
        if (args.kubernetesEnabled) {
            addons = new ClusterAddons(
                `${name}-addons`,
                {
                    clusterName,
                    vpcId,
                    addresses: { vpcCidr: args.vpcCidr, serviceCidr: clusterServiceCidr(args.vpcCidr) },
                    pulumiRoleArns: args.adminRoleArns,
                    region: args.region,
                    oidcProviderArn: eks.oidcProviderArn,
                    oidcIssuer: eks.oidcIssuer,
                    kubernetesProvider: this.kubernetesProvider,
                    secretsManagerPrefix: args.secretsManagerPrefix ?? PLATFORM_SECRET_PREFIX,
                    nodesReady: [eks.nodes],
                },
                { parent: this },
            );
        }

        const jumpbox = new Jumpbox(
            `${name}-jumpbox`,
            {
                vpcId,
                privateSubnetIds,
                clusterSecurityGroupId: eks.clusterSecurityGroupId,
                instanceType: args.jumpboxInstanceType,
            },
            { parent: this },
        );
        const ecr = new EcrRepositories(
            `${name}-ecr`,
            { untaggedImagesToKeep: args.ecrUntaggedImagesToKeep ?? 10 },
            { parent: this },
        );

        this.externalSecretsRoleArn = addons?.externalSecretsRoleArn ?? pulumi.output("");
        this.externalSecretsReady = addons ? [addons.secretStore] : [];
        this.ingressReady = addons?.ingressReady ?? {};
        this.clusterName = eks.clusterName;
        this.kubeconfig = eks.kubeconfig;
        this.oidcProviderArn = eks.oidcProviderArn;
        this.oidcProviderUrl = eks.oidcProviderUrl;
        this.clusterSecurityGroupId = eks.clusterSecurityGroupId;
        this.nodeSecurityGroupId = eks.nodeSecurityGroupId;
        this.jumpboxInstanceId = jumpbox.instanceId;
        this.ecrRepositoryUrls = ecr.repositoryUrls;
        this.registerOutputs({ clusterName: this.clusterName, jumpboxInstanceId: this.jumpboxInstanceId });
    }
}
