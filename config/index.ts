/**
 * The one place the program reads Pulumi config. Reads every key once, validates all of it (see parse.ts)
 * and hands the program plain typed values; secrets leave here only as secret Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { ConfigError, parseConfig, PlainConfig } from "./parse";
import { placeholderProblems } from "./placeholders";
import { applyShared } from "./shared";
import { PlatformSecretKey, SecretKey, SECRETS } from "./settings";
import { PROJECT } from "../lib/naming";
import { problem, Problem } from "../lib/problems";

export { ConfigError } from "./parse";
export type { ArgocdSettings, PlainConfig, PlatformSettings } from "./parse";

export type StackConfig = PlainConfig & {
    /** The Pulumi stack name, e.g. "main". */
    stack: string;
    /** AWS region from the aws provider's own config key. */
    region: string;
    secrets: Record<SecretKey, pulumi.Output<string>>;
    /** The platform's own secrets, read only where a setting needs them (config/settings.ts PLATFORM_SECRETS). */
    platformSecrets: Partial<Record<PlatformSecretKey, pulumi.Output<string>>>;
};

/**
 * Whether the program runs on a mock (`pulumi.runtime.setMocks`: the offline plan, the tests) rather than under a real
 * `pulumi preview`/`up`: the SDK's mocks install its own MockMonitor as the resource monitor (@pulumi/pulumi
 * runtime/mocks.js setMocks → setMockOptions), a real engine a gRPC client. This SDK has no isTestModeEnabled().
 */
export const onMockCloud = (): boolean => pulumi.runtime.getMonitor() instanceof MockMonitor;

/**
 * @param opts.real whether this is a real preview/up (default: not on a mock). A real run refuses while a stock
 *                  placeholder remains (config/placeholders.ts), naming each key; the offline plan only warns.
 */
export function loadConfig(opts: { real?: boolean } = {}): StackConfig {
    const all = pulumi.runtime.allConfig();
    const raw: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(all)) {
        if (k.startsWith(`${PROJECT}:`)) raw[k.slice(PROJECT.length + 1)] = v;
    }
    const stack = pulumi.getStack();
    const region = all["aws:region"];
    const problems: Problem[] = [];
    let plain: PlainConfig | undefined;
    try {
        plain = parseConfig(raw, stack);
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems.push(...e.problems);
    }
    if (!region) problems.push(problem("aws:region", "missing; set it with `pulumi config set aws:region us-east-1`"));
    // Every stack shares the zone, the identity provider, Keycloak, the GitOps repository and the organization.
    problems.push(...applyShared(raw, stack).problems);
    // A real run with a stand-in would trust a repository that is not yours, admit a role of AWS's documentation account...
    if (opts.real ?? !onMockCloud()) problems.push(...placeholderProblems(raw, stack));
    if (problems.length > 0 || !plain || !region) throw new ConfigError(problems);
    const cfg = new pulumi.Config(PROJECT);
    const secrets = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, cfg.requireSecret(k)])) as Record<
        SecretKey,
        pulumi.Output<string>
    >;
    const watch = plain.ownsPlatform && plain.platform.deployments.driftWatch.enabled;
    const platformSecrets = {
        ...(plain.ownsPlatform && plain.platform.repositoryRules.enabled
            ? { githubToken: cfg.requireSecret("githubToken") }
            : {}),
        ...(watch && plain.deployments.organization !== ""
            ? { pulumiServiceToken: cfg.requireSecret("pulumiServiceToken") }
            : {}),
    };
    return { ...plain, stack, region, secrets, platformSecrets };
}
