/**
 * The one place the program reads Pulumi config. Reads every key once, validates all of it (validate.ts, parse.ts)
 * and hands the program plain typed values; secrets leave here only as secret Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { PlainConfig } from "./parse";
import { PlatformSecretKey, SecretKey, SECRETS } from "./settings";
import { checkStackConfig } from "./validate";
import { PROJECT } from "../lib/naming";

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
    const stack = pulumi.getStack();
    const { plain, region } = checkStackConfig(pulumi.runtime.allConfig(), stack, {
        real: opts.real ?? !onMockCloud(),
    });
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
