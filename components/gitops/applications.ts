/**
 * An environment's Argo CD AppProject and Applications, generated from data (pure): one Application per app the
 * environment runs (lib/naming.ts APPS_BY_ENVIRONMENT), never hand-written. Add an app or an environment there and
 * its Applications appear.
 *
 * Applications, not an ApplicationSet: Pulumi already iterates the data, and every Application carries values only
 * the stack knows (registry, certificate, security group, role ARNs) as Kustomize parameters; an ApplicationSet
 * would need the same values passed through its generators and would re-apply the Applications behind Pulumi's
 * back, so `pulumi preview` would no longer show what each Application syncs.
 *
 * The stack feeds the manifests (kubernetes/ holds no account-specific value and renders alone): images (the ECR
 * registry), replicas (the stack's settings, the one source), and patches (the ALB annotations, hostnames, the api's
 * IRSA role and bucket). Argo CD applies them as `kustomize edit set image`, `edit set replicas` and extra
 * `patches:` of the overlay's kustomization before it builds.
 */
import { App, APPS_BY_ENVIRONMENT, ARGOCD_NAMESPACE, Env, environmentNames, imageName } from "../../lib/naming";

export const ARGOCD_API_VERSION = "argoproj.io/v1alpha1";
/** The cluster Argo CD runs in (it deploys only there). */
export const IN_CLUSTER = "https://kubernetes.default.svc";
/** Deleting an Application (the app left the data) deletes what it synced. */
export const CASCADE_FINALIZER = "resources-finalizer.argocd.argoproj.io";
/** The label that exempts the Twilio webhook Ingress from ALB OIDC (kubernetes/api/overlays/<env>/ingress-twilio-webhook.yaml). */
export const NO_ALB_AUTH_SELECTOR = "osprey-strike.com/alb-auth!=none";

export interface GitSource {
    repoUrl: string;
    revision: string;
    /** The Kustomize tree's directory in the repository. */
    path: string;
}

/** What the stack knows and the manifests need: everything account-specific reaches them from here. */
export interface ManifestFeed {
    region: string;
    /** app → `<account>.dkr.ecr.<region>.amazonaws.com/osprey-strike/<app>` (the platform's output). */
    ecrRepositoryUrls: Record<string, string>;
    /** app → the hostname its Ingresses serve (components/edge/hostnames.ts). */
    hostnames: Partial<Record<App, string>>;
    /** app → replicas, from the stack's settings (the Valkey rule reads the same apiReplicas). Apps absent run one. */
    replicas: Partial<Record<App, number>>;
    /** Group-wide annotations every ALB Ingress of the environment carries (certificate, security group, ...). */
    albAnnotations: Record<string, string>;
    /** Annotations of the Ingresses behind ALB OIDC (all but the Twilio webhook's). */
    albAuthAnnotations: Record<string, string>;
    /** The api's IRSA role and attachments bucket, and any more account-specific environment variables of its pods. */
    api: { roleArn: string; attachmentsBucket: string; extraEnv?: Record<string, string> };
}

export const ALB = "alb.ingress.kubernetes.io";
/** Keycloak's endpoints and the client Secret (components/environment/albOidc.ts builds the value). */
export const ALB_OIDC_ANNOTATION = `${ALB}/auth-idp-oidc`;

/**
 * The account-specific annotations of the environment's ALB, in one place. Another value (say a trust store for
 * mutual TLS) is one more entry here, and ManifestFeed carries it to every Ingress.
 */
export function albGroupAnnotations(v: {
    certificateArn: string;
    securityGroupId: string;
    extra?: Record<string, string>;
}): Record<string, string> {
    return {
        [`${ALB}/certificate-arn`]: v.certificateArn,
        [`${ALB}/security-groups`]: v.securityGroupId,
        ...(v.extra ?? {}),
    };
}

export const applicationPath = (source: GitSource, env: Env, app: App) => `${source.path}/${app}/overlays/${env}`;

const annotationsPatch = (kind: string, annotations: Record<string, string>) =>
    JSON.stringify({
        apiVersion: kind === "Ingress" ? "networking.k8s.io/v1" : "v1",
        kind,
        metadata: { name: "any", annotations },
    });

/** Kustomize patches Argo CD appends to the overlay (same `patches:` shape as a kustomization). */
export function applicationPatches(app: App, feed: ManifestFeed) {
    const host = feed.hostnames[app];
    if (!host) throw new Error(`no hostname for ${app}`);
    const ingress = { group: "networking.k8s.io", version: "v1", kind: "Ingress" };
    const patches: Record<string, unknown>[] = [
        { target: ingress, patch: annotationsPatch("Ingress", feed.albAnnotations) },
        {
            target: { ...ingress, labelSelector: NO_ALB_AUTH_SELECTOR },
            patch: annotationsPatch("Ingress", feed.albAuthAnnotations),
        },
        // Every Ingress of an app serves one host with one rule (tests/kubernetes check it).
        { target: ingress, patch: JSON.stringify([{ op: "add", path: "/spec/rules/0/host", value: host }]) },
    ];
    if (app === "api") {
        patches.push(
            {
                target: { version: "v1", kind: "ServiceAccount", name: "api" },
                patch: annotationsPatch("ServiceAccount", { "eks.amazonaws.com/role-arn": feed.api.roleArn }),
            },
            {
                target: { group: "apps", version: "v1", kind: "Deployment", name: "api" },
                patch: JSON.stringify({
                    apiVersion: "apps/v1",
                    kind: "Deployment",
                    metadata: { name: "api" },
                    spec: {
                        template: {
                            spec: {
                                containers: [
                                    {
                                        name: "api",
                                        env: [
                                            { name: "ATTACHMENTS_BUCKET", value: feed.api.attachmentsBucket },
                                            { name: "AWS_REGION", value: feed.region },
                                            ...Object.entries(feed.api.extraEnv ?? {}).map(([name, value]) => ({
                                                name,
                                                value,
                                            })),
                                        ],
                                    },
                                ],
                            },
                        },
                    },
                }),
            },
        );
    }
    return patches;
}

/**
 * `kustomize edit set image <name>=<registry>/<name>@*`: sets the registry and KEEPS the digest the overlay pins
 * (Image Updater's commits on main, a person's on demo; `*` = preserve, kustomize commands/edit/set/setimage.go).
 * The tag comes from the base (branch-main) until a digest is pinned. A newTag in an overlay would be dropped:
 * overlays pin by digest (tests/kubernetes check it).
 */
export function applicationImage(app: App, feed: ManifestFeed): string {
    const url = feed.ecrRepositoryUrls[app];
    if (!url) throw new Error(`no ECR repository URL for ${app}`);
    return `${imageName(app)}=${url}@*`;
}

export interface ApplicationOptions {
    environment: Env;
    source: GitSource;
    /** Automated sync with prune and self-heal (main); manual (demo). */
    autoSync: boolean;
}

/** An Application's metadata: plain, known before any output (the spec waits for the stack's outputs). */
export function applicationMetadata(app: App, environment: Env) {
    return {
        name: environmentNames(environment).applicationName(app),
        namespace: ARGOCD_NAMESPACE,
        labels: {
            "osprey-strike.com/environment": environment,
            "app.kubernetes.io/name": app,
            "app.kubernetes.io/part-of": "osprey-strike",
        },
        finalizers: [CASCADE_FINALIZER],
    };
}

export function applicationManifest(app: App, o: ApplicationOptions, feed: ManifestFeed) {
    return {
        apiVersion: ARGOCD_API_VERSION,
        kind: "Application" as const,
        metadata: applicationMetadata(app, o.environment),
        spec: applicationSpec(app, o, feed),
    };
}

export function applicationSpec(app: App, o: ApplicationOptions, feed: ManifestFeed) {
    const names = environmentNames(o.environment);
    const replicas = feed.replicas[app];
    return {
        project: names.argocdProject,
        source: {
            repoURL: o.source.repoUrl,
            targetRevision: o.source.revision,
            path: applicationPath(o.source, o.environment, app),
            kustomize: {
                images: [applicationImage(app, feed)],
                ...(replicas !== undefined ? { replicas: [{ name: app, count: replicas }] } : {}),
                patches: applicationPatches(app, feed),
            },
        },
        destination: { server: IN_CLUSTER, namespace: names.namespace },
        syncPolicy: {
            ...(o.autoSync ? { automated: { prune: true, selfHeal: true } } : {}),
            // The namespace is the environment stack's (quota, Pod Security): Argo CD must never create one.
            syncOptions: ["CreateNamespace=false", "PruneLast=true"],
            retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
        },
    };
}

/** The kinds an environment's AppProject refuses (Pulumi's in the namespace; see appProjectManifest). */
export const PROJECT_REFUSED_KINDS = [
    { group: "", kind: "ResourceQuota" },
    { group: "", kind: "LimitRange" },
    { group: "rbac.authorization.k8s.io", kind: "Role" },
    { group: "rbac.authorization.k8s.io", kind: "RoleBinding" },
    { group: "external-secrets.io", kind: "ExternalSecret" },
    { group: "external-secrets.io", kind: "SecretStore" },
    { group: "external-secrets.io", kind: "ClusterSecretStore" },
    { group: "external-secrets.io", kind: "PushSecret" },
    { group: "networking.k8s.io", kind: "NetworkPolicy" },
] as const;

/**
 * The environment's AppProject: only our repository, only the environment's namespace on this cluster, no
 * cluster-scoped resource at all (empty whitelist), and none of what the environment's stack owns in the namespace.
 */
export function appProjectManifest(environment: Env, source: GitSource) {
    const names = environmentNames(environment);
    return {
        apiVersion: ARGOCD_API_VERSION,
        kind: "AppProject",
        metadata: {
            name: names.argocdProject,
            namespace: ARGOCD_NAMESPACE,
            labels: { "osprey-strike.com/environment": environment },
        },
        spec: {
            description: `${names.label}: the workloads of kubernetes/<app>/overlays/${environment}`,
            sourceRepos: [source.repoUrl],
            destinations: [{ server: IN_CLUSTER, namespace: names.namespace }],
            clusterResourceWhitelist: [],
            // Every kind Pulumi owns in the namespace (the perimeter: default-deny, the SecretStore and its reader, RBAC,
            // quota), and PushSecret (it would copy a namespace Secret out through the store). ClusterSecretStore is
            // cluster-scoped, refused by the empty whitelist above and named here too. The RDS CA ConfigMap and the
            // bootstrap Job are refused by name in admission (components/cluster/workloadAdmission.ts): an AppProject
            // cannot name one object.
            namespaceResourceBlacklist: PROJECT_REFUSED_KINDS.map((k) => ({ ...k })),
        },
    };
}

/** Every Application of an environment, in APPS_BY_ENVIRONMENT order. */
export function environmentApplications(o: ApplicationOptions, feed: ManifestFeed) {
    return APPS_BY_ENVIRONMENT[o.environment].map((app) => applicationManifest(app, o, feed));
}
