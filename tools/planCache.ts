/**
 * The plan's cache of the account's other stacks: what `harness/runProgram.ts --run-of <stack>` printed (outputs and
 * the cost estimator's inputs), kept under node_modules/.cache/osprey-plan/ so that pricing the whole account does not
 * run a second program when nothing that run depends on changed.
 *
 * An entry answers only for the exact key it was made under: a hash of that stack's file, Pulumi.yaml (the settings
 * and the project-level values), the cost profile and its overlay, the as-of day, the owner's outputs a reader's
 * StackReference was answered with, and the code (every file git knows or would add, except tests, docs and the stack
 * files, which are keyed on their own). A stale or missing entry is never used: the plan then says the account is not
 * priced, or runs the stack (`--account`) and stores the new entry. Outside a git work tree there is no key, so nothing
 * is cached.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../harness/atomicFile";
import { ROOT } from "../harness/stackConfig";
import type { StackOutputs } from "../harness/mockCloud";
import type { CostResource } from "../policy/cost";

/** Overrides the cache directory (the tests point it at a temporary one). */
export const PLAN_CACHE_ENV = "OSPREY_PLAN_CACHE";

export const cacheDir = (root = ROOT): string =>
    process.env[PLAN_CACHE_ENV] ?? path.join(root, "node_modules", ".cache", "osprey-plan");

export interface CachedRun {
    outputs: StackOutputs;
    resources: CostResource[];
}

/** A stack file (`Pulumi.<stack>.yaml`): keyed on its own, not in the code's hash. */
const isStackFile = (f: string) => /^Pulumi\.[^./]+\.yaml$/.test(f);
const codeHashes = new Map<string, string | undefined>();

/**
 * A hash of the program's code as it is on disk: every file git tracks or would add (not ignored), with its content,
 * except tests/, docs/, Markdown and the stack files. Undefined outside a git work tree. Once per process and root.
 */
export function codeHash(root = ROOT): string | undefined {
    if (!codeHashes.has(root)) codeHashes.set(root, computeCodeHash(root));
    return codeHashes.get(root);
}

/** codeHash, computed now (not remembered). */
export function computeCodeHash(root = ROOT): string | undefined {
    const ls = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    let hash: string | undefined;
    if (ls.status === 0) {
        const h = createHash("sha256");
        const files = [...new Set(ls.stdout.split("\0").filter((f) => f !== ""))]
            .filter((f) => !/^(tests|docs)\//.test(f) && !f.endsWith(".md") && !isStackFile(f))
            .sort();
        for (const f of files) {
            const file = path.join(root, f);
            // A tracked file deleted in the work tree is part of the change: its absence is hashed.
            const body =
                fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file) : Buffer.from("\0gone");
            h.update(`${f}\0${body.length}\0`).update(body);
        }
        hash = h.digest("hex");
    }
    return hash;
}

export interface RunKeyInputs {
    stack: string;
    profile: string;
    overlay: unknown;
    /** The day the plan prices for (YYYY-MM-DD). */
    asOf: string;
    /** A reader's: the owner's outputs its StackReference is answered with. */
    ownerOutputs?: StackOutputs;
}

/** The key a cached run of `inputs.stack` answers for; undefined when there is no code hash (not a git work tree). */
export function runKey(inputs: RunKeyInputs, root = ROOT, code = codeHash(root)): string | undefined {
    if (code === undefined) return undefined;
    const read = (f: string) => {
        const file = path.join(root, f);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "\0missing";
    };
    return createHash("sha256")
        .update(
            JSON.stringify({
                stackFile: read(`Pulumi.${inputs.stack}.yaml`),
                settings: read("Pulumi.yaml"),
                profile: inputs.profile,
                overlay: inputs.overlay ?? null,
                asOf: inputs.asOf,
                ownerOutputs: inputs.ownerOutputs ?? null,
                code,
            }),
        )
        .digest("hex");
}

const entryFile = (stack: string, profile: string, dir: string) => path.join(dir, `${stack}.${profile}.json`);

/** The cached run of `stack` made under exactly `key`; undefined when missing or made under another key (stale). */
export function readCachedRun(
    stack: string,
    profile: string,
    key: string | undefined,
    dir = cacheDir(),
): CachedRun | undefined {
    if (key === undefined) return undefined;
    try {
        const entry = JSON.parse(fs.readFileSync(entryFile(stack, profile, dir), "utf8")) as {
            key: string;
            run: CachedRun;
        };
        return entry.key === key ? entry.run : undefined;
    } catch {
        return undefined;
    }
}

/** Stores a run under `key` (replacing the stack's previous entry for the profile); nothing without a key. */
export function writeCachedRun(
    stack: string,
    profile: string,
    key: string | undefined,
    run: CachedRun,
    dir = cacheDir(),
): void {
    if (key === undefined) return;
    const file = entryFile(stack, profile, dir);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify({ key, run })); // a concurrent plan reads the old entry or the new one
}
