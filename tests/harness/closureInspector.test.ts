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

        post.mockClear();
        let during: string | undefined;
        await runOnMockCloud({
            stack: "probe",
            program: async () => {
                new pulumi.ComponentResource("osprey:test:Probe", "probe");
                during = (await pulumi.runtime.serializeFunction(probe)).text;
                return {};
            },
        });
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
