/**
 * Pure CIDR parsing, normalization and special-purpose range checks for the Cloudflare IP-sync Lambda.
 *
 * No imports on purpose: this module is serialized into the Lambda closure and must stay dependency-free.
 * Addresses are kept as network-order byte arrays (4 or 16 numbers) so IPv4 and IPv6 share one code path.
 */

export type IpFamily = 4 | 6;

export interface Cidr {
    readonly family: IpFamily;
    /** Network address, network byte order: 4 bytes (IPv4) or 16 bytes (IPv6). */
    readonly bytes: readonly number[];
    readonly prefixLength: number;
    /** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6, then "/<prefix>". */
    readonly text: string;
}

export type CidrParseResult =
    { readonly ok: true; readonly cidr: Cidr } | { readonly ok: false; readonly reason: string };

/** Longest legal CIDR is a full IPv6 with embedded IPv4 plus "/128" (49 chars); anything longer is garbage. */
const MAX_CIDR_TEXT_LENGTH = 64;
/** Decimal without leading zeros: "010" is ambiguous (octal in some parsers), so it is malformed here. */
const DECIMAL = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses dotted-quad IPv4 text into 4 bytes, or returns a reason it is malformed. */
function parseIpv4Bytes(text: string): number[] | string {
    const parts = text.split(".");
    if (parts.length !== 4) return `IPv4 address "${text}" must have 4 dot-separated octets`;
    const bytes: number[] = [];
    for (const part of parts) {
        if (!DECIMAL.test(part)) return `IPv4 octet "${part}" is not a decimal number without leading zeros`;
        const value = Number(part);
        if (value > 255) return `IPv4 octet "${part}" is above 255`;
        bytes.push(value);
    }
    return bytes;
}

/** Parses IPv6 text (RFC 4291 section 2.2 forms, including "::" and a trailing dotted IPv4) into 16 bytes. */
function parseIpv6Bytes(text: string): number[] | string {
    if (text.includes("%")) return `IPv6 zone identifiers are not allowed in "${text}"`;
    const halves = text.split("::");
    if (halves.length > 2) return `"::" may appear only once in "${text}"`;
    const toGroups = (half: string, isLastHalf: boolean): number[] | string => {
        if (half === "") return [];
        const groups: number[] = [];
        const pieces = half.split(":");
        for (let i = 0; i < pieces.length; i++) {
            const piece = pieces[i];
            if (isLastHalf && i === pieces.length - 1 && piece.includes(".")) {
                const v4 = parseIpv4Bytes(piece);
                if (typeof v4 === "string") return v4;
                groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
            } else if (HEX_GROUP.test(piece)) {
                groups.push(parseInt(piece, 16));
            } else {
                return `IPv6 group "${piece}" in "${text}" is not 1-4 hex digits`;
            }
        }
        return groups;
    };
    const head = toGroups(halves[0], halves.length === 1);
    if (typeof head === "string") return head;
    let groups: number[];
    if (halves.length === 2) {
        const tail = toGroups(halves[1], true);
        if (typeof tail === "string") return tail;
        // "::" stands for at least one group of zeros (RFC 4291 section 2.2).
        if (head.length + tail.length > 7) return `"${text}" has too many groups for "::"`;
        groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
    } else {
        if (head.length !== 8) return `IPv6 address "${text}" must have 8 groups or use "::"`;
        groups = head;
    }
    const bytes: number[] = [];
    for (const group of groups) bytes.push(group >> 8, group & 0xff);
    return bytes;
}

/** RFC 5952 section 4: lowercase, no leading zeros, the first longest run (>= 2) of zero groups becomes "::". */
export function formatIpv6(bytes: readonly number[]): string {
    if (bytes.length !== 16) throw new Error(`formatIpv6 needs 16 bytes, got ${bytes.length}`);
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
    let bestStart = -1;
    let bestLength = 0;
    for (let i = 0; i < 8;) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(":");
    if (bestLength < 2) return hex(groups);
    return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

function formatAddress(family: IpFamily, bytes: readonly number[]): string {
    return family === 4 ? bytes.join(".") : formatIpv6(bytes);
}

/** True when every bit at or after `prefixLength` is zero. */
function hostBitsAreZero(bytes: readonly number[], prefixLength: number): boolean {
    for (let bit = prefixLength; bit < bytes.length * 8; bit++) {
        if ((bytes[bit >> 3] >> (7 - (bit & 7))) & 1) return false;
    }
    return true;
}

/**
 * Parses "address/prefix". Strict on purpose: the result feeds a firewall allowlist, so anything unusual
 * (whitespace, missing prefix, leading zeros, zone ids, host bits set) is rejected rather than guessed at.
 */
export function tryParseCidr(input: unknown): CidrParseResult {
    if (typeof input !== "string") return { ok: false, reason: `expected a string, got ${typeof input}` };
    if (input.length === 0 || input.length > MAX_CIDR_TEXT_LENGTH) {
        return { ok: false, reason: `length ${input.length} is outside 1..${MAX_CIDR_TEXT_LENGTH}` };
    }
    const slash = input.indexOf("/");
    if (slash < 0 || slash !== input.lastIndexOf("/")) return { ok: false, reason: "expected exactly one '/'" };
    const addressText = input.slice(0, slash);
    const prefixText = input.slice(slash + 1);
    const family: IpFamily = addressText.includes(":") ? 6 : 4;
    const parsed = family === 4 ? parseIpv4Bytes(addressText) : parseIpv6Bytes(addressText);
    if (typeof parsed === "string") return { ok: false, reason: parsed };
    const maxPrefix = family === 4 ? 32 : 128;
    if (!DECIMAL.test(prefixText) || Number(prefixText) > maxPrefix) {
        return { ok: false, reason: `prefix length "${prefixText}" is not a decimal 0..${maxPrefix}` };
    }
    const prefixLength = Number(prefixText);
    if (!hostBitsAreZero(parsed, prefixLength)) {
        // Zeroing them silently would allow a different range than the one the source published.
        return { ok: false, reason: `host bits are set beyond /${prefixLength}` };
    }
    return {
        ok: true,
        cidr: { family, bytes: parsed, prefixLength, text: `${formatAddress(family, parsed)}/${prefixLength}` },
    };
}

/** Parses a CIDR or throws an Error whose message names the input and the reason. */
export function parseCidr(input: unknown): Cidr {
    const result = tryParseCidr(input);
    if (!result.ok) throw new Error(`malformed CIDR ${JSON.stringify(input)}: ${result.reason}`);
    return result.cidr;
}

/** Canonical text of a CIDR ("2400:CB00:0:0::/32" -> "2400:cb00::/32"); throws when malformed. */
export function normalizeCidr(input: string): string {
    return parseCidr(input).text;
}

/** True when `inner` lies entirely inside `outer` (same family, shorter-or-equal prefix, equal leading bits). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
    if (outer.family !== inner.family || outer.prefixLength > inner.prefixLength) return false;
    for (let bit = 0; bit < outer.prefixLength; bit++) {
        const mask = 1 << (7 - (bit & 7));
        if ((outer.bytes[bit >> 3] & mask) !== (inner.bytes[bit >> 3] & mask)) return false;
    }
    return true;
}

/** Two CIDR blocks overlap exactly when one contains the other. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    return cidrContains(a, b) || cidrContains(b, a);
}

export interface SpecialRange {
    readonly cidr: string;
    readonly name: string;
}

/**
 * Blocks that must never be allowlisted on a public ALB. Sources: IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890) plus the RFCs named. Globally reachable anycast entries of those registries (AS112,
 * AMT, PCP/TURN anycast) are not listed; everything outside 2000::/3 is refused separately below.
 */
export const SPECIAL_PURPOSE_RANGES: readonly SpecialRange[] = [
    { cidr: "0.0.0.0/8", name: "'this network' (RFC 791)" },
    { cidr: "10.0.0.0/8", name: "private (RFC 1918)" },
    { cidr: "100.64.0.0/10", name: "shared address space / CGNAT (RFC 6598)" },
    { cidr: "127.0.0.0/8", name: "loopback (RFC 1122)" },
    { cidr: "169.254.0.0/16", name: "link-local (RFC 3927)" },
    { cidr: "172.16.0.0/12", name: "private (RFC 1918)" },
    { cidr: "192.0.0.0/24", name: "IETF protocol assignments (RFC 6890)" },
    { cidr: "192.0.2.0/24", name: "documentation TEST-NET-1 (RFC 5737)" },
    { cidr: "192.88.99.0/24", name: "deprecated 6to4 relay anycast (RFC 7526)" },
    { cidr: "192.168.0.0/16", name: "private (RFC 1918)" },
    { cidr: "198.18.0.0/15", name: "benchmarking (RFC 2544)" },
    { cidr: "198.51.100.0/24", name: "documentation TEST-NET-2 (RFC 5737)" },
    { cidr: "203.0.113.0/24", name: "documentation TEST-NET-3 (RFC 5737)" },
    { cidr: "224.0.0.0/4", name: "multicast (RFC 5771)" },
    { cidr: "240.0.0.0/4", name: "reserved, incl. limited broadcast (RFC 1112, RFC 919)" },
    { cidr: "::/128", name: "unspecified address (RFC 4291)" },
    { cidr: "::1/128", name: "loopback (RFC 4291)" },
    { cidr: "::ffff:0:0/96", name: "IPv4-mapped (RFC 4291)" },
    { cidr: "64:ff9b::/96", name: "IPv4/IPv6 translation (RFC 6052)" },
    { cidr: "64:ff9b:1::/48", name: "local-use IPv4/IPv6 translation (RFC 8215)" },
    { cidr: "100::/64", name: "discard-only (RFC 6666)" },
    { cidr: "2001::/23", name: "IETF protocol assignments incl. Teredo (RFC 2928, RFC 4380)" },
    { cidr: "2001:db8::/32", name: "documentation (RFC 3849)" },
    { cidr: "2002::/16", name: "6to4 (RFC 3056)" },
    { cidr: "3fff::/20", name: "documentation (RFC 9637)" },
    { cidr: "5f00::/16", name: "segment routing SIDs (RFC 9602)" },
    { cidr: "fc00::/7", name: "unique local (RFC 4193)" },
    { cidr: "fe80::/10", name: "link-local (RFC 4291)" },
    { cidr: "fec0::/10", name: "deprecated site-local (RFC 3879)" },
    { cidr: "ff00::/8", name: "multicast (RFC 4291)" },
];

/** IANA allocates global unicast IPv6 only from 2000::/3 (RFC 4291 section 2.4, RFC 3587). */
const IPV6_GLOBAL_UNICAST = "2000::/3";

/**
 * Returns why `cidr` must not be allowlisted (a /0, or overlap with a special-purpose block, or IPv6 outside
 * global unicast), or undefined when it is an ordinary public range. Overlap, not containment, is checked so
 * a wide range that merely includes 10.0.0.0/8 is refused too.
 */
export function specialPurposeReason(cidr: Cidr): string | undefined {
    if (cidr.prefixLength === 0)
        return `${cidr.text} is a /0: it would admit every ${cidr.family === 4 ? "IPv4" : "IPv6"} address`;
    for (const range of SPECIAL_PURPOSE_RANGES) {
        const block = parseCidr(range.cidr);
        if (cidrsOverlap(block, cidr)) return `${cidr.text} overlaps ${range.cidr}, ${range.name}`;
    }
    if (cidr.family === 6 && !cidrContains(parseCidr(IPV6_GLOBAL_UNICAST), cidr)) {
        return `${cidr.text} is outside IPv6 global unicast ${IPV6_GLOBAL_UNICAST}`;
    }
    return undefined;
}
