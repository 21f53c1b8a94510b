/** The delivery settings refuse bad input before anything is created, naming the key and the fix. */
import { problemsOf, rawOf } from "../config/helpers";
import { DeploymentIdentityArgs, deploymentIdentityArgProblems } from "../../components/delivery/deployRoles";
import { deploymentAgentArgProblems } from "../../components/delivery/agent";
import { formatProblem } from "../../lib/problems";

const main = rawOf("main");
const demo = rawOf("demo");
const withLayer = (raw: Record<string, string>, layer: string, patch: Record<string, unknown>) => ({
    ...raw,
    [layer]: JSON.stringify({
        ...(raw[layer] === undefined ? {} : (JSON.parse(raw[layer]) as Record<string, unknown>)),
        ...patch,
    }),
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
            /deployments\.operations.*"\*" is not one of preview, update, refresh, destroy, detect-drift, remediate-drift/,
        );
        expect(problemsOf(withLayer(demo, "deployments", { operations: [] })).join("\n")).toMatch(
            /deployments\.operations.*is empty/,
        );
    });

    it("refuses preview in deployments.operations, naming the key and why (previews would run branch code with the write role)", () => {
        for (const raw of [main, demo]) {
            const problems = problemsOf(withLayer(raw, "deployments", { operations: ["preview", "update"] }));
            expect(problems).toEqual([
                expect.stringMatching(
                    /deployments\.operations.*item 0 "preview" is refused: a pull-request preview runs the branch's code/,
                ),
            ]);
            expect(problems[0]).toContain("previewPullRequests: false");
        }
        expect(problemsOf(withLayer(demo, "deployments", { operations: ["update", "refresh"] }))).toEqual([]);
    });

    it("refuses an existing provider ARN of another issuer", () => {
        const platform = JSON.parse(main.platform) as Record<string, unknown>;
        const raw = {
            ...main,
            platform: JSON.stringify({
                ...platform,
                deployments: {
                    existingOidcProviderArn:
                        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                },
            }),
        };
        expect(problemsOf(raw).join("\n")).toMatch(
            /platform\.deployments\.existingOidcProviderArn.*api\.pulumi\.com\/oidc/,
        );
    });

    it("refuses the agent without an organization (its deployments would have no role)", () => {
        const platform = JSON.parse(main.platform) as Record<string, unknown>;
        const raw = withLayer(
            { ...main, platform: JSON.stringify({ ...platform, deployments: { agent: { enabled: true } } }) },
            "deployments",
            {
                organization: "",
            },
        );
        expect(problemsOf(raw)).toEqual([
            expect.stringMatching(
                /platform\.deployments\.agent\.enabled: true needs osprey-strike:deployments\.organization/,
            ),
        ]);
    });

    it("refuses the agent's settings on demo (the platform's owner runs the one agent)", () => {
        const raw = { ...demo, platform: JSON.stringify({ deployments: { agent: { enabled: true } } }) };
        expect(problemsOf(raw).join("\n")).toMatch(
            /platform\.deployments\.agent\.enabled: set in stack "demo", which does not own the platform/,
        );
    });
});

describe("the top-level delivery components check their own args (the rules of lib/deliveryRules.ts)", () => {
    const identity: DeploymentIdentityArgs = {
        subject: { organization: "osprey-strike", project: "osprey-strike", stack: "main" },
        operations: ["update", "refresh"],
        createProvider: true,
        existingProviderArn: "",
        environment: "main",
        ownsPlatform: true,
        region: "us-east-1",
        roleName: "osprey-strike-deploy-main",
        protectedRoleNames: ["osprey-strike-deploy-main", "osprey-strike-deploy-demo"],
        maxSessionSeconds: 3600,
    };
    it("DeploymentIdentity: accepts the stack's shape, names each bad field", () => {
        expect(deploymentIdentityArgProblems(identity)).toEqual([]);
        expect(
            deploymentIdentityArgProblems({
                ...identity,
                subject: { ...identity.subject, organization: "" },
                operations: ["update", "deploy" as never],
                maxSessionSeconds: 60,
            }).map(formatProblem),
        ).toEqual([
            "subject.organization: is empty (the OIDC audience)",
            'operations: item 1 "deploy" is not one of preview, update, refresh, destroy, detect-drift, remediate-drift',
            "maxSessionSeconds: 60 is outside IAM's 3600 to 43200",
        ]);
        expect(
            deploymentIdentityArgProblems({ ...identity, operations: ["update", "preview"] }).map(formatProblem),
        ).toEqual([expect.stringMatching(/^operations: item 1 "preview" is refused/)]);
    });
    it("DeploymentAgent: a Graviton type, an x.y.z release and a 20-200 GiB volume", () => {
        expect(deploymentAgentArgProblems({ instanceType: "t4g.medium", version: "0.0.5", rootVolumeGib: 30 })).toEqual(
            [],
        );
        expect(
            deploymentAgentArgProblems({ instanceType: "t3.medium", version: "latest", rootVolumeGib: 10 }).map(
                (p) => p.propertyPath,
            ),
        ).toEqual(["instanceType", "version", "rootVolumeGib"]);
    });
});
