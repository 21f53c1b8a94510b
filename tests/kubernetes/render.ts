/**
 * Renders the kubernetes/ tree exactly as ArgoCD does (`kubectl kustomize <overlay>`) and checks Pod Security
 * "restricted" by hand (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted): there is no
 * API server here to ask.
 */
import { existsSync, readdirSync } from "fs";
import { join } from "path";
import { parseAllDocuments } from "yaml";
import type { IPodSpec, IVolume } from "kubernetes-models/v1";
import { kustomize } from "../../harness/kustomize";

export const ROOT = join(__dirname, "..", "..");
export const KUBERNETES_DIR = join(ROOT, "kubernetes");

export type K8sObject = {
    apiVersion: string;
    kind: string;
    metadata: {
        name: string;
        namespace?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
    };
    /** Parsed YAML of many kinds (each object is validated against its kubernetes-models schema); tests read kind-specific fields. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    spec?: any;
};

/** Every <app>/overlays/<env> directory in the tree, as "env/app". */
export function overlaysOnDisk(): string[] {
    return readdirSync(KUBERNETES_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(KUBERNETES_DIR, d.name, "overlays")))
        .flatMap((app) => readdirSync(join(KUBERNETES_DIR, app.name, "overlays")).map((env) => `${env}/${app.name}`))
        .sort();
}

export function render(app: string, env: string): K8sObject[] {
    const dir = join(KUBERNETES_DIR, app, "overlays", env);
    return parseAllDocuments(kustomize(dir, KUBERNETES_DIR)).map((doc) => {
        if (doc.errors.length > 0) throw new Error(`${dir}: ${doc.errors[0].message}`);
        return doc.toJS() as K8sObject;
    });
}

const RESTRICTED_VOLUMES = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

/** Problems against Pod Security "restricted" for a pod spec (empty when compliant). */
export function restrictedProblems(pod: IPodSpec): string[] {
    const p: string[] = [];
    const psc = pod.securityContext ?? {};
    for (const host of ["hostNetwork", "hostPID", "hostIPC"] as const) if (pod[host]) p.push(`${host} is set`);
    for (const v of pod.volumes ?? []) {
        const type = Object.keys(v).find((k) => k !== "name") as keyof IVolume | undefined;
        if (!type || !RESTRICTED_VOLUMES.includes(type)) p.push(`volume ${v.name}: type ${type} not allowed`);
    }
    for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
        const sc = c.securityContext ?? {};
        const runAsNonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
        if (runAsNonRoot !== true) p.push(`${c.name}: runAsNonRoot is not true`);
        if ((sc.runAsUser ?? psc.runAsUser) === 0) p.push(`${c.name}: runAsUser 0`);
        if (sc.privileged) p.push(`${c.name}: privileged`);
        if (sc.allowPrivilegeEscalation !== false) p.push(`${c.name}: allowPrivilegeEscalation is not false`);
        if (!(sc.capabilities?.drop ?? []).includes("ALL")) p.push(`${c.name}: capabilities do not drop ALL`);
        const added = (sc.capabilities?.add ?? []).filter((a: string) => a !== "NET_BIND_SERVICE");
        if (added.length > 0) p.push(`${c.name}: adds capabilities ${added.join(",")}`);
        const seccomp = (sc.seccompProfile ?? psc.seccompProfile)?.type;
        if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") p.push(`${c.name}: seccompProfile is ${seccomp}`);
        if ((c.ports ?? []).some((port) => port.hostPort)) p.push(`${c.name}: hostPort`);
    }
    return p;
}

/** Kubernetes quantity to a number (cores or bytes). Only the suffixes the manifests and stack files use. */
export function quantity(q: string | number): number {
    const s = String(q);
    const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(s);
    if (!m) throw new Error(`unsupported quantity "${s}"`);
    const factor = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[m[2] as "m"] ?? 1;
    return Number(m[1]) * factor;
}
