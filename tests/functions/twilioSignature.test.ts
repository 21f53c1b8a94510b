/**
 * The Worker's pure signature helpers (functions/twilioWebhookForwarder.ts), run in Node against twilio-node's own
 * implementation: known-answer vectors from Twilio's docs, then fast-check properties. In Node there is no
 * crypto.subtle.timingSafeEqual, so these runs also cover the manual constant-time loop; the workerd runs in
 * twilioWebhookForwarder.test.ts cover the native one.
 */
import fc from "fast-check";
// twilio-node's webhook module alone: its index also declares the REST client (750 files for tsc to read).
import * as twilio from "twilio/lib/webhooks/webhooks";
import {
    computeTwilioSignature,
    constantTimeEqual,
    FormParams,
    isValidTwilioRequest,
    parseFormBody,
    readConfig,
    webhookPathProblem,
    forwardedHeaders,
    sha256Hex,
    signatureBaseString,
    signatureUrlCandidates,
    withDefaultPort,
    withoutPort,
} from "../../functions/twilioWebhookForwarder";
import { TWILIO_DOCS_VECTOR, TWILIO_PHP_DOCS_VECTOR } from "../../harness/fixtures/twilioVectors";
import { formBody, parseLikeNode } from "./twilioSigning";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Pairs as twilio-node expects them from a body parser: one string per key, or an array for a repeated key. */
function twilioParams(pairs: FormParams): Record<string, string | string[]> {
    const params: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of pairs) {
        const previous = params[key];
        params[key] =
            previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    return params;
}

// Characters that matter to form encoding, plus non-ASCII; keys from a small pool so repeats are common.
const trickyChar = fc.constantFrom("a", "B", "z", "0", " ", "+", "&", "=", "%", "'", "?", "é", "✓", "😀");
const text = fc.oneof(fc.string({ unit: trickyChar, maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 8 }));
const key = fc.oneof(fc.constantFrom("Body", "From", "To", "MediaUrl", "body", "_", "Body0"), text);
const pairs = fc.array(fc.tuple(key, text), { maxLength: 10 });
const token = fc.string({ minLength: 1, maxLength: 40 });
const webhookUrl = fc.webUrl({ validSchemes: ["https", "http"], withQueryParameters: true });

describe("known-answer vectors", () => {
    it.each([TWILIO_DOCS_VECTOR, TWILIO_PHP_DOCS_VECTOR])("reproduces $source", async (vector) => {
        const { authToken, url, signature } = vector;
        const entries = Object.entries(vector.params);
        // The hard-coded value is what twilio-node computes, and what the Worker computes.
        expect(twilio.getExpectedTwilioSignature(authToken, url, { ...vector.params })).toBe(signature);
        expect(twilio.validateRequest(authToken, signature, url, { ...vector.params })).toBe(true);
        expect(await computeTwilioSignature(authToken, signatureBaseString(url, entries))).toBe(signature);
        expect(await isValidTwilioRequest(authToken, signature, url, utf8(formBody(entries)))).toBe(true);
    });

    it("builds the documented base string (URL, then each key and value in key order)", () => {
        expect(signatureBaseString(TWILIO_DOCS_VECTOR.url, Object.entries(TWILIO_DOCS_VECTOR.params).reverse())).toBe(
            "https://mycompany.com/myapp.php?foo=1&bar=2" +
                "CallSidCA1234567890ABCDECaller+14158675310Digits1234From+14158675310To+18005551212",
        );
    });
});

describe("properties against twilio-node", () => {
    it("signs any URL and parameters (repeated keys included) exactly as getExpectedTwilioSignature", async () => {
        await fc.assert(
            fc.asyncProperty(token, webhookUrl, pairs, async (authToken, url, params) => {
                const ours = await computeTwilioSignature(authToken, signatureBaseString(url, params));
                expect(ours).toBe(twilio.getExpectedTwilioSignature(authToken, url, twilioParams(params)));
            }),
        );
    });

    it("accepts every form body twilio-node validates, as a Node back end would parse it", async () => {
        await fc.assert(
            fc.asyncProperty(token, webhookUrl, pairs, async (authToken, url, params) => {
                const body = formBody(params);
                const signature = twilio.getExpectedTwilioSignature(authToken, url, parseLikeNode(body));
                expect(await isValidTwilioRequest(authToken, signature, url, utf8(body))).toBe(true);
            }),
        );
    });

    it("rejects a body with one more parameter, as twilio-node does", async () => {
        await fc.assert(
            fc.asyncProperty(token, webhookUrl, pairs, text, async (authToken, url, params, value) => {
                const body = formBody(params);
                const signature = twilio.getExpectedTwilioSignature(authToken, url, parseLikeNode(body));
                const tampered = formBody([...params, ["InjectedKey", value]]);
                expect(twilio.validateRequest(authToken, signature, url, parseLikeNode(tampered))).toBe(false);
                expect(await isValidTwilioRequest(authToken, signature, url, utf8(tampered))).toBe(false);
            }),
        );
    });

    it("agrees with validateRequest on the port variants and on a different URL", async () => {
        await fc.assert(
            fc.asyncProperty(token, webhookUrl, fc.nat(3), async (authToken, url, variant) => {
                const signedUrl = [url, withDefaultPort(url), withoutPort(url), `${url}x`][variant];
                const signature = twilio.getExpectedTwilioSignature(authToken, signedUrl, {});
                const expected = twilio.validateRequest(authToken, signature, url, {});
                expect(await isValidTwilioRequest(authToken, signature, url, new Uint8Array(0))).toBe(expected);
                expect(expected).toBe(variant !== 3);
            }),
        );
    });

    it("hashes bodies and validates bodySHA256 requests like getExpectedBodyHash/validateRequestWithBody", async () => {
        await fc.assert(
            fc.asyncProperty(token, fc.string({ unit: "grapheme", maxLength: 200 }), async (authToken, body) => {
                const hash = await sha256Hex(utf8(body));
                expect(hash).toBe(twilio.getExpectedBodyHash(body));
                const url = `https://twilio-hook.example.test/twilio/json?bodySHA256=${hash}`;
                const signature = twilio.getExpectedTwilioSignature(authToken, url, {});
                expect(twilio.validateRequestWithBody(authToken, signature, url, body)).toBe(true);
                expect(await isValidTwilioRequest(authToken, signature, url, utf8(body))).toBe(true);
                expect(await isValidTwilioRequest(authToken, signature, url, utf8(`${body} `))).toBe(false);
            }),
        );
    });
});

describe("URL candidates", () => {
    it("adds and removes the default port the way twilio-node does", () => {
        expect(withDefaultPort("https://h.example.test/p?q=1")).toBe("https://h.example.test:443/p?q=1");
        expect(withDefaultPort("http://h.example.test/p")).toBe("http://h.example.test:80/p");
        expect(withDefaultPort("https://h.example.test:8443/p")).toBe("https://h.example.test:8443/p");
        expect(withoutPort("https://h.example.test:443/p?q=1")).toBe("https://h.example.test/p?q=1");
        expect(withoutPort("https://[::1]:443/p")).toBe("https://[::1]/p");
    });

    it("restores a quote workerd encoded in the query, and only in the query", () => {
        expect(signatureUrlCandidates("https://h.example.test/a%27b?t=o%27b")).toEqual([
            "https://h.example.test/a%27b?t=o%27b",
            "https://h.example.test:443/a%27b?t=o%27b",
            "https://h.example.test/a%27b?t=o'b",
            "https://h.example.test:443/a%27b?t=o'b",
        ]);
    });

    // The cases of twilio-node's spec/unit/webhooks/webhooks.spec.js ("query param containing ... single quote").
    it.each([
        ["https://example.com/path?test=param'WithQuote", "https://example.com/path?test=param%27WithQuote"],
        ["https://example.com/path?test=param%27WithQuote", "https://example.com/path?test=param%27WithQuote"],
    ])("accepts a signature over %s on the received URL %s", async (signedUrl, receivedUrl) => {
        const signature = twilio.getExpectedTwilioSignature("test-token", signedUrl, {});
        expect(twilio.validateRequest("test-token", signature, receivedUrl, {})).toBe(true);
        expect(await isValidTwilioRequest("test-token", signature, receivedUrl, new Uint8Array(0))).toBe(true);
    });
});

describe("small helpers", () => {
    it("parses form bodies from bytes, keeping repeated keys in order", () => {
        expect(parseFormBody(utf8("a=1&b=x+y&a=%C3%A9&c"))).toEqual([
            ["a", "1"],
            ["b", "x y"],
            ["a", "é"],
            ["c", ""],
        ]);
    });

    it("compares in constant time only strings of equal length", () => {
        expect(constantTimeEqual("GvWf1cFY/Q7PnoempGyD5oXAezc=", "GvWf1cFY/Q7PnoempGyD5oXAezc=")).toBe(true);
        expect(constantTimeEqual("GvWf1cFY/Q7PnoempGyD5oXAezc=", "GvWf1cFY/Q7PnoempGyD5oXAezd=")).toBe(false);
        expect(constantTimeEqual("GvWf1cFY/Q7PnoempGyD5oXAezc", "GvWf1cFY/Q7PnoempGyD5oXAezc=")).toBe(false);
        expect(constantTimeEqual("", "x")).toBe(false);
    });

    it("judges the path: exactly the webhook path, encoded separators and dot segments refused", () => {
        expect(webhookPathProblem("/webhooks/twilio", "/webhooks/twilio")).toBeUndefined();
        for (const p of [
            "/webhooks/twilio/",
            "/webhooks/twilioX",
            "/webhooks/twilio/sms",
            "/Webhooks/twilio",
            "//webhooks/twilio",
        ]) {
            expect(webhookPathProblem(p, "/webhooks/twilio")).toBe("a path other than /webhooks/twilio");
        }
        for (const p of ["/webhooks%2Ftwilio", "/webhooks%2ftwilio", "/webhooks%5Ctwilio", "/webhooks/%2E%2E/twilio"]) {
            expect(webhookPathProblem(p, "/webhooks/twilio")).toBe("an encoded separator or dot in the path");
        }
        expect(webhookPathProblem("/webhooks/x/../twilio", "/webhooks/twilio")).toBe("a dot segment in the path");
    });

    it("forwards only the allow-listed headers, with the Access token set by the Worker", () => {
        const incoming = new Headers({
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": "sig",
            "I-Twilio-Idempotency-Token": "tok",
            "X-Forwarded-Host": "evil.example",
            "X-Amzn-Oidc-Data": "forged",
            Cookie: "c=1",
            "CF-Access-Client-Id": "caller",
        });
        expect([...forwardedHeaders(incoming, "id", "secret").entries()]).toEqual([
            ["cf-access-client-id", "id"],
            ["cf-access-client-secret", "secret"],
            ["content-type", "application/x-www-form-urlencoded"],
            ["i-twilio-idempotency-token", "tok"],
            ["x-twilio-signature", "sig"],
        ]);
    });

    it("reads the bindings, failing closed with the binding's name but never its value", () => {
        const env = {
            TWILIO_AUTH_TOKEN: "test-token",
            ORIGIN_URL: "https://origin.example.test/hooks/",
            CF_ACCESS_CLIENT_ID: "test-id",
            CF_ACCESS_CLIENT_SECRET: "test-secret",
            WEBHOOK_PATH: "/webhooks/twilio",
        };
        expect(readConfig(env)).toMatchObject({
            originBase: "https://origin.example.test/hooks",
            webhookPath: "/webhooks/twilio",
        });
        for (const WEBHOOK_PATH of [
            "webhooks/twilio",
            "/webhooks/../admin",
            "/webhooks/twilio/",
            "/webhooks/*",
            "/a%2Fb",
        ]) {
            expect(readConfig({ ...env, WEBHOOK_PATH })).toHaveProperty("problem");
        }
        const loopback = "http://127.0.0.1:8080";
        expect(readConfig({ ...env, ORIGIN_URL: loopback })).toMatchObject({ originBase: loopback });
        expect(readConfig({ ...env, CF_ACCESS_CLIENT_SECRET: "" })).toEqual({
            problem: "missing binding(s) CF_ACCESS_CLIENT_SECRET",
        });
        const unsafe = [
            "http://origin.example.test",
            "https://origin.example.test/?a=1",
            "not a url",
            "https://u:p@o.example.test",
        ];
        for (const ORIGIN_URL of unsafe) {
            const result = readConfig({ ...env, ORIGIN_URL });
            expect(result).toHaveProperty("problem");
            expect(JSON.stringify(result)).not.toContain("test-secret");
        }
    });
});
