/**
 * Builds an Argo CD Application's source the way Argo CD's repo server does for a Kustomize path (argo-cd
 * util/kustomize/kustomize.go): in a copy of the repository, `kustomize edit set image` for spec.source.kustomize.images,
 * `kustomize edit set replicas` for .replicas, .patches appended to the kustomization's `patches:`, then
 * `kustomize build` (here `kubectl kustomize`). kubectl has no `edit`, so the two edits are reproduced from kustomize's
 * own code (kustomize/commands/edit/set/setimage.go and setreplicas.go: an argument replaces the entry of the same name;
 * `*` as new name, tag or digest keeps the kustomization's value; a value not given is cleared).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse, stringify } from "yaml";
import { kustomize } from "../../harness/kustomize";
import { parseAllDocuments } from "yaml";
import { K8sObject, ROOT } from "../kubernetes/render";

export interface KustomizeImage {
    name: string;
    newName?: string;
    newTag?: string;
    digest?: string;
}

const TAG = /^(.*):([a-zA-Z0-9._-]*|\*)$/;

/** setimage.go `parse`: `<image>=<new>[:tag|@digest]`, `<image>:tag`, `<image>@digest`. */
export function parseSetImage(arg: string): KustomizeImage {
    const overwrite = (s: string, allowName: boolean): { name: string; tag?: string; digest?: string } => {
        const d = s.split("@");
        if (d.length > 1) return { name: d[0], digest: d[1] };
        const t = TAG.exec(s);
        if (t) return { name: t[1], tag: t[2] };
        if (s.length > 0 && allowName) return { name: s };
        throw new Error(`invalid image argument "${arg}"`);
    };
    const eq = arg.split("=");
    if (eq.length === 2) {
        const p = overwrite(eq[1], true);
        return { name: eq[0], newName: p.name, newTag: p.tag, digest: p.digest };
    }
    const p = overwrite(arg, false);
    return { name: p.name, newTag: p.tag, digest: p.digest };
}

/** setimage.go `RunSetImage`: arguments replace entries by name; `*` keeps the existing field; the result is sorted. */
export function setImages(existing: KustomizeImage[], args: string[]): KustomizeImage[] {
    const byName = new Map<string, KustomizeImage>(args.map((a) => [parseSetImage(a).name, parseSetImage(a)]));
    for (const im of existing) {
        const arg = byName.get(im.name);
        if (!arg) {
            byName.set(im.name, im);
            continue;
        }
        byName.set(im.name, {
            name: im.name,
            newName: arg.newName === "*" ? im.newName : arg.newName,
            newTag: arg.newTag === "*" ? im.newTag : arg.newTag,
            digest: arg.digest === "*" ? im.digest : arg.digest,
        });
    }
    const clean = (v?: string) => (v === "*" || v === "" ? undefined : v);
    const compact = (i: KustomizeImage): KustomizeImage => {
        const out: KustomizeImage = { name: i.name };
        for (const k of ["newName", "newTag", "digest"] as const) if (clean(i[k]) !== undefined) out[k] = clean(i[k]);
        return out;
    };
    return [...byName.values()].map(compact).sort((a, b) => a.name.localeCompare(b.name));
}

export interface ApplicationSource {
    repoURL: string;
    targetRevision: string;
    path: string;
    kustomize?: {
        images?: string[];
        replicas?: { name: string; count: number }[];
        patches?: Record<string, unknown>[];
    };
}

/**
 * Renders `source` against the repository (this checkout), optionally after editing the overlay first (to stand for a
 * commit, e.g. Image Updater's). Returns the objects Argo CD would apply.
 */
export function buildAsArgoCd(
    source: ApplicationSource,
    commit?: (kustomization: Record<string, unknown>) => void,
): K8sObject[] {
    const repo = mkdtempSync(join(tmpdir(), "argo-build-"));
    try {
        cpSync(join(ROOT, "kubernetes"), join(repo, "kubernetes"), { recursive: true });
        const file = join(repo, source.path, "kustomization.yaml");
        const k = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        commit?.(k);
        const ks = source.kustomize ?? {};
        if (ks.images) k.images = setImages((k.images as KustomizeImage[] | undefined) ?? [], ks.images);
        if (ks.replicas) {
            const replicas = ((k.replicas as { name: string; count: number }[] | undefined) ?? []).filter(
                (r) => !ks.replicas!.some((x) => x.name === r.name),
            );
            k.replicas = [...replicas, ...ks.replicas];
        }
        if (ks.patches) k.patches = [...((k.patches as unknown[] | undefined) ?? []), ...ks.patches];
        writeFileSync(file, stringify(k));
        const rendered = kustomize(join(repo, source.path), join(repo, "kubernetes"));
        return parseAllDocuments(rendered).map((d) => d.toJS() as K8sObject);
    } finally {
        rmSync(repo, { recursive: true, force: true });
    }
}
