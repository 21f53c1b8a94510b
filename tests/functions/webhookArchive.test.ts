/**
 * The Pulumi webhook receiver as shipped: the CallbackFunction archive stack main serializes, written out and run in a
 * plain node process (harness/lambdaArchive.ts) against the loopback SNS + Secrets Manager fake, with the function's
 * own environment from the plan (its secret's ARN and the alarm topic). Proves the serialized handler is complete and
 * keeps its checks: a signed delivery publishes once, a forged one nothing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHmac } from "node:crypto";
import { invokeArchive, WrittenArchive, writeArchive } from "../../harness/lambdaArchive";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { SnsSecretsFake, startSnsSecretsFake } from "../../harness/fakes/snsSecretsFake";

jest.setTimeout(600_000);

const SECRET = "test-webhook-secret-0123456789abcdefghij";
const BODY = JSON.stringify({
    organization: { name: "acme" },
    projectName: "osprey-strike",
    stackName: "demo",
    deploymentUrl: "https://app.pulumi.com/acme/osprey-strike/demo/deployments/7",
    operation: "update",
    status: "failed",
});
const event = (signature: string) => ({
    requestContext: { http: { method: "POST" } },
    headers: { "pulumi-webhook-signature": signature, "pulumi-webhook-kind": "deployment" },
    body: Buffer.from(BODY).toString("base64"),
    isBase64Encoded: true,
});

let archive: WrittenArchive;
let fake: SnsSecretsFake;
let env: Record<string, string>;

beforeAll(async () => {
    const run = await sharedProgramRun("main");
    const fn = run.resources.find(
        (r) =>
            r.type === "aws:lambda/function:Function" &&
            /WEBHOOK_SECRET_ARN/.test(JSON.stringify(r.inputs.environment)),
    );
    if (!fn) throw new Error("stack main has no webhook receiver");
    archive = writeArchive(fn, fs.mkdtempSync(path.join(os.tmpdir(), "osprey-webhook-")));
    fake = await startSnsSecretsFake();
    fake.setSecret(archive.environment.WEBHOOK_SECRET_ARN, SECRET);
    env = {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKE0000",
        AWS_SECRET_ACCESS_KEY: "fake-secret-for-loopback-tests",
        AWS_ENDPOINT_URL_SNS: fake.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint,
        ...archive.environment,
    };
});
afterAll(async () => {
    await fake?.stop();
});
beforeEach(() => fake.clear());

describe("the serialized webhook receiver", () => {
    it("holds only the serialized handler and no @pulumi code", () => {
        expect(archive.files.map((f) => f.name)).toEqual(["__index.js"]);
        expect(fs.readFileSync(path.join(archive.dir, "__index.js"), "utf8")).not.toMatch(/@pulumi\//);
    });

    it("a delivery signed over its raw bytes: 200 and one message to the plan's alarm topic", async () => {
        const run = await invokeArchive(archive, env, event(createHmac("sha256", SECRET).update(BODY).digest("hex")));
        expect(run.error).toBeUndefined();
        expect((run.result as unknown as { statusCode: number }).statusCode).toBe(200);
        expect(fake.publishes).toHaveLength(1);
        expect(fake.publishes[0].topicArn).toBe(archive.environment.ALARM_TOPIC_ARN);
        expect(fake.publishes[0].message).toMatch(
            /^Runbook: docs\/runbook\.md#stack-update-or-deployment-failed — acme\/osprey-strike\/demo/,
        );
    });

    it("a forged signature: 401 and nothing published", async () => {
        const run = await invokeArchive(
            archive,
            env,
            event(createHmac("sha256", "not-the-secret").update(BODY).digest("hex")),
        );
        expect((run.result as unknown as { statusCode: number }).statusCode).toBe(401);
        expect(fake.publishes).toHaveLength(0);
    });
});
