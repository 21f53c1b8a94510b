/**
 * harness/kustomize.ts: within a jest invocation, `kubectl kustomize` runs once per tree content and overlay; an edit
 * to any file of the tree is a new input, rendered anew; outside an invocation nothing is kept.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { kustomize, treeHash } from "../../harness/kustomize";
import { SHARED_RUNS_ENV } from "../../harness/sharedRuns";
import { ROOT } from "../../harness/stackConfig";

const cacheFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith("kustomize-"));

describe("harness/kustomize.ts", () => {
    let work: string;
    let tree: string;
    const saved = process.env[SHARED_RUNS_ENV];
    beforeEach(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-kustomize-"));
        tree = path.join(work, "kubernetes");
        fs.cpSync(path.join(ROOT, "kubernetes"), tree, { recursive: true });
        fs.mkdirSync(path.join(work, "cache"));
        process.env[SHARED_RUNS_ENV] = path.join(work, "cache");
    });
    afterEach(() => {
        if (saved === undefined) delete process.env[SHARED_RUNS_ENV];
        else process.env[SHARED_RUNS_ENV] = saved;
        fs.rmSync(work, { recursive: true, force: true });
    });

    it("renders once per tree content: the same tree is read back, an edited one rendered anew", () => {
        const overlay = path.join(tree, "web", "overlays", "demo");
        const first = kustomize(overlay, tree);
        expect(first).toMatch(/kind: Deployment/);
        expect(cacheFiles(path.join(work, "cache"))).toHaveLength(1);

        const kustomization = path.join(overlay, "kustomization.yaml");
        const original = fs.readFileSync(kustomization, "utf8");
        fs.writeFileSync(kustomization, `${original}\ncommonLabels:\n  probe: edited\n`);
        const edited = kustomize(overlay, tree);
        expect(edited).toMatch(/probe: edited/);
        expect(cacheFiles(path.join(work, "cache"))).toHaveLength(2);

        fs.writeFileSync(kustomization, original);
        // Read back, not rendered again: the first render's file answers, whatever it holds.
        const [firstFile] = cacheFiles(path.join(work, "cache")).filter(
            (f) => fs.readFileSync(path.join(work, "cache", f), "utf8") === first,
        );
        fs.writeFileSync(path.join(work, "cache", firstFile), "kind: ReadBack\n");
        expect(kustomize(overlay, tree)).toBe("kind: ReadBack\n");
        expect(cacheFiles(path.join(work, "cache"))).toHaveLength(2);
    });

    it("keeps nothing outside an invocation, and refuses an overlay outside the tree", () => {
        delete process.env[SHARED_RUNS_ENV];
        expect(kustomize(path.join(tree, "web", "overlays", "demo"), tree)).toMatch(/kind: Deployment/);
        expect(cacheFiles(path.join(work, "cache"))).toEqual([]);
        expect(() => kustomize(work, tree)).toThrow(`kustomize: ${work} is not inside ${tree}`);
    });

    it("hashes paths and bytes: a renamed file changes the hash, a copy of the tree does not", () => {
        const copy = path.join(work, "copy");
        fs.cpSync(tree, copy, { recursive: true });
        expect(treeHash(copy)).toBe(treeHash(tree));
        fs.renameSync(path.join(copy, "web", "overlays", "demo"), path.join(copy, "web", "overlays", "demo2"));
        expect(treeHash(copy)).not.toBe(treeHash(tree));
    });
});
