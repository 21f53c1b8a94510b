/**
 * Waits until Cloudflare has deployed a per-hostname origin-pull certificate or association. Both are asynchronous at
 * Cloudflare: an upload or a PUT returns at once with status `pending_deployment`, and the status turns `active` once
 * the edge presents the certificate (statuses, terraform-provider-cloudflare v5.19.1
 * internal/services/authenticated_origin_pulls*\/schema.go: initializing, pending_deployment, active, pending_deletion,
 * deleted, deployment_timed_out, deletion_timed_out). The association itself is accepted while the certificate is still
 * pending (the provider's own acceptance test, authenticated_origin_pulls/resource_test.go at v5.22.0, associates in the
 * same apply, and neither resource polls), so nothing here retries a refusal: it waits, so that
 *  - a renewed certificate takes the hostnames only once Cloudflare can present it (otherwise the ALB's mutual TLS
 *    refuses every pull until it is), and
 *  - the DNS records, which put the hostnames live, are created only once their associations are active (the first
 *    deploy), instead of serving handshake failures for the first minutes.
 * Fails closed with the status and what to do, never silently; `deployment_timed_out` is final at Cloudflare.
 *
 * A Pulumi dynamic provider: its three functions are serialized into the state (they run in the engine's Node
 * process, not in the cloud), so they close over nothing but the standard library (fetch, setTimeout).
 */
import * as pulumi from "@pulumi/pulumi";

export const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";

export interface ReadinessInputs {
    /** What is waited for: the uploaded certificate, or one hostname's association. */
    kind: "certificate" | "hostname";
    zoneId: string;
    /** The hostname certificate's ID (kind certificate), or the hostname (kind hostname). */
    target: string;
    /** The certificate the association must name (kind hostname): a renewal moves the association to a new one. */
    certificateId?: string;
    apiToken: string;
    /** Default https://api.cloudflare.com/client/v4 (tests point it at a loopback fake). */
    apiBase?: string;
    /** Give up after this long (default 1200 s: Cloudflare says minutes; 20 is generous). */
    timeoutSeconds?: number;
    /** Poll every (default 10 s). */
    intervalSeconds?: number;
}

/** What the state keeps: what was waited for (never the token) and how it ended. The engine hands these to `diff` as olds. */
export interface ReadinessOutputs extends Pick<ReadinessInputs, "kind" | "zoneId" | "target" | "certificateId"> {
    status: string;
    /** How long the wait took, in seconds (0 when it was already active). */
    waitedSeconds: number;
}

/**
 * Polls GET .../origin_tls_client_auth/hostnames/certificates/{id} or .../hostnames/{hostname} until `status` is
 * active. Self-contained (the provider serializes it with its closure): no imports.
 */
export async function waitForOriginPull(
    inputs: ReadinessInputs,
): Promise<Pick<ReadinessOutputs, "status" | "waitedSeconds">> {
    const base = inputs.apiBase ?? "https://api.cloudflare.com/client/v4";
    const path =
        inputs.kind === "certificate"
            ? `zones/${inputs.zoneId}/origin_tls_client_auth/hostnames/certificates/${encodeURIComponent(inputs.target)}`
            : `zones/${inputs.zoneId}/origin_tls_client_auth/hostnames/${encodeURIComponent(inputs.target)}`;
    const what =
        inputs.kind === "certificate"
            ? `origin-pull certificate ${inputs.target}`
            : `origin-pull association of ${inputs.target}`;
    const timeoutMs = (inputs.timeoutSeconds ?? 1200) * 1000;
    const intervalMs = (inputs.intervalSeconds ?? 10) * 1000;
    const started = Date.now();
    let last: string;
    for (;;) {
        // One request never outlives the wait: a connection that hangs fails like any other error.
        const response = await fetch(`${base}/${path}`, {
            headers: { authorization: `Bearer ${inputs.apiToken}`, accept: "application/json" },
            signal: AbortSignal.timeout(Math.min(30_000, timeoutMs)),
        }).catch((e: unknown) => {
            throw new Error(
                `${what}: no answer from Cloudflare to GET /${path} (${e instanceof Error ? e.message : String(e)}); check that api.cloudflare.com is reachable from where pulumi runs, then run pulumi up again`,
            );
        });
        const body = (await response.json().catch(() => ({}))) as {
            success?: boolean;
            result?: { status?: string; cert_id?: string };
        };
        if (!response.ok || body.success === false) {
            // 404 right after a create can be propagation; anything else (401, 403, 5xx) is not ours to wait out.
            if (response.status !== 404)
                throw new Error(
                    `${what}: Cloudflare answered HTTP ${response.status} to GET /${path}; check the API token's Zone SSL and Certificates permission`,
                );
            last = "not found";
        } else {
            const status = body.result?.status ?? "(none)";
            last = status;
            if (
                inputs.kind === "hostname" &&
                inputs.certificateId &&
                body.result?.cert_id &&
                body.result.cert_id !== inputs.certificateId
            ) {
                last = `${status}, still on certificate ${body.result.cert_id}`;
            } else if (status === "active") {
                return { status, waitedSeconds: Math.round((Date.now() - started) / 1000) };
            } else if (
                status === "deployment_timed_out" ||
                status === "deleted" ||
                status === "pending_deletion" ||
                status === "deletion_timed_out"
            ) {
                throw new Error(
                    `${what} is ${status} at Cloudflare and will not turn active; replace it (pulumi up --replace <its URN>) and run pulumi up again`,
                );
            }
        }
        if (Date.now() - started + intervalMs > timeoutMs) {
            throw new Error(
                `${what} is still ${last} after ${Math.round((Date.now() - started) / 1000)} s; Cloudflare deploys it within minutes, so check its status in the dashboard (SSL/TLS > Origin Server) and run pulumi up again`,
            );
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}

/** Waits, then returns what the state keeps: what was waited for (never the token) and how it ended. */
async function waitAndRecord(inputs: ReadinessInputs): Promise<ReadinessOutputs> {
    const waited = await waitForOriginPull(inputs);
    return {
        kind: inputs.kind,
        zoneId: inputs.zoneId,
        target: inputs.target,
        certificateId: inputs.certificateId,
        ...waited,
    };
}

export const originPullReadinessProvider: pulumi.dynamic.ResourceProvider<ReadinessInputs, ReadinessOutputs> = {
    async create(inputs) {
        return { id: `${inputs.zoneId}/${inputs.kind}/${inputs.target}`, outs: await waitAndRecord(inputs) };
    },
    async diff(_id, olds, news) {
        // A new certificate or target is a new wait; the token, poll settings and last status are not.
        const replaces = (["kind", "zoneId", "target"] as const).filter((k) => olds[k] !== news[k]);
        const changes = replaces.length > 0 || olds.certificateId !== news.certificateId;
        return { changes, replaces, deleteBeforeReplace: false };
    },
    async update(_id, _olds, news) {
        return { outs: await waitAndRecord(news) };
    },
};

/** One wait; its `status` output is what later resources depend on. */
export class OriginPullReadiness extends pulumi.dynamic.Resource {
    declare readonly status: pulumi.Output<string>;
    declare readonly waitedSeconds: pulumi.Output<number>;

    constructor(
        name: string,
        args: pulumi.Inputs & { [K in keyof ReadinessInputs]: pulumi.Input<ReadinessInputs[K]> },
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(
            originPullReadinessProvider,
            name,
            { ...args, apiToken: pulumi.secret(args.apiToken), status: undefined, waitedSeconds: undefined },
            opts,
            "osprey",
            "OriginPullReadiness",
        );
    }
}
