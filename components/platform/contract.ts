/**
 * The platform contract: what the platform-owning stack exports and every other stack reads back through its
 * StackReference. Declared ONCE, keys and secrecy together; the TypeScript type of each value rides along, so a
 * Platform that leaves a key out, or a reader that asks for one the contract lacks, is a type error.
 */
import * as pulumi from "@pulumi/pulumi";

interface Key<T> {
    readonly secret: boolean;
    /** Phantom: the value's type. */
    readonly type?: T;
}
const plain = <T>(): Key<T> => ({ secret: false });
const secret = <T>(): Key<T> => ({ secret: true });

export const PLATFORM_CONTRACT = {
    vpcId: plain<string>(),
    vpcCidr: plain<string>(),
    publicSubnetIds: plain<string[]>(),
    privateSubnetIds: plain<string[]>(),
    /** The public subnets' blocks: the only sources an environment's pods admit on their app ports (the ALB's nodes). */
    publicSubnetCidrs: plain<string[]>(),
    /** Each environment's data subnets (its RDS and Valkey only), the platform's slices of the VPC's last /24 (lib/networkLayout.ts), by environment. */
    dataSubnetIds: plain<Record<string, string[]>>(),
    /** Their blocks, by environment: plain values, known in every preview (the NetworkPolicies name them). */
    dataSubnetCidrs: plain<Record<string, string[]>>(),
    cloudflareIpv4PrefixListId: plain<string>(),
    cloudflareIpv6PrefixListId: plain<string>(),
    clusterName: plain<string>(),
    /** The cluster's Kubernetes minor version: environment namespaces pin their Pod Security labels to it. */
    kubernetesVersion: plain<string>(),
    /** Admin credentials of the shared cluster: secret in the owner's outputs and in every reader. */
    kubeconfig: secret<string>(),
    oidcProviderArn: plain<string>(),
    oidcProviderUrl: plain<string>(),
    clusterSecurityGroupId: plain<string>(),
    /** The security group EKS puts on the nodes (and so on the pods): the source RDS and Valkey admit. */
    nodeSecurityGroupId: plain<string>(),
    ecrRepositoryUrls: plain<Record<string, string>>(),
    /** External Secrets Operator's role ("" until the cluster's add-ons exist). */
    externalSecretsRoleArn: plain<string>(),
    /** The Keycloak realm (ID = name) the environments' ALB clients live in; the platform stack owns it. */
    keycloakRealm: plain<string>(),
    /** The platform's alarm topic (KMS-encrypted): every stack's alarms, RDS events and expiry notices go to it. */
    alarmTopicArn: plain<string>(),
} as const;

type Contract = typeof PLATFORM_CONTRACT;
export type PlatformKey = keyof Contract;
export type PlatformOutputs = { [K in PlatformKey]: pulumi.Output<Contract[K] extends Key<infer T> ? T : never> };

/** The contract's values read back from the owning stack (secret keys stay secret). */
export function readPlatform(ref: pulumi.StackReference): PlatformOutputs {
    const entries = (Object.entries(PLATFORM_CONTRACT) as [PlatformKey, Key<unknown>][]).map(([key, { secret }]) => {
        // requireOutput fails the run naming a key the owner has not exported.
        const value = ref.requireOutput(key);
        return [key, secret ? pulumi.secret(value) : value];
    });
    return Object.fromEntries(entries) as PlatformOutputs;
}
