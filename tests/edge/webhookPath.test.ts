/**
 * The no-OIDC webhook rule serves only the path Access judged as the webhook path. Cloudflare Access judges the
 * normalized URL; the ALB routes what it receives. Two controls, each tested alone: the webhook Ingress is Exact (the
 * ALB's rule for it matches /webhooks/twilio and nothing else, whatever the path spells), and the zone's URL
 * normalization also applies to what the origin receives (scope "both"), so the ALB sees the path Access judged.
 * The models (tests/edge/requestPath.ts) are checked first against Cloudflare's own table of examples.
 */
import { URL_NORMALIZATION } from "../../components/edge/zoneRules";
import { TWILIO_WEBHOOK_PATH } from "../../components/edge/hostnames";
import { WEBHOOK_INGRESS } from "../../components/cluster/ingressAdmission";
import { ENVIRONMENTS } from "../../lib/naming";
import { render } from "../kubernetes/render";
import {
    albPathPatterns,
    albRuleFor,
    albRules,
    edgePath,
    normalizePath,
    originPath,
    removeDotSegments,
    UrlNormalization,
} from "./requestPath";

/** developers.cloudflare.com/rules/normalization/examples: incoming, type, incoming on, origin on -> edge, origin. */
const CLOUDFLARE_EXAMPLES: [string, "cloudflare" | "rfc3986" | "any", boolean, boolean, string, string][] = [
    ["/hello", "any", false, false, "/hello", "/hello"],
    ["/hello", "any", true, false, "/hello", "/hello"],
    ["/hello", "any", true, true, "/hello", "/hello"],
    ["/%68ello", "any", false, false, "/%68ello", "/%68ello"],
    ["/%68ello", "any", true, false, "/hello", "/%68ello"],
    ["/%68ello", "any", true, true, "/hello", "/hello"],
    ["/%68ello//pa\\th", "rfc3986", false, false, "/%68ello//pa\\th", "/%68ello//pa\\th"],
    ["/%68ello//pa\\th", "rfc3986", true, false, "/hello//pa%5Cth", "/%68ello//pa\\th"],
    ["/%68ello//pa\\th", "rfc3986", true, true, "/hello//pa%5Cth", "/hello//pa%5Cth"],
    ["/%68ello//pa\\th", "cloudflare", false, false, "/%68ello//pa\\th", "/%68ello//pa\\th"],
    ["/%68ello//pa\\th", "cloudflare", true, false, "/hello/pa/th", "/%68ello//pa\\th"],
    ["/%68ello//pa\\th", "cloudflare", true, true, "/hello/pa/th", "/hello/pa/th"],
    ["/hello//../path", "rfc3986", true, true, "/hello/path", "/hello/path"],
    ["/hello//../path", "cloudflare", true, true, "/path", "/path"],
    ["/hello/\\../path", "rfc3986", true, true, "/hello/%5C../path", "/hello/%5C../path"],
    ["/hello/\\../path", "cloudflare", true, true, "/path", "/path"],
];

/** Spellings that reach another path through the webhook path, and the webhook path's own near misses. */
const ATTACKS = [
    "/webhooks/twilio/../../x",
    "/webhooks/twilio/../../admin/users",
    "/webhooks/twilio/%2e%2e/%2e%2e/x",
    "/webhooks/twilio/%2E%2E/%2E%2E/x",
    "/webhooks/twilio//../../x",
    "/webhooks/twilio\\..\\..\\x",
    "/webhooks/twilio/./../../x",
    "/webhooks/twilio/",
    "/webhooks/twilio/sub",
    "/webhooks/twilioX",
];

describe("the models, against their sources", () => {
    it("reproduces every row of Cloudflare's URL normalization examples", () => {
        for (const [incoming, type, inOn, originOn, atEdge, atOrigin] of CLOUDFLARE_EXAMPLES)
            for (const t of type === "any" ? (["cloudflare", "rfc3986"] as const) : [type]) {
                const n: UrlNormalization = { type: t, scope: originOn ? "both" : inOn ? "incoming" : "none" };
                expect([incoming, t, n.scope, edgePath(incoming, n), originPath(incoming, n)]).toEqual([
                    incoming,
                    t,
                    n.scope,
                    atEdge,
                    atOrigin,
                ]);
            }
    });

    it("removes dot segments as RFC 3986 5.2.4's examples do", () => {
        expect(removeDotSegments("/a/b/c/./../../g")).toBe("/a/g");
        expect(removeDotSegments("mid/content=5/../6")).toBe("mid/6");
        expect(normalizePath("/webhooks/twilio/../../x", "cloudflare")).toBe("/x");
    });

    it("builds the controller's path-patterns: Exact one value, Prefix the path and path/*", () => {
        expect(albPathPatterns("/webhooks/twilio", "Exact")).toEqual(["/webhooks/twilio"]);
        expect(albPathPatterns("/webhooks/twilio", "Prefix")).toEqual(["/webhooks/twilio", "/webhooks/twilio/*"]);
        expect(albPathPatterns("/", "Prefix")).toEqual(["/*"]);
    });
});

describe.each(ENVIRONMENTS.map((e) => [e]))("%s: which ALB rule serves a path on the api host", (env) => {
    const ingresses = render("api", env).filter((o) => o.kind === "Ingress") as unknown as Parameters<
        typeof albRules
    >[0];
    const rules = albRules(ingresses);
    const webhook = rules.find((r) => r.ingress === WEBHOOK_INGRESS.name)!;

    it("has the webhook rule first, without OIDC, on the one exact path; everything else on the OIDC rule", () => {
        expect(webhook).toMatchObject({ order: 10, auth: "none", patterns: [TWILIO_WEBHOOK_PATH] });
        expect(albRuleFor(rules, TWILIO_WEBHOOK_PATH)).toBe(webhook);
        expect(albRuleFor(rules, "/anything")?.auth).toBe("oidc");
    });

    it("Exact: no spelling through the webhook path reaches the no-OIDC rule, even as the origin receives it raw", () => {
        for (const path of ATTACKS) expect([path, albRuleFor(rules, path)?.auth]).toEqual([path, "oidc"]);
    });

    it("the model itself: a Prefix webhook rule would serve the dot-segment path without OIDC", () => {
        const prefix = ingresses.map((i) =>
            i.metadata.name === WEBHOOK_INGRESS.name
                ? {
                      ...i,
                      spec: {
                          rules: [{ http: { paths: [{ path: TWILIO_WEBHOOK_PATH, pathType: "Prefix" }] } }],
                      },
                  }
                : i,
        );
        expect(albRuleFor(albRules(prefix), "/webhooks/twilio/../../x")?.auth).toBe("none");
    });
});

describe("the zone's URL normalization reaches the origin", () => {
    it('is the Cloudflare type with scope "both"', () => {
        expect(URL_NORMALIZATION).toEqual({ type: "cloudflare", scope: "both" });
    });

    it("so the origin receives the path Access judged, for every spelling", () => {
        for (const path of ATTACKS)
            expect([path, originPath(path, URL_NORMALIZATION)]).toEqual([path, edgePath(path, URL_NORMALIZATION)]);
        expect(originPath("/webhooks/twilio/../../x", URL_NORMALIZATION)).toBe("/x");
    });

    it('the model itself: with scope "incoming" the origin would receive the path Access never judged', () => {
        const incoming: UrlNormalization = { ...URL_NORMALIZATION, scope: "incoming" };
        expect(edgePath("/webhooks/twilio/../../x", incoming)).toBe("/x");
        expect(originPath("/webhooks/twilio/../../x", incoming)).toBe("/webhooks/twilio/../../x");
    });

    it.each(ENVIRONMENTS.map((e) => [e]))(
        "%s: with both controls, a request the no-OIDC rule serves is one Access judged as the webhook path",
        (env) => {
            const rules = albRules(
                render("api", env).filter((o) => o.kind === "Ingress") as unknown as Parameters<typeof albRules>[0],
            );
            for (const path of [...ATTACKS, TWILIO_WEBHOOK_PATH, "/x/../webhooks/twilio"]) {
                const served = albRuleFor(rules, originPath(path, URL_NORMALIZATION));
                if (served?.auth === "none")
                    expect([path, edgePath(path, URL_NORMALIZATION)]).toEqual([path, TWILIO_WEBHOOK_PATH]);
            }
        },
    );
});
