/**
 * Pure helpers over the kubeconfig @pulumi/eks generates (clusters[0].cluster.server, an exec user running
 * `aws --region <r> eks get-token --cluster-name <name>`). No Pulumi imports.
 */

interface KubeconfigShape {
    clusters: {
        name: string;
        cluster: { server: string; "certificate-authority-data"?: string; "tls-server-name"?: string };
    }[];
    users: { name: string; user: { exec?: { args?: string[] } } }[];
    [k: string]: unknown;
}

function parse(json: string): KubeconfigShape {
    const k = JSON.parse(json) as KubeconfigShape;
    if (!Array.isArray(k.clusters) || k.clusters.length !== 1 || !Array.isArray(k.users)) {
        throw new Error("kubeconfig: expected exactly one cluster and a users list (the shape @pulumi/eks generates)");
    }
    return k;
}

/** The EKS cluster name the kubeconfig's token command asks for (`--cluster-name <name>`). */
export function clusterNameOf(kubeconfigJson: string): string {
    for (const u of parse(kubeconfigJson).users) {
        const args = u.user.exec?.args ?? [];
        const i = args.indexOf("--cluster-name");
        if (i >= 0 && args[i + 1]) return args[i + 1];
    }
    throw new Error("kubeconfig: no `aws eks get-token --cluster-name <name>` exec user; is this an EKS kubeconfig?");
}

/**
 * Points the kubeconfig at a local tunnel (the jumpbox's SSM port forward) while TLS still verifies the
 * real API server name: `tls-server-name` keeps the certificate check honest. Empty tunnel: unchanged.
 */
export function throughTunnel(kubeconfigJson: string, tunnelUrl: string): string {
    if (tunnelUrl === "") return kubeconfigJson;
    const k = parse(kubeconfigJson);
    const cluster = k.clusters[0].cluster;
    const host = new URL(cluster.server).hostname;
    k.clusters[0].cluster = { ...cluster, server: tunnelUrl, "tls-server-name": host };
    return JSON.stringify(k);
}
