/**
 * How a child process runs one of this project's TypeScript files: `node --require tsx/cjs <file>`, tsx's CommonJS
 * loader in that very process. The project compiles to CommonJS (tsconfig.json), so the loader needs no ESM hooks:
 * `--import tsx` would also start the hooks' worker thread (about 0.2 s of CPU for each child), and tsx's CLI
 * (`tsx <file>`, what `npm run plan` uses) a second node process (about 0.25 s more).
 */
const TSX_CJS = require.resolve("tsx/cjs");

/** The arguments for `spawn(process.execPath, tsxArgs(file, ...args))`. */
export const tsxArgs = (file: string, ...args: string[]): string[] => ["--require", TSX_CJS, file, ...args];
