/**
 * Pricers for AWS Backup (the database's restore rehearsal, components/data/restoreRehearsal.ts): the throwaway RDS
 * instance of each restore test, the continuous backup's storage, and what is free or not priced. Pure.
 */
import { GraphNode } from "./graph";
import { PRICE_TABLE } from "./prices";
import { Pricer } from "./rulesShared";
import { free, priced, unpriced } from "./types";

const P = PRICE_TABLE.prices;
/** Weeks per month: 52.143 weeks a year / 12 (a weekly schedule runs 4.345 times a month on average). */
const WEEKS_PER_MONTH = 365 / 7 / 12;
const DAYS_PER_MONTH = 365 / 12;
const BACKUP_PAGE = "https://aws.amazon.com/backup/pricing/";

/** How many values a cron field takes in its range: `*`, `?`, a list `a,b`, a range `a-b`, a step `a/b` or `*\/b`. */
function fieldCount(field: string, size: number): number | undefined {
    if (field === "*" || field === "?") return size;
    let count = 0;
    for (const part of field.split(",")) {
        const step = /^(\*|\d+)\/(\d+)$/.exec(part);
        const range = /^(\w+)-(\w+)$/.exec(part);
        if (step) count += Math.ceil((size - (step[1] === "*" ? 0 : Number(step[1]))) / Number(step[2]));
        else if (range && /^\d+$/.test(range[1]) && /^\d+$/.test(range[2]))
            count += Number(range[2]) - Number(range[1]) + 1;
        else if (range)
            return undefined; // named ranges (MON-FRI): not modelled
        else if (/^(\d+|[A-Z]{3})(#\d)?$/.test(part)) count += 1;
        else return undefined;
    }
    return count;
}

/**
 * Runs a month of an AWS six-field cron (minutes hours day-of-month month day-of-week year): runs a day × days a month.
 * Undefined for what it does not model (L, W, named ranges), so the caller shows an unpriced line rather than a guess.
 */
export function cronRunsPerMonth(expression: string): number | undefined {
    const m = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
    if (!m) return undefined;
    const [, minutes, hours, dom, month, dow] = m;
    const perDay = (fieldCount(minutes, 60) ?? NaN) * (fieldCount(hours, 24) ?? NaN);
    const months = (fieldCount(month, 12) ?? NaN) / 12;
    let days: number;
    if ((dom === "*" || dom === "?") && (dow === "*" || dow === "?")) days = DAYS_PER_MONTH;
    else if (dom === "?" || dom === "*") days = (fieldCount(dow, 7) ?? NaN) * WEEKS_PER_MONTH;
    else days = fieldCount(dom, 31) ?? NaN;
    const runs = perDay * days * months;
    return Number.isFinite(runs) ? runs : undefined;
}

const str = (props: Record<string, unknown>, key: string) =>
    typeof props[key] === "string" ? (props[key] as string) : undefined;
const num = (props: Record<string, unknown>, key: string) =>
    typeof props[key] === "number" ? (props[key] as number) : undefined;
const q = (v: number) => String(Number(v.toFixed(3)));

/**
 * A restore testing selection of RDS: each test restores the latest recovery point into an instance of the overrides'
 * class, billed for the restore (usage.restoreRehearsalRestoreHours) and the validation window, as often as its plan's
 * schedule runs. Its storage for those hours is under a cent and not itemised. AWS Backup's own charge per restore
 * test is a visible gap (BACKUP_PAGE not read offline).
 */
const restoreTestingSelection: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const urn = node.resource.urn;
    const planName = str(props, "restoreTestingPlanName");
    const plan = ctx.graph.nodes.find(
        (n: GraphNode) =>
            n.resource.type === "aws:backup/restoreTestingPlan:RestoreTestingPlan" &&
            (str(n.resource.props, "name") ?? n.name) === planName,
    );
    const schedule = plan ? str(plan.resource.props, "scheduleExpression") : undefined;
    const runs = schedule ? cronRunsPerMonth(schedule) : undefined;
    const overrides = (props.restoreMetadataOverrides ?? {}) as Record<string, unknown>;
    const instanceClass = typeof overrides.dbInstanceClass === "string" ? overrides.dbInstanceClass : undefined;
    const windowHours = num(props, "validationWindowHours") ?? 0;
    const perTest = ctx.usage.restoreRehearsalRestoreHours + windowHours;
    if (str(props, "protectedResourceType") !== "RDS" || runs === undefined || !instanceClass)
        return [
            unpriced(
                `restore tests of ${node.name}`,
                0,
                "instance-hours",
                `restore testing selection ${node.name}: ${runs === undefined ? `no schedule it can count (${schedule ?? "its plan is not in the graph"})` : "not an RDS selection with a dbInstanceClass override"}`,
                urn,
            ),
        ];
    const price = P.rdsPostgres[instanceClass];
    const hours = runs * perTest;
    const label = `RDS restore rehearsal ${node.name}: ${instanceClass} for ${q(runs)} tests × ${q(perTest)} h (restore ${ctx.usage.restoreRehearsalRestoreHours} h assumed + validation window ${windowHours} h)`;
    return [
        price
            ? priced(label, hours, price, urn)
            : unpriced(instanceClass, hours, "instance-hours", `no PostgreSQL price for ${instanceClass}`, urn),
        unpriced(
            `AWS Backup restore testing charge × ${q(runs)} tests`,
            runs,
            "restore tests",
            `${BACKUP_PAGE} (restore testing is billed per test) — not read offline`,
            urn,
        ),
    ];
};

/**
 * A backup plan: its recovery points' storage. For RDS (the only resource the program protects), AWS Backup's
 * continuous backup is RDS's automated backup storage, billed at RDS's backup storage rate beyond the region's free
 * allowance (usage.rdsBackupBeyondFreeGbPerMonth).
 */
const backupPlan: Pricer = (node, ctx) => [
    priced(
        `AWS Backup ${node.name}: RDS continuous backup storage beyond the free allowance (assumed ${ctx.usage.rdsBackupBeyondFreeGbPerMonth} GB-month)`,
        ctx.usage.rdsBackupBeyondFreeGbPerMonth,
        P.rdsBackupStorage,
        node.resource.urn,
    ),
];

/** Vaults, selections and restore testing plans carry no charge of their own (what they store or run is priced above). */
const noCharge =
    (what: string): Pricer =>
    (node) => [
        free(
            `AWS Backup ${what} ${node.name}`,
            1,
            what.replace(/ /g, "-"),
            `${BACKUP_PAGE} — AWS Backup bills storage, restores and restore tests, not the ${what} itself`,
            node.resource.urn,
        ),
    ];

export const backupPricers: Record<string, Pricer> = {
    "aws:backup/plan:Plan": backupPlan,
    "aws:backup/vault:Vault": noCharge("vault"),
    "aws:backup/selection:Selection": noCharge("selection"),
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": noCharge("restore testing plan"),
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": restoreTestingSelection,
};
