/**
 * Images that privileged runs pull (the deployment's executor, the database bootstrap Job, the charts' controllers):
 * each is pinned by digest (`name:tag@sha256:<64 hex>`, the tag kept for the reader), or listed here with the reason it
 * is not. Pure; tests/delivery/imagePins.test.ts holds every image reference of the deploy settings and of the
 * recorded graphs to it. Pin one: resolve its digest (`docker buildx imagetools inspect <name:tag>`), write
 * `<name:tag>@sha256:<digest>` where the reference is set, and remove its entry below.
 */

/** The one reason on record: these machines reach no container registry. */
export const NO_REGISTRY = "no registry reachable to resolve the digest";

export const isDigestPinned = (ref: string): boolean => /^[^@\s]+:[^@/\s]+@sha256:[0-9a-f]{64}$/.test(ref);

/** Image references set by this repository that still carry a tag only, with why. */
export const IMAGES_WITHOUT_DIGEST: Readonly<Record<string, string>> = {
    // Pulumi.<stack>.deploy.yaml executorContext.executorImage.reference (the deployment runs in it, with the role).
    "pulumi/pulumi:3.248.0": NO_REGISTRY,
    // components/data/postgisJob.ts POSTGRES_CLIENT_IMAGE (runs psql as the database's master user).
    "public.ecr.aws/docker/library/postgres:18.2-alpine3.23": NO_REGISTRY,
};

/**
 * Helm charts (chart@version) whose images are the chart's own defaults, by tag: the values this program passes set no
 * image. A chart's images are pinned by setting its values' image digest fields; until then it is listed here.
 */
export const CHARTS_WITH_TAGGED_IMAGES: Readonly<Record<string, string>> = {
    "aws-load-balancer-controller@3.5.0": NO_REGISTRY,
    "external-secrets@2.9.0": NO_REGISTRY,
    "argo-cd@10.1.1": NO_REGISTRY,
    "argocd-image-updater@1.2.4": NO_REGISTRY,
};

/** Why an image reference is neither digest-pinned nor listed, or undefined. */
export function imageReferenceProblem(ref: string): string | undefined {
    if (isDigestPinned(ref) || ref in IMAGES_WITHOUT_DIGEST) return undefined;
    return `"${ref}" is not pinned by digest (<name>:<tag>@sha256:<digest>) and not listed in lib/imagePins.ts IMAGES_WITHOUT_DIGEST`;
}
