/**
 * The serving path's threshold arithmetic, the budget's limit, the notices' schedule and the pricing of what the
 * alarms add, each expected figure worked out from its source next to it.
 */
import {
    dbClassMemoryGib,
    noticeCron,
    postgresMaxConnections,
    rdsThresholds,
    runbookAnchorOf,
    runbookText,
} from "../../lib/alarmRules";
import { KNOWN_DB_INSTANCE_CLASSES } from "../../lib/dataRules";
import { budgetLimitUsd } from "../../components/alarms/budget";
import { rdsSupportNoticePlan, unhealthyTargetsQuery } from "../../components/alarms";
import { estimateAccountCost } from "../../policy/cost";
import { ASOF, estimateAt, res } from "../policy/costFixtures";

const GIB = 1024 ** 3;

describe("RDS thresholds", () => {
    it("knows the memory of every class the settings accept (RDS hardware specifications)", () => {
        for (const c of KNOWN_DB_INSTANCE_CLASSES) expect(dbClassMemoryGib(c)).toBeGreaterThan(0);
        expect(dbClassMemoryGib("db.t4g.small")).toBe(2);
        expect(dbClassMemoryGib("db.t3.2xlarge")).toBe(32);
        expect(dbClassMemoryGib("db.m6g.large")).toBe(8);
        expect(dbClassMemoryGib("db.r7g.16xlarge")).toBe(512);
        expect(dbClassMemoryGib("db.m6i.32xlarge")).toBe(512);
        expect(() => dbClassMemoryGib("db.x2g.large")).toThrow(/no memory known/);
        expect(() => dbClassMemoryGib("t4g.small")).toThrow(/not an RDS instance class/);
    });

    it("computes RDS for PostgreSQL's default max_connections, LEAST({DBInstanceClassMemory/9531392}, 5000)", () => {
        expect(postgresMaxConnections("db.t4g.small")).toBe(225); // 2 × 1073741824 / 9531392 = 225.3
        expect(postgresMaxConnections("db.t4g.micro")).toBe(112); // 1073741824 / 9531392 = 112.65
        expect(postgresMaxConnections("db.r6g.4xlarge")).toBe(5000); // 128 GiB / 9531392 = 14419: capped at 5000
    });

    it("turns the percent settings into the metrics' units for the default db.t4g.small, 20 GiB", () => {
        const t = { rdsFreeStoragePercent: 10, rdsFreeMemoryPercent: 25, rdsCpuPercent: 90, rdsConnectionsPercent: 80 };
        expect(rdsThresholds(t, { instanceClass: "db.t4g.small", allocatedStorageGb: 20 })).toEqual({
            freeStorageBytes: 2 * GIB, // 10% of 20 GiB
            freeMemoryBytes: 0.5 * GIB, // 25% of 2 GiB
            cpuPercent: 90,
            connections: 180, // floor(225 × 0.8)
        });
    });
});

describe("runbook references", () => {
    it("prefix every description with the section, and read it back", () => {
        const d = runbookText("rds-high-cpu", "osprey-main: CPU above 90% for 5 minutes");
        expect(d).toBe("Runbook: docs/runbook.md#rds-high-cpu — osprey-main: CPU above 90% for 5 minutes");
        expect(runbookAnchorOf(d)).toBe("rds-high-cpu");
        expect(runbookAnchorOf("CPU is high. Runbook: docs/runbook.md#rds-high-cpu")).toBeUndefined();
        expect(runbookAnchorOf(undefined)).toBeUndefined();
        expect(() => runbookText("rds-high-cpu", "x".repeat(1000))).toThrow(/at most 1024/);
    });
});

describe("origin-pull notices and the unhealthy-targets query", () => {
    it("schedules a one-time EventBridge cron `days` before the end; nothing for an unknown end", () => {
        expect(noticeCron("2028-12-07T00:00:00Z", 60)).toBe("cron(0 0 8 10 ? 2028)"); // 2028-10-08, 60 days before
        expect(noticeCron("2036-12-05T13:45:00Z", 365)).toBe("cron(45 13 6 12 ? 2035)");
        expect(noticeCron(undefined, 60)).toBeUndefined();
        expect(noticeCron("not a time", 60)).toBeUndefined();
    });

    it("queries every target group of one ALB by its ARN suffix, and refuses anything else", () => {
        expect(unhealthyTargetsQuery("app/k8s-ospreymain-772bd59185/63502df93d38a1b2")).toBe(
            `SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) WHERE LoadBalancer = 'app/k8s-ospreymain-772bd59185/63502df93d38a1b2'`,
        );
        expect(() => unhealthyTargetsQuery("app/x/1' OR 1=1")).toThrow(/not an ALB ARN suffix/);
    });
});

describe("the account budget", () => {
    it("is the estimate plus the margin, in dollars and cents", () => {
        expect(budgetLimitUsd(327.57, 20)).toBe("393.08"); // 327.57 × 1.2 = 393.084
        expect(budgetLimitUsd(300, 0)).toBe("300.00");
        expect(() => budgetLimitUsd(0, 20)).toThrow(/must be a positive number/);
        expect(() => budgetLimitUsd(300, -1)).toThrow(/marginPercent/);
    });
});

describe("pricing what the alarms add (PRICE_TABLE 2026-12-07)", () => {
    const BUDGET = "aws:budgets/budget:Budget";
    const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

    it("gives the account two free budgets, then $0.02 a day: 730/24 = 30.417 days × 0.02 = $0.61", () => {
        const { lines } = estimateAt([res(BUDGET, "a"), res(BUDGET, "b"), res(BUDGET, "c")]);
        expect(lines.map((l) => l.monthlyUsd)).toEqual([0, 0, 0.61]);
        expect(lines[2].item).toBe("AWS Budget c (beyond the 2 free budgets)");
    });

    it("prices a Metrics Insights alarm per metric analyzed, outside the 10 free alarm metrics", () => {
        const mi = res(ALARM, "unhealthy", {
            metricQueries: [
                { id: "q", expression: 'SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB")' },
            ],
        });
        const { lines } = estimateAt([mi], { metricsInsightsMetricsPerAlarm: 5 });
        expect(lines).toEqual([expect.objectContaining({ quantity: 5, monthlyUsd: 0.5 })]); // 5 × 0.10, no free tier
        // A metric-math expression is not a Metrics Insights query: one alarm metric, in the free tier.
        const math = res(ALARM, "math", { metricQueries: [{ id: "e", expression: "m1 + m2" }] });
        expect(estimateAt([math]).lines[0].monthlyUsd).toBe(0);
    });

    it("shares the free budgets across the account: main's one leaves one for demo", () => {
        const account = estimateAccountCost(
            [
                { stack: "main", resources: [res(BUDGET, "osprey-budget")] },
                { stack: "demo", resources: [res(BUDGET, "x"), res(BUDGET, "y")] },
            ],
            { asOf: ASOF },
        );
        expect(account.stacks.map((s) => s.estimate.monthlyUsd)).toEqual([0, 0.61]);
    });

    it("shows RDS event subscriptions at $0", () => {
        const { lines } = estimateAt([res("aws:rds/eventSubscription:EventSubscription", "events")]);
        expect(lines).toEqual([expect.objectContaining({ item: "RDS event subscription events", monthlyUsd: 0 })]);
    });
});

describe("the RDS support notice", () => {
    it("fires the chosen days before the major's end of standard support, and names its runbook section", () => {
        // policy/supportCalendars.ts: PostgreSQL 18's RDS end of standard support is 2031-02-28; 180 days before is
        // 2030-09-01 (2031-02-28 minus 58 days of 2031 and 122 of September-December 2030 = 180).
        const p = rdsSupportNoticePlan("18.1", 180)!;
        expect(p).toMatchObject({ major: "18", end: "2031-02-28", cron: "cron(0 0 1 9 ? 2030)" });
        expect(runbookAnchorOf(runbookText("rds-postgresql-standard-support-ending", p.text))).toBe(
            "rds-postgresql-standard-support-ending",
        );
        expect(rdsSupportNoticePlan("18", 1)!.cron).toBe("cron(0 0 27 2 ? 2031)");
    });

    it("schedules nothing for a major the calendar does not list", () => {
        expect(rdsSupportNoticePlan("99.0", 180)).toBeUndefined();
    });
});
