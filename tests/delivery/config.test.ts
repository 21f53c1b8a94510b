/** The delivery settings refuse bad input before anything is created, naming the key and the fix. */
import { problemsOf, rawOf } from "../config/helpers";

const main = rawOf("main");
const demo = rawOf("demo");
const withLayer = (raw: Record<string, string>, layer: string, patch: Record<string, unknown>) => ({
    ...raw,
    [layer]: JSON.stringify({ ...(raw[layer] === undefined ? {} : (JSON.parse(raw[layer]) as Record<string, unknown>)), ...patch }),
});

describe("delivery settings", () => {
    it("the stack files are valid as shipped", () => {
        expect(problemsOf(main)).toEqual([]);
        expect(problemsOf(demo)).toEqual([]);
    });

    it("refuses an organization that is not a Pulumi org name, and an unknown or empty operation list", () => {
        expect(problemsOf(withLayer(demo, "deployments", { organization: "my org/*" })).join("\n")).toMatch(
            /deployments\.organization.*not a Pulumi organization name/,
        );
        expect(problemsOf(withLayer(demo, "deployments", { operations: ["preview", "*"] })).join("\n")).toMatch(
            /deployments\.operations.*"\*" is not one of preview, update, refresh, destroy/,
        );
        expect(problemsOf(withLayer(demo, "deployments", { operations: [] })).join("\n")).toMatch(/deployments\.operations.*is empty/);
    });

    it("refuses an existing provider ARN of another issuer", () => {
        const platform = JSON.parse(main.platform) as Record<string, unknown>;
        const raw = {
            ...main,
            platform: JSON.stringify({
                ...platform,
                deployments: { existingOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
            }),
        };
        expect(problemsOf(raw).join("\n")).toMatch(/platform\.deployments\.existingOidcProviderArn.*api\.pulumi\.com\/oidc/);
    });

    it("refuses the agent without an organization (its deployments would have no role)", () => {
        const platform = JSON.parse(main.platform) as Record<string, unknown>;
        const raw = withLayer({ ...main, platform: JSON.stringify({ ...platform, deployments: { agent: { enabled: true } } }) }, "deployments", {
            organization: "",
        });
        expect(problemsOf(raw)).toEqual([expect.stringMatching(/platform\.deployments\.agent\.enabled: true needs osprey-strike:deployments\.organization/)]);
    });

    it("refuses the agent's settings on demo (the platform's owner runs the one agent)", () => {
        const raw = { ...demo, platform: JSON.stringify({ deployments: { agent: { enabled: true } } }) };
        expect(problemsOf(raw).join("\n")).toMatch(/platform\.deployments\.agent\.enabled: set in stack "demo", which does not own the platform/);
    });
});
