/**
 * Cloudflare's half of the origin proof (the ALB's half: components/environment/originProof.ts): per-hostname
 * Authenticated Origin Pulls, so Cloudflare presents the environment's own client certificate (issued by the
 * environment's CA) on every pull of the environment's hostnames, and the ALB's mutual TLS admits nothing else.
 *
 * Per hostname, not per zone: each environment brings its own certificate for its own names (demo's stack never
 * touches main's), and per-hostname settings take precedence over the zone's. Resource names in @pulumi/cloudflare 6:
 * the certificate is `AuthenticatedOriginPullsHostnameCertificate` (its `id` is the certificate ID the associations
 * take; the zone-level `AuthenticatedOriginPullsCertificate` is a different API that per-hostname AOP does not
 * accept); each association is one `AuthenticatedOriginPulls` (imported as `<zone_id>/<hostname>`).
 * Limits: 10 hostname certificates per zone (we use one per environment), 100 associations per certificate.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { Env, environmentNames } from "../../lib/naming";
import type { EdgeHostname } from "./hostnames";
import { OriginPullReadiness } from "./originPullReadiness";

export interface OriginPullArgs {
    environment: Env;
    zoneId: string;
    /** The hostnames proxied to the environment's ALB, with their app (the logical names use the app, never config). */
    hostnames: EdgeHostname[];
    /** The client certificate (PEM) and its key (secret Output). */
    certificatePem: pulumi.Input<string>;
    privateKeyPem: pulumi.Input<string>;
    /** The Cloudflare API token (secret): the readiness checks read the deployment status with it. */
    apiToken: pulumi.Input<string>;
}

export class OriginPull extends pulumi.ComponentResource {
    /** Cloudflare's ID of the uploaded certificate. */
    readonly certificateId: pulumi.Output<string>;
    /** Per app, the wait for its hostname's association to be active (originPullReadiness.ts): what its DNS record waits for. */
    readonly readiness: Record<string, OriginPullReadiness> = {};

    constructor(name: string, args: OriginPullArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:edge:OriginPull",
            name,
            { environment: args.environment, hostnames: args.hostnames.map((h) => h.hostname) },
            opts,
        );
        const parent = { parent: this };
        // Certificates are immutable at Cloudflare: a renewed certificate is a new upload (Pulumi creates it before it
        // deletes the old one), and the associations below move to its ID.
        const cert = new cloudflare.AuthenticatedOriginPullsHostnameCertificate(
            `${name}-cert`,
            { zoneId: args.zoneId, certificate: args.certificatePem, privateKey: pulumi.secret(args.privateKeyPem) },
            parent,
        );
        // The associations move to a (renewed) certificate only once Cloudflare can present it; each hostname is ready once
        // its association is active (originPullReadiness.ts says why both waits, and what Cloudflare does meanwhile).
        const certificateReady = new OriginPullReadiness(
            `${name}-cert-ready`,
            { kind: "certificate", zoneId: args.zoneId, target: cert.id, apiToken: args.apiToken },
            parent,
        );
        for (const { app, hostname } of args.hostnames) {
            const association = new cloudflare.AuthenticatedOriginPulls(
                `${name}-${app}`,
                { zoneId: args.zoneId, configs: [{ hostname, certId: cert.id, enabled: true }] },
                { ...parent, dependsOn: [certificateReady] },
            );
            this.readiness[app] = new OriginPullReadiness(
                `${name}-${app}-ready`,
                {
                    kind: "hostname",
                    zoneId: args.zoneId,
                    target: hostname,
                    certificateId: cert.id,
                    apiToken: args.apiToken,
                },
                { ...parent, dependsOn: [association] },
            );
        }
        this.certificateId = cert.id;
        this.registerOutputs({ certificateId: this.certificateId, label: environmentNames(args.environment).label });
    }
}
