/**
 * Loopback fake of the EC2 Query API (POST form-encoded, Version=2016-11-15), just the managed prefix list
 * actions the Cloudflare IP sync uses. XML shapes follow the EC2 API reference and the element names the AWS SDK v3
 * deserializer expects (prefixListSet/item, entrySet/item, prefixList; errors as Response/Errors/Error + RequestID,
 * HTTP 400). Lists live in memory with per-version history; CurrentVersion is enforced; every call is recorded.
 * Signatures are not verified. No jest globals: usable from a plain node script.
 *
 *   const ec2 = await startEc2QueryFake();
 *   process.env.AWS_ENDPOINT_URL_EC2 = ec2.endpoint;       // plus AWS_REGION and dummy credentials
 *   const id = ec2.addPrefixList({ addressFamily: "IPv4", entries: [...] });
 *   ec2.injectConflict(id);                                // next modify meets a concurrent writer
 *   ec2.writes();                                          // recorded ModifyManagedPrefixList calls
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { FakeEc2Error, FakePrefixList, FakePrefixListState, handleEc2Action } from "./ec2QueryFakeActions";

export type { FakePrefixList, FakePrefixListState } from "./ec2QueryFakeActions";

export interface FakePrefixListInit {
    prefixListId?: string;
    name?: string;
    addressFamily: "IPv4" | "IPv6";
    entries: ReadonlyArray<string | { cidr: string; description?: string }>;
    maxEntries?: number;
    version?: number;
    state?: FakePrefixListState;
}

export interface Ec2Call {
    action: string;
    /** Every form parameter except Action and Version. */
    params: Record<string, string>;
}

export interface Ec2QueryFake {
    /** Base URL for AWS_ENDPOINT_URL_EC2, e.g. http://127.0.0.1:40123 */
    readonly endpoint: string;
    readonly port: number;
    readonly calls: readonly Ec2Call[];
    /** Recorded ModifyManagedPrefixList calls, successful or not. */
    writes(): Ec2Call[];
    addPrefixList(init: FakePrefixListInit): string;
    /** Live list (mutate `state` etc. to set up a scenario). */
    prefixList(id: string): FakePrefixList;
    /** Current CIDRs of a list, in stored spelling, sorted. */
    cidrs(id: string): string[];
    /** The next `times` modifies of `id` meet a concurrent writer: the version moves first, so CurrentVersion mismatches. */
    injectConflict(id: string, times?: number): void;
    /** The next `times` calls of `action` fail with this EC2 error. */
    injectError(action: string, code: string, message: string, times?: number): void;
    /** State a list reports after a successful modify (default "modify-complete"; "modify-failed" for failure tests). */
    setStateAfterModify(state: FakePrefixListState): void;
    /** Largest page the fake returns for list reads; small values exercise pagination (default 10). */
    setPageSize(size: number): void;
    /** Delay before every answer (deadline tests; default 0). */
    setResponseDelay(ms: number): void;
    clearCalls(): void;
    stop(): Promise<void>;
}

const XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

function errorXml(code: string, message: string): string {
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return (
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${esc(code)}</Code>` +
        `<Message>${esc(message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`
    );
}

async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
}

export async function startEc2QueryFake(): Promise<Ec2QueryFake> {
    const lists = new Map<string, FakePrefixList>();
    const calls: Ec2Call[] = [];
    const conflicts = new Map<string, number>();
    const injected: Array<{ action: string; code: string; message: string; times: number }> = [];
    const settings = { pageSize: 10, stateAfterModify: "modify-complete" as FakePrefixListState, delayMs: 0 };

    const respond = (res: ServerResponse, status: number, xml: string) => {
        res.writeHead(status, { "content-type": "text/xml;charset=UTF-8" });
        res.end(xml);
    };

    const server: Server = createServer((req, res) => {
        void (async () => {
            const form = new URLSearchParams(await readBody(req));
            const action = form.get("Action") ?? "";
            const params: Record<string, string> = {};
            for (const [k, v] of form) if (k !== "Action" && k !== "Version") params[k] = v;
            calls.push({ action, params });
            if (settings.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.delayMs));
            if (req.method !== "POST" || form.get("Version") !== "2016-11-15") {
                return respond(
                    res,
                    400,
                    errorXml("InvalidAction", `expected POST with Version=2016-11-15 for ${action}`),
                );
            }
            const pending = injected.find((i) => i.action === action && i.times > 0);
            if (pending) {
                pending.times--;
                return respond(res, 400, errorXml(pending.code, pending.message));
            }
            try {
                const inner = handleEc2Action(action, form, { lists, conflicts, settings });
                const requestId = randomUUID();
                respond(
                    res,
                    200,
                    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}"><requestId>${requestId}</requestId>${inner}</${action}Response>`,
                );
            } catch (err) {
                if (err instanceof FakeEc2Error) return respond(res, 400, errorXml(err.code, err.message));
                respond(res, 500, errorXml("InternalError", (err as Error).message));
            }
        })();
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (server.address() as AddressInfo).port;

    const get = (id: string): FakePrefixList => {
        const list = lists.get(id);
        if (!list) throw new Error(`ec2QueryFake: no prefix list ${id}`);
        return list;
    };

    return {
        endpoint: `http://127.0.0.1:${port}`,
        port,
        calls,
        writes: () => calls.filter((c) => c.action === "ModifyManagedPrefixList"),
        addPrefixList: (init) => {
            const id = init.prefixListId ?? `pl-${randomBytes(9).toString("hex").slice(0, 17)}`;
            const entries = init.entries.map((e) =>
                typeof e === "string"
                    ? { cidr: e, description: "" }
                    : { cidr: e.cidr, description: e.description ?? "" },
            );
            const version = init.version ?? 1;
            lists.set(id, {
                prefixListId: id,
                name: init.name ?? `fake-${init.addressFamily.toLowerCase()}`,
                addressFamily: init.addressFamily,
                state: init.state ?? "create-complete",
                stateMessage: undefined,
                version,
                maxEntries: init.maxEntries ?? 30,
                entries,
                history: new Map([[version, entries.map((e) => ({ ...e }))]]),
            });
            return id;
        },
        prefixList: get,
        cidrs: (id) =>
            get(id)
                .entries.map((e) => e.cidr)
                .sort(),
        injectConflict: (id, times = 1) => {
            get(id);
            conflicts.set(id, (conflicts.get(id) ?? 0) + times);
        },
        injectError: (action, code, message, times = 1) => {
            injected.push({ action, code, message, times });
        },
        setStateAfterModify: (state) => {
            settings.stateAfterModify = state;
        },
        setPageSize: (size) => {
            settings.pageSize = size;
        },
        setResponseDelay: (ms) => {
            settings.delayMs = ms;
        },
        clearCalls: () => {
            calls.length = 0;
        },
        stop: () =>
            new Promise<void>((resolve, reject) => {
                server.closeAllConnections(); // the SDK keeps sockets alive
                server.close((err) => (err ? reject(err) : resolve()));
            }),
    };
}
