/**
 * `twilio-webhook-fwd` when something around it is wrong: a missing or unsafe binding (500, nothing forwarded, no
 * secret in the answer) and an origin that redirects (the Access secret must not follow the Location).
 */
import { bundleWorker } from "../../components/edge/workerBundle";
import {
    INBOUND_SMS,
    TEST_ACCESS_CLIENT_ID,
    TEST_ACCESS_CLIENT_SECRET,
    TEST_AUTH_TOKEN,
    WEBHOOK_URL,
} from "../../harness/fixtures/twilioVectors";
import { LoopbackOrigin, startOrigin, startWorker, testBindings, waitForLog } from "./twilioForwarderHarness";
import { FORM, formBody, signForm } from "./twilioSigning";

const script = bundleWorker();

const signedPost = () => {
    const body = formBody(INBOUND_SMS);
    return {
        method: "POST",
        body,
        headers: { "Content-Type": FORM, "X-Twilio-Signature": signForm(WEBHOOK_URL, body) },
    };
};

describe("twilio-webhook-fwd fails closed", () => {
    let origin: LoopbackOrigin;
    beforeAll(async () => {
        origin = await startOrigin();
    });
    afterAll(() => origin?.close());
    beforeEach(() => origin.received.splice(0));

    type Bindings = ReturnType<typeof testBindings>;
    it.each<[string, Partial<Record<keyof Bindings, string>>]>([
        ["no TWILIO_AUTH_TOKEN", { TWILIO_AUTH_TOKEN: undefined }],
        ["an empty CF_ACCESS_CLIENT_SECRET", { CF_ACCESS_CLIENT_SECRET: "" }],
        ["no CF_ACCESS_CLIENT_ID", { CF_ACCESS_CLIENT_ID: undefined }],
        ["no ORIGIN_URL", { ORIGIN_URL: undefined }],
        ["a plain-http, non-loopback ORIGIN_URL", { ORIGIN_URL: "http://origin.example.test" }],
    ])("answers 500 given %s, forwarding nothing and naming no secret", async (_label, override) => {
        const merged: Record<string, string | undefined> = { ...testBindings(origin.url), ...override };
        const present = Object.fromEntries(
            Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined),
        );
        const worker = await startWorker(script, present);
        try {
            const res = await worker.mf.dispatchFetch(WEBHOOK_URL, signedPost());
            expect(res.status).toBe(500);
            const text = await res.text();
            for (const secret of [TEST_AUTH_TOKEN, TEST_ACCESS_CLIENT_SECRET, TEST_ACCESS_CLIENT_ID]) {
                expect(text).not.toContain(secret);
            }
            expect(origin.received).toHaveLength(0);
            expect(await waitForLog(worker.logs, "misconfigured")).toBe(true);
        } finally {
            await worker.dispose();
        }
    });

    it("returns a redirect from the origin instead of following it with the Access secret", async () => {
        const elsewhere = await startOrigin();
        const redirecting = await startOrigin((_req, res) => {
            res.writeHead(302, { Location: `${elsewhere.url}/steal` });
            res.end();
        });
        const worker = await startWorker(script, testBindings(redirecting.url));
        try {
            const res = await worker.mf.dispatchFetch(WEBHOOK_URL, { ...signedPost(), redirect: "manual" });
            expect(res.status).toBe(302);
            expect(redirecting.received).toHaveLength(1);
            expect(elsewhere.received).toHaveLength(0);
        } finally {
            await worker.dispose();
            await redirecting.close();
            await elsewhere.close();
        }
    });
});
