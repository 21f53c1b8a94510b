/**
 * Pure parsing and validation of the raw config strings Pulumi holds. Collects EVERY problem so the
 * engineer fixes the stack file in one pass, then throws once, before any resource is registered.
 */
import { ConfigKey, KeySpec, PROJECT, SCHEMA } from "./schema";
import { dataCrossChecks } from "./dataChecks";
import { clusterCrossChecks } from "./clusterChecks";
import { Env } from "../lib/naming";

/** The plain (non-secret) values, typed from the schema. */
export type PlainConfig = {
    [K in ConfigKey as (typeof SCHEMA)[K] extends { secret: true } ? never : K]: ValueOf<(typeof SCHEMA)[K]["type"]>;
} & { environment: Env };
export type SecretKey = { [K in ConfigKey]: (typeof SCHEMA)[K] extends { secret: true } ? K : never }[ConfigKey];

type ValueOf<T> = T extends "integer" ? number : T extends "boolean" ? boolean : T extends "array" ? string[] : string;

export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(
            `Stack configuration is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was created:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

const setHint = (key: string, spec: KeySpec) =>
    spec.secret
        ? `pulumi config set --secret ${PROJECT}:${key} <value>`
        : spec.type === "array"
          ? `pulumi config set --path '${PROJECT}:${key}[0]' <value>`
          : `pulumi config set ${PROJECT}:${key} <value>`;

function parseValue(raw: string, spec: KeySpec): { value?: unknown; problem?: string } {
    switch (spec.type) {
        case "string":
            return { value: raw };
        case "integer":
            return /^-?\d+$/.test(raw.trim()) ? { value: Number(raw) } : { problem: `"${raw}" is not an integer` };
        case "boolean":
            return raw === "true" || raw === "false" ? { value: raw === "true" } : { problem: `"${raw}" is not true or false` };
        case "array": {
            try {
                const v: unknown = JSON.parse(raw);
                if (Array.isArray(v) && v.every((x) => typeof x === "string")) return { value: v };
            } catch {
                /* fall through */
            }
            return { problem: `is not a list of strings (YAML list in the stack file)` };
        }
    }
}

/**
 * @param raw the config values keyed by bare key (no project prefix), as strings, as Pulumi stores them.
 *            Secret values are only checked for presence and never appear in a message.
 */
export function parseConfig(raw: Record<string, string | undefined>): PlainConfig {
    const problems: string[] = [];
    const out: Record<string, unknown> = {};
    const known = new Set(Object.keys(SCHEMA));
    for (const key of Object.keys(raw)) {
        if (!known.has(key)) problems.push(`${PROJECT}:${key}: unknown key; remove it from the stack file (known keys are declared in Pulumi.yaml)`);
    }
    for (const [key, spec] of Object.entries(SCHEMA) as [ConfigKey, KeySpec][]) {
        const value = raw[key];
        const name = `${PROJECT}:${key}`;
        if (value === undefined || (spec.secret && value === "")) {
            if (spec.default !== undefined) {
                out[key] = spec.default;
                continue;
            }
            problems.push(`${name}: missing; set it with \`${setHint(key, spec)}\` (${spec.description})`);
            continue;
        }
        if (spec.secret) continue; // presence is all we check; the loader reads it as a secret Output
        const parsed = parseValue(value, spec);
        if (parsed.problem) {
            problems.push(`${name}: ${parsed.problem}; expected ${spec.type} (${spec.description})`);
            continue;
        }
        const problem = spec.check?.(parsed.value as never);
        if (problem) {
            problems.push(`${name}: ${problem}`);
            continue;
        }
        out[key] = parsed.value;
    }
    problems.push(...crossChecks(out));
    if (problems.length > 0) throw new ConfigError(problems);
    return out as PlainConfig;
}

/** Rules that span keys. Each only runs when the keys it reads parsed. */
function crossChecks(c: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const env = c.environment as string | undefined;
    const bypass = c.accessOfficeBypassCidrs as string[] | undefined;
    if (env === "demo" && bypass && bypass.length > 0) {
        problems.push(
            `${PROJECT}:accessOfficeBypassCidrs: demo always requires authentication (a stakeholder demo must never show an unauthenticated view); remove the list from Pulumi.demo.yaml`,
        );
    }
    if (c.ownsPlatform === false && c.platformStack === "") {
        problems.push(`${PROJECT}:platformStack: required when ownsPlatform is false; set it to the owning stack, e.g. "organization/${PROJECT}/main"`);
    }
    if (c.ownsPlatform === true && typeof c.platformStack === "string" && c.platformStack !== "") {
        problems.push(
            `${PROJECT}:platformStack: must be empty when ownsPlatform is true (this stack owns the platform); remove it or set ownsPlatform to false`,
        );
    }
    // Edge layer: the zone/account singletons' owner must be the platform owner, since the other stack reads
    // the owner's one-time-PIN IdP ID through the platform StackReference (PlatformOutputs).
    if (typeof c.ownsZoneSettings === "boolean" && typeof c.ownsPlatform === "boolean" && c.ownsZoneSettings !== c.ownsPlatform) {
        problems.push(
            `${PROJECT}:ownsZoneSettings: must equal ownsPlatform (${String(c.ownsPlatform)}); the stack that owns the platform also owns the zone settings, WAF and rate-limit rulesets and the one-time-PIN identity provider`,
        );
    }
    const d = c.domain as string | undefined;
    const ed = c.environmentDomain as string | undefined;
    if (d && ed && !ed.endsWith(`.${d}`)) {
        problems.push(`${PROJECT}:environmentDomain: "${ed}" is not inside the zone "${d}"; use e.g. "${env ?? "main"}.${d}"`);
    } else if (d && ed && ed.split(".").length !== d.split(".").length + 1) {
        // Apps are served at <app>-<label>.<zone>; every name must sit one level under the zone for Universal SSL.
        problems.push(
            `${PROJECT}:environmentDomain: "${ed}" must be exactly one label under "${d}" (Cloudflare's Universal SSL covers one level); use e.g. "${env ?? "main"}.${d}"`,
        );
    }
    problems.push(...dataCrossChecks(c)); // data layer: components/data/configChecks.ts
    problems.push(...clusterCrossChecks(c)); // cluster layer: components/cluster/configChecks.ts
    return problems;
}
