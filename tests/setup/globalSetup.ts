/**
 * jest globalSetup: a fresh, empty directory for this invocation's shared program runs (harness/sharedRuns.ts), named
 * in OSPREY_SHARED_RUNS for the workers and every process they start, and for their temporary files (TMPDIR). Nothing
 * is run here: the first test file that asks for a stack's run makes it, so a jest run of pure tests costs nothing
 * extra.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SHARED_RUNS_ENV } from "../../harness/sharedRuns";
import { PLAN_CACHE_ENV } from "../../tools/planCache";

/** Where globalTeardown finds the TMPDIR to restore ("" for none). */
export const TMPDIR_BEFORE_ENV = "OSPREY_TMPDIR_BEFORE";

export default function globalSetup(): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-shared-runs-"));
    process.env[SHARED_RUNS_ENV] = dir;
    // The plans the tests start keep their cache (tools/planCache.ts) in there too: never the work tree's, removed after.
    process.env[PLAN_CACHE_ENV] = path.join(dir, "plan-cache");
    // So does every temporary file the workers and the processes they start make (os.tmpdir() reads TMPDIR): what a
    // test leaves there, on failure or by oversight, goes with the invocation. Open to every user and sticky, as /tmp
    // is: the PostgreSQL test's server runs as the packages' postgres user.
    const tmp = path.join(dir, "tmp");
    fs.mkdirSync(tmp);
    fs.chmodSync(tmp, 0o1777);
    fs.chmodSync(dir, 0o711);
    process.env[TMPDIR_BEFORE_ENV] = process.env.TMPDIR ?? "";
    process.env.TMPDIR = tmp;
}
