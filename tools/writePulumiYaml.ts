/**
 * Regenerates Pulumi.yaml's `config:` declarations from config/schema.ts, the single source of truth
 * for every key's type, description, secrecy and default (a test fails when the two drift).
 *
 *   npx tsx tools/writePulumiYaml.ts
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { KeySpec, SCHEMA } from "../config/schema";
import { readProjectFile, ROOT } from "../harness/stackConfig";

export function projectConfigDeclarations(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [key, spec] of Object.entries(SCHEMA) as [string, KeySpec][]) {
        out[key] = {
            type: spec.type,
            description: spec.description,
            ...(spec.type === "array" ? { items: { type: "string" } } : {}),
            ...(spec.secret ? { secret: true } : {}),
            ...(spec.default !== undefined ? { default: spec.default } : {}),
        };
    }
    return out;
}

if (require.main === module) {
    const project = readProjectFile() as unknown as Record<string, unknown>;
    project.config = projectConfigDeclarations();
    fs.writeFileSync(path.join(ROOT, "Pulumi.yaml"), YAML.stringify(project, { lineWidth: 0 }));
    process.stdout.write(`wrote ${Object.keys(SCHEMA).length} config declarations to Pulumi.yaml\n`);
}
