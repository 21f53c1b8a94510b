/**
 * The data layer's rules, as data and pure functions (no Pulumi imports): which RDS instance classes and engine
 * versions we accept, how storage, backups and deletion protection must relate, and which names the environment's
 * certificate covers. config/settings.ts and config/dataChecks.ts use these for the stack file; the top-level Environment
 * uses them for its args, so the two can never disagree. Each check returns a problem (with the fix) or undefined.
 */
import { Env } from "./naming";

export const DB_PORT = 5432;
/** The database is PostgreSQL 18 with PostGIS (docs/requirements.md, Topology). */
export const DEFAULT_ENGINE_MAJOR = 18;
/**
 * The major only: with autoMinorVersionUpgrade on, the AWS provider accepts a version prefix and RDS picks the
 * newest 18.x (18.1 was the first RDS release; RDS's extension table lists it). A pinned "18.1" would fight the
 * automatic minor upgrades: once RDS moves the instance to 18.2, the next `pulumi up` would try to "downgrade" it.
 * The running minor is the instance's engineVersionActual.
 */
export const DEFAULT_ENGINE_VERSION = String(DEFAULT_ENGINE_MAJOR);
export const DEFAULT_INSTANCE_CLASS = "db.t4g.small";
/** Performance Insights' free tier keeps 7 days (the provider's valid values: 7, 731 or a multiple of 31). */
export const PERFORMANCE_INSIGHTS_FREE_RETENTION_DAYS = 7;
/** RDS gp3 storage for PostgreSQL: 20 GiB minimum, 64 TiB maximum (RDS User Guide, "Amazon RDS DB instance storage"). */
export const GP3_MIN_GB = 20;
export const GP3_MAX_GB = 65536;
/** RDS automated backup retention: 0-35 days; 0 disables backups (and point-in-time restore), so we require 1+. */
export const BACKUP_RETENTION_RANGE = [1, 35] as const;

const sizes = (...s: string[]) => s;
const BURSTABLE = sizes("micro", "small", "medium", "large", "xlarge", "2xlarge");
const GRAVITON_GENERAL = sizes("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge");
const INTEL_5 = [...GRAVITON_GENERAL, "24xlarge"];
const INTEL_6 = [...INTEL_5, "32xlarge"];

/**
 * RDS for PostgreSQL instance classes we accept (RDS User Guide, "DB instance class types"): burstable t3/t4g and the
 * general-purpose and memory-optimized m/r families. Not every class is offered in every region for every minor
 * version; AWS still has the last word at create time. A typo like "db.t4g.smal" or "t4g.small" is refused here.
 */
export const KNOWN_DB_INSTANCE_CLASSES: readonly string[] = [
    ...["t3", "t4g"].flatMap((f) => BURSTABLE.map((s) => `db.${f}.${s}`)),
    ...["m6g", "m7g", "r6g", "r7g"].flatMap((f) => GRAVITON_GENERAL.map((s) => `db.${f}.${s}`)),
    ...["m5", "r5"].flatMap((f) => INTEL_5.map((s) => `db.${f}.${s}`)),
    ...["m6i", "r6i", "m7i", "r7i"].flatMap((f) => INTEL_6.map((s) => `db.${f}.${s}`)),
];

export function instanceClassProblem(v: string): string | undefined {
    if (KNOWN_DB_INSTANCE_CLASSES.includes(v)) return undefined;
    const hint = v.startsWith("db.") ? "" : ` (RDS classes start with "db.", e.g. "db.${v}")`;
    return `"${v}" is not a known RDS for PostgreSQL instance class${hint}; use e.g. "${DEFAULT_INSTANCE_CLASS}" (db.t3/t4g, db.m5/m6g/m6i/m7g/m7i, db.r5/r6g/r6i/r7g/r7i)`;
}

const VERSION_RE = /^([1-9]\d*)(?:\.(\d+))?$/;

/** The version's shape: a major ("18") or major.minor ("18.1"), as RDS's EngineVersion takes them for PostgreSQL 10+. */
export function engineVersionFormatProblem(v: string): string | undefined {
    return VERSION_RE.test(v)
        ? undefined
        : `"${v}" is not a PostgreSQL engine version like "18" (newest 18.x) or "18.1"`;
}

export function engineMajor(version: string): number {
    const m = VERSION_RE.exec(version);
    if (!m) throw new Error(engineVersionFormatProblem(version));
    return Number(m[1]);
}

/** The parameter group family RDS requires for a version: postgres<major>. */
export function parameterGroupFamily(version: string): string {
    return `postgres${engineMajor(version)}`;
}

/**
 * The requirements fix PostgreSQL 18 (docs/requirements.md, Topology); another major is a deliberate decision, made
 * with an explicit allow switch.
 */
export function engineMajorProblem(version: string, allowOtherMajor: boolean): string | undefined {
    if (engineVersionFormatProblem(version)) return undefined; // reported by the format check
    const major = engineMajor(version);
    if (major === DEFAULT_ENGINE_MAJOR || allowOtherMajor) return undefined;
    return `"${version}" is PostgreSQL ${major}, but the platform runs PostgreSQL ${DEFAULT_ENGINE_MAJOR} (the required database is PostgreSQL 18 with PostGIS); use "${DEFAULT_ENGINE_VERSION}", or set dbAllowOtherMajorVersion to true if you mean it`;
}

export function storageGbProblem(v: number): string | undefined {
    return Number.isInteger(v) && v >= GP3_MIN_GB && v <= GP3_MAX_GB
        ? undefined
        : `${v} is out of range; gp3 storage takes ${GP3_MIN_GB} to ${GP3_MAX_GB} GiB`;
}

/** Storage autoscaling's ceiling may not sit below the starting size. */
export function maxStorageProblem(allocatedGb: number, maxAllocatedGb: number): string | undefined {
    return maxAllocatedGb >= allocatedGb
        ? undefined
        : `${maxAllocatedGb} GiB is below the allocated ${allocatedGb} GiB; the autoscaling ceiling must be at least the allocated storage (e.g. ${Math.max(allocatedGb * 5, 100)})`;
}

export function backupRetentionProblem(days: number): string | undefined {
    const [min, max] = BACKUP_RETENTION_RANGE;
    return Number.isInteger(days) && days >= min && days <= max
        ? undefined
        : `${days} is out of range; RDS keeps automated backups for ${min} to ${max} days`;
}

/** Main holds the real data of continuous delivery: its database must not be deletable by one careless command. */
export function deletionProtectionProblem(environment: Env, on: boolean): string | undefined {
    return environment === "main" && !on
        ? "must be true for main (its database must survive a mistaken delete or replace); only demo may turn it off"
        : undefined;
}

export function slowStatementMsProblem(ms: number): string | undefined {
    return Number.isInteger(ms) && ms >= 1 && ms <= 60000
        ? undefined
        : `${ms} is out of range; log statements slower than 1 to 60000 ms (e.g. 500)`;
}

export function noncurrentDaysProblem(days: number): string | undefined {
    return Number.isInteger(days) && days >= 1 && days <= 3650
        ? undefined
        : `${days} is out of range; keep replaced or deleted attachment versions 1 to 3650 days`;
}

/**
 * The names the environment's certificate covers: the environment domain, its wildcard, and every hostname the ALB
 * serves beside it. The app hostnames sit one level under the zone (api-main.osprey-strike.com, see
 * components/edge/hostnames.ts), which `*.main.osprey-strike.com` does NOT cover; without them Cloudflare's
 * Full (strict) TLS to the ALB would fail for those hosts.
 */
export function certificateNames(
    environmentDomain: string,
    albHostnames: readonly string[],
): { domainName: string; subjectAlternativeNames: string[] } {
    const sans = [`*.${environmentDomain}`, ...albHostnames.filter((h) => h !== environmentDomain)];
    return { domainName: environmentDomain, subjectAlternativeNames: [...new Set(sans)] };
}

/**
 * The distinct DNS validation records a certificate needs, keyed by the name ACM validates: ACM gives a wildcard
 * and its base name the SAME CNAME record, so `*.x` and `x` collapse into one key `x`. Sorted, so the records'
 * logical names never depend on the order of the SANs.
 */
export function validationRecordKeys(names: readonly string[]): string[] {
    return [...new Set(names.map((n) => n.replace(/^\*\./, "")))].sort();
}

/** ACM's default quota: 10 names per certificate. */
export const ACM_MAX_NAMES = 10;
