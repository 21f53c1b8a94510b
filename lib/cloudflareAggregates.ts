/**
 * The reviewed Cloudflare aggregates the IP sync may add ranges inside (config platform.ipSync.reviewed*Aggregates
 * defaults). Seeded from Cloudflare's list as published on 2026-12-01 (https://www.cloudflare.com/ips-v4 and
 * /ips-v6; the same 15 + 7 ranges as harness/fixtures/cloudflareIps.ts, whose comment names the sources; a test
 * keeps the two equal). A range Cloudflare later publishes outside these is not applied until a person adds it
 * here (or in the stack file) in a reviewed change.
 */
export const REVIEWED_CLOUDFLARE_IPV4_AGGREGATES: readonly string[] = [
    "173.245.48.0/20",
    "103.21.244.0/22",
    "103.22.200.0/22",
    "103.31.4.0/22",
    "141.101.64.0/18",
    "108.162.192.0/18",
    "190.93.240.0/20",
    "188.114.96.0/20",
    "197.234.240.0/22",
    "198.41.128.0/17",
    "162.158.0.0/15",
    "104.16.0.0/13",
    "104.24.0.0/14",
    "172.64.0.0/13",
    "131.0.72.0/22",
];

export const REVIEWED_CLOUDFLARE_IPV6_AGGREGATES: readonly string[] = [
    "2400:cb00::/32",
    "2606:4700::/32",
    "2803:f800::/32",
    "2405:b500::/32",
    "2405:8100::/32",
    "2a06:98c0::/29",
    "2c0f:f248::/32",
];
