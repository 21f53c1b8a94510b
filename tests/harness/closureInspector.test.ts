/**
 * During a run (harness/runProgram.ts), Pulumi's closure serializer reads functions through an inspector session that
 * never turns the debugger on (harness/pulumiInternals.ts withReadOnlyInspector), and serializes exactly what it does
 * through the SDK's own session, the one `pulumi preview` uses.
 */
import * as inspector from "node:inspector";
import * as pulumi from "@pulumi/pulumi";
import { runOnMockCloud } from "../../harness/runProgram";

const factor = 6;
/** A function with a captured value, which the serializer reads from its scopes. */
const probe = () => factor * 7;

it("serializes a function in a run without Debugger.enable, to the same text as the SDK's own session", async () => {
    const post = jest.spyOn(inspector.Session.prototype, "post");
    const methods = () => post.mock.calls.map((c) => c[0]);
    try {
        let during: string | undefined;
        await runOnMockCloud({
            stack: "probe",
            program: async () => {
                new pulumi.ComponentResource("osprey:test:Probe", "probe");
                during = (await pulumi.runtime.serializeFunction(probe)).text;
                return {};
            },
        });
        expect(methods()).toContain("Runtime.getProperties"); // it read the function through the inspector
        expect(methods()).not.toContain("Debugger.enable");
        expect(during).toContain("factor: 6"); // the captured value, read from its scopes

        post.mockClear();
        const outside = (await pulumi.runtime.serializeFunction(probe)).text;
        expect(methods()).toContain("Debugger.enable"); // outside a run: the SDK's own session, as pulumi preview has it
        expect(during).toBe(outside);
    } finally {
        post.mockRestore();
    }
});
