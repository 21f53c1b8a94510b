/**
 * The shared platform one stack owns (main) and the other attaches to (demo): VPC, the Cloudflare
 * allow-list and its sync, the EKS cluster with its add-ons, jumpbox and ECR, and the keyless CI identity. `PlatformOutputs` is the contract between the two stacks: the owner exports
 * exactly these keys, and `PlatformReference` reads them back through a StackReference.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Cluster, ClusterArgs } from "../cluster";
import { CiIdentity, CiIdentityArgs } from "./ciIdentity";
import { CloudflareAllowList } from "./cloudflareAllowList";
import { Network, NetworkArgs } from "./network";
import { ECR_REPOSITORY_PREFIX } from "../../lib/naming";

export interface PlatformOutputs {
    vpcId: pulumi.Output<string>;
    vpcCidr: pulumi.Output<string>;
    publicSubnetIds: pulumi.Output<string[]>;
    privateSubnetIds: pulumi.Output<string[]>;
    cloudflareIpv4PrefixListId: pulumi.Output<string>;
    cloudflareIpv6PrefixListId: pulumi.Output<string>;
    clusterName: pulumi.Output<string>;
    /** Secret: read back through the StackReference as a secret. */
    kubeconfig: pulumi.Output<string>;
    oidcProviderArn: pulumi.Output<string>;
    oidcProviderUrl: pulumi.Output<string>;
    clusterSecurityGroupId: pulumi.Output<string>;
    /** The security group EKS puts on the nodes (and so on the pods): the source RDS and Valkey admit. */
    nodeSecurityGroupId: pulumi.Output<string>;
    ecrRepositoryUrls: pulumi.Output<Record<string, string>>;
    /** External Secrets Operator's role ("" until the cluster's add-ons exist). */
    externalSecretsRoleArn: pulumi.Output<string>;
}

/** The keys of PlatformOutputs, and which of them are secret when read back. */
export const PLATFORM_OUTPUTS: Record<keyof PlatformOutputs, { secret: boolean }> = {
    vpcId: { secret: false },
    vpcCidr: { secret: false },
    publicSubnetIds: { secret: false },
    privateSubnetIds: { secret: false },
    cloudflareIpv4PrefixListId: { secret: false },
    cloudflareIpv6PrefixListId: { secret: false },
    clusterName: { secret: false },
    kubeconfig: { secret: true },
    oidcProviderArn: { secret: false },
    oidcProviderUrl: { secret: false },
    clusterSecurityGroupId: { secret: false },
    nodeSecurityGroupId: { secret: false },
    ecrRepositoryUrls: { secret: false },
    externalSecretsRoleArn: { secret: false },
};

export interface PlatformArgs {
    network: NetworkArgs;
    ipSync: { schedule: string; alarmEmail: string };
    cluster: Omit<ClusterArgs, "vpcId" | "privateSubnetIds" | "publicSubnetIds">;
    ci: Omit<CiIdentityArgs, "ecrRepositoryPrefix" | "region">;
    cloudflareProvider: cloudflare.Provider;
}

export class Platform extends pulumi.ComponentResource implements PlatformOutputs {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly cloudflareIpv4PrefixListId: pulumi.Output<string>;
    readonly cloudflareIpv6PrefixListId: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcProviderUrl: pulumi.Output<string>;
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    readonly ecrRepositoryUrls: pulumi.Output<Record<string, string>>;
    readonly externalSecretsRoleArn: pulumi.Output<string>;
    readonly ipSyncFunctionName: pulumi.Output<string>;
    readonly alarmTopicArn: pulumi.Output<string>;
    readonly jumpboxInstanceId: pulumi.Output<string>;
    /** The role GitHub Actions assume (aws-actions/configure-aws-credentials role-to-assume). */
    readonly ciRoleArn: pulumi.Output<string>;
    /** The one Kubernetes provider of this stack, built from the cluster's kubeconfig. */
    readonly kubernetesProvider: k8s.Provider;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:Platform", name, { network: args.network, ipSync: args.ipSync, kubernetesVersion: args.cluster.kubernetesVersion }, opts);
        const network = new Network(name, args.network, { parent: this });
        const allowList = new CloudflareAllowList(
            name,
            { schedule: args.ipSync.schedule, alarmEmail: args.ipSync.alarmEmail, cloudflareProvider: args.cloudflareProvider },
            { parent: this },
        );
        this.vpcId = network.vpcId;
        this.vpcCidr = pulumi.output(network.cidrBlock);
        this.publicSubnetIds = network.publicSubnetIds;
        this.privateSubnetIds = network.privateSubnetIds;
        this.cloudflareIpv4PrefixListId = allowList.ipv4PrefixListId;
        this.cloudflareIpv6PrefixListId = allowList.ipv6PrefixListId;
        this.ipSyncFunctionName = allowList.syncFunctionName;
        this.alarmTopicArn = allowList.alarmTopicArn;
        const cluster = new Cluster(
            name,
            { ...args.cluster, vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds, publicSubnetIds: network.publicSubnetIds },
            { parent: this },
        );
        this.clusterName = cluster.clusterName;
        this.kubeconfig = cluster.kubeconfig;
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.oidcProviderUrl = cluster.oidcProviderUrl;
        this.clusterSecurityGroupId = cluster.clusterSecurityGroupId;
        this.nodeSecurityGroupId = cluster.nodeSecurityGroupId;
        this.ecrRepositoryUrls = cluster.ecrRepositoryUrls;
        this.externalSecretsRoleArn = cluster.externalSecretsRoleArn;
        this.jumpboxInstanceId = cluster.jumpboxInstanceId;
        this.kubernetesProvider = cluster.kubernetesProvider;
        const ci = new CiIdentity(`${name}-ci`, { ...args.ci, ecrRepositoryPrefix: ECR_REPOSITORY_PREFIX, region: args.cluster.region }, { parent: this });
        this.ciRoleArn = ci.roleArn;
        this.registerOutputs({ vpcId: this.vpcId, clusterName: this.clusterName });
    }
}

/** The platform another stack owns, read through a StackReference (the reference name comes from config). */
export interface PlatformReference extends PlatformOutputs {}
export class PlatformReference extends pulumi.ComponentResource {
    private readonly ref: pulumi.StackReference;

    constructor(name: string, args: { stackName: string }, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:PlatformReference", name, args, opts);
        this.ref = new pulumi.StackReference(args.stackName, { name: args.stackName }, { parent: this });
        // Every key of the contract; requireOutput fails the run naming a key the owner has not exported, and a key
        // that is secret in the owner's outputs stays secret here (and is never printed).
        for (const [key, { secret }] of Object.entries(PLATFORM_OUTPUTS) as [keyof PlatformOutputs, { secret: boolean }][]) {
            const value = this.ref.requireOutput(key);
            Object.assign(this, { [key]: secret ? pulumi.secret(value) : value });
        }
        this.registerOutputs({});
    }

    /** The owner's account-wide one-time-PIN identity provider (Cloudflare allows one per account). Read only when needed. */
    accessOneTimePinIdpId(): pulumi.Output<string> {
        return this.ref.requireOutput("accessOneTimePinIdpId") as pulumi.Output<string>;
    }
}
