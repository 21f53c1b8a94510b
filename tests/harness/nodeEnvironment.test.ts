/**
 * tests/setup/nodeEnvironment.js: a test file's AsyncLocalStorage instances (the Pulumi SDK's run state among them)
 * are disabled at its teardown, so they are not propagated into every async resource of the files after it.
 */
import * as pulumi from "@pulumi/pulumi";

// The module object itself (an `import * as` namespace is a copy, taken before the environment below replaces the
// class on it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const asyncHooks = require("node:async_hooks") as {
    AsyncLocalStorage: typeof import("node:async_hooks").AsyncLocalStorage;
};

type Environment = { teardown(): Promise<void> };
type EnvironmentClass = new (config: unknown, context: unknown) => Environment;

it("is this suite's environment: the SDK's run state is a tracked instance", () => {
    expect(pulumi.runtime).toBeDefined(); // the SDK is loaded (its runtime/state.js made the instance)
    const storage = (globalThis as { asyncLocalStorage?: object }).asyncLocalStorage;
    expect(storage).toBeInstanceOf(asyncHooks.AsyncLocalStorage);
    expect(storage?.constructor.name).toBe("TrackedAsyncLocalStorage");
});

describe("an environment's teardown", () => {
    // A second copy of the environment's module, in this file's registry: it tracks the instances made while it is
    // the current environment, and is unhooked afterwards (the worker's own copy keeps tracking through it).
    const installed = asyncHooks.AsyncLocalStorage;
    afterAll(() => {
        asyncHooks.AsyncLocalStorage = installed;
    });
    const make = (): Environment => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Env = require("../setup/nodeEnvironment.js") as EnvironmentClass;
        return new Env(
            { globalConfig: {}, projectConfig: { testEnvironmentOptions: {} } },
            { console, docblockPragmas: {}, testPath: __filename },
        );
    };

    it("disables the instances made during the file, and only those", async () => {
        const before = new asyncHooks.AsyncLocalStorage<string>();
        before.enterWith("before");
        const env = make();
        const during = new asyncHooks.AsyncLocalStorage<string>();
        during.enterWith("during");
        expect(during.getStore()).toBe("during");
        await env.teardown();
        expect(during.getStore()).toBeUndefined(); // disabled: getStore answers undefined until the next run()
        expect(before.getStore()).toBe("before");
        // Used again, it works again.
        expect(during.run("again", () => during.getStore())).toBe("again");
        before.disable();
        during.disable();
    });
});
