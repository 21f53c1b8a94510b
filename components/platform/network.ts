/**
 * The platform VPC: public subnets for the ALBs and the NAT gateway, private subnets for EKS nodes,
 * the jumpbox and RDS, over at least two AZs. ONE NAT gateway by default: awsx's default of one per AZ
 * costs about $37/month more per extra AZ (NAT $0.045/h + its public IPv4 $0.005/h, 730 h).
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { platformSubnetSpecs, publicSubnetCidrs } from "../../lib/networkLayout";
import { explicitProviders } from "../providers";

export interface NetworkArgs {
    /** IPv4 block of the VPC, RFC 1918, /16 to /20. */
    cidrBlock: string;
    /** Availability zones to span (2 or 3). */
    availabilityZoneCount: number;
    /** "Single" (one NAT gateway, default) or "OnePerAz". */
    natGatewayStrategy: "Single" | "OnePerAz";
    /** An Amazon-provided IPv6 /56 on the VPC and IPv6 addresses in the public subnets (for dualstack ALBs). Default false. */
    ipv6?: boolean;
}

export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly cidrBlock: string;
    /** The AZs awsx spreads the subnets over, in its order: each environment puts its data subnets in the same ones. */
    readonly availabilityZones: pulumi.Output<string[]>;
    /** The public subnets' blocks (where the ALBs' nodes take addresses), as awsx allocates them (lib/networkLayout.ts). */
    readonly publicSubnetCidrs: string[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:Network", name, args, opts);
        const [publicSpec, privateSpec] = platformSubnetSpecs(args.cidrBlock);
        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidrBlock,
                numberOfAvailabilityZones: args.availabilityZoneCount,
                natGateways: { strategy: args.natGatewayStrategy },
                enableDnsHostnames: true,
                enableDnsSupport: true,
                ...(args.ipv6 ? { assignGeneratedIpv6CidrBlock: true } : {}),
                subnetStrategy: "Auto",
                subnetSpecs: [
                    // Public: ALBs (the Load Balancer Controller finds them by the elb role tag) and the NAT gateway.
                    {
                        type: "Public",
                        cidrMask: publicSpec.cidrMask,
                        tags: { "kubernetes.io/role/elb": "1" },
                        ...(args.ipv6 ? { assignIpv6AddressOnCreation: true } : {}),
                    },
                    // Private: nodes and pods (VPC CNI gives pods VPC addresses, so these are the big ones), RDS, jumpbox.
                    // IPv4 only even with ipv6 (awsx would otherwise follow the VPC's assignGeneratedIpv6CidrBlock).
                    {
                        type: "Private",
                        cidrMask: privateSpec.cidrMask,
                        tags: { "kubernetes.io/role/internal-elb": "1" },
                        ...(args.ipv6 ? { assignIpv6AddressOnCreation: false } : {}),
                    },
                ],
                tags: { Name: `${name}-vpc` },
            },
            // Explicit, although the engine also passes inherited providers to remote components
            // (pulumi/pulumi#10640): an awsx VPC on the ambient default provider would land in the wrong account.
            { parent: this, providers: explicitProviders(this, "aws") },
        );
        if (args.ipv6) {
            // awsx gives the public subnets their IPv6 /64s but routes only 0.0.0.0/0 to the internet gateway
            // (pulumi/pulumi-awsx awsx/ec2/vpc.ts @ e60adf3c): add ::/0 per public route table, found by the Name tag
            // awsx gives it (<vpc>-public-<az number>), so a dualstack ALB is reachable over IPv6.
            const igw = aws.ec2.getInternetGatewayOutput(
                { filters: [{ name: "attachment.vpc-id", values: [vpc.vpcId] }] },
                { parent: this },
            );
            for (let az = 1; az <= args.availabilityZoneCount; az++) {
                const table = aws.ec2.getRouteTableOutput(
                    { vpcId: vpc.vpcId, filters: [{ name: "tag:Name", values: [`${name}-vpc-public-${az}`] }] },
                    { parent: this },
                );
                new aws.ec2.Route(
                    `${name}-public-${az}-ipv6-default`,
                    {
                        routeTableId: table.routeTableId,
                        destinationIpv6CidrBlock: "::/0",
                        gatewayId: igw.internetGatewayId,
                    },
                    { parent: this },
                );
            }
        }
        this.vpcId = vpc.vpcId;
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.cidrBlock = args.cidrBlock;
        // awsx takes the first N names of getAvailabilityZones, asked with no filter (awsx/ec2/vpc.ts getDefaultAzs @ e60adf3c):
        // the same question, so the same zones in the same order.
        this.availabilityZones = aws.getAvailabilityZonesOutput({}, { parent: this }).names.apply((names) => {
            if (names.length < args.availabilityZoneCount)
                throw new Error(
                    `Network ${name}: the region has ${names.length} AZs, fewer than ${args.availabilityZoneCount}`,
                );
            return names.slice(0, args.availabilityZoneCount);
        });
        this.publicSubnetCidrs = publicSubnetCidrs(args.cidrBlock, args.availabilityZoneCount);
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
        });
    }
}
