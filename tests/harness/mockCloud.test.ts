/**
 * The mock cloud echoes inputs by default (IDs and ARNs from harness/mockIds.ts), computes the outputs the program
 * reads, throws for unknown function calls, and resolves StackReferences only from a recorded run.
 */
import { MockCloud, MOCK_ACCOUNT_ID } from "../../harness/mockCloud";

const cloud = new MockCloud({
    stack: "main",
    region: "us-east-1",
    cloudflareRanges: { ipv4: ["173.245.48.0/20"], ipv6: ["2400:cb00::/32"] },
    stackOutputs: { "org/osprey-strike/main": { outputs: { vpcId: "vpc-1" }, secretOutputNames: ["kubeconfig"] } },
});

const ipToInt = (ip: string) => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
const range = (cidr: string): [number, number] => {
    const [ip, len] = cidr.split("/");
    const start = ipToInt(ip);
    return [start, start + 2 ** (32 - Number(len))];
};

describe("echo by default, strict for calls", () => {
    it("echoes an unknown resource type's inputs with a plain hex ID, and does not claim to know it", () => {
        const r = cloud.newResource({
            type: "aws:ec2/instance:Nope",
            name: "x",
            inputs: { a: 1, b: ["c"] },
            custom: true,
        });
        expect(r).toEqual({ id: expect.stringMatching(/^[0-9a-f]{17}$/), state: { a: 1, b: ["c"], id: r.id } });
        expect(cloud.knows("aws:ec2/instance:Nope")).toBe(false);
    });
    it("echoes an unknown remote component's inputs (the run lists its type as modelled generically)", () => {
        const r = cloud.newResource({
            type: "awsx:lb:ApplicationLoadBalancer",
            name: "x",
            inputs: { internal: false },
            custom: false,
        });
        expect(r).toEqual({ id: undefined, state: { internal: false } });
        expect(cloud.knows("awsx:lb:ApplicationLoadBalancer")).toBe(false);
    });
    it("knows the types it has a table entry or model for, and the engine's own", () => {
        for (const t of [
            "aws:iam/role:Role",
            "aws:rds/instance:Instance",
            "awsx:ec2:Vpc",
            "pulumi:providers:aws",
            "pulumi:pulumi:StackReference",
        ]) {
            expect([t, cloud.knows(t)]).toEqual([t, true]);
        }
    });
    it("throws Mock not implemented for an unknown function", () => {
        expect(() => cloud.call({ token: "aws:ec2/getAmi:getAmi", inputs: {} })).toThrow(
            /^Mock not implemented: aws:ec2\/getAmi:getAmi/,
        );
    });
    it("refuses a StackReference to a stack that was not run", () => {
        expect(() =>
            cloud.newResource({
                type: "pulumi:pulumi:StackReference",
                name: "org/osprey-strike/other",
                inputs: { name: "org/osprey-strike/other" },
                custom: true,
            }),
        ).toThrow(/no recorded run/);
    });
    it("adds id, ARN and the auto-generated name to the inputs, and never drops an input", () => {
        const r = cloud.newResource({
            type: "aws:s3/bucket:Bucket",
            name: "files",
            inputs: { forceDestroy: false, tags: { a: "b" } },
            custom: true,
        });
        expect(r.state).toEqual({
            forceDestroy: false,
            tags: { a: "b" },
            bucket: r.id,
            id: r.id,
            arn: `arn:aws:s3:::${r.id}`,
        });
        expect(r.id).toMatch(/^files-[0-9a-f]{7}$/);
    });
    it("keeps per-run state on the instance: a run of another stack derives other IDs, and the first run is unaffected", () => {
        const sg = { type: "aws:ec2/securityGroup:SecurityGroup", name: "a", inputs: {}, custom: true };
        const before = cloud.newResource(sg).id;
        const other = new MockCloud({ stack: "demo", region: "eu-west-1", cloudflareRanges: { ipv4: [], ipv6: [] } });
        expect(other.newResource(sg).id).not.toBe(before);
        expect(cloud.newResource(sg).id).toBe(before);
    });
});

describe("realistic outputs", () => {
    it("resolves a StackReference with its outputs and secret names", () => {
        const r = cloud.newResource({
            type: "pulumi:pulumi:StackReference",
            name: "org/osprey-strike/main",
            inputs: { name: "org/osprey-strike/main" },
            custom: true,
        });
        expect(r.state).toEqual({
            name: "org/osprey-strike/main",
            outputs: { vpcId: "vpc-1" },
            secretOutputNames: ["kubeconfig"],
        });
    });

    it("gives AWS IDs and ARNs in AWS's formats", () => {
        const pl = cloud.newResource({
            type: "aws:ec2/managedPrefixList:ManagedPrefixList",
            name: "cf",
            inputs: { name: "cf" },
            custom: true,
        });
        expect(pl.id).toMatch(/^pl-[0-9a-f]{17}$/);
        expect(pl.state.arn).toBe(`arn:aws:ec2:us-east-1:${MOCK_ACCOUNT_ID}:prefix-list/${pl.id}`);
        const role = cloud.newResource({ type: "aws:iam/role:Role", name: "sync", inputs: {}, custom: true });
        expect(role.state.name).toMatch(/^sync-[0-9a-f]{7}$/);
        expect(role.state.arn).toBe(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${role.state.name}`);
    });

    it("is deterministic per resource and distinct across resources", () => {
        const a = cloud.newResource({
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "a",
            inputs: {},
            custom: true,
        });
        const a2 = cloud.newResource({
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "a",
            inputs: {},
            custom: true,
        });
        const b = cloud.newResource({
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "b",
            inputs: {},
            custom: true,
        });
        expect(a.id).toBe(a2.id);
        expect(a.id).not.toBe(b.id);
    });

    it("answers the AZ and Cloudflare IP functions in the providers' shapes", () => {
        const azs = cloud.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} }) as {
            names: string[];
            zoneIds: string[];
        };
        expect(azs.names.slice(0, 2)).toEqual(["us-east-1a", "us-east-1b"]);
        expect(azs.zoneIds[0]).toBe("use1-az1");
        const ips = cloud.call({ token: "cloudflare:index/getIpRanges:getIpRanges", inputs: {} });
        expect(ips.ipv4Cidrs).toEqual(["173.245.48.0/20"]);
        expect(ips.ipv6Cidrs).toEqual(["2400:cb00::/32"]);
    });

    it.each([
        ["10.40.0.0/16", 2],
        ["10.40.0.0/16", 3],
        ["172.16.0.0/20", 3],
    ])("carves awsx:ec2:Vpc %s over %i AZs into disjoint subnets inside the block", (cidr, azs) => {
        const prefix = Number(cidr.split("/")[1]);
        const r = cloud.newResource({
            type: "awsx:ec2:Vpc",
            name: "net",
            custom: false,
            inputs: {
                cidrBlock: cidr,
                numberOfAvailabilityZones: azs,
                subnetSpecs: [
                    { type: "Public", cidrMask: prefix + 6 },
                    { type: "Private", cidrMask: prefix + 3 },
                ],
            },
        });
        const layout = r.state.subnetLayout as { cidrBlock: string; availabilityZone: string; type: string }[];
        expect(r.state.publicSubnetIds).toHaveLength(azs);
        expect(r.state.privateSubnetIds).toHaveLength(azs);
        expect(new Set(layout.map((s) => s.availabilityZone)).size).toBe(azs);
        const [vStart, vEnd] = range(cidr);
        const ranges = layout.map((s) => range(s.cidrBlock)).sort((x, y) => x[0] - y[0]);
        ranges.forEach(([s, e], i) => {
            expect(s).toBeGreaterThanOrEqual(vStart);
            expect(e).toBeLessThanOrEqual(vEnd);
            if (i > 0) expect(s).toBeGreaterThanOrEqual(ranges[i - 1][1]);
        });
    });
});
