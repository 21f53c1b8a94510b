/**
 * One environment's namespace on the shared cluster (osprey-main, osprey-demo), created by that
 * environment's own stack: environments are separated by namespace (docs/requirements.md, Environments), so the
 * namespace carries the
 * guard rails: a ResourceQuota (one environment cannot starve the other on two shared nodes), LimitRange
 * defaults (a pod without requests still counts against the quota), Pod Security Admission labels, and the
 * RBAC that lets the AWS Load Balancer Controller read the ALB OIDC client Secret ESO delivers here.
 *
 * Pod Security: enforce `baseline`, warn and audit `restricted`. The app manifests come from the app repo
 * through ArgoCD and nothing here proves they set runAsNonRoot, seccompProfile and dropped capabilities;
 * enforcing `restricted` would make a sync fail at 3 a.m. Baseline blocks the dangerous things (privileged,
 * host namespaces, hostPath); warn/audit show every gap to `restricted` so it can be enforced once clean.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ALB_CONTROLLER_SERVICE_ACCOUNT } from "../cluster/addons";
import { ServiceAccountRef } from "../cluster/irsa";
import { ALB_SECURITY_GROUP_ANNOTATION } from "../cluster/ingressAdmission";
import { ALB_OIDC_SECRET } from "./albOidc";
import { NamespaceQuota } from "../../lib/quota";
import { Env, environmentNames } from "../../lib/naming";

export type { NamespaceQuota } from "../../lib/quota";

export interface EnvironmentNamespaceArgs {
    environment: Env;
    quota: NamespaceQuota;
    /** Kubernetes minor version the Pod Security labels pin (e.g. "1.35"), so an upgrade does not change policy silently. */
    kubernetesVersion: pulumi.Input<string>;
    /** The explicit provider (from the cluster's kubeconfig); every resource here uses it. */
    kubernetesProvider: k8s.Provider;
    /** Per-container defaults when a manifest sets none (default requests 100m/128Mi, limits 500m/512Mi). */
    containerDefaults?: { requestCpu: string; requestMemory: string; limitCpu: string; limitMemory: string };
    /** The controller's service account (default kube-system/aws-load-balancer-controller). */
    albControllerServiceAccount?: ServiceAccountRef;
    /**
     * The environment's Cloudflare-only ALB security group: written on the namespace (ALB_SECURITY_GROUP_ANNOTATION),
     * where the platform's ValidatingAdmissionPolicy compares every Ingress's security-groups annotation against it.
     */
    albSecurityGroupId?: pulumi.Input<string>;
}

export const DEFAULT_CONTAINER = { requestCpu: "100m", requestMemory: "128Mi", limitCpu: "500m", limitMemory: "512Mi" };

/**
 * The AWS Load Balancer Controller injects pod readiness gates into pods of namespaces with this label
 * (controller docs, deploy/pod_readiness_gate.md): a rolling update waits until the new pod is healthy in the ALB's
 * target group before the old one goes, so no traffic lands on a terminating pod.
 */
export const READINESS_GATE_LABEL = { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } as const;

/** Pod Security Admission labels (https://kubernetes.io/docs/concepts/security/pod-security-admission/). */
export function podSecurityLabels(kubernetesVersion: string): Record<string, string> {
    const v = `v${kubernetesVersion}`;
    return {
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/enforce-version": v,
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": v,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": v,
    };
}

export class EnvironmentNamespace extends pulumi.ComponentResource {
    /** The namespace's name, osprey-<environment> (the Kustomize overlays hard-code it). */
    readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: EnvironmentNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        const { kubernetesProvider, albSecurityGroupId: _sg, ...summary } = args;
        super("osprey:environment:EnvironmentNamespace", name, summary, opts);
        const opt = { parent: this, provider: kubernetesProvider };
        const nsName = environmentNames(args.environment).namespace;
        const labels = { "app.kubernetes.io/part-of": "osprey-strike", "osprey/environment": args.environment };
        const ns = new k8s.core.v1.Namespace(
            name,
            {
                metadata: {
                    name: nsName,
                    labels: pulumi
                        .output(args.kubernetesVersion)
                        .apply((v) => ({ ...labels, ...podSecurityLabels(v), ...READINESS_GATE_LABEL })),
                    annotations: args.albSecurityGroupId
                        ? { [ALB_SECURITY_GROUP_ANNOTATION]: args.albSecurityGroupId }
                        : undefined,
                },
            },
            opt,
        );
        const inNs = { namespace: ns.metadata.name, labels };

        const q = args.quota;
        new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            {
                metadata: { name: "environment-quota", ...inNs },
                spec: {
                    hard: {
                        "requests.cpu": q.requestsCpu,
                        "requests.memory": q.requestsMemory,
                        "limits.cpu": q.limitsCpu,
                        "limits.memory": q.limitsMemory,
                        pods: String(q.pods),
                    },
                },
            },
            opt,
        );
        const d = args.containerDefaults ?? DEFAULT_CONTAINER;
        new k8s.core.v1.LimitRange(
            `${name}-defaults`,
            {
                metadata: { name: "container-defaults", ...inNs },
                spec: {
                    limits: [
                        {
                            type: "Container",
                            defaultRequest: { cpu: d.requestCpu, memory: d.requestMemory },
                            default: { cpu: d.limitCpu, memory: d.limitMemory },
                        },
                    ],
                },
            },
            opt,
        );

        // The ALB controller reads the OIDC client Secret named in each Ingress's auth-idp-oidc annotation from the
        // Ingress's own namespace (aws-load-balancer-controller #3858); it has no cluster-wide Secret access.
        const sa = args.albControllerServiceAccount ?? ALB_CONTROLLER_SERVICE_ACCOUNT;
        const role = new k8s.rbac.v1.Role(
            `${name}-alb-oidc-secrets`,
            {
                metadata: { name: "aws-load-balancer-controller-oidc-secrets", ...inNs },
                // Only the OIDC client Secret, by name (list/watch are authorized for it when the controller's watch carries
                // the fieldSelector metadata.name=alb-oidc, as its per-Secret informers do).
                rules: [
                    {
                        apiGroups: [""],
                        resources: ["secrets"],
                        resourceNames: [ALB_OIDC_SECRET],
                        verbs: ["get", "list", "watch"],
                    },
                ],
            },
            opt,
        );
        new k8s.rbac.v1.RoleBinding(
            `${name}-alb-oidc-secrets`,
            {
                metadata: { name: "aws-load-balancer-controller-oidc-secrets", ...inNs },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
                subjects: [{ kind: "ServiceAccount", name: sa.name, namespace: sa.namespace }],
            },
            opt,
        );

        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}
