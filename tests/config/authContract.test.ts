/**
 * The identity settings (config/settings.ts `keycloak` and `platform.identity`, lib/authContract.ts): the Keycloak server's
 * URL and admin client for every stack, the realm's lifetimes and groups only for the platform's owner, and the rule
 * that keeps Keycloak out of the environments' Access applications (the ALB's token and userinfo calls cannot log in).
 */
import { parseConfig } from "../../config/parse";
import { SECRETS } from "../../config/settings";
import { albRedirectUris, durationSeconds, SYSTEM_ADMINISTRATOR_CLAIM_VALUE } from "../../lib/authContract";
import { problemsOf, rawOf } from "./helpers";

const main = rawOf("main");
const demo = rawOf("demo");
const withLayer = (raw: Record<string, string>, layer: string, value: unknown) => ({
    ...raw,
    [layer]: JSON.stringify(value),
});
const identity = (value: Record<string, unknown>) =>
    withLayer(main, "platform", { ...JSON.parse(main.platform), identity: value });

it("reads the Keycloak server and admin client in both stacks, the realm only in the platform's owner", () => {
    const m = parseConfig(main, "main");
    const d = parseConfig(demo, "demo");
    expect(m.keycloak).toEqual({
        url: "https://auth.osprey-strike.com",
        adminRealm: "master",
        adminClientId: "osprey-pulumi",
    });
    expect(d.keycloak).toEqual(m.keycloak);
    if (!m.ownsPlatform) throw new Error("main must own the platform");
    expect(m.platform.identity).toEqual({
        realm: "osprey",
        accessTokenLifespan: "5m",
        ssoSessionIdleTimeout: "8h",
        ssoSessionMaxLifespan: "12h",
        groups: ["system-administrator"],
    });
});

it("has no hand-set ALB client secret any more: only the admin client's", () => {
    expect(Object.keys(SECRETS)).toContain("keycloakAdminClientSecret");
    expect(Object.keys(SECRETS)).not.toContain("keycloakClientSecret");
    expect(problemsOf({ ...main, keycloakClientSecret: "x" })).toEqual([
        expect.stringMatching(/^osprey-strike:keycloakClientSecret: unknown key/),
    ]);
});

it("refuses a realm setting in demo, naming where it belongs", () => {
    expect(problemsOf(withLayer(demo, "platform", { identity: { groups: ["system-administrator", "ops"] } }))).toEqual([
        expect.stringMatching(
            /^osprey-strike:platform\.identity\.groups: set in stack "demo", which does not own the platform.*\(main\)/,
        ),
    ]);
});

it.each([
    ["https://auth.osprey-strike.com/auth", /is not https:\/\/<host>\[:port\]/],
    ["http://auth.osprey-strike.com", /is not https:\/\/<host>\[:port\]/],
    ["https://auth.osprey-strike.com/", /is not https:\/\/<host>\[:port\]/],
])("refuses the Keycloak URL %s", (url, message) => {
    expect(problemsOf(withLayer(main, "keycloak", { url }))).toEqual([
        expect.stringMatching(new RegExp(`^osprey-strike:keycloak\\.url: .*${message.source}`)),
    ]);
});

it.each([
    "https://main.osprey-strike.com",
    "https://api-demo.osprey-strike.com",
    "https://auth-main.osprey-strike.com:8443",
    "https://kc.demo.osprey-strike.com",
])("refuses Keycloak at %s, behind an environment's Access application", (url) => {
    expect(problemsOf(withLayer(main, "keycloak", { url }))).toEqual([
        expect.stringMatching(
            /^osprey-strike:keycloak\.url: ".*" is a hostname of environment (main|demo), behind its Cloudflare Access application/,
        ),
    ]);
});

it.each(["https://auth.osprey-strike.com", "https://keycloak.example.org", "https://auth.osprey-strike.com:8443"])(
    "accepts Keycloak at %s",
    (url) => {
        expect(problemsOf(withLayer(main, "keycloak", { url }))).toEqual([]);
    },
);

it("requires the system-administrator group, and refuses a path, a duplicate or a bad name", () => {
    expect(problemsOf(identity({ groups: ["admins"] }))).toEqual([
        expect.stringMatching(/identity\.groups: must include "system-administrator"/),
    ]);
    expect(problemsOf(identity({ groups: ["system-administrator", "/tenants/acme"] }))).toEqual([
        expect.stringMatching(/item 1 "\/tenants\/acme" is not a group name/),
    ]);
    expect(problemsOf(identity({ groups: ["system-administrator", "system-administrator"] }))).toEqual([
        expect.stringMatching(/lists a group twice/),
    ]);
    expect(problemsOf(identity({ groups: ["system-administrator", "tenant-admin"] }))).toEqual([]);
});

it("refuses lifetimes that are not durations or that contradict each other", () => {
    expect(problemsOf(identity({ accessTokenLifespan: "5 minutes" }))).toEqual([
        expect.stringMatching(/accessTokenLifespan: "5 minutes" is not a duration/),
    ]);
    expect(problemsOf(identity({ ssoSessionIdleTimeout: "13h" }))).toEqual([
        expect.stringMatching(/ssoSessionIdleTimeout: 13h is longer than ssoSessionMaxLifespan \(12h\)/),
    ]);
    expect(problemsOf(identity({ accessTokenLifespan: "9h" }))).toEqual([
        expect.stringMatching(/accessTokenLifespan: 9h outlives the SSO session idle timeout/),
    ]);
});

it("reads Keycloak durations as the provider writes them (Go durations)", () => {
    expect(["5m", "8h", "1h30m", "90s", "0m", "1d", ""].map(durationSeconds)).toEqual([
        300,
        28800,
        5400,
        90,
        undefined,
        undefined,
        undefined,
    ]);
});

it("gives the API one string to compare for a system administrator: the group's full path", () => {
    expect(SYSTEM_ADMINISTRATOR_CLAIM_VALUE).toBe("/system-administrator");
    expect(albRedirectUris(["main.osprey-strike.com"])).toEqual(["https://main.osprey-strike.com/oauth2/idpresponse"]);
});
