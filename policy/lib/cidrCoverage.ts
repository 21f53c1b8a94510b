/**
 * How much of the address space a set of CIDRs covers: the union per family (overlaps counted once), as a share of
 * all IPv4 or all IPv6 addresses. "The internet" is judged by coverage, not by spelling: 0.0.0.0/1 + 128.0.0.0/1 is
 * all of IPv4 although neither is a /0. IPv6 ranges inside ::ffff:0:0/96 (IPv4-mapped, RFC 4291 2.5.5.2) count as the
 * IPv4 addresses they map. Blocks the internet cannot reach (private, loopback, link-local) do not count. Pure, no imports: the pack owns it, and the config layer imports it for its validators.
 */

export interface ParsedCidr {
    family: 4 | 6;
    /** First address, as a bigint. */
    start: bigint;
    /** Number of addresses. */
    size: bigint;
}

const V4_SPACE = 1n << 32n;
const V6_SPACE = 1n << 128n;
/** ::ffff:0:0/96 */
const MAPPED_START = 0xffffn << 32n;

/**
 * Default: a set covering more than 1/1024 of a family (a /10 of IPv4: about 4.2 million addresses) counts as the
 * internet. Cloudflare's whole published list is about 1/2800 of IPv4 (15 ranges, ~1.5 million addresses) and far
 * less of IPv6, so the perimeter's own lists pass; an office or an admin's allow-list is thousands of times smaller.
 */
export const DEFAULT_MAX_ADDRESS_SHARE = 1 / 1024;

function parseV4(ip: string): bigint | undefined {
    const parts = ip.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255)) return undefined;
    return parts.reduce((acc, p) => acc * 256n + BigInt(p), 0n);
}

function parseV6(ip: string): bigint | undefined {
    let text = ip.toLowerCase();
    let tail: bigint[] = [];
    const lastColon = text.lastIndexOf(":");
    if (text.slice(lastColon + 1).includes(".")) {
        const v4 = parseV4(text.slice(lastColon + 1));
        if (v4 === undefined) return undefined;
        tail = [v4 >> 16n, v4 & 0xffffn];
        text = text.slice(0, lastColon + 1) + (text.endsWith("::" + text.slice(lastColon + 1)) ? "" : "0");
        text = text.replace(/:0$/, "");
        if (text.endsWith(":") && !text.endsWith("::")) text = text.slice(0, -1);
    }
    const halves = text.split("::");
    if (halves.length > 2) return undefined;
    const group = (s: string) => (s === "" ? [] : s.split(":"));
    const head = group(halves[0]);
    const rest = halves.length === 2 ? group(halves[1]) : [];
    if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
    const fixed = head.length + rest.length + tail.length;
    if (halves.length === 1 ? fixed !== 8 : fixed > 7) return undefined;
    const groups = [
        ...head.map((g) => BigInt(parseInt(g, 16))),
        ...Array(8 - fixed).fill(0n),
        ...rest.map((g) => BigInt(parseInt(g, 16))),
        ...tail,
    ];
    return groups.reduce((acc, g) => (acc << 16n) + g, 0n);
}

/** Parses "a.b.c.d/n" or "x:y::/n"; undefined when it is not a CIDR. Host bits are masked off (the block is what counts). */
export function parseCidrBlock(text: unknown): ParsedCidr | undefined {
    if (typeof text !== "string") return undefined;
    const m = /^([0-9a-fA-F.:]+)\/([0-9]{1,3})$/.exec(text.trim());
    if (!m) return undefined;
    const family = m[1].includes(":") ? 6 : 4;
    const bits = family === 4 ? 32 : 128;
    const len = Number(m[2]);
    if (len > bits) return undefined;
    const addr = family === 4 ? parseV4(m[1]) : parseV6(m[1]);
    if (addr === undefined) return undefined;
    const size = 1n << BigInt(bits - len);
    return { family, start: (addr / size) * size, size };
}

/**
 * Blocks the internet cannot reach (RFC 1918, CGNAT RFC 6598, loopback, link-local, IPv6 unique local and
 * link-local; IANA special-purpose registries): a rule admitting 10.0.0.0/8 admits the VPC's neighbours, not the
 * internet, so they do not count towards coverage.
 */
const NOT_INTERNET = [
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

/** The parts of `blocks` outside every hole (all of one family). */
function subtract(
    blocks: { start: bigint; size: bigint }[],
    holes: { start: bigint; size: bigint }[],
): { start: bigint; size: bigint }[] {
    let pieces = blocks.map((b) => ({ start: b.start, end: b.start + b.size }));
    for (const h of holes) {
        const hEnd = h.start + h.size;
        pieces = pieces.flatMap((p) => {
            if (hEnd <= p.start || h.start >= p.end) return [p];
            const out: { start: bigint; end: bigint }[] = [];
            if (h.start > p.start) out.push({ start: p.start, end: h.start });
            if (hEnd < p.end) out.push({ start: hEnd, end: p.end });
            return out;
        });
    }
    return pieces.map((p) => ({ start: p.start, size: p.end - p.start }));
}

/** Union size of [start, start+size) intervals. */
function unionSize(blocks: { start: bigint; size: bigint }[]): bigint {
    const sorted = [...blocks].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let total = 0n;
    let curStart = -1n;
    let curEnd = -1n;
    for (const b of sorted) {
        const end = b.start + b.size;
        if (b.start > curEnd) {
            if (curEnd > curStart) total += curEnd - curStart;
            curStart = b.start;
            curEnd = end;
        } else if (end > curEnd) curEnd = end;
    }
    if (curEnd > curStart) total += curEnd - curStart;
    return total;
}

export interface Coverage {
    /** Share of all IPv4 addresses covered (0..1), IPv4-mapped IPv6 included. */
    ipv4: number;
    /** Share of all IPv6 addresses covered (0..1). */
    ipv6: number;
    /** Strings that are not CIDRs (ignored in the shares; a rule may report them). */
    unparsed: string[];
}

export function coverageOf(cidrs: readonly unknown[]): Coverage {
    const v4: ParsedCidr[] = [];
    const v6: ParsedCidr[] = [];
    const unparsed: string[] = [];
    for (const c of cidrs) {
        const p = parseCidrBlock(c);
        if (!p) {
            if (typeof c === "string") unparsed.push(c);
            continue;
        }
        if (p.family === 4) v4.push(p);
        else {
            v6.push(p);
            // The part of the block inside ::ffff:0:0/96 maps onto IPv4 addresses.
            const start = p.start > MAPPED_START ? p.start : MAPPED_START;
            const end = p.start + p.size < MAPPED_START + V4_SPACE ? p.start + p.size : MAPPED_START + V4_SPACE;
            if (end > start) v4.push({ family: 4, start: start - MAPPED_START, size: end - start });
        }
    }
    const holes = NOT_INTERNET.map((c) => parseCidrBlock(c) as ParsedCidr);
    const public4 = subtract(
        v4,
        holes.filter((h) => h.family === 4),
    );
    const public6 = subtract(
        v6,
        holes.filter((h) => h.family === 6),
    );
    const share = (n: bigint, space: bigint) => Number((n * 1_000_000_000n) / space) / 1_000_000_000;
    return { ipv4: share(unionSize(public4), V4_SPACE), ipv6: share(unionSize(public6), V6_SPACE), unparsed };
}

/**
 * Why a set of CIDRs counts as the internet (covers more than `maxShare` of IPv4 or of IPv6), or undefined.
 * The message states the share, so "two halves" and "a dozen /4s" read as what they are.
 */
export function internetProblem(
    cidrs: readonly unknown[],
    maxShare: number = DEFAULT_MAX_ADDRESS_SHARE,
): string | undefined {
    const c = coverageOf(cidrs);
    const pct = (x: number) =>
        x >= 0.9995 ? "all" : x >= 0.001 ? `${(x * 100).toFixed(1)}%` : `${(x * 100).toPrecision(2)}%`;
    const limit = `${(maxShare * 100).toPrecision(2)}%`;
    const over = [
        ...(c.ipv4 > maxShare ? [`${pct(c.ipv4)} of IPv4`] : []),
        ...(c.ipv6 > maxShare ? [`${pct(c.ipv6)} of IPv6`] : []),
    ];
    return over.length === 0
        ? undefined
        : `together cover ${over.join(" and ")} (more than ${limit} counts as the whole internet)`;
}
