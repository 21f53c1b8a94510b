/**
 * Network policy of one environment namespace (issue 12, point 2), enforced by the VPC CNI's network-policy agent
 * (enabled as a managed add-on setting in components/cluster/eksCluster.ts). Default deny, both directions, then:
 *
 * - within the namespace: any pod to any pod (the environment's own apps talk to each other);
 * - DNS: to kube-dns in kube-system, UDP and TCP 53;
 * - ALB -> pods (target type ip): the apps' container ports (8080 api/mcp/mock, 3000 web) from the VPC block, where
 *   the ALB's nodes live (public subnets);
 * - pods -> their database and cache: TCP 5432 and 6379 to the VPC block (RDS and ElastiCache addresses move on
 *   failover, so no narrower block is stable);
 * - pods -> AWS APIs and the internet: TCP 443 anywhere outside the VPC block (STS for IRSA, S3, Secrets Manager,
 *   ECR, Render/Twilio/Keycloak), through the NAT gateway;
 * - nothing from another namespace by selector: osprey-main and osprey-demo do not select each other.
 *
 * What this does NOT separate (README "Isolation"): the VPC-block rules are by address, and pods of both environments
 * draw addresses from the same private subnets, so a demo pod can still reach main's app ports and main's database port
 * by pod/instance IP. Those are closed by the ALB security group and the databases' own credentials today, and need
 * security groups for pods (one SG per environment, admitted by its RDS/Valkey only) to close at the network layer.
 * External Secrets and Argo CD run in their own namespaces and call the API server, not the pods: they need no allow here.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Env, environmentNames } from "../../lib/naming";

/** The containers' listening ports (kubernetes/<app>/base/deployment.yaml, port name http). */
export const APP_PORTS = [8080, 3000] as const;
export const DATABASE_PORT = 5432;
export const CACHE_PORT = 6379;

type Policy = { name: string; spec: k8s.types.input.networking.v1.NetworkPolicySpec };

/** The namespace's NetworkPolicies (pure), given the VPC block. */
export function environmentNetworkPolicies(vpcCidr: string): Policy[] {
    const tcp = (port: number) => ({ protocol: "TCP", port });
    return [
        { name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-same-namespace",
            spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
        },
        {
            name: "allow-dns",
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [
                    {
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
                    },
                ],
            },
        },
        {
            name: "allow-alb",
            spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ ipBlock: { cidr: vpcCidr } }], ports: APP_PORTS.map(tcp) }] },
        },
        {
            name: "allow-data",
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: vpcCidr } }], ports: [tcp(DATABASE_PORT), tcp(CACHE_PORT)] }],
            },
        },
        {
            name: "allow-https-out",
            spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [vpcCidr] } }], ports: [tcp(443)] }] },
        },
    ];
}

export interface EnvironmentNetworkPolicyArgs {
    environment: Env;
    vpcCidr: pulumi.Input<string>;
    kubernetesProvider: k8s.Provider;
}

export class EnvironmentNetworkPolicy extends pulumi.ComponentResource {
    constructor(name: string, args: EnvironmentNetworkPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:environment:EnvironmentNetworkPolicy", name, { environment: args.environment }, opts);
        const namespace = environmentNames(args.environment).namespace;
        const labels = { "app.kubernetes.io/part-of": "osprey-strike", "osprey/environment": args.environment };
        const policies = pulumi.output(args.vpcCidr).apply(environmentNetworkPolicies);
        // The names are fixed (not from the VPC block), so each policy is its own resource.
        for (const fixed of environmentNetworkPolicies("0.0.0.0/32")) {
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
