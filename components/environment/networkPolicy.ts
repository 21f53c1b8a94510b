/**
 * Network policy of one environment namespace (docs/requirements.md, Isolation: network), enforced by the VPC CNI's
 * network-policy agent
 * (enabled as a managed add-on setting in components/cluster/eksCluster.ts). Default deny, both directions, then:
 *
 * - within the namespace: any pod to any pod (the environment's own apps talk to each other);
 * - DNS: to kube-dns in kube-system, UDP and TCP 53;
 * - ALB -> pods (target type ip): the apps' container ports (8080 api/mcp/mock, 3000 web) from the PUBLIC subnets
 *   only, where the ALBs' nodes take their addresses; pods (private subnets) of another namespace do not match;
 * - pods -> their database and cache: TCP 5432 and 6379 to the environment's OWN data subnets only
 *   (components/platform/dataSubnets.ts). RDS and ElastiCache addresses move on failover, but never out of their
 *   subnet group, so the subnets are the narrowest stable peer; the other environment's data subnets do not match;
 * - pods -> AWS APIs and the internet: TCP 443 anywhere outside the VPC block AND outside the cluster's Service range
 *   (STS for IRSA, S3, Secrets Manager, ECR, Render/Twilio/Keycloak), through the NAT gateway. The Service range is
 *   excepted because the network-policy agent judges a connection by the address the pod dialled, before kube-proxy
 *   turns a ClusterIP into a pod or control-plane address: without the exception `0.0.0.0/0` admits every Service on
 *   443 (argocd-server, the API server's `kubernetes` Service, the controllers' webhooks). Environment pods need no
 *   Service outside their namespace but kube-dns (its own rule) and never the API server;
 * - nothing from another namespace by selector: osprey-main and osprey-demo do not select each other;
 * - the kubelet's probes need no rule: they come from the pod's own node, whose IP the agent always admits
 *   (aws/aws-network-policy-agent#65, as Kubernetes' NetworkPolicy semantics require).
 *
 * Why policy egress and not security groups for pods (either would separate the environments): SGP needs trunk ENIs,
 * which no t-family
 * instance has (EKS user guide, "Security groups for Pods", Considerations); the default nodes are t3.medium. The
 * trade (docs/isolation.md): the databases' security groups still admit the node group, so the separation is the
 * agent's, on the environments' pods; pods of the platform's own namespaces (kube-system, osprey-argocd,
 * external-secrets) are not under these policies, and hostNetwork pods are refused by the namespaces' Pod Security
 * level, not by this. External Secrets and Argo CD call the API server, not the pods: they need no allow here.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Env, environmentNames } from "../../lib/naming";

/** The containers' listening ports (kubernetes/<app>/base/deployment.yaml, port name http). */
export const APP_PORTS = [8080, 3000] as const;

/** Egress to the cluster's DNS (CoreDNS, `k8s-app: kube-dns` in kube-system), UDP and TCP 53: every namespace needs it. */
export const KUBE_DNS_EGRESS = {
    to: [
        {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
    ],
    ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ],
};
export const DATABASE_PORT = 5432;
export const CACHE_PORT = 6379;

type Policy = { name: string; spec: k8s.types.input.networking.v1.NetworkPolicySpec };

/** The addresses the policies name. */
export interface EnvironmentAddresses {
    /** The VPC block: HTTPS out goes anywhere but here. */
    vpcCidr: string;
    /** The cluster's Service range (lib/networkLayout.ts clusterServiceCidr): nor here. */
    serviceCidr: string;
    /** The public subnets (PlatformOutputs.publicSubnetCidrs): the ALB's nodes. */
    publicSubnetCidrs: string[];
    /** The environment's own data subnets (PlatformOutputs.dataSubnetCidrs[env]): its RDS and Valkey. */
    dataSubnetCidrs: string[];
}

/** The namespace's NetworkPolicies (pure), given the addresses. */
export function environmentNetworkPolicies(addresses: EnvironmentAddresses): Policy[] {
    const { vpcCidr, serviceCidr, publicSubnetCidrs, dataSubnetCidrs } = addresses;
    if (publicSubnetCidrs.length === 0 || dataSubnetCidrs.length === 0) {
        // An empty `from`/`to` list would mean "every peer": never let a missing address widen a rule.
        throw new Error(
            "environmentNetworkPolicies: publicSubnetCidrs and dataSubnetCidrs must each name at least one block",
        );
    }
    const tcp = (port: number) => ({ protocol: "TCP", port });
    const blocks = (cidrs: string[]) => cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    return [
        { name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-same-namespace",
            spec: {
                podSelector: {},
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ podSelector: {} }] }],
                egress: [{ to: [{ podSelector: {} }] }],
            },
        },
        {
            name: "allow-dns",
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [KUBE_DNS_EGRESS],
            },
        },
        {
            name: "allow-alb",
            spec: {
                podSelector: {},
                policyTypes: ["Ingress"],
                ingress: [{ from: blocks(publicSubnetCidrs), ports: APP_PORTS.map(tcp) }],
            },
        },
        {
            name: "allow-data",
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: blocks(dataSubnetCidrs), ports: [tcp(DATABASE_PORT), tcp(CACHE_PORT)] }],
            },
        },
        {
            name: "allow-https-out",
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [
                    { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [vpcCidr, serviceCidr] } }], ports: [tcp(443)] },
                ],
            },
        },
    ];
}

export interface EnvironmentNetworkPolicyArgs {
    environment: Env;
    addresses: pulumi.Input<EnvironmentAddresses>;
    kubernetesProvider: k8s.Provider;
}

export class EnvironmentNetworkPolicy extends pulumi.ComponentResource {
    constructor(name: string, args: EnvironmentNetworkPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:environment:EnvironmentNetworkPolicy", name, { environment: args.environment }, opts);
        const namespace = environmentNames(args.environment).namespace;
        const labels = { "app.kubernetes.io/part-of": "osprey-strike", "osprey/environment": args.environment };
        const policies = pulumi
            .output(args.addresses)
            .apply((a) => environmentNetworkPolicies(a as EnvironmentAddresses));
        // The names are fixed (not from the addresses), so each policy is its own resource.
        const placeholder = {
            vpcCidr: "0.0.0.0/32",
            serviceCidr: "0.0.0.0/32",
            publicSubnetCidrs: ["0.0.0.0/32"],
            dataSubnetCidrs: ["0.0.0.0/32"],
        };
        for (const fixed of environmentNetworkPolicies(placeholder)) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${fixed.name}`,
                {
                    metadata: { name: fixed.name, namespace, labels },
                    spec: policies.apply((ps) => ps.find((p) => p.name === fixed.name)!.spec),
                },
                { parent: this, provider: args.kubernetesProvider },
            );
        }
        this.registerOutputs({});
    }
}
