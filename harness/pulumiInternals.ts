/**
 * Every use of @pulumi/pulumi beyond its documented API, in one place. The harness needs a few internals to record
 * the graph the engine would see (the mock monitor's register and read requests, with dependencies), to run a
 * program the way the CLI does (inside the root Stack) and to wait for it to finish, and to run it faster without
 * changing what it records (withoutPromiseStacks, useReadOnlyInspector); nothing else in harness/ or tools/ reaches
 * into the SDK (the tests of these, and jest's setup in tests/setup/, do). `checkInternals()` names each internal
 * that is missing or changed, and the canary test (tests/harness/pulumiInternals.test.ts) runs it, so an SDK upgrade
 * that moves one fails there, by name, and not somewhere deep in a program run.
 */
import { Session } from "node:inspector";
import * as pulumi from "@pulumi/pulumi";
import { isUnknown as sdkIsUnknown, unknown as sdkUnknown } from "@pulumi/pulumi/output";

// Pulumi's secret envelope and its unknown are declared in ./graph (read without loading the SDK); checkInternals holds
// them to the SDK's.
import { isUnknown, SECRET_SIG, SECRET_SIG_VALUE } from "./graph";

/** The parts of a RegisterResourceRequest / ReadResourceRequest (proto/resource_pb) the recorder reads. */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getCustom?(): boolean;
    getRemote?(): boolean;
    getObject?(): unknown;
    getProperties?(): unknown;
    getDependenciesList?(): string[];
    getIgnorechangesList?(): string[];
    getProvidersMap?(): { forEach(cb: (v: string, k: string) => void): void };
    getPropertydependenciesMap?(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getTransformsList?(): { getToken(): string }[];
    getProtect?(): boolean;
}
type Callback = (err: unknown, resp: { getUrn(): string }) => void;
interface MonitorLike {
    registerResource(req: RegisterRequest, cb: Callback): Promise<void>;
    readResource(req: RegisterRequest, cb: Callback): Promise<void>;
}

/** One registration or read, as the engine received it. */
export interface Registration {
    kind: "register" | "read";
    urn: string;
    type: string;
    name: string;
    parent?: string;
    provider?: string;
    custom: boolean;
    remote: boolean;
    /** Deserialized inputs (secrets kept as envelopes, unknowns kept). */
    inputs: Record<string, unknown>;
    providers: Record<string, string>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    ignoreChanges: string[];
    /** Tokens of the `transforms` the SDK registered for this resource with its callback server (applyTransforms). */
    transforms: string[];
    /** The `protect` option: the engine refuses to delete (or replace) the resource. */
    protect: boolean;
}

const runtime = pulumi.runtime as unknown as {
    getMonitor(): unknown;
    waitForRPCs?: () => Promise<void>;
    runInPulumiStack?: (init: () => Promise<unknown>) => Promise<unknown>;
    deserializeProperties?: (struct: unknown, keepUnknowns?: boolean) => Record<string, unknown>;
    serializeProperties?: (label: string, props: Record<string, unknown>) => Promise<Record<string, unknown>>;
    specialSigKey?: string;
    specialSecretSig?: string;
};

/**
 * Wraps the mock monitor (after `pulumi.runtime.setMocks`) so that every registration and read is reported, with its
 * parent, provider, dependencies and property dependencies, and every failed one is passed to `onError`.
 */
export function recordRegistrations(onRecord: (r: Registration) => void, onError: (err: unknown) => void): void {
    const monitor = runtime.getMonitor() as MonitorLike;
    const wrap = (kind: "registerResource" | "readResource") => {
        const original = monitor[kind].bind(monitor);
        monitor[kind] = (req, cb) =>
            original(req, (err, resp) => {
                if (err) {
                    onError(err);
                } else {
                    const propertyDependencies: Record<string, string[]> = {};
                    req.getPropertydependenciesMap?.().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
                    const providers: Record<string, string> = {};
                    req.getProvidersMap?.().forEach((v, k) => (providers[k] = v));
                    const struct = kind === "registerResource" ? req.getObject?.() : req.getProperties?.();
                    onRecord({
                        kind: kind === "registerResource" ? "register" : "read",
                        urn: resp.getUrn(),
                        type: req.getType(),
                        name: req.getName(),
                        parent: req.getParent() || undefined,
                        provider: req.getProvider() || undefined,
                        custom: kind === "readResource" ? true : Boolean(req.getCustom?.()),
                        remote: Boolean(req.getRemote?.()),
                        inputs: runtime.deserializeProperties!(struct, true),
                        providers,
                        dependencies: req.getDependenciesList?.() ?? [],
                        propertyDependencies,
                        ignoreChanges: req.getIgnorechangesList?.() ?? [],
                        transforms: (req.getTransformsList?.() ?? []).map((c) => c.getToken()),
                        protect: Boolean(req.getProtect?.()),
                    });
                }
                cb(err, resp);
            });
    };
    wrap("registerResource");
    wrap("readResource");
}

// The SDK's callback server (runtime/settings.ts getCallbacks) and the transform messages (proto/resource_pb).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
    getCallbacks?: () => { _callbacks?: Map<string, (bytes: Uint8Array) => Promise<TransformResponse>> } | undefined;
};
// The SDK's promise bookkeeping (runtime/debuggable.ts), which its modules call through these exports.
type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise?: DebuggablePromise;
    debugPromiseLeaks?: boolean;
};
// The closure serializer's inspector session (runtime/closure/v8Hooks.ts), which runtime/closure/v8.ts asks through
// these exports.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const v8Hooks = require("@pulumi/pulumi/runtime/closure/v8Hooks") as { getSessionAsync?: () => Promise<Session> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resourcePb = require("@pulumi/pulumi/proto/resource_pb") as {
    TransformRequest: new () => {
        setType(v: string): void;
        setName(v: string): void;
        setCustom(v: boolean): void;
        setParent(v: string): void;
        setProperties(v: unknown): void;
        serializeBinary(): Uint8Array;
    };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structPb = require("google-protobuf/google/protobuf/struct_pb") as {
    Struct: { fromJavaScript(v: unknown): unknown };
};
interface TransformResponse {
    getProperties(): unknown;
}

/**
 * Applies the transforms a resource was registered with (their tokens, `Registration.transforms`) to a resource the
 * engine would register under it, as the engine does for the children of a packaged component: it calls each
 * transform through the SDK's own callback (the same request and response messages the engine exchanges), in order,
 * and returns the resulting inputs. The mock monitor never calls transforms, so without this a transform on a
 * remote component would change nothing the offline plan shows.
 */
export async function applyTransforms(
    tokens: string[],
    r: { type: string; name: string; custom: boolean; parent?: string; inputs: Record<string, unknown> },
): Promise<Record<string, unknown>> {
    let inputs = r.inputs;
    for (const token of tokens) {
        const callback = settings.getCallbacks?.()?._callbacks?.get(token);
        if (!callback) throw new Error(`transform ${token} is not registered with the SDK's callback server`);
        const request = new resourcePb.TransformRequest();
        request.setType(r.type);
        request.setName(r.name);
        request.setCustom(r.custom);
        request.setParent(r.parent ?? "");
        request.setProperties(structPb.Struct.fromJavaScript(await runtime.serializeProperties!("props", inputs)));
        const response = await callback(request.serializeBinary());
        inputs = runtime.deserializeProperties!(response.getProperties(), true);
    }
    return inputs;
}

/** Runs a program inside the root `pulumi:pulumi:Stack` resource, as the CLI's language host does. */
export async function runInStack(program: () => Promise<Record<string, unknown>>): Promise<void> {
    await runtime.runInPulumiStack!(program);
}

/** Waits until every outstanding RPC (registration, invoke, output) has settled. */
export async function waitForRPCs(): Promise<void> {
    await runtime.waitForRPCs!();
}

/** An Output's value and secretness (what the engine records for a stack output). */
export async function outputValue(o: pulumi.Output<unknown>): Promise<{ value: unknown; isSecret: boolean }> {
    const impl = o as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
    return { value: await impl.promise(), isSecret: await impl.isSecret };
}

type CodePaths = (...args: unknown[]) => Promise<Map<string, unknown>>;

/**
 * Runs `run` with `pulumi.runtime.computeCodePaths` answering once per set of options (its `logResource`, used only in
 * its error messages, aside): each CallbackFunction asks it for the packages to put in its archive, and each answer
 * reads the whole node_modules tree with npm's Arborist (about 0.4 s of CPU); the main stack has two such functions,
 * asking the same. The tree does not change during a run. Every caller gets its own copy of the answer, and the
 * function is restored afterwards.
 */
export async function withCodePathsOncePerOptions<T>(run: () => Promise<T>): Promise<T> {
    const rt = pulumi.runtime as unknown as { computeCodePaths: CodePaths };
    const real = rt.computeCodePaths;
    const answers = new Map<string, Promise<Map<string, unknown>>>();
    rt.computeCodePaths = (...args: unknown[]) => {
        const [options] = args;
        // The deprecated overload (paths as arrays) goes to the SDK as it is.
        if (args.length !== 1 || typeof options !== "object" || options === null || Array.isArray(options))
            return real(...args);
        const { logResource: _logResource, ...rest } = options as Record<string, unknown>;
        const key = JSON.stringify(rest);
        let answer = answers.get(key);
        if (answer === undefined) answers.set(key, (answer = real(options)));
        return answer.then((paths) => new Map(paths));
    };
    try {
        return await run();
    } finally {
        rt.computeCodePaths = real;
    }
}

/**
 * Runs `run` with the SDK's promise bookkeeping taking no stack trace: `debuggablePromise` (runtime/debuggable.js)
 * keeps a `new Error().stack` on every promise it wraps (about 0.4 s of a main run's CPU), printed only when the SDK
 * reports leaked promises under PULUMI_DEBUG_PROMISE_LEAKS; with that variable set (or the flag the SDK reads from it
 * when it loads, debugPromiseLeaks) it is left as it is. The SDK calls it through its module's exports
 * (`debuggable_1.debuggablePromise(...)`), so the stand-in here is what it calls: the SDK's own function, with
 * `Error.stackTraceLimit` 0 while it runs (its leak tracking is unchanged). Restored afterwards.
 */
export async function withoutPromiseStacks<T>(run: () => Promise<T>): Promise<T> {
    const real = debuggable.debuggablePromise;
    if (real === undefined || debuggable.debugPromiseLeaks || process.env.PULUMI_DEBUG_PROMISE_LEAKS) return run();
    debuggable.debuggablePromise = <T>(p: Promise<T>, ctx: unknown): Promise<T> => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return real(p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    try {
        return await run();
    } finally {
        debuggable.debuggablePromise = real;
    }
}

/**
 * Makes Pulumi's closure serializer (CallbackFunction's handler, dynamic providers) read functions, from now on in this
 * process (under jest: in this test file), through an inspector session that never turns the debugger on.
 *
 * The SDK's session (runtime/closure/v8Hooks.js) sends Debugger.enable only to learn each script's URL. V8 answers it
 * by reporting every script loaded so far: about 0.3 s of a main run's CPU, and more in a jest worker that has loaded
 * many test files' modules; a debugger left on also makes every later compile slower. Under the Pulumi CLI the SDK
 * turns it on before the program loads (cmd/run: v8Hooks.isInitializedAsync), so there the cost is spread over the
 * program's loading instead. What the serializer reads (Runtime.evaluate, and Runtime.getProperties for a function's
 * [[FunctionLocation]] and [[Scopes]] and the captured values) needs no debugger, so the serialized code is the same
 * (tests/harness/closureInspector.test.ts). The URL goes only into the serializer's error messages, which here name the
 * function and show its code but not its file and line (`pulumi preview` names them).
 *
 * The SDK asks for the session through its module's exports at every step (runtime/closure/v8.js), replaced here once
 * and not restored: a serialization still under way when a run ends (one that failed early) keeps the session its
 * object ids belong to. The session is never closed here; the process's exit, or the test file's teardown
 * (tests/setup/nodeEnvironment.js), ends it.
 */
export function useReadOnlyInspector(): void {
    if (v8Hooks.getSessionAsync === undefined || readOnlySession !== undefined) return;
    readOnlySession = new Session();
    readOnlySession.connect();
    const answer = Promise.resolve(readOnlySession);
    v8Hooks.getSessionAsync = () => answer;
}
/** The session useReadOnlyInspector made: one per copy of this module and of the SDK (jest loads both per file). */
let readOnlySession: Session | undefined;

/** Each internal above that is missing or changed, named; [] when the installed SDK is the one this file was written for. */
export function checkInternals(): string[] {
    const problems: string[] = [];
    const fn = (ok: unknown, what: string) =>
        typeof ok !== "function" && problems.push(`${what} is no longer a function`);
    fn(runtime.waitForRPCs, "pulumi.runtime.waitForRPCs");
    fn(runtime.runInPulumiStack, "pulumi.runtime.runInPulumiStack");
    fn(runtime.deserializeProperties, "pulumi.runtime.deserializeProperties");
    fn(runtime.serializeProperties, "pulumi.runtime.serializeProperties");
    fn(settings.getCallbacks, "@pulumi/pulumi/runtime/settings getCallbacks");
    fn(resourcePb.TransformRequest, "proto/resource_pb TransformRequest");
    fn(runtime.getMonitor, "pulumi.runtime.getMonitor");
    fn((runtime as { computeCodePaths?: unknown }).computeCodePaths, "pulumi.runtime.computeCodePaths");
    fn(debuggable.debuggablePromise, "@pulumi/pulumi/runtime/debuggable debuggablePromise");
    fn(v8Hooks.getSessionAsync, "@pulumi/pulumi/runtime/closure/v8Hooks getSessionAsync");
    fn(sdkIsUnknown, "@pulumi/pulumi/output isUnknown");
    if (!isUnknown(sdkUnknown) || !sdkIsUnknown(sdkUnknown))
        problems.push(
            "the SDK's unknown (@pulumi/pulumi/output unknown) is no longer what harness/graph.ts isUnknown reads",
        );
    const branded = (): void => undefined;
    (branded as unknown as Record<string, unknown>).__pulumiUnknown = true;
    for (const v of [undefined, null, {}, "unknown", pulumi.output("x"), { __pulumiUnknown: true }, branded])
        if (isUnknown(v) !== sdkIsUnknown(v))
            problems.push(`harness/graph.ts isUnknown and the SDK's differ on ${String(v)}`);
    if (runtime.specialSigKey !== SECRET_SIG)
        problems.push(
            `the secret envelope's signature key (pulumi.runtime.specialSigKey) is ${runtime.specialSigKey}, not ${SECRET_SIG}`,
        );
    if (runtime.specialSecretSig !== SECRET_SIG_VALUE)
        problems.push(
            `the secret envelope's signature (pulumi.runtime.specialSecretSig) is ${runtime.specialSecretSig}, not ${SECRET_SIG_VALUE}`,
        );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pb = require("@pulumi/pulumi/proto/resource_pb") as Record<
        string,
        { prototype: Record<string, unknown> } | undefined
    >;
    const getters: [string, string[]][] = [
        [
            "RegisterResourceRequest",
            [
                "getType",
                "getName",
                "getParent",
                "getProvider",
                "getCustom",
                "getRemote",
                "getObject",
                "getDependenciesList",
                "getIgnorechangesList",
                "getProvidersMap",
                "getPropertydependenciesMap",
                "getTransformsList",
                "getProtect",
            ],
        ],
        [
            "ReadResourceRequest",
            ["getType", "getName", "getParent", "getProvider", "getProperties", "getDependenciesList"],
        ],
        ["RegisterResourceResponse", ["getUrn"]],
    ];
    for (const [message, names] of getters) {
        for (const g of names) fn(pb[message]?.prototype[g], `proto/resource_pb ${message}.${g}`);
    }
    const secret = pulumi.secret("x") as unknown as { promise?: unknown; isSecret?: unknown };
    fn(secret.promise, "Output.promise()");
    if (!(secret.isSecret instanceof Promise)) problems.push("Output.isSecret is no longer a Promise<boolean>");
    return problems;
}

/** The mock monitor, for the canary: its register and read entry points are what `recordRegistrations` wraps. */
export function mockMonitorProblems(): string[] {
    const monitor = runtime.getMonitor() as Partial<MonitorLike> | undefined;
    if (!monitor) return ["pulumi.runtime.getMonitor() returned no monitor after setMocks"];
    return (["registerResource", "readResource"] as const)
        .filter((k) => typeof monitor[k] !== "function")
        .map((k) => `the mock monitor's ${k} is no longer a function`);
}
