/**
 * The Edge component for environment demo (Pulumi.demo.yaml: does not own the zone settings, no bypass ranges) on the
 * mock cloud, with main's one-time-PIN IdP ID handed in as PlatformOutputs would.
 */
import { Edge } from "../../components/edge";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
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
} from "./helpers";

const cfg = stackConfig("demo");
/** Stands in for main's exported accessOneTimePinIdpId (a UUID, as the Access API returns). */
const MAINS_OTP_IDP_ID = "0d6c2f4e-9a1b-4c3d-8e5f-1a2b3c4d5e6f";
let run: ProgramRun;
let exportedIdpId: unknown = "not read";

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "demo",
        program: () => {
            const edge = new Edge("demo", edgeArgsFrom(cfg, { oneTimePinIdpId: MAINS_OTP_IDP_ID }));
            exportedIdpId = edge.oneTimePinIdpId;
            return { albHostname: edge.albHostname, workerName: edge.workerName };
        },
    });
});

const byName = (name: string) => (r: { name: string }) => r.name === name;

it("proxies only web and api (demo runs API and Web) to demo's own ALB", () => {
    const alb = run.outputs.outputs.albHostname as string;
    expect(alb).toMatch(albDnsRe("demo"));
    const records = ofType(run.resources, T.dns).filter((r) => r.inputs.type === "CNAME");
    expect(records.map((r) => r.inputs.name).sort()).toEqual(["api-demo.osprey-strike.com", "demo.osprey-strike.com"]);
    for (const r of records) expect(revealDeep(r.inputs)).toMatchObject({ content: alb, proxied: true, ttl: 1 });
    expect(one(run.resources, T.dns, (r) => r.inputs.type === "AAAA").inputs).toMatchObject({
        name: "hooks-demo.osprey-strike.com",
        proxied: true,
    });
});

it("creates none of the zone/account singletons (main owns them) and exports no IdP ID", () => {
    expect(cfg.ownsPlatform).toBe(false);
    expect(ofType(run.resources, T.zoneSetting)).toEqual([]);
    expect(ofType(run.resources, T.ruleset)).toEqual([]);
    expect(ofType(run.resources, "cloudflare:index/urlNormalizationSettings:UrlNormalizationSettings")).toEqual([]);
    expect(ofType(run.resources, T.idp).map((r) => r.inputs.type)).toEqual(["google-apps"]);
    expect(exportedIdpId).toBeUndefined();
});

it("has no bypass policy: every demo visitor authenticates", () => {
    const policies = ofType(run.resources, T.policy);
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.filter((p) => p.inputs.decision === "bypass")).toEqual([]);
    const app = one(run.resources, T.app, byName("demo-access-app"));
    expect(app.inputs.policies).toEqual([
        { id: idOf("demo", one(run.resources, T.policy, byName("demo-access-workspace"))), precedence: 1 },
        { id: idOf("demo", one(run.resources, T.policy, byName("demo-access-external-stakeholders"))), precedence: 2 },
    ]);
});

it("uses demo's session duration and main's one-time-PIN IdP for the external stakeholders", () => {
    const app = one(run.resources, T.app, byName("demo-access-app"));
    expect(app.inputs.sessionDuration).toBe(cfg.access.sessionDuration);
    expect(app.inputs.sessionDuration).toBe("8h"); // Pulumi.demo.yaml
    expect(app.inputs.allowedIdps).toContain(MAINS_OTP_IDP_ID);
    expect(one(run.resources, T.policy, byName("demo-access-external-stakeholders")).inputs).toMatchObject({
        includes: cfg.access.externalEmails.map((email) => ({ email: { email } })),
        requires: [{ loginMethod: { id: MAINS_OTP_IDP_ID } }],
    });
});

it("guards demo's webhook path with its own token's Service Auth policy", () => {
    const token = one(run.resources, T.token);
    const serviceAuth = one(run.resources, T.policy, byName("demo-access-webhook-service-auth"));
    expect(serviceAuth.inputs).toMatchObject({
        decision: "non_identity",
        includes: [{ serviceToken: { tokenId: idOf("demo", token) } }],
    });
    const webhookApp = one(run.resources, T.app, byName("demo-access-webhook-app"));
    expect(webhookApp.inputs).toMatchObject({
        destinations: [{ type: "public", uri: "api-demo.osprey-strike.com/webhooks/twilio" }],
        policies: [{ id: idOf("demo", serviceAuth), precedence: 1 }],
    });
});

it("deploys its own Worker whose credentials are secret bindings, absent from the script", () => {
    expect(run.outputs.outputs.workerName).toBe("twilio-webhook-fwd-demo");
    const script = one(run.resources, T.script);
    const tokenState = stateOf("demo", one(run.resources, T.token));
    expect(revealDeep(script.inputs.bindings)).toEqual([
        { name: "TWILIO_AUTH_TOKEN", type: "secret_text", text: SECRETS.twilioAuthToken },
        { name: "CF_ACCESS_CLIENT_ID", type: "secret_text", text: tokenState.clientId },
        { name: "CF_ACCESS_CLIENT_SECRET", type: "secret_text", text: tokenState.clientSecret },
        { name: "ORIGIN_URL", type: "plain_text", text: "https://api-demo.osprey-strike.com" },
        { name: "WEBHOOK_PATH", type: "plain_text", text: "/webhooks/twilio" },
    ]);
    const secrets = [SECRETS.twilioAuthToken, tokenState.clientId as string, tokenState.clientSecret as string];
    const visible = run.resources.flatMap((r) => plainStrings(r.inputs));
    for (const s of secrets) {
        expect(visible.filter((v) => v.includes(s))).toEqual([]);
        expect(String(script.inputs.content)).not.toContain(s);
    }
    expect(one(run.resources, T.route).inputs.pattern).toBe("hooks-demo.osprey-strike.com/webhooks/twilio*");
});
