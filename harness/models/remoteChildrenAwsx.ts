/**
 * The children @pulumi/awsx 3.9.0 creates inside awsx:ec2:Vpc, from its recorded inputs. Source: pulumi/pulumi-awsx
 * awsx/ec2/vpc.ts (`Vpc.initialize`, `createInnerVpc`, `shouldCreateNatGateway`, `compareSubnetSpecs`) and
 * awsx/ec2/subnetNaming.ts (`subnetName`), read at e60adf3c: the mirror has no v3.9.0 tag (npm published 3.9.0 on
 * 2026-09-01), e60adf3c is its newest commit (2026-08-20) and awsx/ec2 is unchanged from v3.8.0 to it; commits between
 * it and the release are not checked. The subnet addresses are
 * awsx's "Auto" allocation, ported in lib/networkLayout.ts and shared with the component's outputs (remote.ts).
 *
 * Per VPC: aws:ec2/vpc:Vpc <name> (parent: the component) and aws:ec2/internetGateway:InternetGateway <name> (always
 * made, parent: the VPC). Per AZ i (1-based n), its specs public first: aws:ec2/subnet:Subnet <name>-<spec>-<n>
 * (parent: the VPC), a RouteTable of the same name (parent: the subnet), a RouteTableAssociation and, for public and
 * (with NAT) private subnets, a 0.0.0.0/0 Route of the same name (parent: the route table); in the public subnet of
 * an AZ that gets a NAT gateway (Single: the first; OnePerAz: each), aws:ec2/eip:Eip and aws:ec2/natGateway:NatGateway
 * <name>-<n> (parent: the subnet). Isolated subnets get no route.
 *
 * Branches followed, for the inputs components/platform/network.ts gives: subnetStrategy "Auto" with subnetSpecs of
 * cidrMask only (the new allocator), natGateways.strategy None/Single/OnePerAz without elasticIpAllocationIds, no VPC
 * endpoints, no IPAM, the Legacy subnet Name tags. Other branches are refused by name. The subnets' IPv6 /64s come
 * from the VPC's Amazon-provided /56, known only once it exists: ipv6CidrBlock is left out.
 */
import { awsxVpcLayout, AwsxVpcInputs } from "./remote";
import { ChildrenModel, childAdder, depsOf, ModelledChild, refuse } from "./remoteChildrenTypes";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** The aws.ec2.Vpc inputs among awsx's VpcArgs (`new aws.ec2.Vpc(name, { ...args, cidrBlock, tags })`; the SDK keeps only its own). */
const VPC_INPUTS = [
    "assignGeneratedIpv6CidrBlock",
    "enableDnsHostnames",
    "enableDnsSupport",
    "enableNetworkAddressUsageMetrics",
    "instanceTenancy",
    "ipv6CidrBlock",
    "ipv6CidrBlockNetworkBorderGroup",
    "ipv6IpamPoolId",
    "ipv6NetmaskLength",
];

/** vpc.ts compareSubnetSpecs: public first, then private, then isolated. */
const RANK: Record<string, number> = { public: 0, private: 1, isolated: 2 };

export const awsxVpcChildren: ChildrenModel = (c, ctx) => {
    const i = c.inputs;
    const n = c.name;
    const nat = obj(i.natGateways);
    const strategy = typeof nat.strategy === "string" ? nat.strategy : "OnePerAz"; // vpc.ts: `args.natGateways?.strategy ?? "OnePerAz"`
    const specs = Array.isArray(i.subnetSpecs) ? i.subnetSpecs.map(obj) : undefined;
    refuse(
        c,
        i.subnetStrategy !== "Auto",
        `subnetStrategy ${JSON.stringify(i.subnetStrategy)}`,
        "the Legacy or AutoMerge allocator",
    );
    refuse(c, specs === undefined, "subnetSpecs (unset)", "awsx's default specs");
    refuse(
        c,
        specs?.some((s) => s.cidrBlocks !== undefined || s.size !== undefined) ?? false,
        "subnetSpecs[].cidrBlocks / size",
        "the explicit allocator",
    );
    refuse(c, specs?.some((s) => s.type === "Unused") ?? false, "subnetSpecs[].type Unused", "reserved blocks");
    refuse(
        c,
        (Array.isArray(nat.elasticIpAllocationIds) ? nat.elasticIpAllocationIds.length : 0) > 0,
        "natGateways.elasticIpAllocationIds",
        "NAT gateways on given EIPs",
    );
    refuse(
        c,
        !["None", "Single", "OnePerAz"].includes(strategy),
        `natGateways.strategy ${strategy}`,
        "a strategy awsx does not know",
    );
    refuse(c, Array.isArray(i.vpcEndpointSpecs) && i.vpcEndpointSpecs.length > 0, "vpcEndpointSpecs", "VPC endpoints");
    refuse(
        c,
        i.ipv4IpamPoolId !== undefined || i.availabilityZoneCidrMask !== undefined,
        "ipv4IpamPoolId / availabilityZoneCidrMask",
        "IPAM or a fixed AZ mask",
    );
    refuse(
        c,
        i.subnetNameTagStrategy !== undefined && i.subnetNameTagStrategy !== "Legacy",
        "subnetNameTagStrategy",
        "AZ-suffixed Name tags",
    );

    const layout = awsxVpcLayout(n, i as AwsxVpcInputs, ctx);
    const sharedTags = { Name: n, ...obj(i.tags) };
    const out: ModelledChild[] = [];
    const add = childAdder(out);
    const id = (prefix: string, seed: string) => `${prefix}-${ctx.hex(`${n}/${seed}`, 17)}`;

    const vpcInputs = Object.fromEntries(VPC_INPUTS.map((k) => [k, i[k]]));
    const vpc = add(
        c.urn,
        "aws:ec2/vpc:Vpc",
        n,
        { ...vpcInputs, cidrBlock: layout.cidr, tags: sharedTags },
        { propertyDependencies: { tags: depsOf(c, "tags") } },
    );
    const igwId = id("igw", "igw");
    const igw = add(
        vpc,
        "aws:ec2/internetGateway:InternetGateway",
        n,
        { vpcId: layout.vpcId, tags: sharedTags },
        { dependencies: [vpc], propertyDependencies: { vpcId: [vpc] } },
    );

    const natIds: string[] = [];
    const natUrns: string[] = [];
    layout.azs.forEach((_az, az) => {
        const inAz = layout.subnets
            .filter((s) => s.azIndex === az)
            .sort((a, b) => RANK[a.type.toLowerCase()] - RANK[b.type.toLowerCase()]);
        for (const s of inAz) {
            const type = s.type.toLowerCase();
            // subnetNaming.ts subnetName (Legacy): `${vpcName}-${spec.name ?? type}-${azNum}`, both resource name and Name tag.
            const name = `${n}-${typeof s.spec.name === "string" ? s.spec.name : type}-${az + 1}`;
            const subnet = add(
                vpc,
                "aws:ec2/subnet:Subnet",
                name,
                {
                    vpcId: layout.vpcId,
                    availabilityZone: s.availabilityZone,
                    mapPublicIpOnLaunch: type === "public",
                    cidrBlock: s.cidrBlock,
                    assignIpv6AddressOnCreation:
                        s.spec.assignIpv6AddressOnCreation ?? i.assignGeneratedIpv6CidrBlock ?? false,
                    tags: { ...sharedTags, ...obj(s.spec.tags), Name: name, SubnetType: s.type },
                },
                { dependencies: [vpc], propertyDependencies: { vpcId: [vpc] } },
            );
            const rtbId = id("rtb", `rtb/${name}`);
            const table = add(
                subnet,
                "aws:ec2/routeTable:RouteTable",
                name,
                { vpcId: layout.vpcId, tags: { ...sharedTags, Name: name, SubnetType: s.type } },
                { dependencies: [subnet], propertyDependencies: { vpcId: [vpc] } },
            );
            add(
                table,
                "aws:ec2/routeTableAssociation:RouteTableAssociation",
                name,
                { routeTableId: rtbId, subnetId: s.id },
                { dependencies: [table], propertyDependencies: { routeTableId: [table], subnetId: [subnet] } },
            );
            // vpc.ts shouldCreateNatGateway: None never; Single while none exists; OnePerAz one per AZ index.
            const wantsNat =
                strategy === "Single" ? natIds.length < 1 : strategy === "OnePerAz" ? natIds.length < az + 1 : false;
            if (type === "public" && wantsNat) {
                const natName = `${n}-${az + 1}`;
                const allocationId = id("eipalloc", `eip/${natName}`);
                const eip = add(
                    subnet,
                    "aws:ec2/eip:Eip",
                    natName,
                    { tags: { ...obj(i.tags), Name: natName } },
                    { dependencies: [subnet] },
                );
                natIds.push(id("nat", `nat/${natName}`));
                natUrns.push(
                    add(
                        subnet,
                        "aws:ec2/natGateway:NatGateway",
                        natName,
                        { subnetId: s.id, allocationId, tags: { ...obj(i.tags), Name: natName } },
                        { dependencies: [subnet], propertyDependencies: { subnetId: [subnet], allocationId: [eip] } },
                    ),
                );
            }
            if (type === "public") {
                add(
                    table,
                    "aws:ec2/route:Route",
                    name,
                    { routeTableId: rtbId, gatewayId: igwId, destinationCidrBlock: "0.0.0.0/0" },
                    { dependencies: [table], propertyDependencies: { routeTableId: [table], gatewayId: [igw] } },
                );
            } else if (type === "private" && strategy !== "None") {
                const k = strategy === "Single" ? 0 : az;
                add(
                    table,
                    "aws:ec2/route:Route",
                    name,
                    { routeTableId: rtbId, natGatewayId: natIds[k], destinationCidrBlock: "0.0.0.0/0" },
                    {
                        dependencies: [table],
                        propertyDependencies: { routeTableId: [table], natGatewayId: [natUrns[k]] },
                    },
                );
            }
        }
    });
    return out;
};
