/**
 * The IP-sync Lambda's settings: which two prefix lists, where Cloudflare publishes its ranges, the reviewed aggregates
 * an addition must fall inside and the per-run caps, all read from the function's environment when it runs (never at
 * import: the closure is serialized); and the run's timing. Bad settings throw, naming the variable and the fix.
 */
import { checkCloudflareIpsUrl, DEFAULT_CLOUDFLARE_IPS_URL } from "./cloudflareRanges";
import { parseAggregates, parseCap, ReviewedAggregates } from "./reviewedAggregates";

export interface SyncConfig {
    readonly ipv4PrefixListId: string;
    readonly ipv6PrefixListId: string;
    readonly cloudflareIpsUrl: string;
    readonly aggregates: ReviewedAggregates;
    /** Most entries one run may add over both lists. */
    readonly maxAdditionsPerRun: number;
    /** Most entries one run may remove over both lists. */
    readonly maxRemovalsPerRun: number;
}

export interface SyncTiming {
    /** Whole run, Cloudflare fetch included (set the Lambda timeout above it). */
    readonly runDeadlineMs: number;
    readonly fetchTimeoutMs: number;
    /** Read-plan-write attempts when another writer holds the list (version conflict, in-progress state). */
    readonly maxConflictAttempts: number;
    /** Wait before attempt n+1 is n times this. */
    readonly conflictBackoffMs: number;
    readonly settlePollMs: number;
}

export const DEFAULT_TIMING: SyncTiming = {
    runDeadlineMs: 60_000,
    fetchTimeoutMs: 10_000,
    maxConflictAttempts: 3,
    conflictBackoffMs: 500,
    settlePollMs: 1_000,
};

/** Real ids are "pl-" plus 8 or 17 hex digits. */
const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;

/** Reads the configuration from the environment at call time (not at import: the closure is serialized). */
export function readSyncConfig(env: Record<string, string | undefined>): SyncConfig {
    const ids: string[] = [];
    for (const name of ["IPV4_PREFIX_LIST_ID", "IPV6_PREFIX_LIST_ID"]) {
        const value = env[name];
        if (!value || !PREFIX_LIST_ID.test(value)) {
            throw new Error(
                `${name} must be a managed prefix list id like pl-0123456789abcdef0, got ${JSON.stringify(value ?? null)}`,
            );
        }
        ids.push(value);
    }
    if (ids[0] === ids[1]) throw new Error(`IPV4_PREFIX_LIST_ID and IPV6_PREFIX_LIST_ID are both ${ids[0]}`);
    const url = env.CLOUDFLARE_IPS_URL || DEFAULT_CLOUDFLARE_IPS_URL;
    return {
        ipv4PrefixListId: ids[0],
        ipv6PrefixListId: ids[1],
        cloudflareIpsUrl: checkCloudflareIpsUrl(url),
        aggregates: {
            ipv4: parseAggregates("REVIEWED_AGGREGATES_IPV4", 4, env.REVIEWED_AGGREGATES_IPV4),
            ipv6: parseAggregates("REVIEWED_AGGREGATES_IPV6", 6, env.REVIEWED_AGGREGATES_IPV6),
        },
        maxAdditionsPerRun: parseCap("MAX_ADDITIONS_PER_RUN", env.MAX_ADDITIONS_PER_RUN),
        maxRemovalsPerRun: parseCap("MAX_REMOVALS_PER_RUN", env.MAX_REMOVALS_PER_RUN),
    };
}
