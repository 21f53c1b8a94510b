/**
 * One environment's data subnets: a /27 per AZ in the VPC's last /24 (lib/networkLayout.ts), where only that
 * environment's RDS instance and Valkey live. The platform owns them, as it owns the VPC's whole address plan; the
 * environment's stack only places its database and cache in them.
 *
 * Why: pods of both environments share the private subnets and the node security group, so nothing at the address
 * or security-group level tells main's database from demo's. Addresses of their own let each environment's
 * NetworkPolicy allow 5432/6379 to its own data subnets only (components/environment/networkPolicy.ts), enforced by
 * the VPC CNI's network-policy agent. Security groups for pods would do it at the ENI instead, but no t-family
 * instance supports trunk ENIs (EKS user guide, "Security groups for Pods", Considerations), and the default nodes are
 * t3.medium.
 *
 * The route table has only the VPC's local route: nothing in these subnets reaches or is reached from outside the VPC.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { environmentDataSubnetCidrs } from "../../lib/networkLayout";
import { Env, environmentNames } from "../../lib/naming";

export interface DataSubnetsArgs {
    environment: Env;
    vpcId: pulumi.Input<string>;
    vpcCidr: string;
    /** The VPC's AZs in awsx's order (Network.availabilityZones); one subnet in each of the first `availabilityZoneCount`. */
    availabilityZones: pulumi.Input<string[]>;
    availabilityZoneCount: number;
}

export class DataSubnets extends pulumi.ComponentResource {
    readonly subnetIds: pulumi.Output<string[]>;
    readonly cidrBlocks: string[];

    constructor(name: string, args: DataSubnetsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:DataSubnets", name, { environment: args.environment, vpcCidr: args.vpcCidr }, opts);
        const parent = { parent: this };
        const label = environmentNames(args.environment).label;
        this.cidrBlocks = environmentDataSubnetCidrs(args.vpcCidr, args.environment, args.availabilityZoneCount);
        const routes = new aws.ec2.RouteTable(
            name,
            { vpcId: args.vpcId, tags: { Name: `${label}-data`, "osprey:role": "data" } },
            parent,
        );
        const subnets = this.cidrBlocks.map((cidrBlock, az) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-${az + 1}`,
                {
                    vpcId: args.vpcId,
                    cidrBlock,
                    availabilityZone: pulumi.output(args.availabilityZones).apply((zones) => zones[az]),
                    mapPublicIpOnLaunch: false,
                    tags: {
                        Name: `${label}-data-${az + 1}`,
                        "osprey:role": "data",
                        "osprey:environment": args.environment,
                    },
                },
                parent,
            );
            new aws.ec2.RouteTableAssociation(
                `${name}-${az + 1}`,
                { subnetId: subnet.id, routeTableId: routes.id },
                parent,
            );
            return subnet;
        });
        this.subnetIds = pulumi.all(subnets.map((s) => s.id));
        this.registerOutputs({ subnetIds: this.subnetIds, cidrBlocks: this.cidrBlocks });
    }
}
