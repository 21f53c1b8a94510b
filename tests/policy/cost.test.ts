/**
 * Golden tests of the monthly cost estimator. Every expected figure is price-table arithmetic written
 * out in a comment (PRICE_TABLE 2026-11-28, us-east-1 on-demand, 730 h/month), compared to the requirements'
 * cost table (docs/requirements.md, Cost) or RESEARCH.md's recomputation where those exist.
 */
import { CostLine, formatCostTable } from "../../policy/cost";
import {
    albSecurityGroup,
    eksCluster,
    estimateAt,
    fullTopology,
    nodeGroup,
    res,
    requiredTopology,
    vpc,
} from "./costFixtures";

/** The one line whose item matches; fails loudly when there are none or several. */
function only(lines: CostLine[], pattern: RegExp): CostLine {
    const hits = lines.filter((l) => pattern.test(l.item));
    if (hits.length !== 1)
        throw new Error(`${hits.length} lines match ${pattern}: ${hits.map((l) => l.item).join(" | ")}`);
    return hits[0];
}
const sum = (lines: CostLine[], pattern: RegExp) =>
    Math.round(lines.filter((l) => pattern.test(l.item)).reduce((s, l) => s + l.monthlyUsd * 100, 0)) / 100;

const CONTROL_PLANE = /^EKS control plane/;
const NODES = /^node group .*: t3\.medium × 2$/;
const NODE_ROOTS = /^node group .* root volumes/;
const ALB = /^ALB ingress group osprey-[a-z]+ \(ipv4; made by the Load Balancer Controller; assumed 2 AZs\)$/;
const ALB_LCU = /^ALB .*: LCUs/;
const ALB_IPV4 = /^ALB .*: public IPv4/;
const RDS = /^RDS .*: db\.t4g\.small postgres Single-AZ$/;
const RDS_STORAGE = /^RDS .*: storage/;
const ECR = /^ECR /;
const EGRESS = /^internet egress/;
const CLOUDFLARE = /^Cloudflare/;
const NAT = /^NAT gateway × 1/;
const NAT_IPV4 = /^public IPv4 × 1 for NAT gateways/;
const NAT_DATA = /^NAT data processing/;
const JUMPBOX = /^EC2 jumpbox: t4g\.nano × 1$/;
const JUMPBOX_ROOT = /^EC2 jumpbox root volume/;

describe("(a) the required topology, with the required cost table's omissions", () => {
    const { lines, monthlyUsd } = estimateAt(requiredTopology());

    it("reproduces each required cost line from the price table", () => {
        expect(only(lines, CONTROL_PLANE).monthlyUsd).toBe(73.0); // 0.10 × 730 = 73.00 (required: ~$73)
        expect(only(lines, NODES).monthlyUsd).toBe(60.74); // 0.0416 × 730 × 2 = 60.736 → 60.74 (required: ~$60)
        // ALBs × 2: (0.0225 × 730 = 16.425 → 16.43) + (1 LCU × 0.008 × 730 = 5.84) = 22.27 each → 44.54.
        // The requirements say ~$40 without an LCU assumption; 1 LCU average is ours (usage.albLcuAverage).
        expect(lines.filter((l) => ALB.test(l.item)).map((l) => l.monthlyUsd)).toEqual([16.43, 16.43]);
        expect(sum(lines, ALB) + sum(lines, ALB_LCU)).toBeCloseTo(44.54, 2);
        // RDS × 2: 0.032 × 730 = 23.36 each → 46.72. The requirements say ~$60 without arithmetic; storage (below) adds
        // 4.60,
        // and db.t4g.small Multi-AZ would be 93.44: neither reaches 60, so we trust the table and flag the gap here.
        expect(lines.filter((l) => RDS.test(l.item)).map((l) => l.monthlyUsd)).toEqual([23.36, 23.36]);
        expect(sum(lines, ECR)).toBe(5.0); // 4 repos × 12.5 GB × 0.10 = 5.00 (required: ~$5)
        expect(only(lines, EGRESS).monthlyUsd).toBe(9.9); // (210 − 100 free) GB × 0.09 = 9.90 (required: ~$10)
        expect(only(lines, CLOUDFLARE).monthlyUsd).toBe(0); // free plan (required: $0)
    });

    it("stays within the requirements' rounding on the lines it states exactly", () => {
        const required = { controlPlane: 73, nodes: 60, ecr: 5, egress: 10 }; // docs/requirements.md, Cost
        expect(Math.abs(only(lines, CONTROL_PLANE).monthlyUsd - required.controlPlane)).toBeLessThan(0.01);
        expect(Math.abs(only(lines, NODES).monthlyUsd - required.nodes)).toBeLessThan(1);
        expect(Math.abs(sum(lines, ECR) - required.ecr)).toBeLessThan(0.01);
        expect(Math.abs(only(lines, EGRESS).monthlyUsd - required.egress)).toBeLessThan(0.11);
    });

    it("adds only what the requirements leave out: ALB public IPv4, node root volumes, RDS storage; no NAT", () => {
        const requiredCategories = [CONTROL_PLANE, NODES, ALB, ALB_LCU, RDS, ECR, EGRESS, CLOUDFLARE];
        const extra = lines.filter((l) => !requiredCategories.some((re) => re.test(l.item)));
        expect(extra.map((l) => l.monthlyUsd)).toEqual([
            4.0, // node roots: 2 × 20 GB (EKS default) × 0.10 gp2 = 4.00
            7.3, // main ALB: 2 AZs × 0.005 × 730 = 7.30
            7.3, // demo ALB: 7.30
            2.3, // main RDS: 20 GB × 0.115 = 2.30
            2.3, // demo RDS: 2.30
        ]);
        expect(extra.map((l) => l.item)).toEqual([
            expect.stringMatching(NODE_ROOTS),
            expect.stringMatching(ALB_IPV4),
            expect.stringMatching(ALB_IPV4),
            expect.stringMatching(RDS_STORAGE),
            expect.stringMatching(RDS_STORAGE),
        ]);
        expect(lines.some((l) => /NAT/.test(l.item))).toBe(false);
    });

    it("totals the lines: 239.90 in the required categories + 23.20 they omit = 263.10 (required: ~$248)", () => {
        // 73.00 + 60.74 + 44.54 + 46.72 + 5.00 + 9.90 = 239.90. The requirements' 73 + 60 + 40 + 60 + 5 + 10 = 248 is
        // 8.10 higher:
        // its RDS line is 13.28 above ours, its ALB line 4.54 below, nodes 0.74 below, transfer 0.10 above.
        // + 4.00 + 14.60 + 4.60 = 23.20 the requirements omit.
        expect(monthlyUsd).toBe(263.1);
        expect(monthlyUsd).toBe(Math.round(lines.reduce((s, l) => s + l.monthlyUsd * 100, 0)) / 100);
    });
});

describe("(b) the program's topology: NAT Single, ALB IPv4, node root volumes, jumpbox", () => {
    const { lines, monthlyUsd } = estimateAt(fullTopology());

    it("prices what the requirements omitted", () => {
        expect(only(lines, NAT).monthlyUsd).toBe(32.85); // 0.045 × 730 = 32.85
        expect(only(lines, NAT_IPV4).monthlyUsd).toBe(3.65); // 0.005 × 730 = 3.65
        expect(only(lines, NAT_DATA).monthlyUsd).toBe(1.35); // 30 GB × 0.045 = 1.35 → NAT total 37.85 = RESEARCH.md's figure
        expect(sum(lines, ALB_IPV4)).toBe(14.6); // 2 ALBs × 2 AZs × 0.005 × 730 = 14.60 = RESEARCH.md's figure
        expect(only(lines, NODE_ROOTS).monthlyUsd).toBe(4.0); // 2 × 20 GB × 0.10 = 4.00 = RESEARCH.md's "~$4"
        expect(only(lines, JUMPBOX).monthlyUsd).toBe(3.07); // 0.0042 × 730 = 3.066 → 3.07
        expect(only(lines, JUMPBOX_ROOT).monthlyUsd).toBe(0.64); // 8 GB × 0.08 = 0.64 → jumpbox 3.71, in RESEARCH.md's "~$4-7"
    });

    it("sums to 304.66; RESEARCH.md's ~$289 is the same topology without LCUs and RDS storage", () => {
        // 263.10 (a) + 32.85 + 3.65 + 1.35 + 3.07 + 0.64 = 304.66.
        expect(monthlyUsd).toBe(304.66);
        // RESEARCH.md (~$289) = 73 + 60.74 + ALB hours 32.85 + RDS 46.72 + ECR 5 + egress ~10 + NAT 37.85 + IPv4 14.60
        // + roots 4 + jumpbox 3.71 = 288.47: it left out ALB LCUs (2 × 5.84 = 11.68) and RDS storage (4.60).
        const withoutLcuAndStorage = monthlyUsd - sum(lines, ALB_LCU) - sum(lines, RDS_STORAGE);
        expect(sum(lines, ALB_LCU)).toBe(11.68);
        expect(sum(lines, RDS_STORAGE)).toBe(4.6);
        expect(Math.abs(withoutLcuAndStorage - 289)).toBeLessThan(1); // 288.38: ALB per-line rounding (+0.01), egress 9.90 vs 10 (−0.10)
    });
});

describe("(c) NAT strategy", () => {
    const total = (nat: Record<string, unknown> | undefined, azs: number) =>
        estimateAt(fullTopology(nat, azs)).monthlyUsd;

    it.each([2, 3, 4])("OnePerAz costs (n−1) × (0.045 + 0.005) × 730 more than Single with %i AZs", (n) => {
        const diff = Math.round((total({ strategy: "OnePerAz" }, n) - total({ strategy: "Single" }, n)) * 100) / 100;
        expect(diff).toBe(Math.round((n - 1) * (0.045 + 0.005) * 730 * 100) / 100); // n = 3: 2 × 0.05 × 730 = 73.00
    });

    it("takes awsx's default (OnePerAz over the first 3 AZs) when natGateways is absent", () => {
        const noInputs = estimateAt([res("awsx:ec2:Vpc", "v", {})]);
        expect(only(noInputs.lines, /^NAT gateway × 3 \(awsx OnePerAz, 3 AZs/).monthlyUsd).toBe(98.55); // 3 × 0.045 × 730
        expect(total({ strategy: "None" }, 3)).toBeCloseTo(total({ strategy: "Single" }, 3) - 32.85 - 3.65 - 1.35, 2); // NAT, its IPv4, its data
    });
});

describe("(d) no double count when a real preview shows the components' children", () => {
    const VPC_CHAIN = ["osprey:platform:Network", "awsx:ec2:Vpc"];
    const CLUSTER_CHAIN = ["osprey:cluster:Cluster", "eks:index:Cluster"];

    it("prices NAT gateway and EIP children instead of the VPC's implied ones", () => {
        const mockShape = estimateAt([vpc({ strategy: "Single" })]);
        const previewShape = estimateAt([
            vpc({ strategy: "Single" }),
            res("aws:ec2/eip:Eip", "osprey-1", { domain: "vpc" }, VPC_CHAIN),
            res("aws:ec2/natGateway:NatGateway", "osprey-1", { allocationId: "eipalloc-1" }, VPC_CHAIN),
        ]);
        expect(previewShape.monthlyUsd).toBe(mockShape.monthlyUsd); // 32.85 + 3.65 + 1.35 = 37.85 both ways
        expect(mockShape.monthlyUsd).toBe(37.85);
        expect(previewShape.lines.filter((l) => l.urn?.includes("awsx:ec2:Vpc::")).length).toBe(0);
    });

    it("prices the aws:eks/cluster:Cluster child and the aws:eks/nodeGroup:NodeGroup child once", () => {
        const previewShape = estimateAt([
            eksCluster(),
            res(
                "aws:eks/cluster:Cluster",
                "osprey-eksCluster",
                { version: "1.35", upgradePolicy: { supportType: "STANDARD" } },
                CLUSTER_CHAIN,
            ),
            nodeGroup(),
            res(
                "aws:eks/nodeGroup:NodeGroup",
                "osprey-nodes",
                { instanceTypes: ["t3.medium"], scalingConfig: { desiredSize: 2 } },
                ["osprey:cluster:Cluster", "eks:index:ManagedNodeGroup"],
            ),
        ]);
        const mockShape = estimateAt([eksCluster(), nodeGroup()]);
        expect(previewShape.monthlyUsd).toBe(mockShape.monthlyUsd);
        expect(mockShape.monthlyUsd).toBe(137.74); // 73.00 + 60.74 + 4.00
        expect(only(previewShape.lines, CONTROL_PLANE).urn).toMatch(/aws:eks\/cluster:Cluster::osprey-eksCluster$/);
        expect(only(previewShape.lines, NODES).urn).toMatch(/aws:eks\/nodeGroup:NodeGroup::osprey-nodes$/);
    });

    it("tells two VPCs under one parent apart by their children's names", () => {
        const two = estimateAt([
            res("awsx:ec2:Vpc", "a", { natGateways: { strategy: "Single" } }, ["osprey:platform:Network"]),
            res("awsx:ec2:Vpc", "b", { natGateways: { strategy: "Single" } }, ["osprey:platform:Network"]),
            res("aws:ec2/natGateway:NatGateway", "a-1", {}, VPC_CHAIN),
        ]);
        // a: child NAT 32.85 + implied EIP 3.65; b: implied NAT 32.85 + EIP 3.65; data once 1.35.
        expect(two.lines.filter((l) => /^NAT gateway/.test(l.item)).length).toBe(2);
        expect(two.monthlyUsd).toBe(74.35);
    });

    it("does not price the default node group's autoscaling group on top of the component's inputs", () => {
        const cluster = eksCluster({ skipDefaultNodeGroup: false, instanceType: "t3.medium", desiredCapacity: 2 });
        const asg = res("aws:autoscaling/group:Group", "osprey-nodegroup", { desiredCapacity: 2 }, [
            ...CLUSTER_CHAIN,
            "eks:index:NodeGroupV2",
        ]);
        const withAsg = estimateAt([cluster, asg]);
        expect(withAsg.monthlyUsd).toBe(estimateAt([cluster]).monthlyUsd);
        expect(withAsg.monthlyUsd).toBe(137.74); // 73.00 + 60.74 + 2 × 20 GB gp2 × 0.10 (@pulumi/eks defaults)
        expect(withAsg.lines.map((l) => l.urn)).not.toContain(asg.urn);
        // Outside the eks component an autoscaling group hides instances we cannot price: a visible gap.
        const loose = res("aws:autoscaling/group:Group", "workers", { desiredCapacity: 3 });
        expect(only(estimateAt([loose]).lines, /^unpriced: instances of autoscaling group workers$/).quantity).toBe(
            3 * 730,
        );
    });
});

describe("(e) unknown prices stay visible", () => {
    it("shows an unpriced line for an instance class not in the table", () => {
        const { lines, monthlyUsd } = estimateAt([
            nodeGroup({ instanceTypes: ["m7i.large"] }),
            res("aws:rds/instance:Instance", "big", {
                engine: "postgres",
                instanceClass: "db.r7g.large",
                allocatedStorage: 20,
                storageType: "gp3",
            }),
        ]);
        const gap = only(lines, /^unpriced: m7i\.large$/);
        expect(gap).toMatchObject({ monthlyUsd: 0, unitUsd: 0, quantity: 1460, unit: "instance-hours" });
        expect(only(lines, /^unpriced: db\.r7g\.large$/).monthlyUsd).toBe(0);
        expect(monthlyUsd).toBe(6.3); // only what is priced: 2 × 20 GB × 0.10 node roots + 20 GB × 0.115 RDS storage
        expect(formatCostTable({ monthlyUsd, lines })).toContain("unpriced: m7i.large");
    });
});

describe("(f) formatCostTable", () => {
    const estimate = estimateAt(fullTopology());
    const table = formatCostTable(estimate);

    it("contains every line and the total", () => {
        for (const l of estimate.lines) {
            expect(table).toContain(l.item);
            expect(table).toContain(`$${l.monthlyUsd.toFixed(2)}`);
        }
        expect(table).toMatch(/^TOTAL\s+\$304\.66$/m);
    });

    it("aligns columns: every priced row ends its Monthly cell at the same column, and each line cites a numbered source", () => {
        const rows = table
            .split("\n")
            .filter((r) => /^ {2}\S/.test(r) && !/^ {2}\[\d+\]/.test(r) && !/subtotal/.test(r));
        expect(rows).toHaveLength(estimate.lines.length);
        const ends = rows.map(
            (r) =>
                r.search(/\$\d+\.\d{2}(?=\s|$)(?!.*\$\d+\.\d{2})/) +
                r.match(/\$\d+\.\d{2}(?!.*\$\d+\.\d{2})/)![0].length,
        );
        expect(new Set(ends).size).toBe(1);
        // Layers in request order with a subtotal each; sources as [n] URL (checked date).
        expect(table.split("\n").filter((r) => /^[a-z -]+:$/.test(r))).toEqual([
            "environment:",
            "cluster:",
            "platform:",
            "data:",
            "other:",
            "stack-wide usage:",
        ]); // the fixture's ECR repositories have no osprey parent
        expect(table).toMatch(/^ {2}\[1\] https:\/\/aws\.amazon\.com\/\S+ \(checked \d{4}-\d{2}-\d{2}\)$/m);
    });
});

it("falls back to one IPv4 ALB per tagged security group without AlbFacts, and none for other groups", () => {
    const other = res("aws:ec2/securityGroup:SecurityGroup", "nodes", { tags: { "osprey:role": "cloudflare-ranges" } });
    expect(estimateAt([other]).lines).toEqual([]);
    expect(estimateAt([albSecurityGroup("main")]).monthlyUsd).toBe(39.47); // 16.43 + 5.84 + 7.30 + egress (210 − 100 free) × 0.09 = 9.90
});
