/**
 * Models of the provider functions (invokes) the program calls, in the providers' result shapes. A function with no
 * model here throws `Mock not implemented: <token>`: an invoke's result cannot be echoed from its inputs.
 */
import type { FunctionModel } from "../mockCloud";
import { eksIdentity } from "./remote";

/** us-east-1's zone names and IDs as AWS lists them (use1-az1 ...). */
const zones = (region: string) =>
    ["a", "b", "c", "d", "f"].map((s, i) => ({
        name: `${region}${s}`,
        id: `${region.replace(/-(\w)\w+-/, "$1").replace(/-/g, "")}-az${i + 1}`,
    }));

export const functionModels: Record<string, FunctionModel> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_i, ctx) => ({
        accountId: ctx.accountId,
        // The stock stack file's admin role: docs/first-deploy.md runs every pass as a role that platform.cluster.adminRoleArns lists.
        arn: `arn:aws:sts::${ctx.accountId}:assumed-role/osprey-platform-admin/session`,
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
    "aws:index/getPartition:getPartition": () => ({
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        id: "aws",
        reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_i, ctx) => {
        const z = zones(ctx.region);
        return {
            id: ctx.region,
            names: z.map((x) => x.name),
            zoneIds: z.map((x) => x.id),
            groupNames: [ctx.region],
            state: "available",
        };
    },
    // edge layer: the ALB the AWS Load Balancer Controller created for an ingress group, found by its tags
    // (ingress.k8s.aws/stack = group name). Like the provider, anything but exactly one match is an error.
    "aws:lb/getLoadBalancer:getLoadBalancer": (inputs, ctx) => {
        const tags = (inputs.tags ?? {}) as Record<string, string>;
        const group = tags["ingress.k8s.aws/stack"];
        if (!group || (tags["ingress.k8s.aws/resource"] ?? "LoadBalancer") !== "LoadBalancer") {
            throw new Error(
                `Search returned 0 results, please revise so only one is returned (tags ${JSON.stringify(tags)})`,
            );
        }
        // In a rehearsal, the ALB exists only once the controller has made it (a step of the first deploy says when).
        if (ctx.outOfBand && !ctx.outOfBand.loadBalancers.includes(group)) {
            throw new Error(
                `Search returned 0 results, please revise so only one is returned (no ALB for ingress group ${group} yet)`,
            );
        }
        // The controller's naming: k8s-<group without dashes, truncated>-<10 hex>, and ELB's <name>-<10 digits>.<region>.elb.amazonaws.com.
        const name = `k8s-${group.replace(/-/g, "").slice(0, 17)}-${ctx.hex(`alb/${group}`, 10)}`;
        const digits = String(parseInt(ctx.hex(`alb/${group}/dns`, 8), 16))
            .padStart(10, "0")
            .slice(0, 10);
        const arn = `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/app/${name}/${ctx.hex(`alb/${group}/arn`, 16)}`;
        return {
            arn,
            arnSuffix: arn.split(":loadbalancer/")[1],
            dnsName: `${name}-${digits}.${ctx.region}.elb.amazonaws.com`,
            id: arn,
            internal: false,
            ipAddressType: "ipv4",
            loadBalancerType: "application",
            name,
            region: ctx.region,
            securityGroups: [],
            subnets: [],
            tags: { ...tags, "elbv2.k8s.aws/cluster": "osprey", "ingress.k8s.aws/resource": "LoadBalancer" },
            vpcId: `vpc-${ctx.hex("vpc", 17)}`,
            zoneId: "Z35SXDOTRQ7X7K", // ELB's canonical hosted zone ID for us-east-1 (AWS endpoints table)
        };
    },
    // platform layer (network.ipv6): awsx's public route tables, found by their Name tag, and the VPC's internet gateway.
    "aws:ec2/getRouteTable:getRouteTable": (inputs, ctx) => {
        const key = JSON.stringify([inputs.vpcId, inputs.filters]);
        const id = `rtb-${ctx.hex(`route-table/${key}`, 17)}`;
        return {
            id,
            routeTableId: id,
            vpcId: inputs.vpcId,
            ownerId: ctx.accountId,
            routes: [],
            associations: [],
            tags: {},
        };
    },
    "aws:ec2/getInternetGateway:getInternetGateway": (inputs, ctx) => {
        const id = `igw-${ctx.hex(`internet-gateway/${JSON.stringify(inputs.filters)}`, 17)}`;
        return {
            id,
            internetGatewayId: id,
            ownerId: ctx.accountId,
            arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:internet-gateway/${id}`,
            attachments: [],
            tags: {},
        };
    },
    // cluster layer: a cluster the program created (eks:index:Cluster's model derives the same values from the name).
    "aws:eks/getCluster:getCluster": (inputs, ctx) => {
        const name = String(inputs.name);
        const id = eksIdentity(name, ctx);
        return {
            id: name,
            name,
            arn: `arn:aws:eks:${ctx.region}:${ctx.accountId}:cluster/${name}`,
            endpoint: id.endpoint,
            certificateAuthorities: [{ data: id.caData }],
            identities: [{ oidcs: [{ issuer: `https://${id.issuer}` }] }],
            status: "ACTIVE",
            // Only what the name determines; the network settings are not known from a name, so they are left out.
            vpcConfig: { clusterSecurityGroupId: id.managedSecurityGroupId },
        };
    },
    // cluster layer: AWS's public SSM parameters for the latest Amazon Linux AMIs, and the EKS optimized AMIs' release
    // version per Kubernetes minor (/aws/service/eks/optimized-ami/<minor>/<ami type>/recommended/release_version, EKS
    // user guide "Retrieve recommended Amazon Linux AMI IDs"); anything else is not found, as in AWS. The release version
    // is a stand-in that names its minor (EKS's are <minor>.<patch>-<date>): the mock knows no release dates.
    "aws:ssm/getParameter:getParameter": (inputs, ctx) => {
        const name = String(inputs.name);
        const eks =
            /^\/aws\/service\/eks\/optimized-ami\/(1\.\d+)\/amazon-linux-2023\/(x86_64|arm64)\/standard\/recommended\/release_version$/.exec(
                name,
            );
        if (!name.startsWith("/aws/service/ami-amazon-linux-latest/") && !eks)
            throw new Error(`ParameterNotFound: ${name}`);
        const ami = eks ? `${eks[1]}.0-mock` : `ami-${ctx.hex(`ssm${name}`, 17)}`;
        return {
            id: name,
            name,
            arn: `arn:aws:ssm:${ctx.region}::parameter${name}`,
            type: "String",
            value: ami,
            insecureValue: ami,
            version: 112,
            withDecryption: true,
        };
    },
    // cluster layer: the add-on version EKS recommends for a Kubernetes minor (DescribeAddonVersions' default); a stand-in
    // that names the add-on and the minor (the mock knows no release table), so a plan shows which minor it follows.
    "aws:eks/getAddonVersion:getAddonVersion": (inputs) => {
        const addonName = String(inputs.addonName);
        const kubernetesVersion = String(inputs.kubernetesVersion);
        if (!/^1\.\d+$/.test(kubernetesVersion))
            throw new Error(`InvalidParameterException: kubernetesVersion ${kubernetesVersion}`);
        return {
            id: addonName,
            addonName,
            kubernetesVersion,
            version: `v0.0.0-mock-${addonName}-for-${kubernetesVersion}`,
            mostRecent: inputs.mostRecent ?? false,
        };
    },
    // cloudflare.getIpRanges: the same answer https://api.cloudflare.com/client/v4/ips gives (see the fixture's source).
    "cloudflare:index/getIpRanges:getIpRanges": (_i, ctx) => ({
        ipv4Cidrs: ctx.cloudflareRanges.ipv4,
        ipv6Cidrs: ctx.cloudflareRanges.ipv6,
        jdcloudCidrs: [],
        etag: "38f79d050aa027e3be3865e495dcc9bc",
    }),
};
