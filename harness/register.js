// How node runs this project's TypeScript outside jest: `node --require ./harness/register.js <file.ts>` (`npm run plan`,
// `npm run check:code`, and the child processes the harness, tools and tests start, harness/loader.ts). It always
// compiles with the root tsconfig.json, so a nested project with its own (policy/) is not run through it.
//
// @swc-node/register compiles each .ts file with SWC as it is required, from tsconfig.json's options (ES2022, CommonJS),
// the compiler jest's transform uses with the same settings (jest.config.js), so a program run in a child serializes
// the same function text (CallbackFunctions, dynamic providers) as one inside a test. It leaves node_modules alone:
// tsx's CommonJS loader, used before, also scanned every JavaScript file the SDKs load for ESM syntax, about a second
// of CPU per process.
//
// What would change how it compiles is set here, not taken from the caller's environment:
// - the tsconfig: looked up from the working directory otherwise, and a child started elsewhere (a probe project)
//   would compile with the register's defaults (ES2018, which rewrites `??` and `?.`); SWCRC would replace it;
// - source maps kept in memory for stack traces (source-map-support), not appended to each module as inline data
//   that Pulumi's closure serializer would then receive with every script once it turns the debugger on;
// - the compiled files' cache: under node_modules/.cache (as the plan's), not a shared path in /tmp.
const path = require("node:path");

const root = path.join(__dirname, "..");
process.env.SWC_NODE_PROJECT = path.join(root, "tsconfig.json");
process.env.SWC_NODE_SOURCE_MAP_MODE = "store";
process.env.SWC_NODE_CACHE_DIR = path.join(root, "node_modules", ".cache", "swc-node");
for (const name of ["SWCRC", "SWC_CONFIG_FILE", "SWC_NODE_IGNORE_DYNAMIC", "SWC_NODE_INLINE_SOURCE_MAP"])
    delete process.env[name];
require("@swc-node/register");
