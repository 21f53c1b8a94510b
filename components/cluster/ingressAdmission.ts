/**
 * Admission, not hope (docs/requirements.md, Isolation: ingress): the Kubernetes side of the perimeter enforced by the
 * API server.
 *
 * - A built-in ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA since Kubernetes 1.30) with its binding,
 *   matching Ingresses in the environment namespaces only, refusing (validationActions Deny, failurePolicy Fail):
 *   an Ingress without the environment's Cloudflare-only security group (the namespace's
 *   `osprey-strike.com/alb-security-group` annotation, written by the environment's own stack from its ALB security
 *   group; namespace users cannot edit a Namespace), an Ingress of another class or ALB group than its namespace's,
 *   a legacy class annotation, and an Ingress without OIDC, except the one webhook Ingress, whose name, path, backend
 *   service and port are pinned and which may carry no actions/conditions annotations (they could re-route it).
 * - A second policy on the other ways past the ALB, in the same namespaces: a Service must be ClusterIP (LoadBalancer
 *   or NodePort would expose pods past Cloudflare and the ALB; ExternalName would route a backend off the cluster) and
 *   carry no externalIPs (CVE-2020-8554); only the AWS Load Balancer Controller may create or change a
 *   TargetGroupBinding (it makes one per Ingress backend; anyone else could register pods into any target group,
 *   another environment's included).
 * - One IngressClass + IngressClassParams per environment (`osprey-<env>`): `namespaceSelector` on the namespace's
 *   immutable `kubernetes.io/metadata.name` label, so the controller itself refuses the class from a foreign
 *   namespace, `group.name` so every Ingress of the class joins its environment's ALB and no other, and the scheme.
 *
 * The CEL is exported as data so the tests evaluate exactly these expressions (@bufbuild/cel) against the rendered
 * manifests and the red cases. The platform stack creates all of it (cluster-scoped objects have one owner).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TWILIO_WEBHOOK_PATH } from "../edge/hostnames";
import { ENVIRONMENTS, environmentNames } from "../../lib/naming";
import type { ServiceAccountRef } from "./irsa";

/** Namespace annotation holding the environment's Cloudflare-only ALB security group ID (EnvironmentNamespace writes it). */
export const ALB_SECURITY_GROUP_ANNOTATION = "osprey-strike.com/alb-security-group";
/** The one Ingress allowed without ALB OIDC (kubernetes/api/overlays/<env>/ingress-twilio-webhook.yaml) and its pins. */
export const WEBHOOK_INGRESS = {
    name: "api-twilio-webhook",
    path: TWILIO_WEBHOOK_PATH,
    /** Exact, never Prefix: a prefix rule would also serve /webhooks/twilio/../x, which Access judged as /x. */
    pathType: "Exact",
    service: "api",
    port: "http",
} as const;
export const INGRESS_POLICY_NAME = "osprey-environment-ingress";
export const ALB_CONTROLLER = "ingress.k8s.aws/alb";
/** What the ALB does with an unauthenticated request to an OIDC Ingress (kubernetes/components/alb-<env>). */
export const ALB_ON_UNAUTHENTICATED = "authenticate";

const A = "alb.ingress.kubernetes.io/";

/** The policy's variables (name → CEL), evaluated in order; later ones may use earlier ones. */
export const INGRESS_POLICY_VARIABLES: { name: string; expression: string }[] = [
    { name: "anns", expression: "has(object.metadata.annotations) ? object.metadata.annotations : {}" },
    {
        name: "nsAnns",
        expression: "has(namespaceObject.metadata.annotations) ? namespaceObject.metadata.annotations : {}",
    },
    { name: "env", expression: "namespaceObject.metadata.name" },
    {
        name: "isWebhook",
        expression:
            `object.metadata.name == '${WEBHOOK_INGRESS.name}' && !has(object.spec.defaultBackend) && has(object.spec.rules) && ` +
            `object.spec.rules.all(r, has(r.http) && r.http.paths.all(p, p.path == '${WEBHOOK_INGRESS.path}' && p.pathType == '${WEBHOOK_INGRESS.pathType}' && ` +
            `has(p.backend.service) && p.backend.service.name == '${WEBHOOK_INGRESS.service}' && has(p.backend.service.port.name) && ` +
            `p.backend.service.port.name == '${WEBHOOK_INGRESS.port}')) && ` +
            `!variables.anns.exists(k, k.startsWith('${A}actions.') || k.startsWith('${A}conditions.'))`,
    },
];

/**
 * The ALB annotations whose VALUE the policy pins, each to the namespace annotation the environment's stack writes
 * (EnvironmentNamespace, from its own outputs): whatever produced the Ingress (the Application's patches, an overlay's
 * `commonAnnotations`, a transformer applied after them), the API server compares the final object. `oidcOnly` ones are
 * not on the webhook Ingress (it carries no OIDC at all).
 */
export const PINNED_INGRESS_ANNOTATIONS: { annotation: string; namespaceAnnotation: string; oidcOnly: boolean }[] = [
    {
        annotation: `${A}certificate-arn`,
        namespaceAnnotation: "osprey-strike.com/alb-certificate-arn",
        oidcOnly: false,
    },
    {
        annotation: `${A}mutual-authentication`,
        namespaceAnnotation: "osprey-strike.com/alb-mutual-authentication",
        oidcOnly: false,
    },
    { annotation: `${A}auth-idp-oidc`, namespaceAnnotation: "osprey-strike.com/alb-auth-idp-oidc", oidcOnly: true },
    {
        annotation: `${A}auth-on-unauthenticated-request`,
        namespaceAnnotation: "osprey-strike.com/alb-auth-on-unauthenticated-request",
        oidcOnly: true,
    },
];

/** The validations (CEL must be true, else the message). */
export const INGRESS_POLICY_VALIDATIONS: { expression: string; message: string; reason: "Forbidden" }[] = [
    {
        expression: `'${ALB_SECURITY_GROUP_ANNOTATION}' in variables.nsAnns && '${A}security-groups' in variables.anns && variables.anns['${A}security-groups'] == variables.nsAnns['${ALB_SECURITY_GROUP_ANNOTATION}']`,
        message: `an Ingress here must name exactly its environment's Cloudflare-only security group (${A}security-groups = the namespace's ${ALB_SECURITY_GROUP_ANNOTATION})`,
        reason: "Forbidden",
    },
    {
        expression: `'${A}manage-backend-security-group-rules' in variables.anns && variables.anns['${A}manage-backend-security-group-rules'] == 'true'`,
        message: `${A}manage-backend-security-group-rules must be "true" (the controller then opens the nodes to the ALB group only)`,
        reason: "Forbidden",
    },
    {
        expression: `has(object.spec.ingressClassName) && object.spec.ingressClassName == variables.env && !('kubernetes.io/ingress.class' in variables.anns)`,
        message:
            "an Ingress here must use its namespace's own IngressClass (spec.ingressClassName = the namespace name) and no legacy class annotation",
        reason: "Forbidden",
    },
    {
        expression: `!('${A}group.name' in variables.anns) || variables.anns['${A}group.name'] == variables.env`,
        message: "an Ingress here may join only its own environment's ALB group (group.name = the namespace name)",
        reason: "Forbidden",
    },
    {
        expression:
            `variables.isWebhook || (variables.anns['${A}auth-type'] == 'oidc' && '${A}auth-idp-oidc' in variables.anns && ` +
            `(!('${A}auth-on-unauthenticated-request' in variables.anns) || variables.anns['${A}auth-on-unauthenticated-request'] == 'authenticate'))`,
        message: `an Ingress here must authenticate with ALB OIDC (auth-type oidc, on unauthenticated: authenticate), except ${WEBHOOK_INGRESS.name} on ${WEBHOOK_INGRESS.path} (${WEBHOOK_INGRESS.pathType}) -> ${WEBHOOK_INGRESS.service}:${WEBHOOK_INGRESS.port}`,
        reason: "Forbidden",
    },
    // Values, not presence: each pinned annotation equals what the environment's stack published on the namespace.
    ...PINNED_INGRESS_ANNOTATIONS.map((p) => ({
        expression:
            (p.oidcOnly ? "variables.isWebhook || " : "") +
            `('${p.namespaceAnnotation}' in variables.nsAnns && '${p.annotation}' in variables.anns && ` +
            `variables.anns['${p.annotation}'] == variables.nsAnns['${p.namespaceAnnotation}'])`,
        message:
            `${p.annotation} must equal the namespace's ${p.namespaceAnnotation} (what the environment's stack published)` +
            (p.oidcOnly ? `, on every Ingress but ${WEBHOOK_INGRESS.name}` : ", on every Ingress"),
        reason: "Forbidden" as const,
    })),
];

/** The second policy: Services and TargetGroupBindings in the environment namespaces. */
export const EXPOSURE_POLICY_NAME = "osprey-environment-exposure";
/** The AWS Load Balancer Controller's service account (its chart's serviceAccount.name, components/cluster/addons.ts). */
export const ALB_CONTROLLER_SERVICE_ACCOUNT: ServiceAccountRef = {
    namespace: "kube-system",
    name: "aws-load-balancer-controller",
};
/** Its identity in admission requests: the one TargetGroupBinding writer. */
export const ALB_CONTROLLER_USERNAME = `system:serviceaccount:${ALB_CONTROLLER_SERVICE_ACCOUNT.namespace}:${ALB_CONTROLLER_SERVICE_ACCOUNT.name}`;

export const EXPOSURE_POLICY_VALIDATIONS: { expression: string; message: string; reason: "Forbidden" }[] = [
    {
        expression: `object.kind != 'Service' || !has(object.spec.type) || object.spec.type == 'ClusterIP'`,
        message:
            "a Service here must be ClusterIP: the ALB reaches pods by IP, and LoadBalancer, NodePort or ExternalName would open a way past it",
        reason: "Forbidden",
    },
    {
        expression: `object.kind != 'Service' || !has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0`,
        message:
            "a Service here may not set externalIPs (they intercept traffic to those addresses cluster-wide, CVE-2020-8554)",
        reason: "Forbidden",
    },
    {
        expression: `object.kind != 'TargetGroupBinding' || request.userInfo.username == '${ALB_CONTROLLER_USERNAME}'`,
        message: `only the AWS Load Balancer Controller (${ALB_CONTROLLER_USERNAME}) may create or change a TargetGroupBinding here`,
        reason: "Forbidden",
    },
];

/** Namespaces the policy applies to: the environments' (by their immutable name label). */
export const ENVIRONMENT_NAMESPACE_SELECTOR = {
    matchExpressions: [
        {
            key: "kubernetes.io/metadata.name",
            operator: "In",
            values: ENVIRONMENTS.map((e) => environmentNames(e).namespace),
        },
    ],
};

type ResourceRule = { apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] };

/** A policy of the environment namespaces: failing closed, on CREATE and UPDATE (or the given operations). */
export function environmentPolicyManifest(
    name: string,
    resources: Omit<ResourceRule, "operations">[],
    validations: typeof INGRESS_POLICY_VALIDATIONS,
    variables?: typeof INGRESS_POLICY_VARIABLES,
    operations: string[] = ["CREATE", "UPDATE"],
) {
    return {
        apiVersion: "admissionregistration.k8s.io/v1" as const,
        kind: "ValidatingAdmissionPolicy" as const,
        metadata: { name },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: {
                namespaceSelector: ENVIRONMENT_NAMESPACE_SELECTOR,
                resourceRules: resources.map((r): ResourceRule => ({ ...r, operations })),
            },
            ...(variables ? { variables } : {}),
            validations,
        },
    };
}

export const ingressPolicyManifest = () =>
    environmentPolicyManifest(
        INGRESS_POLICY_NAME,
        [{ apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], resources: ["ingresses"] }],
        INGRESS_POLICY_VALIDATIONS,
        INGRESS_POLICY_VARIABLES,
    );

export const exposurePolicyManifest = () =>
    environmentPolicyManifest(
        EXPOSURE_POLICY_NAME,
        [
            { apiGroups: [""], apiVersions: ["v1"], resources: ["services"] },
            // Every served version of the CRD (v1beta1 today).
            { apiGroups: ["elbv2.k8s.aws"], apiVersions: ["*"], resources: ["targetgroupbindings"] },
        ],
        EXPOSURE_POLICY_VALIDATIONS,
    );

/** A policy's binding: Deny, in the environment namespaces. */
export const policyBindingManifest = (policyName: string) => ({
    apiVersion: "admissionregistration.k8s.io/v1" as const,
    kind: "ValidatingAdmissionPolicyBinding" as const,
    metadata: { name: policyName },
    spec: {
        policyName,
        validationActions: ["Deny"],
        matchResources: { namespaceSelector: ENVIRONMENT_NAMESPACE_SELECTOR },
    },
});

/** The environment's IngressClassParams (elbv2.k8s.aws/v1beta1): only its namespace, always its group, internet-facing. */
export function ingressClassParamsManifest(env: (typeof ENVIRONMENTS)[number]) {
    const n = environmentNames(env);
    return {
        apiVersion: "elbv2.k8s.aws/v1beta1" as const,
        kind: "IngressClassParams" as const,
        metadata: { name: n.ingressGroup },
        spec: {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": n.namespace } },
            group: { name: n.ingressGroup },
            scheme: "internet-facing",
        },
    };
}

export interface IngressAdmissionArgs {
    kubernetesProvider: k8s.Provider;
    /** The ALB controller's release: its chart brings the IngressClassParams CRD. */
    albController: pulumi.Resource;
}

export class IngressAdmission extends pulumi.ComponentResource {
    /** Per environment, its IngressClassParams and IngressClass: what the environment's Ingresses (and their ALB) need. */
    readonly ingressClasses: Record<string, pulumi.Resource[]> = {};
    constructor(name: string, args: IngressAdmissionArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:cluster:IngressAdmission",
            name,
            { policy: INGRESS_POLICY_NAME, exposurePolicy: EXPOSURE_POLICY_NAME, environments: [...ENVIRONMENTS] },
            opts,
        );
        const k8s_ = { parent: this, provider: args.kubernetesProvider };
        for (const [suffix, policy] of [
            ["ingress-policy", ingressPolicyManifest()],
            ["exposure-policy", exposurePolicyManifest()],
        ] as const) {
            const vap = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
                `${name}-${suffix}`,
                { metadata: policy.metadata, spec: policy.spec },
                k8s_,
            );
            const binding = policyBindingManifest(policy.metadata.name);
            new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
                `${name}-${suffix}`,
                { metadata: binding.metadata, spec: binding.spec },
                { ...k8s_, dependsOn: [vap] },
            );
        }
        for (const env of ENVIRONMENTS) {
            const params = ingressClassParamsManifest(env);
            const p = new k8s.apiextensions.CustomResource(
                `${name}-${env}-class-params`,
                { apiVersion: params.apiVersion, kind: params.kind, metadata: params.metadata, spec: params.spec },
                { ...k8s_, dependsOn: [args.albController] },
            );
            const ingressClass = new k8s.networking.v1.IngressClass(
                `${name}-${env}-class`,
                {
                    metadata: { name: params.metadata.name },
                    spec: {
                        controller: ALB_CONTROLLER,
                        parameters: {
                            apiGroup: "elbv2.k8s.aws",
                            kind: "IngressClassParams",
                            name: params.metadata.name,
                        },
                    },
                },
                { ...k8s_, dependsOn: [p] },
            );
            this.ingressClasses[env] = [p, ingressClass];
        }
        this.registerOutputs({});
    }
}
