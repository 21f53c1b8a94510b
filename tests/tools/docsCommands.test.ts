/**
 * Every command the docs (README.md, docs/*.md) tell a reader to run exists as written: `npm run <script>` is a script
 * of package.json, every option after `npm run plan --` is one the plan's help lists, and `npx tsx <file>` names a file
 * of this repository. Pure: reads the docs, package.json and the plan's help text.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { HELP, USAGE } from "../../tools/planArgs";
import { DOC_PAGES, ROOT } from "../docPages";

const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as object);
const planOptions = new Set([...`${USAGE}\n${HELP}`.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]));

/** Each command a page shows in code (inline or fenced), one per line. */
function commands(text: string): string[] {
    const code = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```|`([^`\n]+)`/g)].map((m) => m[1] ?? m[2]);
    return code.flatMap((c) => c.split("\n")).map((l) => l.replace(/^\s*\$\s*/, "").trim());
}
const npmRuns = (text: string) => [...text.matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1]);
const planFlags = (text: string) =>
    commands(text)
        .filter((c) => c.includes("npm run plan --"))
        .flatMap((c) => [...c.split("#")[0].matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]))
        .filter((f) => f !== "--");
const tsxFiles = (text: string) => [...text.matchAll(/npx tsx ([\w./-]+\.ts)/g)].map((m) => m[1]);

describe.each([...DOC_PAGES.keys()])("%s", (page) => {
    const text = DOC_PAGES.get(page)!;
    it("runs only package.json scripts", () => expect(npmRuns(text).filter((s) => !scripts.includes(s))).toEqual([]));
    it("gives the plan only options it takes", () =>
        expect(planFlags(text).filter((f) => !planOptions.has(f))).toEqual([]));
    it("runs only files that exist", () =>
        expect(tsxFiles(text).filter((f) => !existsSync(join(ROOT, f)))).toEqual([]));
});

it("the docs run the plan with its options, and the checks can fail", () => {
    const all = [...DOC_PAGES.values()].join("\n");
    expect(planFlags(all)).toEqual(expect.arrayContaining(["--stack", "--first-deploy", "--upgrade-to", "--set"]));
    expect(planFlags("`npm run plan -- --stack main --dry`").filter((f) => !planOptions.has(f))).toEqual(["--dry"]);
    expect(npmRuns("`npm run deploy`").filter((s) => !scripts.includes(s))).toEqual(["deploy"]);
    expect(tsxFiles("npx tsx tools/nothing.ts").filter((f) => !existsSync(join(ROOT, f)))).toEqual([
        "tools/nothing.ts",
    ]);
});
