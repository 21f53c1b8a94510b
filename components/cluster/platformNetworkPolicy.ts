/**
 * NetworkPolicies of the platform's own namespaces, enforced by the same VPC CNI network-policy agent as the
 * environments' (components/environment/networkPolicy.ts). A pod in an environment namespace is already held by its
 * own egress rules; these are the other side, so that reaching a platform pod takes two mistakes, not one:
 *
 * - osprey-argocd (Argo CD, Image Updater): default deny both ways; its pods talk to each other (server, repo server,
 *   controller, Redis, Dex), to kube-dns, to the API server and out on 443 (GitHub, ECR, Google's SAML). Nothing from
 *   outside the namespace reaches argocd-server: operators come by `kubectl port-forward`, which the kubelet opens
 *   inside the pod's own network namespace, where no NetworkPolicy applies.
 * - external-secrets (ESO's controller, cert controller and webhook): the same egress; ingress only to the webhook's
 *   port from the VPC, where the control plane's network interfaces call it from.
 * - kube-system, the AWS Load Balancer Controller's pods only (selected by the chart's name label: CoreDNS and the
 *   node agents share the namespace and are not ours to deny): the same egress; ingress only to its webhook port from
 *   the VPC (the pod readiness-gate and Ingress/TargetGroupBinding webhooks).
 *
 * "The API server" is the `kubernetes` Service's ClusterIP (the first address of the Service range): the agent judges
 * the address the pod dialled, before kube-proxy rewrites it, and in-cluster clients dial that address. "Out on 443"
 * excepts the VPC and the Service range, as the environments' rule does. A webhook's caller is the control plane from
 * its network interfaces in the VPC; environment pods cannot be that caller, since their own egress refuses the VPC
 * and the Service range on every port but DNS and their data.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ARGOCD_NAMESPACE } from "../../lib/naming";
import { kubernetesServiceAddress } from "../../lib/networkLayout";
import { ALB_CONTROLLER_SERVICE_ACCOUNT } from "./ingressAdmission";
import { KUBE_DNS_EGRESS } from "../environment/networkPolicy";

/** The ESO chart's webhook (values.yaml webhook.port, helpers external-secrets-webhook.selectorLabels at 2.9.0). */
export const ESO_WEBHOOK = { labels: { "app.kubernetes.io/name": "external-secrets-webhook" }, port: 10250 };
/** The Load Balancer Controller's pods (chart selectorLabels) and webhook (values.yaml webhookBindPort, default 9443). */
export const ALB_CONTROLLER_PODS = {
    labels: { "app.kubernetes.io/name": "aws-load-balancer-controller" },
    webhookPort: 9443,
};
export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";

export interface PlatformAddresses {
    vpcCidr: string;
    /** The cluster's Service range (lib/networkLayout.ts clusterServiceCidr). */
    serviceCidr: string;
}

export type PlatformPolicy = {
    namespace: string;
    name: string;
    spec: k8s.types.input.networking.v1.NetworkPolicySpec;
};

/** The platform namespaces each group of policies is for. */
export type PlatformNamespaceGroup = "argocd" | "external-secrets" | "alb-controller";

/** The policies of one group (pure). */
export function platformNetworkPolicies(group: PlatformNamespaceGroup, a: PlatformAddresses): PlatformPolicy[] {
    const tcp = (port: number) => ({ protocol: "TCP", port });
    const apiServer = `${kubernetesServiceAddress(a.serviceCidr)}/32`;
    const egressRules = [
        KUBE_DNS_EGRESS,
        { to: [{ ipBlock: { cidr: apiServer } }], ports: [tcp(443)] },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [a.vpcCidr, a.serviceCidr] } }], ports: [tcp(443)] },
    ];
    const fromControlPlane = (podSelector: { matchLabels: Record<string, string> }, port: number) => ({
        podSelector,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: a.vpcCidr } }], ports: [tcp(port)] }],
    });
    const namespaceWide = (namespace: string, extra: PlatformPolicy[]): PlatformPolicy[] => [
        { namespace, name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            namespace,
            name: "allow-same-namespace",
            spec: {
                podSelector: {},
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ podSelector: {} }] }],
                egress: [{ to: [{ podSelector: {} }] }],
            },
        },
        {
            namespace,
            name: "allow-dns-api-https",
            spec: { podSelector: {}, policyTypes: ["Egress"], egress: egressRules },
        },
        ...extra,
    ];
    switch (group) {
        case "argocd":
            return namespaceWide(ARGOCD_NAMESPACE, []);
        case "external-secrets":
            return namespaceWide(EXTERNAL_SECRETS_NAMESPACE, [
                {
                    namespace: EXTERNAL_SECRETS_NAMESPACE,
                    name: "allow-webhook",
                    spec: fromControlPlane({ matchLabels: ESO_WEBHOOK.labels }, ESO_WEBHOOK.port),
                },
            ]);
        case "alb-controller": {
            const namespace = ALB_CONTROLLER_SERVICE_ACCOUNT.namespace;
            const podSelector = { matchLabels: ALB_CONTROLLER_PODS.labels };
            return [
                {
                    namespace,
                    name: "alb-controller-default-deny",
                    spec: { podSelector, policyTypes: ["Ingress", "Egress"] },
                },
                {
                    namespace,
                    name: "alb-controller-egress",
                    spec: { podSelector, policyTypes: ["Egress"], egress: egressRules },
                },
                {
                    namespace,
                    name: "alb-controller-webhook",
                    spec: fromControlPlane(podSelector, ALB_CONTROLLER_PODS.webhookPort),
                },
            ];
        }
    }
}

export interface PlatformNetworkPolicyArgs {
    groups: PlatformNamespaceGroup[];
    addresses: pulumi.Input<PlatformAddresses>;
    kubernetesProvider: k8s.Provider;
}

export class PlatformNetworkPolicy extends pulumi.ComponentResource {
    constructor(name: string, args: PlatformNetworkPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:cluster:PlatformNetworkPolicy", name, { groups: args.groups }, opts);
        const labels = { "app.kubernetes.io/part-of": "osprey-strike" };
        const placeholder = { vpcCidr: "0.0.0.0/32", serviceCidr: "0.0.0.0/16" };
        for (const group of args.groups) {
            const policies = pulumi.output(args.addresses).apply((a) => platformNetworkPolicies(group, a));
            // Names and namespaces are fixed (not from the addresses): one resource each.
            for (const fixed of platformNetworkPolicies(group, placeholder)) {
                new k8s.networking.v1.NetworkPolicy(
                    `${name}-${fixed.namespace}-${fixed.name}`,
                    {
                        metadata: { name: fixed.name, namespace: fixed.namespace, labels },
                        spec: policies.apply(
                            (ps) => ps.find((p) => p.namespace === fixed.namespace && p.name === fixed.name)!.spec,
                        ),
                    },
                    { parent: this, provider: args.kubernetesProvider },
                );
            }
        }
        this.registerOutputs({});
    }
}
