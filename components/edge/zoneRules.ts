/**
 * The zone-wide rules the owning stack deploys, as data (pure: no Pulumi imports). Every value is pinned to the
 * Cloudflare documentation it comes from, so a reviewer can check it without the dashboard.
 */
import { WEBHOOK_ROUTE_PATH } from "./hostnames";

/**
 * Zone settings (setting ID -> value), as the ZoneSetting resource takes them:
 * - ssl "strict": Full (strict), Cloudflare verifies the ALB's (ACM) certificate, so the hop to AWS is authenticated.
 * - min_tls_version "1.2": TLS 1.0/1.1 are deprecated (RFC 8996).
 * - always_use_https "on": plain-HTTP visitors get a 301 to HTTPS at the edge, before Access.
 */
export const ZONE_SETTINGS: ReadonlyArray<{ settingId: string; value: string }> = [
    { settingId: "ssl", value: "strict" },
    { settingId: "min_tls_version", value: "1.2" },
    { settingId: "always_use_https", value: "on" },
];

/**
 * URL normalization (cloudflare.UrlNormalizationSettings, one per zone): the Cloudflare type (RFC 3986 plus `\` to `/`
 * and merged slashes), applied to what Access, the WAF and Workers see AND to what the origin receives ("both").
 * Cloudflare's default, "incoming", normalizes the URL for its own rules and Access but forwards the ORIGINAL URL to
 * the origin (developers.cloudflare.com/rules/normalization/examples: "URL at Cloudflare's network" vs "URL passed to
 * origin server"), so /webhooks/twilio/../../x would be judged by Access as /x and arrive at the ALB as written, where
 * only the webhook Ingress's rule would route it. With "both" the ALB sees the path Access judged.
 */
export const URL_NORMALIZATION = { type: "cloudflare", scope: "both" } as const;

/**
 * The Cloudflare Free Managed Ruleset, "available on all Cloudflare plans" (developers.cloudflare.com/waf/managed-rules/,
 * "Ruleset ID: 77454fe2d30c4220b5701f6fdfb893ba"). Deployed by an `execute` rule in the zone's
 * http_request_firewall_managed entry point ruleset (ruleset-engine/managed-rulesets/deploy-managed-ruleset).
 */
export const FREE_MANAGED_RULESET_ID = "77454fe2d30c4220b5701f6fdfb893ba";

/**
 * Free-plan rate limiting limits (developers.cloudflare.com/waf/rate-limiting-rules/, "Availability"; cloudflare-docs
 * src/content/partials/waf/rate-limiting-availability-by-plan.mdx, Free column): 1 rule, fields in the expression
 * limited to "Path, Verified Bot" (no Host), counting characteristics "IP" only, no custom counting expression, period
 * 10 s, mitigation timeout 10 s. `cf.colo.id` must accompany `ip.src`: counters are per data center.
 * The limit is on fields, not functions: the Rules language's functions reference puts no plan on `starts_with()`
 * (its only plan notes are HMAC validation, Pro and up, and the `matches` operator, Business and up), so the Path
 * field inside `starts_with` is within the Free column. Settled from the docs only: no real API call was made.
 */
export const FREE_PLAN_RATE_LIMIT = {
    period: 10,
    mitigationTimeout: 10,
    characteristics: ["ip.src", "cf.colo.id"],
} as const;

/**
 * The rate-limit expression, derived from the Worker route's path so both cover exactly the same paths: a route path
 * ending in `*` (zero or more of any character) becomes starts_with its prefix, any other an exact match. Path only
 * (the free plan has no Host field), so the one rule covers those paths on every hostname of the zone.
 */
export function webhookRateLimitExpression(routePath: string = WEBHOOK_ROUTE_PATH): string {
    const body = routePath.replace(/\*$/, "");
    if (body.includes("*") || body.includes('"') || !body.startsWith("/"))
        throw new Error(`route path ${routePath} has an infix wildcard or is not a path`);
    return routePath.endsWith("*")
        ? `starts_with(http.request.uri.path, "${body}")`
        : `http.request.uri.path eq "${body}"`;
}

/** Why a requests-per-period value (webhookRateLimitRequests) is refused, or undefined. */
export function rateLimitProblem(requestsPerPeriod: number): string | undefined {
    return Number.isInteger(requestsPerPeriod) && requestsPerPeriod >= 1 && requestsPerPeriod <= 10000
        ? undefined
        : `${requestsPerPeriod} is not an integer from 1 to 10000 (requests per ${FREE_PLAN_RATE_LIMIT.period} s)`;
}

/**
 * Access session durations are Go durations ("300ms", "2h45m"); our config allows hours or minutes only (e.g. 12h, 30m).
 * Why a sessionDuration is refused, or undefined.
 */
export function sessionDurationProblem(duration: string): string | undefined {
    return /^[1-9]\d*(h|m)$/.test(duration) ? undefined : `"${duration}" is not a duration like 12h or 30m`;
}
