/**
 * Shared program runs: a stack's whole program, unmodified (`runProgram({ stack })`: its stack file, no overrides, no
 * overlay), run ONCE per jest invocation in a child process and read back by every test file (and every plan the tests
 * start) that asks for exactly that run. A run is a deterministic function of the tree and the stack file, so within one
 * invocation every unmodified run of a stack is the same run; runs with overrides, overlays or another config file
 * still run for real (`runProgram`, or `runProgramInChild` for a whole program).
 *
 * The cache is a directory that jest's globalSetup (tests/setup/globalSetup.ts) creates fresh for each invocation and
 * names in OSPREY_SHARED_RUNS; its teardown removes it, so nothing outlives the tree it was computed from. Without the
 * variable (a plan or bench run by hand) nothing is shared: every run is made as before. The first process to ask for
 * a stack takes its lock (an atomic mkdir) and runs it; the others wait for its file (or its error).
 *
 * The child prints the ProgramRun as JSON that keeps `undefined` (a marker) and refuses what JSON would change silently
 * (class instances, non-finite numbers, -0, functions, symbols, bigints). Pulumi Outputs, found only inside the resource
 * objects @pulumi/eks hands its ManagedNodeGroup remote component (`cluster`, `nodeRole`), become what every JSON of a
 * run already makes of them (the plan's, `--run-of`'s): the SDK's toJSON message, so a test that reads one fails.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { ProgramRun, RunOptions } from "./runProgram";
import type { StackOutputs } from "./mockCloud";
import { writeFileAtomic } from "./atomicFile";
import { ROOT } from "./stackConfig";
import { loaderArgs } from "./loader";

/** The environment variable naming the invocation's cache directory. */
export const SHARED_RUNS_ENV = "OSPREY_SHARED_RUNS";
/** How `undefined` travels (JSON has no undefined). */
export const UNDEFINED_MARKER = "$osprey:undefined$";

const RUNNER = path.join(ROOT, "harness", "runProgram.ts");
const WAIT_MS = 10 * 60 * 1000;

/** The invocation's cache directory, or undefined when nothing is shared (no variable, or its directory is gone). */
export function sharedRunsDir(): string | undefined {
    const dir = process.env[SHARED_RUNS_ENV];
    return dir && fs.existsSync(dir) ? dir : undefined;
}

/** Restores what `encodeProgramRun` (harness/runProgram.ts) encoded: the `undefined` markers become undefined again. */
export function decodeProgramRun(text: string): ProgramRun {
    const restore = (v: unknown): unknown => {
        if (Array.isArray(v)) {
            for (let i = 0; i < v.length; i++) v[i] = restore(v[i]);
        } else if (typeof v === "object" && v !== null) {
            const o = v as Record<string, unknown>;
            for (const k of Object.keys(o)) o[k] = restore(o[k]);
        }
        return isUndefinedMarker(v) ? undefined : v;
    };
    return restore(JSON.parse(text)) as ProgramRun;
}

export const isUndefinedMarker = (v: unknown): boolean =>
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    (v as Record<string, unknown>)[UNDEFINED_MARKER] === 1;

const childArgs = (stack: string) => loaderArgs(RUNNER, "--program-run-of", stack);
const fileOf = (dir: string, stack: string) => path.join(dir, `${stack}.json`);
const errorOf = (dir: string, stack: string) => path.join(dir, `${stack}.error`);
const lockOf = (dir: string, stack: string) => path.join(dir, `${stack}.lock`);
/** What the finished run's child printed on stderr (the program's warnings), written before the run's file. */
const stderrOf = (dir: string, stack: string) => path.join(dir, `${stack}.stderr`);

function takeLock(dir: string, stack: string): boolean {
    try {
        fs.mkdirSync(lockOf(dir, stack));
        return true;
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw new Error(`cannot lock the shared run of stack ${stack} in ${dir}`, { cause: e });
    }
}

/** The finished run's text, or throws the failed run's error, or undefined while it is still running. */
function finished(dir: string, stack: string): string | undefined {
    if (fs.existsSync(errorOf(dir, stack)))
        throw new Error(`the shared run of stack ${stack} failed:\n${fs.readFileSync(errorOf(dir, stack), "utf8")}`);
    return fs.existsSync(fileOf(dir, stack)) ? fs.readFileSync(fileOf(dir, stack), "utf8") : undefined;
}

function publish(dir: string, stack: string, status: number | null, stdout: string, stderr: string): string {
    if (status !== 0) {
        fs.writeFileSync(errorOf(dir, stack), `exit ${status}\n${stderr}`);
        throw new Error(`the shared run of stack ${stack} failed (exit ${status}):\n${stderr}`);
    }
    fs.writeFileSync(stderrOf(dir, stack), stderr);
    writeFileAtomic(fileOf(dir, stack), stdout); // a waiter never reads half a file
    return stdout;
}

const timedOut = (stack: string) =>
    new Error(`waited ${WAIT_MS / 1000} s for the shared run of stack ${stack} (another process holds its lock)`);

/** Runs `harness/runProgram.ts <args>` in a child, with `input` on its stdin, and returns what it printed (no cache). */
function runChild(args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, {
            cwd: ROOT,
            stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        });
        // A child that dies before reading its input closes the pipe: its exit status and stderr say why, not EPIPE.
        if (input !== undefined) child.stdin!.on("error", () => undefined).end(input);
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout!.on("data", (b: Buffer) => out.push(b));
        child.stderr!.on("data", (b: Buffer) => err.push(b));
        child.on("error", reject);
        child.on("close", (status) =>
            resolve({
                status,
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
            }),
        );
    });
}

/**
 * The whole program of `stack`, unmodified, as `runProgram({ stack })` records it: from the invocation's cache (made
 * once, by whichever process asks first), or, outside jest, run now in a child. For tests (async: jest's timers run).
 */
export async function sharedProgramRun(stack: string): Promise<ProgramRun> {
    const dir = sharedRunsDir();
    if (!dir) return runProgramInChild({ stack });
    const done = finished(dir, stack);
    if (done !== undefined) return decodeProgramRun(done);
    if (takeLock(dir, stack)) {
        const r = await runChild(childArgs(stack));
        return decodeProgramRun(publish(dir, stack, r.status, r.stdout, r.stderr));
    }
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
        const text = finished(dir, stack);
        if (text !== undefined) return decodeProgramRun(text);
        if (Date.now() > deadline) throw timedOut(stack);
        await new Promise((r) => setTimeout(r, 100));
    }
}

/**
 * `runProgram(opts)` for a whole program, made for real in a child process (node loads the SDKs in half the time jest's
 * module registry takes) and never shared: for runs with overrides, an overlay or another config file.
 */
export async function runProgramInChild(opts: RunOptions): Promise<ProgramRun> {
    const args = childArgs(opts.stack);
    if (opts.overlay) args.push("--overlay", JSON.stringify(opts.overlay));
    if (opts.stackOutputs) args.push("--stack-outputs", JSON.stringify(opts.stackOutputs));
    if (opts.configFile) args.push("--config-file", path.resolve(opts.configFile));
    if (opts.configOverrides) args.push("--config-overrides", JSON.stringify(opts.configOverrides));
    if (opts.configSets) args.push("--config-sets", JSON.stringify(opts.configSets));
    if (opts.outOfBand) args.push("--out-of-band", JSON.stringify(opts.outOfBand));
    const r = await runChild(args);
    if (r.status !== 0)
        throw new Error(`running stack ${opts.stack} in a child failed (exit ${r.status}):\n${r.stderr}`);
    return decodeProgramRun(r.stdout);
}

/** A run of runProgramsInChild: the run, or the error runProgramInChild would have thrown (its message). */
export type RunOutcome = { run: ProgramRun; error?: undefined } | { run?: undefined; error: string };

/**
 * Several `runProgram(opts)`, in order, each a whole program made for real, in as few child processes as they allow
 * (`harness/runProgram.ts --program-runs`): a child loads the SDKs once (about 3 s of CPU) and runs each program from a
 * fresh load of the project's modules. A run that fails ends its child, and the runs after it go on in a new one, so
 * a run never follows a failed one in the same process. tests/harness/sharedRuns.test.ts holds a run made after another
 * in one child to be the run a process of its own makes.
 */
export async function runProgramsInChild(list: RunOptions[]): Promise<RunOutcome[]> {
    const outcomes: RunOutcome[] = [];
    while (outcomes.length < list.length) {
        const rest = list.slice(outcomes.length);
        const r = await runChild(loaderArgs(RUNNER, "--program-runs"), JSON.stringify(rest));
        const lines = r.stdout.split("\n").filter((l) => l !== "");
        if (r.status !== 0 || lines.length === 0)
            throw new Error(`running ${rest.length} program(s) in a child failed (exit ${r.status}):\n${r.stderr}`);
        for (const [i, line] of lines.entries()) {
            if (i > 0 && lines[i - 1].startsWith("E "))
                throw new Error(
                    `a child ran on after a failed run (${rest[i - 1].stack}): harness/runProgram.ts runInOrder`,
                );
            const body = line.slice(2);
            outcomes.push(
                line.startsWith("R ")
                    ? { run: decodeProgramRun(body) }
                    : { error: `running stack ${rest[i].stack} in a child failed:\n${JSON.parse(body) as string}` },
            );
        }
    }
    return outcomes;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The same, synchronously (a StackReference's answer inside a program run, the plan's account pricing); needs the cache. */
export function sharedProgramRunSync(stack: string, dir: string): ProgramRun {
    const done = finished(dir, stack);
    if (done !== undefined) return decodeProgramRun(done);
    if (takeLock(dir, stack)) {
        const r = spawnSync(process.execPath, childArgs(stack), {
            cwd: ROOT,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        });
        if (r.error) throw new Error(`cannot start the shared run of stack ${stack}`, { cause: r.error });
        return decodeProgramRun(publish(dir, stack, r.status, r.stdout, r.stderr));
    }
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
        const text = finished(dir, stack);
        if (text !== undefined) return decodeProgramRun(text);
        if (Date.now() > deadline) throw timedOut(stack);
        sleepSync(100);
    }
}

/** The stacks a run read through StackReferences (their fully qualified names, as the program named them). */
export const referencedStacks = (run: ProgramRun): string[] =>
    run.resources.filter((r) => r.type === "pulumi:pulumi:StackReference" && r.read).map((r) => r.name);

/**
 * The shared run that a run of `stack` with `overlay` and `stackOutputs` would reproduce exactly, if the cache is on:
 * no overlay (or an empty one), and every StackReference it made answered with the outputs the caller would give (a
 * reference the caller leaves out is answered from the cache either way). Otherwise undefined: run it for real.
 * `quiet`: only a run whose program printed nothing on stderr (a caller that shows the program's warnings, as the
 * plan's summary does, runs a warning program itself, so the warnings reach it).
 */
export function reusableSharedRun(
    stack: string,
    opts: { overlay?: Record<string, unknown>; stackOutputs?: Record<string, StackOutputs>; quiet?: boolean },
): ProgramRun | undefined {
    const dir = sharedRunsDir();
    if (!dir || Object.keys(opts.overlay ?? {}).length > 0) return undefined;
    const run = sharedProgramRunSync(stack, dir);
    if (opts.quiet && fs.readFileSync(stderrOf(dir, stack), "utf8") !== "") return undefined;
    for (const name of referencedStacks(run)) {
        const given = opts.stackOutputs?.[name];
        if (given === undefined) continue;
        // Compared as the child would receive them: JSON on its command line (`--stack-outputs`).
        const shared = sharedProgramRunSync(stackOfReference(name), dir).outputs;
        if (!isDeepStrictEqual(asJson(given), asJson(shared))) return undefined;
    }
    return run;
}

/** A value as JSON carries it (what a child process prints or reads on its command line). */
export const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** "<org>/<project>/<stack>" → "<stack>". */
export const stackOfReference = (fullName: string): string => fullName.split("/").pop()!;
