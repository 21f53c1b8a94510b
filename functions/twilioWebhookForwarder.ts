/**
 * Cloudflare Worker `twilio-webhook-fwd`. Twilio cannot log in to Cloudflare Access, so this Worker carries its
 * webhooks through Zero Trust with an Access service token. Holding that token makes the Worker a door through
 * the perimeter, so it opens only for requests that carry a valid Twilio signature (X-Twilio-Signature, computed
 * exactly as github.com/twilio/twilio-node lib/webhooks/webhooks.js does). Everything else fails closed: 403 for a bad or missing
 * signature, 405/413 for what Twilio never sends, 500 for a missing binding, and nothing reaches the origin.
 *
 * Runtime: workerd (ES module Worker). Deliberately no imports: WebCrypto, fetch and URL are runtime globals, and the
 * script is bundled as-is by components/edge/workerBundle.ts. The named exports are the pure helpers, for the tests;
 * the bundle exposes only the default export.
 */

/** Worker bindings. All optional at the type level: a missing one must produce a 500, not a crash. */
export interface Env {
    /** Twilio Auth Token: the HMAC key of X-Twilio-Signature (secret). */
    TWILIO_AUTH_TOKEN?: string;
    /** Origin base URL behind Cloudflare Access, e.g. https://api.example.com; the request path+query is appended. */
    ORIGIN_URL?: string;
    /** Cloudflare Access service token id (sent as CF-Access-Client-Id). */
    CF_ACCESS_CLIENT_ID?: string;
    /** Cloudflare Access service token secret (sent as CF-Access-Client-Secret; secret). */
    CF_ACCESS_CLIENT_SECRET?: string;
    /** The one path the Worker forwards, e.g. /webhooks/twilio (components/edge/hostnames.ts TWILIO_WEBHOOK_PATH). */
    WEBHOOK_PATH?: string;
}

/**
 * The only caller headers forwarded: what Twilio sends that the origin needs (its webhook request headers, Twilio docs
 * "Webhooks (HTTP callbacks)": Content-Type, X-Twilio-Signature, I-Twilio-Idempotency-Token). Everything else a caller
 * sends (X-Forwarded-Host, X-Original-URL, X-HTTP-Method-Override, x-amzn-oidc-*, Cookie, Authorization, ...) is
 * dropped; the Worker then adds the two Access service-token headers. Lower case: Headers compares case-insensitively.
 */
const FORWARDED_HEADERS: readonly string[] = ["content-type", "x-twilio-signature", "i-twilio-idempotency-token"];
/** Percent-encoded `/`, `\` and `.`: a path holding one is refused, never decoded into a different path downstream. */
const ENCODED_SEPARATOR = /%(2f|5c|2e)/i;

/** The headers sent to the origin: the allow-listed caller headers, then the Access service token. */
export function forwardedHeaders(incoming: Headers, accessClientId: string, accessClientSecret: string): Headers {
    const out = new Headers();
    for (const name of FORWARDED_HEADERS) {
        const value = incoming.get(name);
        if (value !== null) out.set(name, value);
    }
    out.set("CF-Access-Client-Id", accessClientId);
    out.set("CF-Access-Client-Secret", accessClientSecret);
    return out;
}

/**
 * Why a request path is not the webhook path, or undefined when it is exactly it. The URL parser (workerd, like
 * Cloudflare's edge) has already resolved dot segments and turned `\` into `/`, so what is left to refuse is any other
 * spelling: encoded separators or dots, a trailing slash, a sub-path, doubled slashes, matrix parameters, case.
 */
export function webhookPathProblem(pathname: string, webhookPath: string): string | undefined {
    if (ENCODED_SEPARATOR.test(pathname)) return "an encoded separator or dot in the path";
    if (pathname.split("/").some((segment) => segment === "." || segment === "..")) return "a dot segment in the path";
    if (pathname !== webhookPath) return `a path other than ${webhookPath}`;
    return undefined;
}

/** Twilio webhooks are small form posts; anything bigger is not Twilio and is refused before buffering. */
export const MAX_BODY_BYTES = 64 * 1024;
const SIGNATURE_HEADER = "X-Twilio-Signature";
/** Sent when Twilio signs with a SharedKey (possibly HMAC-SHA256) instead of the Auth Token; see the log hint below. */
const SIGNATURE_SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings";
const ALLOWED_METHODS = ["GET", "POST"];
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const LOG_PREFIX = "twilio-webhook-fwd:";

/** workerd has a constant-time compare on SubtleCrypto (not in @types/node); Node does not. */
type SubtleWithTimingSafeEqual = typeof crypto.subtle & { timingSafeEqual?: (a: Uint8Array, b: Uint8Array) => boolean };

const utf8 = new TextEncoder();

// ---------------------------------------------------------------------------------------------------------------
// Pure signature helpers. Exported as functions only: workerd refuses non-function named exports of a module Worker.
// ---------------------------------------------------------------------------------------------------------------

/** Form parameters in body order; repeated keys appear once per occurrence. */
export type FormParams = ReadonlyArray<readonly [string, string]>;

/** Decodes an application/x-www-form-urlencoded body (bytes, never request.text(): see RESEARCH.md). */
export function parseFormBody(body: Uint8Array): Array<[string, string]> {
    return [...new URLSearchParams(new TextDecoder().decode(body)).entries()];
}

/**
 * The string Twilio signs: the URL, then every key followed by its value, keys in code-unit order. Repeated keys
 * are handled as twilio-node's toFormUrlEncodedParam does: values de-duplicated, sorted, each prefixed by the key.
 */
export function signatureBaseString(url: string, params: FormParams): string {
    const valuesByKey = new Map<string, Set<string>>();
    for (const [key, value] of params) {
        const values = valuesByKey.get(key) ?? new Set<string>();
        values.add(value);
        valuesByKey.set(key, values);
    }
    let data = url;
    for (const key of [...valuesByKey.keys()].sort()) {
        for (const value of [...(valuesByKey.get(key) ?? [])].sort()) data += key + value;
    }
    return data;
}

/** Splits scheme://userinfo@host:port/rest without normalizing (twilio-node splitUrl): new URL() would re-encode. */
function splitUrl(url: string): { scheme: string; userInfo: string; host: string; port: string; rest: string } | null {
    const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
    if (!match) return null;
    const [prefix, scheme, authority] = match;
    const userInfoEnd = authority.lastIndexOf("@");
    const hostAndPort = authority.slice(userInfoEnd + 1);
    // A colon starts the port only after the closing bracket of an IPv6 literal.
    const portStart = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1);
    return {
        scheme,
        userInfo: authority.slice(0, userInfoEnd + 1),
        host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
        port: portStart === -1 ? "" : hostAndPort.slice(portStart),
        rest: url.slice(prefix.length),
    };
}

/** The URL with the scheme's default port added if it has none (twilio-node addPort). */
export function withDefaultPort(url: string): string {
    const parts = splitUrl(url);
    if (!parts || parts.port) return url;
    const port = parts.scheme.toLowerCase() === "https://" ? ":443" : ":80";
    return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

/** The URL without any port (twilio-node removePort). */
export function withoutPort(url: string): string {
    const parts = splitUrl(url);
    return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url;
}

/**
 * URLs Twilio may have signed, given the URL workerd hands us. Twilio signs the URL as configured; workerd serializes
 * request.url the WHATWG way, which percent-encodes a `'` in the query as `%27` (RESEARCH.md). So besides the URL as
 * received we try it with `%27` restored to `'` in the query, each with and without the default port, as twilio-node's
 * validateRequest does (its legacy-querystring fallback covers the same quote case). The signature still has to match
 * an HMAC under the Auth Token, so extra candidates never admit a request Twilio did not sign for this URL.
 */
export function signatureUrlCandidates(requestUrl: string): string[] {
    const queryStart = requestUrl.indexOf("?");
    const restored =
        queryStart === -1
            ? requestUrl
            : requestUrl.slice(0, queryStart) + requestUrl.slice(queryStart).split("%27").join("'");
    const urls = [requestUrl, restored].flatMap((url) => [withoutPort(url), withDefaultPort(url)]);
    return [...new Set(urls)];
}

function base64(bytes: Uint8Array): string {
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
}

/** X-Twilio-Signature for a base string: base64(HMAC-SHA1(authToken, data)), via WebCrypto. */
export async function computeTwilioSignature(authToken: string, data: string): Promise<string> {
    const key = await crypto.subtle.importKey("raw", utf8.encode(authToken), { name: "HMAC", hash: "SHA-1" }, false, [
        "sign",
    ]);
    return base64(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(data))));
}

/** Lower-case hex SHA-256 of the raw body, the form Twilio puts in `bodySHA256`. */
export async function sha256Hex(body: Uint8Array): Promise<string> {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Constant-time string equality. Returning early on a length mismatch leaks nothing: the expected length is fixed
 * by the algorithm (28 base64 chars, 64 hex chars), not by the secret.
 */
export function constantTimeEqual(actual: string, expected: string): boolean {
    const a = utf8.encode(actual);
    const b = utf8.encode(expected);
    if (a.length !== b.length) return false;
    const subtle = crypto.subtle as SubtleWithTimingSafeEqual;
    if (typeof subtle.timingSafeEqual === "function") return subtle.timingSafeEqual(a, b);
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
}

/**
 * True when `signature` is Twilio's signature of this request. With a `bodySHA256` query parameter (JSON webhooks)
 * the signature covers the URL only and the body must hash to that parameter; otherwise the body is read as form
 * parameters, whatever the Content-Type says, so every body byte that can change the meaning is signed.
 */
export async function isValidTwilioRequest(
    authToken: string,
    signature: string,
    requestUrl: string,
    body: Uint8Array,
): Promise<boolean> {
    const bodyHash = new URL(requestUrl).searchParams.get("bodySHA256");
    const params = bodyHash === null ? parseFormBody(body) : [];
    if (bodyHash !== null && !constantTimeEqual(await sha256Hex(body), bodyHash)) return false;
    for (const url of signatureUrlCandidates(requestUrl)) {
        const expected = await computeTwilioSignature(authToken, signatureBaseString(url, params));
        if (constantTimeEqual(signature, expected)) return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Request handling.
// ---------------------------------------------------------------------------------------------------------------

interface ForwarderConfig {
    authToken: string;
    /** ORIGIN_URL without a trailing slash. */
    originBase: string;
    accessClientId: string;
    accessClientSecret: string;
    webhookPath: string;
}

/** Reads the bindings, or names what is wrong (names only: never a value). */
export function readConfig(env: Env): ForwarderConfig | { problem: string } {
    const required = [
        "TWILIO_AUTH_TOKEN",
        "ORIGIN_URL",
        "CF_ACCESS_CLIENT_ID",
        "CF_ACCESS_CLIENT_SECRET",
        "WEBHOOK_PATH",
    ] as const;
    const missing = required.filter((name) => !env[name]);
    if (missing.length > 0) return { problem: `missing binding(s) ${missing.join(", ")}` };
    let origin: URL;
    try {
        origin = new URL(env.ORIGIN_URL as string);
    } catch {
        return { problem: "ORIGIN_URL is not a URL" };
    }
    // The Access secret travels in a header: plain http is allowed only to loopback (tests), never over a network.
    const secureTransport =
        origin.protocol === "https:" || (origin.protocol === "http:" && LOOPBACK_HOSTS.has(origin.hostname));
    if (!secureTransport || origin.search || origin.hash || origin.username || origin.password) {
        return { problem: "ORIGIN_URL must be an https base URL without credentials, query or fragment" };
    }
    const webhookPath = env.WEBHOOK_PATH as string;
    if (!/^(\/[A-Za-z0-9_.-]+)+$/.test(webhookPath) || webhookPath.split("/").some((x) => x === "." || x === ".."))
        return { problem: "WEBHOOK_PATH must be a plain absolute path like /webhooks/twilio" };
    return {
        webhookPath,
        authToken: env.TWILIO_AUTH_TOKEN as string,
        originBase: origin.origin + origin.pathname.replace(/\/+$/, ""),
        accessClientId: env.CF_ACCESS_CLIENT_ID as string,
        accessClientSecret: env.CF_ACCESS_CLIENT_SECRET as string,
    };
}

function plain(status: number, message: string, headers: Record<string, string> = {}): Response {
    return new Response(message + "\n", {
        status,
        headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
    });
}

/** The body, or null once it exceeds `limit` bytes; reads chunk by chunk so a chunked upload cannot grow unbounded. */
async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array | null> {
    if (request.body === null) return new Uint8Array(0);
    const reader = request.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limit) {
            await reader.cancel();
            return null;
        }
        chunks.push(value);
    }
    const body = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return body;
}

export async function handleRequest(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const where = `${request.method} ${url.origin}${url.pathname}`; // no query: it may carry caller data
    const config = readConfig(env);
    if ("problem" in config) {
        console.error(`${LOG_PREFIX} misconfigured, refusing all requests: ${config.problem}`);
        return plain(500, "Webhook forwarder is misconfigured.");
    }
    // The path as request.url spells it (what the signature covers): workerd's URL object may tidy it (e.g. "//").
    const rawPath = request.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/)[0];
    const pathProblem = webhookPathProblem(rawPath, config.webhookPath);
    if (pathProblem !== undefined) {
        console.warn(`${LOG_PREFIX} rejected ${where}: ${pathProblem}`);
        return pathProblem.startsWith("a path other") ? plain(404, "Not found.") : plain(400, "Bad request path.");
    }
    if (!ALLOWED_METHODS.includes(request.method)) {
        return plain(405, "Method not allowed.", { Allow: ALLOWED_METHODS.join(", ") });
    }
    const signature = request.headers.get(SIGNATURE_HEADER);
    if (!signature) {
        console.warn(`${LOG_PREFIX} rejected ${where}: no ${SIGNATURE_HEADER} header`);
        return plain(403, "Forbidden.");
    }
    const declaredLength = request.headers.get("Content-Length");
    // Refuse early on the declared size (a non-number counts as too large); the read below enforces the real one.
    const body =
        declaredLength !== null && !(Number(declaredLength) <= MAX_BODY_BYTES)
            ? null
            : await readBodyWithin(request, MAX_BODY_BYTES);
    if (body === null) {
        console.warn(`${LOG_PREFIX} rejected ${where}: body over ${MAX_BODY_BYTES} bytes`);
        return plain(413, `Payload too large (limit ${MAX_BODY_BYTES} bytes).`);
    }

    if (!(await isValidTwilioRequest(config.authToken, signature, request.url, body))) {
        // A real Twilio request fails here when the webhook URL configured in Twilio differs from the URL we see
        // (scheme, host case, path, query), or when Twilio signed with a SharedKey rather than the Auth Token.
        const sharedKey = request.headers.has(SIGNATURE_SETTINGS_HEADER)
            ? ` (${SIGNATURE_SETTINGS_HEADER} present: only Auth Token HMAC-SHA1 signatures are supported)`
            : "";
        console.warn(`${LOG_PREFIX} rejected ${where}: signature does not match${sharedKey}`);
        return plain(403, "Forbidden.");
    }

    // Allow-list only; Host and Content-Length belong to the new connection and body (the runtime derives both).
    const headers = forwardedHeaders(request.headers, config.accessClientId, config.accessClientSecret);
    try {
        // The path is the configured one, never the caller's; the query is kept (Twilio signs it; bodySHA256 lives there).
        return await fetch(config.originBase + config.webhookPath + url.search, {
            method: request.method,
            headers,
            body: request.method === "GET" ? undefined : body,
            // Never follow: a followed redirect would carry the Access secret to wherever the Location points.
            redirect: "manual",
        });
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        console.error(`${LOG_PREFIX} origin unreachable for ${where}: ${reason}`);
        return plain(502, "Origin unreachable.");
    }
}

export default {
    fetch: handleRequest,
};
