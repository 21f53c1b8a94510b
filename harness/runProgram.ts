/**
 * Runs the Pulumi program (index.ts) on the mock cloud with a stack's configuration and returns the
 * recorded resource graph and the stack outputs. One run per process (Pulumi's runtime state is global):
 * the plan calls it once; each jest test file calls it at most once.
 */
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource } from "./graph";
import { MockCloud, StackOutputs } from "./mockCloud";
import { loadStackConfig, LoadedStackConfig, ROOT } from "./stackConfig";
import { CLOUDFLARE_IPS_FIXTURE } from "./fixtures/cloudflareIps";

export interface ProgramRun {
    stack: string;
    resources: RecordedResource[];
    outputs: StackOutputs;
}

export interface RunOptions {
    stack: string;
    /** Use this stack settings file instead of Pulumi.<stack>.yaml (like `pulumi --config-file`). */
    configFile?: string;
    /** Extra or overriding fully qualified config values (strings, as Pulumi holds them). */
    configOverrides?: Record<string, string>;
    /** Outputs of other stacks by fully qualified name; when absent and the stack references another, it is run first. */
    stackOutputs?: Record<string, StackOutputs>;
}

interface MonitorLike {
    registerResource(req: RegisterRequest, cb: (err: unknown, resp: { getUrn(): string }) => void): Promise<void>;
    readResource(req: RegisterRequest, cb: (err: unknown, resp: { getUrn(): string }) => void): Promise<void>;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getCustom?(): boolean;
    getObject?(): unknown;
    getProperties?(): unknown;
    getDependenciesList?(): string[];
    getIgnorechangesList?(): string[];
    getProvidersMap?(): { forEach(cb: (v: string, k: string) => void): void };
    getPropertydependenciesMap?(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
}

/** Wraps the mock monitor so every registration and read is recorded with its parent, provider and dependencies. */
function recordInto(monitor: MonitorLike, resources: RecordedResource[], errors: unknown[]) {
    const wrap = (kind: "registerResource" | "readResource") => {
        const original = monitor[kind].bind(monitor);
        monitor[kind] = (req, cb) =>
            original(req, (err, resp) => {
                if (err) {
                    errors.push(err);
                } else {
                    const propertyDependencies: Record<string, string[]> = {};
                    req.getPropertydependenciesMap?.().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
                    const providers: Record<string, string> = {};
                    req.getProvidersMap?.().forEach((v, k) => (providers[k] = v));
                    const struct = kind === "registerResource" ? req.getObject?.() : req.getProperties?.();
                    resources.push({
                        urn: resp.getUrn(),
                        type: req.getType(),
                        name: req.getName(),
                        parent: req.getParent() || undefined,
                        inputs: pulumi.runtime.deserializeProperties(struct as Parameters<typeof pulumi.runtime.deserializeProperties>[0], true) as Record<
                            string,
                            unknown
                        >,
                        custom: kind === "readResource" ? true : Boolean(req.getCustom?.()),
                        provider: req.getProvider() || undefined,
                        ...(Object.keys(providers).length ? { providers } : {}),
                        dependencies: req.getDependenciesList?.() ?? [],
                        propertyDependencies,
                        ...(req.getIgnorechangesList?.().length ? { ignoreChanges: req.getIgnorechangesList() } : {}),
                        ...(kind === "readResource" ? { read: true } : {}),
                    });
                }
                cb(err, resp);
            });
    };
    wrap("registerResource");
    wrap("readResource");
}

/** The stack a config references through `platformStack`, if it does not own its platform. */
function referencedStack(cfg: LoadedStackConfig): string | undefined {
    const owns = cfg.config[`${cfg.project}:ownsPlatform`];
    const ref = cfg.config[`${cfg.project}:platformStack`];
    return owns === "false" && ref ? ref : undefined;
}

/** Runs another stack of this project in a child process (one program per process) and returns its outputs. */
export function outputsOfStackInChild(fullName: string): StackOutputs {
    const stack = fullName.split("/").pop()!;
    const child = spawnSync(process.execPath, [require.resolve("tsx/cli"), __filename, "--outputs-of", stack], {
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
    const cfg = loadStackConfig(opts.stack, ROOT, opts.configFile);
    Object.assign(cfg.config, opts.configOverrides);
    const ref = referencedStack(cfg);
    const stackOutputs = { ...opts.stackOutputs };
    if (ref && !stackOutputs[ref]) stackOutputs[ref] = outputsOfStackInChild(ref);
    return runOnMockCloud({
        project: cfg.project,
        stack: cfg.stack,
        config: cfg.config,
        secretKeys: cfg.secretKeys,
        stackOutputs,
        program: () => require(path.join(ROOT, "index.ts")) as Record<string, unknown>,
    });
}

export interface MockRunOptions {
    project?: string;
    stack: string;
    /** Fully qualified config keys to string values. */
    config?: Record<string, string>;
    secretKeys?: string[];
    stackOutputs?: Record<string, StackOutputs>;
    /** The program: creates resources and returns the stack outputs. Runs inside the root Stack resource. */
    program: () => Record<string, unknown> | Promise<Record<string, unknown>>;
}

/**
 * Runs any program (the whole index.ts, or one component in a test) on the mock cloud, recording every
 * resource. Registration errors (including `not implemented: <token>`) fail the run.
 */
export async function runOnMockCloud(opts: MockRunOptions): Promise<ProgramRun> {
    const config = opts.config ?? {};
    const cloud = new MockCloud({
        stack: opts.stack,
        region: config["aws:region"] ?? "us-east-1",
        cloudflareRanges: CLOUDFLARE_IPS_FIXTURE,
        stackOutputs: opts.stackOutputs,
    });
    await pulumi.runtime.setMocks(cloud, opts.project ?? "osprey-strike", opts.stack, true);
    pulumi.runtime.setAllConfig(config, opts.secretKeys ?? []);
    const resources: RecordedResource[] = [];
    const errors: unknown[] = [];
    recordInto(pulumi.runtime.getMonitor() as unknown as MonitorLike, resources, errors);

    let exported: Record<string, unknown> = {};
    let programError: unknown;
    await pulumi.runtime.runInPulumiStack(async () => {
        // Caught here, not left to the Stack: Pulumi would report it as an unhandled rejection and end the process.
        try {
            exported = { ...(await opts.program()) };
        } catch (e) {
            programError = e;
        }
        return exported;
    });
    if (programError !== undefined) throw programError;
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    if (errors.length > 0) throw errors[0];
    for (const r of resources) r.inputs = (await materializeAssets(r.inputs)) as Record<string, unknown>;

    const outputs: Record<string, unknown> = {};
    const secretOutputNames: string[] = [];
    for (const [key, value] of Object.entries(exported)) {
        if (pulumi.Output.isInstance(value)) {
            const impl = value as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
            const v = await impl.promise();
            if (v === undefined) continue; // Pulumi drops undefined outputs
            outputs[key] = v;
            if (await impl.isSecret) secretOutputNames.push(key);
        } else if (value !== undefined) {
            outputs[key] = value;
        }
    }
    return { stack: opts.stack, resources, outputs: { outputs, secretOutputNames } };
}

/** Replaces Pulumi asset and archive objects (whose contents are promises) with plain recorded data. */
async function materializeAssets(v: unknown): Promise<unknown> {
    const { asset } = pulumi;
    if (v instanceof asset.AssetArchive) {
        const entries = Object.entries(await v.assets);
        return { __archive: Object.fromEntries(await Promise.all(entries.map(async ([k, x]) => [k, await materializeAssets(x)]))) };
    }
    if (v instanceof asset.StringAsset) return { __asset: "text", text: await v.text };
    if (v instanceof asset.FileAsset) return { __asset: "file", path: await v.path };
    if (v instanceof asset.RemoteAsset) return { __asset: "remote", path: await v.uri };
    if (v instanceof asset.FileArchive) return { __archive: "file", path: await v.path };
    if (v instanceof asset.RemoteArchive) return { __archive: "remote", path: await v.uri };
    if (Array.isArray(v)) return Promise.all(v.map(materializeAssets));
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await materializeAssets(x)])));
    }
    return v;
}

/** `tsx harness/runProgram.ts --outputs-of <stack>`: prints a stack's outputs as JSON (the child run behind a StackReference). */
if (require.main === module) {
    const [flag, stack] = process.argv.slice(2);
    if (flag !== "--outputs-of" || !stack) {
        process.stderr.write("usage: npx tsx harness/runProgram.ts --outputs-of <stack>\n");
        process.exit(64);
    }
    runProgram({ stack }).then(
        (run) => process.stdout.write(JSON.stringify(run.outputs) + "\n", () => process.exit(0)),
        (e: unknown) => {
            process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
            process.exit(1);
        },
    );
}
