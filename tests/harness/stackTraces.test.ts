/**
 * harness/runProgram.ts leaves the SDK's stack traces unmapped while a program runs (they cost about a third of a plan's
 * CPU and nothing reads them on the mock cloud), and restores both settings afterwards, so an error that surfaces from a
 * run still reads as TypeScript positions. Each test runs a one-resource program (runOnMockCloud; one per file is the
 * rule for whole programs, and this is not one).
 */
import { readFileSync } from "node:fs";
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

it("leaves the SDK's promise bookkeeping stacks unformatted during a run, unless PULUMI_DEBUG_PROMISE_LEAKS", async () => {
    // The SDK's own helper (runtime/debuggable.js), which wraps every output promise: what it keeps is printed only
    // when the SDK reports leaked promises with PULUMI_DEBUG_PROMISE_LEAKS set.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable") as {
        debuggablePromise<T>(p: Promise<T>, ctx: string): Promise<T>;
    };
    /** The stack the helper keeps on the promise it is given. */
    const kept = (): string | undefined => {
        const p = Promise.resolve(1);
        void debuggablePromise(p, "probe");
        return (p as Promise<number> & { _debugStackTrace?: string })._debugStackTrace;
    };
    const during: (string | undefined)[] = [];
    const saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    try {
        await runOnMockCloud({
            stack: "probe",
            program: () => {
                new pulumi.ComponentResource("osprey:test:Probe", "probe");
                during.push(kept());
                process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
                during.push(kept());
                return {};
            },
        });
    } finally {
        if (saved === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
    }
    expect(during[0]).toBe("");
    expect(during[1]).toMatch(/^Error\n {4}at debuggablePromise .*runtime[\\/]debuggable\.js:\d+:\d+\)$/m);
    expect(kept()).toMatch(/^Error/); // outside a run, formatted as jest formats every stack
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
