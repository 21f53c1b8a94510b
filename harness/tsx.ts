/**
 * How a child process runs one of this project's TypeScript files: `node --require tsx/cjs <file>`, tsx's CommonJS
 * loader in that very process. The project compiles to CommonJS (tsconfig.json), so the loader needs no ESM hooks:
 * `--import tsx` would also start the hooks' worker thread (about 0.2 s of CPU for each child), and tsx's CLI
 * (`tsx <file>`) a second node process (about 0.25 s more). `npm run plan` runs the same way (package.json).
 */
export const TSX_NODE_ARGS = ["--require", require.resolve("tsx/cjs")];

/** The arguments for `spawn(process.execPath, tsxArgs(file, ...args))`. */
export const tsxArgs = (file: string, ...args: string[]): string[] => [...TSX_NODE_ARGS, file, ...args];
