/**
 * The sync's "cannot widen on its own" rule: an addition Cloudflare publishes is applied only when it lies inside
 * one of the reviewed Cloudflare aggregates kept in config (platform.ipSync.reviewedIpv4Aggregates / ...Ipv6...,
 * handed over as environment variables). Anything else is refused and named, so a person adds the aggregate in a
 * reviewed change. Removals and additions per run are capped. Pure: no imports beyond ./cidr (serialized).
 */
import { Cidr, cidrContains, IpFamily, specialPurposeReason, tryParseCidr } from "./cidr";

/** Reviewed aggregates per family (normalized). */
export interface ReviewedAggregates {
    readonly ipv4: readonly Cidr[];
    readonly ipv6: readonly Cidr[];
}

/** ModifyManagedPrefixList's own limit per call (EC2 API reference): a cap above it would never be reached. */
export const MAX_CAP = 100;

/**
 * Parses one family's comma-separated aggregates from the environment. Fails closed: a missing, empty, malformed,
 * wrong-family or special-purpose entry throws naming the variable, so a broken deploy alarms instead of syncing
 * without the guard.
 */
export function parseAggregates(variable: string, family: IpFamily, raw: string | undefined): Cidr[] {
    const items = (raw ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    if (items.length === 0)
        throw new Error(`${variable} is empty: the sync applies no addition without reviewed Cloudflare aggregates`);
    return items.map((item) => {
        const parsed = tryParseCidr(item);
        if (!parsed.ok) throw new Error(`${variable} holds malformed CIDR ${JSON.stringify(item)} (${parsed.reason})`);
        if (parsed.cidr.family !== family) throw new Error(`${variable} holds ${parsed.cidr.text}, not IPv${family}`);
        const special = specialPurposeReason(parsed.cidr);
        if (special !== undefined) throw new Error(`${variable}: ${special}`);
        return parsed.cidr;
    });
}

/** Parses a per-run cap (1..MAX_CAP) from the environment; missing or out of range throws (fail closed). */
export function parseCap(variable: string, raw: string | undefined): number {
    const n = raw !== undefined && /^[0-9]{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_CAP)
        throw new Error(`${variable} must be an integer from 1 to ${MAX_CAP}, got ${JSON.stringify(raw ?? null)}`);
    return n;
}

/** Splits additions into those inside a reviewed aggregate and those outside (refused). Inputs are normalized CIDR texts. */
export function partitionAdditions(
    add: readonly string[],
    aggregates: readonly Cidr[],
): { allowed: string[]; refused: string[] } {
    const allowed: string[] = [];
    const refused: string[] = [];
    for (const text of add) {
        const parsed = tryParseCidr(text);
        if (parsed.ok && aggregates.some((a) => cidrContains(a, parsed.cidr))) allowed.push(text);
        else refused.push(text);
    }
    return { allowed, refused };
}
