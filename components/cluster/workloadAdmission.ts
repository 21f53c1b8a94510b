/**
 * Two more admission policies of the environment namespaces (with ingressAdmission.ts's), for what an overlay in
 * `kubernetes/` or a compromised pod's token could otherwise do:
 *
 * - Pulumi's objects are Pulumi's: in the environment namespaces only Pulumi's identity may create, change or delete a
 *   NetworkPolicy, SecretStore, ExternalSecret, PushSecret, Role, RoleBinding, ResourceQuota or LimitRange, the RDS CA
 *   ConfigMap, the SecretStore's reader ServiceAccount and the PostGIS bootstrap Job (by name), and anywhere a ClusterSecretStore (cluster-scoped: a policy's
 *   namespaceSelector never skips those). Pulumi's identity is the Kubernetes username EKS gives the access entries of
 *   `platform.cluster.adminRoleArns` (no username set: `arn:aws:sts::<account>:assumed-role/<role name>/{{SessionName}}`,
 *   EKS user guide, "Create access entries"), the deployment roles among them. Also admitted: the namespace controller,
 *   the garbage collector and the TTL controller deleting (a namespace going, a finished Job expiring), and ESO's
 *   controller updating its own objects' metadata with the spec unchanged (finalizers). The AppProject refuses the same
 *   kinds (components/gitops/applications.ts); this holds for everyone else that can reach the API.
 * - Images: a Pod template in the environment namespaces (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
 *   CronJob; containers, initContainers, ephemeralContainers) runs only images of this account's ECR registry under
 *   `osprey-strike/`, pinned by `@sha256:` digest. One reviewed exception, BOOTSTRAP_IMAGE_EXCEPTION.
 */
import { environmentPolicyManifest, INGRESS_POLICY_VALIDATIONS } from "./ingressAdmission";
import type { ServiceAccountRef } from "./irsa";
import { RDS_CA_CONFIGMAP } from "../data/rdsCa";
import { POSTGRES_CLIENT_IMAGE } from "../data/postgisJob";
import { SECRET_READER_SERVICE_ACCOUNT } from "../../lib/naming";

type Validation = (typeof INGRESS_POLICY_VALIDATIONS)[number];
type Variable = { name: string; expression: string };

/** The bootstrap Job's names (components/data/postgisJob.ts postgisJobName). */
export const BOOTSTRAP_JOB_PREFIX = "postgis-extension-";

/**
 * The kinds Pulumi owns in the environment namespaces (and ClusterSecretStore, cluster-wide), with the resource names
 * admission matches. `name`/`namePrefix`: only those objects of a kind Argo CD may also apply.
 */
export const PULUMI_OWNED = [
    { group: "networking.k8s.io", kind: "NetworkPolicy", resource: "networkpolicies" },
    { group: "external-secrets.io", kind: "SecretStore", resource: "secretstores" },
    { group: "external-secrets.io", kind: "ClusterSecretStore", resource: "clustersecretstores" },
    { group: "external-secrets.io", kind: "ExternalSecret", resource: "externalsecrets" },
    { group: "external-secrets.io", kind: "PushSecret", resource: "pushsecrets" },
    { group: "rbac.authorization.k8s.io", kind: "Role", resource: "roles" },
    { group: "rbac.authorization.k8s.io", kind: "RoleBinding", resource: "rolebindings" },
    { group: "", kind: "ResourceQuota", resource: "resourcequotas" },
    { group: "", kind: "LimitRange", resource: "limitranges" },
    { group: "", kind: "ConfigMap", resource: "configmaps", name: RDS_CA_CONFIGMAP },
    // The identity the environment's SecretStore reads Secrets Manager as (its IRSA role annotation).
    { group: "", kind: "ServiceAccount", resource: "serviceaccounts", name: SECRET_READER_SERVICE_ACCOUNT },
    { group: "batch", kind: "Job", resource: "jobs", namePrefix: BOOTSTRAP_JOB_PREFIX },
] as const;

/** The Kubernetes username prefix of an IAM role's access entry without a username (EKS's default mapping). */
export function accessEntryUsernamePrefix(roleArn: string): string {
    const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    if (!m) throw new Error(`accessEntryUsernamePrefix: "${roleArn}" is not an IAM role ARN`);
    return `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/`;
}

/** Controllers that delete what a namespace or an owner takes with it, or a finished Job. */
export const CLEANUP_USERNAMES = [
    "system:serviceaccount:kube-system:namespace-controller",
    "system:serviceaccount:kube-system:generic-garbage-collector",
    "system:serviceaccount:kube-system:ttl-after-finished-controller",
];
/** ESO's controller service account (its chart's serviceAccount.name, components/cluster/addons.ts). */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT: ServiceAccountRef = {
    namespace: "external-secrets",
    name: "external-secrets",
};
export const ESO_USERNAME = `system:serviceaccount:${EXTERNAL_SECRETS_SERVICE_ACCOUNT.namespace}:${EXTERNAL_SECRETS_SERVICE_ACCOUNT.name}`;
export const OWNED_POLICY_NAME = "osprey-environment-pulumi-owned";

const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(", ")}]`;
const isPulumi = (prefixes: string[]) => `${list(prefixes)}.exists(p, request.userInfo.username.startsWith(p))`;

export function ownedPolicyVariables(pulumiUsernamePrefixes: string[]): Variable[] {
    if (pulumiUsernamePrefixes.length === 0)
        throw new Error("ownedPolicyVariables: no Pulumi identity (platform.cluster.adminRoleArns is empty)");
    const byName = PULUMI_OWNED.flatMap((o) =>
        "name" in o
            ? [`(variables.obj.kind == '${o.kind}' && variables.obj.metadata.name == '${o.name}')`]
            : "namePrefix" in o
              ? [`(variables.obj.kind == '${o.kind}' && variables.obj.metadata.name.startsWith('${o.namePrefix}'))`]
              : [],
    );
    const named = PULUMI_OWNED.filter((o) => "name" in o || "namePrefix" in o).map((o) => o.kind);
    return [
        { name: "obj", expression: "request.operation == 'DELETE' ? oldObject : object" },
        { name: "owned", expression: `!(variables.obj.kind in ${list(named)}) || ${byName.join(" || ")}` },
        { name: "isPulumi", expression: isPulumi(pulumiUsernamePrefixes) },
        {
            name: "cleanup",
            expression: `request.operation == 'DELETE' && request.userInfo.username in ${list(CLEANUP_USERNAMES)}`,
        },
        {
            name: "esoBookkeeping",
            expression:
                `request.operation == 'UPDATE' && request.userInfo.username == '${ESO_USERNAME}' && ` +
                `has(object.spec) == has(oldObject.spec) && (!has(object.spec) || object.spec == oldObject.spec)`,
        },
    ];
}

export const OWNED_POLICY_VALIDATIONS: Validation[] = [
    {
        expression: "!variables.owned || variables.isPulumi || variables.cleanup || variables.esoBookkeeping",
        message:
            "this object is Pulumi's (NetworkPolicy, SecretStore, ExternalSecret, PushSecret, ClusterSecretStore, Role, RoleBinding, ResourceQuota, LimitRange, the RDS CA ConfigMap, the secret reader ServiceAccount, the bootstrap Job): only Pulumi's identity may create, change or delete it",
        reason: "Forbidden",
    },
];

export function ownedPolicyManifest(pulumiUsernamePrefixes: string[]) {
    const groups = [...new Set(PULUMI_OWNED.map((o) => o.group))];
    return environmentPolicyManifest(
        OWNED_POLICY_NAME,
        groups.map((g) => ({
            apiGroups: [g],
            apiVersions: ["*"],
            resources: PULUMI_OWNED.filter((o) => o.group === g).map((o) => o.resource),
        })),
        OWNED_POLICY_VALIDATIONS,
        ownedPolicyVariables(pulumiUsernamePrefixes),
        ["CREATE", "UPDATE", "DELETE"],
    );
}

/**
 * The one image from outside our registry, reviewed: the PostGIS bootstrap Job's psql (components/data/postgisJob.ts),
 * Docker's official postgres image through ECR Public, pinned to an exact version tag. Not mirrored: it runs once per
 * new database, the Job is Pulumi's (only Pulumi's identity may create it, above), and its Pods are admitted with it
 * only when the Job controller creates them for a Job of that name. Mirroring it into `osprey-strike/` by digest would
 * remove the exception; until then, a change of the Job's image must change this constant, in review.
 */
export const BOOTSTRAP_IMAGE_EXCEPTION = {
    image: POSTGRES_CLIENT_IMAGE,
    reason: "psql of the PostGIS bootstrap Job (Pulumi's), Docker's official postgres image via ECR Public, version-pinned",
} as const;
export const JOB_CONTROLLER_USERNAME = "system:serviceaccount:kube-system:job-controller";
export const IMAGE_POLICY_NAME = "osprey-environment-images";

/** RE2 for an image of `<registry>/osprey-strike/<name>@sha256:<64 hex>`, nothing before or after. */
export const ourImagePattern = (registry: string) =>
    `^${registry.replace(/\./g, "\\\\.")}/osprey-strike/[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*@sha256:[0-9a-f]{64}$`;

export function imagePolicyVariables(registry: string, pulumiUsernamePrefixes: string[]): Variable[] {
    if (!/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(registry))
        throw new Error(
            `imagePolicyVariables: "${registry}" is not an ECR registry (<account>.dkr.ecr.<region>.amazonaws.com)`,
        );
    const images = (field: string) => `(has(variables.spec.${field}) ? variables.spec.${field}.map(c, c.image) : [])`;
    return [
        {
            name: "spec",
            expression:
                "object.kind == 'Pod' ? object.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec",
        },
        {
            name: "images",
            expression: `${images("containers")} + ${images("initContainers")} + ${images("ephemeralContainers")}`,
        },
        { name: "ours", expression: `variables.images.all(i, i.matches('${ourImagePattern(registry)}'))` },
        {
            name: "bootstrap",
            expression:
                `variables.images.all(i, i == '${BOOTSTRAP_IMAGE_EXCEPTION.image}') && (` +
                `(object.kind == 'Job' && object.metadata.name.startsWith('${BOOTSTRAP_JOB_PREFIX}') && ${isPulumi(pulumiUsernamePrefixes)}) || ` +
                `(object.kind == 'Pod' && request.userInfo.username == '${JOB_CONTROLLER_USERNAME}' && has(object.metadata.ownerReferences) && ` +
                `object.metadata.ownerReferences.exists(o, o.kind == 'Job' && o.name.startsWith('${BOOTSTRAP_JOB_PREFIX}'))))`,
        },
    ];
}

export const IMAGE_POLICY_VALIDATIONS: Validation[] = [
    {
        expression: "variables.ours || variables.bootstrap",
        message:
            "every image here must come from this account's ECR registry under osprey-strike/ and be pinned by digest (@sha256:...)",
        reason: "Forbidden",
    },
];

export const imagePolicyManifest = (registry: string, pulumiUsernamePrefixes: string[]) =>
    environmentPolicyManifest(
        IMAGE_POLICY_NAME,
        [
            { apiGroups: [""], apiVersions: ["v1"], resources: ["pods", "pods/ephemeralcontainers"] },
            {
                apiGroups: ["apps"],
                apiVersions: ["v1"],
                resources: ["deployments", "replicasets", "statefulsets", "daemonsets"],
            },
            { apiGroups: ["batch"], apiVersions: ["v1"], resources: ["jobs", "cronjobs"] },
        ],
        IMAGE_POLICY_VALIDATIONS,
        imagePolicyVariables(registry, pulumiUsernamePrefixes),
    );
