/**
 * The shared platform one stack owns (main) and the other attaches to (demo): VPC, the Cloudflare
 * allow-list and its sync. `PlatformOutputs` is the contract between the two stacks: the owner exports
 * exactly these keys, and `PlatformReference` reads them back through a StackReference.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { CloudflareAllowList } from "./cloudflareAllowList";
import { Network, NetworkArgs } from "./network";

export interface PlatformOutputs {
    vpcId: pulumi.Output<string>;
    vpcCidr: pulumi.Output<string>;
    publicSubnetIds: pulumi.Output<string[]>;
    privateSubnetIds: pulumi.Output<string[]>;
    cloudflareIpv4PrefixListId: pulumi.Output<string>;
    cloudflareIpv6PrefixListId: pulumi.Output<string>;
}

/** The keys of PlatformOutputs, and which of them are secret when read back. */
export const PLATFORM_OUTPUTS: Record<keyof PlatformOutputs, { secret: boolean }> = {
    vpcId: { secret: false },
    vpcCidr: { secret: false },
    publicSubnetIds: { secret: false },
    privateSubnetIds: { secret: false },
    cloudflareIpv4PrefixListId: { secret: false },
    cloudflareIpv6PrefixListId: { secret: false },
};

export interface PlatformArgs {
    network: NetworkArgs;
    ipSync: { schedule: string; alarmEmail: string };
    cloudflareProvider: cloudflare.Provider;
}

export class Platform extends pulumi.ComponentResource implements PlatformOutputs {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly cloudflareIpv4PrefixListId: pulumi.Output<string>;
    readonly cloudflareIpv6PrefixListId: pulumi.Output<string>;
    readonly ipSyncFunctionName: pulumi.Output<string>;
    readonly alarmTopicArn: pulumi.Output<string>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:Platform", name, { network: args.network, ipSync: args.ipSync }, opts);
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
        this.registerOutputs({ vpcId: this.vpcId });
    }
}

/** The platform another stack owns, read through a StackReference (the reference name comes from config). */
export class PlatformReference extends pulumi.ComponentResource implements PlatformOutputs {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly cloudflareIpv4PrefixListId: pulumi.Output<string>;
    readonly cloudflareIpv6PrefixListId: pulumi.Output<string>;

    constructor(name: string, args: { stackName: string }, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:PlatformReference", name, args, opts);
        const ref = new pulumi.StackReference(args.stackName, { name: args.stackName }, { parent: this });
        // requireOutput fails the run with the missing key's name if the owning stack has not exported it.
        const read = <T>(key: keyof PlatformOutputs) => ref.requireOutput(key) as pulumi.Output<T>;
        this.vpcId = read("vpcId");
        this.vpcCidr = read("vpcCidr");
        this.publicSubnetIds = read("publicSubnetIds");
        this.privateSubnetIds = read("privateSubnetIds");
        this.cloudflareIpv4PrefixListId = read("cloudflareIpv4PrefixListId");
        this.cloudflareIpv6PrefixListId = read("cloudflareIpv6PrefixListId");
        this.ref = ref;
        this.registerOutputs({});
    }

    private readonly ref: pulumi.StackReference;

    /** The owner's account-wide one-time-PIN identity provider (Cloudflare allows one per account). Read only when needed. */
    accessOneTimePinIdpId(): pulumi.Output<string> {
        return this.ref.requireOutput("accessOneTimePinIdpId") as pulumi.Output<string>;
    }
}
