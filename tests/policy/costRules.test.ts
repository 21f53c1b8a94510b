/**
 * Per-type pricing rules, the price table's integrity and usage handling. Expected figures are
 * PRICE_TABLE arithmetic, written out next to each assertion.
 */
import { CostLine, DEFAULT_USAGE, EKS_EXTENDED_SUPPORT_USD_PER_HOUR, PRICE_TABLE, roundCents } from "../../policy/cost";
import { Price } from "../../policy/cost/prices";
import { eksCluster, estimateAt, nodeGroup, res } from "./costFixtures";

const items = (lines: CostLine[]) => lines.map((l) => `${l.item} = ${l.monthlyUsd.toFixed(2)}`);
const cost = (...r: Parameters<typeof res>) => estimateAt([res(...r)]);

describe("PRICE_TABLE", () => {
    const all: [string, Price][] = [];
    for (const [key, value] of Object.entries(PRICE_TABLE.prices)) {
        if ("usd" in value) all.push([key, value as Price]);
        else for (const [k, v] of Object.entries(value as Record<string, Price>)) all.push([`${key}.${k}`, v]);
    }

    it("is the versioned us-east-1 table at 730 h/month", () => {
        expect(PRICE_TABLE).toMatchObject({ version: "2026-12-07", region: "us-east-1", hoursPerMonth: 730 });
        expect(all.length).toBeGreaterThan(30);
    });

    it.each(all)("%s has a positive usd, a unit, an AWS (or Pulumi) source and an asOf date", (_key, price) => {
        expect(price.usd).toBeGreaterThan(0);
        expect(price.unit).not.toBe("");
        // Pulumi Deployments minutes are Pulumi's price, not AWS's.
        expect(price.source).toMatch(/^https:\/\/(aws\.amazon\.com|www\.pulumi\.com)\//);
        expect(price.source).toMatch(/verified|RESEARCH\.md/);
        expect(price.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it("exports the EKS extended-support rate the cluster code warns about", () => {
        expect(EKS_EXTENDED_SUPPORT_USD_PER_HOUR).toBe(0.6); // AWS Containers blog: $0.60 per cluster-hour
    });
});

describe("money and usage", () => {
    it("rounds half away from zero at cents without binary noise", () => {
        expect(roundCents(1.005)).toBe(1.01); // 1.005 × 100 = 100.49999999999999 in floating point
        expect(roundCents(0.0042 * 730)).toBe(3.07); // 3.066
        expect(roundCents(0.0225 * 730)).toBe(16.43); // 16.425
    });

    it("rejects nonsense usage, naming the field", () => {
        expect(() => estimateAt([], { natGbPerMonth: -1 })).toThrow(
            /usage\.natGbPerMonth must be a finite number >= 0, got -1/,
        );
        expect(() => estimateAt([], { albLcuAverage: Number.NaN })).toThrow(/usage\.albLcuAverage/);
        expect(() => estimateAt([], { kmsKeyAgeDays: -3 })).toThrow(
            /usage\.kmsKeyAgeDays must be a finite number >= 0, got -3/,
        );
        expect(() => estimateAt([], { controlPlaneLogGbPerMonth: { audit: -1 } as never })).toThrow(
            /usage\.controlPlaneLogGbPerMonth\.audit/,
        );
    });

    it("rejects a malformed URN with the URN in the message", () => {
        expect(() => estimateAt([{ type: "aws:kms/key:Key", urn: "key-1", name: "k", props: {} }])).toThrow(
            /not a Pulumi URN: "key-1"/,
        );
    });

    it("applies usage overrides and says so in the item", () => {
        const { lines } = estimateAt(
            [res("aws:ec2/securityGroup:SecurityGroup", "main-alb", { tags: { "osprey:role": "alb" } })],
            {
                albLcuAverage: 3,
                albAvailabilityZones: 3,
                egressGbPerMonth: 50,
            },
        );
        expect(items(lines)).toEqual([
            "ALB main-alb (by the Load Balancer Controller for this SG; ingress group unknown, assumed ipv4 and 3 AZs) = 16.43", // 0.0225 × 730
            "ALB main-alb: LCUs (assumed 3 LCU average) = 17.52", // 3 × 0.008 × 730
            "ALB main-alb: public IPv4 × 3 (one per AZ) = 10.95", // 3 × 0.005 × 730
            "internet egress (assumed 50 GB/month; 50 GB of it in the free tier (this stack alone) of 100 GB) = 0.00", // inside the free 100 GB
        ]);
        expect(DEFAULT_USAGE.albLcuAverage).toBe(1);
    });

    it("adds no egress or NAT data line when nothing faces the internet", () => {
        const { lines } = estimateAt([eksCluster(), nodeGroup()]);
        expect(lines.some((l) => /egress|NAT/.test(l.item))).toBe(false);
    });
});

describe("EKS", () => {
    it("marks SPOT node groups and prices them at on-demand as the upper bound", () => {
        const { lines } = estimateAt([nodeGroup({ capacityType: "SPOT", diskSize: 50 })]);
        expect(items(lines)).toEqual([
            "node group osprey-nodes (SPOT: price varies; on-demand shown as upper bound): t3.medium × 2 = 60.74",
            "node group osprey-nodes (SPOT: price varies; on-demand shown as upper bound) root volumes: gp2 50 GB × 2 (assumed EKS default type) = 10.00", // 100 GB × 0.10
        ]);
    });

    it("reads secret-wrapped inputs the way the plan records them", () => {
        const secret = (value: unknown) => ({
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value,
        });
        const { lines } = estimateAt([nodeGroup({ scalingConfig: secret({ desiredSize: 3 }) })]);
        expect(lines[0].quantity).toBe(3 * 730);
    });

    it("shows a gap, not a guess, for root volumes that live in a launch template", () => {
        const { lines } = estimateAt([
            res("aws:eks/nodeGroup:NodeGroup", "ng", {
                instanceTypes: ["t4g.medium"],
                scalingConfig: { desiredSize: 1 },
                launchTemplate: { id: "lt-1", version: "1" },
            }),
        ]);
        expect(items(lines)).toEqual([
            "node group ng: t4g.medium × 1 = 24.53",
            "unpriced: root volumes defined in a launch template = 0.00",
        ]); // 0.0336 × 730 = 24.528
    });
});

describe("data services", () => {
    it("doubles RDS instance and storage for Multi-AZ", () => {
        const { lines } = cost("aws:rds/instance:Instance", "db", {
            engine: "postgres",
            instanceClass: "db.t4g.small",
            allocatedStorage: 50,
            storageType: "gp3",
            multiAz: true,
        });
        expect(items(lines)).toEqual([
            "RDS db: db.t4g.small postgres Multi-AZ = 46.72", // 0.064 × 730
            "RDS db: storage gp3 50 GB × 2 (Multi-AZ standby) = 11.50", // 100 GB × 0.115
        ]);
    });

    it("leaves engines other than PostgreSQL unpriced (prices differ per engine)", () => {
        const { lines } = cost("aws:rds/instance:Instance", "db", {
            engine: "mysql",
            instanceClass: "db.t4g.small",
            allocatedStorage: 20,
        });
        expect(items(lines)).toEqual(["unpriced: db.t4g.small = 0.00", "RDS db: storage gp2 20 GB = 2.30"]); // storageType default gp2
    });

    it("prices ElastiCache nodes, Valkey at 0.8 × Redis OSS", () => {
        expect(
            items(
                cost("aws:elasticache/replicationGroup:ReplicationGroup", "r", {
                    nodeType: "cache.t3.micro",
                    numCacheClusters: 2,
                }).lines,
            ),
        ).toEqual([
            "ElastiCache r: cache.t3.micro redis × 2 = 24.82", // 2 × 0.017 × 730 (docs/requirements.md, Scaling: "about $12/month" each)
        ]);
        expect(
            cost("aws:elasticache/replicationGroup:ReplicationGroup", "v", {
                nodeType: "cache.t4g.micro",
                engine: "valkey",
            }).monthlyUsd,
        ).toBe(9.34); // 0.016 × 0.8 × 730 = 9.344
    });

    it("prices storage, secrets, keys and alarms per resource", () => {
        const { lines, monthlyUsd } = estimateAt([
            res("aws:s3/bucket:Bucket", "attachments"),
            res("aws:secretsmanager/secret:Secret", "render", { replicas: [{ region: "us-west-2" }] }),
            res("aws:kms/key:Key", "eks-secrets", { enableKeyRotation: true }),
            res("aws:cloudwatch/metricAlarm:MetricAlarm", "sync-errors", { period: 300 }),
            res("aws:cloudwatch/metricAlarm:MetricAlarm", "fast", { period: 10 }),
        ]);
        expect(lines.map((l) => l.monthlyUsd)).toEqual([
            0.23, // 10 GB × 0.023
            0.8, // (1 + 1 replica) × 0.40
            1.0, // 1 key × $1 (rotation on, key 0 days old: no rotation billed yet)
            0, // the rotation line: $0 until day 365
            0, // standard resolution: 1 of the account's 10 free alarm metrics
            0.3, // high resolution (period < 60 s): the free tier covers standard alarms only
        ]);
        expect(monthlyUsd).toBe(2.33); // 0.23 + 0.80 + 1.00 + 0.30
    });

    it("prices log groups from the usage assumption and their retention", () => {
        const { lines } = cost("aws:cloudwatch/logGroup:LogGroup", "sync", { retentionInDays: 30 }, []);
        expect(items(lines)).toEqual([
            "Logs sync: ingested (assumed 1 GB/month; 1 GB of it in the free tier (this stack alone)) = 0.00", // 1 GB inside the free 5 GB
            "Logs sync: stored (1 GB/month kept 30 days) = 0.03", // 1 GB × 30/30 months × 0.03
        ]);
        // Beyond the free 5 GB: 8 GB → (8 − 5) × 0.50 = 1.50 ingested; kept 90 days → 8 × 3 × 0.03 = 0.72 stored.
        expect(items(cost("aws:cloudwatch/logGroup:LogGroup", "big", { retentionInDays: 90 }, []).lines)).toHaveLength(
            2,
        );
        expect(
            estimateAt([res("aws:cloudwatch/logGroup:LogGroup", "big", { retentionInDays: 90 })], {
                logsGbPerMonth: 8,
            }).lines.map((l) => l.monthlyUsd),
        ).toEqual([1.5, 0.72]);
    });

    it("shows the hourly Lambda at $0 inside the free tier, and bills what exceeds it", () => {
        const fn = res("aws:lambda/function:Function", "ip-sync", { memorySize: 256 });
        expect(estimateAt([fn]).lines).toEqual([
            expect.objectContaining({
                monthlyUsd: 0,
                item: expect.stringMatching(
                    /^Lambda ip-sync: \$0, inside the free tier \(this stack alone\) \(x86_64; assumed 730 invocations × 5 s × 256 MB = 913 GB-s/,
                ),
            }),
        ]);
        // 2M invocations × 1 s × 1024 MB: (2M − 1M) × 0.20/M = 0.20; (2,000,000 − 400,000) GB-s × 0.0000166667 = 26.67
        const busy = estimateAt([res("aws:lambda/function:Function", "busy", { memorySize: 1024 })], {
            lambdaInvocationsPerMonth: 2_000_000,
            lambdaAvgSeconds: 1,
        });
        expect(busy.lines.map((l) => l.monthlyUsd)).toEqual([0.2, 26.67]);
    });
});

describe("explicit load balancers, EIPs and volumes", () => {
    it("prices an internal ALB without public IPv4 and an internet-facing NLB with one per subnet", () => {
        const { lines } = estimateAt([
            res("aws:lb/loadBalancer:LoadBalancer", "internal", { internal: true, subnets: ["a", "b"] }),
            res("aws:lb/loadBalancer:LoadBalancer", "edge", { loadBalancerType: "network", subnets: ["a", "b", "c"] }),
        ]);
        expect(items(lines)).toEqual([
            "ALB internal (internal) = 16.43",
            "ALB internal: LCUs (assumed 1 LCU average) = 5.84",
            "NLB edge = 16.43", // 0.0225 × 730
            "NLB edge: NLCUs (assumed 1 NLCU average) = 4.38", // 0.006 × 730
            "NLB edge: public IPv4 × 3 (one per AZ) = 10.95",
            "internet egress (assumed 210 GB/month; 100 GB of it in the free tier (this stack alone) of 100 GB) = 9.90",
        ]);
    });

    it("prices standalone EIPs and EBS volumes, and flags gateway load balancers", () => {
        const { lines } = estimateAt([
            res("aws:ec2/eip:Eip", "bastion"),
            res("aws:ebs/volume:Volume", "data", { size: 100, type: "gp3" }),
            res("aws:lb/loadBalancer:LoadBalancer", "gwlb", { loadBalancerType: "gateway" }),
        ]);
        expect(items(lines)).toEqual([
            "public IPv4 (Elastic IP) = 3.65",
            "EBS volume data: gp3 100 GB × 1 = 8.00",
            "unpriced: gateway load balancer = 0.00",
        ]);
    });
});
