/**
 * The one EKS cluster both environments share (the cost requirement rests on one $73/month control plane:
 * docs/requirements.md, Cost).
 * Its API is private by default: the jumpbox's SSM tunnel is the way in. Access is by EKS access entries
 * (authentication mode API, no aws-auth ConfigMap), secrets are envelope-encrypted with our own KMS key,
 * and nodes live in the private subnets in ONE managed node group (no @pulumi/eks default node group).
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { explicitProviders } from "../providers";
import { supportWarning } from "./supportCalendar";
import { createNodeLaunchTemplate } from "./nodeLaunchTemplate";
import {
    callerAccessProblem,
    iamRoleArnProblem,
    instanceTypeProblem,
    kubernetesVersionProblem,
    nodeArchitecture,
    nodeSizesProblem,
    roleIdentity,
    endpointAccessProblem,
} from "../../lib/clusterRules";
import { ipv4CidrProblem } from "../../lib/validators";
import { problem, Problem, problemIf } from "../../lib/problems";
import type { EksLogType } from "../../lib/costSwitches";
import { serviceTrustPolicy } from "../../lib/iamPolicies";

export interface NodeGroupSettings {
    /** EC2 instance types, one CPU architecture (default ["t3.medium"]). */
    instanceTypes: string[];
    /** ON_DEMAND (default) or SPOT. */
    capacityType: "ON_DEMAND" | "SPOT";
    /** Node counts: 1 <= minSize <= desiredSize <= maxSize (default 2 / 2 / 3). */
    minSize: number;
    desiredSize: number;
    maxSize: number;
    /** Root volume of each node, set in the node group's launch template (default gp3, 20 GiB). */
    rootVolumeType?: "gp3" | "gp2";
    rootVolumeSizeGb?: number;
    /**
     * The EKS optimized AMI release of the nodes (e.g. "1.35.2-20260301"); default: the newest for the cluster's minor,
     * read from AWS's public SSM parameter at every preview, so a new AMI shows as a node group diff to approve.
     */
    releaseVersion?: string;
}

export interface EksClusterArgs {
    /** Physical cluster name (also the CloudWatch log group /aws/eks/<name>/cluster). */
    clusterName: string;
    vpcId: pulumi.Input<string>;
    /** Nodes (and the API's network interfaces) go here. */
    privateSubnetIds: pulumi.Input<string[]>;
    /** For internet-facing load balancers the controller creates; no node runs here. */
    publicSubnetIds: pulumi.Input<string[]>;
    /** Kubernetes minor version, e.g. "1.35". */
    kubernetesVersion: string;
    /**
     * The Service range (kubernetesNetworkConfig.serviceIpv4Cidr), named so the NetworkPolicies can except it
     * (lib/networkLayout.ts clusterServiceCidr). Create-only: it must equal the range of a cluster that exists.
     */
    serviceIpv4Cidr: string;
    /** STANDARD: EKS upgrades the control plane at the end of standard support; EXTENDED: stays, at $0.60/h. */
    supportType: "STANDARD" | "EXTENDED";
    /** Public API endpoint (default false: private only). */
    endpointPublicAccess: boolean;
    /** Required when the endpoint is public: the only IPv4 CIDRs that reach it (never 0.0.0.0/0). */
    publicAccessCidrs: string[];
    /** IAM roles granted cluster admin through access entries (AmazonEKSClusterAdminPolicy). */
    adminRoleArns: string[];
    nodeGroup: NodeGroupSettings;
    /** Days the control-plane logs are kept (default 30; EKS's own default keeps them forever at $0.03/GB-month). */
    logRetentionDays?: number;
    /** Control-plane log types sent to CloudWatch (default CONTROL_PLANE_LOG_TYPES). */
    logTypes?: EksLogType[];
    /** "Today" for the support-calendar warning (tests pin it). */
    today?: Date;
    /** Managed add-on versions to pin, by add-on name; default: the version EKS recommends for the cluster's minor. */
    addonVersions?: Partial<Record<"vpc-cni" | "coredns", string>>;
}

/** The VPC CNI add-on's configuration: the network-policy agent enforces NetworkPolicies (VPC CNI >= 1.14). */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" } as const;

/** Control-plane log types: who called the API (api, audit) and who authenticated (authenticator). */
export const CONTROL_PLANE_LOG_TYPES: EksLogType[] = ["api", "audit", "authenticator"];

/**
 * @pulumi/eks 4.3.0 asks EKS to give the cluster's creator an access entry of its own whenever an authentication mode is
 * set (cluster.ts: `accessConfig: { authenticationMode, bootstrapClusterCreatorAdminPermissions: true }`, no argument to
 * turn it off; pulumi-eks #2373), and EKS allows one entry per principal ("An IAM principal can't be included in more
 * than one access entry", EKS user guide, access entries), so a creator listed in adminRoleArns made EKS refuse our entry
 * (ResourceInUseException) halfway through the first `pulumi up`. This transform, on the eks component, turns the
 * bootstrap entry off on its aws:eks/cluster:Cluster child (Pulumi transforms reach the children of packaged components):
 * every access to the cluster is then an entry in code, the creator's included. Upstream ignores changes to the flag, so
 * a cluster created before keeps its bootstrap entry (docs/runbook.md, "The cluster's creator").
 */
/**
 * A node group upgrade replaces at most one node at a time (`updateConfig.maxUnavailable` 1; EKS's own default is also 1,
 * stated here so a change is a reviewed diff), so with the api's two replicas spread over nodes and a PodDisruptionBudget
 * (kubernetes/api/base/pdb.yaml) one replica keeps serving. @pulumi/eks 4.3.0's ManagedNodeGroup has no such argument:
 * this transform sets it on the aws:eks/nodeGroup:NodeGroup child.
 */
export const oneNodeAtATime: pulumi.ResourceTransform = (args) =>
    args.type === "aws:eks/nodeGroup:NodeGroup"
        ? { props: { ...args.props, updateConfig: { maxUnavailable: 1 } }, opts: args.opts }
        : undefined;

export const withoutCreatorAdmin: pulumi.ResourceTransform = (args) => {
    if (args.type !== "aws:eks/cluster:Cluster") return undefined;
    const accessConfig = {
        ...((args.props.accessConfig as Record<string, unknown> | undefined) ?? {}),
        bootstrapClusterCreatorAdminPermissions: false,
    };
    return { props: { ...args.props, accessConfig }, opts: args.opts };
};

const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
// The three AWS-managed policies a managed node group's role needs (EKS user guide, "Amazon EKS node IAM role").
const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];

/**
 * Every problem with the EKS settings, each naming its field (Platform reports them; EksCluster does not re-check).
 * `cidrsField` is how the caller's args name the endpoint's allow-list.
 */
export function eksClusterArgProblems(
    a: Pick<
        EksClusterArgs,
        "kubernetesVersion" | "adminRoleArns" | "nodeGroup" | "endpointPublicAccess" | "publicAccessCidrs"
    >,
    cidrsField = "publicAccessCidrs",
): Problem[] {
    // A rule over one list as a whole (or over min/desired/max together) names the list (the node group).
    return [
        ...problemIf("kubernetesVersion", kubernetesVersionProblem(a.kubernetesVersion)),
        ...a.adminRoleArns.flatMap((arn) => problemIf("adminRoleArns", iamRoleArnProblem(arn))),
        ...a.nodeGroup.instanceTypes.flatMap((t) => problemIf("nodeGroup.instanceTypes", instanceTypeProblem(t))),
        ...(a.nodeGroup.instanceTypes.length === 0
            ? [problem("nodeGroup.instanceTypes", "list at least one instance type")]
            : []),
        ...problemIf("nodeGroup", nodeSizesProblem(a.nodeGroup.minSize, a.nodeGroup.desiredSize, a.nodeGroup.maxSize)),
        ...problemIf(cidrsField, endpointAccessProblem(a.endpointPublicAccess, a.publicAccessCidrs)),
        ...a.publicAccessCidrs.flatMap((c) => problemIf(cidrsField, ipv4CidrProblem(c))),
        ...(new Set(a.adminRoleArns.map(roleIdentity)).size !== a.adminRoleArns.length
            ? [
                  problem(
                      "adminRoleArns",
                      "a role is listed twice (EKS allows one access entry per principal; IAM role names are unique per account, whatever their path or case)",
                  ),
              ]
            : []),
    ];
}

export class EksCluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    /** The kubeconfig JSON (exec-based: `aws eks get-token`), marked secret. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcProviderUrl: pulumi.Output<string>;
    /** OIDC issuer without https://, the prefix of IRSA trust-policy condition keys. */
    readonly oidcIssuer: pulumi.Output<string>;
    /** @pulumi/eks's control-plane security group (on the API's network interfaces): admit API clients here. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** The security group EKS puts on managed nodes and their pods: allow traffic FROM the cluster's workloads by this one. */
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    readonly secretsKeyArn: pulumi.Output<string>;
    /** The managed node group: what runs the controllers, which must outlive what they manage on destroy. */
    readonly nodes: pulumi.Resource;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Plain summary for policies: no Outputs (the network IDs) and no clock.
        const { today, vpcId: _vpc, privateSubnetIds: _private, publicSubnetIds: _public, ...summary } = args;
        super("osprey:cluster:EksCluster", name, summary, opts);
        const warning = supportWarning(args.kubernetesVersion, today ?? new Date());
        if (warning) pulumi.log.warn(warning, this);
        const parent = { parent: this };

        // Envelope encryption of Kubernetes Secrets; rotation yearly (AWS KMS automatic rotation).
        const key = new aws.kms.Key(
            `${name}-secrets`,
            {
                description: `EKS ${args.clusterName}: envelope encryption of Kubernetes Secrets`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
            },
            // Without the key, the cluster's Secrets in etcd are unreadable: never deleted or replaced by an `up`.
            { ...parent, protect: true },
        );
        new aws.kms.Alias(
            `${name}-secrets`,
            { name: `alias/${args.clusterName}-eks-secrets`, targetKeyId: key.keyId },
            parent,
        );

        // Created before the cluster so EKS writes into it (with a retention) instead of making a never-expiring one.
        const logs = new aws.cloudwatch.LogGroup(
            `${name}-control-plane`,
            { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: args.logRetentionDays ?? 30 },
            parent,
        );

        const accessEntries: Record<string, eks.types.input.AccessEntryArgs> = {};
        args.adminRoleArns.forEach((principalArn, i) => {
            accessEntries[`admin-${i}`] = {
                principalArn,
                accessPolicies: { admin: { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: "cluster" } } },
            };
        });

        const awsProviders = { providers: explicitProviders(this, "aws") };
        const cluster = new eks.Cluster(
            name,
            {
                name: args.clusterName,
                version: args.kubernetesVersion,
                kubernetesServiceIpAddressRange: args.serviceIpv4Cidr,
                upgradePolicy: { supportType: args.supportType },
                vpcId: args.vpcId,
                privateSubnetIds: args.privateSubnetIds,
                publicSubnetIds: args.publicSubnetIds,
                nodeAssociatePublicIpAddress: false,
                endpointPrivateAccess: true,
                endpointPublicAccess: args.endpointPublicAccess,
                ...(args.endpointPublicAccess ? { publicAccessCidrs: args.publicAccessCidrs } : {}),
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries,
                skipDefaultNodeGroup: true,
                createOidcProvider: true,
                enabledClusterLogTypes: args.logTypes ?? CONTROL_PLANE_LOG_TYPES,
                encryptionConfigKeyArn: key.arn,
                // Without a default node group @pulumi/eks would leave CoreDNS self-managed; the managed add-on is below.
                corednsAddonOptions: { enabled: false },
                // The vpc-cni add-on is ours (below, with the network-policy agent): without this @pulumi/eks 4.3.0 makes its own
                // VpcCniAddon (nodejs/eks/cluster/cluster.ts, `useDefaultVpcCni !== undefined ? !useDefaultVpcCni : !autoMode`)
                // and EKS refuses the second add-on of one name with ResourceInUseException.
                useDefaultVpcCni: true,
                tags: { Name: args.clusterName },
            },
            { parent: this, dependsOn: [logs], transforms: [withoutCreatorAdmin], ...awsProviders },
        );
        // Whoever runs this program talks to the cluster (the Kubernetes passes): without an entry of its own it cannot.
        aws.getCallerIdentityOutput({}, parent).arn.apply((arn) => {
            const problem = callerAccessProblem(arn, args.adminRoleArns);
            if (problem) void pulumi.log.warn(`platform.cluster.adminRoleArns: ${problem}`, this);
        });

        const nodeRole = new aws.iam.Role(
            `${name}-nodes`,
            {
                description: `EKS ${args.clusterName}: managed node group instances`,
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
            },
            parent,
        );
        const attachments = NODE_POLICIES.map(
            (p) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-nodes-${p}`,
                    { role: nodeRole.name, policyArn: `arn:aws:iam::aws:policy/${p}` },
                    parent,
                ),
        );

        const ng = args.nodeGroup;
        // The nodes follow the control plane: with a launch template of our own and no `version`, @pulumi/eks leaves the
        // node group's version unset (nodes/nodegroup.ts at v4.3.0) and EKS keeps the nodes on their old minor after a
        // control-plane upgrade. The AMI release is AWS's newest for that minor unless pinned.
        const amiType =
            nodeArchitecture(ng.instanceTypes) === "arm64"
                ? "amazon-linux-2023/arm64/standard"
                : "amazon-linux-2023/x86_64/standard";
        const releaseVersion =
            ng.releaseVersion ||
            aws.ssm.getParameterOutput(
                {
                    name: `/aws/service/eks/optimized-ami/${args.kubernetesVersion}/${amiType}/recommended/release_version`,
                },
                parent,
            ).value;
        const launchTemplate = createNodeLaunchTemplate(
            `${name}-nodes`,
            args.clusterName,
            { sizeGb: ng.rootVolumeSizeGb, type: ng.rootVolumeType },
            parent,
        );
        const nodes = new eks.ManagedNodeGroup(
            `${name}-nodes`,
            {
                cluster,
                nodeRole,
                subnetIds: args.privateSubnetIds,
                instanceTypes: ng.instanceTypes,
                capacityType: ng.capacityType,
                amiType:
                    nodeArchitecture(ng.instanceTypes) === "arm64"
                        ? "AL2023_ARM_64_STANDARD"
                        : "AL2023_x86_64_STANDARD",
                scalingConfig: { minSize: ng.minSize, desiredSize: ng.desiredSize, maxSize: ng.maxSize },
                // IMDSv2 one hop and gp3 root volumes (nodeLaunchTemplate.ts); the volume size lives there too.
                launchTemplate,
                labels: { "osprey/node-group": "general" },
                version: args.kubernetesVersion,
                releaseVersion,
            },
            // One node at a time through an upgrade (updateConfig, which @pulumi/eks 4.3.0 does not take: set on its child).
            { parent: this, dependsOn: attachments, transforms: [oneNodeAtATime], ...awsProviders },
        );

        // Add-ons move with the cluster: without addonVersion EKS installs a version once and never moves it (the problem
        // behind pulumi-eks #1254); EKS's recommended version for the minor unless pinned.
        const addonVersion = (addon: "vpc-cni" | "coredns") =>
            args.addonVersions?.[addon] ||
            aws.eks.getAddonVersionOutput({ addonName: addon, kubernetesVersion: args.kubernetesVersion }, parent)
                .version;

        // The VPC CNI as an EKS managed add-on with its network-policy agent on (environments isolated by network:
        // docs/requirements.md, Isolation): NetworkPolicies are
        // enforced by the agent on every node. EKS installs the CNI at cluster creation; OVERWRITE adopts that copy.
        // configurationValues key per the EKS user guide, "Configure your cluster for Kubernetes network policies".
        new aws.eks.Addon(
            `${name}-vpc-cni`,
            {
                clusterName: args.clusterName,
                addonName: "vpc-cni",
                addonVersion: addonVersion("vpc-cni"),
                configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            },
            { parent: this, dependsOn: [cluster] },
        );
        // CoreDNS as a MANAGED EKS add-on (EKS patches and upgrades it with the cluster), after the nodes it runs on: the
        // add-on turns ACTIVE only once its pods are scheduled. OVERWRITE takes over the self-managed copy EKS bootstraps.
        new aws.eks.Addon(
            `${name}-coredns`,
            {
                clusterName: args.clusterName,
                addonName: "coredns",
                addonVersion: addonVersion("coredns"),
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            },
            { parent: this, dependsOn: [cluster, nodes] },
        );

        // Managed nodes without a custom launch template (and, with the VPC CNI, their pods) carry the security group
        // EKS itself creates (eks-cluster-sg-<name>-*), not @pulumi/eks's nodeSecurityGroup, which no node here uses.
        // Allow-lists for traffic from pods (RDS) must name this one; read it back once the cluster exists.
        const described = aws.eks.getClusterOutput({ name: args.clusterName }, { parent: this, dependsOn: [cluster] });

        this.clusterName = pulumi.output(args.clusterName);
        this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.oidcProviderUrl = cluster.oidcProviderUrl;
        this.oidcIssuer = cluster.oidcIssuer;
        this.clusterSecurityGroupId = cluster.clusterSecurityGroupId;
        this.nodeSecurityGroupId = described.vpcConfig.clusterSecurityGroupId;
        this.secretsKeyArn = key.arn;
        this.nodes = nodes;
        this.registerOutputs({ clusterName: this.clusterName, oidcProviderArn: this.oidcProviderArn });
    }
}
