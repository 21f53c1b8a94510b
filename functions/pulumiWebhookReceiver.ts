/**
 * The receiver of Pulumi Cloud's stack webhooks (components/delivery/driftWatch.ts): verifies each delivery's signature
 * and publishes one short message per failure event to the platform's alarm topic. It runs behind a Lambda function
 * URL with authType NONE (Pulumi Cloud cannot sign SigV4), so the HMAC is the only gate: everything unsigned, wrongly
 * signed, oversized or not a POST is refused and nothing is published.
 *
 * The signature (Pulumi docs, "Pulumi Cloud webhooks", Headers; pulumi/docs content/docs/pulumi-cloud/webhooks):
 * `Pulumi-Webhook-Signature` is "HMAC hex digest of the request payload, using the sha256 hash function and the webhook
 * secret as the HMAC key", set only when the webhook has a secret; `Pulumi-Webhook-Kind` names the event kind
 * (`stack_update`, `stack_preview`, `deployment`, ...). The digest covers the raw bytes, so the body is verified exactly
 * as delivered (function URLs may hand it over base64-encoded: `isBase64Encoded`), and only then parsed.
 *
 * Fail closed, lose nothing: a missing secret or an SNS error answers 5xx (and counts as a Lambda error, which the
 * receiver's alarm watches), so a sender that retries can deliver again; whether Pulumi Cloud retries a failed delivery
 * is not stated in the webhook docs (unverified; its delivery log shows failures and allows a redelivery by hand).
 * Imports: node builtins and @aws-sdk/* only (the Lambda runtime provides the SDK; README.md, Architecture).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";

/** The headers Pulumi Cloud sets on a delivery (Pulumi docs, webhooks, Headers); function URLs lower-case header names. */
export const SIGNATURE_HEADER = "pulumi-webhook-signature";
export const KIND_HEADER = "pulumi-webhook-kind";
/** Largest body accepted, bytes: Pulumi's payloads are a few hundred bytes (the docs' examples); anything far larger is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The runbook section of each message the receiver sends (docs/runbook.md, `## Alarms`; tests/program/alarmRunbook.test.ts
 * holds the runbook to this table). Anchors as GitHub renders the headings.
 */
export const WEBHOOK_RUNBOOK_ANCHORS = {
    drift: "drift-detected",
    preview: "scheduled-preview-failed",
    update: "stack-update-or-deployment-failed",
} as const;
export type WebhookMessageKind = keyof typeof WEBHOOK_RUNBOOK_ANCHORS;

/** The subset of a function URL request (payload format 2.0) the handler reads. */
export interface FunctionUrlRequest {
    requestContext?: { http?: { method?: string } };
    headers?: Record<string, string | undefined>;
    body?: string;
    isBase64Encoded?: boolean;
}
export interface FunctionUrlResponse {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
}

/** Hex HMAC-SHA256 of `body` under `secret`: what Pulumi Cloud sends in Pulumi-Webhook-Signature. */
export function webhookSignature(secret: string, body: Buffer | string): string {
    return createHmac("sha256", secret).update(body).digest("hex");
}

/**
 * Whether `signature` is the hex HMAC of `body`: compared as bytes in constant time (timingSafeEqual). A value that is not
 * 64 hex characters is refused before comparing, so its length leaks nothing about the expected digest.
 */
export function signatureMatches(secret: string, body: Buffer, signature: string | undefined): boolean {
    if (typeof signature !== "string" || !/^[0-9a-fA-F]{64}$/.test(signature)) return false;
    const expected = createHmac("sha256", secret).update(body).digest();
    return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

/** One page: the stack, what happened, where to look, and the runbook section. No field is copied without a check. */
export interface WebhookNotice {
    kind: WebhookMessageKind;
    subject: string;
    message: string;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const safeName = (v: unknown): string => (typeof v === "string" && NAME_RE.test(v) ? v : "(unnamed)");
const safeWord = (v: unknown): string => (typeof v === "string" && /^[a-z_-]{1,40}$/.test(v) ? v : "(unknown)");
/** Only a link into Pulumi Cloud's console is repeated; anything else is left out. */
const safeUrl = (v: unknown): string | undefined =>
    typeof v === "string" && v.length <= 300 && /^https:\/\/app\.pulumi\.com\/[A-Za-z0-9_./-]+$/.test(v)
        ? v
        : undefined;

/**
 * What a verified payload pages about, or undefined for an event that is no failure (the webhook's filters send only
 * failures, so this is a second guard). Payload fields (Pulumi docs, webhooks, Payload examples): stack events carry
 * `kind`, `result`, `isPreview` and `updateUrl`; deployment events `operation`, `status` and `deploymentUrl`; every one
 * `organization.name`, `projectName` and `stackName`. Drift events: the docs show no example payload (unverified): a
 * `Pulumi-Webhook-Kind` naming drift, or a `kind`/`operation` of detect-drift, is read as drift.
 */
export function noticeOf(kindHeader: string | undefined, payload: Record<string, unknown>): WebhookNotice | undefined {
    const org = safeName((payload.organization as { name?: unknown } | undefined)?.name);
    const stack = `${org}/${safeName(payload.projectName)}/${safeName(payload.stackName)}`;
    const header = safeWord(kindHeader);
    const operation = safeWord(payload.operation ?? payload.kind);
    const outcome = safeWord(payload.result ?? payload.status);
    const link = safeUrl(payload.updateUrl) ?? safeUrl(payload.deploymentUrl) ?? safeUrl(payload.driftUrl);
    const isDrift = header.includes("drift") || operation.includes("drift");
    const failed = outcome === "failed";
    let kind: WebhookMessageKind;
    let what: string;
    if (isDrift) {
        kind = "drift";
        what = failed
            ? `drift detection FAILED (${operation}): the stack was not checked`
            : `drift detected (${operation}, ${outcome}): the cloud differs from the stack's state`;
    } else if (!failed) {
        return undefined;
    } else if (payload.isPreview === true || operation === "preview") {
        kind = "preview";
        what = "a preview FAILED: program-time warnings, policy violations or an error stopped it";
    } else {
        kind = "update";
        what = `${header === "deployment" ? "a deployment" : "an operation"} FAILED (${operation})`;
    }
    const subject = `Pulumi ${stack}: ${kind === "drift" ? "drift" : `${kind} failed`}`.slice(0, 100);
    const message = [
        `Runbook: docs/runbook.md#${WEBHOOK_RUNBOOK_ANCHORS[kind]} — ${stack}: ${what}.`,
        `Event: ${header}.`,
        link
            ? `Run: ${link}`
            : "Run: open the stack's Deployments / Drift tab in Pulumi Cloud (the payload named no link).",
    ].join("\n");
    return { kind, subject, message };
}

const json = (statusCode: number, body: Record<string, unknown>): FunctionUrlResponse => ({
    statusCode,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
});

export interface ReceiverDeps {
    /** The webhook secret (read once per container). */
    secret: () => Promise<string>;
    publish: (notice: WebhookNotice) => Promise<void>;
}

/** The request's raw bytes as Pulumi Cloud signed them, or a refusal. */
function rawBody(req: FunctionUrlRequest): Buffer | FunctionUrlResponse {
    if (typeof req.body !== "string" || req.body === "") return json(400, { error: "empty body" });
    // A base64 text decodes to at most 3/4 of its length: refuse before decoding anything larger than the cap allows.
    if (req.body.length > (req.isBase64Encoded ? Math.ceil((MAX_BODY_BYTES * 4) / 3) + 4 : MAX_BODY_BYTES))
        return json(413, { error: "body too large" });
    const raw = req.isBase64Encoded ? Buffer.from(req.body, "base64") : Buffer.from(req.body, "utf8");
    if (raw.length > MAX_BODY_BYTES) return json(413, { error: "body too large" });
    return raw;
}

/** The handler's logic with its two effects injected (the tests drive it through the real handler too). */
export async function receive(req: FunctionUrlRequest, deps: ReceiverDeps): Promise<FunctionUrlResponse> {
    const method = req.requestContext?.http?.method;
    if (method !== "POST") return json(405, { error: "POST only" });
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    const raw = rawBody(req);
    if (!Buffer.isBuffer(raw)) return raw;
    // Fail closed: without its secret the receiver cannot tell a real delivery from a forged one (500: retry later).
    const secret = await deps.secret();
    if (!signatureMatches(secret, raw, headers[SIGNATURE_HEADER])) return json(401, { error: "bad signature" });
    let payload: unknown;
    try {
        payload = JSON.parse(raw.toString("utf8"));
    } catch {
        return json(400, { error: "body is not JSON" });
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload))
        return json(400, { error: "body is not a JSON object" });
    const notice = noticeOf(headers[KIND_HEADER], payload as Record<string, unknown>);
    if (!notice) return json(200, { published: false, reason: "not a failure event" });
    // An SNS error propagates: the function URL answers 5xx and the Errors alarm counts it.
    await deps.publish(notice);
    console.log(JSON.stringify({ event: "pulumi-webhook", kind: notice.kind, published: true }));
    return json(200, { published: true, kind: notice.kind });
}

/**
 * Per-container state on globalThis: the serialized handler (aws.lambda.CallbackFunction) copies captured module
 * variables into its closure, so a cache kept there would not be shared between the functions that use it.
 */
const STATE_KEY = "__ospreyPulumiWebhookReceiver";
interface ReceiverState {
    secret?: Promise<string>;
    sns?: SNSClient;
}
const state = (): ReceiverState => {
    const g = globalThis as unknown as Record<string, ReceiverState | undefined>;
    return (g[STATE_KEY] ??= {});
};

/** Read at cold start (and again after a failed read); the value is never logged. */
function readSecret(): Promise<string> {
    const s = state();
    s.secret ??= (async () => {
        const id = process.env.WEBHOOK_SECRET_ARN;
        if (!id) throw new Error("WEBHOOK_SECRET_ARN is not set");
        const out = await new SecretsManagerClient({ maxAttempts: 3 }).send(
            new GetSecretValueCommand({ SecretId: id }),
        );
        if (typeof out.SecretString !== "string" || out.SecretString.length < 32)
            throw new Error("the webhook secret is missing or shorter than 32 characters");
        return out.SecretString;
    })().catch((e: unknown) => {
        s.secret = undefined;
        throw e;
    });
    return s.secret;
}

async function publishToTopic(notice: WebhookNotice): Promise<void> {
    const topic = process.env.ALARM_TOPIC_ARN;
    if (!topic) throw new Error("ALARM_TOPIC_ARN is not set");
    const s = state();
    s.sns ??= new SNSClient({ maxAttempts: 3 });
    await s.sns.send(new PublishCommand({ TopicArn: topic, Subject: notice.subject, Message: notice.message }));
}

/** For the tests: forget the cached secret and client (a new container). */
export function resetReceiverState(): void {
    delete (globalThis as unknown as Record<string, unknown>)[STATE_KEY];
}

/** The Lambda entry point (function URL, payload format 2.0). */
export async function handler(req: FunctionUrlRequest): Promise<FunctionUrlResponse> {
    try {
        return await receive(req, { secret: readSecret, publish: publishToTopic });
    } catch (e) {
        // Name the failure, never a secret or the payload; rethrow so Lambda counts the error (the function URL answers 502).
        console.error(
            JSON.stringify({
                event: "pulumi-webhook",
                error: e instanceof Error ? e.name : "unknown",
                published: false,
            }),
        );
        throw e;
    }
}
