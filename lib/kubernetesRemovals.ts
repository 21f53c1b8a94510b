/**
 * What a Kubernetes minor upgrade can break, as data and pure checks (no imports): the APIs each minor stopped serving,
 * the kubelet skew the control plane tolerates, and the pinned Helm charts' own `kubeVersion` constraints. The upgrade
 * rehearsal (tools/upgradePlan.ts, `npm run plan -- --stack main --upgrade-to <minor>`) reads them.
 */

/** One API version of one kind that a Kubernetes minor no longer serves. */
export interface RemovedApi {
    /** apiVersion as a manifest writes it: "policy/v1beta1", or "v1" style for the core group. */
    groupVersion: string;
    kind: string;
    /** The first minor that no longer serves it ("1.25"). */
    removedIn: string;
}

/**
 * Kubernetes' "Deprecated API Migration Guide" (github.com/kubernetes/website content/en/docs/reference/using-api/deprecation-guide.md,
 * https://kubernetes.io/docs/reference/using-api/deprecation-guide/), section "Removed APIs by release", entry by entry.
 * Pinned to github.com/kubernetes/website commit 1eabaee44f17a3c7dd882096f0dd8f11612d31b5 (2023-07-16, "Add link to `kubectl
 * convert` (#40737)"; file blob 69f32f9e), kept byte for byte in tests/tools/deprecationGuide/ with a test that checks its
 * git blob hash and that this table is what that file says; its newest section is v1.29. The v1.32 section (flowcontrol
 * v1beta3) was added to the guide later: it is copied from a stored public copy of the same file whose newest section is
 * v1.32 (written before v1.32's release on 2024-12-11, read 2026-12-07; that copy carries no commit id), excerpted beside
 * it. The guide names no removal after v1.32 in any copy read here: a removal it adds for a later minor is missing until
 * this table and the excerpt are updated from the page.
 */
export const REMOVED_APIS_SOURCE =
    "Kubernetes deprecation guide (github.com/kubernetes/website deprecation-guide.md @ 1eabaee4, 2023-07-16, plus its v1.32 section)";

const removed = (removedIn: string, groupVersions: string[], kinds: string[]): RemovedApi[] =>
    groupVersions.flatMap((groupVersion) => kinds.map((kind) => ({ groupVersion, kind, removedIn })));

export const REMOVED_APIS: readonly RemovedApi[] = [
    ...removed("1.32", ["flowcontrol.apiserver.k8s.io/v1beta3"], ["FlowSchema", "PriorityLevelConfiguration"]),
    ...removed("1.29", ["flowcontrol.apiserver.k8s.io/v1beta2"], ["FlowSchema", "PriorityLevelConfiguration"]),
    ...removed("1.27", ["storage.k8s.io/v1beta1"], ["CSIStorageCapacity"]),
    ...removed("1.26", ["flowcontrol.apiserver.k8s.io/v1beta1"], ["FlowSchema", "PriorityLevelConfiguration"]),
    ...removed("1.26", ["autoscaling/v2beta2"], ["HorizontalPodAutoscaler"]),
    ...removed("1.25", ["batch/v1beta1"], ["CronJob"]),
    ...removed("1.25", ["discovery.k8s.io/v1beta1"], ["EndpointSlice"]),
    ...removed("1.25", ["events.k8s.io/v1beta1"], ["Event"]),
    ...removed("1.25", ["autoscaling/v2beta1"], ["HorizontalPodAutoscaler"]),
    ...removed("1.25", ["policy/v1beta1"], ["PodDisruptionBudget", "PodSecurityPolicy"]),
    ...removed("1.25", ["node.k8s.io/v1beta1"], ["RuntimeClass"]),
    ...removed(
        "1.22",
        ["admissionregistration.k8s.io/v1beta1"],
        ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
    ),
    ...removed("1.22", ["apiextensions.k8s.io/v1beta1"], ["CustomResourceDefinition"]),
    ...removed("1.22", ["apiregistration.k8s.io/v1beta1"], ["APIService"]),
    ...removed("1.22", ["authentication.k8s.io/v1beta1"], ["TokenReview"]),
    ...removed(
        "1.22",
        ["authorization.k8s.io/v1beta1"],
        ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview", "SelfSubjectRulesReview"],
    ),
    ...removed("1.22", ["certificates.k8s.io/v1beta1"], ["CertificateSigningRequest"]),
    ...removed("1.22", ["coordination.k8s.io/v1beta1"], ["Lease"]),
    ...removed("1.22", ["extensions/v1beta1", "networking.k8s.io/v1beta1"], ["Ingress"]),
    ...removed("1.22", ["networking.k8s.io/v1beta1"], ["IngressClass"]),
    ...removed(
        "1.22",
        ["rbac.authorization.k8s.io/v1beta1"],
        ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
    ),
    ...removed("1.22", ["scheduling.k8s.io/v1beta1"], ["PriorityClass"]),
    ...removed("1.22", ["storage.k8s.io/v1beta1"], ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]),
    ...removed("1.16", ["extensions/v1beta1"], ["NetworkPolicy", "PodSecurityPolicy"]),
    ...removed("1.16", ["extensions/v1beta1", "apps/v1beta2"], ["DaemonSet"]),
    ...removed("1.16", ["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"], ["Deployment", "ReplicaSet"]),
    ...removed("1.16", ["apps/v1beta1", "apps/v1beta2"], ["StatefulSet"]),
];

/**
 * Kubernetes' version skew policy (github.com/kubernetes/website content/en/releases/version-skew-policy.md,
 * https://kubernetes.io/releases/version-skew-policy/#kubelet): "`kubelet` must not be newer than `kube-apiserver`" and
 * "may be up to three minor versions older than `kube-apiserver` (`kubelet` < 1.25 may only be up to two minor versions
 * older)"; the EKS user guide's "Update existing cluster" repeats it from 1.28 on.
 */
export const KUBELET_MAX_MINORS_BEHIND = 3;
export const KUBELET_SKEW_SOURCE = "github.com/kubernetes/website content/en/releases/version-skew-policy.md#kubelet";

/** "1.35" (or "1.35.2", "v1.35") → 35; undefined for anything that is not a 1.x version. */
export function minorOf(version: string): number | undefined {
    const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec(version.trim());
    return m ? Number(m[1]) : undefined;
}

/** The API `apiVersion`/`kind` stop being served at `targetMinor` or before (undefined: still served, as far as the data goes). */
export function removedApi(apiVersion: string, kind: string, targetMinor: string): RemovedApi | undefined {
    const target = minorOf(targetMinor);
    if (target === undefined) throw new Error(`not a Kubernetes 1.x minor: "${targetMinor}"`);
    return REMOVED_APIS.find(
        (r) => r.groupVersion === apiVersion && r.kind === kind && minorOf(r.removedIn)! <= target,
    );
}

/** Problems with the control plane's step from `current` to `target`: EKS upgrades one minor at a time. */
export function controlPlaneStepProblem(current: string, target: string): string | undefined {
    const c = minorOf(current);
    const t = minorOf(target);
    if (c === undefined || t === undefined)
        return `versions must be 1.x minors, got current "${current}" and target "${target}"`;
    if (t <= c) return `${target} is not an upgrade of ${current}`;
    if (t - c > 1)
        return `${current} → ${target} skips ${t - c - 1} minor(s): EKS upgrades the control plane one minor at a time (EKS user guide, "Update existing cluster to new Kubernetes version"); rehearse 1.${c + 1} first`;
    return undefined;
}

/** Problems with nodes at `nodeVersion` under a control plane at `target` (the kubelet skew policy). */
export function kubeletSkewProblem(nodeVersion: string, target: string): string | undefined {
    const n = minorOf(nodeVersion);
    const t = minorOf(target);
    if (n === undefined || t === undefined)
        return `versions must be 1.x minors, got nodes "${nodeVersion}" and control plane "${target}"`;
    if (n > t)
        return `nodes at ${nodeVersion} would be newer than the control plane at ${target} (kubelet must not be newer than kube-apiserver; ${KUBELET_SKEW_SOURCE})`;
    const limit = n < 25 ? 2 : KUBELET_MAX_MINORS_BEHIND;
    if (t - n > limit)
        return `nodes at ${nodeVersion} would be ${t - n} minors behind the control plane at ${target}; the kubelet may be at most ${limit} behind (${KUBELET_SKEW_SOURCE})`;
    return undefined;
}

/** A pinned chart's `kubeVersion` as its own Chart.yaml at that version states it (undefined: the chart states none). */
export interface ChartKubeVersion {
    chart: string;
    version: string;
    kubeVersion: string | undefined;
    /** Repository, file and tag/commit the constraint was copied from. */
    source: string;
}

/**
 * Each pinned chart's Chart.yaml at exactly the pinned version (components/cluster/addons.ts CHARTS,
 * components/gitops/charts.ts GITOPS_CHARTS). A pin without a row here fails the rehearsal: record the new Chart.yaml.
 */
export const CHART_KUBE_VERSIONS: readonly ChartKubeVersion[] = [
    {
        chart: "aws-load-balancer-controller",
        version: "3.5.0",
        kubeVersion: undefined,
        source: "aws/eks-charts stable/aws-load-balancer-controller/Chart.yaml @ 52396092 (aws-load-balancer-controller: v3.5.0 (#1354)); no kubeVersion",
    },
    {
        chart: "external-secrets",
        version: "2.9.0",
        kubeVersion: ">= 1.19.0-0",
        source: "external-secrets/external-secrets deploy/charts/external-secrets/Chart.yaml @ helm-chart-2.9.0 = cc5bfbc2",
    },
    {
        chart: "argo-cd",
        version: "10.1.1",
        kubeVersion: ">=1.25.0-0",
        source: "argoproj/argo-helm charts/argo-cd/Chart.yaml @ argo-cd-10.1.1 = af0a9310",
    },
    {
        chart: "argocd-image-updater",
        version: "1.2.4",
        kubeVersion: undefined,
        source: "argoproj/argo-helm charts/argocd-image-updater/Chart.yaml @ argocd-image-updater-1.2.4 = acc3ab50; no kubeVersion",
    },
];

type Triple = [number, number, number];

function parseVersion(v: string): Triple {
    const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(v.trim());
    if (!m) throw new Error(`cannot read version "${v}"`);
    return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

const cmp = (a: Triple, b: Triple) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether `version` satisfies a Helm `kubeVersion` constraint (Masterminds semver as Helm reads it: comparisons joined by
 * spaces or commas are ANDed, `||` ORs). Prerelease suffixes are ignored: "-0" in a constraint exists only so that
 * EKS's "v1.35.2-eks-..." versions match. Only the operators the charts here use, and = and the other comparisons;
 * anything else (~, ^, x ranges) throws rather than guessing.
 */
export function satisfiesKubeVersion(constraint: string, version: string): boolean {
    const v = parseVersion(version);
    return constraint.split("||").some((alternative) => {
        const parts =
            alternative
                .replace(/,/g, " ")
                .trim()
                .match(/(>=|<=|!=|>|<|=)?\s*[^\s<>=!]+/g) ?? [];
        if (parts.length === 0) throw new Error(`empty kubeVersion constraint "${constraint}"`);
        return parts.every((p) => {
            const m = /^(>=|<=|!=|>|<|=)?\s*(.+)$/.exec(p.trim())!;
            if (/[~^xX*]/.test(m[2]))
                throw new Error(`kubeVersion constraint "${constraint}": "${p}" is not supported here`);
            const c = cmp(v, parseVersion(m[2]));
            switch (m[1] ?? "=") {
                case ">=":
                    return c >= 0;
                case ">":
                    return c > 0;
                case "<=":
                    return c <= 0;
                case "<":
                    return c < 0;
                case "!=":
                    return c !== 0;
                default:
                    return c === 0;
            }
        });
    });
}

/**
 * Whether a chart's `kubeVersion` excludes a whole minor: no patch of it satisfies the constraint. The first and a
 * high patch are tried, so a bound inside the minor (">=1.36.3") does not count as excluding it.
 */
export function kubeVersionExcludes(constraint: string | undefined, targetMinor: string): boolean {
    if (constraint === undefined || constraint.trim() === "") return false;
    return (
        !satisfiesKubeVersion(constraint, `${targetMinor}.0`) && !satisfiesKubeVersion(constraint, `${targetMinor}.999`)
    );
}
