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
    process.setSourceMapsEnabled(true); // as tsx leaves it in a plan (jest leaves it off)
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
