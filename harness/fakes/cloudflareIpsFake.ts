/**
 * Loopback fake of Cloudflare's `GET /client/v4/ips` (node:http on 127.0.0.1, ephemeral port). Serves a
 * configurable answer or a failure (HTTP error, malformed body, hang). No jest globals: usable from a plain
 * node script, e.g. to run the serialized Lambda archive against it.
 *
 *   const cf = await startCloudflareIpsFake();      // serves the fixture answer
 *   process.env.CLOUDFLARE_IPS_URL = cf.url;
 *   cf.setAnswer(cloudflareIpsAnswer({ ipv4: [...] }));
 *   cf.failWith(500, "oops"); cf.hang();            // failure modes
 *   await cf.stop();
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo, Socket } from "node:net";
import { cloudflareIpsAnswer } from "../fixtures/cloudflareIps";

export const CLOUDFLARE_IPS_PATH = "/client/v4/ips";

export type CloudflareFakeBehaviour =
    /** 200 with this value JSON-encoded. */
    | { kind: "json"; body: unknown }
    /** Any status with a raw body (malformed JSON, HTML error pages...). */
    | { kind: "raw"; status: number; body: string; contentType?: string }
    /** Accept the request and never answer (timeout tests). */
    | { kind: "hang" };

export interface CloudflareIpsFake {
    /** Full URL of the IPs endpoint, e.g. http://127.0.0.1:40123/client/v4/ips */
    readonly url: string;
    readonly port: number;
    /** Every request seen (method and path), in order. */
    readonly requests: ReadonlyArray<{ method: string; path: string }>;
    setAnswer(body: unknown): void;
    failWith(status: number, body?: string, contentType?: string): void;
    hang(): void;
    setBehaviour(behaviour: CloudflareFakeBehaviour): void;
    stop(): Promise<void>;
}

export async function startCloudflareIpsFake(initial?: CloudflareFakeBehaviour): Promise<CloudflareIpsFake> {
    let behaviour: CloudflareFakeBehaviour = initial ?? { kind: "json", body: cloudflareIpsAnswer() };
    const requests: Array<{ method: string; path: string }> = [];
    const sockets = new Set<Socket>();

    const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const path = (req.url ?? "").split("?")[0];
        requests.push({ method: req.method ?? "", path });
        if (req.method !== "GET" || path !== CLOUDFLARE_IPS_PATH) {
            res.writeHead(404, { "content-type": "application/json" });
            res.end(
                JSON.stringify({
                    success: false,
                    errors: [{ code: 7003, message: "No route for that URI" }],
                    messages: [],
                    result: null,
                }),
            );
            return;
        }
        const current = behaviour;
        switch (current.kind) {
            case "hang":
                return; // keep the socket open; stop() destroys it
            case "json":
                res.writeHead(200, { "content-type": "application/json" });
                res.end(JSON.stringify(current.body));
                return;
            case "raw":
                res.writeHead(current.status, { "content-type": current.contentType ?? "text/plain" });
                res.end(current.body);
                return;
        }
    });
    server.on("connection", (socket: Socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (server.address() as AddressInfo).port;

    return {
        url: `http://127.0.0.1:${port}${CLOUDFLARE_IPS_PATH}`,
        port,
        requests,
        setAnswer: (body) => {
            behaviour = { kind: "json", body };
        },
        failWith: (status, body = "", contentType) => {
            behaviour = { kind: "raw", status, body, contentType };
        },
        hang: () => {
            behaviour = { kind: "hang" };
        },
        setBehaviour: (b) => {
            behaviour = b;
        },
        stop: () =>
            new Promise<void>((resolve, reject) => {
                for (const socket of sockets) socket.destroy(); // hung requests would keep close() waiting forever
                server.close((err) => (err ? reject(err) : resolve()));
            }),
    };
}
