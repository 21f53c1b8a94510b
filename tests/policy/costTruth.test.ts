/**
 * Golden tests for the rules the estimator must get right (docs/requirements.md, Truthful cost estimate). Every
 * expected figure is written out as
 * price-table arithmetic next to it (PRICE_TABLE 2026-12-01, us-east-1 on-demand, 730 h/month); calendar dates
 * come from policy/supportCalendars.ts (the EKS and RDS release calendars it cites).
 */
import { CostLine, estimateAccountCost, estimateMonthlyCost } from "../../policy/cost";
import { EKS_STANDARD_SUPPORT_END as CLUSTER_CALENDAR } from "../../components/cluster/supportCalendar";
import { EKS_STANDARD_SUPPORT_END } from "../../policy/supportCalendars";
import { albComponent, albOf, ASOF, database, eksCluster, estimateAt, nodeGroup, res } from "./costFixtures";

const items = (lines: CostLine[]) => lines.map((l) => `${l.item} = ${l.monthlyUsd.toFixed(2)}`);
const usdOf = (lines: CostLine[], re: RegExp) => lines.filter((l) => re.test(l.item)).map((l) => l.monthlyUsd);
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

describe("EKS control-plane logs: volume per enabled log type", () => {
    const cluster = (types: string[]) => eksCluster({ name: "osprey", enabledClusterLogTypes: types });
    const ownGroup = (retentionInDays: number) =>
        res(LOG_GROUP, "osprey-control-plane", { name: "/aws/eks/osprey/cluster", retentionInDays }, [
            "osprey:cluster:Cluster",
        ]);

    it("prices api + audit + authenticator = 5 + 25 + 2 = 32 GB through the program's own group, kept 30 days", () => {
        const { lines } = estimateAt([cluster(["api", "audit", "authenticator"]), ownGroup(30)]);
        expect(items(lines.filter((l) => l.item.startsWith("Logs")))).toEqual([
            // (32 − 5 GB account free tier) × $0.50 = 27 × 0.50 = 13.50
            "Logs osprey-control-plane (EKS osprey control plane): ingested (assumed api 5 GB + audit 25 GB + authenticator 2 GB/month; 5 GB of it in the free tier (this stack alone)) = 13.50",
            // 32 GB × 30/30 months × $0.03 = 0.96
            "Logs osprey-control-plane (EKS osprey control plane): stored (32 GB/month kept 30 days) = 0.96",
        ]);
    });

    it("follows the enabled types and the retention: audit alone 25 GB kept 7 days", () => {
        const { lines } = estimateAt([cluster(["audit"]), ownGroup(7)]);
        // (25 − 5) × 0.50 = 10.00; 25 × 7/30 = 5.833 GB-month (3 decimals) × 0.03 = 0.17499 → 0.17
        expect(usdOf(lines, /^Logs/)).toEqual([10.0, 0.17]);
    });

    it("prices the group EKS makes itself (never expiring) when the program makes none: a year's worth stored", () => {
        const { lines } = estimateAt([cluster(["api", "audit", "authenticator"])]);
        // ingested 13.50 as above; stored 32 × 365/30 = 389.333 GB-month × 0.03 = 11.68
        expect(items(lines.filter((l) => /control-plane logs/.test(l.item)))).toEqual([
            "EKS osprey control-plane logs (group made by EKS): ingested (assumed api 5 GB + audit 25 GB + authenticator 2 GB/month; 5 GB of it in the free tier (this stack alone)) = 13.50",
            "EKS osprey control-plane logs (group made by EKS): stored (32 GB/month kept forever; a year's worth shown) = 11.68",
        ]);
    });

    it("takes per-type volumes from usage and prices nothing for a cluster without log types", () => {
        const { lines } = estimateAt([cluster(["audit"]), ownGroup(30)], { controlPlaneLogGbPerMonth: { audit: 65 } });
        expect(usdOf(lines, /ingested/)).toEqual([30.0]); // (65 − 5) × 0.50
        expect(estimateAt([cluster([])]).lines.some((l) => /Logs|logs/.test(l.item))).toBe(false);
    });
});

describe("account-wide free tiers: applied once per account, the platform's owner first", () => {
    const mainStack = [
        ...albOf("main"),
        res(LOG_GROUP, "sync", { retentionInDays: 30 }),
        res("aws:lambda/function:Function", "sync", { memorySize: 256, architectures: ["arm64"] }),
    ];
    const demoStack = [
        ...albOf("demo"),
        res(LOG_GROUP, "demo-app", { retentionInDays: 30 }),
        res("aws:lambda/function:Function", "demo-fn", { memorySize: 1024 }),
    ];

    it("gives demo what main left: egress 180 GB takes the whole 100 GB, demo's 30 GB pay in full", () => {
        const account = estimateAccountCost(
            [
                { stack: "main", resources: mainStack, usage: { egressGbPerMonth: 180 } },
                { stack: "demo", resources: demoStack, usage: { egressGbPerMonth: 30 } },
            ],
            { asOf: ASOF },
        );
        const [main, demo] = account.stacks.map((s) => s.estimate.lines);
        expect(usdOf(main, /^internet egress/)).toEqual([7.2]); // (180 − 100) × 0.09
        expect(usdOf(demo, /^internet egress/)).toEqual([2.7]); // (30 − 0 left) × 0.09
        // Alone, demo would have taken the free 100 GB again: the double count a per-stack estimate would make.
        expect(usdOf(estimateAt(demoStack, { egressGbPerMonth: 30 }).lines, /^internet egress/)).toEqual([0]);
        // CloudWatch's free 5 GB: main's 1 GB log group uses 1, demo's 1 GB group uses 1 of the 4 left: both $0.
        expect(usdOf(demo, /^Logs demo-app: ingested/)).toEqual([0]);
        expect(account.monthlyUsd).toBe(
            Math.round((account.stacks[0].estimate.monthlyUsd + account.stacks[1].estimate.monthlyUsd) * 100) / 100,
        );
    });

    it("shares Lambda's 1M requests and 400,000 GB-s between the stacks' functions", () => {
        const usage = { lambdaInvocationsPerMonth: 600_000, lambdaAvgSeconds: 1 };
        const account = estimateAccountCost([
            {
                stack: "main",
                resources: [res("aws:lambda/function:Function", "a", { memorySize: 512, architectures: ["arm64"] })],
                usage,
            },
            { stack: "demo", resources: [res("aws:lambda/function:Function", "b", { memorySize: 512 })], usage },
        ]);
        // main: 600,000 requests and 600,000 × 1 s × 0.5 GB = 300,000 GB-s, all free; left: 400,000 requests, 100,000 GB-s.
        expect(account.stacks[0].estimate.monthlyUsd).toBe(0);
        // demo (x86): (600,000 − 400,000) × 0.20/M = 0.04; (300,000 − 100,000) GB-s × 0.0000166667 = 3.33334 → 3.33
        expect(account.stacks[1].estimate.lines.map((l) => l.monthlyUsd)).toEqual([0.04, 3.33]);
    });
});

describe("RDS-managed master secrets", () => {
    it("adds one Secrets Manager secret per database with manageMasterUserPassword", () => {
        const { lines } = estimateAt([database("main", { manageMasterUserPassword: true }), database("demo")]);
        expect(items(lines.filter((l) => /Secrets Manager/.test(l.item)))).toEqual([
            "Secrets Manager: RDS-managed master secret of main-db = 0.40",
        ]); // 1 × $0.40
    });
});

describe("KMS: $1/month per key; the first two rotations add $1 each, later ones are free (since April 2024)", () => {
    const key = (props: Record<string, unknown> = {}) =>
        res("aws:kms/key:Key", "secrets", { enableKeyRotation: true, ...props });
    it.each([
        [0, 365, 1.0], // no rotation yet: $1
        [364, 365, 1.0],
        [400, 365, 2.0], // one rotation: $1 + $1
        [800, 365, 3.0], // two rotations: $1 + $2
        [5000, 365, 3.0], // 13 rotations, still $3: the third and later are free
        [200, 90, 3.0], // a 90-day period reaches the cap on day 180
    ])("a key %i days old rotating every %i days costs $%d", (age, period, usd) => {
        expect(estimateAt([key({ rotationPeriodInDays: period })], { kmsKeyAgeDays: age }).monthlyUsd).toBe(usd);
    });
    it("a key without rotation is $1 whatever its age", () => {
        expect(estimateAt([res("aws:kms/key:Key", "k", {})], { kmsKeyAgeDays: 5000 }).monthlyUsd).toBe(1);
    });
});

describe("Lambda on arm64", () => {
    it("prices compute at the Arm rate, requests alike", () => {
        const busy = { lambdaInvocationsPerMonth: 2_000_000, lambdaAvgSeconds: 1 };
        const arm = estimateAt(
            [res("aws:lambda/function:Function", "f", { memorySize: 1024, architectures: ["arm64"] })],
            busy,
        );
        // (2M − 1M) × 0.20/M = 0.20; (2,000,000 − 400,000) GB-s × 0.0000133334 = 21.33344 → 21.33
        expect(arm.lines.map((l) => l.monthlyUsd)).toEqual([0.2, 21.33]);
        expect(arm.lines[1].item).toMatch(/arm64/);
        const x86 = estimateAt([res("aws:lambda/function:Function", "f", { memorySize: 1024 })], busy);
        expect(x86.lines.map((l) => l.monthlyUsd)).toEqual([0.2, 26.67]); // 1,600,000 × 0.0000166667 = 26.66672
    });
});

describe("EKS extended support from the version, the upgrade policy and the calendar", () => {
    const at = (version: string, supportType: string | undefined, asOf: string) =>
        estimateMonthlyCost(
            [eksCluster({ version, upgradePolicy: supportType ? { supportType } : undefined })],
            {},
            { asOf: day(asOf) },
        ).lines;

    it("uses the one calendar the cluster code warns from", () => {
        expect(CLUSTER_CALENDAR).toBe(EKS_STANDARD_SUPPORT_END);
        expect(EKS_STANDARD_SUPPORT_END["1.33"]).toBe("2026-07-29");
    });

    it("bills $0.60/h past the end of standard support with upgradePolicy EXTENDED (and when absent: EKS's default)", () => {
        for (const supportType of ["EXTENDED", undefined]) {
            expect(items(at("1.33", supportType, "2026-12-01"))).toEqual([
                "EKS control plane osprey (extended support: Kubernetes 1.33 left standard support on 2026-07-29) = 438.00", // 0.60 × 730
                "warning: EKS osprey: extended support costs +$365/month until 2027-07-29; upgrade Kubernetes 1.33 to stop it = 0.00", // (0.60 − 0.10) × 730
            ]);
        }
    });

    it("stays at $0.10/h with upgradePolicy STANDARD, warning that EKS upgrades the control plane", () => {
        expect(items(at("1.33", "STANDARD", "2026-12-01"))).toEqual([
            "EKS control plane osprey (Kubernetes 1.33) = 73.00", // 0.10 × 730
            "warning: EKS osprey: Kubernetes 1.33 left standard support on 2026-07-29; EKS upgrades the control plane automatically (upgradePolicy STANDARD) = 0.00",
        ]);
    });

    it("warns within 90 days of the end, silent before; extended support ends after 12 months", () => {
        expect(items(at("1.35", "EXTENDED", "2027-01-15"))).toEqual([
            "EKS control plane osprey (Kubernetes 1.35, standard support until 2027-03-27) = 73.00",
            "warning: EKS osprey: standard support for Kubernetes 1.35 ends 2027-03-27 (in 71 days); then extended support at $0.60/h, +$365/month (upgradePolicy EXTENDED) = 0.00",
        ]);
        expect(at("1.35", "EXTENDED", "2026-12-01")).toHaveLength(1); // 116 days left
        expect(usdOf(at("1.31", "EXTENDED", "2026-12-01"), /^EKS control plane/)).toEqual([73.0]); // 1.31 ended 2025-11-26; extended ended 2026-11-26
    });

    it("shows an unpriced line for a version the calendar does not know", () => {
        expect(items(at("1.40", "EXTENDED", "2026-12-01"))[1]).toBe(
            "unpriced: EKS extended support for Kubernetes 1.40 = 0.00",
        );
    });
});

describe("RDS Extended Support from engineVersion, engineLifecycleSupport and the calendar", () => {
    const db = (engineVersion: string, props: Record<string, unknown> = {}) =>
        database("main", { engineVersion, ...props });
    const at = (r: ReturnType<typeof db>, asOf: string) =>
        estimateMonthlyCost([r], {}, { asOf: day(asOf) }).lines.filter((l) => /Extended Support|support/.test(l.item));

    it("bills years 1-2 at $0.10 per vCPU-hour when enrolled (the RDS default), × 2 for Multi-AZ", () => {
        // PostgreSQL 13: standard support ended 2026-02-28. db.t4g.small: 2 vCPUs × 730 h × $0.10 = 146.00
        expect(items(at(db("13"), "2026-12-01"))).toEqual([
            "RDS main-db: Extended Support, PostgreSQL 13 (standard support ended 2026-02-28; years 1-2): 2 vCPU = 146.00",
            "warning: RDS main-db: upgrade PostgreSQL 13 to stop the Extended Support charge = 0.00",
        ]);
        expect(usdOf(at(db("13.20", { multiAz: true }), "2026-12-01"), /Extended Support, /)).toEqual([292.0]); // 2 × 2 × 730 × 0.10
    });

    it("bills year 3 at $0.20 per vCPU-hour", () => {
        // PostgreSQL 11 ended 2024-02-29; year 3 from 2026-03-01: 2 × 730 × 0.20 = 292.00
        expect(usdOf(at(db("11"), "2026-12-01"), /Extended Support, PostgreSQL 11 .*year 3/)).toEqual([292.0]);
    });

    it("prices nothing with extended support disabled (as the program sets it), but warns of the forced upgrade", () => {
        expect(
            items(at(db("13", { engineLifecycleSupport: "open-source-rds-extended-support-disabled" }), "2026-12-01")),
        ).toEqual([
            "warning: RDS main-db: PostgreSQL 13 left standard support on 2026-02-28; RDS upgrades the major version automatically = 0.00",
        ]);
    });

    it("is silent for PostgreSQL 18 today and warns 90 days before an end", () => {
        expect(at(db("18"), "2026-12-01")).toEqual([]);
        expect(items(at(db("14"), "2026-12-15"))).toEqual([
            "warning: RDS main-db: standard support for PostgreSQL 14 ends 2027-02-28 (in 75 days); then RDS Extended Support per vCPU-hour (engineLifecycleSupport enrolled) = 0.00",
        ]);
    });
});

describe("ALBs from what the program creates: one per ingress group, public IPv4 by IP address type", () => {
    it("prices one ALB per ingress group, however many components name it", () => {
        const { lines } = estimateAt([
            albComponent("main"),
            albComponent("main-extra", "ipv4", "osprey-main"),
            albComponent("demo"),
        ]);
        expect(lines.filter((l) => /^ALB ingress group [a-z-]+ \(/.test(l.item)).map((l) => l.item)).toEqual([
            "ALB ingress group osprey-main (ipv4; made by the Load Balancer Controller; assumed 2 AZs)",
            "ALB ingress group osprey-demo (ipv4; made by the Load Balancer Controller; assumed 2 AZs)",
        ]);
    });

    it("holds no public IPv4 for dualstack-without-public-ipv4, two for ipv4 and dualstack", () => {
        const ipv4 = (type: string) => usdOf(estimateAt(albOf("main", type)).lines, /public IPv4/);
        expect(ipv4("ipv4")).toEqual([7.3]); // 2 AZs × 730 h × $0.005
        expect(ipv4("dualstack")).toEqual([7.3]);
        expect(ipv4("dualstack-without-public-ipv4")).toEqual([]);
        // ALB 16.43 + LCU 5.84 + egress 9.90, no IPv4: 32.17 (vs 39.47 with ipv4)
        expect(estimateAt(albOf("main", "dualstack-without-public-ipv4")).monthlyUsd).toBe(32.17);
    });

    it("leaves an IP address type it does not know unpriced", () => {
        expect(estimateAt([albComponent("main", "ipv5")]).lines[0].item).toBe(
            "unpriced: ALB of ingress group osprey-main",
        );
    });
});

describe("node root volumes from the node group's launch template", () => {
    const lt = (ebs: Record<string, unknown>) =>
        res(
            "aws:ec2/launchTemplate:LaunchTemplate",
            "osprey-nodes",
            { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs }] },
            ["osprey:cluster:Cluster"],
        );
    const ng = (ltUrn: string) => ({
        ...nodeGroup({ launchTemplate: { id: "lt-1", version: "1" } }),
        propertyDependencies: { launchTemplate: [ltUrn] },
    });

    it("prices gp3 20 GB × 2 = 40 GB × $0.08 = 3.20 (gp2 would be 40 × 0.10 = 4.00)", () => {
        const gp3 = lt({ volumeSize: 20, volumeType: "gp3" });
        expect(items(estimateAt([gp3, ng(gp3.urn)]).lines)[1]).toBe(
            "node group osprey-nodes root volumes (launch template osprey-nodes): gp3 20 GB × 2 = 3.20",
        );
        const gp2 = lt({ volumeSize: 20, volumeType: "gp2" });
        expect(usdOf(estimateAt([gp2, ng(gp2.urn)]).lines, /root volumes/)).toEqual([4.0]);
    });

    it("shows a gap when the template is not in the graph or sets no volume", () => {
        expect(
            items(
                estimateAt([ng("urn:pulumi:main::osprey-strike::aws:ec2/launchTemplate:LaunchTemplate::elsewhere")])
                    .lines,
            )[1],
        ).toBe("unpriced: root volumes defined in a launch template = 0.00");
        const empty = lt({});
        expect(estimateAt([empty, ng(empty.urn)]).lines[1].source).toMatch(
            /sets no blockDeviceMappings\[0\]\.ebs volumeSize and volumeType/,
        );
    });
});

describe("the cluster's signals: Container Insights observations, container logs, metric filters", () => {
    const cluster = () => eksCluster({ name: "osprey", enabledClusterLogTypes: [] });
    const addon = (addonName: string) => res("aws:eks/addon:Addon", `osprey-${addonName}`, { addonName });
    const group = (kind: string, retentionInDays = 30) =>
        res(LOG_GROUP, `osprey-observability-${kind}`, {
            name: `/aws/containerinsights/osprey/${kind}`,
            retentionInDays,
        });
    const filter = (i: number) => res("aws:cloudwatch/logMetricFilter:LogMetricFilter", `f${i}`, {});

    it("prices the observability add-on's observations: 50M × $0.21/M = 10.50; metrics-server $0", () => {
        const { lines } = estimateAt([cluster(), addon("amazon-cloudwatch-observability"), addon("metrics-server")]);
        expect(items(lines)).toEqual([
            "EKS control plane osprey (Kubernetes 1.35, standard support until 2027-03-27) = 73.00",
            "Container Insights (enhanced observability) of osprey-amazon-cloudwatch-observability: assumed 50M observations/month = 10.50",
            "EKS add-on metrics-server: runs on the nodes, no AWS charge = 0.00",
        ]);
    });

    it("prices no observations when the add-on's agent collects no Container Insights metrics (logs only)", () => {
        const logsOnly = res("aws:eks/addon:Addon", "cw", {
            addonName: "amazon-cloudwatch-observability",
            configurationValues: JSON.stringify({ agent: { config: { agent: { region: "us-east-1" } } } }),
        });
        expect(estimateAt([cluster(), logsOnly]).monthlyUsd).toBe(73);
    });

    it("prices container logs from usage.containerLogGbPerMonth and the other groups at 0 GB, kept as configured", () => {
        const { lines } = estimateAt([cluster(), group("application"), group("performance"), group("host", 7)]);
        // application: (5 − 5 free) × 0.50 = 0; stored 5 × 30/30 × 0.03 = 0.15
        expect(usdOf(lines, /^Logs osprey-observability-application/)).toEqual([0, 0.15]);
        // with 25 GB: (25 − 5) × 0.50 = 10.00; 25 × 0.03 = 0.75
        expect(
            usdOf(estimateAt([cluster(), group("application")], { containerLogGbPerMonth: 25 }).lines, /^Logs/),
        ).toEqual([10.0, 0.75]);
        expect(usdOf(lines, /^Logs osprey-observability-(performance|host)/)).toEqual([0, 0, 0, 0]);
        expect(lines.find((l) => /performance: ingested/.test(l.item))?.item).toMatch(/billed as observations/);
    });

    it("does not treat a group of another cluster's name as Container Insights (1 GB default applies)", () => {
        const other = res(LOG_GROUP, "x", { name: "/aws/containerinsights/other/application", retentionInDays: 30 });
        expect(estimateAt([cluster(), other]).lines[1].item).toMatch(/assumed 1 GB\/month/);
    });

    it("prices one custom metric per metric filter after the account's free 10: 12 filters = 2 × $0.30 = 0.60", () => {
        const { monthlyUsd } = estimateAt(Array.from({ length: 12 }, (_, i) => filter(i)));
        expect(monthlyUsd).toBe(0.6);
    });
});
