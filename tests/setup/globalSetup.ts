/**
 * jest globalSetup: a fresh, empty directory for this invocation's shared program runs (harness/sharedRuns.ts), named
 * in OSPREY_SHARED_RUNS for the workers and every process they start. Nothing is run here: the first test file that
 * asks for a stack's run makes it, so a jest run of pure tests costs nothing extra.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SHARED_RUNS_ENV } from "../../harness/sharedRuns";
import { PLAN_CACHE_ENV } from "../../tools/planCache";

export default function globalSetup(): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-shared-runs-"));
    process.env[SHARED_RUNS_ENV] = dir;
    // The plans the tests start keep their cache (tools/planCache.ts) in there too: never the work tree's, removed after.
    process.env[PLAN_CACHE_ENV] = path.join(dir, "plan-cache");
}
