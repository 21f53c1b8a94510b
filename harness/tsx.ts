/**
 * How a child process runs one of this project's TypeScript files: `node --import tsx <file>`, tsx's loader in that very
 * process. tsx's CLI (`tsx <file>`, what `npm run plan` uses) starts a second node process to do the same, about a
 * quarter of a second of CPU for each child.
 */
import { pathToFileURL } from "node:url";

/** The arguments before the file, for `spawn(process.execPath, [...TSX_NODE_ARGS, file, ...args])`. */
export const TSX_NODE_ARGS: readonly string[] = ["--import", pathToFileURL(require.resolve("tsx")).href];

export const tsxArgs = (file: string, ...args: string[]): string[] => [...TSX_NODE_ARGS, file, ...args];
