/** jest globalTeardown: removes this invocation's shared program runs (tests/setup/globalSetup.ts); none outlives it. */
import * as fs from "node:fs";
import { SHARED_RUNS_ENV } from "../../harness/sharedRuns";

export default function globalTeardown(): void {
    const dir = process.env[SHARED_RUNS_ENV];
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    delete process.env[SHARED_RUNS_ENV];
}
