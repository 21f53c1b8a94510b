/**
 * Pure policy for the Cloudflare IP sync: validate Cloudflare's answer into normalized ranges per family, and
 * plan the change to one managed prefix list. Every guard throws; the handler turns a throw into "write nothing".
 *
 * Why so strict: the ALB security group admits only these lists (the linchpin of the network security
 * model: docs/requirements.md, The perimeter). A bad answer must never widen the allowlist or empty it.
 */
import { IpFamily, parseCidr, specialPurposeReason, tryParseCidr } from "./cidr";

/** Cloudflare publishes 15 IPv4 ranges today; fewer than 10 means a truncated or wrong answer. */
export const MIN_IPV4_RANGES = 10;
/** Cloudflare publishes 7 IPv6 ranges today; fewer than 4 means a truncated or wrong answer. */
export const MIN_IPV6_RANGES = 4;
/**
 * Shortest accepted prefix per family. Cloudflare's widest ranges have been /12 (IPv4, 104.16.0.0/12 before it
 * was split) and /29 (IPv6, 2a06:98c0::/29); anything wider than /8 or /16 would open a large part of the internet.
 */
export const MIN_IPV4_PREFIX_LENGTH = 8;
export const MIN_IPV6_PREFIX_LENGTH = 16;
/** One run may remove at most this share of a list's current entries; more looks like a bad answer, not a change. */
export const MAX_REMOVAL_SHARE = 0.5;
/** ModifyManagedPrefixList accepts at most 100 AddEntry and 100 RemoveEntry items (EC2 API reference). */
export const MAX_ENTRIES_PER_MODIFY = 100;
/** Description on every entry the sync adds, so a human reading the list knows who owns it. */
export const ENTRY_DESCRIPTION = "cloudflare";
/** At most this many problems are listed in one error message; the rest are counted. */
const MAX_LISTED_PROBLEMS = 10;

export interface CloudflareRanges {
    /** Normalized IPv4 CIDRs, sorted. */
    readonly ipv4: readonly string[];
    /** Normalized IPv6 CIDRs, sorted. */
    readonly ipv6: readonly string[];
    /** Cloudflare's opaque version tag of the list, for the log line only. */
    readonly etag: string | undefined;
}

function familyLabel(family: IpFamily): string {
    return family === 4 ? "IPv4" : "IPv6";
}

function fail(what: string, problems: readonly string[]): never {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join("; ");
    const more = problems.length > MAX_LISTED_PROBLEMS ? `; and ${problems.length - MAX_LISTED_PROBLEMS} more` : "";
    throw new Error(`${what}: ${listed}${more}`);
}

/** Validates one family's array from Cloudflare and returns its normalized, sorted CIDRs (collects all problems). */
export function validateFamilyRanges(family: IpFamily, field: string, raw: unknown): string[] {
    const label = familyLabel(family);
    if (!Array.isArray(raw)) fail("Cloudflare answer rejected", [`result.${field} is not an array`]);
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const item of raw as unknown[]) {
        const parsed = tryParseCidr(item);
        if (!parsed.ok) {
            problems.push(`malformed CIDR ${JSON.stringify(item)} in ${field} (${parsed.reason})`);
            continue;
        }
        const cidr = parsed.cidr;
        if (cidr.family !== family) {
            problems.push(`${cidr.text} is ${familyLabel(cidr.family)} but sits in the ${label} list ${field}`);
            continue;
        }
        const special = specialPurposeReason(cidr);
        if (special !== undefined) {
            problems.push(`${special} (${field})`);
            continue;
        }
        const minPrefix = family === 4 ? MIN_IPV4_PREFIX_LENGTH : MIN_IPV6_PREFIX_LENGTH;
        if (cidr.prefixLength < minPrefix) {
            problems.push(`${cidr.text} is wider than /${minPrefix}, the widest ${label} range accepted (${field})`);
            continue;
        }
        if (seen.has(cidr.text)) {
            problems.push(`${cidr.text} appears twice in ${field}`);
            continue;
        }
        seen.add(cidr.text);
    }
    const floor = family === 4 ? MIN_IPV4_RANGES : MIN_IPV6_RANGES;
    if (problems.length === 0 && seen.size === 0) problems.push(`${field} is empty`);
    else if (problems.length === 0 && seen.size < floor) {
        problems.push(`${field} has ${seen.size} ranges, below the floor of ${floor} ${label} ranges`);
    }
    if (problems.length > 0) fail("Cloudflare answer rejected", problems);
    return [...seen].sort();
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Validates Cloudflare's `GET /client/v4/ips` JSON ({ result: { ipv4_cidrs, ipv6_cidrs, etag }, success, errors,
 * messages }). Both families are validated before anything is returned, so one bad family rejects the whole answer.
 */
export function parseCloudflareAnswer(body: unknown): CloudflareRanges {
    if (!isRecord(body)) fail("Cloudflare answer rejected", ["the JSON body is not an object"]);
    if (body.success !== true) {
        const errors = Array.isArray(body.errors) ? JSON.stringify(body.errors).slice(0, 500) : "none given";
        fail("Cloudflare answer rejected", [
            `success is ${JSON.stringify(body.success)}, not true (errors: ${errors})`,
        ]);
    }
    const result = body.result;
    if (!isRecord(result)) fail("Cloudflare answer rejected", ["result is missing or not an object"]);
    const problems: string[] = [];
    let ipv4: string[] = [];
    let ipv6: string[] = [];
    // Run both so the message names every problem, then throw once.
    try {
        ipv4 = validateFamilyRanges(4, "ipv4_cidrs", result.ipv4_cidrs);
    } catch (err) {
        problems.push((err as Error).message.replace(/^Cloudflare answer rejected: /, ""));
    }
    try {
        ipv6 = validateFamilyRanges(6, "ipv6_cidrs", result.ipv6_cidrs);
    } catch (err) {
        problems.push((err as Error).message.replace(/^Cloudflare answer rejected: /, ""));
    }
    if (problems.length > 0) fail("Cloudflare answer rejected", problems);
    const etag = typeof result.etag === "string" ? result.etag.slice(0, 64) : undefined;
    return { ipv4, ipv6, etag };
}

/** The state of one managed prefix list as read from EC2. */
export interface CurrentPrefixList {
    readonly prefixListId: string;
    readonly family: IpFamily;
    readonly maxEntries: number;
    /** CIDRs exactly as EC2 returned them. */
    readonly entries: readonly string[];
}

export interface PrefixListPlan {
    readonly prefixListId: string;
    readonly family: IpFamily;
    /** Normalized CIDRs to add (sorted). */
    readonly add: readonly string[];
    /** CIDRs to remove, spelled exactly as EC2 stores them so RemoveEntry matches (sorted by normalized form). */
    readonly remove: readonly string[];
    /** The same removals, normalized, for logs and results. */
    readonly removeNormalized: readonly string[];
}

/**
 * Plans the change that turns `list` into `desired` (normalized CIDRs of the list's family). Throws, naming the
 * list, when the desired set exceeds MaxEntries (never truncate: a silently dropped range is an outage for that
 * part of Cloudflare), when the removals exceed MAX_REMOVAL_SHARE, or when the current list holds junk.
 */
export function planPrefixListChange(list: CurrentPrefixList, desired: readonly string[]): PrefixListPlan {
    const label = familyLabel(list.family);
    const where = `prefix list ${list.prefixListId} (${label})`;
    const problems: string[] = [];
    const current = new Map<string, string>(); // normalized -> as stored
    for (const stored of list.entries) {
        const parsed = tryParseCidr(stored);
        if (!parsed.ok) problems.push(`current entry ${JSON.stringify(stored)} is malformed (${parsed.reason})`);
        else if (parsed.cidr.family !== list.family) problems.push(`current entry ${stored} is not ${label}`);
        else if (current.has(parsed.cidr.text)) problems.push(`current entries hold ${parsed.cidr.text} twice`);
        else current.set(parsed.cidr.text, stored);
    }
    const wanted = new Set<string>();
    for (const cidr of desired) {
        const parsed = parseCidr(cidr);
        if (parsed.family !== list.family) problems.push(`desired entry ${cidr} is not ${label}`);
        wanted.add(parsed.text);
    }
    if (problems.length > 0) fail(`refusing to modify ${where}`, problems);

    if (wanted.size > list.maxEntries) {
        fail(`refusing to modify ${where}`, [
            `Cloudflare publishes ${wanted.size} ${label} ranges but MaxEntries is ${list.maxEntries}; ` +
                "raise max entries (each security-group reference counts MaxEntries rules) - the list is never truncated",
        ]);
    }
    const add = [...wanted].filter((c) => !current.has(c)).sort();
    const removeNormalized = [...current.keys()].filter((c) => !wanted.has(c)).sort();
    if (removeNormalized.length > current.size * MAX_REMOVAL_SHARE) {
        fail(`refusing to modify ${where}`, [
            `the run would remove ${removeNormalized.length} of ${current.size} entries, more than ` +
                `${MAX_REMOVAL_SHARE * 100}% (${removeNormalized.join(", ")}); check Cloudflare's list and apply by hand if real`,
        ]);
    }
    if (add.length > MAX_ENTRIES_PER_MODIFY || removeNormalized.length > MAX_ENTRIES_PER_MODIFY) {
        fail(`refusing to modify ${where}`, [
            `${add.length} additions / ${removeNormalized.length} removals exceed ${MAX_ENTRIES_PER_MODIFY} per ` +
                "ModifyManagedPrefixList call, so the change cannot be applied atomically",
        ]);
    }
    return {
        prefixListId: list.prefixListId,
        family: list.family,
        add,
        remove: removeNormalized.map((c) => current.get(c) as string),
        removeNormalized,
    };
}

/** True when the plan changes nothing, so no write must happen. */
export function planIsEmpty(plan: PrefixListPlan): boolean {
    return plan.add.length === 0 && plan.remove.length === 0;
}

/** The normalized, sorted entries after applying `plan` to `entries` (what EC2 holds after the modify). */
export function applyPlan(entries: readonly string[], plan: PrefixListPlan): string[] {
    const removed = new Set(plan.removeNormalized);
    const after = new Set(entries.map((e) => parseCidr(e).text).filter((c) => !removed.has(c)));
    for (const cidr of plan.add) after.add(cidr);
    return [...after].sort();
}
