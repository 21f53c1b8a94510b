const os = require("node:os");

/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.(t|j)sx?$": [
            "@swc/jest",
            { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } },
        ],
    },
    // jest's runtime with a V8 code cache per worker: each test file compiles the SDKs again otherwise (the file says more).
    runtime: "<rootDir>/tests/setup/codeCacheRuntime.js",
    // TypeScript and npm's Arborist, which @pulumi/pulumi loads with every import for its closure serializer, load when
    // the serializer first uses them (tests/setup/lazyModules.js): most test files never do.
    moduleNameMapper: {
        "^\\.\\./\\.\\./typescript-shim$": "<rootDir>/tests/setup/lazyTypescript.js",
        "^@npmcli/arborist$": "<rootDir>/tests/setup/lazyArborist.js",
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
