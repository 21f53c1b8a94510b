/**
 * The shared platform one stack owns (main) and the other attaches to (demo): VPC, the Cloudflare
 * allow-list and its sync, the EKS cluster with its add-ons, jumpbox and ECR, and the keyless CI identity. `PlatformOutputs` is the contract between the two stacks: the owner exports
 * exactly these keys, and `PlatformReference` reads them back through a StackReference.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Cluster, ClusterArgs, clusterArgProblems } from "../cluster";
import { refuseInvalidArgs } from "../invalidArgs";
import { durationProblem, realmGroupsProblem, realmNameProblem } from "../../lib/authContract";
import { gitBranchProblem, githubRepositoryProblem, privateBlockProblem, stackNameProblem } from "../../lib/validators";
import { CiIdentity, CiIdentityArgs } from "./ciIdentity";
import { CloudflareAllowList } from "./cloudflareAllowList";
import { Network, NetworkArgs } from "./network";
import { KeycloakRealm, KeycloakRealmArgs } from "./keycloakRealm";
import { PlatformOutputs, readPlatform } from "./contract";
import { ECR_REPOSITORY_PREFIX, ENVIRONMENTS } from "../../lib/naming";
import { problem, Problem, problemIf, under } from "../../lib/problems";
import { DataSubnets } from "./dataSubnets";

export { PLATFORM_CONTRACT } from "./contract";
export type { PlatformOutputs } from "./contract";

export interface PlatformArgs {
    network: NetworkArgs;
    ipSync: {
        schedule: string;
        alarmEmail: string;
        reviewedIpv4Aggregates: string[];
        reviewedIpv6Aggregates: string[];
        maxAdditionsPerRun: number;
        maxRemovalsPerRun: number;
    };
    cluster: Omit<ClusterArgs, "vpcId" | "vpcCidr" | "privateSubnetIds" | "publicSubnetIds" | "alarmTopicArn">;
    ci: Omit<CiIdentityArgs, "ecrRepositoryPrefix" | "region">;
    /** The Keycloak realm (auth layer 3); the Keycloak provider comes with the component's providers. */
    identity: KeycloakRealmArgs;
    cloudflareProvider: cloudflare.Provider;
}

/** Every problem with the args, each naming its field; Platform refuses them all at once, before any resource. */
export function platformArgProblems(args: Omit<PlatformArgs, "cloudflareProvider">): Problem[] {
    const problems = problemIf("network.cidrBlock", privateBlockProblem(args.network.cidrBlock));
    const azs = args.network.availabilityZoneCount;
    if (!Number.isInteger(azs) || azs < 2)
        problems.push(
            problem(
                "network.availabilityZoneCount",
                `${azs} must be an integer of at least 2 (EKS and RDS need two AZs)`,
            ),
        );
    problems.push(...under("cluster", clusterArgProblems(args.cluster)));
    problems.push(...problemIf("identity.realm", realmNameProblem(args.identity.realm)));
    for (const field of ["accessTokenLifespan", "ssoSessionIdleTimeout", "ssoSessionMaxLifespan"] as const)
        problems.push(...problemIf(`identity.${field}`, durationProblem(args.identity[field])));
    problems.push(...problemIf("identity.groups", realmGroupsProblem(args.identity.groups)));
    problems.push(...problemIf("ci.repository", githubRepositoryProblem(args.ci.repository)));
    problems.push(...problemIf("ci.branch", gitBranchProblem(args.ci.branch)));
    return problems;
}

export class Platform extends pulumi.ComponentResource {
    /** What this stack exports for the others (components/platform/contract.ts). */
    readonly contract: PlatformOutputs;
    readonly ipSyncFunctionName: pulumi.Output<string>;
    readonly alarmTopicArn: pulumi.Output<string>;
    /** The alarm topic's customer-managed key: a publisher (the Pulumi webhook receiver) needs it. */
    readonly alarmKeyArn: pulumi.Output<string>;
    /** What a publisher AWS checks at creation (the account's budget) waits for: the alarm topic's policy. */
    readonly alarmTopicReady: pulumi.Resource[];
    readonly jumpboxInstanceId: pulumi.Output<string>;
    /** The role GitHub Actions assume (aws-actions/configure-aws-credentials role-to-assume). */
    readonly ciRoleArn: pulumi.Output<string>;
    /** The one Kubernetes provider of this stack, built from the cluster's kubeconfig. */
    readonly kubernetesProvider: k8s.Provider;
    /** What every ExternalSecret of this stack waits for (the ESO chart and its ClusterSecretStore). */
    readonly externalSecretsReady: pulumi.Resource[];
    /** Per environment, what its Ingresses need (Cluster.ingressReady): the environment's Applications wait for it. */
    readonly ingressReady: Record<string, pulumi.Resource[]>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:platform:Platform",
            name,
            { network: args.network, ipSync: args.ipSync, kubernetesVersion: args.cluster.kubernetesVersion },
            opts,
        );
        refuseInvalidArgs(this, "Platform", name, platformArgProblems(args));
        const network = new Network(name, args.network, { parent: this });
        const dataSubnets = Object.fromEntries(
            ENVIRONMENTS.map((env) => {
                const subnets: DataSubnets = new DataSubnets(
                    `${name}-${env}-data`,
                    {
                        environment: env,
                        vpcId: network.vpcId,
                        vpcCidr: network.cidrBlock,
                        availabilityZones: network.availabilityZones,
                        availabilityZoneCount: args.network.availabilityZoneCount,
                    },
                    { parent: this },
                );
                return [env, subnets];
            }),
        );
        const allowList = new CloudflareAllowList(
            name,
            {
                schedule: args.ipSync.schedule,
                alarmEmail: args.ipSync.alarmEmail,
                guard: {
                    reviewedAggregates: {
                        ipv4: args.ipSync.reviewedIpv4Aggregates,
                        ipv6: args.ipSync.reviewedIpv6Aggregates,
                    },
                    maxAdditionsPerRun: args.ipSync.maxAdditionsPerRun,
                    maxRemovalsPerRun: args.ipSync.maxRemovalsPerRun,
                },
                cloudflareProvider: args.cloudflareProvider,
            },
            { parent: this },
        );
        this.ipSyncFunctionName = allowList.syncFunctionName;
        this.alarmTopicArn = allowList.alarmTopicArn;
        this.alarmKeyArn = allowList.alarmKeyArn;
        this.alarmTopicReady = [allowList.alarmTopicPolicy];
        const cluster = new Cluster(
            name,
            {
                ...args.cluster,
                vpcId: network.vpcId,
                vpcCidr: network.cidrBlock,
                privateSubnetIds: network.privateSubnetIds,
                publicSubnetIds: network.publicSubnetIds,
                // The one alarm topic of the platform (KMS-encrypted with a key CloudWatch may use, ipSyncFunction.ts).
                alarmTopicArn: allowList.alarmTopicArn,
            },
            { parent: this },
        );
        const realm = new KeycloakRealm(`${name}-realm`, args.identity, { parent: this });
        this.contract = {
            vpcId: network.vpcId,
            vpcCidr: pulumi.output(network.cidrBlock),
            publicSubnetIds: network.publicSubnetIds,
            privateSubnetIds: network.privateSubnetIds,
            publicSubnetCidrs: pulumi.output(network.publicSubnetCidrs),
            dataSubnetIds: pulumi.all(
                Object.fromEntries(Object.entries(dataSubnets).map(([env, d]) => [env, d.subnetIds])),
            ),
            dataSubnetCidrs: pulumi.output(
                Object.fromEntries(Object.entries(dataSubnets).map(([env, d]) => [env, d.cidrBlocks])),
            ),
            cloudflareIpv4PrefixListId: allowList.ipv4PrefixListId,
            cloudflareIpv6PrefixListId: allowList.ipv6PrefixListId,
            clusterName: cluster.clusterName,
            kubernetesVersion: pulumi.output(args.cluster.kubernetesVersion),
            kubeconfig: cluster.kubeconfig,
            oidcProviderArn: cluster.oidcProviderArn,
            oidcProviderUrl: cluster.oidcProviderUrl,
            clusterSecurityGroupId: cluster.clusterSecurityGroupId,
            nodeSecurityGroupId: cluster.nodeSecurityGroupId,
            ecrRepositoryUrls: cluster.ecrRepositoryUrls,
            externalSecretsRoleArn: cluster.externalSecretsRoleArn,
            keycloakRealm: realm.realmId,
            alarmTopicArn: allowList.alarmTopicArn,
        };
        this.jumpboxInstanceId = cluster.jumpboxInstanceId;
        this.kubernetesProvider = cluster.kubernetesProvider;
        this.externalSecretsReady = cluster.externalSecretsReady;
        this.ingressReady = cluster.ingressReady;
        const ci = new CiIdentity(
            `${name}-ci`,
            { ...args.ci, ecrRepositoryPrefix: ECR_REPOSITORY_PREFIX, region: args.cluster.region },
            { parent: this },
        );
        this.ciRoleArn = ci.roleArn;
        this.registerOutputs({ vpcId: this.contract.vpcId, clusterName: this.contract.clusterName });
    }
}

/** The platform another stack owns, read through a StackReference (the reference name comes from config). */
export class PlatformReference extends pulumi.ComponentResource {
    /** The owner's exports, every key of the contract (components/platform/contract.ts). */
    readonly contract: PlatformOutputs;
    private readonly ref: pulumi.StackReference;

    constructor(name: string, args: { stackName: string }, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:PlatformReference", name, args, opts);
        refuseInvalidArgs(this, "PlatformReference", name, problemIf("stackName", stackNameProblem(args.stackName)));
        this.ref = new pulumi.StackReference(args.stackName, { name: args.stackName }, { parent: this });
        this.contract = readPlatform(this.ref);
        this.registerOutputs({});
    }

    /** The owner's account-wide one-time-PIN identity provider (Cloudflare allows one per account). Read only when needed. */
    accessOneTimePinIdpId(): pulumi.Output<string> {
        return this.ref.requireOutput("accessOneTimePinIdpId") as pulumi.Output<string>;
    }
}
