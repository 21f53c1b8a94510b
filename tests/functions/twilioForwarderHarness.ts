/**
 * Test harness for the `twilio-webhook-fwd` Worker: the bundled script running in workerd (Miniflare), a loopback
 * origin that records what reached it, and a raw HTTP client for requests undici would rewrite (a literal `'`, an
 * explicit Content-Length). Loopback only; every server is closed by its owner.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { Miniflare, NoOpLog } from "miniflare";
import {
    TEST_ACCESS_CLIENT_ID,
    TEST_ACCESS_CLIENT_SECRET,
    TEST_AUTH_TOKEN,
    WEBHOOK_URL,
} from "../../harness/fixtures/twilioVectors";

export interface RecordedRequest {
    method: string;
    /** Path and query exactly as received. */
    url: string;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
}

export type OriginResponder = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LoopbackOrigin {
    /** http://127.0.0.1:<port> */
    readonly url: string;
    readonly received: RecordedRequest[];
    close(): Promise<void>;
}

/** TwiML-like answer with a marker header, so the tests can tell the origin's response was returned unchanged. */
export const ORIGIN_REPLY = { status: 200, contentType: "text/xml", marker: "loopback-origin", body: "<Response/>" };

const defaultResponder: OriginResponder = (_req, res) => {
    res.writeHead(ORIGIN_REPLY.status, { "Content-Type": ORIGIN_REPLY.contentType, "X-Origin": ORIGIN_REPLY.marker });
    res.end(ORIGIN_REPLY.body);
};

export async function startOrigin(respond: OriginResponder = defaultResponder): Promise<LoopbackOrigin> {
    const received: RecordedRequest[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const body = Buffer.concat(chunks);
            received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
            respond(req, res);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        received,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

/** A loopback URL nobody listens on (bound, then released), for the origin-down case. */
export async function unusedLoopbackUrl(): Promise<string> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
}

/** The one path the Worker under test forwards: the fixture webhook URL's. */
export const TEST_WEBHOOK_PATH = new URL(WEBHOOK_URL).pathname;

/** The Worker's five bindings, with the obviously fake test secrets. */
export const testBindings = (originUrl: string, webhookPath: string = TEST_WEBHOOK_PATH) => ({
    WEBHOOK_PATH: webhookPath,
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    ORIGIN_URL: originUrl,
    CF_ACCESS_CLIENT_ID: TEST_ACCESS_CLIENT_ID,
    CF_ACCESS_CLIENT_SECRET: TEST_ACCESS_CLIENT_SECRET,
});

export interface WorkerUnderTest {
    readonly mf: Miniflare;
    /** The Worker's console output (stdout and stderr of workerd), captured so the test run stays quiet. */
    readonly logs: string[];
    dispose(): Promise<void>;
}

export async function startWorker(script: string, bindings: Record<string, string>): Promise<WorkerUnderTest> {
    const logs: string[] = [];
    const mf = new Miniflare({
        modules: true,
        script,
        bindings,
        cf: false, // do not fetch the Request.cf fixture from the internet
        log: new NoOpLog(),
        handleRuntimeStdio(stdout: Readable, stderr: Readable) {
            stdout.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
            stderr.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
        },
    });
    await mf.ready;
    return { mf, logs, dispose: () => mf.dispose() };
}

/** Waits (bounded) until the captured logs contain `text`; workerd's stdio arrives asynchronously. */
export async function waitForLog(logs: string[], text: string, timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (logs.join("").includes(text)) return true;
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return logs.join("").includes(text);
}

export interface RawResponse {
    status: number;
    body: string;
}

/**
 * Sends one request straight to Miniflare's socket with node:http, which keeps the path byte-for-byte and lets the
 * test set Content-Length. The Worker then sees http://<Host header><path>.
 */
export async function rawRequest(
    mf: Miniflare,
    options: {
        method: string;
        path: string;
        headers: Record<string, string>;
        body?: Buffer;
        /** Send the body but never finish it: an answer can then only come from a server that did not wait for it. */
        leaveUnfinished?: boolean;
        timeoutMs?: number;
    },
): Promise<RawResponse> {
    const base = await mf.ready;
    return new Promise<RawResponse>((resolve, reject) => {
        const req = http.request(
            {
                host: base.hostname,
                port: base.port,
                method: options.method,
                path: options.path,
                headers: options.headers,
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (chunk: Buffer) => chunks.push(chunk));
                res.on("end", () => {
                    resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
                    req.destroy();
                });
            },
        );
        req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error("no answer from the Worker in time")));
        req.on("error", reject); // after the answer arrived, a late socket error is ignored (settled promise)
        if (options.leaveUnfinished) req.write(options.body ?? Buffer.alloc(0));
        else req.end(options.body);
    });
}
