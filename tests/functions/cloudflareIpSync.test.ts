/**
 * The IP-sync handler end to end over real HTTP: Cloudflare fake + EC2 Query fake on 127.0.0.1, the real AWS SDK v3
 * client pointed at the fake through AWS_ENDPOINT_URL_EC2.
 */
import { handler, runSync } from "../../functions/cloudflareIpSync";
import { DEFAULT_TIMING, readSyncConfig } from "../../functions/ipSyncConfig";
import { ENTRY_DESCRIPTION } from "../../functions/prefixListDiff";
import { CloudflareIpsFake, startCloudflareIpsFake } from "../../harness/fakes/cloudflareIpsFake";
import { Ec2QueryFake, startEc2QueryFake } from "../../harness/fakes/ec2QueryFake";
import {
    REVIEWED_CLOUDFLARE_IPV4_AGGREGATES,
    REVIEWED_CLOUDFLARE_IPV6_AGGREGATES,
} from "../../lib/cloudflareAggregates";
import { parseCidr, cidrContains } from "../../functions/cidr";
import { CHANGE_FILTER_POLICY, REFUSED_FILTER_PATTERN } from "../../components/platform/ipSyncFunction";
import {
    CLOUDFLARE_IPV4_CIDRS,
    CLOUDFLARE_IPV6_CIDRS,
    cloudflareIpsAnswer,
    PREVIOUS_CLOUDFLARE_IPV4_CIDRS,
} from "../../harness/fixtures/cloudflareIps";

const DUMMY_SECRET = "fake-secret-key-never-logged";
/** The guard as the program configures it by default (config/settings.ts platform.ipSync defaults). */
const GUARD_ENV = {
    REVIEWED_AGGREGATES_IPV4: REVIEWED_CLOUDFLARE_IPV4_AGGREGATES.join(","),
    REVIEWED_AGGREGATES_IPV6: REVIEWED_CLOUDFLARE_IPV6_AGGREGATES.join(","),
    MAX_ADDITIONS_PER_RUN: "5",
    MAX_REMOVALS_PER_RUN: "5",
};
const sorted = (xs: readonly string[]) => [...xs].sort();

let cf: CloudflareIpsFake;
let ec2: Ec2QueryFake;
let savedEnv: NodeJS.ProcessEnv;
let logLines: string[];
let v4: string;
let v6: string;
let initial: { ipv4: string[]; ipv6: string[] };

/** Fresh lists for one test; env points the handler at them. */
function useLists(ipv4: string[], ipv6: string[], opts: { v4MaxEntries?: number; v6MaxEntries?: number } = {}): void {
    v4 = ec2.addPrefixList({ addressFamily: "IPv4", entries: ipv4, maxEntries: opts.v4MaxEntries });
    v6 = ec2.addPrefixList({ addressFamily: "IPv6", entries: ipv6, maxEntries: opts.v6MaxEntries });
    initial = { ipv4: sorted(ipv4), ipv6: sorted(ipv6) };
    process.env.IPV4_PREFIX_LIST_ID = v4;
    process.env.IPV6_PREFIX_LIST_ID = v6;
}

const actions = () => ec2.calls.map((c) => c.action);

beforeAll(async () => {
    savedEnv = { ...process.env };
    [cf, ec2] = await Promise.all([startCloudflareIpsFake(), startEc2QueryFake()]);
    Object.assign(process.env, {
        AWS_ENDPOINT_URL_EC2: ec2.endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKE0000",
        AWS_SECRET_ACCESS_KEY: DUMMY_SECRET,
        CLOUDFLARE_IPS_URL: cf.url,
        ...GUARD_ENV,
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
});

afterAll(async () => {
    process.env = savedEnv;
    await Promise.all([cf.stop(), ec2.stop()]);
});

beforeEach(() => {
    cf.setAnswer(cloudflareIpsAnswer());
    ec2.clearCalls();
    ec2.setStateAfterModify("modify-complete");
    ec2.setPageSize(10);
    ec2.setResponseDelay(0);
    logLines = [];
    jest.spyOn(console, "log").mockImplementation((line: unknown) => void logLines.push(String(line)));
});

afterEach(() => jest.restoreAllMocks());

describe("normal runs", () => {
    it("changes nothing and writes nothing when the lists already match (paginated reads)", async () => {
        useLists(CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        await expect(handler({})).resolves.toMatchObject({ added: [], removed: [] });
        expect(ec2.writes()).toHaveLength(0);
        // 15 IPv4 entries at the fake's page size of 10 need two pages.
        expect(actions()).toEqual([
            "DescribeManagedPrefixLists",
            "GetManagedPrefixListEntries",
            "GetManagedPrefixListEntries",
            "GetManagedPrefixListEntries",
        ]);
        expect(ec2.calls[1].params).toMatchObject({ PrefixListId: v4, TargetVersion: "1" });
        expect(ec2.calls[2].params.NextToken).toBe("10");
    });

    it("applies Cloudflare's real 104.16.0.0/12 split in ONE modify with add+remove and the current version", async () => {
        useLists(PREVIOUS_CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        await expect(handler({})).resolves.toMatchObject({
            added: ["104.16.0.0/13", "104.24.0.0/14"],
            removed: ["104.16.0.0/12"],
        });
        expect(ec2.writes()).toHaveLength(1);
        expect(ec2.writes()[0].params).toEqual({
            PrefixListId: v4,
            CurrentVersion: "1",
            "AddEntry.1.Cidr": "104.16.0.0/13",
            "AddEntry.1.Description": ENTRY_DESCRIPTION,
            "AddEntry.2.Cidr": "104.24.0.0/14",
            "AddEntry.2.Description": ENTRY_DESCRIPTION,
            "RemoveEntry.1.Cidr": "104.16.0.0/12",
        });
        expect(ec2.cidrs(v4)).toEqual(sorted(CLOUDFLARE_IPV4_CIDRS));
        expect(ec2.prefixList(v4).version).toBe(2);
        expect(ec2.prefixList(v6).version).toBe(1);
    });

    it("treats differently spelled IPv6 entries as equal: no write", async () => {
        useLists(
            CLOUDFLARE_IPV4_CIDRS,
            CLOUDFLARE_IPV6_CIDRS.map((c) => c.toUpperCase().replace("::", ":0:0::")),
        );
        await expect(handler({})).resolves.toMatchObject({ added: [], removed: [] });
        expect(ec2.writes()).toHaveLength(0);
    });

    it("updates both families, IPv4 first, and reports both", async () => {
        useLists(CLOUDFLARE_IPV4_CIDRS.slice(1), [...CLOUDFLARE_IPV6_CIDRS.slice(1), "2400:1000::/32"]);
        await expect(handler({})).resolves.toMatchObject({
            added: [CLOUDFLARE_IPV4_CIDRS[0], CLOUDFLARE_IPV6_CIDRS[0]],
            removed: ["2400:1000::/32"],
        });
        expect(ec2.writes().map((w) => w.params.PrefixListId)).toEqual([v4, v6]);
        expect(ec2.cidrs(v6)).toEqual(sorted(CLOUDFLARE_IPV6_CIDRS));
    });

    it("logs one structured JSON line per run with ids, versions and changes, and no secret", async () => {
        useLists(PREVIOUS_CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        await handler({});
        expect(logLines).toHaveLength(1);
        expect(logLines[0]).not.toContain(DUMMY_SECRET);
        const line = JSON.parse(logLines[0]);
        expect(line).toMatchObject({
            event: "cloudflare-ip-sync",
            outcome: "changed",
            published: { ipv4: 15, ipv6: 7 },
        });
        expect(line.lists[0]).toMatchObject({
            prefixListId: v4,
            versionBefore: 1,
            versionAfter: 2,
            added: ["104.16.0.0/13", "104.24.0.0/14"],
            removed: ["104.16.0.0/12"],
        });
        expect(line.lists[1]).toMatchObject({
            prefixListId: v6,
            versionBefore: 1,
            versionAfter: 1,
            added: [],
            removed: [],
        });
    });
});

describe("safety rules: throw, and write nothing to either list", () => {
    // The IPv6 list lacks one range, so a run that wrongly wrote the "valid" family would show up as a write.
    beforeEach(() => useLists(PREVIOUS_CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS.slice(1)));
    afterEach(() => {
        expect(ec2.writes()).toHaveLength(0);
        expect([ec2.cidrs(v4), ec2.cidrs(v6)]).toEqual([initial.ipv4, initial.ipv6]);
        expect([ec2.prefixList(v4).version, ec2.prefixList(v6).version]).toEqual([1, 1]);
        const last = JSON.parse(logLines[logLines.length - 1]);
        expect(last.outcome).toBe("error");
    });

    it.each<[string, () => void, RegExp]>([
        ["HTTP 500", () => cf.failWith(500, "upstream error"), /returned HTTP 500/],
        [
            "HTTP 403 with Cloudflare's error envelope",
            () => cf.failWith(403, '{"success":false}', "application/json"),
            /returned HTTP 403/,
        ],
        ["malformed JSON", () => cf.failWith(200, '{"result": {"ipv4_cidrs": [', "application/json"), /not valid JSON/],
        ["success false", () => cf.setAnswer({ ...cloudflareIpsAnswer(), success: false }), /success is false/],
        [
            "a malformed CIDR",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "104.16.0.0/33"] })),
            /malformed CIDR/,
        ],
        [
            "a private range",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "192.168.0.0/16"] })),
            /RFC 1918/,
        ],
        [
            "CGNAT",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "100.64.0.0/10"] })),
            /CGNAT/,
        ],
        [
            "an IPv6 ULA",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv6: [...CLOUDFLARE_IPV6_CIDRS, "fc00::/7"] })),
            /unique local/,
        ],
        [
            "a /0",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "0.0.0.0/0"] })),
            /is a \/0/,
        ],
        [
            "IPv4 in the IPv6 list",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv6: [...CLOUDFLARE_IPV6_CIDRS, "104.16.0.0/13"] })),
            /is IPv4 but sits in the IPv6 list/,
        ],
        [
            "IPv6 in the IPv4 list",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "2400:cb00::/32"] })),
            /is IPv6 but sits in the IPv4 list/,
        ],
        ["an empty IPv4 family", () => cf.setAnswer(cloudflareIpsAnswer({ ipv4: [] })), /ipv4_cidrs is empty/],
        [
            "an IPv4 family below the floor",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv4: CLOUDFLARE_IPV4_CIDRS.slice(0, 9) })),
            /below the floor of 10/,
        ],
        [
            "an IPv6 family below the floor",
            () => cf.setAnswer(cloudflareIpsAnswer({ ipv6: CLOUDFLARE_IPV6_CIDRS.slice(0, 3) })),
            /below the floor of 4/,
        ],
    ])("Cloudflare answer with %s", async (_name, arrange, message) => {
        arrange();
        await expect(handler({})).rejects.toThrow(message);
        expect(ec2.calls).toHaveLength(0); // refused before touching EC2
    });

    it("a Cloudflare request that hangs past the fetch timeout", async () => {
        cf.hang();
        const config = readSyncConfig(process.env);
        await expect(runSync(config, { ...DEFAULT_TIMING, fetchTimeoutMs: 300 })).rejects.toThrow(
            /timed out after 300 ms/,
        );
        expect(ec2.calls).toHaveLength(0);
    });

    it("a run that would remove more than half of a list's entries", async () => {
        const stale = Array.from({ length: 15 }, (_, i) => `11.${i}.0.0/16`);
        useLists([...PREVIOUS_CLOUDFLARE_IPV4_CIDRS, ...stale], CLOUDFLARE_IPV6_CIDRS.slice(1));
        await expect(handler({})).rejects.toThrow(/would remove 16 of 29 entries, more than 50%/);
    });

    it("a desired IPv4 set above the list's MaxEntries (never truncated)", async () => {
        useLists(PREVIOUS_CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS.slice(1), { v4MaxEntries: 14 });
        await expect(handler({})).rejects.toThrow(/publishes 15 IPv4 ranges but MaxEntries is 14/);
    });

    it("a desired IPv6 set above MaxEntries, even though IPv4 (planned first) is fine", async () => {
        useLists(PREVIOUS_CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS.slice(1), { v6MaxEntries: 6 });
        await expect(handler({})).rejects.toThrow(/publishes 7 IPv6 ranges but MaxEntries is 6/);
    });

    it.each(["modify-failed", "delete-in-progress", "create-failed"] as const)(
        "a list in state %s (no retry)",
        async (state) => {
            ec2.prefixList(v6).state = state;
            await expect(handler({})).rejects.toThrow(new RegExp(`is in state ${state}`));
            expect(actions()).toEqual(["DescribeManagedPrefixLists"]);
        },
    );

    it("a list stuck in modify-in-progress: re-read a bounded number of times, then throw", async () => {
        ec2.prefixList(v4).state = "modify-in-progress";
        await expect(
            runSync(readSyncConfig(process.env), { ...DEFAULT_TIMING, conflictBackoffMs: 10 }),
        ).rejects.toThrow(/gave up after 3 attempts .*is modify-in-progress/);
        expect(actions()).toEqual(Array(3).fill("DescribeManagedPrefixLists"));
    });

    it("a list whose address family does not match its variable", async () => {
        process.env.IPV4_PREFIX_LIST_ID = v6;
        process.env.IPV6_PREFIX_LIST_ID = v4;
        await expect(handler({})).rejects.toThrow(/has address family IPv6, expected IPv4/);
    });

    it("a run past its overall deadline", async () => {
        ec2.setResponseDelay(250);
        await expect(runSync(readSyncConfig(process.env), { ...DEFAULT_TIMING, runDeadlineMs: 400 })).rejects.toThrow(
            /run deadline of 400 ms exceeded/,
        );
    });
});

describe("conflicts and EC2 errors", () => {
    beforeEach(() => useLists(PREVIOUS_CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS));

    it("re-reads and retries after a version conflict, then succeeds", async () => {
        ec2.injectConflict(v4);
        await expect(handler({})).resolves.toMatchObject({
            added: ["104.16.0.0/13", "104.24.0.0/14"],
            removed: ["104.16.0.0/12"],
        });
        expect(ec2.writes().map((w) => w.params.CurrentVersion)).toEqual(["1", "2"]);
        expect(ec2.cidrs(v4)).toEqual(sorted(CLOUDFLARE_IPV4_CIDRS));
    });

    it("retries IncorrectState like a conflict", async () => {
        ec2.injectError(
            "ModifyManagedPrefixList",
            "IncorrectState",
            `The prefix list ${v4} is in the current state (modify-in-progress)`,
        );
        await expect(handler({})).resolves.toMatchObject({ removed: ["104.16.0.0/12"] });
        expect(ec2.writes()).toHaveLength(2);
    });

    it("gives up after 3 attempts when the conflict never ends, and says why", async () => {
        ec2.injectConflict(v4, 10);
        await expect(handler({})).rejects.toThrow(/gave up after 3 attempts .*PrefixListVersionMismatch/);
        expect(ec2.writes()).toHaveLength(3);
        expect(ec2.cidrs(v4)).toEqual(sorted(PREVIOUS_CLOUDFLARE_IPV4_CIDRS));
    });

    it("does not retry other EC2 errors", async () => {
        ec2.injectError(
            "ModifyManagedPrefixList",
            "UnauthorizedOperation",
            "You are not authorized to perform this operation.",
        );
        await expect(handler({})).rejects.toThrow(/not authorized/);
        expect(ec2.writes()).toHaveLength(1);
        expect(JSON.parse(logLines[0])).toMatchObject({ outcome: "error", errorCode: "UnauthorizedOperation" });
    });

    it("throws when the modify ends in modify-failed", async () => {
        ec2.setStateAfterModify("modify-failed");
        await expect(handler({})).rejects.toThrow(/ended in state modify-failed after the modify: The security group/);
    });
});

describe("configuration", () => {
    beforeEach(() => useLists(CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS));

    it("throws on a missing or malformed prefix list id, before any call", async () => {
        const cloudflareRequests = cf.requests.length;
        delete process.env.IPV4_PREFIX_LIST_ID;
        await expect(handler({})).rejects.toThrow(/IPV4_PREFIX_LIST_ID must be a managed prefix list id/);
        process.env.IPV4_PREFIX_LIST_ID = "sg-0123456789abcdef0";
        await expect(handler({})).rejects.toThrow(/IPV4_PREFIX_LIST_ID must be/);
        process.env.IPV4_PREFIX_LIST_ID = v6;
        await expect(handler({})).rejects.toThrow(/both pl-/);
        expect(cf.requests.length).toBe(cloudflareRequests);
        expect(ec2.calls).toHaveLength(0);
        expect(logLines.map((l) => JSON.parse(l).outcome)).toEqual(["error", "error", "error"]);
    });

    it("defaults CLOUDFLARE_IPS_URL to Cloudflare's API and refuses plain http off loopback", () => {
        const env = { IPV4_PREFIX_LIST_ID: v4, IPV6_PREFIX_LIST_ID: v6, ...GUARD_ENV };
        expect(readSyncConfig(env).cloudflareIpsUrl).toBe("https://api.cloudflare.com/client/v4/ips");
        expect(() => readSyncConfig({ ...env, CLOUDFLARE_IPS_URL: "http://api.cloudflare.com/client/v4/ips" })).toThrow(
            /must use https/,
        );
    });

    it.each([
        "https://evil.example/client/v4/ips",
        "https://api.cloudflare.com.evil.example/client/v4/ips",
        "https://api.cloudflare.com:8443/client/v4/ips",
        "https://api.cloudflare.com/client/v4/ips?cidr=0.0.0.0/0",
        "https://api.cloudflare.com/client/v4/ips/../../evil",
        "https://user:pw@api.cloudflare.com/client/v4/ips",
    ])("pins the upstream: refuses %s", (url) => {
        expect(() =>
            readSyncConfig({ IPV4_PREFIX_LIST_ID: v4, IPV6_PREFIX_LIST_ID: v6, ...GUARD_ENV, CLOUDFLARE_IPS_URL: url }),
        ).toThrow(/must be https:\/\/api\.cloudflare\.com\/client\/v4\/ips \(the upstream host is pinned\)/);
    });

    it.each<[string, Record<string, string | undefined>, RegExp]>([
        ["no IPv4 aggregates", { REVIEWED_AGGREGATES_IPV4: undefined }, /REVIEWED_AGGREGATES_IPV4 is empty/],
        [
            "an IPv6 aggregate in the IPv4 list",
            { REVIEWED_AGGREGATES_IPV4: "2400:cb00::/32" },
            /REVIEWED_AGGREGATES_IPV4 holds 2400:cb00::\/32, not IPv4/,
        ],
        ["a private aggregate", { REVIEWED_AGGREGATES_IPV4: "10.0.0.0/8" }, /RFC 1918/],
        ["a /0 aggregate", { REVIEWED_AGGREGATES_IPV6: "::/0" }, /is a \/0/],
        [
            "no addition cap",
            { MAX_ADDITIONS_PER_RUN: undefined },
            /MAX_ADDITIONS_PER_RUN must be an integer from 1 to 100/,
        ],
        ["a zero removal cap", { MAX_REMOVALS_PER_RUN: "0" }, /MAX_REMOVALS_PER_RUN must be an integer from 1 to 100/],
    ])("fails closed with %s, before any call", async (_name, change, message) => {
        for (const [k, v] of Object.entries(change)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        try {
            await expect(handler({})).rejects.toThrow(message);
            expect(ec2.calls).toHaveLength(0);
        } finally {
            Object.assign(process.env, GUARD_ENV);
        }
    });
});

const insideAggregates = (cidr: string) =>
    [...REVIEWED_CLOUDFLARE_IPV4_AGGREGATES, ...REVIEWED_CLOUDFLARE_IPV6_AGGREGATES].some((a) =>
        cidrContains(parseCidr(a), parseCidr(cidr)),
    );

describe("cannot widen: additions only inside the reviewed aggregates, capped, every change notified", () => {
    it("refuses a hostile public /8 and a single host, names them, withholds the removals and writes nothing", async () => {
        useLists(CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        // 45.0.0.0/8 and 8.8.8.8/32 are public (pass the shape checks) but are not Cloudflare's.
        cf.setAnswer(cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS.slice(1), "45.0.0.0/8", "8.8.8.8/32"] }));
        const result = await handler({});
        expect(result).toMatchObject({ added: [], removed: [], refused: ["45.0.0.0/8", "8.8.8.8/32"], notify: true });
        expect(result.lists[0]).toMatchObject({
            prefixListId: v4,
            refused: ["45.0.0.0/8", "8.8.8.8/32"],
            withheldRemovals: [CLOUDFLARE_IPV4_CIDRS[0]],
        });
        expect(result.summary).toMatch(
            /NOT APPLIED, outside the reviewed Cloudflare aggregates: 45\.0\.0\.0\/8, 8\.8\.8\.8\/32/,
        );
        expect(ec2.writes()).toHaveLength(0);
        expect(ec2.cidrs(v4)).toEqual(initial.ipv4);
        const line = JSON.parse(logLines[0]);
        expect(line).toMatchObject({ event: "cloudflare-ip-sync", outcome: "refused-additions" });
        // The alarm's metric filter keys on exactly these two fields (components/platform/ipSyncFunction.ts).
        expect(REFUSED_FILTER_PATTERN).toBe(`{ $.event = "${line.event}" && $.outcome = "${line.outcome}" }`);
    });

    it("applies an addition inside an aggregate (a split of a reviewed /13) and notifies with the diff", async () => {
        useLists(CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        const split = [...CLOUDFLARE_IPV4_CIDRS.filter((c) => c !== "104.16.0.0/13"), "104.16.0.0/14", "104.20.0.0/14"];
        cf.setAnswer(cloudflareIpsAnswer({ ipv4: split }));
        const result = await handler({});
        expect(result).toMatchObject({
            added: ["104.16.0.0/14", "104.20.0.0/14"],
            removed: ["104.16.0.0/13"],
            refused: [],
            notify: true,
        });
        expect(result.summary).toBe(`${v4} (IPv4) +[104.16.0.0/14, 104.20.0.0/14] -[104.16.0.0/13]`);
        expect(ec2.cidrs(v4)).toEqual(sorted(split));
    });

    it("does not notify a run that changes nothing", async () => {
        useLists(CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        await expect(handler({})).resolves.toMatchObject({ notify: false, summary: "no change", refused: [] });
    });

    it("the change topic's filter keys on a leaf that exists exactly when the run must notify", async () => {
        const [[key, [operator]]] = Object.entries(CHANGE_FILTER_POLICY.responsePayload);
        expect(operator).toEqual({ exists: true });
        useLists(PREVIOUS_CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        const changed = (await handler({})) as unknown as Record<string, unknown>;
        expect(typeof changed[key]).toBe("string"); // a leaf, as SNS "exists" matching requires
        expect(changed[key]).toBe(changed.summary);
        const unchanged = (await handler({})) as unknown as Record<string, unknown>;
        expect(unchanged.notify).toBe(false);
        expect(key in unchanged).toBe(false);
    });

    it("refuses more additions than the cap, even inside the aggregates (nothing written)", async () => {
        useLists(CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        const eight = Array.from({ length: 8 }, (_, i) => `104.${16 + i}.0.0/16`);
        cf.setAnswer(
            cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS.filter((c) => c !== "104.16.0.0/13"), ...eight] }),
        );
        await expect(handler({})).rejects.toThrow(/8 additions .* exceed MAX_ADDITIONS_PER_RUN=5/);
        expect(ec2.writes()).toHaveLength(0);
    });

    it("refuses more removals than the cap (below the half-of-a-list rule), nothing written", async () => {
        // Six stale entries (inside a reviewed /13) that Cloudflare no longer publishes: 6 of 21 is below half.
        useLists(
            [...CLOUDFLARE_IPV4_CIDRS, ...Array.from({ length: 6 }, (_, i) => `104.${16 + i}.0.0/16`)],
            CLOUDFLARE_IPV6_CIDRS,
        );
        await expect(handler({})).rejects.toThrow(/6 removals .* exceed MAX_REMOVALS_PER_RUN=5/);
        expect(ec2.writes()).toHaveLength(0);
    });

    it("over many hostile runs, never holds a range outside the reviewed aggregates", async () => {
        useLists(CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS);
        // A compromised upstream swapping a few ranges per run for its own (each answer passes every shape check).
        for (let run = 0; run < 6; run++) {
            const kept = CLOUDFLARE_IPV4_CIDRS.slice(0, CLOUDFLARE_IPV4_CIDRS.length - 2 * run);
            const hostile = Array.from({ length: 2 * run + 1 }, (_, i) => `${20 + i}.${run}.0.0/16`);
            const v6Hostile = [`2001:4860:${run}::/48`];
            cf.setAnswer(
                cloudflareIpsAnswer({
                    ipv4: [...kept, ...hostile].slice(0, 30),
                    ipv6: [...CLOUDFLARE_IPV6_CIDRS.slice(1), ...v6Hostile],
                }),
            );
            await handler({}).catch(() => undefined);
            for (const c of [...ec2.cidrs(v4), ...ec2.cidrs(v6)])
                expect({ c, inside: insideAggregates(c) }).toEqual({ c, inside: true });
        }
        expect(ec2.cidrs(v4)).toEqual(initial.ipv4);
        expect(ec2.cidrs(v6)).toEqual(initial.ipv6);
    });
});
