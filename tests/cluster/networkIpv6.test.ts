/**
 * platform.network.ipv6 (the switch behind ALBs of type dualstack-without-public-ipv4): the awsx VPC gets an
 * Amazon IPv6 /56 and IPv6 public subnets (private ones stay IPv4-only), and because awsx routes only 0.0.0.0/0
 * to the internet gateway (pulumi/pulumi-awsx awsx/ec2/vpc.ts @ e60adf3c), the Network adds ::/0 per public
 * route table. One small mock run of the Network component alone.
 */
import * as aws from "@pulumi/aws";
import { Network } from "../../components/platform/network";
import { RecordedResource } from "../../harness/graph";
import { runOnMockCloud } from "../../harness/runProgram";
import { ofType, one } from "../graphHelpers";

let r: RecordedResource[];
beforeAll(async () => {
    const run = await runOnMockCloud({
        stack: "main",
        config: { "aws:region": "us-east-1" },
        program: () => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            new Network(
                "osprey",
                { cidrBlock: "10.40.0.0/16", availabilityZoneCount: 2, natGatewayStrategy: "Single", ipv6: true },
                { providers: { aws: provider } },
            );
            new Network(
                "plain",
                { cidrBlock: "10.41.0.0/16", availabilityZoneCount: 2, natGatewayStrategy: "Single" },
                { providers: { aws: provider } },
            );
            return {};
        },
    });
    r = run.resources;
});

it("asks awsx for an IPv6 /56 and IPv6 public subnets only", () => {
    const vpc = r.find((x) => x.type === "awsx:ec2:Vpc" && x.name === "osprey-vpc")!;
    expect(vpc.inputs.assignGeneratedIpv6CidrBlock).toBe(true);
    const specs = vpc.inputs.subnetSpecs as { type: string; assignIpv6AddressOnCreation?: boolean }[];
    expect(specs.map((s) => [s.type, s.assignIpv6AddressOnCreation])).toEqual([
        ["Public", true],
        ["Private", false],
    ]);
});

it("routes ::/0 to the internet gateway from each public route table", () => {
    const routes = ofType(r, "aws:ec2/route:Route").filter((x) => !x.modelled); // the Network's; awsx's own are modelled children
    expect(routes.map((x) => x.name)).toEqual(["osprey-public-1-ipv6-default", "osprey-public-2-ipv6-default"]);
    // The tag the Network looks the tables up by is the one awsx gives them (vpc.ts: Name = the subnet's name).
    const tables = ofType(r, "aws:ec2/routeTable:RouteTable").filter((x) => x.name.startsWith("osprey-vpc-public-"));
    expect(tables.map((x) => (x.inputs.tags as Record<string, string>).Name)).toEqual([
        "osprey-vpc-public-1",
        "osprey-vpc-public-2",
    ]);
    for (const route of routes) {
        expect(route.inputs.destinationIpv6CidrBlock).toBe("::/0");
        expect(route.inputs.gatewayId).toMatch(/^igw-[0-9a-f]{17}$/);
        expect(route.inputs.routeTableId).toMatch(/^rtb-[0-9a-f]{17}$/);
    }
    expect(new Set(routes.map((x) => x.inputs.routeTableId)).size).toBe(2);
});

it("changes nothing without the switch", () => {
    const plain = r.find((x) => x.type === "awsx:ec2:Vpc" && x.name === "plain-vpc")!;
    expect(plain.inputs.assignGeneratedIpv6CidrBlock).toBeUndefined();
    expect(
        (plain.inputs.subnetSpecs as Record<string, unknown>[]).every((s) => !("assignIpv6AddressOnCreation" in s)),
    ).toBe(true);
    expect(
        one(
            r.filter((x) => x.name.startsWith("plain")),
            "awsx:ec2:Vpc",
        ).name,
    ).toBe("plain-vpc");
});
