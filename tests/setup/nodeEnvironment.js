// jest's node environment (config `testEnvironment`), whose teardown ends what the test file started and nothing ends
// by itself: its AsyncLocalStorage instances and its inspector sessions. Left open, each made every later file of the
// same worker slower.
//
// - AsyncLocalStorage: @pulumi/pulumi keeps its run state in one it puts on the global object (runtime/state.js), and a
//   test file's global is its own vm context: each file that loads the SDK creates one more. Node (20) propagates
//   every enabled instance into every async resource a process creates (node:async_hooks, its storage hook's init),
//   until disable() is called on it, which nothing does. A worker's fortieth file copied forty stores into each
//   promise it made (one in-band run of the suite: _propagate 7.7 CPU-s; with the instances disabled the jest
//   process's own CPU went from 97.3 to 95.5 CPU-s). jest-circus makes one per file too, ended the same way.
// - inspector sessions: the SDK's closure serializer (runtime/closure/v8Hooks.js) connects one, per copy of the SDK, to
//   read functions' scopes, and enables the debugger on it; nothing disconnects it. While any session has the debugger
//   enabled, V8 reports every script it compiles to every such session and compiles more slowly: in in-band runs of
//   the suite, jest's module compiling took 18.9 CPU-s with the sessions left open and 6.1 with them ended, and the
//   jest process's own CPU (children and idle time aside) went from 95.5 to 89.0 CPU-s (97.3 before either change).
//   Each new session's Debugger.enable still reports every live script to it (about 0.4 to 1.5 s each). From a
//   program run on, the serializer gets a session without the debugger (harness/pulumiInternals.ts
//   useReadOnlyInspector), tracked and ended here the same way; the SDK's own, with the debugger on, is left to the
//   test that compares the two (tests/harness/closureInspector.test.ts).
//
// Nothing of a file runs after its teardown that could use them (jest has waited for the file's tests and hooks; a
// serialization a failed run left under way would fail then, as it would once the file's module registry is gone), and
// an AsyncLocalStorage used again is enabled again by run() or enterWith(). tests/harness/nodeEnvironment.test.ts
// holds the SDK's instances to be tracked ones, and a file's instances to be ended at its teardown.
const asyncHooks = require("node:async_hooks");
const inspector = require("node:inspector");
const { TestEnvironment } = require("jest-environment-node");

/** What the current file made, with how to end each (one file at a time per worker). */
let made = [];

/**
 * Replaces `module[name]` with a subclass that records each instance it makes. A module reads the class when it
 * constructs one (`new async_hooks_1.AsyncLocalStorage()`), so every test file's SDK, loaded after this, makes tracked
 * ones; they are instances of the original class too. The replacement is for the whole worker: whatever is made
 * there while a file runs is that file's.
 */
function track(module, name, end) {
    const Original = module[name];
    const Tracked = {
        [`Tracked${name}`]: class extends Original {
            constructor(...args) {
                super(...args);
                made.push(() => end(this));
            }
        },
    }[`Tracked${name}`];
    module[name] = Tracked;
}

track(asyncHooks, "AsyncLocalStorage", (storage) => storage.disable());
track(inspector, "Session", (session) => session.disconnect());

class NodeEnvironment extends TestEnvironment {
    constructor(...args) {
        super(...args);
        made = [];
    }

    // Before jest's own teardown, which clears the file's globals: ending each may still reach them. One that throws
    // does not keep the others open, nor jest's teardown from running.
    async teardown() {
        const mine = made;
        made = [];
        const failures = [];
        try {
            for (const end of mine) {
                try {
                    end();
                } catch (e) {
                    failures.push(e);
                }
            }
        } finally {
            await super.teardown();
        }
        if (failures.length > 0)
            throw new AggregateError(failures, "tests/setup/nodeEnvironment.js: ending a test file's instances failed");
    }
}

module.exports = NodeEnvironment;
