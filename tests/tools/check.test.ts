/**
 * tools/check.ts (`npm run check:code`): tsc's diagnostics and ESLint's findings over one TypeScript program, ESLint's
 * typed rules reading that program's types. A probe project in a temporary directory, linted with this repository's
 * eslint.config.mjs: a type error, an unused variable and an Output in a template literal are each reported once. In a
 * child process, as npm runs it (ESLint loads its config with import(), which jest's module system does not serve).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nestedTsconfigs, parseCheckArgs } from "../../tools/check";
import { ROOT } from "../../harness/stackConfig";
import { loaderArgs } from "../../harness/loader";

/** What @pulumi/eslint-plugin recognises as an Output: a type alias of that name (its rule reads the alias symbol). */
const PROBE = `type Output<T> = { readonly value: T };
export const host: Output<string> = { value: "db" };
export const url = \`postgres://\${host}/app\`;
`;

function checkProbe(files: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-check-"));
    try {
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        const compilerOptions = { strict: true, types: [], lib: ["ES2022"] };
        // Not tsconfig.json: ESLint's project service (what eslint.config.mjs asks for) finds only that name, so the
        // typed rules can read these files' types from the program tools/check.ts hands ESLint and from nothing else.
        fs.writeFileSync(
            path.join(dir, "probe.tsconfig.json"),
            JSON.stringify({ compilerOptions, files: Object.keys(files) }),
        );
        const args = ["--project", "probe.tsconfig.json", "--config", path.join(ROOT, "eslint.config.mjs")];
        const r = spawnSync(process.execPath, loaderArgs(path.join(ROOT, "tools", "check.ts"), ...args), {
            cwd: dir,
            encoding: "utf8",
            timeout: 60_000,
        });
        return { status: r.status, stdout: r.stdout };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("tools/check.ts", () => {
    it("reports a type error as tsc does and ESLint's findings with the program's types, and exits 1", () => {
        const r = checkProbe({ "probe.ts": PROBE, "typed.ts": `export const n: number = "one";\nconst unused = 1;\n` });
        expect(r.stdout).toMatch(/typed\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
        expect(r.stdout).toMatch(/Found 1 error\(s\) \(tsc --noEmit\)/);
        expect(r.stdout).toMatch(/probe\.ts\n\s+3:20\s+error\s+pulumi\.Output<T> not permitted in template literals/);
        expect(r.stdout).toMatch(
            /2:7 +error +'unused' is assigned a value but never used\..*@typescript-eslint\/no-unused-vars/,
        );
        expect(r.stdout).toMatch(/2 problems \(2 errors, 0 warnings\)/);
        expect(r.status).toBe(1);
    });

    it("prints nothing and exits 0 for a clean project", () => {
        expect(checkProbe({ "clean.ts": `export const answer: number = 42;\n` })).toEqual({ status: 0, stdout: "" });
    });

    it("reads --project and --config from the working directory and refuses a flag without its file", () => {
        expect(parseCheckArgs(["--project", "a/tsconfig.json", "src"], "/w")).toEqual({
            tsconfig: "/w/a/tsconfig.json",
            patterns: ["src"],
        });
        expect(parseCheckArgs([], "/w")).toEqual({ tsconfig: "/w/tsconfig.json", patterns: ["."] });
        expect(() => parseCheckArgs(["--config"], "/w")).toThrow("--config needs a file: --config <path>");
        expect(() => parseCheckArgs(["--fix"], "/w")).toThrow("unknown option --fix");
    });

    it("lints the policy pack with its own tsconfig.json's types, as ESLint's project service would", () => {
        expect(nestedTsconfigs(ROOT)).toEqual([path.join(ROOT, "policy", "tsconfig.json")]);
    });
});
