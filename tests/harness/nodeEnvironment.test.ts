/**
 * tests/setup/nodeEnvironment.js: what a test file started and nothing ends by itself (its AsyncLocalStorage instances,
 * the Pulumi SDK's run state among them, and its inspector sessions, the SDK's closure serializer's among them) is
 * ended at its teardown, so the files after it in the same worker do not pay for it.
 */
import * as pulumi from "@pulumi/pulumi";
import { useReadOnlyInspector } from "../../harness/pulumiInternals";

// The module objects themselves (an `import * as` namespace is a copy, taken before the environment below replaces
// the classes on them).
/* eslint-disable @typescript-eslint/no-require-imports */
const asyncHooks = require("node:async_hooks") as {
    AsyncLocalStorage: typeof import("node:async_hooks").AsyncLocalStorage;
};
const inspector = require("node:inspector") as { Session: typeof import("node:inspector").Session };
/* eslint-enable @typescript-eslint/no-require-imports */

type Environment = { teardown(): Promise<void> };
type EnvironmentClass = new (config: unknown, context: unknown) => Environment;

describe("this suite's environment", () => {
    it("tracks the SDK's run state", () => {
        expect(pulumi.runtime).toBeDefined(); // the SDK is loaded (its runtime/state.js made the instance)
        const storage = (globalThis as { asyncLocalStorage?: object }).asyncLocalStorage;
        expect(storage).toBeInstanceOf(
            Object.getPrototypeOf(asyncHooks.AsyncLocalStorage) as typeof asyncHooks.AsyncLocalStorage,
        );
        expect(storage?.constructor.name).toBe("TrackedAsyncLocalStorage");
    });

    it("tracks the SDK's closure serializer's inspector session", async () => {
        // The session's Debugger.enable is answered without turning the debugger on: this reads only which class made
        // the session, and V8 would otherwise report every script the worker has loaded to it (a second or two).
        const realPost = inspector.Session.prototype.post;
        const post = jest.spyOn(inspector.Session.prototype, "post").mockImplementation(function (
            this: import("node:inspector").Session,
            method: string,
            ...rest: unknown[]
        ) {
            const callback = rest.find((a): a is (e: null, r: object) => void => typeof a === "function");
            if (method !== "Debugger.enable")
                return (realPost as (...a: unknown[]) => void).call(this, method, ...rest);
            callback?.(null, {});
        } as typeof realPost);
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const v8Hooks = require("@pulumi/pulumi/runtime/closure/v8Hooks") as {
                getSessionAsync(): Promise<object>;
            };
            const session = await v8Hooks.getSessionAsync();
            expect(post.mock.calls.map((c) => c[0])).toContain("Debugger.enable"); // made as the SDK makes it
            expect(session).toBeInstanceOf(Object.getPrototypeOf(inspector.Session) as typeof inspector.Session);
            expect(session.constructor.name).toBe("TrackedSession");
        } finally {
            post.mockRestore();
        }
    });

    it("tracks the harness's read-only inspector session, which replaces it from a program run on", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const v8Hooks = require("@pulumi/pulumi/runtime/closure/v8Hooks") as { getSessionAsync(): Promise<object> };
        const sdkSession = await v8Hooks.getSessionAsync();
        useReadOnlyInspector();
        const session = await v8Hooks.getSessionAsync();
        expect(session).not.toBe(sdkSession);
        expect(session.constructor.name).toBe("TrackedSession");
    });
});

describe("an environment's teardown", () => {
    // A second copy of the environment's module, in this file's registry: it tracks what is made while it is the
    // current environment, and is unhooked afterwards (the worker's own copy keeps tracking through it).
    const installed = { storage: asyncHooks.AsyncLocalStorage, session: inspector.Session };
    afterAll(() => {
        asyncHooks.AsyncLocalStorage = installed.storage;
        inspector.Session = installed.session;
    });
    const make = (): Environment => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Env = require("../setup/nodeEnvironment.js") as EnvironmentClass;
        return new Env(
            { globalConfig: {}, projectConfig: { testEnvironmentOptions: {} } },
            { console, docblockPragmas: {}, testPath: __filename },
        );
    };

    it("ends what was made during the file, and only that", async () => {
        const before = new asyncHooks.AsyncLocalStorage<string>();
        before.enterWith("before");
        const env = make();
        const storage = new asyncHooks.AsyncLocalStorage<string>();
        storage.enterWith("during");
        const session = new inspector.Session();
        session.connect();
        const evaluate = () => session.post("Runtime.evaluate", { expression: "1" });
        expect(evaluate).not.toThrow();
        expect(storage.getStore()).toBe("during");

        await env.teardown();
        expect(storage.getStore()).toBeUndefined(); // disabled: getStore answers undefined until the next run()
        expect(evaluate).toThrow(expect.objectContaining({ code: "ERR_INSPECTOR_NOT_CONNECTED" }));
        expect(before.getStore()).toBe("before");
        // A storage used again works again.
        expect(storage.run("again", () => storage.getStore())).toBe("again");
        before.disable();
        storage.disable();
    });
});
