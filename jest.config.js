/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }],
    },
    // A fresh directory per invocation for the shared whole-program runs (harness/sharedRuns.ts), removed at the end.
    globalSetup: "<rootDir>/tests/setup/globalSetup.ts",
    globalTeardown: "<rootDir>/tests/setup/globalTeardown.ts",
    // Pulumi programs register resources asynchronously; a whole-stack run on the mock cloud takes seconds.
    testTimeout: 60000,
};
