/**
 * Loopback fake of the two AWS APIs the Pulumi webhook receiver calls: SNS Publish (the Query protocol the SDK v3 client
 * uses: POST form-encoded Action=Publish, Version=2010-03-31; an XML PublishResponse, errors as ErrorResponse/Error with
 * HTTP 4xx/5xx, SNS API reference "Publish" and "Common Errors") and Secrets Manager GetSecretValue (JSON 1.1,
 * X-Amz-Target secretsmanager.GetSecretValue; errors as {"__type", "message"}). One server answers both; point the
 * SDK at it with AWS_ENDPOINT_URL_SNS and AWS_ENDPOINT_URL_SECRETS_MANAGER. Signatures are not verified. Every call is
 * recorded. No jest globals.
 */
import { randomUUID } from "node:crypto";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";

export interface FakePublish {
    topicArn: string;
    subject?: string;
    message: string;
}

export interface SnsSecretsFake {
    readonly endpoint: string;
    readonly publishes: readonly FakePublish[];
    /** Secret reads, by SecretId. */
    readonly secretReads: readonly string[];
    setSecret(id: string, value: string): void;
    /** The next `times` Publish calls fail with this HTTP status and SNS error code. */
    failPublish(status: number, code: string, times?: number): void;
    clear(): void;
    stop(): Promise<void>;
}

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function startSnsSecretsFake(): Promise<SnsSecretsFake> {
    const publishes: FakePublish[] = [];
    const secretReads: string[] = [];
    const secrets = new Map<string, string>();
    let publishFailure: { status: number; code: string; times: number } | undefined;

    const answer = (res: ServerResponse, status: number, type: string, body: string) => {
        res.writeHead(status, { "content-type": type, "x-amzn-requestid": randomUUID() });
        res.end(body);
    };
    const handle = (req: IncomingMessage, body: string, res: ServerResponse) => {
        const target = req.headers["x-amz-target"];
        if (target === "secretsmanager.GetSecretValue") {
            const { SecretId } = JSON.parse(body) as { SecretId: string };
            secretReads.push(SecretId);
            const value = secrets.get(SecretId);
            if (value === undefined)
                return answer(
                    res,
                    400,
                    "application/x-amz-json-1.1",
                    JSON.stringify({
                        __type: "ResourceNotFoundException",
                        message: "Secrets Manager can't find the specified secret.",
                    }),
                );
            return answer(
                res,
                200,
                "application/x-amz-json-1.1",
                JSON.stringify({ ARN: SecretId, Name: SecretId, SecretString: value, VersionId: randomUUID() }),
            );
        }
        const form = new URLSearchParams(body);
        if (form.get("Action") !== "Publish")
            return answer(
                res,
                400,
                "text/xml",
                `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>fake: ${xmlEscape(String(form.get("Action")))}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
            );
        if (publishFailure && publishFailure.times > 0) {
            publishFailure.times -= 1;
            return answer(
                res,
                publishFailure.status,
                "text/xml",
                `<ErrorResponse><Error><Type>${publishFailure.status >= 500 ? "Receiver" : "Sender"}</Type><Code>${publishFailure.code}</Code><Message>injected</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
            );
        }
        publishes.push({
            topicArn: String(form.get("TopicArn")),
            subject: form.get("Subject") ?? undefined,
            message: String(form.get("Message")),
        });
        return answer(
            res,
            200,
            "text/xml",
            `<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
        );
    };

    const server: Server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => handle(req, Buffer.concat(chunks).toString("utf8"), res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        publishes,
        secretReads,
        setSecret: (id, value) => void secrets.set(id, value),
        failPublish: (status, code, times = 1) => void (publishFailure = { status, code, times }),
        clear: () => {
            publishes.length = 0;
            secretReads.length = 0;
            publishFailure = undefined;
        },
        stop: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
    };
}
