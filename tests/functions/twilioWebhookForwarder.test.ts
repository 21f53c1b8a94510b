/**
 * The bundled `twilio-webhook-fwd` Worker, run in workerd (Miniflare) against a loopback origin. Expected signatures
 * come from Twilio's documentation (harness/fixtures/twilioVectors.ts) or are computed by the twilio package itself.
 */
// twilio-node's webhook module alone: its index also declares the REST client (750 files for tsc to read).
import * as twilio from "twilio/lib/webhooks/webhooks";
import { bundleWorker } from "../../components/edge/workerBundle";
import {
    INBOUND_SMS,
    TEST_ACCESS_CLIENT_ID,
    TEST_ACCESS_CLIENT_SECRET,
    TEST_AUTH_TOKEN,
    TWILIO_DOCS_VECTOR,
    WEBHOOK_URL,
} from "../../harness/fixtures/twilioVectors";
import {
    LoopbackOrigin,
    ORIGIN_REPLY,
    rawRequest,
    startOrigin,
    startWorker,
    testBindings,
    unusedLoopbackUrl,
    waitForLog,
    WorkerUnderTest,
} from "./twilioForwarderHarness";

import { FORM, formBody, parseLikeNode, signForm, signUrlOnly } from "./twilioSigning";

const script = bundleWorker();

describe("bundleWorker", () => {
    it("is one readable ES module with no imports and only the default export", () => {
        expect(script).not.toMatch(/^\s*import\s/m);
        expect(script).not.toMatch(/\brequire\(|node:/);
        expect(script.match(/^export\s/gm)).toHaveLength(1);
        expect(script).toMatch(/export \{\s*\w+ as default\s*\};\s*$/);
        expect(script).toContain("async function handleRequest(request, env)"); // not minified
    });
});

describe("twilio-webhook-fwd in workerd", () => {
    let origin: LoopbackOrigin;
    let worker: WorkerUnderTest;
    const sentSignatures: string[] = [];

    beforeAll(async () => {
        origin = await startOrigin();
        // A base path with a trailing slash: the incoming path is appended to it.
        worker = await startWorker(script, testBindings(`${origin.url}/hooks/`));
    });
    afterAll(async () => {
        await worker?.dispose();
        await origin?.close();
    });
    beforeEach(() => origin.received.splice(0));

    const send = (url: string, init: { method?: string; body?: string; headers?: Record<string, string> }) => {
        const signature = init.headers?.["X-Twilio-Signature"];
        if (signature) sentSignatures.push(signature);
        return worker.mf.dispatchFetch(url, { redirect: "manual", ...init });
    };
    const postForm = (url: string, body: string, signature: string, extra: Record<string, string> = {}) =>
        send(url, {
            method: "POST",
            body,
            headers: { "Content-Type": FORM, "X-Twilio-Signature": signature, ...extra },
        });

    it("forwards a valid form POST with only the allow-listed headers, Access headers overwritten, and returns the origin's answer", async () => {
        const body = formBody(INBOUND_SMS);
        const twilioHeaders = {
            "Content-Type": FORM,
            "X-Twilio-Signature": signForm(WEBHOOK_URL, body),
            "I-Twilio-Idempotency-Token": "test-idempotency-token",
        };
        // What a caller could add to steer the origin or impersonate the ALB's OIDC: none of it may pass.
        const hostile = {
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-For": "203.0.113.7",
            "X-Original-URL": "/admin",
            "X-Rewrite-URL": "/admin",
            "X-HTTP-Method-Override": "DELETE",
            "X-Amzn-Oidc-Data": "forged.jwt.value",
            "X-Amzn-Oidc-Identity": "admin@osprey-strike.com",
            Cookie: "AWSELBAuthSessionCookie-0=forged",
            Authorization: "Bearer forged",
            "User-Agent": "TwilioProxy/1.1",
            "X-Home-Region": "us1",
            "CF-Access-Client-Id": "caller-chosen-id",
            "CF-Access-Client-Secret": "caller-chosen-secret",
        };
        const res = await send(WEBHOOK_URL, { method: "POST", body, headers: { ...twilioHeaders, ...hostile } });

        expect(res.status).toBe(ORIGIN_REPLY.status);
        expect(res.headers.get("X-Origin")).toBe(ORIGIN_REPLY.marker);
        expect(res.headers.get("Content-Type")).toBe(ORIGIN_REPLY.contentType);
        expect(await res.text()).toBe(ORIGIN_REPLY.body);
        expect(origin.received).toHaveLength(1);
        const [seen] = origin.received;
        expect(seen.method).toBe("POST");
        expect(seen.url).toBe("/hooks/twilio/sms?tenant=demo");
        expect(seen.body.equals(Buffer.from(body))).toBe(true);
        for (const [name, value] of Object.entries(twilioHeaders)) expect(seen.headers[name.toLowerCase()]).toBe(value);
        expect(seen.headers["cf-access-client-id"]).toBe(TEST_ACCESS_CLIENT_ID);
        expect(seen.headers["cf-access-client-secret"]).toBe(TEST_ACCESS_CLIENT_SECRET);
        // Besides the allow-list, only what the runtime adds to every subrequest: connection headers, and CF-Worker
        // (the zone a Worker subrequest comes from; Cloudflare docs, "Workers > Runtime APIs > Request", cf-worker header).
        const transport = new Set([
            "host",
            "content-length",
            "connection",
            "accept-encoding",
            "transfer-encoding",
            "cf-worker",
        ]);
        const allowed = new Set([
            ...Object.keys(twilioHeaders).map((h) => h.toLowerCase()),
            "cf-access-client-id",
            "cf-access-client-secret",
        ]);
        expect(Object.keys(seen.headers).filter((h) => !transport.has(h) && !allowed.has(h))).toEqual([]);
    });

    it("accepts Twilio's documented example end to end when the binding holds the docs' Auth Token", async () => {
        const docsToken = { TWILIO_AUTH_TOKEN: TWILIO_DOCS_VECTOR.authToken };
        const docs = await startWorker(script, {
            ...testBindings(origin.url, new URL(TWILIO_DOCS_VECTOR.url).pathname),
            ...docsToken,
        });
        try {
            const body = formBody(Object.entries(TWILIO_DOCS_VECTOR.params));
            const headers = { "Content-Type": FORM, "X-Twilio-Signature": TWILIO_DOCS_VECTOR.signature };
            const ok = await docs.mf.dispatchFetch(TWILIO_DOCS_VECTOR.url, { method: "POST", body, headers });
            expect(ok.status).toBe(200);
            const tampered = await docs.mf.dispatchFetch(TWILIO_DOCS_VECTOR.url, {
                method: "POST",
                body: `${body}0`,
                headers,
            });
            expect(tampered.status).toBe(403);
            expect(origin.received.map((r) => r.url)).toEqual(["/myapp.php?foo=1&bar=2"]);
        } finally {
            await docs.dispose();
        }
    });

    it("forwards a JSON body signed through bodySHA256 (signature over the URL only)", async () => {
        const body = JSON.stringify({ EventType: "onMessageAdded", Body: "Strike ✓", Attributes: "{}" });
        const url = `https://twilio-hook.example.test/twilio/sms?bodySHA256=${twilio.getExpectedBodyHash(body)}`;
        const signature = signUrlOnly(url);
        expect(twilio.validateRequestWithBody(TEST_AUTH_TOKEN, signature, url, body)).toBe(true);
        const headers = { "Content-Type": "application/json", "X-Twilio-Signature": signature };

        const res = await send(url, { method: "POST", body, headers });
        expect(res.status).toBe(200);
        expect(origin.received).toHaveLength(1);
        expect(origin.received[0].body.equals(Buffer.from(body))).toBe(true);

        const tampered = await send(url, { method: "POST", body: body.replace("Strike", "Strife"), headers });
        expect(tampered.status).toBe(403);
        expect(origin.received).toHaveLength(1);
    });

    it.each([
        ["a changed value", (b: string) => b.replace("NumMedia=0", "NumMedia=1")],
        ["an added parameter", (b: string) => `${b}&Extra=1`],
        ["a dropped parameter", (b: string) => b.replace(/&NumMedia=0/, "")],
    ])("refuses a tampered form body (%s) and forwards nothing", async (_label, tamper) => {
        const body = formBody(INBOUND_SMS);
        const res = await postForm(WEBHOOK_URL, tamper(body), signForm(WEBHOOK_URL, body));
        expect(res.status).toBe(403);
        expect(origin.received).toHaveLength(0);
    });

    it("refuses a signature made for another URL, scheme or Auth Token", async () => {
        const body = formBody(INBOUND_SMS);
        const wrong = [
            signForm("https://twilio-hook.example.test/twilio/sms?tenant=other", body),
            signForm(WEBHOOK_URL.replace("https:", "http:"), body),
            signForm(WEBHOOK_URL, body, "another-test-token"),
        ];
        for (const signature of wrong) expect((await postForm(WEBHOOK_URL, body, signature)).status).toBe(403);
        expect(origin.received).toHaveLength(0);
    });

    it("accepts reordered parameters and repeated keys exactly as twilio-node signs them", async () => {
        const signedBody =
            "MediaUrl=https%3A%2F%2Fm.example.test%2Fb&Body=hi&MediaUrl=https%3A%2F%2Fm.example.test%2Fa";
        const signature = signForm(WEBHOOK_URL, signedBody);
        const reordered = "Body=hi&MediaUrl=https%3A%2F%2Fm.example.test%2Fa&MediaUrl=https%3A%2F%2Fm.example.test%2Fb";
        // twilio-node de-duplicates repeated values (new Set) before sorting them, so a duplicate changes nothing...
        const duplicated = `${reordered}&MediaUrl=https%3A%2F%2Fm.example.test%2Fa`;
        // ...but losing one of the values does.
        const lostValue = "Body=hi&MediaUrl=https%3A%2F%2Fm.example.test%2Fa";
        expect(twilio.validateRequest(TEST_AUTH_TOKEN, signature, WEBHOOK_URL, parseLikeNode(duplicated))).toBe(true);
        expect(twilio.validateRequest(TEST_AUTH_TOKEN, signature, WEBHOOK_URL, parseLikeNode(lostValue))).toBe(false);

        expect((await postForm(WEBHOOK_URL, reordered, signature)).status).toBe(200);
        expect((await postForm(WEBHOOK_URL, duplicated, signature)).status).toBe(200);
        expect((await postForm(WEBHOOK_URL, lostValue, signature)).status).toBe(403);
        expect(origin.received.map((r) => r.body.toString())).toEqual([reordered, duplicated]);
    });

    it("accepts a signature over the URL with the explicit default port :443", async () => {
        const body = formBody(INBOUND_SMS);
        const withPort = "https://twilio-hook.example.test:443/twilio/sms?tenant=demo";
        expect(signForm(withPort, body)).not.toBe(signForm(WEBHOOK_URL, body));
        expect((await postForm(WEBHOOK_URL, body, signForm(withPort, body))).status).toBe(200);
        expect((await postForm(withPort, body, signForm(WEBHOOK_URL, body))).status).toBe(200);
    });

    it("accepts a URL with a quote that workerd re-encodes as %27 (RESEARCH.md)", async () => {
        const body = formBody(INBOUND_SMS);
        const path = "/twilio/sms?tenant=o'brien";
        // Through node:http the quote reaches workerd literally; workerd serializes request.url with %27.
        const signed = `http://twilio-hook.example.test${path}`;
        const res = await rawRequest(worker.mf, {
            method: "POST",
            path,
            headers: {
                Host: "twilio-hook.example.test",
                "Content-Type": FORM,
                "X-Twilio-Signature": signForm(signed, body),
            },
            body: Buffer.from(body),
        });
        expect(res.status).toBe(200);
        expect(origin.received.map((r) => r.url)).toEqual(["/hooks/twilio/sms?tenant=o%27brien"]);
    });

    it("forwards a signed GET (signature over the URL only) without a body", async () => {
        const url = "https://twilio-hook.example.test/twilio/sms?CallSid=CA0000&From=%2B15005550006&CallStatus=ringing";
        const res = await send(url, { method: "GET", headers: { "X-Twilio-Signature": signUrlOnly(url) } });
        expect(res.status).toBe(200);
        expect(origin.received).toHaveLength(1);
        expect(origin.received[0]).toMatchObject({ method: "GET", url: `/hooks${url.slice(url.indexOf("/twilio/"))}` });
        expect(origin.received[0].body).toHaveLength(0);
        const otherQuery = url.replace("ringing", "completed");
        const replayed = await send(otherQuery, { method: "GET", headers: { "X-Twilio-Signature": signUrlOnly(url) } });
        expect(replayed.status).toBe(403);
    });

    describe("exactly the webhook path", () => {
        it.each([
            ["a sub-path", "/twilio/sms/admin", 404],
            ["a longer name the route's * also matches", "/twilio/smsX", 404],
            ["a trailing slash", "/twilio/sms/", 404],
            ["a doubled slash", "//twilio/sms", 404],
            ["another case", "/twilio/SMS", 404],
            ["matrix parameters", "/twilio/sms;x=1", 404],
            ["an encoded slash", "/twilio%2Fsms", 400],
            ["an encoded backslash", "/twilio%5Csms", 400],
            ["an encoded dot in a name", "/twilio/sms%2e", 400],
            ["encoded dot segments leaving the path", "/twilio/sms/%2e%2e/%2e%2e/admin", 404],
        ])("refuses %s (%s) with %d, even when signed for it, and forwards nothing", async (_label, path, status) => {
            // A signed GET: no body for the Worker to leave unread when it refuses early.
            const res = await rawRequest(worker.mf, {
                method: "GET",
                path: `${path}?tenant=demo`,
                headers: {
                    Host: "twilio-hook.example.test",
                    "X-Twilio-Signature": signUrlOnly(`http://twilio-hook.example.test${path}?tenant=demo`),
                },
            });
            expect({ status: res.status, forwarded: origin.received.map((r) => r.url) }).toEqual({
                status,
                forwarded: [],
            });
        });

        it("sees dot segments already resolved (workerd's URL parser), so they can only reach the exact path", async () => {
            const body = formBody(INBOUND_SMS);
            const raw = "/twilio/x/../sms?tenant=demo";
            const headers = (url: string) => ({
                Host: "twilio-hook.example.test",
                "Content-Type": FORM,
                "X-Twilio-Signature": signForm(url, body),
            });
            // Signed for the raw spelling: the Worker verifies against the resolved URL, so it refuses.
            const rawSigned = await rawRequest(worker.mf, {
                method: "POST",
                path: raw,
                headers: headers(`http://twilio-hook.example.test${raw}`),
                body: Buffer.from(body),
            });
            expect(rawSigned.status).toBe(403);
            const resolved = await rawRequest(worker.mf, {
                method: "POST",
                path: raw,
                headers: headers("http://twilio-hook.example.test/twilio/sms?tenant=demo"),
                body: Buffer.from(body),
            });
            expect(resolved.status).toBe(200);
            expect(origin.received.map((r) => r.url)).toEqual(["/hooks/twilio/sms?tenant=demo"]);
        });

        it("refuses to start forwarding without a WEBHOOK_PATH binding, or with one holding dot segments", async () => {
            for (const bindings of [
                { ...testBindings(origin.url), WEBHOOK_PATH: "" },
                testBindings(origin.url, "/twilio/../admin"),
            ]) {
                const bad = await startWorker(script, bindings);
                try {
                    const body = formBody(INBOUND_SMS);
                    const res = await bad.mf.dispatchFetch(WEBHOOK_URL, {
                        method: "POST",
                        body,
                        headers: { "Content-Type": FORM, "X-Twilio-Signature": signForm(WEBHOOK_URL, body) },
                    });
                    expect(res.status).toBe(500);
                } finally {
                    await bad.dispose();
                }
            }
            expect(origin.received).toHaveLength(0);
        });
    });

    it.each([
        ["missing", undefined],
        ["empty", ""],
        ["garbage", "not-a-signature"],
    ])("refuses a request whose signature header is %s", async (_label, signature) => {
        const headers: Record<string, string> = { "Content-Type": FORM };
        if (signature !== undefined) headers["X-Twilio-Signature"] = signature;
        const res = await send(WEBHOOK_URL, { method: "POST", body: formBody(INBOUND_SMS), headers });
        expect(res.status).toBe(403);
        expect(origin.received).toHaveLength(0);
    });

    it.each(["PUT", "DELETE", "PATCH", "OPTIONS"])("answers %s with 405 and Allow: GET, POST", async (method) => {
        const body = formBody(INBOUND_SMS);
        const headers = { "X-Twilio-Signature": signForm(WEBHOOK_URL, body) };
        const res = await send(WEBHOOK_URL, { method, body: method === "OPTIONS" ? undefined : body, headers });
        expect(res.status).toBe(405);
        expect(res.headers.get("Allow")).toBe("GET, POST");
        expect(origin.received).toHaveLength(0);
    });

    describe("body size limit (64 KiB)", () => {
        const bodyOfSize = (bytes: number) => `Body=${"x".repeat(bytes - "Body=".length)}`;

        it("refuses a declared Content-Length over the limit before reading, even when signed", async () => {
            const body = bodyOfSize(64 * 1024 + 1);
            // Only the first KiB is sent and the request never ends: a Worker that read before refusing would hang here.
            const res = await rawRequest(worker.mf, {
                leaveUnfinished: true,
                timeoutMs: 3000,
                method: "POST",
                path: "/twilio/sms?tenant=demo",
                headers: {
                    Host: "twilio-hook.example.test",
                    "Content-Type": FORM,
                    "Content-Length": String(body.length),
                    "X-Twilio-Signature": signForm("http://twilio-hook.example.test/twilio/sms?tenant=demo", body),
                },
                body: Buffer.from(body.slice(0, 1024)),
            });
            expect(res.status).toBe(413);
            expect(origin.received).toHaveLength(0);
        });

        it("refuses a chunked body that grows past the limit while being read", async () => {
            const body = bodyOfSize(100_000);
            // undici streams a dispatchFetch body: no Content-Length reaches the Worker, only the read can stop it.
            const res = await postForm(WEBHOOK_URL, body, signForm(WEBHOOK_URL, body));
            expect(res.status).toBe(413);
            expect(origin.received).toHaveLength(0);
        });

        it("forwards a signed body of exactly 64 KiB", async () => {
            const body = bodyOfSize(64 * 1024);
            expect((await postForm(WEBHOOK_URL, body, signForm(WEBHOOK_URL, body))).status).toBe(200);
            expect(origin.received[0].body).toHaveLength(64 * 1024);
        });
    });

    it("answers 502 when the origin is unreachable", async () => {
        const down = await startWorker(script, testBindings(await unusedLoopbackUrl()));
        try {
            const body = formBody(INBOUND_SMS);
            const headers = { "Content-Type": FORM, "X-Twilio-Signature": signForm(WEBHOOK_URL, body) };
            const res = await down.mf.dispatchFetch(WEBHOOK_URL, { method: "POST", body, headers });
            expect(res.status).toBe(502);
            expect(await res.text()).not.toContain(TEST_ACCESS_CLIENT_SECRET);
        } finally {
            await down.dispose();
        }
    });

    it("never writes a secret or a signature to the logs", async () => {
        expect(await waitForLog(worker.logs, "rejected")).toBe(true); // the rejections above were logged...
        const logText = worker.logs.join("");
        for (const secret of [TEST_AUTH_TOKEN, TEST_ACCESS_CLIENT_SECRET, TEST_ACCESS_CLIENT_ID, ...sentSignatures]) {
            expect(logText).not.toContain(secret); // ...without what must stay secret
        }
        expect(sentSignatures.length).toBeGreaterThan(10);
    });
});
