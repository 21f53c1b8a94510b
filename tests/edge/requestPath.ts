/**
 * What each hop makes of a request's path, reproduced for tests:
 * - Cloudflare URL normalization (developers.cloudflare.com/rules/normalization/how-it-works): RFC 3986 type: decode
 *   percent-encoded unreserved characters, percent-encode other literal characters (reserved ones stay), upper-case
 *   percent-encodings, remove dot segments (RFC 3986 5.2.4); Cloudflare type: first `\` to `/` and successive slashes
 *   merged. Scope "incoming" normalizes what Access, the WAF and Workers see; "both" also what the origin receives
 *   (rules/normalization/examples, whose table is this model's known-answer test, tests/edge/webhookPath.test.ts).
 * - The AWS Load Balancer Controller v3.5.0 (the pinned chart 3.5.0) turns an Ingress path into ALB path-pattern values
 *   (pkg/ingress/model_build_listener_rules.go buildPathPatterns): Exact `p` -> [p]; Prefix "/" -> ["/*"]; Prefix `p`
 *   -> [p without trailing "/", that + "/*"]. The ALB compares a path-pattern with the request's path, case-sensitive,
 *   `*` any run of characters, `?` exactly one (ELB guide, "Listener rules", path conditions).
 */

export type NormalizationType = "cloudflare" | "rfc3986";
export type NormalizationScope = "none" | "incoming" | "both";
export interface UrlNormalization {
    type: NormalizationType;
    scope: NormalizationScope;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const KEEP = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/;

/** RFC 3986 5.2.4 remove_dot_segments. */
export function removeDotSegments(path: string): string {
    let input = path;
    let output = "";
    while (input.length > 0) {
        if (input.startsWith("../")) input = input.slice(3);
        else if (input.startsWith("./")) input = input.slice(2);
        else if (input.startsWith("/./")) input = input.slice(2);
        else if (input === "/.") input = "/";
        else if (input.startsWith("/../")) {
            input = input.slice(3);
            output = output.slice(0, Math.max(0, output.lastIndexOf("/")));
        } else if (input === "/..") {
            input = "/";
            output = output.slice(0, Math.max(0, output.lastIndexOf("/")));
        } else if (input === "." || input === "..") input = "";
        else {
            const next = input.indexOf("/", input.startsWith("/") ? 1 : 0);
            const segment = next === -1 ? input : input.slice(0, next);
            output += segment;
            input = input.slice(segment.length);
        }
    }
    return output;
}

/** Cloudflare's normalization of a path (no query). */
export function normalizePath(path: string, type: NormalizationType): string {
    let p = type === "cloudflare" ? path.replace(/\\/g, "/").replace(/\/{2,}/g, "/") : path;
    p = p.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => {
        const c = String.fromCharCode(parseInt(hex, 16));
        return UNRESERVED.test(c) ? c : `%${hex.toUpperCase()}`;
    });
    p = [...p]
        .map((c) =>
            KEEP.test(c)
                ? c
                : [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
        )
        .join("");
    return removeDotSegments(p);
}

/** The path Cloudflare's own features (Access, WAF, Workers) judge. */
export const edgePath = (path: string, n: UrlNormalization) =>
    n.scope === "none" ? path : normalizePath(path, n.type);

/** The path the origin (the ALB) receives. */
export const originPath = (path: string, n: UrlNormalization) =>
    n.scope === "both" ? normalizePath(path, n.type) : path;

/** The controller's path-pattern values for one Ingress path. */
export function albPathPatterns(path: string, pathType: string): string[] {
    if (/[*?]/.test(path)) throw new Error(`${pathType} path ${path} has a wildcard (the controller refuses it)`);
    if (pathType === "Exact") return [path];
    if (pathType === "Prefix") return path === "/" ? ["/*"] : [path.replace(/\/$/, ""), `${path.replace(/\/$/, "")}/*`];
    throw new Error(`pathType ${pathType} is not modelled`);
}

/** The ALB's path-pattern match. */
export function albPathMatches(pattern: string, path: string): boolean {
    const re = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
        .join("");
    return new RegExp(`^${re}$`).test(path);
}

export interface AlbRule {
    /** The Ingress it comes from. */
    ingress: string;
    /** alb.ingress.kubernetes.io/group.order (the controller's default 0). */
    order: number;
    patterns: string[];
    /** alb.ingress.kubernetes.io/auth-type. */
    auth: string;
}

interface IngressLike {
    metadata: { name: string; annotations?: Record<string, string> };
    spec: { rules?: { http?: { paths: { path: string; pathType: string }[] } }[] };
}

/** One ALB rule per Ingress path, Exact paths before Prefix ones within an Ingress, Ingresses by group.order. */
export function albRules(ingresses: IngressLike[]): AlbRule[] {
    const rank = (t: string) => (t === "Exact" ? 0 : 1);
    return ingresses
        .flatMap((ing) => {
            const a = ing.metadata.annotations ?? {};
            const paths = (ing.spec.rules ?? []).flatMap((r) => r.http?.paths ?? []);
            return [...paths]
                .sort((x, y) => rank(x.pathType) - rank(y.pathType))
                .map((p) => ({
                    ingress: ing.metadata.name,
                    order: Number(a["alb.ingress.kubernetes.io/group.order"] ?? 0),
                    patterns: albPathPatterns(p.path, p.pathType),
                    auth: a["alb.ingress.kubernetes.io/auth-type"] ?? "none",
                }));
        })
        .sort((x, y) => x.order - y.order);
}

/** The first rule whose path-pattern matches, as the ALB evaluates them (lowest priority number first). */
export const albRuleFor = (rules: AlbRule[], path: string) =>
    rules.find((r) => r.patterns.some((p) => albPathMatches(p, path)));
