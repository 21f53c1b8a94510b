/**
 * From a program run on (harness/runProgram.ts), Pulumi's closure serializer reads functions through an inspector
 * session that never turns the debugger on (harness/pulumiInternals.ts useReadOnlyInspector), and serializes exactly
 * what it does through the SDK's own session, the one `pulumi preview` uses.
 */
import * as inspector from "node:inspector";
import * as pulumi from "@pulumi/pulumi";
import { runOnMockCloud } from "../../harness/runProgram";

const factor = 6;
/** A function with a captured value, which the serializer reads from its scopes. */
const probe = () => factor * 7;
/** The text the SDK's own session gives (the first test). */
let sdkText: string | undefined;

/** A one-resource program that serializes the probe, and what it serialized. */
async function serializeInRun(sdk: typeof pulumi, run: typeof runOnMockCloud): Promise<string | undefined> {
    let text: string | undefined;
    await run({
        stack: "probe",
        program: async () => {
            new sdk.ComponentResource("osprey:test:Probe", "probe");
            text = (await sdk.runtime.serializeFunction(probe)).text;
            return {};
        },
    });
    return text;
}

it("serializes without Debugger.enable, in a run and after it, to the text the SDK's own session gives", async () => {
    const post = jest.spyOn(inspector.Session.prototype, "post");
    /** The sessions that were sent `method`, since the last mockClear. */
    const sessionsSent = (method: string) =>
        new Set(post.mock.contexts.filter((_, i) => post.mock.calls[i][0] === method));
    try {
        // Before any run: the SDK's own session, as pulumi preview has it.
        const sdk = (await pulumi.runtime.serializeFunction(probe)).text;
        const [sdkSession] = sessionsSent("Debugger.enable");
        expect(sdkSession).toBeDefined();
        expect(sdk).toContain("factor: 6"); // the captured value, read from its scopes

        sdkText = sdk;

        post.mockClear();
        const during = await serializeInRun(pulumi, runOnMockCloud);
        // After the run the session stays: a serialization still under way when a run ends keeps working.
        const after = (await pulumi.runtime.serializeFunction(probe)).text;
        // One session read the function, not the SDK's, and it was never sent Debugger.enable.
        const readers = sessionsSent("Runtime.getProperties");
        expect(readers.size).toBe(1);
        expect(readers.has(sdkSession)).toBe(false);
        expect(sessionsSent("Debugger.enable").size).toBe(0);
        expect(during).toBe(sdk);
        expect(after).toBe(sdk);
    } finally {
        post.mockRestore();
    }
});

it("serializes the same text when a run serializes first (its session makes the serializer's context)", async () => {
    expect(sdkText).toBeDefined();
    // A fresh copy of the SDK and the harness, in which nothing has serialized yet.
    const post = jest.spyOn(inspector.Session.prototype, "post");
    try {
        await jest.isolateModulesAsync(async () => {
            const sdk = (await import("@pulumi/pulumi")) as typeof pulumi;
            const { runOnMockCloud: run } = await import("../../harness/runProgram");
            expect(await serializeInRun(sdk, run)).toBe(sdkText);
        });
        const methods = post.mock.calls.map((c) => c[0]);
        expect(methods).toContain("Runtime.enable"); // the serializer's context, made through the read-only session
        expect(methods).not.toContain("Debugger.enable");
    } finally {
        post.mockRestore();
    }
});
