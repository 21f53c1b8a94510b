/**
 * jest globalTeardown: removes this invocation's shared program runs and temporary files (tests/setup/globalSetup.ts);
 * none outlives it.
 */
import * as fs from "node:fs";
import { SHARED_RUNS_ENV } from "../../harness/sharedRuns";
import { TMPDIR_BEFORE_ENV } from "./globalSetup";

export default function globalTeardown(): void {
    const dir = process.env[SHARED_RUNS_ENV];
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    delete process.env[SHARED_RUNS_ENV];
    const before = process.env[TMPDIR_BEFORE_ENV];
    if (before !== undefined) {
        if (before === "") delete process.env.TMPDIR;
        else process.env.TMPDIR = before;
        delete process.env[TMPDIR_BEFORE_ENV];
    }
}
