/**
 * The linchpin of the network model (without it every other layer is advisory: docs/requirements.md, The perimeter):
 * two AWS managed prefix lists holding Cloudflare's published ranges, which every ALB security group admits and nothing
 * else. Pulumi creates and seeds them; a scheduled Lambda keeps them in sync (ipSyncFunction.ts), so the
 * entries are `ignoreChanges` here and `pulumi up` never fights the Lambda.
 */
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { IpSyncFunction, IpSyncFunctionArgs } from "./ipSyncFunction";

/**
 * A security group rule that references a prefix list counts as maxEntries rules against the group's quota
 * (60 inbound per family by default), not as the entries in use. Cloudflare publishes 15 IPv4 and 7 IPv6
 * ranges today: these leave room for the list to double before anyone must act.
 */
export const IPV4_MAX_ENTRIES = 30;
export const IPV6_MAX_ENTRIES = 15;

export interface CloudflareAllowListArgs {
    /** EventBridge schedule of the sync, e.g. "rate(1 hour)". */
    schedule: string;
    /** Email for the alarm topic; empty for no subscription. */
    alarmEmail: string;
    /** Reviewed Cloudflare aggregates and per-run caps of the sync (IpSyncFunctionArgs). */
    guard: Pick<IpSyncFunctionArgs, "reviewedAggregates" | "maxAdditionsPerRun" | "maxRemovalsPerRun">;
    /** Cloudflare provider used for the first read of the current ranges. */
    cloudflareProvider?: cloudflare.Provider;
}

export class CloudflareAllowList extends pulumi.ComponentResource {
    readonly ipv4PrefixListId: pulumi.Output<string>;
    readonly ipv6PrefixListId: pulumi.Output<string>;
    readonly syncFunctionName: pulumi.Output<string>;
    readonly alarmTopicArn: pulumi.Output<string>;
    /** The alarm topic's key (IpSyncFunction.alarmKeyArn). */
    readonly alarmKeyArn: pulumi.Output<string>;
    /** The alarm topic's policy (IpSyncFunction.alarmTopicPolicy). */
    readonly alarmTopicPolicy: pulumi.Resource;

    constructor(name: string, args: CloudflareAllowListArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:platform:CloudflareAllowList",
            name,
            { schedule: args.schedule, alarmEmail: args.alarmEmail },
            opts,
        );
        // Seeded from Cloudflare's current ranges at deploy time; from then on the Lambda owns the entries.
        const ranges = cloudflare.getIpRangesOutput({}, { parent: this, provider: args.cloudflareProvider });
        const list = (family: "IPv4" | "IPv6", maxEntries: number, cidrs: pulumi.Output<string[]>) =>
            new aws.ec2.ManagedPrefixList(
                `${name}-${family.toLowerCase()}`,
                {
                    name: `${name}-cloudflare-${family.toLowerCase()}`,
                    addressFamily: family,
                    maxEntries,
                    entries: cidrs.apply((cs) => cs.map((cidr) => ({ cidr, description: "cloudflare" }))),
                    tags: { Name: `${name}-cloudflare-${family.toLowerCase()}`, "osprey:role": "cloudflare-ranges" },
                },
                { parent: this, ignoreChanges: ["entries"] },
            );
        const ipv4 = list("IPv4", IPV4_MAX_ENTRIES, ranges.ipv4Cidrs);
        const ipv6 = list("IPv6", IPV6_MAX_ENTRIES, ranges.ipv6Cidrs);

        const sync = new IpSyncFunction(
            `${name}-sync`,
            { ipv4List: ipv4, ipv6List: ipv6, schedule: args.schedule, alarmEmail: args.alarmEmail, ...args.guard },
            { parent: this },
        );

        this.ipv4PrefixListId = ipv4.id;
        this.ipv6PrefixListId = ipv6.id;
        this.syncFunctionName = sync.functionName;
        this.alarmTopicArn = sync.alarmTopicArn;
        this.alarmKeyArn = sync.alarmKeyArn;
        this.alarmTopicPolicy = sync.alarmTopicPolicy;
        this.registerOutputs({ ipv4PrefixListId: this.ipv4PrefixListId, ipv6PrefixListId: this.ipv6PrefixListId });
    }
}
