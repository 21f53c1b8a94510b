/**
 * The edge layer's config keys (edgeEnabled, ownsZoneSettings, albHostname, webhookRateLimitRequests): the stack files'
 * values, and every bad value refused with its key named.
 */
import { parseConfig } from "../../config/parse";
import { PROJECT } from "../../config/schema";
import { problemsOf, rawOf } from "./helpers";

describe("stack files", () => {
    it("main owns the zone settings, demo does not; both deploy the edge and look their ALB up", () => {
        const main = parseConfig(rawOf("main"));
        const demo = parseConfig(rawOf("demo"));
        expect([main.ownsZoneSettings, demo.ownsZoneSettings]).toEqual([true, false]);
        expect([main.edgeEnabled, demo.edgeEnabled]).toEqual([true, true]);
        expect([main.albHostname, demo.albHostname]).toEqual(["", ""]);
        expect(main.webhookRateLimitRequests).toBe(100);
    });

    it("defaults: edge on, ALB looked up, 100 requests per 10 s", () => {
        const unset = new Set(["edgeEnabled", "albHostname", "webhookRateLimitRequests"]);
        const cfg = parseConfig(Object.fromEntries(Object.entries(rawOf("main")).filter(([k]) => !unset.has(k))));
        expect([cfg.edgeEnabled, cfg.albHostname, cfg.webhookRateLimitRequests]).toEqual([true, "", 100]);
    });
});

describe("bad edge config is refused with the key named", () => {
    const main = rawOf("main");
    const demo = rawOf("demo");
    const cases: [string, Record<string, string | undefined>, string, RegExp][] = [
        [
            "no ownsZoneSettings",
            { ...main, ownsZoneSettings: undefined },
            "ownsZoneSettings",
            /missing; set it with `pulumi config set osprey-strike:ownsZoneSettings/,
        ],
        ["a non-boolean ownsZoneSettings", { ...main, ownsZoneSettings: "main" }, "ownsZoneSettings", /not true or false/],
        ["demo owning the zone settings", { ...demo, ownsZoneSettings: "true" }, "ownsZoneSettings", /must equal ownsPlatform \(false\)/],
        ["main not owning them", { ...main, ownsZoneSettings: "false" }, "ownsZoneSettings", /must equal ownsPlatform \(true\)/],
        [
            "an ALB hostname with a scheme",
            { ...main, albHostname: "https://k8s-ospreymain-0123456789-1234567890.us-east-1.elb.amazonaws.com" },
            "albHostname",
            /not a lower-case DNS name/,
        ],
        ["an upper-case ALB hostname", { ...main, albHostname: "K8S-OSPREYMAIN.elb.amazonaws.com" }, "albHostname", /not a lower-case DNS name/],
        ["a zero rate limit", { ...main, webhookRateLimitRequests: "0" }, "webhookRateLimitRequests", /out of range/],
        ["a rate limit that is not a number", { ...main, webhookRateLimitRequests: "lots" }, "webhookRateLimitRequests", /not an integer/],
        ["a non-boolean edgeEnabled", { ...main, edgeEnabled: "later" }, "edgeEnabled", /not true or false/],
    ];
    it.each(cases)("%s", (_what, raw, key, message) => {
        const problems = problemsOf(raw);
        expect(problems).toHaveLength(1);
        expect(problems[0].startsWith(`${PROJECT}:${key}:`)).toBe(true);
        expect(problems[0]).toMatch(message);
    });

    it("accepts an ALB DNS name in ELB's format", () => {
        expect(problemsOf({ ...main, albHostname: "k8s-ospreymain-0123456789-1234567890.us-east-1.elb.amazonaws.com" })).toEqual([]);
    });
});
