/**
 * The one place the program reads Pulumi config. Reads every key once, validates all of it (see parse.ts)
 * and hands the program plain typed values; secrets leave here only as secret Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseConfig, PlainConfig } from "./parse";
import { SecretKey, SECRETS } from "./settings";
import { PROJECT } from "../lib/naming";

export { ConfigError } from "./parse";
export type { ArgocdSettings, PlainConfig, PlatformSettings } from "./parse";

export type StackConfig = PlainConfig & {
    /** The Pulumi stack name, e.g. "main". */
    stack: string;
    /** AWS region from the aws provider's own config key. */
    region: string;
    secrets: Record<SecretKey, pulumi.Output<string>>;
};

export function loadConfig(): StackConfig {
    const all = pulumi.runtime.allConfig();
    const raw: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(all)) {
        if (k.startsWith(`${PROJECT}:`)) raw[k.slice(PROJECT.length + 1)] = v;
    }
    const stack = pulumi.getStack();
    const region = all["aws:region"];
    const problems: string[] = [];
    let plain: PlainConfig | undefined;
    try {
        plain = parseConfig(raw, stack);
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems.push(...e.problems);
    }
    if (!region) problems.push("aws:region: missing; set it with `pulumi config set aws:region us-east-1`");
    if (problems.length > 0 || !plain || !region) throw new ConfigError(problems);
    const cfg = new pulumi.Config(PROJECT);
    const secrets = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, cfg.requireSecret(k)])) as Record<SecretKey, pulumi.Output<string>>;
    return { ...plain, stack, region, secrets };
}
