/**
 * The managed prefix list actions of the EC2 Query fake: request parsing, semantics and XML bodies.
 *
 * Error codes: PrefixListVersionMismatch ("The prefix list has the incorrect version number."), IncorrectState and
 * InvalidPrefixListID.NotFound are the codes the Terraform AWS provider handles for these calls. Codes for the
 * remaining invalid-input paths are this fake's best approximation (InvalidParameterValue, MissingParameter);
 * the sync treats any of them as fatal, which is what matters.
 */

export type FakePrefixListState =
    | "create-in-progress"
    | "create-complete"
    | "create-failed"
    | "modify-in-progress"
    | "modify-complete"
    | "modify-failed"
    | "restore-in-progress"
    | "restore-complete"
    | "restore-failed"
    | "delete-in-progress"
    | "delete-complete"
    | "delete-failed";

export interface FakeEntry {
    cidr: string;
    description: string;
}

export interface FakePrefixList {
    prefixListId: string;
    name: string;
    addressFamily: "IPv4" | "IPv6";
    state: FakePrefixListState;
    stateMessage: string | undefined;
    version: number;
    maxEntries: number;
    entries: FakeEntry[];
    /** Entries of every version, for GetManagedPrefixListEntries TargetVersion. */
    history: Map<number, FakeEntry[]>;
}

export interface FakeEc2Context {
    lists: Map<string, FakePrefixList>;
    /** Pending injected concurrent writers per list id. */
    conflicts: Map<string, number>;
    settings: { pageSize: number; stateAfterModify: FakePrefixListState };
}

export class FakeEc2Error extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

const OWNER_ID = "123456789012";
const MODIFIABLE: readonly FakePrefixListState[] = ["create-complete", "modify-complete", "restore-complete"];

function esc(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function listXml(pl: FakePrefixList): string {
    return (
        `<prefixListId>${pl.prefixListId}</prefixListId><addressFamily>${pl.addressFamily}</addressFamily>` +
        `<state>${pl.state}</state>${pl.stateMessage ? `<stateMessage>${esc(pl.stateMessage)}</stateMessage>` : ""}` +
        `<prefixListArn>arn:aws:ec2:us-east-1:${OWNER_ID}:prefix-list/${pl.prefixListId}</prefixListArn>` +
        `<prefixListName>${esc(pl.name)}</prefixListName><maxEntries>${pl.maxEntries}</maxEntries>` +
        `<version>${pl.version}</version><tagSet/><ownerId>${OWNER_ID}</ownerId>`
    );
}

/** Collects Prefix.N.Field parameters (N from 1) into objects, in N order. */
function indexed(form: URLSearchParams, prefix: string): Array<Record<string, string>> {
    const byIndex = new Map<number, Record<string, string>>();
    for (const [key, value] of form) {
        const m = new RegExp(`^${prefix}\\.(\\d+)(?:\\.(\\w+))?$`).exec(key);
        if (!m) continue;
        const item = byIndex.get(Number(m[1])) ?? {};
        item[m[2] ?? "value"] = value;
        byIndex.set(Number(m[1]), item);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

function page<T>(items: T[], form: URLSearchParams, pageSize: number): { items: T[]; next: string | undefined } {
    const start = Number(form.get("NextToken") ?? "0");
    if (!Number.isInteger(start) || start < 0 || start > items.length)
        throw new FakeEc2Error("InvalidNextToken", "The token is invalid");
    const max = Math.min(Number(form.get("MaxResults") ?? pageSize), pageSize);
    const end = Math.min(items.length, start + max);
    return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

function getList(ctx: FakeEc2Context, id: string | null): FakePrefixList {
    const list = id ? ctx.lists.get(id) : undefined;
    if (!list) throw new FakeEc2Error("InvalidPrefixListID.NotFound", `The prefix list ID '${id}' does not exist`);
    return list;
}

function describe(form: URLSearchParams, ctx: FakeEc2Context): string {
    const ids = indexed(form, "PrefixListId").map((i) => i.value);
    const lists = ids.length > 0 ? ids.map((id) => getList(ctx, id)) : [...ctx.lists.values()];
    const { items, next } = page(lists, form, ctx.settings.pageSize);
    const set = items.map((pl) => `<item>${listXml(pl)}</item>`).join("");
    return `<prefixListSet>${set}</prefixListSet>${next ? `<nextToken>${next}</nextToken>` : ""}`;
}

function getEntries(form: URLSearchParams, ctx: FakeEc2Context): string {
    const list = getList(ctx, form.get("PrefixListId"));
    const target = form.has("TargetVersion") ? Number(form.get("TargetVersion")) : list.version;
    const entries = list.history.get(target);
    if (!entries)
        throw new FakeEc2Error(
            "InvalidParameterValue",
            `Version ${target} of prefix list ${list.prefixListId} does not exist`,
        );
    const { items, next } = page(entries, form, ctx.settings.pageSize);
    const set = items
        .map(
            (e) =>
                `<item><cidr>${esc(e.cidr)}</cidr>${e.description ? `<description>${esc(e.description)}</description>` : ""}</item>`,
        )
        .join("");
    return `<entrySet>${set}</entrySet>${next ? `<nextToken>${next}</nextToken>` : ""}`;
}

function bumpVersion(list: FakePrefixList, entries: FakeEntry[]): void {
    list.version += 1;
    list.entries = entries;
    list.history.set(
        list.version,
        entries.map((e) => ({ ...e })),
    );
}

function modify(form: URLSearchParams, ctx: FakeEc2Context): string {
    const list = getList(ctx, form.get("PrefixListId"));
    const pendingConflict = ctx.conflicts.get(list.prefixListId) ?? 0;
    if (pendingConflict > 0) {
        // Another writer got there first: same entries, new version.
        ctx.conflicts.set(list.prefixListId, pendingConflict - 1);
        bumpVersion(
            list,
            list.entries.map((e) => ({ ...e })),
        );
    }
    if (!MODIFIABLE.includes(list.state)) {
        throw new FakeEc2Error(
            "IncorrectState",
            `The prefix list ${list.prefixListId} is in the current state (${list.state}) and cannot be modified.`,
        );
    }
    const adds = indexed(form, "AddEntry");
    const removes = indexed(form, "RemoveEntry");
    if (adds.length > 100 || removes.length > 100)
        throw new FakeEc2Error("InvalidParameterValue", "At most 100 entries may be added or removed per request");
    if (adds.length + removes.length > 0 && !form.has("CurrentVersion")) {
        throw new FakeEc2Error("MissingParameter", "The request must contain the parameter CurrentVersion");
    }
    if (form.has("CurrentVersion") && Number(form.get("CurrentVersion")) !== list.version) {
        throw new FakeEc2Error("PrefixListVersionMismatch", "The prefix list has the incorrect version number.");
    }
    const next = list.entries.map((e) => ({ ...e }));
    for (const r of removes) {
        const at = next.findIndex((e) => e.cidr === r.Cidr);
        if (at < 0)
            throw new FakeEc2Error(
                "InvalidParameterValue",
                `The prefix list entry ${r.Cidr} does not exist in ${list.prefixListId}`,
            );
        next.splice(at, 1);
    }
    for (const a of adds) {
        if (!a.Cidr) throw new FakeEc2Error("MissingParameter", "AddEntry.N.Cidr is required");
        if (next.some((e) => e.cidr === a.Cidr))
            throw new FakeEc2Error("InvalidParameterValue", `The prefix list entry ${a.Cidr} already exists`);
        const v6 = a.Cidr.includes(":");
        if (v6 !== (list.addressFamily === "IPv6"))
            throw new FakeEc2Error(
                "InvalidParameterValue",
                `${a.Cidr} does not match address family ${list.addressFamily}`,
            );
        next.push({ cidr: a.Cidr, description: a.Description ?? "" });
    }
    if (next.length > list.maxEntries) {
        throw new FakeEc2Error(
            "InvalidParameterValue",
            `The prefix list ${list.prefixListId} would exceed its maximum of ${list.maxEntries} entries`,
        );
    }
    if (adds.length + removes.length > 0) bumpVersion(list, next);
    // EC2 answers while the change propagates; a later describe shows the settled state.
    const answer = `<prefixList>${listXml({ ...list, state: "modify-in-progress" })}</prefixList>`;
    list.state = ctx.settings.stateAfterModify;
    list.stateMessage =
        list.state === "modify-failed" ? "The security group sg-0fake0 cannot accept the new entries" : undefined;
    return answer;
}

/** Runs one action; returns the XML placed inside <ActionResponse>, or throws FakeEc2Error. */
export function handleEc2Action(action: string, form: URLSearchParams, ctx: FakeEc2Context): string {
    switch (action) {
        case "DescribeManagedPrefixLists":
            return describe(form, ctx);
        case "GetManagedPrefixListEntries":
            return getEntries(form, ctx);
        case "ModifyManagedPrefixList":
            return modify(form, ctx);
        default:
            throw new FakeEc2Error("InvalidAction", `The action ${action} is not valid for this web service.`);
    }
}
