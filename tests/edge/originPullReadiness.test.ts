/**
 * The origin-pull readiness wait (components/edge/originPullReadiness.ts) against a loopback fake of Cloudflare's API,
 * whose answers follow the deployment statuses of the provider's schema (pending_deployment, then active; or a final
 * deployment_timed_out). The provider runs twice: as imported, and as Pulumi stores it in the state (serialized with its
 * closure, evaluated in a fresh context with nothing but Node's globals), which is how the engine runs it.
 */
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import * as vm from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import {
    originPullReadinessProvider,
    ReadinessInputs,
    waitForOriginPull,
} from "../../components/edge/originPullReadiness";
import { useReadOnlyInspector } from "../../harness/pulumiInternals";

interface Seen {
    path: string;
    authorization?: string;
}

/** Answers each path from its script in turn (the last answer repeats): [HTTP status, JSON body]. */
async function fakeCloudflare(scripts: Record<string, [number, unknown][]>) {
    const seen: Seen[] = [];
    const server: Server = createServer((req, res) => {
        const path = req.url ?? "";
        seen.push({ path, authorization: req.headers.authorization });
        const script = scripts[path] ?? [[404, { success: false, errors: [{ code: 1003, message: "not found" }] }]];
        const [status, body] = script.length > 1 ? script.shift()! : script[0];
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
    return { base, seen, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const ok = (result: Record<string, unknown>): [number, unknown] => [
    200,
    { success: true, errors: [], messages: [], result },
];
const ZONE = "fedcba9876543210fedcba9876543210";
const CERT_PATH = `/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames/certificates/cert-2`;
const HOST_PATH = `/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames/api-main.osprey-strike.com`;
// Polls 10 ms apart; the wait's limit is generous so that a loaded machine never turns an answer into a timeout.
const fast = { intervalSeconds: 0.01, timeoutSeconds: 60 };
const certificate = (apiBase: string, extra: Partial<ReadinessInputs> = {}): ReadinessInputs => ({
    kind: "certificate",
    zoneId: ZONE,
    target: "cert-2",
    apiToken: "cf-token-readiness-test",
    apiBase,
    ...fast,
    ...extra,
});

it("waits while the certificate is pending_deployment and returns once it is active, asking with the token", async () => {
    const cf = await fakeCloudflare({
        [CERT_PATH]: [
            ok({ status: "pending_deployment" }),
            ok({ status: "pending_deployment" }),
            ok({ status: "active" }),
        ],
    });
    try {
        expect(await waitForOriginPull(certificate(cf.base))).toEqual({
            status: "active",
            waitedSeconds: expect.any(Number),
        });
        expect(cf.seen).toEqual(Array(3).fill({ path: CERT_PATH, authorization: "Bearer cf-token-readiness-test" }));
    } finally {
        await cf.stop();
    }
});

it("waits for an association until it names the NEW certificate and is active (a renewal moves it)", async () => {
    const cf = await fakeCloudflare({
        [HOST_PATH]: [
            ok({ status: "active", cert_id: "cert-1" }),
            ok({ status: "pending_deployment", cert_id: "cert-2" }),
            ok({ status: "active", cert_id: "cert-2" }),
        ],
    });
    try {
        const inputs = certificate(cf.base, {
            kind: "hostname",
            target: "api-main.osprey-strike.com",
            certificateId: "cert-2",
        });
        expect((await waitForOriginPull(inputs)).status).toBe("active");
        expect(cf.seen).toHaveLength(3);
    } finally {
        await cf.stop();
    }
});

it("takes a 404 right after the create as propagation, and waits", async () => {
    const cf = await fakeCloudflare({ [CERT_PATH]: [[404, { success: false }], ok({ status: "active" })] });
    try {
        expect((await waitForOriginPull(certificate(cf.base))).status).toBe("active");
    } finally {
        await cf.stop();
    }
});

it("fails closed, naming the object, the status and the fix: a final status, a refusal, or no progress in time", async () => {
    const cf = await fakeCloudflare({
        [CERT_PATH]: [ok({ status: "deployment_timed_out" })],
        [HOST_PATH]: [ok({ status: "pending_deployment", cert_id: "cert-2" })],
        "/client/v4/zones/z/origin_tls_client_auth/hostnames/certificates/cert-2": [
            [403, { success: false, errors: [{ code: 10000, message: "Authentication error" }] }],
        ],
    });
    try {
        await expect(waitForOriginPull(certificate(cf.base))).rejects.toThrow(
            "origin-pull certificate cert-2 is deployment_timed_out at Cloudflare and will not turn active; replace it (pulumi up --replace <its URN>) and run pulumi up again",
        );
        await expect(waitForOriginPull(certificate(cf.base, { zoneId: "z" }))).rejects.toThrow(
            /^origin-pull certificate cert-2: Cloudflare answered HTTP 403 to GET \/zones\/z\/.*; check the API token's Zone SSL and Certificates permission$/,
        );
        const slow = certificate(cf.base, {
            kind: "hostname",
            target: "api-main.osprey-strike.com",
            certificateId: "cert-2",
            // The next poll (10 s away) would end after the 5 s limit: the wait gives up after the first answer.
            intervalSeconds: 10,
            timeoutSeconds: 5,
        });
        await expect(waitForOriginPull(slow)).rejects.toThrow(
            /^origin-pull association of api-main\.osprey-strike\.com is still pending_deployment after \d+ s; /,
        );
    } finally {
        await cf.stop();
    }
});

it("a new certificate is a new wait; the token or the poll settings are not", async () => {
    // The engine's olds are what create returned (the state), never the inputs: the token is not there at all.
    const p = originPullReadinessProvider;
    const news = certificate("x");
    const { outs: olds } = {
        outs: {
            kind: news.kind,
            zoneId: news.zoneId,
            target: news.target,
            certificateId: undefined,
            status: "active",
            waitedSeconds: 0,
        },
    };
    expect(await p.diff!("id", olds, { ...news, apiToken: "rotated", intervalSeconds: 5 })).toMatchObject({
        changes: false,
        replaces: [],
    });
    expect(await p.diff!("id", olds, { ...news, target: "cert-3" })).toMatchObject({
        changes: true,
        replaces: ["target"],
    });
    const host = { ...olds, kind: "hostname" as const, target: "h", certificateId: "cert-2" };
    expect(
        await p.diff!("id", host, { ...news, kind: "hostname", target: "h", certificateId: "cert-3" }),
    ).toMatchObject({ changes: true, replaces: [] });
});

it("works as Pulumi stores it: the serialized provider, evaluated alone, waits and answers", async () => {
    // What pulumi.dynamic.Resource puts into `__provider` (dynamic/index.js serializeProvider), serialized as in a
    // program run (the same text as the SDK's own inspector session gives: tests/harness/closureInspector.test.ts).
    useReadOnlyInspector();
    const serialized = await pulumi.runtime.serializeFunction(() => originPullReadinessProvider);
    expect(serialized.text).not.toMatch(/require\(/); // nothing but Node's globals
    const sandbox: Record<string, unknown> = {
        exports: {},
        fetch,
        setTimeout,
        AbortSignal,
        Promise,
        Date,
        Math,
        Error,
        JSON,
        encodeURIComponent,
    };
    vm.runInNewContext(serialized.text, sandbox);
    const provider = (sandbox.exports as { handler: () => typeof originPullReadinessProvider }).handler();
    const cf = await fakeCloudflare({ [CERT_PATH]: [ok({ status: "pending_deployment" }), ok({ status: "active" })] });
    try {
        const created = await provider.create!(certificate(cf.base));
        expect(created).toEqual({
            id: `${ZONE}/certificate/cert-2`,
            outs: {
                kind: "certificate",
                zoneId: ZONE,
                target: "cert-2",
                certificateId: undefined,
                status: "active",
                waitedSeconds: expect.any(Number), // wall time: 0 s on an idle machine
            },
        });
        expect(JSON.stringify(created)).not.toContain("cf-token-readiness-test"); // the token never reaches the state's outputs
    } finally {
        await cf.stop();
    }
});

it("fails closed, naming the object, when Cloudflare does not answer within the wait", async () => {
    const hanging: Server = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/client/v4`;
    try {
        await expect(waitForOriginPull(certificate(base, { timeoutSeconds: 0.2 }))).rejects.toThrow(
            /^origin-pull certificate cert-2: no answer from Cloudflare to GET \/zones\/.*\(.*timeout.*\); check that api\.cloudflare\.com is reachable/,
        );
    } finally {
        hanging.closeAllConnections();
        await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
});
