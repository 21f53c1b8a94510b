// How node runs this project's TypeScript outside jest: `node --require ./harness/register.js <file.ts>` (`npm run plan`,
// `npm run check:code`, and every child process the tests and tools start, harness/loader.ts).
//
// @swc-node/register compiles each .ts file with SWC as it is required, from tsconfig.json's options (ES2022, CommonJS),
// the compiler and target jest's transform uses (jest.config.js), so a program run in a child serializes the same
// function text (CallbackFunctions, dynamic providers) as one inside a test. It leaves node_modules alone: tsx's
// CommonJS loader also scanned every JavaScript file the SDKs load for ESM syntax, about a second of CPU per process.
//
// The tsconfig is named here, not looked up from the working directory: a child started elsewhere (a probe project)
// would otherwise compile with the register's defaults (ES2018, which rewrites `??` and `?.`).
const path = require("node:path");

process.env.SWC_NODE_PROJECT = path.join(__dirname, "..", "tsconfig.json");
require("@swc-node/register");
