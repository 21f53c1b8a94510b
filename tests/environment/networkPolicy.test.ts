/**
 * The environment namespaces' NetworkPolicies (components/environment/networkPolicy.ts), read with Kubernetes'
 * NetworkPolicy semantics (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod selected
 * by any policy of a direction is isolated in that direction, and a connection is allowed when some rule of some
 * policy of that direction matches peer and port. Peers here are described by namespace and/or address.
 */
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { environmentNetworkPolicies } from "../../components/environment/networkPolicy";
import { VPC_CNI_CONFIGURATION } from "../../components/cluster/eksCluster";
import { environmentDataSubnetCidrs, platformSubnetLayout, publicSubnetCidrs } from "../../lib/networkLayout";
import { Env } from "../../lib/naming";

// The default VPC (config default platform.network.cidrBlock) over two AZs, laid out as awsx lays it
// (lib/networkLayout.ts).
const VPC = "10.40.0.0/16";
const addressesOf = (env: Env) => ({
    vpcCidr: VPC,
    publicSubnetCidrs: publicSubnetCidrs(VPC, 2),
    dataSubnetCidrs: environmentDataSubnetCidrs(VPC, env, 2),
});
const byEnvironment = {
    "osprey-main": environmentNetworkPolicies(addressesOf("main")),
    "osprey-demo": environmentNetworkPolicies(addressesOf("demo")),
};
const policies = byEnvironment["osprey-main"];
/** Addresses as the VPC hands them out: an ALB node in a public subnet, a pod in a private one, each environment's RDS. */
const ALB_NODE = "10.40.128.77"; // public subnet of the second AZ, 10.40.128.0/22
const POD = "10.40.33.7"; // private subnet of the first AZ, 10.40.32.0/19: either environment's pods
const MAIN_DB = "10.40.255.40"; // main's data subnet 10.40.255.32/27
const DEMO_DB = "10.40.255.140"; // demo's data subnet 10.40.255.128/27

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

function allowed(
    direction: "Ingress" | "Egress",
    peer: Peer,
    port: number,
    protocol = "TCP",
    own: keyof typeof byEnvironment = "osprey-main",
): boolean {
    const ofDirection = byEnvironment[own].filter((p) => (p.spec.policyTypes as string[]).includes(direction));
    expect(ofDirection.some((p) => JSON.stringify(p.spec.podSelector) === "{}")).toBe(true);
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
