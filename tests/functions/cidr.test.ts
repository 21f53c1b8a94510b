import fc from "fast-check";
import { BlockList, isIPv6 } from "node:net";
import {
    cidrContains,
    cidrsOverlap,
    formatIpv6,
    normalizeCidr,
    parseCidr,
    SPECIAL_PURPOSE_RANGES,
    specialPurposeReason,
    tryParseCidr,
} from "../../functions/cidr";
import {
    CLOUDFLARE_IPV4_CIDRS,
    CLOUDFLARE_IPV6_CIDRS,
    PREVIOUS_CLOUDFLARE_IPV4_CIDRS,
} from "../../harness/fixtures/cloudflareIps";

/** WHATWG URL serializes IPv6 hosts per RFC 5952 compression: an independent oracle for formatIpv6. */
const urlCanonical = (address: string): string => new URL(`http://[${address}]`).hostname.slice(1, -1);
const groupsToText = (groups: number[]): string => groups.map((g) => g.toString(16)).join(":");
const bytesOfGroups = (groups: number[]): number[] => groups.flatMap((g) => [g >> 8, g & 0xff]);

/** Groups with frequent zero runs, so "::" placement (ties, single zeros, edges) is exercised. */
const ipv6Groups = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
    minLength: 8,
    maxLength: 8,
});

describe("parseCidr / normalizeCidr", () => {
    it("normalizes RFC 5952 section 4 examples (known answers)", () => {
        // RFC 5952 4.1 leading zeros, 4.2.1 shorten maximally, 4.2.2 no "::" for one group, 4.2.3 longest then first, 4.3 lowercase.
        expect(normalizeCidr("2001:0db8::0001/128")).toBe("2001:db8::1/128");
        expect(normalizeCidr("2001:db8:0:0:0:0:2:1/128")).toBe("2001:db8::2:1/128");
        expect(normalizeCidr("2001:db8:0:1:1:1:1:1/128")).toBe("2001:db8:0:1:1:1:1:1/128");
        expect(normalizeCidr("2001:0:0:1:0:0:0:1/128")).toBe("2001:0:0:1::1/128");
        expect(normalizeCidr("2001:db8:0:0:1:0:0:1/128")).toBe("2001:db8::1:0:0:1/128");
        expect(normalizeCidr("2001:DB8::1/128")).toBe("2001:db8::1/128");
    });

    it("treats the brief's example spellings as one CIDR", () => {
        expect(normalizeCidr("2400:CB00::/32")).toBe("2400:cb00::/32");
        expect(normalizeCidr("2400:cb00:0:0::/32")).toBe("2400:cb00::/32");
        expect(normalizeCidr("2400:cb00:0000:0000:0000:0000:0000:0000/32")).toBe("2400:cb00::/32");
    });

    it("keeps every fixture range as published (they are already canonical)", () => {
        for (const cidr of [...CLOUDFLARE_IPV4_CIDRS, ...CLOUDFLARE_IPV6_CIDRS, ...PREVIOUS_CLOUDFLARE_IPV4_CIDRS]) {
            expect(normalizeCidr(cidr)).toBe(cidr);
        }
    });

    it("parses family, prefix and network bytes", () => {
        expect(parseCidr("104.16.0.0/13")).toEqual({
            family: 4,
            bytes: [104, 16, 0, 0],
            prefixLength: 13,
            text: "104.16.0.0/13",
        });
        const v6 = parseCidr("2a06:98c0::/29");
        expect([v6.family, v6.prefixLength, v6.bytes.slice(0, 4)]).toEqual([6, 29, [0x2a, 0x06, 0x98, 0xc0]]);
        expect(parseCidr("::ffff:198.41.128.0/120").text).toBe("::ffff:c629:8000/120");
    });

    it.each([
        ["", "empty"],
        ["173.245.48.0", "no prefix"],
        ["173.245.48.0/", "empty prefix"],
        ["173.245.48.0/33", "IPv4 prefix above 32"],
        ["173.245.48.0/020", "prefix with leading zero"],
        ["173.245.48.0/-1", "negative prefix"],
        ["173.245.48/20", "three octets"],
        ["173.245.48.0.0/20", "five octets"],
        ["173.245.256.0/20", "octet above 255"],
        ["173.245.048.0/20", "octet with leading zero"],
        [" 173.245.48.0/20", "leading whitespace"],
        ["173.245.48.0/20 ", "trailing whitespace"],
        ["173.245.48.0/20/20", "two slashes"],
        ["0x68.16.0.0/13", "hex octet"],
        ["2400:cb00::/129", "IPv6 prefix above 128"],
        ["2400:cb00::cb00::/32", "two '::'"],
        ["2400:cb00:0:0:0:0:0/32", "seven groups without '::'"],
        ["2400:cb00:0:0:0:0:0:0:0/32", "nine groups"],
        ["2400:cb00:0:0:0:0:0:0::/32", "'::' with eight groups"],
        ["2400:cb000::/32", "five hex digits"],
        ["2400:cg00::/32", "non-hex digit"],
        [":2400:cb00::/32", "leading single colon"],
        ["2400:cb00:::/32", "triple colon"],
        ["fe80::1%eth0/128", "zone identifier"],
        ["1.2.3.4::/32", "IPv4 before '::'"],
        ["not-a-cidr", "garbage"],
        ["x".repeat(100), "too long"],
    ])("rejects %j (%s)", (input) => {
        expect(tryParseCidr(input).ok).toBe(false);
        expect(() => parseCidr(input)).toThrow(/malformed CIDR/);
    });

    it("rejects non-strings", () => {
        for (const input of [undefined, null, 42, {}, ["1.1.1.0/24"]]) expect(tryParseCidr(input).ok).toBe(false);
    });

    it("rejects host bits instead of zeroing them", () => {
        expect(() => parseCidr("104.16.0.1/12")).toThrow(/host bits are set beyond \/12/);
        expect(() => parseCidr("2400:cb00::1/32")).toThrow(/host bits/);
        expect(() => parseCidr("104.20.0.0/13")).toThrow(/host bits/); // 104.20 lies inside 104.16.0.0/13
        expect(parseCidr("104.24.0.0/14").text).toBe("104.24.0.0/14");
    });

    it("property: IPv4 format -> parse round-trips and normalization is idempotent", () => {
        fc.assert(
            fc.property(
                fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
                fc.integer({ min: 0, max: 32 }),
                (bytes, prefix) => {
                    const masked = bytes.map((b, i) => {
                        const keep = Math.max(0, Math.min(8, prefix - i * 8));
                        return b & ((0xff << (8 - keep)) & 0xff);
                    });
                    const text = `${masked.join(".")}/${prefix}`;
                    const parsed = parseCidr(text);
                    expect(parsed.bytes).toEqual(masked);
                    expect(parsed.text).toBe(text);
                    expect(normalizeCidr(parsed.text)).toBe(parsed.text);
                },
            ),
        );
    });

    it("property: formatIpv6 matches the WHATWG URL serializer and node:net accepts it", () => {
        fc.assert(
            fc.property(ipv6Groups, (groups) => {
                const text = formatIpv6(bytesOfGroups(groups));
                expect(text).toBe(urlCanonical(groupsToText(groups)));
                expect(isIPv6(text)).toBe(true);
            }),
        );
    });

    it("property: any spelling of an IPv6 CIDR (case, zero padding, expansion) normalizes to one text, idempotently", () => {
        fc.assert(
            fc.property(
                ipv6Groups,
                fc.integer({ min: 0, max: 128 }),
                fc.boolean(),
                fc.boolean(),
                (groups, prefix, upper, pad) => {
                    const bytes = bytesOfGroups(groups).map((b, i) => {
                        const keep = Math.max(0, Math.min(8, prefix - i * 8));
                        return b & ((0xff << (8 - keep)) & 0xff);
                    });
                    const masked = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
                    let spelled = masked.map((g) => (pad ? g.toString(16).padStart(4, "0") : g.toString(16))).join(":");
                    if (upper) spelled = spelled.toUpperCase();
                    const canonical = `${formatIpv6(bytes)}/${prefix}`;
                    expect(normalizeCidr(`${spelled}/${prefix}`)).toBe(canonical);
                    expect(normalizeCidr(canonical)).toBe(canonical);
                },
            ),
        );
    });

    it("property: the parser accepts an IPv6 address exactly when node:net does (one-character mutations)", () => {
        const alphabet = "0123456789abcdefABCDEF:.g/ ";
        fc.assert(
            fc.property(
                ipv6Groups,
                fc.nat(),
                fc.constantFrom("insert", "delete", "replace"),
                fc.constantFrom(...alphabet.split("")),
                (groups, pos, op, ch) => {
                    const base = formatIpv6(bytesOfGroups(groups));
                    const at = pos % (base.length + 1);
                    const mutated =
                        op === "insert"
                            ? base.slice(0, at) + ch + base.slice(at)
                            : op === "delete"
                              ? base.slice(0, at) + base.slice(at + 1)
                              : base.slice(0, at) + ch + base.slice(at + 1);
                    if (!mutated.includes(":")) return; // our parser routes colon-free text to IPv4
                    expect(tryParseCidr(`${mutated}/128`).ok).toBe(isIPv6(mutated));
                },
            ),
            { numRuns: 2000 },
        );
    });
});

describe("cidrContains / cidrsOverlap", () => {
    it("knows the historic split: 104.16.0.0/12 contains both 104.16.0.0/13 and 104.24.0.0/14", () => {
        const old = parseCidr("104.16.0.0/12");
        expect(cidrContains(old, parseCidr("104.16.0.0/13"))).toBe(true);
        expect(cidrContains(old, parseCidr("104.24.0.0/14"))).toBe(true);
        expect(cidrContains(parseCidr("104.16.0.0/13"), old)).toBe(false);
        expect(cidrsOverlap(parseCidr("104.16.0.0/13"), parseCidr("104.24.0.0/14"))).toBe(false);
        expect(cidrContains(parseCidr("0.0.0.0/0"), parseCidr("::/0"))).toBe(false); // families never mix
    });

    it("property: containment agrees with node:net BlockList on the inner range's first and last address", () => {
        const v4 = fc.tuple(
            fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
            fc.integer({ min: 0, max: 32 }),
        );
        const toCidr = ([bytes, prefix]: [number[], number]) => {
            const masked = bytes.map((b, i) => b & ((0xff << (8 - Math.max(0, Math.min(8, prefix - i * 8)))) & 0xff));
            return parseCidr(`${masked.join(".")}/${prefix}`);
        };
        fc.assert(
            fc.property(v4, v4, (a, b) => {
                const outer = toCidr(a);
                const inner = toCidr(b);
                const list = new BlockList();
                list.addSubnet(outer.bytes.join("."), outer.prefixLength, "ipv4");
                const last = inner.bytes.map(
                    (byte, i) => byte | (0xff >> Math.max(0, Math.min(8, inner.prefixLength - i * 8))),
                );
                const expected = list.check(inner.bytes.join("."), "ipv4") && list.check(last.join("."), "ipv4");
                expect(cidrContains(outer, inner)).toBe(expected);
            }),
        );
    });
});

describe("specialPurposeReason", () => {
    it.each([
        ["0.0.0.0/0", /\/0/],
        ["::/0", /\/0/],
        ["10.0.0.0/8", /RFC 1918/],
        ["10.20.0.0/16", /RFC 1918/],
        ["172.16.0.0/12", /RFC 1918/],
        ["192.168.1.0/24", /RFC 1918/],
        ["127.0.0.0/8", /loopback/],
        ["169.254.0.0/16", /link-local/],
        ["100.64.0.0/10", /CGNAT/],
        ["224.0.0.0/4", /multicast/],
        ["0.0.0.0/8", /this network/],
        ["240.0.0.0/4", /reserved/],
        ["255.255.255.255/32", /reserved/],
        ["192.0.2.0/24", /documentation/],
        ["198.51.100.0/24", /documentation/],
        ["203.0.113.0/24", /documentation/],
        ["198.18.0.0/15", /benchmarking/],
        ["8.0.0.0/5", /RFC 1918/], // wide range that merely contains 10.0.0.0/8
        ["::/128", /unspecified/],
        ["::1/128", /loopback/],
        ["fc00::/7", /unique local/],
        ["fd12:3456::/32", /unique local/],
        ["fe80::/10", /link-local/],
        ["ff00::/8", /multicast/],
        ["2001:db8::/32", /documentation/],
        ["::ffff:0:0/96", /IPv4-mapped/],
        ["2002::/16", /6to4/],
        ["2001::/32", /Teredo/],
        ["4000::/16", /outside IPv6 global unicast/],
    ])("refuses %s", (cidr, reason) => {
        expect(specialPurposeReason(parseCidr(cidr))).toMatch(reason);
    });

    it("accepts every published Cloudflare range", () => {
        for (const cidr of [...CLOUDFLARE_IPV4_CIDRS, ...CLOUDFLARE_IPV6_CIDRS]) {
            expect(specialPurposeReason(parseCidr(cidr))).toBeUndefined();
        }
    });

    it("has a parseable, canonical table", () => {
        for (const range of SPECIAL_PURPOSE_RANGES) expect(normalizeCidr(range.cidr)).toBe(range.cidr);
    });
});
