import fc from "fast-check";
import { IpFamily, normalizeCidr } from "../../functions/cidr";
import {
    applyPlan,
    CurrentPrefixList,
    MAX_ENTRIES_PER_MODIFY,
    MAX_REMOVAL_SHARE,
    MIN_IPV4_RANGES,
    MIN_IPV6_RANGES,
    parseCloudflareAnswer,
    planIsEmpty,
    planPrefixListChange,
} from "../../functions/prefixListDiff";
import {
    CLOUDFLARE_ETAG,
    CLOUDFLARE_IPV4_CIDRS,
    CLOUDFLARE_IPV6_CIDRS,
    cloudflareIpsAnswer,
    PREVIOUS_CLOUDFLARE_IPV4_CIDRS,
} from "../../harness/fixtures/cloudflareIps";

const sorted = (xs: readonly string[]) => [...xs].sort();
const v4List = (entries: string[], maxEntries = 30): CurrentPrefixList => ({
    prefixListId: "pl-00000000000000004",
    family: 4,
    maxEntries,
    entries,
});
const v6List = (entries: string[], maxEntries = 30): CurrentPrefixList => ({
    prefixListId: "pl-00000000000000006",
    family: 6,
    maxEntries,
    entries,
});

describe("parseCloudflareAnswer", () => {
    it("accepts Cloudflare's real answer: 15 IPv4 + 7 IPv6, sorted and normalized, etag kept", () => {
        const ranges = parseCloudflareAnswer(cloudflareIpsAnswer());
        expect(ranges.ipv4).toEqual(sorted(CLOUDFLARE_IPV4_CIDRS));
        expect(ranges.ipv6).toEqual(sorted(CLOUDFLARE_IPV6_CIDRS));
        expect(ranges.etag).toBe(CLOUDFLARE_ETAG);
    });

    it("normalizes IPv6 spellings in the answer", () => {
        const ipv6 = CLOUDFLARE_IPV6_CIDRS.map((c) => (c === "2400:cb00::/32" ? "2400:CB00:0:0::/32" : c));
        expect(parseCloudflareAnswer(cloudflareIpsAnswer({ ipv6 })).ipv6).toEqual(sorted(CLOUDFLARE_IPV6_CIDRS));
    });

    it("documents its floors", () => {
        expect([MIN_IPV4_RANGES, MIN_IPV6_RANGES, MAX_REMOVAL_SHARE, MAX_ENTRIES_PER_MODIFY]).toEqual([
            10, 4, 0.5, 100,
        ]);
        expect(CLOUDFLARE_IPV4_CIDRS.length).toBeGreaterThanOrEqual(MIN_IPV4_RANGES);
        expect(CLOUDFLARE_IPV6_CIDRS.length).toBeGreaterThanOrEqual(MIN_IPV6_RANGES);
    });

    const base = () => cloudflareIpsAnswer();
    it.each<[string, () => unknown, RegExp]>([
        ["a non-object body", () => [1, 2], /not an object/],
        [
            "success false",
            () => ({ ...base(), success: false, errors: [{ code: 10000, message: "Authentication error" }] }),
            /success is false.*Authentication error/,
        ],
        ["success missing", () => ({ result: base().result }), /success is undefined/],
        ["success as a string", () => ({ ...base(), success: "true" }), /success is "true"/],
        ["result null", () => ({ ...base(), result: null }), /result is missing/],
        [
            "ipv4_cidrs missing",
            () => ({ ...base(), result: { ipv6_cidrs: CLOUDFLARE_IPV6_CIDRS } }),
            /ipv4_cidrs is not an array/,
        ],
        [
            "ipv6_cidrs a string",
            () => ({ ...base(), result: { ipv4_cidrs: CLOUDFLARE_IPV4_CIDRS, ipv6_cidrs: "2400:cb00::/32" } }),
            /ipv6_cidrs is not an array/,
        ],
        [
            "a malformed IPv4 CIDR",
            () => cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "104.16.0.0/33"] }),
            /malformed CIDR "104.16.0.0\/33"/,
        ],
        [
            "a non-string entry",
            () => cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, 42 as unknown as string] }),
            /malformed CIDR 42/,
        ],
        [
            "host bits set",
            () => cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "104.16.0.1/13"] }),
            /host bits/,
        ],
        [
            "a malformed IPv6 CIDR",
            () => cloudflareIpsAnswer({ ipv6: [...CLOUDFLARE_IPV6_CIDRS, "2400:cb00::/32;"] }),
            /malformed CIDR/,
        ],
        [
            "IPv4 /0",
            () => cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "0.0.0.0/0"] }),
            /0\.0\.0\.0\/0 is a \/0/,
        ],
        ["IPv6 /0", () => cloudflareIpsAnswer({ ipv6: [...CLOUDFLARE_IPV6_CIDRS, "::/0"] }), /::\/0 is a \/0/],
        [
            "an RFC 1918 range",
            () => cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "10.0.0.0/8"] }),
            /10\.0\.0\.0\/8 overlaps 10\.0\.0\.0\/8, private/,
        ],
        ["CGNAT", () => cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "100.64.0.0/10"] }), /CGNAT/],
        ["IPv6 link-local", () => cloudflareIpsAnswer({ ipv6: [...CLOUDFLARE_IPV6_CIDRS, "fe80::/10"] }), /link-local/],
        [
            "IPv6 documentation",
            () => cloudflareIpsAnswer({ ipv6: [...CLOUDFLARE_IPV6_CIDRS, "2001:db8::/32"] }),
            /documentation/,
        ],
        [
            "an IPv4 range in the IPv6 list",
            () => cloudflareIpsAnswer({ ipv6: [...CLOUDFLARE_IPV6_CIDRS, "173.245.48.0/20"] }),
            /173\.245\.48\.0\/20 is IPv4 but sits in the IPv6 list/,
        ],
        [
            "an IPv6 range in the IPv4 list",
            () => cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "2400:cb00::/32"] }),
            /2400:cb00::\/32 is IPv6 but sits in the IPv4 list/,
        ],
        ["an empty IPv4 list", () => cloudflareIpsAnswer({ ipv4: [] }), /ipv4_cidrs is empty/],
        ["an empty IPv6 list", () => cloudflareIpsAnswer({ ipv6: [] }), /ipv6_cidrs is empty/],
        [
            "9 IPv4 ranges",
            () => cloudflareIpsAnswer({ ipv4: CLOUDFLARE_IPV4_CIDRS.slice(0, 9) }),
            /9 ranges, below the floor of 10 IPv4/,
        ],
        [
            "3 IPv6 ranges",
            () => cloudflareIpsAnswer({ ipv6: CLOUDFLARE_IPV6_CIDRS.slice(0, 3) }),
            /3 ranges, below the floor of 4 IPv6/,
        ],
        [
            "a duplicate after normalization",
            () => cloudflareIpsAnswer({ ipv6: [...CLOUDFLARE_IPV6_CIDRS, "2400:CB00:0::/32"] }),
            /2400:cb00::\/32 appears twice/,
        ],
        [
            "a range wider than /8",
            () => cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "64.0.0.0/3"] }),
            /wider than \/8/,
        ],
    ])("rejects %s", (_name, body, message) => {
        expect(() => parseCloudflareAnswer(body())).toThrow(message);
    });

    it("names every problem of both families in one error", () => {
        const body = cloudflareIpsAnswer({ ipv4: [...CLOUDFLARE_IPV4_CIDRS, "10.0.0.0/8"], ipv6: [] });
        expect(() => parseCloudflareAnswer(body)).toThrow(/10\.0\.0\.0\/8.*ipv6_cidrs is empty/);
    });
});

describe("planPrefixListChange", () => {
    it("plans nothing when the list already matches", () => {
        const plan = planPrefixListChange(v4List(CLOUDFLARE_IPV4_CIDRS), CLOUDFLARE_IPV4_CIDRS);
        expect(planIsEmpty(plan)).toBe(true);
    });

    it("plans nothing when entries differ only in IPv6 spelling", () => {
        const stored = CLOUDFLARE_IPV6_CIDRS.map((c) => c.toUpperCase().replace("::", ":0:0::"));
        expect(planIsEmpty(planPrefixListChange(v6List(stored), CLOUDFLARE_IPV6_CIDRS))).toBe(true);
    });

    it("plans the real 104.16.0.0/12 split as two adds and one remove", () => {
        const plan = planPrefixListChange(v4List(PREVIOUS_CLOUDFLARE_IPV4_CIDRS), CLOUDFLARE_IPV4_CIDRS);
        expect(plan.add).toEqual(["104.16.0.0/13", "104.24.0.0/14"]);
        expect(plan.removeNormalized).toEqual(["104.16.0.0/12"]);
    });

    it("removes entries in the spelling EC2 stores them", () => {
        const stored = [...CLOUDFLARE_IPV6_CIDRS.slice(1), "2001:4860:0:0::/32"];
        const plan = planPrefixListChange(v6List(stored), CLOUDFLARE_IPV6_CIDRS);
        expect(plan.remove).toEqual(["2001:4860:0:0::/32"]);
        expect(plan.removeNormalized).toEqual(["2001:4860::/32"]);
        expect(plan.add).toEqual(["2400:cb00::/32"]);
    });

    it("allows removing exactly half but not more", () => {
        const current = CLOUDFLARE_IPV4_CIDRS.slice(0, 10);
        expect(
            planPrefixListChange(v4List(current), [...current.slice(0, 5), ...CLOUDFLARE_IPV4_CIDRS.slice(10)]).remove,
        ).toHaveLength(5);
        expect(() =>
            planPrefixListChange(v4List(current), [...current.slice(0, 4), ...CLOUDFLARE_IPV4_CIDRS.slice(10)]),
        ).toThrow(/remove 6 of 10 entries, more than 50%/);
    });

    it("refuses a desired set above MaxEntries instead of truncating", () => {
        expect(() => planPrefixListChange(v4List([], 14), CLOUDFLARE_IPV4_CIDRS)).toThrow(
            /publishes 15 IPv4 ranges but MaxEntries is 14.*never truncated/,
        );
    });

    it("refuses junk in the current list", () => {
        expect(() =>
            planPrefixListChange(v4List([...CLOUDFLARE_IPV4_CIDRS, "2400:cb00::/32"]), CLOUDFLARE_IPV4_CIDRS),
        ).toThrow(/current entry 2400:cb00::\/32 is not IPv4/);
        expect(() => planPrefixListChange(v4List(["104.16.0.0/99"]), CLOUDFLARE_IPV4_CIDRS)).toThrow(
            /current entry "104.16.0.0\/99" is malformed/,
        );
    });

    it("refuses desired entries of the wrong family", () => {
        expect(() => planPrefixListChange(v6List(CLOUDFLARE_IPV6_CIDRS), CLOUDFLARE_IPV4_CIDRS)).toThrow(
            /desired entry 173\.245\.48\.0\/20 is not IPv6/,
        );
    });

    it("refuses more than 100 additions (one atomic call cannot hold them)", () => {
        const desired = Array.from({ length: 101 }, (_, i) => `11.${i}.0.0/16`);
        expect(() => planPrefixListChange(v4List([], 200), desired)).toThrow(/101 additions .* exceed 100/);
    });
});

describe("planPrefixListChange properties", () => {
    // A pool of distinct public /24s (11.0.0.0/8 is ordinary unicast space) and IPv6 /32s under 2400::/12.
    const pool = (family: IpFamily) =>
        Array.from({ length: 40 }, (_, i) => (family === 4 ? `11.0.${i}.0/24` : `2400:${(i + 1).toString(16)}00::/32`));
    const scenario = fc
        .constantFrom<IpFamily>(4, 6)
        .chain((family) =>
            fc.tuple(fc.constant(family), fc.subarray(pool(family)), fc.subarray(pool(family)), fc.boolean()),
        );

    it("applying the plan to the current entries yields exactly the desired set; never removes beyond the bound", () => {
        fc.assert(
            fc.property(scenario, ([family, current, desired, upper]) => {
                const stored = upper ? current.map((c) => c.toUpperCase()) : current;
                const list: CurrentPrefixList = {
                    prefixListId: "pl-0123456789abcdef0",
                    family,
                    maxEntries: 40,
                    entries: stored,
                };
                const removals = current.filter((c) => !desired.includes(c)).length;
                if (removals > current.length * MAX_REMOVAL_SHARE) {
                    expect(() => planPrefixListChange(list, desired)).toThrow(/more than 50%/);
                    return;
                }
                const plan = planPrefixListChange(list, desired);
                expect(applyPlan(stored, plan)).toEqual(sorted(desired.map(normalizeCidr)));
                expect(plan.remove.length).toBeLessThanOrEqual(current.length * MAX_REMOVAL_SHARE);
                expect(plan.add.filter((c) => current.includes(c))).toEqual([]); // never re-adds what is there
                expect(plan.remove.every((c) => stored.includes(c))).toBe(true); // removes only stored spellings
                expect(planIsEmpty(plan)).toBe(sorted(current).join() === sorted(desired).join());
            }),
            { numRuns: 500 },
        );
    });

    it("re-planning after applying a plan is a no-op (idempotent sync)", () => {
        fc.assert(
            fc.property(scenario, ([family, current, desired]) => {
                const list: CurrentPrefixList = {
                    prefixListId: "pl-0123456789abcdef0",
                    family,
                    maxEntries: 40,
                    entries: current,
                };
                let plan;
                try {
                    plan = planPrefixListChange(list, desired);
                } catch {
                    return; // refused by the removal bound: covered above
                }
                const after = applyPlan(current, plan);
                expect(planIsEmpty(planPrefixListChange({ ...list, entries: after }, desired))).toBe(true);
            }),
            { numRuns: 300 },
        );
    });
});
