/**
 * `kubectl kustomize <overlay>`, what Argo CD runs on the repository, for the tests and the upgrade plan. Within one
 * jest invocation (harness/sharedRuns.ts names its directory) an output is made once per input and read back after:
 * the input is every file of the tree the overlay belongs to (paths and bytes), so a test that edits a copy of the
 * tree renders its edit, and the same tree rendered by several test files runs kubectl once per process, and mostly
 * once in all (two workers asking at the same moment both run it, and write the same bytes). The key leaves out the
 * kubectl on PATH: the invocation has one. Outside jest nothing is kept. The tree must hold everything the overlay
 * reads, as Argo CD's checkout does (tests/kubernetes/remoteResources.test.ts refuses a path that leaves it).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "./atomicFile";
import { sharedRunsDir } from "./sharedRuns";

/** sha256 over every file under `dir`: its path relative to `dir` and its bytes, in name order. */
export function treeHash(dir: string): string {
    const hash = createHash("sha256");
    const walk = (rel: string) => {
        const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
        for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            const file = path.join(rel, e.name);
            if (e.isDirectory()) walk(file);
            else
                hash.update(`${file}\0`)
                    .update(fs.readFileSync(path.join(dir, file)))
                    .update("\0");
        }
    };
    walk("");
    return hash.digest("hex");
}

/** What `kubectl kustomize <overlay>` prints, `overlay` being a directory inside `tree`; throws naming it otherwise. */
export function kustomize(overlay: string, tree: string): string {
    const rel = path.relative(tree, overlay);
    if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
        throw new Error(`kustomize: ${overlay} is not inside ${tree}`);
    const dir = sharedRunsDir();
    const key =
        dir &&
        createHash("sha256")
            .update(`${treeHash(tree)}\0${rel}`)
            .digest("hex");
    const file = dir && path.join(dir, `kustomize-${key}.yaml`);
    if (file && fs.existsSync(file)) return fs.readFileSync(file, "utf8");
    const r = spawnSync("kubectl", ["kustomize", overlay], { encoding: "utf8", timeout: 30_000 });
    if (r.error) throw new Error(`kubectl kustomize ${overlay}: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`kubectl kustomize ${overlay} exited ${r.status}: ${r.stderr}`);
    if (file) writeFileAtomic(file, r.stdout);
    return r.stdout;
}
