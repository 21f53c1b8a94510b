/**
 * The plan's cache of the account's other stacks (tools/planCache.ts): an entry answers only for the inputs it was
 * made from. The key must change with the other stack's file, the settings (Pulumi.yaml), the profile, the as-of day,
 * the owner's outputs and the code (a tracked file changed, an untracked one added), and must not change with what the
 * run does not read (tests, docs, another stack's file). A stale or missing entry reads as nothing, never as the old
 * figure. Each case is a throwaway git work tree.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { computeCodeHash, readCachedRun, runKey, RunKeyInputs, writeCachedRun } from "../../tools/planCache";

function project(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-cache-"));
    const files: Record<string, string> = {
        "Pulumi.yaml": "name: osprey-strike\nruntime: nodejs\n",
        "Pulumi.main.yaml": "config:\n  osprey-strike:environment: main\n",
        "Pulumi.demo.yaml": "config:\n  osprey-strike:environment: demo\n",
        "index.ts": "export const x = 1;\n",
        "components/a.ts": "export const a = 1;\n",
        "tests/a.test.ts": "it('x', () => {});\n",
        "docs/runbook.md": "# runbook\n",
    };
    for (const [f, body] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), body);
    }
    const git = (...args: string[]) => {
        const r = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
        if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    };
    git("init", "-q");
    git("add", "-A");
    return dir;
}

const demoKey: RunKeyInputs = {
    stack: "demo",
    profile: "default",
    overlay: {},
    asOf: "2026-12-07",
    ownerOutputs: { outputs: { vpcId: "vpc-1" }, secretOutputNames: [] },
};
const keyIn = (dir: string, inputs: RunKeyInputs = demoKey) => runKey(inputs, dir, computeCodeHash(dir));

describe("the plan cache's key", () => {
    it("changes when the other stack's file changes, and not when another stack's file does", () => {
        const dir = project();
        const before = keyIn(dir);
        expect(before).toMatch(/^[0-9a-f]{64}$/);
        fs.writeFileSync(path.join(dir, "Pulumi.main.yaml"), "config:\n  osprey-strike:environment: main\n# x\n");
        expect(keyIn(dir)).toBe(before); // main reaches demo's run only through its outputs, keyed below
        fs.appendFileSync(path.join(dir, "Pulumi.demo.yaml"), "  osprey-strike:workloads: {apiReplicas: 3}\n");
        expect(keyIn(dir)).not.toBe(before);
    });

    it("changes when the code changes: a tracked file edited, an untracked file added, a tracked file deleted", () => {
        const dir = project();
        const before = keyIn(dir);
        fs.writeFileSync(path.join(dir, "components/a.ts"), "export const a = 2;\n");
        const edited = keyIn(dir);
        expect(edited).not.toBe(before);
        fs.writeFileSync(path.join(dir, "components/b.ts"), "export const b = 1;\n");
        const added = keyIn(dir);
        expect(added).not.toBe(edited);
        fs.rmSync(path.join(dir, "index.ts"));
        expect(keyIn(dir)).not.toBe(added);
    });

    it("does not change with tests or docs (the run does not load them)", () => {
        const dir = project();
        const before = keyIn(dir);
        fs.writeFileSync(path.join(dir, "tests/a.test.ts"), "it('y', () => {});\n");
        fs.writeFileSync(path.join(dir, "docs/runbook.md"), "# changed\n");
        expect(keyIn(dir)).toBe(before);
    });

    it("changes with the settings, the profile, the as-of day and the owner's outputs", () => {
        const dir = project();
        const before = keyIn(dir);
        for (const other of [
            { ...demoKey, profile: "lean" },
            { ...demoKey, overlay: { workloads: { apiReplicas: 1 } } },
            { ...demoKey, asOf: "2026-12-08" },
            { ...demoKey, ownerOutputs: { outputs: { vpcId: "vpc-2" }, secretOutputNames: [] } },
        ])
            expect(keyIn(dir, other)).not.toBe(before);
        fs.appendFileSync(path.join(dir, "Pulumi.yaml"), "config:\n  zone:\n    value: {domain: example.com}\n");
        expect(keyIn(dir)).not.toBe(before);
    });

    it("is undefined outside a git work tree, so nothing is cached there", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-nogit-"));
        expect(computeCodeHash(dir)).toBeUndefined();
        expect(runKey(demoKey, dir, computeCodeHash(dir))).toBeUndefined();
    });
});

describe("a cached run", () => {
    const run = { outputs: { outputs: { vpcId: "vpc-1" }, secretOutputNames: [] }, resources: [] };

    it("answers for its own key only: a stale entry (another key) or no entry reads as nothing", () => {
        const dir = project();
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-cache-dir-"));
        const key = keyIn(dir)!;
        expect(readCachedRun("demo", "default", key, cache)).toBeUndefined(); // missing
        writeCachedRun("demo", "default", key, run, cache);
        expect(readCachedRun("demo", "default", key, cache)).toEqual(run);
        fs.appendFileSync(path.join(dir, "Pulumi.demo.yaml"), "# edited\n");
        expect(readCachedRun("demo", "default", keyIn(dir), cache)).toBeUndefined(); // stale
        expect(readCachedRun("demo", "lean", key, cache)).toBeUndefined(); // another profile's entry
        expect(readCachedRun("demo", "default", undefined, cache)).toBeUndefined(); // no key: not a work tree
    });
});
