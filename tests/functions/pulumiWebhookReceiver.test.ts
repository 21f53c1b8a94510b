/**
 * The Pulumi webhook receiver's real handler, in node, against a loopback fake of SNS and Secrets Manager
 * (harness/fakes/snsSecretsFake.ts): the real AWS SDK v3 clients pointed at it through AWS_ENDPOINT_URL_SNS and
 * AWS_ENDPOINT_URL_SECRETS_MANAGER. Signatures are computed from the definition in Pulumi's webhook docs (Headers:
 * "HMAC hex digest of the request payload, using the sha256 hash function and the webhook secret as the HMAC key");
 * the docs give no example vector, so the digest function is pinned to RFC 4231's test case 2 instead.
 */
import { createHmac } from "node:crypto";
import {
    FunctionUrlRequest,
    handler,
    MAX_BODY_BYTES,
    noticeOf,
    resetReceiverState,
    signatureMatches,
    WEBHOOK_RUNBOOK_ANCHORS,
    webhookSignature,
} from "../../functions/pulumiWebhookReceiver";
import { SnsSecretsFake, startSnsSecretsFake } from "../../harness/fakes/snsSecretsFake";

const SECRET_ARN =
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:osprey-strike/platform/deployments/webhook-AbCdEf";
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:osprey-sync-alarms-0123abc";
/** A test value, 40 characters like the program's RandomPassword (never a real secret). */
const SECRET = "test-webhook-secret-0123456789abcdefghij";

/** The docs' "Deployment" payload example, with a failed status (Pulumi docs, webhooks, Payload examples). */
const DEPLOYMENT_FAILED = JSON.stringify({
    user: { name: "Morty Smith", githubLogin: "morty", avatarUrl: "https://crazy-adventures.net/morty.png" },
    organization: { name: "crazy-adventures", githubLogin: "crazy-adventures", avatarUrl: "https://x/logo.png" },
    projectName: "osprey-strike",
    stackName: "main",
    deploymentUrl: "https://app.pulumi.com/crazy-adventures/osprey-strike/main/deployments/127",
    version: 127,
    operation: "update",
    status: "failed",
});
/** The docs' "Stack Preview" example as it is (a failed preview). */
const PREVIEW_FAILED = JSON.stringify({
    user: { name: "Morty Smith", githubLogin: "morty", avatarUrl: "https://crazy-adventures.net/morty.png" },
    organization: { name: "crazy-adventures", githubLogin: "crazy-adventures", avatarUrl: "https://x/logo.png" },
    projectName: "website",
    stackName: "website-prod",
    updateUrl:
        "https://app.pulumi.com/crazy-adventures/website/website-prod/previews/11bf162b-d9d5-4715-8f88-20dcd0e0b167",
    kind: "update",
    result: "failed",
    resourceChanges: { update: 3, delete: 1, "update-replace": 2 },
    isPreview: true,
});

const sign = (body: Buffer | string, secret = SECRET) => createHmac("sha256", secret).update(body).digest("hex");
const request = (
    body: string,
    headers: Record<string, string>,
    over: Partial<FunctionUrlRequest> = {},
): FunctionUrlRequest => ({
    requestContext: { http: { method: "POST" } },
    headers: { "content-type": "application/json", ...headers },
    body,
    isBase64Encoded: false,
    ...over,
});
const signed = (body: string, kind = "deployment", over: Partial<FunctionUrlRequest> = {}) =>
    request(body, { "pulumi-webhook-signature": sign(body), "pulumi-webhook-kind": kind }, over);

let fake: SnsSecretsFake;
let savedEnv: NodeJS.ProcessEnv;
let errors: string[];

beforeAll(async () => {
    savedEnv = { ...process.env };
    fake = await startSnsSecretsFake();
    Object.assign(process.env, {
        AWS_ENDPOINT_URL_SNS: fake.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKE0000",
        AWS_SECRET_ACCESS_KEY: "fake-secret-for-loopback-tests",
        WEBHOOK_SECRET_ARN: SECRET_ARN,
        ALARM_TOPIC_ARN: TOPIC_ARN,
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
});
afterAll(async () => {
    process.env = savedEnv;
    await fake.stop();
});
beforeEach(() => {
    fake.clear();
    fake.setSecret(SECRET_ARN, SECRET);
    resetReceiverState();
    errors = [];
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    jest.spyOn(console, "error").mockImplementation((l: unknown) => void errors.push(String(l)));
});
afterEach(() => jest.restoreAllMocks());

describe("the signature (Pulumi docs: hex HMAC-SHA256 of the raw payload, keyed by the webhook secret)", () => {
    it("is HMAC-SHA256 in lower-case hex: RFC 4231 test case 2", () => {
        expect(webhookSignature("Jefe", "what do ya want for nothing?")).toBe(
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        );
    });

    it("matches only the exact bytes, the right key and a 64-hex value (either case)", () => {
        const body = Buffer.from(DEPLOYMENT_FAILED);
        const good = sign(body);
        expect(signatureMatches(SECRET, body, good)).toBe(true);
        expect(signatureMatches(SECRET, body, good.toUpperCase())).toBe(true);
        expect(signatureMatches(SECRET, Buffer.from(DEPLOYMENT_FAILED + " "), good)).toBe(false);
        expect(signatureMatches(SECRET + "x", body, good)).toBe(false);
        expect(signatureMatches(SECRET, body, good.slice(0, 63))).toBe(false);
        expect(signatureMatches(SECRET, body, `sha256=${good}`)).toBe(false);
        expect(signatureMatches(SECRET, body, undefined)).toBe(false);
    });
});

describe("the handler against loopback SNS and Secrets Manager", () => {
    it("a well-signed failed deployment: one message to the alarm topic, with stack, link and runbook section", async () => {
        const res = await handler(signed(DEPLOYMENT_FAILED));
        expect(res.statusCode).toBe(200);
        expect(fake.secretReads).toEqual([SECRET_ARN]);
        expect(fake.publishes).toHaveLength(1);
        const [p] = fake.publishes;
        expect(p.topicArn).toBe(TOPIC_ARN);
        expect(p.subject).toBe("Pulumi crazy-adventures/osprey-strike/main: update failed");
        expect(p.message.split("\n")).toEqual([
            `Runbook: docs/runbook.md#${WEBHOOK_RUNBOOK_ANCHORS.update} — crazy-adventures/osprey-strike/main: a deployment FAILED (update).`,
            "Event: deployment.",
            "Run: https://app.pulumi.com/crazy-adventures/osprey-strike/main/deployments/127",
        ]);
        // Nothing of the payload beyond the checked fields: no user, no secret.
        expect(p.message).not.toMatch(/Morty|morty|avatar|test-webhook-secret/);
    });

    it("the docs' failed-preview example: a scheduled-preview page", async () => {
        const res = await handler(signed(PREVIEW_FAILED, "stack_preview"));
        expect(res.statusCode).toBe(200);
        expect(fake.publishes).toHaveLength(1);
        expect(fake.publishes[0].message).toMatch(
            new RegExp(
                `^Runbook: docs/runbook\\.md#${WEBHOOK_RUNBOOK_ANCHORS.preview} — crazy-adventures/website/website-prod: a preview FAILED`,
            ),
        );
        expect(fake.publishes[0].message).toContain("/previews/11bf162b-d9d5-4715-8f88-20dcd0e0b167");
    });

    it("reads the secret once per container", async () => {
        await handler(signed(DEPLOYMENT_FAILED));
        await handler(signed(PREVIEW_FAILED, "stack_preview"));
        expect(fake.secretReads).toEqual([SECRET_ARN]);
        expect(fake.publishes).toHaveLength(2);
    });

    it("a base64-encoded delivery (function URLs may encode the body) is verified over the decoded bytes", async () => {
        const body = Buffer.from(DEPLOYMENT_FAILED).toString("base64");
        const res = await handler(
            request(
                body,
                { "pulumi-webhook-signature": sign(DEPLOYMENT_FAILED), "pulumi-webhook-kind": "deployment" },
                { isBase64Encoded: true },
            ),
        );
        expect(res.statusCode).toBe(200);
        expect(fake.publishes).toHaveLength(1);
    });

    it.each([
        ["no signature", () => request(DEPLOYMENT_FAILED, { "pulumi-webhook-kind": "deployment" }), 401],
        ["a wrong signature", () => request(DEPLOYMENT_FAILED, { "pulumi-webhook-signature": "0".repeat(64) }), 401],
        [
            "a signature made with another secret",
            () => request(DEPLOYMENT_FAILED, { "pulumi-webhook-signature": sign(DEPLOYMENT_FAILED, SECRET + "!") }),
            401,
        ],
        [
            "a tampered body (signature of the original)",
            () =>
                request(DEPLOYMENT_FAILED.replace('"main"', '"demo"'), {
                    "pulumi-webhook-signature": sign(DEPLOYMENT_FAILED),
                }),
            401,
        ],
        [
            "a base64 body signed over its base64 text instead of its bytes",
            () => {
                const b64 = Buffer.from(DEPLOYMENT_FAILED).toString("base64");
                return request(b64, { "pulumi-webhook-signature": sign(b64) }, { isBase64Encoded: true });
            },
            401,
        ],
        ["a GET", () => signed(DEPLOYMENT_FAILED, "deployment", { requestContext: { http: { method: "GET" } } }), 405],
        [
            "a body over the cap, even well signed",
            () => {
                const big = JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES) });
                return signed(big);
            },
            413,
        ],
        [
            "a base64 body over the cap",
            () => {
                const big = Buffer.from(JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES) }));
                return request(
                    big.toString("base64"),
                    { "pulumi-webhook-signature": sign(big) },
                    { isBase64Encoded: true },
                );
            },
            413,
        ],
        [
            "a body under the cap in characters but over it in bytes (multi-byte UTF-8)",
            () => signed(JSON.stringify({ pad: "é".repeat(MAX_BODY_BYTES / 2) })),
            413,
        ],
        ["an empty body", () => request("", { "pulumi-webhook-signature": sign("") }), 400],
        ["a well-signed body that is not JSON", () => signed("not json"), 400],
    ])("refuses %s, answering 4xx and publishing nothing", async (_what, make, status) => {
        const res = await handler(make());
        expect(res.statusCode).toBe(status);
        expect(fake.publishes).toHaveLength(0);
        expect(res.body).not.toContain(SECRET);
    });

    it("a well-signed success event publishes nothing (the filters send failures only; this is the second guard)", async () => {
        const ok = DEPLOYMENT_FAILED.replace('"status":"failed"', '"status":"succeeded"');
        const res = await handler(signed(ok));
        expect(res.statusCode).toBe(200);
        expect(fake.publishes).toHaveLength(0);
    });

    it("an SNS failure is an error (the function URL answers 5xx, the Errors alarm counts it), not a silent 200", async () => {
        fake.failPublish(500, "InternalError", 5);
        await expect(handler(signed(DEPLOYMENT_FAILED))).rejects.toThrow();
        expect(fake.publishes).toHaveLength(0);
        expect(errors.join("\n")).toMatch(/"published":false/);
        expect(errors.join("\n")).not.toContain(SECRET);
    });

    it("fails closed without its secret: an error, nothing published, and the next request reads it again", async () => {
        fake.setSecret(SECRET_ARN, "short");
        await expect(handler(signed(DEPLOYMENT_FAILED))).rejects.toThrow(/shorter than 32/);
        expect(fake.publishes).toHaveLength(0);
        fake.setSecret(SECRET_ARN, SECRET);
        expect((await handler(signed(DEPLOYMENT_FAILED))).statusCode).toBe(200);
        expect(fake.secretReads).toEqual([SECRET_ARN, SECRET_ARN]);
    });
});

describe("noticeOf: what a verified payload pages about", () => {
    const base = { organization: { name: "acme" }, projectName: "osprey-strike", stackName: "demo" };

    it("drift events page as drift, whatever their outcome; a failed detection says the stack was not checked", () => {
        expect(noticeOf("drift_detection", { ...base, kind: "detect-drift", result: "succeeded" })?.kind).toBe("drift");
        expect(noticeOf("stack_update", { ...base, operation: "detect-drift", status: "failed" })?.message).toMatch(
            /drift detection FAILED \(detect-drift\): the stack was not checked/,
        );
    });

    it("repeats no unchecked field: odd names, foreign links and free text are replaced", () => {
        const n = noticeOf("deployment", {
            organization: { name: "acme\nRunbook: evil" },
            projectName: "<script>",
            stackName: "main",
            operation: "update",
            status: "failed",
            deploymentUrl: "https://evil.example/phish",
        })!;
        expect(n.message).toContain("(unnamed)/(unnamed)/main");
        expect(n.message).not.toMatch(/evil|script/);
        expect(n.message).toMatch(/payload named no link/);
    });

    it("every message kind has a runbook anchor, and each anchor is distinct", () => {
        const anchors = Object.values(WEBHOOK_RUNBOOK_ANCHORS);
        expect(new Set(anchors).size).toBe(anchors.length);
        for (const a of anchors) expect(a).toMatch(/^[a-z0-9-]+$/);
    });
});
