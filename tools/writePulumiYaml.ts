/**
 * Regenerates Pulumi.yaml's `config:` from config/settings.ts, the one declaration of every setting, and
 * config/shared.ts, the values every stack shares (a test fails when they drift). Pulumi.yaml can type only string,
 * integer, boolean and array keys (the project file's schema, pulumi/pulumi sdk/go/common/workspace/project.json), so
 * the plain keys and the secrets are declared, with their types; the shared layers are untyped project-level values
 * (`value:`, a map, which the engine hands every stack whose file does not set the key); and every structured setting
 * is listed below them as a generated comment, one line each.
 *
 *   npx tsx tools/writePulumiYaml.ts
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { Field, isPerEnv } from "../config/declare";
import { LAYERS, SECRETS, STACK } from "../config/settings";
import { SHARED, SHARED_PATHS } from "../config/shared";
import { PROJECT } from "../lib/naming";
import { readProjectFile, ROOT } from "../harness/stackConfig";

export function projectConfigDeclarations(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [key, s] of Object.entries(STACK)) {
        out[key] = {
            type: "string",
            description: s.description,
            ...(s.default !== undefined ? { default: s.default } : {}),
        };
    }
    for (const [key, description] of Object.entries(SECRETS))
        out[key] = { type: "string", description: `${description} Secret.`, secret: true };
    for (const [layer, value] of Object.entries(SHARED))
        out[layer] = {
            description: `${LAYERS[layer as keyof typeof SHARED].description} Shared by every stack: written from config/shared.ts (edit it there and regenerate); the program refuses a stack that sets one of these fields differently.`,
            value,
        };
    return out;
}

const show = (v: unknown) =>
    isPerEnv(v)
        ? Object.entries(v.perEnv)
              .map(([e, x]) => `${e}: ${JSON.stringify(x)}`)
              .join(", ")
        : JSON.stringify(v);

/** One comment line per structured setting: path, type, default, description. */
export function layerSettingsComment(): string {
    const lines: string[] = [];
    const walk = (f: Field, p: string, platformOnly: boolean) => {
        if (f.node === "group") {
            for (const [k, x] of Object.entries(f.fields))
                walk(x, `${p}.${k}`, platformOnly || f.applies === "platform-owner");
            return;
        }
        const type = f.values ? f.values.join("|") : f.kind;
        const def = SHARED_PATHS.includes(p)
            ? "shared: config/shared.ts"
            : f.default === undefined
              ? "required"
              : `default ${show(f.default)}`;
        lines.push(
            `#   ${PROJECT}:${p}  (${type}; ${def}${platformOnly ? "; platform-owning stack only" : ""})  ${f.description}`,
        );
    };
    for (const [k, g] of Object.entries(LAYERS)) walk(g, k, false);
    return [
        "# Structured settings, one map per layer in the stack file (generated from config/settings.ts, which owns their",
        "# types, defaults and checks; Pulumi.yaml cannot type map keys). A stack file sets only what differs; the shared",
        "# values above (config/shared.ts) are never set in a stack file:",
        ...lines,
    ].join("\n");
}

export function pulumiYaml(): string {
    const project = readProjectFile() as unknown as Record<string, unknown>;
    project.config = projectConfigDeclarations();
    return `${YAML.stringify(project, { lineWidth: 0 })}${layerSettingsComment()}\n`;
}

if (require.main === module) {
    fs.writeFileSync(path.join(ROOT, "Pulumi.yaml"), pulumiYaml());
    process.stdout.write(`wrote Pulumi.yaml\n`);
}
