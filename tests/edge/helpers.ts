/**
 * Shared pieces of the edge tests: EdgeArgs built from a real stack file (Pulumi.<stack>.yaml through the config
 * parser), recognisable secret values, and queries over the recorded graph.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EdgeArgs } from "../../components/edge";
import { edgeSettings } from "../../wiring";
import type { PlainConfig } from "../../config/parse";
import { isSecretEnvelope, RecordedResource } from "../../harness/graph";
import { MockCloud } from "../../harness/mockCloud";
import { CLOUDFLARE_IPS_FIXTURE } from "../../harness/fixtures/cloudflareIps";
export { stackConfig, ofType, one, revealDeep, plainStrings } from "../graphHelpers";

export const T = {
    dns: "cloudflare:index/dnsRecord:DnsRecord",
    zoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
    ruleset: "cloudflare:index/ruleset:Ruleset",
    idp: "cloudflare:index/zeroTrustAccessIdentityProvider:ZeroTrustAccessIdentityProvider",
    policy: "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy",
    app: "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication",
    token: "cloudflare:index/zeroTrustAccessServiceToken:ZeroTrustAccessServiceToken",
    script: "cloudflare:index/workersScript:WorkersScript",
    subdomain: "cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain",
    route: "cloudflare:index/workersRoute:WorkersRoute",
} as const;

/** Secret values no test fixture would produce by accident, so a plain-text leak is unambiguous. */
export const SECRETS = {
    twilioAuthToken: "tw-auth-token-5f0c3a9e61b24d7f",
    googleClientSecret: "GOCSPX-edge-test-secret-8d2e",
    originPullPrivateKey: "-----BEGIN PRIVATE KEY-----\nedge-test-origin-pull-key-3b7a\n-----END PRIVATE KEY-----\n",
    cloudflareApiToken: "cf-api-token-edge-test-71c4e09b",
};

/** The origin-pull client certificate the Environment would hand the Edge (its shape only matters here). */
export const ORIGIN_PULL = {
    certificatePem: "-----BEGIN CERTIFICATE-----\nedge-test-origin-pull-cert\n-----END CERTIFICATE-----\n",
};

/** EdgeArgs exactly as index.ts wires them from the stack config (wiring.ts), with test secrets. */
export function edgeArgsFrom(cfg: PlainConfig, extra: Partial<EdgeArgs> = {}): EdgeArgs {
    return {
        ...edgeSettings(cfg, {
            accessGoogleClientSecret: pulumi.secret(SECRETS.googleClientSecret),
            twilioAuthToken: pulumi.secret(SECRETS.twilioAuthToken),
            cloudflareApiToken: pulumi.secret(SECRETS.cloudflareApiToken),
        }),
        originPullCertificate: {
            certificatePem: ORIGIN_PULL.certificatePem,
            privateKeyPem: pulumi.secret(SECRETS.originPullPrivateKey),
        },
        ...extra,
    };
}

/** The ID the mock cloud assigned to a recorded resource (its models are deterministic per stack, type and name). */
export function idOf(stack: string, r: RecordedResource): string {
    const cloud = new MockCloud({ stack, region: "us-east-1", cloudflareRanges: CLOUDFLARE_IPS_FIXTURE });
    return String(
        cloud.newResource({
            type: r.type,
            name: r.name,
            inputs: reveal(r.inputs) as Record<string, unknown>,
            custom: true,
        }).id,
    );
}

/** A model output of a recorded resource, e.g. a service token's clientId. */
export function stateOf(stack: string, r: RecordedResource): Record<string, unknown> {
    const cloud = new MockCloud({ stack, region: "us-east-1", cloudflareRanges: CLOUDFLARE_IPS_FIXTURE });
    return cloud.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true }).state as Record<
        string,
        unknown
    >;
}

export const reveal = (v: unknown): unknown => (isSecretEnvelope(v) ? v.value : v);

/**
 * The value with every secret envelope removed. Pulumi's Node SDK lifts a nested secret to the top-level input
 * property (a binding list holding one secret is sent as one secret list), so tests read through envelopes with this
 * and check for leaks with `plainStrings`.
 */

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/;
/** What the AWS Load Balancer Controller names an ALB of group osprey-<env>, under ELB's DNS scheme. */
export const albDnsRe = (env: string) =>
    new RegExp(`^k8s-osprey${env}-[0-9a-f]{10}-\\d{10}\\.us-east-1\\.elb\\.amazonaws\\.com$`);
