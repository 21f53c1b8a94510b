/**
 * Mock models for the edge layer's Cloudflare resources (provider v6), keyed by type token. Outputs follow the
 * Cloudflare API's shapes: zone-level objects (DNS records, rulesets) have 32-hex IDs; Zero Trust objects (identity
 * providers, policies, applications, service tokens) have UUIDs ("UUID." in the v6 schema's descriptions); service
 * tokens return `<32 hex>.access` client IDs and 64-hex client secrets; applications a 64-hex audience tag.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MockContext, ResourceModel } from "../mockCloud";

/** A fixed instant, so recorded state is stable across runs. */
const CREATED_ON = "2026-01-15T09:30:00.000000Z";

const hex32 = (a: pulumi.runtime.MockResourceArgs, ctx: MockContext, salt = "id") => ctx.hex(`${a.type}/${a.name}/${salt}`, 32);

/** A version-4-shaped UUID from the deterministic hex (version nibble 4, variant 8). */
function uuid(a: pulumi.runtime.MockResourceArgs, ctx: MockContext, salt = "id"): string {
    const h = ctx.hex(`${a.type}/${a.name}/${salt}`, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const model =
    (
        id: (a: pulumi.runtime.MockResourceArgs, ctx: MockContext) => string,
        extra?: (a: pulumi.runtime.MockResourceArgs, ctx: MockContext, id: string) => Record<string, unknown>,
    ): ResourceModel =>
    (args, ctx) => {
        const theId = id(args, ctx);
        return { id: theId, state: { ...args.inputs, id: theId, ...extra?.(args, ctx, theId) } };
    };

function requireInputs(args: pulumi.runtime.MockResourceArgs, ...keys: string[]): void {
    const missing = keys.filter((k) => args.inputs[k] === undefined);
    if (missing.length > 0) throw new Error(`${args.type} ${args.name}: missing required input(s) ${missing.join(", ")}`);
}

export const cloudflareResourceModels: Record<string, ResourceModel> = {
    "cloudflare:index/dnsRecord:DnsRecord": (args, ctx) => {
        requireInputs(args, "zoneId", "name", "type", "ttl");
        // The API refuses a TTL other than 1 (automatic) on a proxied record.
        if (args.inputs.proxied === true && args.inputs.ttl !== 1) throw new Error(`${args.name}: proxied records take ttl 1 (automatic)`);
        return model(hex32, () => ({ proxiable: true, createdOn: CREATED_ON, modifiedOn: CREATED_ON, settings: {}, tags: [] }))(args, ctx);
    },
    // The provider's ID of a zone setting is the setting's own ID (e.g. "ssl").
    "cloudflare:index/zoneSetting:ZoneSetting": (args, ctx) => {
        requireInputs(args, "zoneId", "settingId");
        return model(
            (a) => String(a.inputs.settingId),
            () => ({ editable: true, modifiedOn: CREATED_ON }),
        )(args, ctx);
    },
    "cloudflare:index/ruleset:Ruleset": (args, ctx) => {
        requireInputs(args, "kind", "name", "phase");
        return model(hex32, (a) => ({
            lastUpdated: CREATED_ON,
            version: "1",
            rules: ((a.inputs.rules as Record<string, unknown>[] | undefined) ?? []).map((r, i) => ({
                ...r,
                id: ctx.hex(`${a.type}/${a.name}/rule/${i}`, 32),
                ref: ctx.hex(`${a.type}/${a.name}/rule/${i}`, 32),
                version: "1",
                lastUpdated: CREATED_ON,
            })),
        }))(args, ctx);
    },
    "cloudflare:index/zeroTrustAccessIdentityProvider:ZeroTrustAccessIdentityProvider": (args, ctx) => {
        requireInputs(args, "config", "name", "type");
        return model(uuid)(args, ctx);
    },
    "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy": (args, ctx) => {
        requireInputs(args, "accountId", "decision", "name");
        return model(uuid, () => ({ appCount: 1, createdAt: CREATED_ON, updatedAt: CREATED_ON, reusable: true }))(args, ctx);
    },
    "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication": model(uuid, (a, ctx) => ({
        aud: ctx.hex(`${a.type}/${a.name}/aud`, 64),
        sessionDuration: a.inputs.sessionDuration ?? "24h",
    })),
    "cloudflare:index/zeroTrustAccessServiceToken:ZeroTrustAccessServiceToken": (args, ctx) => {
        requireInputs(args, "name");
        return model(uuid, (a) => ({
            clientId: `${hex32(a, ctx, "client-id")}.access`,
            clientSecret: ctx.hex(`${a.type}/${a.name}/client-secret`, 64),
            clientSecretVersion: a.inputs.clientSecretVersion ?? 1,
            duration: a.inputs.duration ?? "8760h",
            enabled: true,
            expiresAt: a.inputs.duration === "forever" ? "9999-12-31T23:59:59Z" : "2027-01-15T09:30:00Z",
        }))(args, ctx);
    },
    "cloudflare:index/workersScript:WorkersScript": (args, ctx) => {
        requireInputs(args, "accountId", "scriptName");
        // The provider's ID is the script name.
        return model(
            (a) => String(a.inputs.scriptName),
            (a) => ({
                createdOn: CREATED_ON,
                modifiedOn: CREATED_ON,
                etag: ctx.hex(`${a.type}/${a.name}/etag`, 64),
                hasModules: a.inputs.mainModule !== undefined,
                hasAssets: false,
                handlers: ["fetch"],
                usageModel: "standard",
                startupTimeMs: 1,
            }),
        )(args, ctx);
    },
    "cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain": (args, ctx) => {
        requireInputs(args, "accountId", "scriptName", "enabled");
        return model(
            (a) => String(a.inputs.scriptName),
            (a) => ({ previewsEnabled: a.inputs.previewsEnabled ?? a.inputs.enabled }),
        )(args, ctx);
    },
    "cloudflare:index/workersRoute:WorkersRoute": (args, ctx) => {
        requireInputs(args, "zoneId", "pattern");
        return model(hex32)(args, ctx);
    },
};

export const cloudflareComponentModels: Record<string, ResourceModel> = {};
