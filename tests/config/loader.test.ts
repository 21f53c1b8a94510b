/**
 * The loader as the program calls it, inside the Pulumi runtime: region problems join the schema's in ONE
 * error, and secret keys come back as secret Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadConfig, onMockCloud } from "../../config";
import { loadStackConfig } from "../../harness/stackConfig";
import { formatProblem } from "../../lib/problems";

const { config, secretKeys } = loadStackConfig("main");

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        { newResource: () => ({ id: undefined, state: {} }), call: () => ({}) },
        "osprey-strike",
        "main",
        true,
    );
});

it("reports a missing aws:region together with the schema's problems", () => {
    const { ["aws:region"]: _region, ...withoutRegion } = config;
    void _region;
    pulumi.runtime.setAllConfig(
        {
            ...withoutRegion,
            "osprey-strike:zone": JSON.stringify({ ...JSON.parse(config["osprey-strike:zone"]), domain: "bad domain" }),
        },
        secretKeys,
    );
    let error: unknown;
    try {
        loadConfig();
    } catch (e) {
        error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map(formatProblem)).toEqual([
        expect.stringMatching(/^osprey-strike:zone\.domain: "bad domain" is not a lower-case DNS name/),
        "aws:region: missing; set it with `pulumi config set aws:region us-east-1`",
        // zone.domain is every stack's (config/shared.ts): a stack that sets another is refused for that too.
        expect.stringMatching(/^osprey-strike:zone\.domain: "bad domain" differs from the value every stack shares/),
    ]);
});

it("returns typed values and every secret as a secret Output", async () => {
    pulumi.runtime.setAllConfig(config, secretKeys);
    const cfg = loadConfig();
    expect([cfg.environment, cfg.region, cfg.workloads.apiReplicas, cfg.ownsPlatform]).toEqual([
        "main",
        "us-east-1",
        2,
        true,
    ]);
    for (const key of [
        "cloudflareApiToken",
        "accessGoogleClientSecret",
        "twilioAuthToken",
        "keycloakAdminClientSecret",
    ] as const) {
        const out = cfg.secrets[key] as unknown as { isSecret: Promise<boolean> };
        expect(await out.isSecret).toBe(true);
    }
});

it("on a real preview/up refuses while stock placeholders remain, naming each key (the mock run only warns)", () => {
    pulumi.runtime.setAllConfig(config, secretKeys);
    expect(onMockCloud()).toBe(true); // setMocks above: the plan's case, where loadConfig() passes (previous test)
    let error: unknown;
    try {
        loadConfig({ real: true });
    } catch (e) {
        error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map(formatProblem);
    // The shared values' stand-ins are fixed once for every stack, in config/shared.ts.
    for (const key of ["zone.accountId", "deployments.organization", "gitops.repoUrl", "access.googleClientId"]) {
        expect(problems).toContainEqual(
            expect.stringMatching(
                new RegExp(
                    `^osprey-strike:${key.replace(/\./g, "\\.")}: still the stock placeholder .*; set .* in config/shared\\.ts \\(every stack shares it\\) and run npx tsx tools/writePulumiYaml\\.ts$`,
                ),
            ),
        );
    }
    for (const key of ["argocd.sso.caData", "platform.ci.repository", "platform.cluster.adminRoleArns"]) {
        expect(problems).toContainEqual(
            expect.stringMatching(
                new RegExp(
                    `^osprey-strike:${key.replace(/\./g, "\\.")}: still the stock placeholder .*; set .*pulumi config set --path osprey-strike:${key.replace(/\./g, "\\.")} <value> --stack main\\)$`,
                ),
            ),
        );
    }
    expect(problems.every((p) => p.includes("still the stock placeholder"))).toBe(true);
});
