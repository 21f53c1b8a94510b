/**
 * Reads a stack's configuration the way the Pulumi CLI hands it to a program: Pulumi.yaml's declared defaults and
 * project-level values (`value:`, every stack's), overlaid by Pulumi.<stack>.yaml key by key (a stack's key replaces the
 * project's whole value, maps included: pulumi/pulumi sdk/go/common/workspace ValidateStackConfigAndApplyProjectConfig),
 * every value a string (lists and maps as JSON). Secrets cannot be decrypted offline, so every key declared
 * `secret: true` gets a visible placeholder instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { PLATFORM_SECRETS } from "../config/settings";
import { mergeOverlay, Overlay } from "../config/profiles";
import { applySets } from "../config/setPath";

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
    config?: Record<string, { default?: unknown; value?: unknown; secret?: boolean } | unknown>;
}

export const placeholderFor = (key: string) => `offline-placeholder-for-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;

function asConfigString(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * A stack file the plan cannot read: missing, or not YAML. The message names the file (and the line) and the fix; the
 * plan exits 2 on it like on any bad config (tools/plan.ts), with no stack trace.
 */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/**
 * The project's stack names: one `Pulumi.<stack>.yaml` each. `Pulumi.<stack>.deploy.yaml` (Pulumi Deployments settings,
 * docs/delivery.md) and other dotted names are not stacks.
 */
export function stackNames(root = ROOT): string[] {
    return fs
        .readdirSync(root)
        .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))
        .map((f) => f.slice(7, -5))
        .sort();
}

/** The last parse of each file, by its text: Pulumi.yaml (33 KB) is read for every stack config a run or test loads. */
const parsedYaml = new Map<string, { text: string; value: unknown }>();

/**
 * Parses a YAML file, refusing a syntax error with the file, line and column and the fix (the yaml package's own
 * message otherwise names neither the file nor what to do). The file is read each time; a text parsed before answers
 * with a copy of that parse (callers may change what they get).
 */
export function parseYamlFile(file: string): unknown {
    const text = fs.readFileSync(file, "utf8");
    const known = parsedYaml.get(file);
    if (known?.text === text) return structuredClone(known.value);
    const value = parseYamlText(file, text);
    parsedYaml.set(file, { text, value });
    return structuredClone(value);
}

function parseYamlText(file: string, text: string): unknown {
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    const err = doc.errors[0];
    if (err) {
        const at = err.linePos?.[0];
        const where = at ? `${path.basename(file)}:${at.line}:${at.col}` : path.basename(file);
        const what = err.message.split(" at line ")[0].split("\n")[0];
        throw new StackFileError(
            `${where}: not valid YAML (${what}); fix that line of ${file} (indentation, a missing ":" or an unclosed quote or bracket) and run again`,
        );
    }
    return doc.toJS();
}

export function readProjectFile(root = ROOT): ProjectFile {
    return parseYamlFile(path.join(root, "Pulumi.yaml")) as ProjectFile;
}

export function loadStackConfig(stack: string, root = ROOT, configFile?: string): LoadedStackConfig {
    const project = readProjectFile(root);
    const file = configFile ? path.resolve(configFile) : path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = stackNames(root);
        throw new StackFileError(
            configFile
                ? `no such file ${file} (--config-file); give the path of a stack file such as Pulumi.demo.yaml`
                : `stack "${stack}" has no stack file Pulumi.${stack}.yaml; known stacks: ${known.join(", ")}. ` +
                      `Plan one of them, or create Pulumi.${stack}.yaml (copy Pulumi.demo.yaml and edit it; README "Stacks")`,
        );
    }
    const stackFile = (parseYamlFile(file) ?? {}) as { config?: Record<string, unknown> };
    if (
        typeof stackFile !== "object" ||
        Array.isArray(stackFile) ||
        (stackFile.config !== undefined && (typeof stackFile.config !== "object" || stackFile.config === null))
    ) {
        throw new StackFileError(
            `${path.basename(file)}: not a stack file; it must be a YAML map with a \`config:\` map of settings (see Pulumi.demo.yaml)`,
        );
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, decl] of Object.entries(project.config ?? {})) {
        const full = key.includes(":") ? key : `${project.name}:${key}`;
        // A bare scalar is a value (Pulumi: `instanceSize: t3.micro` applies to every stack).
        const d = (typeof decl === "object" && decl !== null ? decl : { value: decl }) as {
            default?: unknown;
            value?: unknown;
            secret?: boolean;
        };
        if (d.default !== undefined && d.value !== undefined)
            throw new StackFileError(
                `Pulumi.yaml: project config '${key}' cannot have both a 'default' and 'value' attribute (as Pulumi refuses it); regenerate it with npx tsx tools/writePulumiYaml.ts`,
            );
        if (d.secret) {
            config[full] = placeholderFor(full);
            secretKeys.push(full);
        } else if (d.default !== undefined || d.value !== undefined) {
            config[full] = asConfigString(d.value ?? d.default);
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
    // Secrets of the platform's stack alone (config/settings.ts PLATFORM_SECRETS: not declared in Pulumi.yaml).
    if (!config[`${project.name}:platformStack`]) {
        for (const k of Object.keys(PLATFORM_SECRETS)) {
            const full = `${project.name}:${k}`;
            if (config[full] !== undefined) continue;
            config[full] = placeholderFor(full);
            secretKeys.push(full);
        }
    }
    return { project: project.name, stack, config, secretKeys };
}

/**
 * Deep-merges a profile's layer objects into a loaded config (layer values are JSON strings, as Pulumi holds them). A
 * layer the stack sets to something other than a map is left as it is, for config/parse.ts to refuse by its key.
 */
function applyOverlay(config: Record<string, string>, project: string, overlay: Overlay): void {
    for (const [layer, value] of Object.entries(overlay)) {
        const key = `${project}:${layer}`;
        const current = config[key] === undefined ? {} : parseMap(config[key]);
        if (current !== undefined) config[key] = JSON.stringify(mergeOverlay(current, value));
    }
}

function parseMap(text: string): Record<string, unknown> | undefined {
    try {
        const v: unknown = JSON.parse(text);
        return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * A stack's config as a program run reads it, in the order the run applies them: the stack file (or `configFile`), a
 * cost profile's layers, single keys set outright, then `--set` paths. The offline plan checks this very config before
 * it runs anything (tools/plan.ts), and harness/runProgram.ts runs the program with it.
 */
export function runConfig(
    stack: string,
    opts: { configFile?: string; overlay?: Overlay; overrides?: Record<string, string>; sets?: string[] },
): LoadedStackConfig {
    const cfg = loadStackConfig(stack, ROOT, opts.configFile);
    if (opts.overlay) applyOverlay(cfg.config, cfg.project, opts.overlay);
    Object.assign(cfg.config, opts.overrides);
    return { ...cfg, config: opts.sets && opts.sets.length > 0 ? applySets(cfg.config, opts.sets) : cfg.config };
}
