/**
 * How a child process runs one of this project's TypeScript files: `node --require harness/register.js <file>`
 * (@swc-node/register, in that very process; register.js says why this loader). The project compiles to CommonJS
 * (tsconfig.json), so no ESM hooks, worker thread or second node process are needed. `npm run plan` and
 * `npm run check:code` run the same way (package.json).
 */
import * as path from "node:path";

export const LOADER_NODE_ARGS = ["--require", path.join(__dirname, "register.js")];

/** The arguments for `spawn(process.execPath, loaderArgs(file, ...args))`. */
export const loaderArgs = (file: string, ...args: string[]): string[] => [...LOADER_NODE_ARGS, file, ...args];
