/**
 * Regenerates policy/lib/awsTaggableTypes.json: the type tokens of every @pulumi/aws resource whose
 * arguments accept `tags`, read from the installed SDK (so the required-tags policy knows which resources
 * can carry tags without guessing). Run after upgrading @pulumi/aws:
 *
 *   npx tsx tools/writeAwsTaggableTypes.ts
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../harness/stackConfig";

const SDK = path.join(ROOT, "node_modules", "@pulumi", "aws");

function* resourceFiles(dir: string): Generator<string> {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== "types") yield* resourceFiles(p);
        else if (entry.name.endsWith(".js")) yield p;
    }
}

const taggable: string[] = [];
for (const js of resourceFiles(SDK)) {
    const token = /__pulumiType = '(aws:[^']+)'/.exec(fs.readFileSync(js, "utf8"))?.[1];
    if (!token) continue;
    const dts = fs.readFileSync(js.replace(/\.js$/, ".d.ts"), "utf8");
    const args = /export interface \w+Args \{([\s\S]*?)\n\}/.exec(dts)?.[1] ?? "";
    if (/\n {4}tags\?: /.test(args)) taggable.push(token);
}
taggable.sort();
const version = (JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8")) as { version: string }).version;
fs.writeFileSync(
    path.join(ROOT, "policy", "lib", "awsTaggableTypes.json"),
    JSON.stringify({ source: `@pulumi/aws ${version}`, types: taggable }, null, 1) + "\n",
);
process.stdout.write(`${taggable.length} taggable types from @pulumi/aws ${version}\n`);
