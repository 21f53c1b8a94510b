/**
 * The Edge component for environment main (Pulumi.main.yaml: owns the zone settings, has office bypass ranges and an
 * external stakeholder) on the mock cloud: DNS, zone singletons, Access, the webhook path and the Worker's secrets.
 */
import { Edge } from "../../components/edge";
import { bundleWorker } from "../../components/edge/workerBundle";
import { FREE_MANAGED_RULESET_ID } from "../../components/edge/zoneRules";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import { isSecretEnvelope } from "../../harness/graph";
import {
    albDnsRe,
    edgeArgsFrom,
    idOf,
    one,
    ofType,
    plainStrings,
    revealDeep,
    SECRETS,
    stackConfig,
    stateOf,
    T,
    UUID_RE,
} from "./helpers";

const cfg = stackConfig("main");
let run: ProgramRun;

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "main",
        program: () => {
            const edge = new Edge("main", edgeArgsFrom(cfg));
            return {
                albHostname: edge.albHostname,
                oneTimePinIdpId: edge.oneTimePinIdpId,
                twilioWebhookUrl: edge.twilioWebhookUrl,
            };
        },
    });
});

const byName = (name: string) => (r: { name: string }) => r.name === name;

describe("DNS", () => {
    it("proxies web, api, mcp and mock (main runs all four) to the ALB found by its ingress-group tag", () => {
        const alb = run.outputs.outputs.albHostname as string;
        expect(alb).toMatch(albDnsRe("main"));
        const records = ofType(run.resources, T.dns).filter((r) => r.inputs.type === "CNAME");
        expect(records.map((r) => r.inputs.name).sort()).toEqual([
            "api-main.osprey-strike.com",
            "main.osprey-strike.com",
            "mcp-main.osprey-strike.com",
            "mock-main.osprey-strike.com",
        ]);
        for (const r of records) {
            // The ALB's own name is a secret (in state and outputs): the records carry it encrypted.
            expect(isSecretEnvelope(r.inputs.content)).toBe(true);
            expect(revealDeep(r.inputs)).toMatchObject({
                content: alb,
                proxied: true,
                ttl: 1,
                zoneId: cfg.zone.zoneId,
            });
        }
        expect(run.outputs.secretOutputNames).toContain("albHostname");
    });

    it("puts a hostname live only once Cloudflare presents its origin-pull certificate, and moves hostnames only to an active certificate", () => {
        const READY = "pulumi-nodejs:dynamic/osprey:OriginPullReadiness";
        const ready = ofType(run.resources, READY);
        const certReady = one(run.resources, READY, (r) => r.inputs.kind === "certificate");
        const cert = one(
            run.resources,
            "cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate",
        );
        expect(certReady.propertyDependencies.target).toEqual([cert.urn]);
        for (const association of ofType(
            run.resources,
            "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls",
        )) {
            expect(association.dependencies).toContain(certReady.urn);
            const hostname = (association.inputs.configs as { hostname: string }[])[0].hostname;
            const wait = one(run.resources, READY, (r) => r.inputs.kind === "hostname" && r.inputs.target === hostname);
            expect(wait.dependencies).toContain(association.urn);
            expect(wait.propertyDependencies.certificateId).toEqual([cert.urn]);
            const record = one(run.resources, T.dns, (r) => r.inputs.name === hostname);
            expect(record.dependencies).toContain(wait.urn);
        }
        expect(ready).toHaveLength(5); // the certificate, and web, api, mcp, mock
        // The token the waits read with is a secret input, never plain state.
        for (const r of ready) expect(isSecretEnvelope(r.inputs.apiToken)).toBe(true);
    });

    it("gives the webhook ingress hostname a proxied originless record (only the Worker answers there)", () => {
        const hooks = one(run.resources, T.dns, (r) => r.inputs.name === "hooks-main.osprey-strike.com");
        expect(hooks.inputs).toMatchObject({ type: "AAAA", content: "100::", proxied: true });
        expect(run.outputs.outputs.twilioWebhookUrl).toBe("https://hooks-main.osprey-strike.com/webhooks/twilio");
    });
});

describe("zone singletons (main owns them)", () => {
    it("sets SSL Full (strict), minimum TLS 1.2 and Always Use HTTPS", () => {
        const settings = ofType(run.resources, T.zoneSetting).map((r) => [r.inputs.settingId, r.inputs.value]);
        expect(Object.fromEntries(settings)).toEqual({ ssl: "strict", min_tls_version: "1.2", always_use_https: "on" });
    });

    it('normalizes URLs for Access AND for the origin: type "cloudflare", scope "both" (never "incoming")', () => {
        const n = ofType(run.resources, "cloudflare:index/urlNormalizationSettings:UrlNormalizationSettings");
        expect(n.map((r) => r.inputs)).toEqual([{ zoneId: cfg.zone.zoneId, type: "cloudflare", scope: "both" }]);
    });

    it("deploys the Cloudflare Free Managed Ruleset on the whole zone", () => {
        const waf = one(run.resources, T.ruleset, (r) => r.inputs.phase === "http_request_firewall_managed");
        expect(waf.inputs).toMatchObject({ kind: "zone", zoneId: cfg.zone.zoneId });
        expect(waf.inputs.rules).toEqual([
            expect.objectContaining({
                action: "execute",
                expression: "true",
                actionParameters: { id: FREE_MANAGED_RULESET_ID },
            }),
        ]);
    });

    it("rate-limits the webhook path within the free plan's limits (10 s period and timeout, counted per IP and data center)", () => {
        const rl = one(run.resources, T.ruleset, (r) => r.inputs.phase === "http_ratelimit");
        const [rule] = rl.inputs.rules as Record<string, unknown>[];
        expect(rule.action).toBe("block");
        expect(rule.expression).toBe('starts_with(http.request.uri.path, "/webhooks/twilio")');
        expect(rule.ratelimit).toEqual({
            characteristics: ["ip.src", "cf.colo.id"],
            period: 10,
            mitigationTimeout: 10,
            requestsPerPeriod: cfg.platform!.zoneSettings.webhookRateLimitRequests,
        });
        // Free plan: no Host field in rate-limit expressions, so the rule must not try to scope by hostname.
        expect(rule.expression).not.toMatch(/http\.host/);
    });

    it("creates the account's one-time-PIN identity provider and exports its ID for demo", () => {
        const otp = one(run.resources, T.idp, (r) => r.inputs.type === "onetimepin");
        expect(run.outputs.outputs.oneTimePinIdpId).toBe(idOf("main", otp));
        expect(run.outputs.outputs.oneTimePinIdpId).toMatch(UUID_RE);
    });
});

describe("Access", () => {
    const app = () => one(run.resources, T.app, byName("main-access-app"));
    const policy = (name: string) => one(run.resources, T.policy, byName(name));

    it("covers the environment's hostnames with the configured session duration", () => {
        expect(app().inputs.sessionDuration).toBe(cfg.access.sessionDuration);
        expect(app().inputs.sessionDuration).toBe("12h"); // Pulumi.main.yaml
        expect((app().inputs.destinations as { uri: string }[]).map((d) => d.uri)).toEqual([
            "main.osprey-strike.com",
            "api-main.osprey-strike.com",
            "mcp-main.osprey-strike.com",
            "mock-main.osprey-strike.com",
        ]);
    });

    it("lets the configured office/VPN ranges bypass login first, then Workspace users, then the PIN stakeholders", () => {
        const bypass = policy("main-access-office-bypass");
        expect(bypass.inputs.decision).toBe("bypass");
        expect(bypass.inputs.includes).toEqual(cfg.access.officeBypassCidrs.map((ip) => ({ ip: { ip } })));
        expect(cfg.access.officeBypassCidrs.length).toBeGreaterThan(0);
        expect(app().inputs.policies).toEqual([
            { id: idOf("main", bypass), precedence: 1 },
            { id: idOf("main", policy("main-access-workspace")), precedence: 2 },
            { id: idOf("main", policy("main-access-external-stakeholders")), precedence: 3 },
        ]);
    });

    it("admits Workspace users only through the Google Workspace IdP restricted to the workspace domain", () => {
        const google = one(run.resources, T.idp, (r) => r.inputs.type === "google-apps");
        const config = revealDeep(google.inputs.config) as Record<string, unknown>;
        expect(config).toEqual({
            appsDomain: cfg.access.googleWorkspaceDomain,
            clientId: cfg.access.googleClientId,
            clientSecret: SECRETS.googleClientSecret,
        });
        expect(plainStrings(google.inputs.config)).not.toContain(SECRETS.googleClientSecret);
        expect(policy("main-access-workspace").inputs).toMatchObject({
            decision: "allow",
            includes: [{ emailDomain: { domain: cfg.access.googleWorkspaceDomain } }],
            requires: [{ loginMethod: { id: idOf("main", google) } }],
        });
    });

    it("admits the configured external stakeholders by email one-time PIN", () => {
        const otp = one(run.resources, T.idp, (r) => r.inputs.type === "onetimepin");
        expect(policy("main-access-external-stakeholders").inputs).toMatchObject({
            decision: "allow",
            includes: cfg.access.externalEmails.map((email) => ({ email: { email } })),
            requires: [{ loginMethod: { id: idOf("main", otp) } }],
        });
        expect(app().inputs.allowedIdps).toContain(idOf("main", otp));
    });

    it("puts a Service Auth policy for the Worker's token, alone, on its own webhook-path application", () => {
        const token = one(run.resources, T.token);
        const serviceAuth = policy("main-access-webhook-service-auth");
        expect(serviceAuth.inputs).toMatchObject({
            decision: "non_identity",
            includes: [{ serviceToken: { tokenId: idOf("main", token) } }],
        });
        const webhookApp = one(run.resources, T.app, byName("main-access-webhook-app"));
        expect(webhookApp.inputs.destinations).toEqual([
            { type: "public", uri: "api-main.osprey-strike.com/webhooks/twilio" },
        ]);
        expect(webhookApp.inputs.policies).toEqual([{ id: idOf("main", serviceAuth), precedence: 1 }]);
        expect(webhookApp.inputs.serviceAuth401Redirect).toBe(true);
        // Non-expiring, on the secret version of config access.serviceTokenVersion (default 1; one more rotates it).
        expect(token.inputs).toMatchObject({
            duration: "forever",
            clientSecretVersion: cfg.access.serviceTokenVersion,
        });
        expect(cfg.access.serviceTokenVersion).toBe(1);
    });
});

describe("the twilio-webhook-fwd Worker", () => {
    const script = () => one(run.resources, T.script);
    const bindings = () => revealDeep(script().inputs.bindings) as { name: string; type: string; text: unknown }[];

    it("uploads the esbuild bundle as an ES module under the environment's name", () => {
        expect(script().inputs).toMatchObject({
            scriptName: "twilio-webhook-fwd-main",
            mainModule: expect.stringMatching(/\.mjs$/),
            contentType: "application/javascript+module",
            accountId: cfg.zone.accountId,
        });
        expect(script().inputs.content).toBe(bundleWorker());
    });

    it("binds every credential as secret_text holding a secret, and only ORIGIN_URL and WEBHOOK_PATH as plain text", () => {
        const token = one(run.resources, T.token);
        const tokenState = stateOf("main", token);
        const expected: Record<string, string> = {
            TWILIO_AUTH_TOKEN: SECRETS.twilioAuthToken,
            CF_ACCESS_CLIENT_ID: tokenState.clientId as string,
            CF_ACCESS_CLIENT_SECRET: tokenState.clientSecret as string,
        };
        expect(tokenState.clientId).toMatch(/^[0-9a-f]{32}\.access$/);
        expect(tokenState.clientSecret).toMatch(/^[0-9a-f]{64}$/);
        const visible = plainStrings(script().inputs.bindings);
        for (const [name, value] of Object.entries(expected)) {
            const b = bindings().find((x) => x.name === name);
            expect(b).toEqual({ name, type: "secret_text", text: value });
            // Wrapped in Pulumi's secret envelope: not readable without unwrapping one.
            expect(visible).not.toContain(value);
        }
        expect(isSecretEnvelope(script().inputs.bindings)).toBe(true);
        expect(bindings().filter((b) => b.type !== "secret_text")).toEqual([
            { name: "ORIGIN_URL", type: "plain_text", text: "https://api-main.osprey-strike.com" },
            { name: "WEBHOOK_PATH", type: "plain_text", text: "/webhooks/twilio" },
        ]);
    });

    it("leaves no secret in the script or in plain text in any recorded input", () => {
        const token = stateOf("main", one(run.resources, T.token));
        const secrets = [SECRETS.twilioAuthToken, SECRETS.googleClientSecret, token.clientSecret as string];
        for (const s of secrets) expect(String(script().inputs.content)).not.toContain(s);
        const plain = run.resources.flatMap((r) => plainStrings(r.inputs));
        for (const s of secrets) expect(plain.filter((p) => p.includes(s))).toEqual([]);
    });

    it("runs on the webhook route of the ingress hostname and not on workers.dev", () => {
        expect(one(run.resources, T.route).inputs).toEqual({
            zoneId: cfg.zone.zoneId,
            pattern: "hooks-main.osprey-strike.com/webhooks/twilio*",
            script: "twilio-webhook-fwd-main",
        });
        expect(one(run.resources, T.subdomain).inputs).toMatchObject({
            scriptName: "twilio-webhook-fwd-main",
            enabled: false,
            previewsEnabled: false,
        });
    });
});
