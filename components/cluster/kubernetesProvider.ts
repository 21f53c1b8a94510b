/**
 * The ONE way this program talks to the cluster: an explicit Kubernetes provider built from the EKS
 * kubeconfig. The owning stack passes `cluster.kubeconfig`; the other stack passes the `kubeconfig` output
 * it reads through the platform StackReference. Every Kubernetes resource takes `{ provider }` explicitly:
 * an ambient ~/.kube/config must never decide which cluster a namespace lands in.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterNameOf, throughTunnel } from "./kubeconfig";

export interface KubernetesProviderArgs {
    /** The cluster's kubeconfig as JSON (secret: it names the cluster's endpoint and CA). */
    kubeconfig: pulumi.Input<string>;
    /**
     * Reach the private API through a local tunnel, e.g. https://127.0.0.1:8443 (the jumpbox's SSM port forward);
     * "" (default) when the program runs where the private endpoint resolves and routes (inside the VPC).
     */
    apiTunnelUrl?: string;
}

export function createKubernetesProvider(
    name: string,
    args: KubernetesProviderArgs,
    opts?: pulumi.CustomResourceOptions,
): k8s.Provider {
    const kubeconfig = pulumi.output(args.kubeconfig);
    return new k8s.Provider(
        name,
        {
            kubeconfig: pulumi.secret(kubeconfig.apply((k) => throughTunnel(k, args.apiTunnelUrl ?? ""))),
            // The cluster's name identifies it: switching between tunnel and direct access changes the server
            // URL, which would otherwise make the provider replace every Kubernetes resource it manages.
            // The name is not secret (the kubeconfig is only marked so): keep it readable in diffs.
            clusterIdentifier: pulumi.unsecret(kubeconfig.apply(clusterNameOf)),
            enableServerSideApply: true,
        },
        opts,
    );
}
