/**
 * The one place the program reads Pulumi config. Reads every key once, validates all of it (see parse.ts)
 * and hands components plain typed values; secrets leave here only as secret Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseConfig, PlainConfig, SecretKey } from "./parse";
import { KeySpec, PROJECT, SCHEMA } from "./schema";

export { ConfigError } from "./parse";

export interface StackConfig extends PlainConfig {
    /** The Pulumi stack name, e.g. "main". */
    stack: string;
    /** AWS region from the aws provider's own config key. */
    region: string;
    secrets: Record<SecretKey, pulumi.Output<string>>;
}

export function loadConfig(): StackConfig {
    const all = pulumi.runtime.allConfig();
    const raw: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(all)) {
        if (k.startsWith(`${PROJECT}:`)) raw[k.slice(PROJECT.length + 1)] = v;
    }
    const region = all["aws:region"];
    const problems: string[] = [];
    let plain: PlainConfig | undefined;
    try {
        plain = parseConfig(raw);
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems.push(...e.problems);
    }
    if (!region) problems.push("aws:region: missing; set it with `pulumi config set aws:region us-east-1`");
    if (problems.length > 0 || !plain) throw new ConfigError(problems);
    const cfg = new pulumi.Config(PROJECT);
    const secrets = {} as Record<SecretKey, pulumi.Output<string>>;
    for (const [key, spec] of Object.entries(SCHEMA) as [string, KeySpec][]) {
        if (spec.secret) secrets[key as SecretKey] = cfg.requireSecret(key);
    }
    return { ...plain, stack: pulumi.getStack(), region, secrets };
}
