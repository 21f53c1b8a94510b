// jest's test order: its own (failed first, then slowest first by the timings it cached on this machine; files without a
// timing, every file on a clean clone such as CI's, go first, largest first), except that among the files without a
// timing those below go first, slowest first.
// These files spend their time in child processes (plans, program runs), not in their size; started last, each would
// leave a worker alone at the end. Seconds: roughly what each took on 2 cores; only the order depends on them.
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

// delivery/main (its own run, in a child) goes before costReadme, which like the plan test first waits for the shared runs
// of main and demo: two files waiting for the same run at the start would leave a core idle.
const SECONDS_WITHOUT_TIMINGS = {
    "tests/tools/plan.test.ts": 30,
    "tests/tools/firstDeploy.test.ts": 25,
    "tests/delivery/main.test.ts": 20,
    "tests/tools/costDocs.test.ts": 15,
};
const ROOT = path.resolve(__dirname, "..", "..");

const hint = (test) => SECONDS_WITHOUT_TIMINGS[path.relative(ROOT, test.path).split(path.sep).join("/")];

class SlowFirstSequencer extends Sequencer {
    sort(tests) {
        const sorted = super.sort(tests); // sets test.duration from the cached timings (undefined without one)
        const hinted = sorted
            .filter((t) => t.duration == null && hint(t) !== undefined)
            .sort((a, b) => hint(b) - hint(a));
        return [...hinted, ...sorted.filter((t) => !hinted.includes(t))];
    }
}

module.exports = SlowFirstSequencer;
