/**
 * harness/loader.ts and harness/register.js: how a child process runs this project's TypeScript. It compiles with
 * tsconfig.json's options wherever the child starts, a function or class compiles to the text jest's transform gives
 * it (what Pulumi serializes into a Lambda or a dynamic provider), and a stack trace names the TypeScript line.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOADER_NODE_ARGS, loaderArgs } from "../../harness/loader";

// The same declarations as below, as a child compiles them. ES2022 keeps `?.` and `??` as they are; an older target
// (the register's own default) rewrites them into helpers. The error is thrown on the probe's line 6.
const PROBE = `const pick = (a?: { b?: number }): number => a?.b ?? 1;
class Box { n = 1; get(): number { return this.n; } }
async function twice(x: Promise<number>): Promise<number> { return (await x) * 2; }
let line = "";
try {
    throw new Error("probe");
} catch (e) {
    line = (e as Error).stack!.split("\\n")[1];
}
console.log(JSON.stringify({ texts: [String(pick), String(Box), String(twice)], value: pick({ b: 2 }), line, main: require.main === module }));
`;

const pick = (a?: { b?: number }): number => a?.b ?? 1;
class Box { n = 1; get(): number { return this.n; } } // prettier-ignore
async function twice(x: Promise<number>): Promise<number> { return (await x) * 2; } // prettier-ignore

describe("harness/loader.ts", () => {
    // One child, started in a directory without a tsconfig.json (as a probe project's check is).
    let probe: { texts: string[]; value: number; line: string; main: boolean };
    let file: string;
    beforeAll(() => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-loader-"));
        file = path.join(dir, "probe.ts");
        try {
            fs.writeFileSync(file, PROBE);
            const r = spawnSync(process.execPath, loaderArgs(file), { cwd: dir, encoding: "utf8" });
            if (r.status !== 0 || r.stderr !== "") throw new Error(`the probe failed (exit ${r.status}):\n${r.stderr}`);
            probe = JSON.parse(r.stdout) as typeof probe;
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("requires the register by its own path, so any working directory finds it", () => {
        expect(LOADER_NODE_ARGS).toEqual(["--require", path.resolve(__dirname, "..", "..", "harness", "register.js")]);
    });

    it("compiles with tsconfig.json's target from a directory without one: types gone, `?.` and `??` kept", () => {
        expect(probe.texts[0]).toBe("(a)=>a?.b ?? 1");
        expect(probe.value).toBe(2);
        expect(probe.main).toBe(true);
    });

    it("gives functions and classes the text jest's transform gives them (the same compiler and settings)", () => {
        expect(probe.texts).toEqual([String(pick), String(Box), String(twice)]);
    });

    it("names the TypeScript line in a stack trace", () => {
        expect(probe.line).toContain(`${file}:6:`);
    });
});
