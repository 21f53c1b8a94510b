// jest's node environment (config `testEnvironment`), whose teardown disables the AsyncLocalStorage instances the test
// file created.
//
// @pulumi/pulumi keeps its run state in an AsyncLocalStorage it puts on the global object (runtime/state.js), and a
// test file's global is its own vm context: each file that loads the SDK creates one more. Node (20) propagates every
// enabled instance into every async resource a process creates (node:async_hooks, its storage hook's init), and an
// instance stays enabled until disable() is called on it, which nothing does. So a jest worker that has run forty such
// files copies forty stores into each promise the forty-first creates: in one in-band run of the suite,
// AsyncLocalStorage's _propagate was the largest single cost after compiling modules (7.7 of about 100 CPU-s).
//
// Nothing of a file runs after its teardown that could read its store (jest has waited for the file's tests and
// hooks), and an instance used again is enabled again by run() or enterWith(). tests/harness/nodeEnvironment.test.ts
// holds the SDK's instance to be a tracked one, and a file's instances to be disabled after its teardown.
const asyncHooks = require("node:async_hooks");
const { TestEnvironment } = require("jest-environment-node");

const Original = asyncHooks.AsyncLocalStorage;
/** The instances created since the current file's environment was constructed (one file at a time per worker). */
let created = [];

class TrackedAsyncLocalStorage extends Original {
    constructor(...args) {
        super(...args);
        created.push(this);
    }
}
// A module reads the class when it constructs an instance (`new async_hooks_1.AsyncLocalStorage()`), so the SDK of
// every test file, loaded after this, makes tracked ones. `instanceof AsyncLocalStorage` holds for them as before.
if (asyncHooks.AsyncLocalStorage === Original) asyncHooks.AsyncLocalStorage = TrackedAsyncLocalStorage;

class NodeEnvironment extends TestEnvironment {
    constructor(...args) {
        super(...args);
        created = [];
    }

    async teardown() {
        const mine = created;
        created = [];
        for (const storage of mine) storage.disable();
        await super.teardown();
    }
}

module.exports = NodeEnvironment;
