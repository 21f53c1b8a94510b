const os = require("node:os");

/** @type {import('jest').Config} */
module.exports = {
    // jest's node environment, which also ends the AsyncLocalStorage instances and inspector sessions a test file made
    // (the file says why).
    testEnvironment: "<rootDir>/tests/setup/nodeEnvironment.js",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.(t|j)sx?$": [
            "@swc/jest",
            // The settings harness/register.js's @swc-node/register derives from tsconfig.json, so a function compiles to
            // the same text in a test as in a child process (tests/harness/loader.test.ts compares them).
            {
                jsc: {
                    target: "es2022",
                    parser: { syntax: "typescript", decorators: true },
                    transform: { legacyDecorator: true },
                    keepClassNames: true,
                },
                module: { type: "commonjs" },
            },
        ],
    },
    // jest's runtime with a V8 code cache per worker: each test file compiles the SDKs again otherwise (the file says more).
    runtime: "<rootDir>/tests/setup/codeCacheRuntime.js",
    // Modules most test files load and never use load when first used (tests/setup/lazyModules.js): TypeScript and npm's
    // Arborist (@pulumi/pulumi's closure serializer), its Automation API, and the SDKs' namespaces (a program reads a
    // dozen of @pulumi/aws's 237).
    moduleNameMapper: {
        "^\\.\\./\\.\\./typescript-shim$": "<rootDir>/tests/setup/lazyTypescript.js",
        "^@npmcli/arborist$": "<rootDir>/tests/setup/lazyArborist.js",
        "^\\./automation$": "<rootDir>/tests/setup/lazyAutomation.js",
        "^@pulumi/aws$": "<rootDir>/tests/setup/lazyAws.js",
        "^@pulumi/awsx$": "<rootDir>/tests/setup/lazyAwsx.js",
        "^@pulumi/kubernetes$": "<rootDir>/tests/setup/lazyKubernetes.js",
    },
    // A fresh directory per invocation for the shared whole-program runs (harness/sharedRuns.ts), removed at the end.
    globalSetup: "<rootDir>/tests/setup/globalSetup.ts",
    globalTeardown: "<rootDir>/tests/setup/globalTeardown.ts",
    // jest's default is one worker fewer than the cores: on 2 cores, one file at a time. Most of a file's time is its own
    // CPU or a child process it waits for (a program run, a plan), so one worker per core, at least 2, keeps both busy.
    maxWorkers: Math.max(2, os.availableParallelism()),
    // Without cached timings (a clean clone), the files that wait on plans and program runs start first.
    testSequencer: "<rootDir>/tests/setup/sequencer.js",
    // Pulumi programs register resources asynchronously; a whole-stack run on the mock cloud takes seconds.
    testTimeout: 60000,
};
