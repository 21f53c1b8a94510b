/**
 * harness/loader.ts and harness/register.js: how a child process runs this project's TypeScript. It compiles with
 * tsconfig.json's options wherever the child starts, and a function's text (what Pulumi serializes into a Lambda or a
 * dynamic provider) is the text jest's transform gives it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOADER_NODE_ARGS, loaderArgs } from "../../harness/loader";

// ES2022 keeps `?.` and `??` as they are; an older target (the register's own default) rewrites them into helpers.
const PROBE = `const pick = (a?: { b?: number }): number => a?.b ?? 1;
console.log(JSON.stringify({ text: String(pick), value: pick({ b: 2 }), main: require.main === module }));
`;

const pick = (a?: { b?: number }): number => a?.b ?? 1;

describe("harness/loader.ts", () => {
    // One child, started in a directory without a tsconfig.json (as a probe project's check is).
    let probe: { text: string; value: number; main: boolean };
    beforeAll(() => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-loader-"));
        try {
            fs.writeFileSync(path.join(dir, "probe.ts"), PROBE);
            const r = spawnSync(process.execPath, loaderArgs(path.join(dir, "probe.ts")), {
                cwd: dir,
                encoding: "utf8",
            });
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
        expect(probe).toEqual({ text: "(a)=>a?.b ?? 1", value: 2, main: true });
    });

    it("gives a function the text jest's transform gives it (the same compiler and target)", () => {
        expect(probe.text).toBe(String(pick));
    });
});
