/**
 * Alarms and the runbook as one contract, and the arithmetic behind the serving path's thresholds. Pure: no Pulumi
 * imports, so the program, the tests and the tools share it.
 *
 * The contract: every CloudWatch alarm's `alarmDescription`, and every other notifier's message or `osprey:runbook` tag,
 * names a `###` section under `## Alarms` in docs/runbook.md, which says what the alarm means, how to confirm it and
 * what to do (tests/program/alarmRunbook.test.ts holds both plans to it).
 */

export const RUNBOOK_PATH = "docs/runbook.md";
/** The tag that names the runbook section of a notifier whose message AWS writes (RDS events, budgets). */
export const RUNBOOK_TAG = "osprey:runbook";
/** What an alarm's description starts with; the anchor follows. */
export const RUNBOOK_PREFIX = `Runbook: ${RUNBOOK_PATH}#`;
/** The prefix and the anchor of a description or message (an anchor is GitHub's: lower case, digits, `-`, `_`). */
export const RUNBOOK_REF_RE = /^Runbook: docs\/runbook\.md#([\p{Ll}\p{N}_-]+)(?:\s|$)/u;

/**
 * The runbook sections the program's notifiers name (docs/runbook.md, `## Alarms`). Anchors as GitHub renders the
 * heading (githubAnchor below).
 */
export const RUNBOOK_ANCHORS = {
    ipSyncFailed: "ip-sync-failed",
    ipSyncRefused: "ip-sync-refused-an-addition",
    albElb5xx: "alb-5xx-from-the-load-balancer",
    albTarget5xx: "alb-5xx-from-the-targets",
    albUnhealthy: "alb-unhealthy-targets",
    albSlow: "alb-slow-responses",
    rdsStorage: "rds-low-storage",
    rdsMemory: "rds-low-memory",
    rdsCpu: "rds-high-cpu",
    rdsConnections: "rds-connections-near-the-maximum",
    rdsEvents: "rds-events",
    acmExpiry: "acm-certificate-expiring",
    originPullExpiry: "origin-pull-certificate-expiring",
    budget: "monthly-budget",
    restoreRehearsalFailed: "restore-rehearsal-failed",
    webhookReceiver: "pulumi-webhook-receiver-failing",
    eksSupportEnding: "eks-standard-support-ending",
    rdsSupportEnding: "rds-postgresql-standard-support-ending",
} as const;
export type RunbookAnchor = (typeof RUNBOOK_ANCHORS)[keyof typeof RUNBOOK_ANCHORS];

/** `Runbook: docs/runbook.md#<anchor> — <text>`: what every alarm description and notice message is. */
export function runbookText(anchor: RunbookAnchor, text: string): string {
    const out = `${RUNBOOK_PREFIX}${anchor} — ${text}`;
    // CloudWatch's AlarmDescription is at most 1024 characters (PutMetricAlarm API reference).
    if (out.length > 1024) throw new Error(`alarm description for ${anchor} is ${out.length} characters; at most 1024`);
    return out;
}

/** The anchor a description or message names, or undefined when it does not start with the runbook prefix. */
export function runbookAnchorOf(text: unknown): string | undefined {
    return typeof text === "string" ? RUNBOOK_REF_RE.exec(text)?.[1] : undefined;
}

/**
 * GitHub's anchor for a Markdown heading (github-slugger, which github.com uses): lower case, every character that is
 * not a letter, digit, space, `-` or `_` removed, each space made `-`.
 */
export function githubAnchor(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

/**
 * Memory of the RDS instance classes we accept (lib/dataRules.ts KNOWN_DB_INSTANCE_CLASSES), GiB, from the RDS User
 * Guide "Hardware specifications for DB instance classes": burstable t3/t4g micro 1 ... 2xlarge 32; general-purpose m
 * 8 GiB per large, doubling per size; memory-optimized r twice the m of the same size.
 */
const SIZE_STEPS: Record<string, number> = {
    large: 1,
    xlarge: 2,
    "2xlarge": 4,
    "4xlarge": 8,
    "8xlarge": 16,
    "12xlarge": 24,
    "16xlarge": 32,
    "24xlarge": 48,
    "32xlarge": 64,
};
const BURSTABLE_GIB: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 };

export function dbClassMemoryGib(instanceClass: string): number {
    const m = /^db\.([a-z]+)(\d+)([a-z]*)\.(\w+)$/.exec(instanceClass);
    if (!m) throw new Error(`dbClassMemoryGib: "${instanceClass}" is not an RDS instance class like db.t4g.small`);
    const [, family, , , size] = m;
    const gib =
        family === "t"
            ? BURSTABLE_GIB[size]
            : family === "m"
              ? 8 * (SIZE_STEPS[size] ?? NaN)
              : family === "r"
                ? 16 * (SIZE_STEPS[size] ?? NaN)
                : NaN;
    if (!Number.isFinite(gib)) throw new Error(`dbClassMemoryGib: no memory known for RDS class "${instanceClass}"`);
    return gib;
}

const GIB = 1024 ** 3;

/**
 * RDS for PostgreSQL's default max_connections: LEAST({DBInstanceClassMemory/9531392}, 5000) (RDS User Guide,
 * "Maximum number of database connections"). DBInstanceClassMemory is the class's memory less what the OS and RDS keep,
 * which RDS does not publish: the class's nominal memory is used, so this is an upper bound of the real default.
 */
export function postgresMaxConnections(instanceClass: string): number {
    return Math.min(Math.floor((dbClassMemoryGib(instanceClass) * GIB) / 9531392), 5000);
}

/** The serving path's thresholds (config/settings.ts `alarms`): each default and its source is stated there. */
export interface ServingThresholds {
    elb5xxPerMinute: number;
    target5xxPerMinute: number;
    unhealthyTargets: number;
    targetResponseP90Ms: number;
    rdsFreeStoragePercent: number;
    rdsFreeMemoryPercent: number;
    rdsCpuPercent: number;
    rdsConnectionsPercent: number;
    acmDaysToExpiry: number;
    originPullClientDaysToExpiry: number;
    originPullCaDaysToExpiry: number;
    rdsSupportNoticeDays: number;
}

/** The RDS alarms' thresholds in the metrics' own units (bytes, percent, count) for one instance. */
export function rdsThresholds(
    t: Pick<
        ServingThresholds,
        "rdsFreeStoragePercent" | "rdsFreeMemoryPercent" | "rdsCpuPercent" | "rdsConnectionsPercent"
    >,
    db: { instanceClass: string; allocatedStorageGb: number },
): { freeStorageBytes: number; freeMemoryBytes: number; cpuPercent: number; connections: number } {
    return {
        freeStorageBytes: Math.round((db.allocatedStorageGb * GIB * t.rdsFreeStoragePercent) / 100),
        freeMemoryBytes: Math.round((dbClassMemoryGib(db.instanceClass) * GIB * t.rdsFreeMemoryPercent) / 100),
        cpuPercent: t.rdsCpuPercent,
        connections: Math.floor((postgresMaxConnections(db.instanceClass) * t.rdsConnectionsPercent) / 100),
    };
}

/**
 * EventBridge's one-time cron for the moment `days` before `end` (an RFC 3339 time): `cron(min hour day month ? year)`
 * (EventBridge "Schedule expressions for rules": six fields, `?` in day-of-week when day-of-month is set). Undefined
 * when `end` is not known yet (a first preview) or not a time.
 */
export function noticeCron(end: string | undefined, days: number): string | undefined {
    if (!end) return undefined;
    const t = Date.parse(end);
    if (Number.isNaN(t)) return undefined;
    const at = new Date(t - days * 86_400_000);
    return `cron(${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} ? ${at.getUTCFullYear()})`;
}

/** The three parts every alarm section of the runbook has. */
export const RUNBOOK_PARTS = ["**Means:**", "**Confirm:**", "**Do:**"] as const;

/**
 * The `###` sections under `## Alarms` of a Markdown runbook, by GitHub anchor, with their bodies. Throws when the
 * document has no `## Alarms` section. Fenced code blocks are skipped (a `#` comment in a shell block is no heading).
 */
export function alarmSections(markdown: string): Map<string, { heading: string; body: string }> {
    const lines = markdown.split("\n");
    const sections = new Map<string, { heading: string; body: string }>();
    let inAlarms = false;
    let found = false;
    let fenced = false;
    let current: { heading: string; body: string[] } | undefined;
    const close = () => {
        if (current)
            sections.set(githubAnchor(current.heading), { heading: current.heading, body: current.body.join("\n") });
        current = undefined;
    };
    for (const line of lines) {
        if (/^```/.test(line)) fenced = !fenced;
        if (!fenced && /^## /.test(line)) {
            close();
            inAlarms = line.trim() === "## Alarms";
            found ||= inAlarms;
            continue;
        }
        if (!inAlarms) continue;
        if (!fenced && /^### /.test(line)) {
            close();
            current = { heading: line.slice(4).trim(), body: [] };
            continue;
        }
        current?.body.push(line);
    }
    close();
    if (!found) throw new Error(`${RUNBOOK_PATH} has no "## Alarms" section`);
    return sections;
}

/** A notifier of a plan and the runbook section it names (undefined: it names none). */
export interface RunbookReference {
    stack: string;
    resource: string;
    anchor: string | undefined;
}

/**
 * What breaks the contract between the plans' notifiers and the runbook: a notifier naming no section or one that does
 * not exist, a section without one of its three parts, a section no plan's notifier names. Findings about two documents
 * (the plans and docs/runbook.md), not about an input's properties: plain lines, not lib/problems.ts Problems.
 */
export function runbookMismatches(
    references: readonly RunbookReference[],
    sections: Map<string, { heading: string; body: string }>,
): string[] {
    const problems: string[] = [];
    for (const r of references) {
        if (r.anchor === undefined)
            problems.push(
                `${r.stack}: ${r.resource} names no runbook section (start its description with "${RUNBOOK_PREFIX}<section>")`,
            );
        else if (!sections.has(r.anchor))
            problems.push(
                `${r.stack}: ${r.resource} names ${RUNBOOK_PATH}#${r.anchor}, which has no "### " section under "## Alarms"`,
            );
    }
    for (const [anchor, { heading, body }] of sections) {
        const missing = RUNBOOK_PARTS.filter((p) => !body.includes(p));
        if (missing.length > 0) problems.push(`${RUNBOOK_PATH}#${anchor} ("${heading}") lacks ${missing.join(", ")}`);
        if (!references.some((r) => r.anchor === anchor))
            problems.push(`${RUNBOOK_PATH}#${anchor} ("${heading}") describes an alarm no plan creates`);
    }
    return problems;
}
