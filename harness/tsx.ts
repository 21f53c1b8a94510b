/**
 * How a child process runs one of this project's TypeScript files: `node --import tsx <file>`, tsx's loader in that very
 * process. tsx's CLI (`tsx <file>`, what `npm run plan` uses) starts a second node process to do the same, about a
 * quarter of a second of CPU for each child.
 */
import { pathToFileURL } from "node:url";

const TSX_LOADER = pathToFileURL(require.resolve("tsx")).href;

/** The arguments for `spawn(process.execPath, tsxArgs(file, ...args))`. */
export const tsxArgs = (file: string, ...args: string[]): string[] => ["--import", TSX_LOADER, file, ...args];
