/**
 * Scheduled Lambda that keeps the two Cloudflare managed prefix lists (IPv4, IPv6) equal to Cloudflare's
 * published ranges. The ALB security group admits only these lists, so this is the linchpin of the perimeter:
 * it must never widen the allowlist or empty it. Policy: validate everything, then write, and THROW on every
 * anomaly (the CloudWatch errors alarm is the pager). Nothing is written unless both families validate.
 *
 * Runtime: nodejs22.x with the runtime-provided AWS SDK v3; no @pulumi/* import (the closure is serialized).
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { IpFamily } from "./cidr";
import { describeUrl, fetchCloudflareRanges } from "./cloudflareRanges";
import { DEFAULT_TIMING, readSyncConfig, SyncConfig, SyncTiming } from "./ipSyncConfig";
import { CloudflareRanges, planIsEmpty, planPrefixListChange, PrefixListPlan } from "./prefixListDiff";
import { partitionAdditions, ReviewedAggregates } from "./reviewedAggregates";
import {
    describePrefixLists,
    isConflictError,
    ec2ErrorCode,
    MODIFIABLE_STATES,
    modifyPrefixList,
    PrefixListSnapshot,
    readPrefixListEntries,
    RemainingTime,
    TRANSIENT_STATES,
    waitUntilSettled,
} from "./prefixListStore";

/** What one list's run did: the diff the change notification carries. */
export interface ListDiff {
    family: "IPv4" | "IPv6";
    prefixListId: string;
    added: string[];
    removed: string[];
    /** Published additions outside every reviewed aggregate: not applied. */
    refused: string[];
    /** Removals not applied because the same answer also brought a refused addition (a swap looks like this). */
    withheldRemovals: string[];
}

export interface SyncResult {
    /** Normalized CIDRs added, IPv4 then IPv6. */
    added: string[];
    /** Normalized CIDRs removed, IPv4 then IPv6. */
    removed: string[];
    /** Normalized CIDRs Cloudflare published outside the reviewed aggregates (not applied), IPv4 then IPv6. */
    refused: string[];
    /**
     * True when a person must hear of this run: a list changed or an addition was refused (then `alert` is set).
     */
    notify: boolean;
    /** One line for the notification's reader. */
    summary: string;
    /**
     * The summary again, present only when `notify` is true: the change topic's email subscription keys on this
     * leaf existing (SNS "exists" matching works on leaf nodes; components/platform/ipSyncFunction.ts CHANGE_FILTER_POLICY).
     */
    alert?: string;
    lists: ListDiff[];
}

interface ListTarget {
    readonly family: IpFamily;
    readonly prefixListId: string;
    readonly desired: readonly string[];
}

/** Per-list facts for the run's log line. */
interface ListLog {
    family: string;
    prefixListId: string;
    versionBefore?: number;
    versionAfter?: number;
    maxEntries?: number;
    entriesBefore?: number;
    added: string[];
    removed: string[];
    refused: string[];
    withheldRemovals: string[];
}

/**
 * Keeps only additions inside a reviewed aggregate; when a family brings a refused addition, its removals are
 * withheld too (dropping real ranges while offering unreviewed ones is what a swap looks like).
 */
function guardPlan(
    plan: PrefixListPlan,
    aggregates: ReviewedAggregates,
): { plan: PrefixListPlan; refused: string[]; withheld: string[] } {
    const { allowed, refused } = partitionAdditions(plan.add, plan.family === 4 ? aggregates.ipv4 : aggregates.ipv6);
    const withhold = refused.length > 0;
    return {
        plan: {
            ...plan,
            add: allowed,
            remove: withhold ? [] : plan.remove,
            removeNormalized: withhold ? [] : plan.removeNormalized,
        },
        refused,
        withheld: withhold ? [...plan.removeNormalized] : [],
    };
}

/** Throws (nothing written) when the guarded plans exceed the per-run caps. */
function checkCaps(
    plans: readonly PrefixListPlan[],
    config: Pick<SyncConfig, "maxAdditionsPerRun" | "maxRemovalsPerRun">,
): void {
    const adds = plans.flatMap((p) => p.add);
    const removes = plans.flatMap((p) => p.removeNormalized);
    const problems: string[] = [];
    if (adds.length > config.maxAdditionsPerRun) {
        problems.push(
            `${adds.length} additions (${adds.join(", ")}) exceed MAX_ADDITIONS_PER_RUN=${config.maxAdditionsPerRun}`,
        );
    }
    if (removes.length > config.maxRemovalsPerRun) {
        problems.push(
            `${removes.length} removals (${removes.join(", ")}) exceed MAX_REMOVALS_PER_RUN=${config.maxRemovalsPerRun}`,
        );
    }
    if (problems.length > 0) {
        throw new Error(
            `refusing to modify either list: ${problems.join("; ")}; check Cloudflare's list and apply by hand (or raise the cap in config) if real`,
        );
    }
}

function checkList(target: ListTarget, snapshot: PrefixListSnapshot): "ready" | "transient" {
    const expected = target.family === 4 ? "IPv4" : "IPv6";
    if (snapshot.addressFamily !== expected) {
        throw new Error(
            `prefix list ${target.prefixListId} has address family ${snapshot.addressFamily}, expected ${expected}: check ${expected === "IPv4" ? "IPV4" : "IPV6"}_PREFIX_LIST_ID`,
        );
    }
    if (MODIFIABLE_STATES.includes(snapshot.state)) return "ready";
    if (TRANSIENT_STATES.includes(snapshot.state)) return "transient";
    throw new Error(
        `prefix list ${target.prefixListId} is in state ${snapshot.state} (${snapshot.stateMessage ?? "no state message"}); ` +
            `it must be one of ${MODIFIABLE_STATES.join(", ")} before the sync may modify it`,
    );
}

/**
 * Read both lists, plan both, then write. Retries the whole read-plan-write cycle on a conflict, so a retry never
 * reuses a stale version or stale entries.
 */
async function reconcile(
    client: EC2Client,
    targets: readonly ListTarget[],
    config: SyncConfig,
    timing: SyncTiming,
    remaining: RemainingTime,
    logs: Map<string, ListLog>,
): Promise<void> {
    for (let attempt = 1; ; attempt++) {
        const snapshots = await describePrefixLists(
            client,
            targets.map((t) => t.prefixListId),
            remaining,
        );
        let conflict: string | undefined;
        const busy = targets.filter(
            (t) => checkList(t, snapshots.get(t.prefixListId) as PrefixListSnapshot) === "transient",
        );
        if (busy.length > 0) {
            conflict = busy.map((t) => `${t.prefixListId} is ${snapshots.get(t.prefixListId)?.state}`).join(", ");
        } else {
            // Plan BOTH lists before the first write: if either fails validation, neither is written.
            const plans: Array<{ plan: PrefixListPlan; snapshot: PrefixListSnapshot }> = [];
            for (const target of targets) {
                const snapshot = snapshots.get(target.prefixListId) as PrefixListSnapshot;
                const entries = await readPrefixListEntries(client, target.prefixListId, snapshot.version, remaining);
                const log = logs.get(target.prefixListId) as ListLog;
                log.versionBefore ??= snapshot.version;
                log.entriesBefore ??= entries.length;
                log.versionAfter = snapshot.version;
                log.maxEntries = snapshot.maxEntries;
                const guarded = guardPlan(
                    planPrefixListChange(
                        {
                            prefixListId: target.prefixListId,
                            family: target.family,
                            maxEntries: snapshot.maxEntries,
                            entries,
                        },
                        target.desired,
                    ),
                    config.aggregates,
                );
                log.refused = guarded.refused;
                log.withheldRemovals = guarded.withheld;
                plans.push({ plan: guarded.plan, snapshot });
            }
            checkCaps(
                plans.map((p) => p.plan),
                config,
            );
            for (const { plan, snapshot } of plans) {
                if (planIsEmpty(plan)) continue; // no change: no write at all
                try {
                    await modifyPrefixList(client, plan, snapshot.version, remaining);
                } catch (err) {
                    if (!isConflictError(err)) throw err;
                    conflict = `${plan.prefixListId}: ${ec2ErrorCode(err)}: ${(err as Error).message}`;
                    break;
                }
                const settled = await waitUntilSettled(client, plan.prefixListId, timing.settlePollMs, remaining);
                const log = logs.get(plan.prefixListId) as ListLog;
                log.versionAfter = settled.version;
                log.added.push(...plan.add);
                log.removed.push(...plan.removeNormalized);
            }
            if (conflict === undefined) return;
        }
        if (attempt >= timing.maxConflictAttempts) {
            throw new Error(
                `gave up after ${attempt} attempts because another writer kept the prefix list busy (${conflict}); ` +
                    "the next scheduled run will try again",
            );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(timing.conflictBackoffMs * attempt, remaining())));
    }
}

function resultOf(lists: readonly ListLog[]): SyncResult {
    const diffs: ListDiff[] = lists.map((l) => ({
        family: l.family === "IPv4" ? "IPv4" : "IPv6",
        prefixListId: l.prefixListId,
        added: l.added,
        removed: l.removed,
        refused: l.refused,
        withheldRemovals: l.withheldRemovals,
    }));
    const added = diffs.flatMap((d) => d.added);
    const removed = diffs.flatMap((d) => d.removed);
    const refused = diffs.flatMap((d) => d.refused);
    const parts = [
        ...diffs
            .filter((d) => d.added.length + d.removed.length > 0)
            .map((d) => `${d.prefixListId} (${d.family}) +[${d.added.join(", ")}] -[${d.removed.join(", ")}]`),
        ...(refused.length > 0
            ? [
                  `NOT APPLIED, outside the reviewed Cloudflare aggregates: ${refused.join(", ")}; if Cloudflare really publishes them ` +
                      "(https://www.cloudflare.com/ips/), add the aggregate to platform.ipSync in a reviewed change",
              ]
            : []),
    ];
    const summary = parts.length > 0 ? parts.join("; ") : "no change";
    return {
        added,
        removed,
        refused,
        notify: parts.length > 0,
        summary,
        ...(parts.length > 0 ? { alert: summary } : {}),
        lists: diffs,
    };
}

/** One run with explicit configuration and timing (the handler passes env and DEFAULT_TIMING). */
export async function runSync(config: SyncConfig, timing: SyncTiming): Promise<SyncResult> {
    const started = Date.now();
    const deadline = started + timing.runDeadlineMs;
    const remaining: RemainingTime = () => {
        const left = deadline - Date.now();
        if (left <= 0)
            throw new Error(`run deadline of ${timing.runDeadlineMs} ms exceeded; stopped before the next call`);
        return left;
    };
    const logs = new Map<string, ListLog>([
        [
            config.ipv4PrefixListId,
            {
                family: "IPv4",
                prefixListId: config.ipv4PrefixListId,
                added: [],
                removed: [],
                refused: [],
                withheldRemovals: [],
            },
        ],
        [
            config.ipv6PrefixListId,
            {
                family: "IPv6",
                prefixListId: config.ipv6PrefixListId,
                added: [],
                removed: [],
                refused: [],
                withheldRemovals: [],
            },
        ],
    ]);
    let ranges: CloudflareRanges | undefined;
    const writeLog = (outcome: string, extra: Record<string, unknown>): void => {
        // One structured line per run. Ids, versions and public CIDRs only: no credentials, no env dump.
        console.log(
            JSON.stringify({
                event: "cloudflare-ip-sync",
                outcome,
                source: describeUrl(config.cloudflareIpsUrl),
                etag: ranges?.etag,
                published: ranges ? { ipv4: ranges.ipv4.length, ipv6: ranges.ipv6.length } : undefined,
                lists: [...logs.values()],
                durationMs: Date.now() - started,
                ...extra,
            }),
        );
    };
    try {
        ranges = await fetchCloudflareRanges(config.cloudflareIpsUrl, Math.min(timing.fetchTimeoutMs, remaining()));
        const targets: ListTarget[] = [
            { family: 4, prefixListId: config.ipv4PrefixListId, desired: ranges.ipv4 },
            { family: 6, prefixListId: config.ipv6PrefixListId, desired: ranges.ipv6 },
        ];
        // Default configuration so AWS_REGION, credentials and AWS_ENDPOINT_URL_EC2 come from the environment.
        const client = new EC2Client({ maxAttempts: 3 });
        try {
            await reconcile(client, targets, config, timing, remaining, logs);
        } finally {
            client.destroy();
        }
        const result = resultOf([...logs.values()]);
        writeLog(
            result.refused.length > 0
                ? "refused-additions"
                : result.added.length + result.removed.length > 0
                  ? "changed"
                  : "unchanged",
            {
                summary: result.summary,
            },
        );
        return result;
    } catch (err) {
        // An abort from the deadline surfaces as the SDK's or fetch's AbortError: say which limit fired.
        const failure =
            Date.now() >= deadline && !(err as Error).message.startsWith("run deadline")
                ? new Error(`run deadline of ${timing.runDeadlineMs} ms exceeded: ${(err as Error).message}`)
                : (err as Error);
        writeLog("error", { error: failure.message, errorCode: ec2ErrorCode(err) });
        throw failure;
    }
}

/** Lambda entry point. The event (an EventBridge schedule) carries nothing the sync needs. */
export async function handler(_event?: unknown): Promise<SyncResult> {
    let config: SyncConfig;
    try {
        config = readSyncConfig(process.env);
    } catch (err) {
        console.log(JSON.stringify({ event: "cloudflare-ip-sync", outcome: "error", error: (err as Error).message }));
        throw err;
    }
    return runSync(config, DEFAULT_TIMING);
}
