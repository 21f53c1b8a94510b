/**
 * The config loader: both stack files pass; every bad value is refused with its key named and the fix
 * given, all problems in ONE message; secrets are never echoed; Pulumi.yaml declares exactly the schema.
 */
import { ConfigError, parseConfig } from "../../config/parse";
import { PROJECT, SCHEMA } from "../../config/schema";
import { loadStackConfig, readProjectFile } from "../../harness/stackConfig";
import { problemsOf, rawOf } from "./helpers";

describe("stack files", () => {
    it.each(["main", "demo"])("accepts Pulumi.%s.yaml", (stack) => {
        const cfg = parseConfig(rawOf(stack));
        expect(cfg.environment).toBe(stack);
    });

    it("main owns the platform; demo references main by name", () => {
        expect(parseConfig(rawOf("main")).ownsPlatform).toBe(true);
        const demo = parseConfig(rawOf("demo"));
        expect(demo.ownsPlatform).toBe(false);
        expect(demo.platformStack).toMatch(/\/osprey-strike\/main$/);
    });

    it("follows the seed: main runs two API replicas, demo one; demo has no bypass ranges", () => {
        expect(parseConfig(rawOf("main")).apiReplicas).toBe(2);
        expect(parseConfig(rawOf("demo")).apiReplicas).toBe(1);
        expect(parseConfig(rawOf("demo")).accessOfficeBypassCidrs).toEqual([]);
    });

    it.each(["main", "demo"])("Pulumi.%s.yaml sets every non-secret key explicitly", (stack) => {
        const { config } = loadStackConfig(stack);
        const yaml = require("node:fs").readFileSync(`${__dirname}/../../Pulumi.${stack}.yaml`, "utf8") as string;
        for (const [key, spec] of Object.entries(SCHEMA)) {
            if ("secret" in spec && spec.secret) continue;
            expect(yaml).toContain(`${PROJECT}:${key}:`);
            expect(config[`${PROJECT}:${key}`]).toBeDefined();
        }
        expect(config["aws:region"]).toBe("us-east-1");
    });
});

describe("Pulumi.yaml declares exactly the schema", () => {
    const declared = readProjectFile().config as Record<string, Record<string, unknown>>;
    it("has the same keys in the same order", () => {
        expect(Object.keys(declared)).toEqual(Object.keys(SCHEMA));
    });
    it.each(Object.keys(SCHEMA))("%s: type, description, secret and default match", (key) => {
        const spec = SCHEMA[key as keyof typeof SCHEMA] as { type: string; description: string; secret?: boolean; default?: unknown };
        expect(declared[key].type).toBe(spec.type);
        expect(declared[key].description).toBe(spec.description);
        expect(Boolean(declared[key].secret)).toBe(Boolean(spec.secret));
        expect(declared[key].default).toEqual(spec.default);
        if (spec.type === "array") expect(declared[key].items).toEqual({ type: "string" });
    });
});

describe("bad config is refused with the key named", () => {
    const main = rawOf("main");
    const demo = rawOf("demo");
    const cases: [string, Record<string, string | undefined>, string, RegExp][] = [
        ["a bad domain", { ...main, domain: "https://Osprey.com/" }, "domain", /not a lower-case DNS name/],
        [
            "an environment domain two levels under the zone",
            { ...main, environmentDomain: "app.main.osprey-strike.com" },
            "environmentDomain",
            /exactly one label under/,
        ],
        ["an environment domain outside the zone", { ...main, environmentDomain: "main.other.com" }, "environmentDomain", /not inside the zone/],
        ["a malformed bypass CIDR", { ...main, accessOfficeBypassCidrs: '["203.0.113.0/33"]' }, "accessOfficeBypassCidrs", /item 0 .* not an IPv4 CIDR/],
        ["a bypass CIDR with host bits", { ...main, accessOfficeBypassCidrs: '["203.0.113.7/24"]' }, "accessOfficeBypassCidrs", /host bits set/],
        ["a /0 bypass", { ...main, accessOfficeBypassCidrs: '["0.0.0.0/0"]' }, "accessOfficeBypassCidrs", /whole internet/],
        ["an IPv6 bypass with host bits", { ...main, accessOfficeBypassCidrs: '["2001:db8::1/48"]' }, "accessOfficeBypassCidrs", /host bits set/],
        ["a bypass list that is not a list", { ...main, accessOfficeBypassCidrs: "203.0.113.0/24" }, "accessOfficeBypassCidrs", /not a list of strings/],
        ["replicas below 1", { ...main, apiReplicas: "0" }, "apiReplicas", /out of range/],
        ["replicas not a number", { ...main, webReplicas: "two" }, "webReplicas", /not an integer/],
        ["an unknown environment", { ...main, environment: "staging" }, "environment", /not one of "main", "demo"/],
        ["a bypass list on demo", { ...demo, accessOfficeBypassCidrs: '["203.0.113.0/24"]' }, "accessOfficeBypassCidrs", /demo always requires authentication/],
        ["a non-owning stack without a reference", { ...demo, platformStack: "" }, "platformStack", /required when ownsPlatform is false/],
        ["an owning stack with a reference", { ...main, platformStack: "org/osprey-strike/other" }, "platformStack", /must be empty/],
        ["a malformed reference", { ...demo, platformStack: "main" }, "platformStack", /not "<org>\/osprey-strike\/<stack>"/],
        ["a bad boolean", { ...main, ownsPlatform: "yes" }, "ownsPlatform", /not true or false/],
        ["a bad Cloudflare zone ID", { ...main, cloudflareZoneId: "zone" }, "cloudflareZoneId", /32 lower-case hex/],
        ["a bad external email", { ...main, accessExternalEmails: '["not-an-email"]' }, "accessExternalEmails", /not an email address/],
        ["a bad session duration", { ...main, accessSessionDuration: "forever" }, "accessSessionDuration", /not a duration/],
        ["a public VPC block", { ...main, vpcCidr: "8.8.0.0/16" }, "vpcCidr", /not a private/],
        ["a VPC block too small", { ...main, vpcCidr: "10.40.0.0/24" }, "vpcCidr", /use a \/16 to \/20/],
        ["one AZ", { ...main, availabilityZoneCount: "1" }, "availabilityZoneCount", /out of range/],
        ["an unknown NAT strategy", { ...main, natGatewayStrategy: "None" }, "natGatewayStrategy", /not one of/],
        ["a plural rate of one", { ...main, ipSyncSchedule: "rate(1 hours)" }, "ipSyncSchedule", /not an EventBridge schedule/],
        ["a bad alarm email", { ...main, alarmEmail: "ops" }, "alarmEmail", /not an email address/],
        ["a bad issuer URL", { ...main, keycloakIssuerUrl: "http://auth.example.com/realms/x" }, "keycloakIssuerUrl", /https:\/\/<host>\/realms/],
        ["a missing required key", { ...main, domain: undefined }, "domain", /missing; set it with `pulumi config set osprey-strike:domain/],
        ["a missing secret", { ...main, twilioAuthToken: undefined }, "twilioAuthToken", /pulumi config set --secret osprey-strike:twilioAuthToken/],
        ["a wildcard CI repository", { ...main, githubRepository: "osprey-strike/*" }, "githubRepository", /not owner\/repo/],
        ["a wildcard CI branch", { ...main, githubBranch: "release/*" }, "githubBranch", /not a branch name/],
        [
            "a malformed OIDC provider ARN",
            { ...main, githubOidcProviderArn: "arn:aws:iam::1:oidc-provider/x" },
            "githubOidcProviderArn",
            /oidc-provider\/token\.actions/,
        ],
        ["a bad Keycloak client ID", { ...main, keycloakClientId: "osprey alb" }, "keycloakClientId", /not a Keycloak client ID/],
        ["an unknown key", { ...main, replicas: "2" }, "replicas", /unknown key/],
    ];
    it.each(cases)("%s", (_what, raw, key, message) => {
        const problems = problemsOf(raw);
        expect(problems).toHaveLength(1);
        expect(problems[0].startsWith(`${PROJECT}:${key}:`)).toBe(true);
        expect(problems[0]).toMatch(message);
    });

    it("lists every problem in ONE error", () => {
        const raw = { ...demo, domain: "bad_domain", apiReplicas: "0", accessOfficeBypassCidrs: '["10.0.0.0/8"]', environment: "demo" };
        let error: unknown;
        try {
            parseConfig(raw);
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        const message = (error as Error).message;
        expect(message).toMatch(/3 problems/);
        for (const key of ["domain", "apiReplicas", "accessOfficeBypassCidrs"]) expect(message).toContain(`${PROJECT}:${key}:`);
    });

    it("never echoes a secret value", () => {
        const secret = "sk_live_do_not_print_me";
        const problems = problemsOf({ ...main, twilioAuthToken: secret, domain: "bad_domain", cloudflareApiToken: secret });
        expect(problems.join("\n")).not.toContain(secret);
        expect(problems.length).toBe(1);
    });
});
