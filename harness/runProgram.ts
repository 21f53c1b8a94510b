/**
 * Runs the Pulumi program (index.ts) on the mock cloud with a stack's configuration and returns the
 * recorded resource graph and the stack outputs. Pulumi's runtime state is global and index.ts registers its resources
 * when it loads: one run of the whole program per process (the plan's), or several in order from fresh loads of the
 * project's modules (`--program-runs`, below).
 */
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource } from "./graph";
import { MockCloud, OutOfBand, StackOutputs } from "./mockCloud";
import { modelRemoteChildren } from "./models/remoteChildren";
import {
    applyTransforms,
    outputValue,
    recordRegistrations,
    runInStack,
    waitForRPCs,
    withCodePathsOncePerOptions,
    withoutPromiseStacks,
    useReadOnlyInspector,
} from "./pulumiInternals";
import { ROOT, runConfig } from "./stackConfig";
import { CLOUDFLARE_IPS_FIXTURE } from "./fixtures/cloudflareIps";
import { Overlay } from "../config/profiles";
import { asJson, sharedProgramRunSync, sharedRunsDir, stackOfReference, UNDEFINED_MARKER } from "./sharedRuns";
import { loaderArgs } from "./loader";

export interface ProgramRun {
    stack: string;
    resources: RecordedResource[];
    outputs: StackOutputs;
    /** What the mock cloud could not model: resource types it echoed generically (no table entry, no model). */
    mock: { generic: string[] };
}

export interface RunOptions {
    stack: string;
    /** Use this stack settings file instead of Pulumi.<stack>.yaml (like `pulumi --config-file`). */
    configFile?: string;
    /** Extra or overriding fully qualified config values (strings, as Pulumi holds them). */
    configOverrides?: Record<string, string>;
    /** Outputs of other stacks by fully qualified name; a StackReference to any other stack runs that stack in a child process. */
    stackOutputs?: Record<string, StackOutputs>;
    /** A cost profile's layer objects (config/profiles.ts), deep-merged over the stack file's before the run. */
    overlay?: Overlay;
    /** `--set <path>=<value>` arguments (config/setPath.ts), merged in last, after the overlay and the overrides. */
    configSets?: string[];
    /** What exists outside Pulumi's state (harness/mockCloud.ts OutOfBand); unset: whatever the program looks up exists. */
    outOfBand?: OutOfBand;
}

/**
 * Runs another stack of this project in a child process (one program per process) and returns its outputs. Under jest
 * (harness/sharedRuns.ts) the invocation's shared run of that stack answers instead: the same run, made once.
 */
export function outputsOfStackInChild(fullName: string): StackOutputs {
    const stack = stackOfReference(fullName);
    const dir = sharedRunsDir();
    if (dir) return asJson(sharedProgramRunSync(stack, dir).outputs); // as the child below prints them
    const child = spawnSync(process.execPath, loaderArgs(__filename, "--outputs-of", stack), {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) {
        throw new Error(`running stack ${stack} for the StackReference ${fullName} failed:\n${child.stderr}`);
    }
    return JSON.parse(child.stdout) as StackOutputs;
}

export async function runProgram(opts: RunOptions): Promise<ProgramRun> {
    const cfg = runConfig(opts.stack, {
        configFile: opts.configFile,
        overlay: opts.overlay,
        overrides: opts.configOverrides,
        sets: opts.configSets,
    });
    return runOnMockCloud({
        project: cfg.project,
        stack: cfg.stack,
        config: cfg.config,
        secretKeys: cfg.secretKeys,
        // The program decides whether it reads another stack (the mock needs no config key for that): run it when asked.
        stackOutputs: (name) => opts.stackOutputs?.[name] ?? outputsOfStackInChild(name),
        // Loaded synchronously inside the mock run (as `pulumi` loads a CommonJS program); one program per process.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        program: () => require(path.join(ROOT, "index.ts")) as Record<string, unknown>,
        outOfBand: opts.outOfBand,
    });
}

export interface MockRunOptions {
    project?: string;
    stack: string;
    /** Fully qualified config keys to string values. */
    config?: Record<string, string>;
    secretKeys?: string[];
    stackOutputs?: Record<string, StackOutputs> | ((name: string) => StackOutputs | undefined);
    /** The program: creates resources and returns the stack outputs. Runs inside the root Stack resource. */
    program: () => Record<string, unknown> | Promise<Record<string, unknown>>;
    outOfBand?: OutOfBand;
}

/**
 * Runs any program (the whole index.ts, or one component in a test) on the mock cloud, recording every
 * resource. Registration errors (including `Mock not implemented: <token>` from a call) fail the run.
 */
export async function runOnMockCloud(opts: MockRunOptions): Promise<ProgramRun> {
    // The closure serializer reads functions without the debugger from here on (the function says why).
    useReadOnlyInspector();
    const config = opts.config ?? {};
    const cloud = new MockCloud({
        stack: opts.stack,
        region: config["aws:region"] ?? "us-east-1",
        cloudflareRanges: CLOUDFLARE_IPS_FIXTURE,
        stackOutputs: opts.stackOutputs,
        outOfBand: opts.outOfBand,
    });
    await pulumi.runtime.setMocks(cloud, opts.project ?? "osprey-strike", opts.stack, true);
    pulumi.runtime.setAllConfig(config, opts.secretKeys ?? []);
    const resources: RecordedResource[] = [];
    const errors: unknown[] = [];
    const transforms = new Map<string, string[]>();
    recordRegistrations(
        (r) => {
            if (r.transforms.length > 0) transforms.set(r.urn, r.transforms);
            resources.push({
                urn: r.urn,
                type: r.type,
                name: r.name,
                parent: r.parent,
                inputs: r.inputs,
                custom: r.custom,
                ...(r.remote ? { remote: true } : {}),
                provider: r.provider,
                ...(Object.keys(r.providers).length ? { providers: r.providers } : {}),
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
                ...(r.ignoreChanges.length ? { ignoreChanges: r.ignoreChanges } : {}),
                ...(r.kind === "read" ? { read: true } : {}),
                ...(r.protect ? { protect: true } : {}),
            });
        },
        (err) => errors.push(err),
    );

    // An error thrown inside an apply that feeds a resource's inputs (a component refusing a value only known at run
    // time) rejects that registration's promise, which nothing awaits: the Pulumi CLI reports it and fails the update;
    // here it fails the run with that error, instead of leaving waitForRPCs waiting for a registration that never ends.
    let onRejection: ((reason: unknown) => void) | undefined;
    const rejected = new Promise<never>((_, reject) => {
        onRejection = (reason) => reject(reason instanceof Error ? reason : new Error(String(reason)));
        process.on("unhandledRejection", onRejection);
    });
    // The SDK takes a stack trace for every output promise (runtime/debuggable.js) and every resource's source position
    // (Resource.callsites). Each one mapped back to TypeScript (source-map-support, which harness/register.js
    // installs, Node's source maps or jest's formatter) is about a third of a plan's CPU (`node --cpu-prof`) and more
    // under jest. Nothing reads them on the mock cloud (the mock monitor ignores source positions), so during the run
    // they are left unmapped, and the promises' ones, which the SDK reads only to report leaked promises under
    // PULUMI_DEBUG_PROMISE_LEAKS, are not taken at all (withoutPromiseStacks). V8 formats an error's stack when it is
    // first read, so an error that surfaces from the run and is read afterwards is still mapped: the formatter and
    // source maps are restored below.
    const sourceMaps = process.sourceMapsEnabled ?? true;
    const formatter = Error.prepareStackTrace;
    process.setSourceMapsEnabled(false);
    Error.prepareStackTrace = plainStackTrace;
    try {
        return await withCodePathsOncePerOptions(() =>
            withoutPromiseStacks(() => Promise.race([recordRun(opts, cloud, resources, errors, transforms), rejected])),
        );
    } finally {
        process.off("unhandledRejection", onRejection!);
        Error.prepareStackTrace = formatter;
        process.setSourceMapsEnabled(sourceMaps);
    }
}

/** V8's own frame text, unmapped: what Node and jest print before mapping (their source maps are the cost). */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
    let head: string;
    try {
        head = Error.prototype.toString.call(error);
    } catch {
        head = "Error"; // an object without Error's prototype, given to Error.captureStackTrace
    }
    return [head, ...frames.map((f) => `    at ${f.toString()}`)].join("\n");
}

async function recordRun(
    opts: MockRunOptions,
    cloud: MockCloud,
    resources: RecordedResource[],
    errors: unknown[],
    transforms: Map<string, string[]>,
): Promise<ProgramRun> {
    let exported: Record<string, unknown> = {};
    let programError: unknown;
    await runInStack(async () => {
        // Caught here, not left to the Stack: Pulumi would report it as an unhandled rejection and end the process.
        try {
            exported = { ...(await opts.program()) };
        } catch (e) {
            programError = e;
        }
        return exported;
    });
    if (programError !== undefined) throw programError;
    await waitForRPCs();
    if (errors.length > 0) throw errors[0];
    for (const r of resources) r.inputs = (await materializeAssets(r.inputs)) as Record<string, unknown>;

    const outputs: Record<string, unknown> = {};
    const secretOutputNames: string[] = [];
    for (const [key, value] of Object.entries(exported)) {
        if (pulumi.Output.isInstance(value)) {
            const { value: v, isSecret } = await outputValue(value);
            if (v === undefined) continue; // Pulumi drops undefined outputs
            outputs[key] = v;
            if (isSecret) secretOutputNames.push(key);
        } else if (value !== undefined) {
            outputs[key] = value;
        }
    }
    // Custom resources and remote components are what a provider would answer for; local components hold no state.
    const generic = [
        ...new Set(resources.filter((r) => (r.custom || r.remote) && !cloud.knows(r.type)).map((r) => r.type)),
    ].sort();
    // What the remote components create inside them (a real preview reports it; the mock saw one resource each).
    const children = modelRemoteChildren(resources, {
        ...cloud.ctx,
        identify: (type, name, inputs) => cloud.identify(type, name, inputs),
    });
    // The engine runs the transforms of a packaged component (and of its ancestors) on every child it registers.
    const byUrn = new Map([...resources, ...children].map((r) => [r.urn, r]));
    for (const child of children) {
        const tokens: string[] = [];
        for (let p = child.parent; p; p = byUrn.get(p)?.parent) tokens.push(...(transforms.get(p) ?? []));
        if (tokens.length > 0) child.inputs = await applyTransforms(tokens, child);
    }
    resources.push(...children);
    return { stack: opts.stack, resources, outputs: { outputs, secretOutputNames }, mock: { generic } };
}

const writeOut = (text: string) =>
    new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));

/**
 * `--program-runs`: one process loads the SDKs once and runs each program from a fresh load of this project's modules
 * (every file under the root outside node_modules, this one included, is dropped from require's cache first), so no
 * module state of one run reaches the next; what stays is node_modules, whose Pulumi runtime state each run resets
 * (setMocks, setAllConfig, a new root Stack), as it does for the many runs of one jest file.
 */
async function runInOrder(list: RunOptions[]): Promise<void> {
    for (const [i, opts] of list.entries()) {
        let run: ProgramRun;
        try {
            run = await (i === 0 ? runProgram : freshRunProgram())(opts);
        } catch (e) {
            await writeOut(`E ${JSON.stringify((e as Error).stack ?? String(e))}\n`);
            return;
        }
        await writeOut(`R ${encodeProgramRun(run)}\n`);
    }
}

function freshRunProgram(): typeof runProgram {
    const own = `${ROOT}${path.sep}`;
    const vendored = `${path.sep}node_modules${path.sep}`;
    for (const key of Object.keys(require.cache))
        if (key.startsWith(own) && !key.includes(vendored)) delete require.cache[key];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(__filename) as typeof import("./runProgram")).runProgram;
}

/**
 * A run as the text harness/sharedRuns.ts decodes: JSON, with `undefined` kept as a marker. Refuses, naming the key,
 * whatever JSON would change without a trace (class instances, functions, non-finite numbers, -0), so a shared run is
 * the recorded run or no run at all. Pulumi Outputs (only inside remote components' resource-object inputs) become
 * the SDK's toJSON text, as in every other JSON of a run.
 */
export function encodeProgramRun(run: ProgramRun): string {
    return JSON.stringify(run, function (this: Record<string, unknown>, key: string, value: unknown) {
        const original = this[key];
        if (pulumi.Output.isInstance(original)) return value;
        if (value === undefined) return { [UNDEFINED_MARKER]: 1 };
        const refuse = (what: string) => {
            throw new Error(`a shared program run cannot carry ${what} (at key "${key}"): JSON would change it`);
        };
        if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0)))
            refuse(String(value === 0 ? "-0" : value));
        if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint")
            refuse(`a ${typeof value}`);
        if (typeof original === "object" && original !== null && !Array.isArray(original)) {
            const proto: unknown = Object.getPrototypeOf(original);
            if (proto !== Object.prototype)
                refuse(
                    proto === null
                        ? "an object without prototype"
                        : `a ${(original as object).constructor?.name ?? "class"} instance`,
                );
        }
        return value;
    });
}

/** Replaces Pulumi asset and archive objects (whose contents are promises) with plain recorded data. */
async function materializeAssets(v: unknown): Promise<unknown> {
    const { asset } = pulumi;
    if (v instanceof asset.AssetArchive) {
        const entries = Object.entries(await v.assets);
        return {
            __archive: Object.fromEntries(
                await Promise.all(entries.map(async ([k, x]) => [k, await materializeAssets(x)])),
            ),
        };
    }
    if (v instanceof asset.StringAsset) return { __asset: "text", text: await v.text };
    if (v instanceof asset.FileAsset) return { __asset: "file", path: await v.path };
    if (v instanceof asset.RemoteAsset) return { __asset: "remote", path: await v.uri };
    if (v instanceof asset.FileArchive) return { __archive: "file", path: await v.path };
    if (v instanceof asset.RemoteArchive) return { __archive: "remote", path: await v.uri };
    if (Array.isArray(v)) return Promise.all(v.map(materializeAssets));
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(
            await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await materializeAssets(x)])),
        );
    }
    return v;
}

/**
 * `node -r ./harness/register.js harness/runProgram.ts <flag> ...`:
 * - `--outputs-of <stack>`: prints a stack's outputs as JSON (the child run behind a StackReference);
 * - `--run-of <stack> [--overlay <json>] [--stack-outputs <json>]`: prints { outputs, resources } (resources as the
 *   cost estimator reads them): how the plan prices the account's other stack;
 * - `--program-run-of <stack> [--overlay <json>] [--stack-outputs <json>] [--config-file <file>]
 *   [--config-overrides <json>] [--config-sets <json>] [--out-of-band <json>]`: prints the whole ProgramRun
 *   (encodeProgramRun), for harness/sharedRuns.ts;
 * - `--program-runs`: reads a JSON array of RunOptions on stdin and runs them in order (harness/sharedRuns.ts
 *   runProgramsInChild): prints, one line each, `R <the encoded ProgramRun>` or, for a run that failed, `E <its error
 *   as a JSON string>` and stops there (a failed run may leave work in flight that a later run would record).
 */
if (require.main === module && process.argv[2] === "--program-runs") {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (b: Buffer) => chunks.push(b));
    process.stdin.on("end", () => {
        runInOrder(JSON.parse(Buffer.concat(chunks).toString("utf8")) as RunOptions[]).then(
            () => process.exit(0),
            (e: unknown) => {
                process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
                process.exit(1);
            },
        );
    });
} else if (require.main === module) {
    const argv = process.argv.slice(2);
    const [flag, stack] = argv;
    const opt = (name: string) => {
        const i = argv.indexOf(name);
        return i > 0 ? argv[i + 1] : undefined;
    };
    if ((flag !== "--outputs-of" && flag !== "--run-of" && flag !== "--program-run-of") || !stack) {
        process.stderr.write(
            "usage: node -r ./harness/register.js harness/runProgram.ts --outputs-of <stack> | --run-of <stack> [--overlay <json>] [--stack-outputs <json>] | --program-run-of <stack> [same] [--config-file <file>] [--config-overrides <json>] [--out-of-band <json>]\n",
        );
        process.exit(64);
    }
    const overlay = opt("--overlay");
    const stackOutputs = opt("--stack-outputs");
    const configFile = opt("--config-file");
    const configOverrides = opt("--config-overrides");
    const outOfBand = opt("--out-of-band");
    const configSets = opt("--config-sets");
    runProgram({
        stack,
        ...(overlay ? { overlay: JSON.parse(overlay) as Overlay } : {}),
        ...(stackOutputs ? { stackOutputs: JSON.parse(stackOutputs) as Record<string, StackOutputs> } : {}),
        ...(configFile ? { configFile } : {}),
        ...(configOverrides ? { configOverrides: JSON.parse(configOverrides) as Record<string, string> } : {}),
        ...(outOfBand ? { outOfBand: JSON.parse(outOfBand) as OutOfBand } : {}),
        ...(configSets ? { configSets: JSON.parse(configSets) as string[] } : {}),
    }).then(
        (run) => {
            if (flag === "--program-run-of") {
                process.stdout.write(encodeProgramRun(run) + "\n", () => process.exit(0));
                return;
            }
            const body =
                flag === "--outputs-of"
                    ? run.outputs
                    : {
                          outputs: run.outputs,
                          resources: run.resources
                              .filter((r) => !r.read)
                              .map((r) => ({
                                  type: r.type,
                                  urn: r.urn,
                                  name: r.name,
                                  props: r.inputs,
                                  propertyDependencies: r.propertyDependencies,
                              })),
                      };
            process.stdout.write(JSON.stringify(body) + "\n", () => process.exit(0));
        },
        (e: unknown) => {
            process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
            process.exit(1);
        },
    );
}
