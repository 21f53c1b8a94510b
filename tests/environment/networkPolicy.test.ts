/**
 * The environment namespaces' NetworkPolicies (components/environment/networkPolicy.ts), read with Kubernetes'
 * NetworkPolicy semantics (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod selected
 * by any policy of a direction is isolated in that direction, and a connection is allowed when some rule of some
 * policy of that direction matches peer and port. Peers here are described by namespace and/or address.
 */
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { environmentNetworkPolicies } from "../../components/environment/networkPolicy";
import { VPC_CNI_CONFIGURATION } from "../../components/cluster/eksCluster";

const VPC = "10.40.0.0/16";
const policies = environmentNetworkPolicies(VPC);

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
    if (rule.ipBlock) return !!peer.ip && inCidr(peer.ip, rule.ipBlock.cidr) && !(rule.ipBlock.except ?? []).some((e) => inCidr(peer.ip!, e));
    if (!peer.namespace) return false;
    const nsOk = rule.namespaceSelector ? labelsMatch(rule.namespaceSelector, { "kubernetes.io/metadata.name": peer.namespace }) : peer.namespace === own;
    return nsOk && labelsMatch(rule.podSelector, peer.podLabels ?? {});
}

function allowed(direction: "Ingress" | "Egress", peer: Peer, port: number, protocol = "TCP", own = "osprey-main"): boolean {
    const ofDirection = policies.filter((p) => (p.spec.policyTypes as string[]).includes(direction));
    expect(ofDirection.some((p) => JSON.stringify(p.spec.podSelector) === "{}")).toBe(true);
    const key = direction === "Ingress" ? "ingress" : "egress";
    return ofDirection.some((p) =>
        ((p.spec[key] ?? []) as Rule[]).some((r) => {
            const peers = (direction === "Ingress" ? r.from : r.to) ?? [];
            const portOk = !r.ports || r.ports.some((x) => (x.protocol ?? "TCP") === protocol && (x.port === undefined || x.port === port));
            return portOk && (peers.length === 0 || peers.some((x) => peerMatches(x, peer, own)));
        }),
    );
}

it("are valid NetworkPolicies (kubernetes-models schema), the first denying everything both ways", () => {
    for (const p of policies)
        expect(() => new NetworkPolicy({ metadata: { name: p.name, namespace: "osprey-main" }, spec: p.spec as never }).validate()).not.toThrow();
    expect(policies[0]).toEqual({ name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
});

it("admits the environment's own pods and the ALB (from the VPC block on the app ports) and nothing else by selector", () => {
    expect(allowed("Ingress", { namespace: "osprey-main" }, 8080)).toBe(true);
    expect(allowed("Ingress", { ip: "10.40.1.10" }, 8080)).toBe(true);
    expect(allowed("Ingress", { ip: "10.40.1.10" }, 3000)).toBe(true);
    expect(allowed("Ingress", { namespace: "osprey-demo" }, 8080)).toBe(false);
    expect(allowed("Ingress", { namespace: "kube-system" }, 8080)).toBe(false);
    expect(allowed("Ingress", { ip: "10.40.1.10" }, 22)).toBe(false);
    expect(allowed("Ingress", { ip: "203.0.113.5" }, 8080)).toBe(false);
});

it("lets pods out to DNS, their database and cache, and HTTPS outside the VPC; nothing else", () => {
    expect(allowed("Egress", { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }, 53, "UDP")).toBe(true);
    expect(allowed("Egress", { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }, 53, "TCP")).toBe(true);
    expect(allowed("Egress", { namespace: "kube-system", podLabels: { "k8s-app": "other" } }, 53, "UDP")).toBe(false);
    expect(allowed("Egress", { ip: "10.40.40.5" }, 5432)).toBe(true);
    expect(allowed("Egress", { ip: "10.40.40.5" }, 6379)).toBe(true);
    expect(allowed("Egress", { ip: "52.94.0.1" }, 443)).toBe(true);
    expect(allowed("Egress", { ip: "52.94.0.1" }, 80)).toBe(false);
    // Instance metadata (IMDS) is port 80 on a link-local address: not reachable from environment pods.
    expect(allowed("Egress", { ip: "169.254.169.254" }, 80)).toBe(false);
    expect(allowed("Egress", { namespace: "osprey-demo" }, 8080)).toBe(false);
});

it("does not separate the environments by address (documented residual: both draw pod IPs from the same private subnets)", () => {
    // A demo pod at a private-subnet address matches the ALB rule on main's app ports, and main's database port is open
    // to the whole VPC block: closing these needs security groups for pods (README "Isolation").
    expect(allowed("Ingress", { ip: "10.40.33.7" }, 8080)).toBe(true);
    expect(allowed("Egress", { ip: "10.40.33.7" }, 5432, "TCP", "osprey-demo")).toBe(true);
});

it("is enforced by the VPC CNI's network-policy agent, a managed add-on setting", () => {
    expect(VPC_CNI_CONFIGURATION).toEqual({ enableNetworkPolicy: "true" });
});
