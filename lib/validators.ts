/**
 * Checks for config values that are CIDRs. Each returns a problem (with the fix) or undefined.
 * Office bypass ranges admit people past Access login, so a typo must not widen them: host bits set,
 * a /0, or an address that is not an address are all refused.
 */
import { isIPv4, isIPv6 } from "node:net";

function split(cidr: string): [string, number] | undefined {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
    return m ? [m[1], Number(m[2])] : undefined;
}

/** A dotted IPv4 address as a number (no checks: validate first). */
export function ipv4ToInt(ip: string): number {
    return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function ipv4CidrProblem(cidr: string): string | undefined {
    const parts = split(cidr);
    if (!parts || !isIPv4(parts[0]) || parts[1] > 32) return `"${cidr}" is not an IPv4 CIDR like 203.0.113.0/24`;
    const [ip, len] = parts;
    if (len === 0) return `"${cidr}" admits the whole internet; list your office's own ranges`;
    const hostBits = 32 - len;
    if (ipv4ToInt(ip) % 2 ** hostBits !== 0)
        return `"${cidr}" has host bits set; did you mean the network address of that /${len}?`;
    return undefined;
}

export function ipv6CidrProblem(cidr: string): string | undefined {
    const parts = split(cidr);
    if (!parts || !isIPv6(parts[0]) || parts[1] > 128) return `"${cidr}" is not an IPv6 CIDR like 2001:db8::/48`;
    const [ip, len] = parts;
    if (len === 0) return `"${cidr}" admits the whole internet; list your office's own ranges`;
    if (ip.includes(".")) return `"${cidr}" embeds an IPv4 address; write IPv4 ranges as IPv4 CIDRs`;
    // Expand to 128 bits and check that everything after the prefix is zero.
    const [head, tail = ""] = ip.split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = ip.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
    const bits = groups.map((g) => parseInt(g, 16).toString(2).padStart(16, "0")).join("");
    if (/1/.test(bits.slice(len)))
        return `"${cidr}" has host bits set; did you mean the network address of that /${len}?`;
    return undefined;
}

/** The VPC block: an RFC 1918 IPv4 CIDR of /16 to /20 (room for public and private subnets in 3 AZs). */
export function privateBlockProblem(cidr: string): string | undefined {
    const p = ipv4CidrProblem(cidr);
    if (p) return p;
    const [ip, len] = cidr.split("/");
    const n = ipv4ToInt(ip);
    const inside = (base: string, bits: number) =>
        Math.floor(n / 2 ** (32 - bits)) === Math.floor(ipv4ToInt(base) / 2 ** (32 - bits));
    if (!(inside("10.0.0.0", 8) || inside("172.16.0.0", 12) || inside("192.168.0.0", 16))) {
        return `"${cidr}" is not a private (RFC 1918) block; use e.g. 10.40.0.0/16`;
    }
    if (Number(len) < 16 || Number(len) > 20) return `"${cidr}" is a /${len}; use a /16 to /20`;
    return undefined;
}

const DOMAIN_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A lower-case DNS name without scheme or trailing dot (zones, environment domains, ALB names). */
export function dnsNameProblem(v: string): string | undefined {
    return DOMAIN_RE.test(v)
        ? undefined
        : `"${v}" is not a lower-case DNS name; set it like "osprey-strike.com" (no scheme, no trailing dot)`;
}

/** Cloudflare account and zone IDs: 32 lower-case hex characters. */
export function cloudflareIdProblem(v: string, what: string): string | undefined {
    return /^[0-9a-f]{32}$/.test(v)
        ? undefined
        : `"${v}" is not a ${what} (32 lower-case hex characters, from the Cloudflare dashboard)`;
}

/** A Keycloak server's base URL: https://<host>[:port], no path (realms live at /realms/<realm>). */
export function keycloakUrlProblem(v: string): string | undefined {
    return /^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(v)
        ? undefined
        : `"${v}" is not https://<host>[:port] (no path, no trailing slash)`;
}

/** A GitHub repository as owner/repo: a trust-policy subject, so no wildcards. */
export function githubRepositoryProblem(v: string): string | undefined {
    return /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v) ? undefined : `"${v}" is not owner/repo (no wildcards)`;
}

/** One git branch name: a trust-policy subject, so no wildcards. */
export function gitBranchProblem(v: string): string | undefined {
    return /^[A-Za-z0-9_./-]+$/.test(v) && !v.includes("..") ? undefined : `"${v}" is not a branch name (no wildcards)`;
}

/** A fully qualified stack name, <org>/<project>/<stack>, as a StackReference takes it. */
export function stackNameProblem(v: string): string | undefined {
    return /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v)
        ? undefined
        : `"${v}" is not "<org>/<project>/<stack>"`;
}
