/**
 * `npm run plan -- <args>` in a child process, as the tests that hold the command's exit codes and output start it.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "../../harness/stackConfig";
import { loaderArgs } from "../../harness/loader";

/** The plan with `args`, `nodeArgs` (e.g. `--require <probe>`) given to node itself. */
export const planWith = (nodeArgs: string[], ...args: string[]) =>
    spawnSync(process.execPath, [...nodeArgs, ...loaderArgs(path.join(ROOT, "tools", "plan.ts"), ...args)], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });

/** The plan with `args`. */
export const plan = (...args: string[]) => planWith([], ...args);
