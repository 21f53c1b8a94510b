/**
 * harness/runProgram.ts leaves the SDK's stack traces unmapped while a program runs (they cost about a third of a plan's
 * CPU and nothing reads them on the mock cloud), takes none for its promise bookkeeping, and restores all of it
 * afterwards, so an error that surfaces from a run still reads as TypeScript positions. Each test runs a one-resource
 * program (runOnMockCloud; one per file is the rule for whole programs, and this is not one).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runOnMockCloud } from "../../harness/runProgram";

/** The line of `throw` in failingProgram, in this file as written (jest maps the stack back to it after the run). */
const THROW_LINE =
    readFileSync(__filename, "utf8")
        .split("\n")
        .findIndex((l) => l.trimStart().startsWith("throw new Error(")) + 1;
function failingProgram(): Record<string, unknown> {
    new pulumi.ComponentResource("osprey:test:Probe", "probe");
    throw new Error("the program refused");
}

it("formats stack traces plainly during a run, and restores the formatter and Node's source maps after it", async () => {
    const formatter = Error.prepareStackTrace;
    const sourceMaps = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(true); // as a process with Node's source maps on has it (jest leaves them off)
    let during: { formatter: unknown; sourceMaps: boolean; frame: string } | undefined;
    await runOnMockCloud({
        stack: "probe",
        program: () => {
            new pulumi.ComponentResource("osprey:test:Probe", "probe");
            const frame = new Error().stack!.split("\n")[1];
            during = { formatter: Error.prepareStackTrace, sourceMaps: process.sourceMapsEnabled, frame };
            return {};
        },
    });
    expect(during!.sourceMaps).toBe(false);
    expect(during!.formatter).not.toBe(formatter);
    // V8's own frame text, the form Resource.callsites parses: "at fn (file:line:column)".
    expect(during!.frame).toMatch(/^ {4}at .*stackTraces\.test\.ts:\d+:\d+\)?$/);
    expect(Error.prepareStackTrace).toBe(formatter);
    expect(process.sourceMapsEnabled).toBe(true);
    process.setSourceMapsEnabled(sourceMaps);
});

it("takes no stack for the SDK's promise bookkeeping during a run, unless PULUMI_DEBUG_PROMISE_LEAKS", async () => {
    // The SDK's own helper (runtime/debuggable.js), which wraps every output promise, called as the SDK calls it
    // (through its module's exports): what it keeps is printed only when the SDK reports leaked promises with
    // PULUMI_DEBUG_PROMISE_LEAKS set.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
        debuggablePromise<T>(p: Promise<T>, ctx: string): Promise<T>;
    };
    /** The stack the helper keeps on the promise it is given. */
    const kept = (): string | undefined => {
        const p = Promise.resolve(1);
        void debuggable.debuggablePromise(p, "probe");
        return (p as Promise<number> & { _debugStackTrace?: string })._debugStackTrace;
    };
    const during: (string | undefined)[] = [];
    const saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    const helper = debuggable.debuggablePromise;
    try {
        await runOnMockCloud({
            stack: "probe",
            program: () => {
                new pulumi.ComponentResource("osprey:test:Probe", "probe");
                during.push(kept());
                return {};
            },
        });
        process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
        await runOnMockCloud({
            stack: "probe",
            program: () => {
                new pulumi.ComponentResource("osprey:test:Probe", "probe");
                during.push(kept());
                return {};
            },
        });
    } finally {
        if (saved === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
    }
    expect(during[0]).not.toContain(" at ");
    expect(during[1]).toMatch(/^Error\n {4}at (Object\.)?debuggablePromise .*runtime[\\/]debuggable\.js:\d+:\d+\)$/m);
    expect(debuggable.debuggablePromise).toBe(helper); // the SDK's own again after each run
    expect(kept()).toMatch(/^Error.*\n {4}at /); // outside a run, formatted as jest formats every stack
});

it("finds every SDK call of the promise bookkeeping going through its module's exports, which a run replaces", () => {
    // A call through a local binding (`const { debuggablePromise } = require(...)`) would keep taking stacks: each
    // mention outside its own module must be `<module>.debuggablePromise(`.
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const files = execFileSync("grep", ["-rl", "--include=*.js", "debuggablePromise", sdk], { encoding: "utf8" })
        .split("\n")
        .filter((f) => f !== "" && !f.endsWith(path.join("runtime", "debuggable.js")));
    expect(files.length).toBeGreaterThan(0);
    const other = files.flatMap((f) =>
        (readFileSync(f, "utf8").match(/[\w$.]*debuggablePromise\b.?/g) ?? [])
            .filter((m) => !/^[\w$]+_1\.debuggablePromise\($/.test(m))
            .map((m) => `${path.relative(sdk, f)}: ${m}`),
    );
    expect(other).toEqual([]);
});

it("restores them when the program throws, and the error read afterwards points at the TypeScript line", async () => {
    const formatter = Error.prepareStackTrace;
    const error = await runOnMockCloud({ stack: "probe", program: failingProgram }).then(
        () => undefined,
        (e: unknown) => e as Error,
    );
    expect(error?.message).toBe("the program refused");
    expect(Error.prepareStackTrace).toBe(formatter);
    expect(error!.stack).toContain(`stackTraces.test.ts:${THROW_LINE}:`);
});
