/**
 * The edge's pure naming and validation logic, without the mock cloud: hostnames per environment, the webhook names,
 * the free-plan rate-limit expression, and every argument problem the Edge constructor throws on.
 */
import * as pulumi from "@pulumi/pulumi";
import { edgeArgProblems, EdgeArgs } from "../../components/edge";
import { accessArgProblems } from "../../components/edge/access";
import {
    appHostnames,
    twilioWebhookUrl,
    webhookAccessDestination,
    webhookRoutePattern,
    workerName,
} from "../../components/edge/hostnames";
import { rateLimitProblem, sessionDurationProblem, webhookRateLimitExpression } from "../../components/edge/zoneRules";
import { formatProblem } from "../../lib/problems";

describe("hostnames", () => {
    it("follows the requirements: main serves web, api, mcp and mock; demo web and api", () => {
        expect(appHostnames("main", "main.osprey-strike.com")).toEqual([
            { app: "web", hostname: "main.osprey-strike.com" },
            { app: "api", hostname: "api-main.osprey-strike.com" },
            { app: "mcp", hostname: "mcp-main.osprey-strike.com" },
            { app: "mock", hostname: "mock-main.osprey-strike.com" },
        ]);
        expect(appHostnames("demo", "demo.osprey-strike.com").map((h) => h.hostname)).toEqual([
            "demo.osprey-strike.com",
            "api-demo.osprey-strike.com",
        ]);
    });

    it("keeps Twilio's ingress (Worker, outside Access) apart from the protected api path it forwards to", () => {
        expect(twilioWebhookUrl("demo.osprey-strike.com")).toBe("https://hooks-demo.osprey-strike.com/webhooks/twilio");
        expect(webhookRoutePattern("demo.osprey-strike.com")).toBe("hooks-demo.osprey-strike.com/webhooks/twilio*");
        expect(webhookAccessDestination("demo.osprey-strike.com")).toBe("api-demo.osprey-strike.com/webhooks/twilio");
        expect(workerName("demo")).toBe("twilio-webhook-fwd-demo");
    });
});

describe("free-plan rules", () => {
    it("matches by path only (the free plan has no Host field), as a prefix because the route ends in *", () => {
        expect(webhookRateLimitExpression()).toBe('starts_with(http.request.uri.path, "/webhooks/twilio")');
        expect(webhookRateLimitExpression("/webhooks/twilio")).toBe('http.request.uri.path eq "/webhooks/twilio"');
        expect(() => webhookRateLimitExpression("/webhooks/*/twilio")).toThrow(/infix wildcard/);
    });

    /**
     * Cloudflare's route matching ("Matching behavior", developers.cloudflare.com/workers/configuration/routing/routes):
     * the only operator is `*`, zero or more of any character; the pattern is matched against the whole URL without the
     * scheme, query string included; a pattern without a trailing `*` matches that URL exactly.
     */
    const routeMatches = (pattern: string, hostAndPathAndQuery: string): boolean =>
        new RegExp(
            `^${pattern
                .split("*")
                .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                .join(".*")}$`,
        ).test(hostAndPathAndQuery);
    /** Evaluates the two expression forms webhookRateLimitExpression emits against a request path (query excluded). */
    const expressionMatches = (expression: string, path: string): boolean => {
        const prefix = /^starts_with\(http\.request\.uri\.path, "([^"]*)"\)$/.exec(expression);
        if (prefix) return path.startsWith(prefix[1]);
        const exact = /^http\.request\.uri\.path eq "([^"]*)"$/.exec(expression);
        if (exact) return path === exact[1];
        throw new Error(`unexpected expression ${expression}`);
    };

    it("the rate-limit rule covers exactly the paths the Worker route covers (one hostname, many probes)", () => {
        const pattern = webhookRoutePattern("main.osprey-strike.com");
        const host = "hooks-main.osprey-strike.com";
        const expression = webhookRateLimitExpression();
        const probes = [
            "/webhooks/twilio",
            "/webhooks/twilio/",
            "/webhooks/twilio/sms",
            "/webhooks/twilioX",
            "/webhooks/twili",
            "/webhooks",
            "/",
            "/api/webhooks/twilio",
            "/Webhooks/twilio",
            "/webhooks/twilio%2F..",
            "//webhooks/twilio",
        ];
        for (const path of probes) {
            for (const query of ["", "?bodySHA256=abc"]) {
                expect({ path, query, route: routeMatches(pattern, `${host}${path}${query}`) }).toEqual({
                    path,
                    query,
                    route: expressionMatches(expression, path),
                });
            }
        }
        // Sanity: the probes include both outcomes.
        expect(probes.filter((p) => routeMatches(pattern, `${host}${p}`)).length).toBeGreaterThan(2);
        expect(probes.filter((p) => !routeMatches(pattern, `${host}${p}`)).length).toBeGreaterThan(2);
    });

    it.each([[0], [10001], [2.5]])("refuses %p requests per period", (n) => {
        expect(rateLimitProblem(n)).toMatch(/^-?[\d.]+ is not an integer from 1 to 10000 \(requests per /);
    });
    it("accepts the configured default", () => expect(rateLimitProblem(100)).toBeUndefined());

    it.each(["12h", "30m"])("accepts session duration %s", (d) => expect(sessionDurationProblem(d)).toBeUndefined());
    it.each(["0h", "12", "1d", "2h45m", ""])("refuses session duration %p", (d) =>
        expect(sessionDurationProblem(d)).toMatch(/^".*" is not a duration like 12h or 30m$/),
    );
});

describe("Edge arguments", () => {
    const valid: EdgeArgs = {
        environment: "demo",
        domain: "osprey-strike.com",
        environmentDomain: "demo.osprey-strike.com",
        cloudflareAccountId: "0123456789abcdef0123456789abcdef",
        cloudflareZoneId: "fedcba9876543210fedcba9876543210",
        access: {
            googleWorkspaceDomain: "osprey-strike.com",
            googleClientId: "1-x.apps.googleusercontent.com",
            googleClientSecret: pulumi.secret("s"),
            externalEmails: [],
            officeBypassCidrs: [],
            sessionDuration: "8h",
        },
        twilioAuthToken: pulumi.secret("t"),
        cloudflareApiToken: pulumi.secret("c"),
        originPullCertificate: {
            certificatePem: "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
            privateKeyPem: pulumi.secret("k"),
        },
        ownsZoneSettings: false,
        oneTimePinIdpId: "0d6c2f4e-9a1b-4c3d-8e5f-1a2b3c4d5e6f",
    };

    it("accepts a valid demo", () => expect(edgeArgProblems(valid)).toEqual([]));

    it("refuses bypass ranges for demo, structurally (whatever the config loader did)", () => {
        const problems = edgeArgProblems({
            ...valid,
            access: { ...valid.access, officeBypassCidrs: ["203.0.113.0/24"] },
        });
        expect(problems.map(formatProblem)).toEqual([
            "access.officeBypassCidrs: demo always requires authentication; it must have no bypass ranges",
        ]);
        expect(
            accessArgProblems({
                environment: "main",
                officeBypassCidrs: ["203.0.113.0/24"],
                sessionDuration: "12h",
                hostnames: ["a.b.c"],
            }),
        ).toEqual([]);
    });

    it("refuses a service-token version that is not a whole number from 1", () => {
        for (const v of [0, 1.5, -1])
            expect(
                edgeArgProblems({ ...valid, access: { ...valid.access, serviceTokenVersion: v } }).map(formatProblem),
            ).toEqual([
                `access.serviceTokenVersion: ${v} must be a whole number from 1 (raise it by one to rotate the secret)`,
            ]);
        expect(edgeArgProblems({ ...valid, access: { ...valid.access, serviceTokenVersion: 2 } })).toEqual([]);
    });

    it("requires the owner's IdP ID exactly when this stack does not own the zone settings", () => {
        expect(edgeArgProblems({ ...valid, oneTimePinIdpId: undefined }).map(formatProblem)).toEqual([
            expect.stringMatching(/^oneTimePinIdpId: required when ownsZoneSettings is false/),
        ]);
        expect(edgeArgProblems({ ...valid, ownsZoneSettings: true }).map(formatProblem)).toEqual([
            expect.stringMatching(/^oneTimePinIdpId: must not be given/),
        ]);
    });

    it("lists every problem at once, each naming its field", () => {
        const problems = edgeArgProblems({
            ...valid,
            environmentDomain: "demo.other.com",
            cloudflareZoneId: "ZONE",
            webhookRateLimitRequests: 0,
            access: { ...valid.access, sessionDuration: "1 day" },
        });
        expect(problems.map((p) => p.propertyPath).sort()).toEqual([
            "access.sessionDuration",
            "cloudflareZoneId",
            "environmentDomain",
            "webhookRateLimitRequests",
        ]);
    });
});
