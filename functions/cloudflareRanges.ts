/**
 * Fetches Cloudflare's published IP ranges (GET /client/v4/ips) and validates them with the pure policy in
 * prefixListDiff.ts. Any transport problem becomes an Error naming the URL and the reason; nothing is retried here
 * because the next scheduled run is the retry, and the failed run must alarm.
 */
import { CloudflareRanges, parseCloudflareAnswer } from "./prefixListDiff";

export const DEFAULT_CLOUDFLARE_IPS_URL = "https://api.cloudflare.com/client/v4/ips";
/** Cloudflare's answer is about 1 KB; anything near this size is not the IP list. */
export const MAX_ANSWER_BYTES = 256 * 1024;

/** Origin and path only: never log credentials or query strings someone may have put in the URL. */
export function describeUrl(url: string): string {
    try {
        const parsed = new URL(url);
        return `${parsed.origin}${parsed.pathname}`;
    } catch {
        return "<unparseable URL>";
    }
}

/** The pinned upstream: the only host and path a real run fetches (Cloudflare API "Cloudflare IP Details"). */
export const PINNED_HOST = "api.cloudflare.com";
export const PINNED_PATH = "/client/v4/ips";

/**
 * Checks the configured URL: exactly https://api.cloudflare.com/client/v4/ips (no other host, port, path, query or
 * credentials), or plain http to a loopback host (the test fakes; nothing listens on a Lambda's loopback). Anything
 * else could let whoever answers choose who reaches the ALB.
 */
export function checkCloudflareIpsUrl(url: string): string {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new Error(`CLOUDFLARE_IPS_URL is not a valid URL: ${JSON.stringify(url.slice(0, 200))}`);
    }
    const loopback = parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost" || parsed.hostname === "[::1]";
    if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
        throw new Error(`CLOUDFLARE_IPS_URL must use https (plain http only to loopback), got ${describeUrl(url)}`);
    }
    if (parsed.protocol === "https:") {
        const pinned =
            parsed.hostname === PINNED_HOST &&
            parsed.port === "" &&
            parsed.pathname === PINNED_PATH &&
            parsed.search === "" &&
            parsed.username === "";
        if (!pinned || parsed.password !== "") {
            throw new Error(
                `CLOUDFLARE_IPS_URL must be https://${PINNED_HOST}${PINNED_PATH} (the upstream host is pinned), got ${describeUrl(url)}`,
            );
        }
    }
    return url;
}

/** Fetches and validates the answer; throws on timeout, network error, non-2xx, oversize, bad JSON or bad content. */
export async function fetchCloudflareRanges(url: string, timeoutMs: number): Promise<CloudflareRanges> {
    const where = describeUrl(url);
    // One signal bounds connect, headers and body: undici applies it until the body is fully read.
    const signal = AbortSignal.timeout(timeoutMs);
    let text: string;
    let status: number;
    try {
        const response = await fetch(url, { signal, redirect: "error", headers: { accept: "application/json" } });
        status = response.status;
        text = await response.text();
    } catch (err) {
        const e = err as Error;
        if (e.name === "TimeoutError" || e.name === "AbortError") {
            throw new Error(`Cloudflare IP list request to ${where} timed out after ${timeoutMs} ms; nothing changed`, {
                cause: err,
            });
        }
        const cause = (e as { cause?: Error }).cause;
        const detail = cause?.message ? `${e.message} (${cause.message})` : e.message;
        throw new Error(`Cloudflare IP list request to ${where} failed: ${detail}; nothing changed`, { cause: err });
    }
    if (status < 200 || status > 299) {
        throw new Error(
            `Cloudflare IP list request to ${where} returned HTTP ${status} (body starts ${JSON.stringify(text.slice(0, 200))}); nothing changed`,
        );
    }
    if (text.length > MAX_ANSWER_BYTES) {
        throw new Error(
            `Cloudflare answer from ${where} is ${text.length} bytes, above ${MAX_ANSWER_BYTES}; nothing changed`,
        );
    }
    let body: unknown;
    try {
        body = JSON.parse(text);
    } catch (err) {
        throw new Error(
            `Cloudflare answer from ${where} is not valid JSON (${(err as Error).message}; body starts ${JSON.stringify(text.slice(0, 200))}); nothing changed`,
            { cause: err },
        );
    }
    return parseCloudflareAnswer(body);
}
