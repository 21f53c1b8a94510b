/**
 * The restore rehearsal's pricing (policy/cost/rulesBackup.ts): how often a restore testing plan's cron runs, the
 * throwaway instance's hours, and the gaps it shows rather than guesses. Each figure worked out next to it from the
 * price table (PRICE_TABLE: db.t4g.micro $0.016/h, db.t4g.small $0.032/h; RDS backup storage $0.095/GB-month).
 */
import { cronRunsPerMonth } from "../../policy/cost/rulesBackup";
import { CostLine } from "../../policy/cost";
import { estimateAt, res } from "./costFixtures";

const PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const items = (lines: CostLine[]) => lines.map((l) => `${l.item} = ${l.monthlyUsd.toFixed(2)}`);

describe("cronRunsPerMonth", () => {
    it("counts weekly, daily, twice daily, monthly and weekday-list schedules (365 days / 12 months, 7-day weeks)", () => {
        // 365 / 7 / 12 = 4.345 Sundays a month
        expect(cronRunsPerMonth("cron(0 5 ? * SUN *)")).toBeCloseTo(4.345, 3);
        // 365 / 12 = 30.417 days
        expect(cronRunsPerMonth("cron(0 5 * * ? *)")).toBeCloseTo(30.417, 3);
        // two hours a day: 2 × 30.417 = 60.833
        expect(cronRunsPerMonth("cron(0 5,17 * * ? *)")).toBeCloseTo(60.833, 3);
        // every 12 hours from 0: 0 and 12, the same
        expect(cronRunsPerMonth("cron(0 0/12 * * ? *)")).toBeCloseTo(60.833, 3);
        // the 1st of every month
        expect(cronRunsPerMonth("cron(0 5 1 * ? *)")).toBe(1);
        // Monday and Thursday: 2 × 4.345 = 8.690
        expect(cronRunsPerMonth("cron(0 5 ? * MON,THU *)")).toBeCloseTo(8.69, 3);
        // January and July only: 2 of 12 months of a daily run = 30.417 × 2 / 12 = 5.069
        expect(cronRunsPerMonth("cron(0 5 * 1,7 ? *)")).toBeCloseTo(5.069, 3);
    });

    it("refuses what it does not model instead of guessing", () => {
        expect(cronRunsPerMonth("cron(0 5 ? * MON-FRI *)")).toBeUndefined();
        expect(cronRunsPerMonth("cron(0 5 L * ? *)")).toBeUndefined();
        expect(cronRunsPerMonth("rate(7 days)")).toBeUndefined();
    });
});

describe("a restore testing selection of RDS", () => {
    const plan = (scheduleExpression: string) =>
        res(PLAN, "rehearsal-testing", { name: "osprey_main_db_rehearsal", scheduleExpression });
    const selection = (extra: Record<string, unknown> = {}) =>
        res(SELECTION, "rehearsal-testing", {
            restoreTestingPlanName: "osprey_main_db_rehearsal",
            protectedResourceType: "RDS",
            validationWindowHours: 1,
            restoreMetadataOverrides: { dbInstanceClass: "db.t4g.micro" },
            ...extra,
        });

    it("prices the throwaway instance for restore + window hours as often as its plan runs, and shows the per-test charge as a gap", () => {
        const { lines } = estimateAt([plan("cron(0 5 ? * SUN *)"), selection()]);
        expect(items(lines.filter((l) => /rehearsal|restore testing/.test(l.item)))).toEqual([
            "AWS Backup restore testing plan rehearsal-testing = 0.00",
            // 4.345 tests × (1 h restore + 1 h window) = 8.690 h × $0.016 = 0.139 → 0.14
            "RDS restore rehearsal rehearsal-testing: db.t4g.micro for 4.345 tests × 2 h (restore 1 h assumed + validation window 1 h) = 0.14",
            "unpriced: AWS Backup restore testing charge × 4.345 tests = 0.00",
        ]);
    });

    it("follows the window, the class, the schedule and the restore-hours assumption", () => {
        // daily, db.t4g.small, 24 h window, 2 h restore: 30.417 × 26 = 790.833 h × $0.032 = 25.31
        const { lines } = estimateAt(
            [
                plan("cron(0 5 * * ? *)"),
                selection({ validationWindowHours: 24, restoreMetadataOverrides: { dbInstanceClass: "db.t4g.small" } }),
            ],
            { restoreRehearsalRestoreHours: 2 },
        );
        expect(lines.find((l) => l.item.startsWith("RDS restore rehearsal"))?.monthlyUsd).toBe(25.31);
    });

    it("shows an unpriced line, never a guess, without its plan, a countable schedule or a class", () => {
        const gap = (resources: ReturnType<typeof res>[]) =>
            estimateAt(resources).lines.filter((l) => l.item.startsWith("unpriced: restore tests"));
        expect(gap([selection()])).toHaveLength(1);
        expect(gap([plan("cron(0 5 ? * MON-FRI *)"), selection()])).toHaveLength(1);
        expect(gap([plan("cron(0 5 ? * SUN *)"), selection({ restoreMetadataOverrides: {} })])).toHaveLength(1);
    });
});

it("prices a backup plan's RDS backup storage beyond the free allowance at the assumed GB-month", () => {
    const backupPlan = res("aws:backup/plan:Plan", "rehearsal-plan", { name: "osprey-main-db" });
    // default 0 GB; 30 GB × $0.095 = 2.85
    expect(estimateAt([backupPlan]).lines.map((l) => l.monthlyUsd)).toEqual([0]);
    expect(estimateAt([backupPlan], { rdsBackupBeyondFreeGbPerMonth: 30 }).lines.map((l) => l.monthlyUsd)).toEqual([
        2.85,
    ]);
});
