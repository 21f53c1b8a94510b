/**
 * EC2 managed prefix list I/O for the Cloudflare IP sync: describe, read entries, modify, wait until settled.
 * Thin wrappers over AWS SDK v3 commands; every call carries an abort signal bounded by the run deadline.
 */
import {
    DescribeManagedPrefixListsCommand,
    EC2Client,
    GetManagedPrefixListEntriesCommand,
    ManagedPrefixList,
    ModifyManagedPrefixListCommand,
} from "@aws-sdk/client-ec2";
import { ENTRY_DESCRIPTION, PrefixListPlan } from "./prefixListDiff";

/**
 * Settled states in which EC2 accepts a modify (API reference, ManagedPrefixList.state). restore-complete is
 * included: after an operator restores an older version the list is settled, and refusing it would alarm forever.
 */
export const MODIFIABLE_STATES: readonly string[] = ["create-complete", "modify-complete", "restore-complete"];
/** States that end by themselves; a run that meets one waits and re-reads (bounded), like a version conflict. */
export const TRANSIENT_STATES: readonly string[] = ["create-in-progress", "modify-in-progress", "restore-in-progress"];
/**
 * EC2 error codes meaning "someone else is changing this list right now": re-read and retry. Same set the
 * Terraform AWS provider retries for managed prefix lists (internal/service/ec2, isManagedPrefixListModificationConflictErr).
 */
export const CONFLICT_ERROR_CODES: readonly string[] = [
    "PrefixListVersionMismatch",
    "IncorrectState",
    "ConcurrentMutationLimitExceeded",
];
/** Page guards: a list holds at most 1000 entries, so more pages than this means a looping NextToken. */
const MAX_ENTRY_PAGES = 20;
const MAX_DESCRIBE_PAGES = 5;

/** Returns milliseconds left before the run deadline, or throws when it has passed. */
export type RemainingTime = () => number;

export interface PrefixListSnapshot {
    readonly prefixListId: string;
    readonly addressFamily: string;
    readonly state: string;
    readonly stateMessage: string | undefined;
    readonly version: number;
    readonly maxEntries: number;
}

/** The EC2 error code of an AWS SDK v3 service exception (its `name`; those carry `$metadata`), if any. */
export function ec2ErrorCode(err: unknown): string | undefined {
    if (typeof err !== "object" || err === null || !("$metadata" in err)) return undefined;
    const e = err as { name?: unknown; Code?: unknown };
    if (typeof e.Code === "string") return e.Code;
    return typeof e.name === "string" ? e.name : undefined;
}

export function isConflictError(err: unknown): boolean {
    const code = ec2ErrorCode(err);
    return code !== undefined && CONFLICT_ERROR_CODES.includes(code);
}

function toSnapshot(pl: ManagedPrefixList): PrefixListSnapshot {
    if (!pl.PrefixListId || typeof pl.Version !== "number" || typeof pl.MaxEntries !== "number") {
        throw new Error(
            `DescribeManagedPrefixLists returned an incomplete prefix list: ${JSON.stringify(pl).slice(0, 300)}`,
        );
    }
    return {
        prefixListId: pl.PrefixListId,
        addressFamily: pl.AddressFamily ?? "",
        state: pl.State ?? "",
        stateMessage: pl.StateMessage,
        version: pl.Version,
        maxEntries: pl.MaxEntries,
    };
}

/** Describes the given lists (paginated); throws if one of them is missing from the answer. */
export async function describePrefixLists(
    client: EC2Client,
    ids: readonly string[],
    remaining: RemainingTime,
): Promise<Map<string, PrefixListSnapshot>> {
    const found = new Map<string, PrefixListSnapshot>();
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_DESCRIBE_PAGES; page++) {
        const out = await client.send(
            new DescribeManagedPrefixListsCommand({ PrefixListIds: [...ids], NextToken: nextToken }),
            {
                abortSignal: AbortSignal.timeout(remaining()),
            },
        );
        for (const pl of out.PrefixLists ?? []) {
            const snapshot = toSnapshot(pl);
            found.set(snapshot.prefixListId, snapshot);
        }
        nextToken = out.NextToken;
        if (!nextToken) break;
    }
    if (nextToken) throw new Error(`DescribeManagedPrefixLists still paginating after ${MAX_DESCRIBE_PAGES} pages`);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0)
        throw new Error(`prefix list(s) ${missing.join(", ")} not returned by DescribeManagedPrefixLists`);
    return found;
}

/**
 * Reads every entry of `version` (paginated). Pinning TargetVersion keeps entries and version consistent, so the
 * CurrentVersion sent with the modify describes exactly the entries the plan was computed from.
 */
export async function readPrefixListEntries(
    client: EC2Client,
    prefixListId: string,
    version: number,
    remaining: RemainingTime,
): Promise<string[]> {
    const cidrs: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_ENTRY_PAGES; page++) {
        const out = await client.send(
            new GetManagedPrefixListEntriesCommand({
                PrefixListId: prefixListId,
                TargetVersion: version,
                MaxResults: 100,
                NextToken: nextToken,
            }),
            { abortSignal: AbortSignal.timeout(remaining()) },
        );
        for (const entry of out.Entries ?? []) {
            if (typeof entry.Cidr !== "string")
                throw new Error(`prefix list ${prefixListId} returned an entry without Cidr`);
            cidrs.push(entry.Cidr);
        }
        nextToken = out.NextToken;
        if (!nextToken) return cidrs;
    }
    throw new Error(`GetManagedPrefixListEntries for ${prefixListId} still paginating after ${MAX_ENTRY_PAGES} pages`);
}

/**
 * Applies a plan in ONE ModifyManagedPrefixList call carrying AddEntries and RemoveEntries. EC2 applies one call
 * as one new version, so the list never passes through a state missing both the old and the new range (no
 * window where a moved Cloudflare range is refused). CurrentVersion makes the call conditional: a concurrent
 * writer, or an SDK-level retry of a call that already succeeded, fails with PrefixListVersionMismatch instead of
 * applying twice. Returns the new version.
 */
export async function modifyPrefixList(
    client: EC2Client,
    plan: PrefixListPlan,
    currentVersion: number,
    remaining: RemainingTime,
): Promise<number | undefined> {
    const out = await client.send(
        new ModifyManagedPrefixListCommand({
            PrefixListId: plan.prefixListId,
            CurrentVersion: currentVersion,
            AddEntries:
                plan.add.length > 0 ? plan.add.map((Cidr) => ({ Cidr, Description: ENTRY_DESCRIPTION })) : undefined,
            RemoveEntries: plan.remove.length > 0 ? plan.remove.map((Cidr) => ({ Cidr })) : undefined,
        }),
        { abortSignal: AbortSignal.timeout(remaining()) },
    );
    return out.PrefixList?.Version;
}

/**
 * Polls until the list leaves modify-in-progress. modify-failed (e.g. a referencing security group cannot take
 * the change) throws with EC2's state message so the alarm carries the reason.
 */
export async function waitUntilSettled(
    client: EC2Client,
    prefixListId: string,
    pollMs: number,
    remaining: RemainingTime,
): Promise<PrefixListSnapshot> {
    for (;;) {
        const snapshot = (await describePrefixLists(client, [prefixListId], remaining)).get(
            prefixListId,
        ) as PrefixListSnapshot;
        if (MODIFIABLE_STATES.includes(snapshot.state)) return snapshot;
        if (!TRANSIENT_STATES.includes(snapshot.state)) {
            throw new Error(
                `prefix list ${prefixListId} ended in state ${snapshot.state} after the modify: ${snapshot.stateMessage ?? "no state message"}`,
            );
        }
        // remaining() throws once the deadline passes, which bounds this loop.
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, remaining())));
    }
}
