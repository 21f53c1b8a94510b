/**
 * The VPC's address plan (lib/networkLayout.ts): awsx's "Auto" allocation as ported, checked against awsx's own
 * expected layouts, and the environments' data subnets, which must never meet a subnet awsx allocates.
 */
import { ENVIRONMENTS } from "../../lib/naming";
import {
    awsxAutoLayout,
    cidrsOverlap,
    dataBlock,
    environmentDataSubnetCidrs,
    platformSubnetLayout,
    platformSubnetSpecs,
    publicSubnetCidrs,
} from "../../lib/networkLayout";

describe("awsxAutoLayout reproduces awsx's allocation", () => {
    // pulumi/pulumi-awsx awsx/ec2/subnetDistributorNew.test.ts @ e60adf3c, "should preserve default layout semantics":
    // 10.0.0.0/16 over two AZs with the default specs (private /18, public /19 for a /17 per AZ).
    it("awsx's vector: 10.0.0.0/16, 2 AZs, private /18 then public /19", () => {
        expect(
            awsxAutoLayout("10.0.0.0/16", 2, [
                { type: "Private", cidrMask: 18 },
                { type: "Public", cidrMask: 19 },
            ]).map((s) => s.cidrBlock),
        ).toEqual(["10.0.0.0/18", "10.0.64.0/19", "10.0.128.0/18", "10.0.192.0/19"]);
    });

    // Same file, "nextNetmask": the next /17 after 10.0.0.0/16 is 10.1.0.0/17 — a smaller block after a bigger one starts
    // past the bigger one's end, not inside it. Here: a /19 after a /22 starts at the next /19 boundary.
    it("aligns each subnet to its own size after the previous one (nextNetmask)", () => {
        expect(platformSubnetLayout("10.40.0.0/16", 2)).toEqual([
            { type: "Public", az: 0, cidrBlock: "10.40.0.0/22" },
            { type: "Private", az: 0, cidrBlock: "10.40.32.0/19" },
            { type: "Public", az: 1, cidrBlock: "10.40.128.0/22" },
            { type: "Private", az: 1, cidrBlock: "10.40.160.0/19" },
        ]);
        // Three AZs: one /18 per AZ (newBits(3) = 2), the fourth quarter unallocated.
        expect(publicSubnetCidrs("10.40.0.0/16", 3)).toEqual(["10.40.0.0/22", "10.40.64.0/22", "10.40.128.0/22"]);
    });

    it("refuses specs that do not fit an AZ's block, as awsx does", () => {
        expect(() => awsxAutoLayout("10.0.0.0/20", 2, [{ type: "Private", cidrMask: 20 }])).toThrow(
            /subnets need 4096 addresses per AZ/,
        );
    });
});

describe("the environments' data subnets", () => {
    // The config allows a /16 to /20 VPC (platform.network.cidrBlock) over 2 or 3 AZs.
    const vpcs = [16, 17, 18, 19, 20].map((p) => `10.40.0.0/${p}`.replace("10.40.0.0/20", "10.40.16.0/20"));

    it.each(vpcs.flatMap((v) => [2, 3].map((azs) => [v, azs] as const)))(
        "in %s over %i AZs meet no awsx subnet and no other environment's",
        (vpc, azs) => {
            const platform = platformSubnetLayout(vpc, azs).map((s) => s.cidrBlock);
            const data = ENVIRONMENTS.flatMap((env) =>
                environmentDataSubnetCidrs(vpc, env, azs).map((cidr) => ({ env, cidr })),
            );
            expect(data).toHaveLength(ENVIRONMENTS.length * azs);
            for (const d of data) {
                expect(cidrsOverlap(d.cidr, dataBlock(vpc))).toBe(true);
                expect(cidrsOverlap(d.cidr, vpc)).toBe(true);
                for (const p of platform)
                    expect({ data: d.cidr, overlaps: cidrsOverlap(d.cidr, p), with: p }).toEqual({
                        data: d.cidr,
                        overlaps: false,
                        with: p,
                    });
                for (const o of data) if (o !== d) expect(cidrsOverlap(d.cidr, o.cidr)).toBe(false);
            }
        },
    );

    it("are /27s at fixed slots of the VPC's last /24: main from .0, demo from .128", () => {
        expect(dataBlock("10.40.0.0/16")).toBe("10.40.255.0/24");
        expect(environmentDataSubnetCidrs("10.40.0.0/16", "main", 3)).toEqual([
            "10.40.255.0/27",
            "10.40.255.32/27",
            "10.40.255.64/27",
        ]);
        expect(environmentDataSubnetCidrs("10.40.0.0/16", "demo", 2)).toEqual(["10.40.255.128/27", "10.40.255.160/27"]);
    });

    it("cidrsOverlap: adjacent blocks do not overlap, a block and its half do", () => {
        expect(cidrsOverlap("10.0.0.0/25", "10.0.0.128/25")).toBe(false);
        expect(cidrsOverlap("10.0.0.0/24", "10.0.0.128/25")).toBe(true);
        expect(platformSubnetSpecs("10.40.0.0/18")).toEqual([
            { type: "Public", cidrMask: 24 },
            { type: "Private", cidrMask: 21 },
        ]);
    });
});
