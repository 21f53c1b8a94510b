/**
 * Reads a stack's configuration the way the Pulumi CLI hands it to a program: Pulumi.yaml's declared
 * defaults, overlaid by Pulumi.<stack>.yaml, every value a string (lists and maps as JSON). Secrets cannot
 * be decrypted offline, so every key declared `secret: true` gets a visible placeholder instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

export const ROOT = path.resolve(__dirname, "..");

export interface LoadedStackConfig {
    project: string;
    stack: string;
    /** Fully qualified keys (`project:key`, `aws:region`) to string values. */
    config: Record<string, string>;
    /** Fully qualified keys whose values are secrets (placeholders here). */
    secretKeys: string[];
}

interface ProjectFile {
    name: string;
    config?: Record<string, { default?: unknown; secret?: boolean } | unknown>;
}

export const placeholderFor = (key: string) => `offline-placeholder-for-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;

function asConfigString(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

export function readProjectFile(root = ROOT): ProjectFile {
    return YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

export function loadStackConfig(stack: string, root = ROOT, configFile?: string): LoadedStackConfig {
    const project = readProjectFile(root);
    const file = configFile ? path.resolve(configFile) : path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = fs
            .readdirSync(root)
            .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
            .map((f) => f.slice(7, -5));
        throw new Error(`no stack file ${path.basename(file)}; known stacks: ${known.join(", ")}`);
    }
    const stackFile = (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, decl] of Object.entries(project.config ?? {})) {
        const full = key.includes(":") ? key : `${project.name}:${key}`;
        const d = (typeof decl === "object" && decl !== null ? decl : { default: decl }) as { default?: unknown; secret?: boolean };
        if (d.secret) {
            config[full] = placeholderFor(full);
            secretKeys.push(full);
        } else if (d.default !== undefined) {
            config[full] = asConfigString(d.default);
        }
    }
    for (const [key, value] of Object.entries(stackFile.config ?? {})) {
        if (typeof value === "object" && value !== null && "secure" in value) {
            config[key] = placeholderFor(key);
            if (!secretKeys.includes(key)) secretKeys.push(key);
        } else {
            config[key] = asConfigString(value);
        }
    }
    return { project: project.name, stack, config, secretKeys };
}
