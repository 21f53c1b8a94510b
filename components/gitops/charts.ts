/**
 * The GitOps layer's pinned charts and its sizing (pure). The chart values the program sets are checked against
 * each chart's values.yaml at exactly these versions (tests/gitops/charts/, copied from argoproj/argo-helm at the
 * tags argo-cd-10.1.1 = af0a9310 and argocd-image-updater-1.2.4 = acc3ab50).
 */

/**
 * argo-cd 10.1.1 = Argo CD v3.4.4 (Chart.yaml appVersion); argocd-image-updater 1.2.4 = Image Updater v1.2.2, the
 * 1.x line configured through its ImageUpdater resource. Both from the official argo-helm repository.
 */
export const GITOPS_CHARTS = {
    argocd: { chart: "argo-cd", version: "10.1.1", appVersion: "v3.4.4", repo: "https://argoproj.github.io/argo-helm" },
    imageUpdater: {
        chart: "argocd-image-updater",
        version: "1.2.4",
        appVersion: "v1.2.2",
        repo: "https://argoproj.github.io/argo-helm",
    },
} as const;

/** Helm release names: the charts name their objects after them (argocd-server, argocd-repo-server, ...). */
export const ARGOCD_RELEASE = "argocd";
export const IMAGE_UPDATER_RELEASE = "argocd-image-updater";
/** The Image Updater's service account (its IRSA role trusts exactly this one). */
export const IMAGE_UPDATER_SERVICE_ACCOUNT = "argocd-image-updater";

export interface ContainerResources {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
}

const res = (cpu: string, memory: string, limitCpu: string, limitMemory: string): ContainerResources => ({
    requests: { cpu, memory },
    limits: { cpu: limitCpu, memory: limitMemory },
});

/**
 * Non-HA sizing (one replica each, the chart's defaults; redis-ha off) that fits next to both environments on the
 * default two t3.medium nodes (~3.8 vCPU / ~6.8 GiB allocatable): the environments' quotas request 2.25 vCPU and
 * 4.5 GiB, the add-ons about 0.5 vCPU and 0.6 GiB, which leaves ~1 vCPU and ~1.7 GiB. Everything here requests
 * 0.35 vCPU and ~1 GiB. The application controller holds the cluster cache and is the one that grows with the
 * number of resources: its memory limit is the largest.
 */
export const GITOPS_RESOURCES = {
    controller: res("100m", "384Mi", "1", "1Gi"),
    server: res("50m", "128Mi", "500m", "256Mi"),
    repoServer: res("50m", "192Mi", "500m", "512Mi"),
    applicationSet: res("25m", "64Mi", "200m", "128Mi"),
    dex: res("25m", "64Mi", "200m", "128Mi"),
    redis: res("25m", "64Mi", "200m", "128Mi"),
    // Limit 1 vCPU, not 200m: every ECR login starts AWS CLI v2 (Python) inside the container's own quota, and Image
    // Updater kills the script after 10 s (imageUpdater.ts, EXT_SCRIPT_TIMEOUT_SECONDS). Measured here (Debian's
    // aws-cli 2.9.19, `aws ecr get-authorization-token` failing at once against a closed local port, so start-up and
    // one request only): 0.43-0.45 CPU-seconds with compiled bytecode, 1.2-1.3 when Python compiles the modules as it
    // imports them (what a read-only root without shipped .pyc files forces on every run; not checked for the image).
    // At 200m that is 2.2-6.5 s of wall time before the STS and ECR round trips and TLS, and beside the manager's own
    // use of the same quota; at 1 vCPU, 0.5-1.3 s. Max RSS 70 MB, inside the 256Mi limit. The request stays small.
    imageUpdater: res("25m", "64Mi", "1", "256Mi"),
} as const;
