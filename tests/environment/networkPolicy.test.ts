/**
 * The cluster's NetworkPolicies (the environments', components/environment/networkPolicy.ts, and the platform
 * namespaces', components/cluster/platformNetworkPolicy.ts), read with Kubernetes' NetworkPolicy semantics
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod selected by any policy of a
 * direction is isolated in that direction, and a connection is allowed when some rule of some policy of that direction
 * matches peer and port. A connection passes when the source's egress AND the destination's ingress admit it.
 *
 * Service addresses as the VPC CNI's network-policy agent sees them: it judges egress by the address the pod dialled,
 * before kube-proxy turns a ClusterIP into a backend, so an ipBlock rule is matched against the ClusterIP; a
 * pod/namespace selector rule matches a Service whose backends it selects (the agent's controller resolves the
 * selected pods' Services to their ClusterIPs). The destination's ingress sees the source pod.
 */
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { environmentNetworkPolicies } from "../../components/environment/networkPolicy";
import {
    ALB_CONTROLLER_PODS,
    ESO_WEBHOOK,
    platformNetworkPolicies,
} from "../../components/cluster/platformNetworkPolicy";
import { VPC_CNI_CONFIGURATION } from "../../components/cluster/eksCluster";
import {
    clusterServiceCidr,
    environmentDataSubnetCidrs,
    kubernetesServiceAddress,
    platformSubnetLayout,
    publicSubnetCidrs,
} from "../../lib/networkLayout";
import { Env } from "../../lib/naming";
import { sharedProgramRun } from "../../harness/sharedRuns";
import type { RecordedResource } from "../../harness/graph";
import { stackConfig } from "../graphHelpers";

// The default VPC (config default platform.network.cidrBlock) over two AZs, laid out as awsx lays it
// (lib/networkLayout.ts).
const VPC = "10.40.0.0/16";
const SERVICES = clusterServiceCidr(VPC);
const addressesOf = (env: Env) => ({
    vpcCidr: VPC,
    serviceCidr: SERVICES,
    publicSubnetCidrs: publicSubnetCidrs(VPC, 2),
    dataSubnetCidrs: environmentDataSubnetCidrs(VPC, env, 2),
});
type Spec = ReturnType<typeof environmentNetworkPolicies>[number]["spec"];
const platform = (["argocd", "external-secrets", "alb-controller"] as const).flatMap((g) =>
    platformNetworkPolicies(g, { vpcCidr: VPC, serviceCidr: SERVICES }),
);
const byNamespace: Record<string, { name: string; spec: Spec }[]> = {
    "osprey-main": environmentNetworkPolicies(addressesOf("main")),
    "osprey-demo": environmentNetworkPolicies(addressesOf("demo")),
};
for (const p of platform) (byNamespace[p.namespace] ??= []).push({ name: p.name, spec: p.spec });
const policies = byNamespace["osprey-main"];
/** Addresses as the VPC hands them out: an ALB node in a public subnet, a pod in a private one, each environment's RDS. */
const ALB_NODE = "10.40.128.77"; // public subnet of the second AZ, 10.40.128.0/22
const POD = "10.40.33.7"; // private subnet of the first AZ, 10.40.32.0/19: either environment's pods
const MAIN_DB = "10.40.255.40"; // main's data subnet 10.40.255.32/27
const DEMO_DB = "10.40.255.140"; // demo's data subnet 10.40.255.128/27
/** A control-plane network interface in a private subnet: where the API server calls webhooks from. */
const CONTROL_PLANE_ENI = "10.40.64.12";

type Peer = { namespace?: string; podLabels?: Record<string, string>; ip?: string };
type Rule = {
    from?: PeerRule[];
    to?: PeerRule[];
    ports?: { protocol?: string; port?: number }[];
};
type PeerRule = {
    podSelector?: { matchLabels?: Record<string, string> };
    namespaceSelector?: { matchLabels?: Record<string, string> };
    ipBlock?: { cidr: string; except?: string[] };
};

const ipNum = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
const inCidr = (ip: string, cidr: string) => {
    const [base, len] = cidr.split("/");
    const size = 2 ** (32 - Number(len));
    return Math.floor(ipNum(ip) / size) === Math.floor(ipNum(base) / size);
};
const labelsMatch = (sel: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>) =>
    Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/** Whether a peer matches one `from`/`to` entry, seen from a pod in `own` namespace. */
function peerMatches(rule: PeerRule, peer: Peer, own: string): boolean {
    if (rule.ipBlock)
        return (
            !!peer.ip &&
            inCidr(peer.ip, rule.ipBlock.cidr) &&
            !(rule.ipBlock.except ?? []).some((e) => inCidr(peer.ip!, e))
        );
    if (!peer.namespace) return false;
    const nsOk = rule.namespaceSelector
        ? labelsMatch(rule.namespaceSelector, { "kubernetes.io/metadata.name": peer.namespace })
        : peer.namespace === own;
    return nsOk && labelsMatch(rule.podSelector, peer.podLabels ?? {});
}

/** One side of a connection: the policies of `own` that select the pod (labels `self`) in this direction. */
function sideAllows(
    own: string,
    self: Record<string, string>,
    direction: "Ingress" | "Egress",
    peer: Peer,
    port: number,
    protocol: string,
): boolean {
    const ofDirection = (byNamespace[own] ?? []).filter(
        (p) => (p.spec.policyTypes as string[]).includes(direction) && labelsMatch(p.spec.podSelector as never, self),
    );
    if (ofDirection.length === 0) return true; // not isolated in this direction
    const key = direction === "Ingress" ? "ingress" : "egress";
    return ofDirection.some((p) =>
        ((p.spec[key] ?? []) as Rule[]).some((r) => {
            const peers = (direction === "Ingress" ? r.from : r.to) ?? [];
            const portOk =
                !r.ports ||
                r.ports.some((x) => (x.protocol ?? "TCP") === protocol && (x.port === undefined || x.port === port));
            return portOk && (peers.length === 0 || peers.some((x) => peerMatches(x, peer, own)));
        }),
    );
}

/** An environment pod's own side only (the tests of one namespace's rules). */
function allowed(
    direction: "Ingress" | "Egress",
    peer: Peer,
    port: number,
    protocol = "TCP",
    own: "osprey-main" | "osprey-demo" = "osprey-main",
): boolean {
    expect(
        byNamespace[own].some(
            (p) => (p.spec.policyTypes as string[]).includes(direction) && JSON.stringify(p.spec.podSelector) === "{}",
        ),
    ).toBe(true);
    return sideAllows(own, {}, direction, peer, port, protocol);
}

type Pod = { namespace: string; labels?: Record<string, string>; ip: string };
/**
 * A whole connection: `from` (a pod, or a host outside the cluster's pods: namespace "") dials `to` on `port`, at the
 * pod's own address or through a Service's ClusterIP (`via`), or an address outside the cluster (`to.namespace` "").
 */
function connects(from: Pod, to: Pod, port: number, via?: string, protocol = "TCP"): boolean {
    const dialled: Peer = { namespace: to.namespace || undefined, podLabels: to.labels, ip: via ?? to.ip };
    const egress = !from.namespace || sideAllows(from.namespace, from.labels ?? {}, "Egress", dialled, port, protocol);
    const source: Peer = { namespace: from.namespace || undefined, podLabels: from.labels, ip: from.ip };
    const ingress = !to.namespace || sideAllows(to.namespace, to.labels ?? {}, "Ingress", source, port, protocol);
    return egress && ingress;
}

/** The cluster's Services and their pods, at addresses of the Service range. */
const svc = (n: number) => `${SERVICES.split(".").slice(0, 2).join(".")}.${Math.floor(n / 256)}.${n % 256}`;
const API_SERVICE = kubernetesServiceAddress(SERVICES);
const DEMO_POD: Pod = { namespace: "osprey-demo", labels: { app: "web" }, ip: POD };
const MAIN_POD: Pod = { namespace: "osprey-main", labels: { app: "api" }, ip: "10.40.34.9" };
const ARGOCD_SERVER: Pod = {
    namespace: "osprey-argocd",
    labels: { "app.kubernetes.io/name": "argocd-server" },
    ip: "10.40.40.20",
};
const ARGOCD_REPO_SERVER: Pod = {
    namespace: "osprey-argocd",
    labels: { "app.kubernetes.io/name": "argocd-repo-server" },
    ip: "10.40.40.21",
};
const ESO_WEBHOOK_POD: Pod = { namespace: "external-secrets", labels: ESO_WEBHOOK.labels, ip: "10.40.41.5" };
const ESO_CONTROLLER: Pod = {
    namespace: "external-secrets",
    labels: { "app.kubernetes.io/name": "external-secrets" },
    ip: "10.40.41.6",
};
const ALB_CONTROLLER: Pod = { namespace: "kube-system", labels: ALB_CONTROLLER_PODS.labels, ip: "10.40.42.7" };
const KUBE_DNS: Pod = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, ip: "10.40.42.2" };
/** The API server behind the `kubernetes` Service: control-plane network interfaces, not a pod. */
const API_SERVER: Pod = { namespace: "", ip: CONTROL_PLANE_ENI };
const CONTROL_PLANE: Pod = { namespace: "", ip: CONTROL_PLANE_ENI };
const GITHUB: Pod = { namespace: "", ip: "140.82.112.3" };
const AWS_API: Pod = { namespace: "", ip: "52.94.0.1" };

it("are valid NetworkPolicies (kubernetes-models schema), the first denying everything both ways", () => {
    for (const p of policies)
        expect(() =>
            new NetworkPolicy({
                metadata: { name: p.name, namespace: "osprey-main" },
                spec: p.spec as never,
            }).validate(),
        ).not.toThrow();
    expect(policies[0]).toEqual({
        name: "default-deny",
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
});

it("admits the environment's own pods and the ALB (from the public subnets on the app ports) and nothing else", () => {
    expect(platformSubnetLayout(VPC, 2).find((s) => s.type === "Private")!.cidrBlock).toBe("10.40.32.0/19");
    expect(allowed("Ingress", { namespace: "osprey-main" }, 8080)).toBe(true);
    expect(allowed("Ingress", { ip: ALB_NODE }, 8080)).toBe(true);
    expect(allowed("Ingress", { ip: "10.40.1.10" }, 3000)).toBe(true);
    expect(allowed("Ingress", { namespace: "osprey-demo" }, 8080)).toBe(false);
    expect(allowed("Ingress", { namespace: "kube-system" }, 8080)).toBe(false);
    expect(allowed("Ingress", { ip: ALB_NODE }, 22)).toBe(false);
    expect(allowed("Ingress", { ip: "203.0.113.5" }, 8080)).toBe(false);
});

it("lets pods out to DNS, their database and cache, and HTTPS outside the VPC; nothing else", () => {
    expect(allowed("Egress", { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }, 53, "UDP")).toBe(true);
    expect(allowed("Egress", { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }, 53, "TCP")).toBe(true);
    expect(allowed("Egress", { namespace: "kube-system", podLabels: { "k8s-app": "other" } }, 53, "UDP")).toBe(false);
    expect(allowed("Egress", { ip: MAIN_DB }, 5432)).toBe(true);
    expect(allowed("Egress", { ip: MAIN_DB }, 6379)).toBe(true);
    expect(allowed("Egress", { ip: POD }, 5432)).toBe(false);
    expect(allowed("Egress", { ip: "52.94.0.1" }, 443)).toBe(true);
    expect(allowed("Egress", { ip: "52.94.0.1" }, 80)).toBe(false);
    // Instance metadata (IMDS) is port 80 on a link-local address: not reachable from environment pods.
    expect(allowed("Egress", { ip: "169.254.169.254" }, 80)).toBe(false);
    expect(allowed("Egress", { namespace: "osprey-demo" }, 8080)).toBe(false);
});

it("separates the environments: a pod of the other one reaches neither the app ports nor the database and cache", () => {
    // Both environments' pods draw addresses from the same private subnets: main's pods do not admit one on the app ports,
    for (const own of ["osprey-main", "osprey-demo"] as const)
        for (const port of [8080, 3000]) expect(allowed("Ingress", { ip: POD }, port, "TCP", own)).toBe(false);
    // and each environment's pods may open 5432/6379 to their own data subnets only.
    for (const port of [5432, 6379]) {
        expect(allowed("Egress", { ip: DEMO_DB }, port, "TCP", "osprey-demo")).toBe(true);
        expect(allowed("Egress", { ip: MAIN_DB }, port, "TCP", "osprey-demo")).toBe(false);
        expect(allowed("Egress", { ip: DEMO_DB }, port, "TCP", "osprey-main")).toBe(false);
    }
});

it("refuses to build a rule from an empty address list (an empty peer list would admit every peer)", () => {
    expect(() => environmentNetworkPolicies({ ...addressesOf("main"), dataSubnetCidrs: [] })).toThrow(
        /dataSubnetCidrs must each name at least one block/,
    );
    expect(() => environmentNetworkPolicies({ ...addressesOf("main"), publicSubnetCidrs: [] })).toThrow(
        /publicSubnetCidrs/,
    );
});

it("is enforced by the VPC CNI's network-policy agent, a managed add-on setting", () => {
    expect(VPC_CNI_CONFIGURATION).toEqual({ enableNetworkPolicy: "true" });
});

describe("Service addresses and the platform's namespaces", () => {
    // ClusterIPs of the Services an attacker in a demo pod would dial (any address of the range: the rules name blocks).
    const ARGOCD_SERVER_SERVICE = svc(0x1234);
    const ESO_WEBHOOK_SERVICE = svc(0x2345);
    const ALB_WEBHOOK_SERVICE = svc(0x3456);
    const KUBE_DNS_SERVICE = svc(10);

    it("sets the Service range EKS would pick for the default VPC (10.40.0.0/16), outside the VPC, the API server at its first address", () => {
        expect(SERVICES).toBe("172.20.0.0/16");
        expect(API_SERVICE).toBe("172.20.0.1");
        expect(clusterServiceCidr("192.168.0.0/16")).toBe("10.100.0.0/16");
    });

    it("refuses a demo pod argocd-server, by its Service on 443 and by its pod address", () => {
        expect(connects(DEMO_POD, ARGOCD_SERVER, 443, ARGOCD_SERVER_SERVICE)).toBe(false);
        expect(connects(DEMO_POD, ARGOCD_SERVER, 8080)).toBe(false);
        // Each side refuses on its own: the demo pod's egress, and argocd-server's ingress from a pod not held by policy.
        expect(sideAllows("osprey-demo", {}, "Egress", { ip: ARGOCD_SERVER_SERVICE }, 443, "TCP")).toBe(false);
        expect(connects({ namespace: "kube-system", ip: "10.40.42.30" }, ARGOCD_SERVER, 8080)).toBe(false);
    });

    it("refuses a demo pod the API server's `kubernetes` Service and the controllers' webhooks", () => {
        for (const pod of [DEMO_POD, MAIN_POD]) {
            expect(connects(pod, API_SERVER, 443, API_SERVICE)).toBe(false);
            expect(connects(pod, ESO_WEBHOOK_POD, 443, ESO_WEBHOOK_SERVICE)).toBe(false);
            expect(connects(pod, ESO_WEBHOOK_POD, ESO_WEBHOOK.port)).toBe(false);
            expect(connects(pod, ALB_CONTROLLER, 443, ALB_WEBHOOK_SERVICE)).toBe(false);
            expect(connects(pod, ALB_CONTROLLER, ALB_CONTROLLER_PODS.webhookPort)).toBe(false);
        }
    });

    it("keeps what works: DNS by its Service, HTTPS to the internet, the webhooks from the control plane", () => {
        expect(connects(DEMO_POD, KUBE_DNS, 53, KUBE_DNS_SERVICE, "UDP")).toBe(true);
        expect(connects(DEMO_POD, AWS_API, 443)).toBe(true);
        expect(connects(CONTROL_PLANE, ESO_WEBHOOK_POD, ESO_WEBHOOK.port)).toBe(true);
        expect(connects(CONTROL_PLANE, ALB_CONTROLLER, ALB_CONTROLLER_PODS.webhookPort)).toBe(true);
        // ...and only the webhook: not the controller's other ports, not ESO's other pods.
        expect(connects(CONTROL_PLANE, ALB_CONTROLLER, 8080)).toBe(false);
        expect(connects(CONTROL_PLANE, ESO_CONTROLLER, ESO_WEBHOOK.port)).toBe(false);
        expect(connects(CONTROL_PLANE, ARGOCD_SERVER, 8080)).toBe(false);
    });

    it("lets the platform's pods reach the API server, DNS, each other in their namespace, and HTTPS outside", () => {
        for (const pod of [ARGOCD_SERVER, ARGOCD_REPO_SERVER, ESO_CONTROLLER, ESO_WEBHOOK_POD, ALB_CONTROLLER]) {
            expect([pod.labels, connects(pod, API_SERVER, 443, API_SERVICE)]).toEqual([pod.labels, true]);
            expect(connects(pod, KUBE_DNS, 53, KUBE_DNS_SERVICE, "UDP")).toBe(true);
            expect(connects(pod, AWS_API, 443)).toBe(true);
            // Another Service of the range is not the API server.
            expect(connects(pod, ARGOCD_SERVER, 443, ARGOCD_SERVER_SERVICE)).toBe(pod.namespace === "osprey-argocd");
            // Their own egress refuses any other Service address on 443 (the catch-all excepts the range).
            expect(sideAllows(pod.namespace, pod.labels!, "Egress", { ip: svc(0x4567) }, 443, "TCP")).toBe(false);
            // Nor the environments' pods.
            expect(connects(pod, MAIN_POD, 8080)).toBe(false);
        }
        expect(connects(ARGOCD_REPO_SERVER, GITHUB, 443)).toBe(true);
        expect(connects(ARGOCD_REPO_SERVER, ARGOCD_SERVER, 8080)).toBe(true);
        expect(connects(ARGOCD_REPO_SERVER, GITHUB, 22)).toBe(false);
    });

    it("holds a default deny in osprey-argocd and external-secrets and on the controller's pods", () => {
        for (const ns of ["osprey-argocd", "external-secrets"])
            expect(byNamespace[ns]).toContainEqual({
                name: "default-deny",
                spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
            });
        expect(byNamespace["kube-system"]).toContainEqual({
            name: "alb-controller-default-deny",
            spec: { podSelector: { matchLabels: ALB_CONTROLLER_PODS.labels }, policyTypes: ["Ingress", "Egress"] },
        });
        for (const p of platform)
            expect(() =>
                new NetworkPolicy({
                    metadata: { name: p.name, namespace: p.namespace },
                    spec: p.spec as never,
                }).validate(),
            ).not.toThrow();
    });
});

describe("the program's graphs", () => {
    let graphs: RecordedResource[][];
    beforeAll(async () => {
        graphs = [(await sharedProgramRun("main")).resources, (await sharedProgramRun("demo")).resources];
    }, 600_000);
    const vpc = stackConfig("main").platform!.network.cidrBlock;

    it("set the cluster's Service range explicitly (kubernetesNetworkConfig), the one the policies except", () => {
        const clusters = graphs[0].filter((r) => r.type === "aws:eks/cluster:Cluster");
        expect(clusters).toHaveLength(1);
        expect(clusters[0].inputs.kubernetesNetworkConfig).toEqual({
            serviceIpv4Cidr: clusterServiceCidr(vpc),
            ipFamily: "ipv4",
        });
    });

    it("except the Service range and the VPC from every egress block that covers them; no IPv6 catch-all", () => {
        const service = clusterServiceCidr(vpc);
        let seen = 0;
        for (const resources of graphs)
            for (const np of resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")) {
                const spec = np.inputs.spec as { egress?: Rule[] };
                for (const rule of spec.egress ?? [])
                    for (const peer of rule.to ?? []) {
                        if (!peer.ipBlock) continue;
                        const { cidr, except = [] } = peer.ipBlock;
                        expect([np.name, cidr.includes(":")]).toEqual([np.name, false]);
                        const [base, len] = service.split("/");
                        if (inCidr(base, cidr) && Number(cidr.split("/")[1]) <= Number(len)) {
                            seen++;
                            // The whole range is excepted, and the VPC with it.
                            expect([
                                np.name,
                                except.some((e) => inCidr(base, e) && Number(e.split("/")[1]) <= Number(len)),
                            ]).toEqual([np.name, true]);
                            expect([np.name, except.includes(vpc)]).toEqual([np.name, true]);
                        }
                    }
            }
        // main: its environment's rule and the three platform groups'; demo: its environment's.
        expect(seen).toBe(5);
    });
});
