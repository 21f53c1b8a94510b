/**
 * Models of the provider functions (invokes) the program calls, in the providers' result shapes.
 */
import type { FunctionModel } from "../mockCloud";

/** us-east-1's zone names and IDs as AWS lists them (use1-az1 ...). */
const zones = (region: string) => ["a", "b", "c", "d", "f"].map((s, i) => ({ name: `${region}${s}`, id: `${region.replace(/-(\w)\w+-/, "$1").replace(/-/g, "")}-az${i + 1}` }));

export const functionModels: Record<string, FunctionModel> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_i, ctx) => ({
        accountId: ctx.accountId,
        arn: `arn:aws:sts::${ctx.accountId}:assumed-role/platform-engineer/session`,
        userId: "AROAEXAMPLEROLEID:session",
        id: ctx.accountId,
    }),
    "aws:index/getRegion:getRegion": (_i, ctx) => ({
        name: ctx.region,
        region: ctx.region,
        id: ctx.region,
        endpoint: `ec2.${ctx.region}.amazonaws.com`,
        description: ctx.region,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_i, ctx) => {
        const z = zones(ctx.region);
        return { id: ctx.region, names: z.map((x) => x.name), zoneIds: z.map((x) => x.id), groupNames: [ctx.region], state: "available" };
    },
    // cloudflare.getIpRanges: the same answer https://api.cloudflare.com/client/v4/ips gives (see the fixture's source).
    "cloudflare:index/getIpRanges:getIpRanges": (_i, ctx) => ({
        ipv4Cidrs: ctx.cloudflareRanges.ipv4,
        ipv6Cidrs: ctx.cloudflareRanges.ipv6,
        jdcloudCidrs: [],
        etag: "38f79d050aa027e3be3865e495dcc9bc",
    }),
};
