/**
 * No kustomization in kubernetes/ names anything outside the repository. A remote base (`https://host/repo.git//path`,
 * `git@host:repo`, `github.com/org/repo`, `?ref=`) makes Argo CD's repo-server clone it, and git's askpass hands that
 * host the repository's credentials (components/gitops/gitCredentials.ts NO_FETCH_PROXY says why, and what keeps the
 * repo-server from reaching such a host anyway). Every field that names a file or a directory (kustomize
 * api/types/kustomization.go, v5) must be a relative path that exists inside kubernetes/; a key this check does not
 * know fails it, so a new path-bearing field cannot slip past.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { dirname, join, relative, resolve, sep } from "path";
import { parse } from "yaml";
import { KUBERNETES_DIR } from "./render";

type Tree = Record<string, unknown>;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const strings = (v: unknown) => list(v).filter((x): x is string => typeof x === "string");
const field = (key: string) => (v: unknown) => list(v).flatMap((x) => strings((x as Tree | undefined)?.[key]));
/** A generator's `files` entry is `path` or `key=path`. */
const generatorPaths = (v: unknown) =>
    list(v).flatMap((g) => {
        const gen = (g ?? {}) as Tree;
        return [
            ...strings(gen.files).map((f) => f.slice(f.indexOf("=") + 1)),
            ...strings(gen.envs),
            ...strings(gen.env),
        ];
    });
/** patchesStrategicMerge entries are a path or an inline patch (a multi-line YAML document). */
const pathsOrInline = (v: unknown) => strings(v).filter((s) => !s.includes("\n"));

/** Keys of a Kustomization or Component, and the paths each names (none for keys that name no file). */
const KEYS: Record<string, (v: unknown) => string[]> = {
    apiVersion: () => [],
    kind: () => [],
    metadata: () => [],
    namespace: () => [],
    namePrefix: () => [],
    nameSuffix: () => [],
    commonLabels: () => [],
    labels: () => [],
    commonAnnotations: () => [],
    images: () => [],
    replicas: () => [],
    generatorOptions: () => [],
    sortOptions: () => [],
    buildMetadata: () => [],
    resources: strings,
    components: strings,
    bases: strings,
    crds: strings,
    configurations: strings,
    generators: strings,
    transformers: strings,
    validators: strings,
    patches: field("path"),
    patchesJson6902: field("path"),
    patchesStrategicMerge: pathsOrInline,
    replacements: field("path"),
    openapi: field("path"),
    configMapGenerator: generatorPaths,
    secretGenerator: generatorPaths,
    // Helm charts come from a chart repository URL by design: never in this tree (and Argo CD does not enable them).
    helmCharts: (v) => list(v).map(() => "helmCharts: <a chart repository>"),
    helmGlobals: (v) => list(v).map(() => "helmGlobals: <a chart home>"),
    helmChartInflationGenerator: (v) => list(v).map(() => "helmChartInflationGenerator: <a chart repository>"),
};

/** Why `path` names something outside the repository, in kustomize's own spellings (api/internal/git/repospec.go). */
export function remoteProblem(path: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*::?\/\//i.test(path) || path.includes("://")) return "a URL";
    if (/^git@|^git::|^ssh:/i.test(path)) return "a git remote";
    if (/[?&](ref|version|submodules|timeout)=/.test(path)) return "a git ref query";
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?\//i.test(path))
        return "a host name (kustomize reads github.com/org/repo as a remote)";
    if (path.includes("//")) return "a repo//path separator";
    return undefined;
}

/** Problems of one kustomization file: unknown keys, remote paths, paths that leave kubernetes/ or do not exist. */
export function kustomizationProblems(file: string, doc: Tree): string[] {
    const where = relative(KUBERNETES_DIR, file);
    return Object.entries(doc).flatMap(([key, value]) => {
        const paths = KEYS[key];
        if (!paths) return [`${where}: key "${key}" is unknown to this check: say whether it names files (KEYS)`];
        return paths(value).flatMap((p) => {
            const remote = remoteProblem(p);
            if (remote) return [`${where}: ${key} "${p}" is ${remote}; keep every base in this repository`];
            const target = resolve(dirname(file), p);
            if (target !== KUBERNETES_DIR && !target.startsWith(KUBERNETES_DIR + sep))
                return [`${where}: ${key} "${p}" leaves kubernetes/`];
            if (!existsSync(target)) return [`${where}: ${key} "${p}" does not exist in the repository`];
            return [];
        });
    });
}

function kustomizationFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        if (statSync(p).isDirectory()) return kustomizationFiles(p);
        return ["kustomization.yaml", "kustomization.yml", "Kustomization"].includes(n) ? [p] : [];
    });
}

describe("kubernetes/ names no remote resource, component or base", () => {
    const files = kustomizationFiles(KUBERNETES_DIR);

    it("finds the tree's kustomizations (overlays, bases, components)", () => {
        expect(files.length).toBeGreaterThanOrEqual(10);
        expect(files.some((f) => f.includes(`${sep}components${sep}`))).toBe(true);
    });

    it.each(files.map((f) => [relative(KUBERNETES_DIR, f), f]))("%s", (_name, file) => {
        expect(kustomizationProblems(file, parse(readFileSync(file, "utf8")) as Tree)).toEqual([]);
    });

    it("refuses each remote spelling kustomize accepts, an escape from the tree and an unknown key", () => {
        const file = join(KUBERNETES_DIR, "api", "overlays", "main", "kustomization.yaml");
        const remote = [
            "https://github.com/evil/repo.git//base?ref=main",
            "https://evil.example/kustomization.yaml",
            "git@github.com:evil/repo.git//base",
            "ssh://git@evil.example/repo.git",
            "git::https://evil.example/repo",
            "github.com/evil/repo/base?ref=v1",
            "../../base?ref=main",
        ];
        for (const r of remote)
            expect(kustomizationProblems(file, { resources: [r] })).toEqual([
                expect.stringMatching(/keep every base in this repository$/),
            ]);
        expect(kustomizationProblems(file, { components: ["https://evil.example/c.git"] })).toHaveLength(1);
        expect(kustomizationProblems(file, { bases: ["github.com/evil/repo"] })).toHaveLength(1);
        expect(kustomizationProblems(file, { patches: [{ path: "https://evil.example/p.yaml" }] })).toHaveLength(1);
        expect(
            kustomizationProblems(file, { configMapGenerator: [{ files: ["k=https://evil.example/f"] }] }),
        ).toHaveLength(1);
        expect(kustomizationProblems(file, { helmCharts: [{ repo: "https://charts.example" }] })).toHaveLength(1);
        expect(kustomizationProblems(file, { resources: ["../../../../README.md"] })).toEqual([
            expect.stringMatching(/leaves kubernetes\/$/),
        ]);
        expect(kustomizationProblems(file, { resources: ["missing.yaml"] })).toEqual([
            expect.stringMatching(/does not exist/),
        ]);
        expect(kustomizationProblems(file, { openapiX: {} })).toEqual([expect.stringMatching(/unknown to this check/)]);
        expect(kustomizationProblems(file, { resources: ["../../base", "ingress.yaml"] })).toEqual([]);
    });
});
