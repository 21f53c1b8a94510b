/**
 * Several whole programs in one child process (harness/sharedRuns.ts runProgramsInChild): a run made after another in
 * the same process is the run a process of its own makes (the invocation's shared run of demo, made alone), and a failed
 * run ends its process, the runs after it going on in a new one.
 */
import * as path from "node:path";
import { ProgramRun } from "../../harness/runProgram";
import { runProgramsInChild, sharedProgramRun } from "../../harness/sharedRuns";

const byUrn = (run: ProgramRun) => ({
    ...run,
    resources: [...run.resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)),
});

it("runs programs in order, each as a process of its own would, and goes on in a new process after a failure", async () => {
    // Two runs in one process (the second from a fresh load), a failure after them, and one more in a new process.
    const missing = path.join(__dirname, "no-such-dir", "Pulumi.demo.yaml");
    const [first, second, failed, after] = await runProgramsInChild([
        { stack: "demo" },
        { stack: "demo" },
        { stack: "demo", configFile: missing },
        { stack: "demo", configFile: missing },
    ]);
    const alone = byUrn(await sharedProgramRun("demo"));
    expect(alone.resources.length).toBeGreaterThan(100);
    for (const outcome of [first, second]) {
        expect(outcome.error).toBeUndefined();
        expect(byUrn(outcome.run!)).toStrictEqual(alone);
    }
    for (const outcome of [failed, after]) {
        expect(outcome.run).toBeUndefined();
        expect(outcome.error).toMatch(/^running stack demo in a child failed:\n/);
        expect(outcome.error).toContain("no-such-dir");
    }
}, 120_000);
