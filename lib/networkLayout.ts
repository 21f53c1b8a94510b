/**
 * The address plan of the platform VPC (pure: no Pulumi imports), in one place:
 *
 * - the platform's subnets, which awsx.ec2.Vpc allocates with subnetStrategy "Auto" (components/platform/network.ts
 *   passes PUBLIC_SUBNET_NEW_BITS and PRIVATE_SUBNET_NEW_BITS): `awsxAutoLayout` is awsx's own allocation, ported from
 *   pulumi/pulumi-awsx awsx/ec2/subnetDistributorNew.ts (allocateSubnetCidrBlocks, nextNetmask, newBits) at e60adf3c;
 * - each environment's data subnets (its RDS and Valkey only), which the environment's own stack creates in the
 *   VPC's last /24, a block awsx never allocates with these masks for 2 or 3 AZs (tests/cluster/networkLayout.test.ts
 *   checks every allowed VPC size and AZ count).
 *
 * Why data subnets of their own: pods of both environments draw addresses from the same private subnets, so a
 * NetworkPolicy can tell the environments' databases apart only if the databases live at addresses of their own.
 * Each environment's namespace may then reach 5432/6379 only inside its own data subnets (networkPolicy.ts).
 */
import { ENVIRONMENTS, Env } from "./naming";
import { ipv4ToInt } from "./validators";

/** Public subnets (ALBs, NAT): VPC prefix + 6, a /22 of a /16. */
export const PUBLIC_SUBNET_NEW_BITS = 6;
/** Private subnets (nodes and pods: VPC CNI gives pods VPC addresses, so these are the big ones): VPC prefix + 3, a /19 of a /16. */
export const PRIVATE_SUBNET_NEW_BITS = 3;
/** The data block: the VPC's last /24. */
export const DATA_BLOCK_PREFIX = 24;
/** One data subnet per AZ and environment: a /27 (27 usable addresses after AWS's 5; RDS and Valkey need a few each). */
export const DATA_SUBNET_PREFIX = 27;
/** Data subnet slots per environment inside the data block (the config allows 2 or 3 AZs). */
export const DATA_SLOTS_PER_ENVIRONMENT = 4;

export type SubnetType = "Public" | "Private" | "Isolated";
export interface SubnetSpec {
    type: SubnetType;
    cidrMask: number;
}
export interface LaidOutSubnet {
    type: SubnetType;
    /** 0-based index of the AZ, in the order awsx takes them (the first N of the region's). */
    az: number;
    cidrBlock: string;
}

const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
const size = (prefix: number) => 2 ** (32 - prefix);

function parse(cidr: string): { base: number; prefix: number } {
    const [ip, len] = cidr.split("/");
    return { base: ipv4ToInt(ip), prefix: Number(len) };
}
const format = (base: number, prefix: number) => `${intToIp(base)}/${prefix}`;
/** The block of `prefix` that contains `address` (netmask's `new Netmask(address, prefix)`). */
const blockOf = (address: number, prefix: number) => Math.floor(address / size(prefix)) * size(prefix);

/** awsx's newBits: the bits that give `count` equal blocks. */
export const newBits = (count: number) => (count === 0 ? 0 : Math.ceil(Math.log2(count)));

/**
 * awsx's "Auto" allocation (allocateSubnetCidrBlocks): the VPC is cut into one block per AZ (prefix + newBits(AZs)),
 * and inside each AZ's block the specs are laid one after another, each aligned to its own size (nextNetmask: the
 * block of the new size holding the previous block's last address, then the next one).
 */
export function awsxAutoLayout(vpcCidr: string, azCount: number, specs: readonly SubnetSpec[]): LaidOutSubnet[] {
    const vpc = parse(vpcCidr);
    const azPrefix = vpc.prefix + newBits(azCount);
    const total = specs.reduce((n, s) => n + size(s.cidrMask), 0);
    if (total > size(azPrefix))
        throw new Error(`subnets need ${total} addresses per AZ, but each AZ of ${vpcCidr} has ${size(azPrefix)}`);
    const out: LaidOutSubnet[] = [];
    for (let az = 0; az < azCount; az++) {
        const azBase = vpc.base + az * size(azPrefix);
        let current: { base: number; prefix: number } | undefined;
        for (const spec of specs) {
            const base =
                current === undefined
                    ? azBase
                    : blockOf(current.base + size(current.prefix) - 1, spec.cidrMask) + size(spec.cidrMask);
            current = { base, prefix: spec.cidrMask };
            out.push({ type: spec.type, az, cidrBlock: format(base, spec.cidrMask) });
        }
    }
    return out;
}

/** The subnet specs the platform passes to awsx (in this order: public, then private). */
export function platformSubnetSpecs(vpcCidr: string): SubnetSpec[] {
    const { prefix } = parse(vpcCidr);
    return [
        { type: "Public", cidrMask: prefix + PUBLIC_SUBNET_NEW_BITS },
        { type: "Private", cidrMask: prefix + PRIVATE_SUBNET_NEW_BITS },
    ];
}

/** Where awsx puts the platform's subnets. */
export const platformSubnetLayout = (vpcCidr: string, azCount: number) =>
    awsxAutoLayout(vpcCidr, azCount, platformSubnetSpecs(vpcCidr));

/** The public subnets' blocks, one per AZ: where the ALBs' nodes take their addresses. */
export const publicSubnetCidrs = (vpcCidr: string, azCount: number) =>
    platformSubnetLayout(vpcCidr, azCount)
        .filter((s) => s.type === "Public")
        .map((s) => s.cidrBlock);

/** The VPC's last /24, shared out among the environments' data subnets. */
export function dataBlock(vpcCidr: string): string {
    const vpc = parse(vpcCidr);
    return format(vpc.base + size(vpc.prefix) - size(DATA_BLOCK_PREFIX), DATA_BLOCK_PREFIX);
}

/** One environment's data subnets, one /27 per AZ: environment i takes slots i*4 .. i*4+AZs-1 of the data block. */
export function environmentDataSubnetCidrs(vpcCidr: string, env: Env, azCount: number): string[] {
    if (azCount > DATA_SLOTS_PER_ENVIRONMENT)
        throw new Error(`data subnets: ${azCount} AZs exceed the ${DATA_SLOTS_PER_ENVIRONMENT} slots per environment`);
    const block = parse(dataBlock(vpcCidr));
    const first = ENVIRONMENTS.indexOf(env) * DATA_SLOTS_PER_ENVIRONMENT;
    if ((first + DATA_SLOTS_PER_ENVIRONMENT) * size(DATA_SUBNET_PREFIX) > size(DATA_BLOCK_PREFIX)) {
        throw new Error(
            `data subnets: environment ${env} has no slots left in the data block /${DATA_BLOCK_PREFIX}; widen it (lib/networkLayout.ts)`,
        );
    }
    return Array.from({ length: azCount }, (_, az) =>
        format(block.base + (first + az) * size(DATA_SUBNET_PREFIX), DATA_SUBNET_PREFIX),
    );
}

/** True when two IPv4 blocks share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const x = parse(a);
    const y = parse(b);
    return x.base < y.base + size(y.prefix) && y.base < x.base + size(x.prefix);
}

/**
 * The cluster's Service range, set explicitly on the EKS cluster (kubernetesNetworkConfig.serviceIpv4Cidr) so the
 * NetworkPolicies can name it: the block EKS itself picks when none is given, 172.20.0.0/16 for a VPC inside
 * 10.0.0.0/8 and 10.100.0.0/16 otherwise (EKS API reference, KubernetesNetworkConfigRequest.serviceIpv4Cidr: "either
 * the 10.100.0.0/16 or 172.20.0.0/16"; the one that does not overlap the VPC). An existing cluster keeps its range: the
 * value is create-only, so the one written must be the one the cluster has (docs/isolation.md says how to read it).
 */
export function clusterServiceCidr(vpcCidr: string): string {
    const chosen = cidrsOverlap(vpcCidr, "10.0.0.0/8") ? "172.20.0.0/16" : "10.100.0.0/16";
    if (cidrsOverlap(chosen, vpcCidr))
        throw new Error(
            `clusterServiceCidr: the VPC ${vpcCidr} overlaps the Service range ${chosen}; pick another VPC block`,
        );
    return chosen;
}

/** The `kubernetes` Service's ClusterIP: the first address of the Service range (the API server's in-cluster address). */
export function kubernetesServiceAddress(serviceCidr: string): string {
    const s = parse(serviceCidr);
    return intToIp(s.base + 1);
}
