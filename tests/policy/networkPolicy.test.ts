/**
 * k8s-namespace-default-deny over the program's own NetworkPolicies (components/environment/networkPolicy.ts, the
 * default VPC laid out by lib/networkLayout.ts) and over the ways a change could reopen the namespace.
 */
import { unknown } from "@pulumi/pulumi/output";
import { environmentNetworkPolicies } from "../../components/environment/networkPolicy";
import { environmentDataSubnetCidrs, publicSubnetCidrs } from "../../lib/networkLayout";
import { checkStack, res, violationsOf } from "./helpers";

const VPC = "10.40.0.0/16";
const NS = "osprey-demo";
const namespace = (name = NS) => res({ type: "kubernetes:core/v1:Namespace", props: { metadata: { name } } });
const networkPolicy = (name: string, spec: unknown, ns = NS) =>
    res({
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        name: `np-${name}-${ns}`,
        props: { metadata: { name, namespace: ns }, spec },
    });
const programPolicies = (ns = NS) =>
    environmentNetworkPolicies({
        vpcCidr: VPC,
        serviceCidr: "172.20.0.0/16",
        publicSubnetCidrs: publicSubnetCidrs(VPC, 2),
        dataSubnetCidrs: environmentDataSubnetCidrs(VPC, "demo", 2),
    }).map((p) => networkPolicy(p.name, p.spec, ns));
const run = (records: ReturnType<typeof res>[]) => checkStack("k8s-namespace-default-deny", records);

it("passes the program's policies in an environment namespace", async () => {
    expect(await run([namespace(), ...programPolicies()])).toEqual([]);
});

it("flags an environment namespace without the default deny, naming the namespace", async () => {
    const ns = namespace();
    expect(await run([ns, ...programPolicies().filter((p) => !p.name.startsWith("np-default-deny"))])).toEqual([
        {
            message:
                "namespace osprey-demo has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)",
            urn: ns.urn,
        },
    ]);
    // A "deny" of one direction only, or of some pods only, is not the default deny.
    for (const spec of [
        { podSelector: {}, policyTypes: ["Ingress"] },
        { podSelector: { matchLabels: { app: "api" } }, policyTypes: ["Ingress", "Egress"] },
    ])
        expect(await run([ns, networkPolicy("default-deny", spec)])).toHaveLength(1);
    // The default deny in ANOTHER namespace does not count.
    expect(await run([ns, ...programPolicies("osprey-main")])).toHaveLength(1);
});

it("flags a rule with no peers (it matches every peer) and an ingress rule open to the internet", async () => {
    const open = networkPolicy("allow-anything", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ ports: [{ protocol: "TCP", port: 8080 }] }],
    });
    const internet = networkPolicy("allow-internet", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
    });
    const egress = networkPolicy("allow-out", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] });
    expect((await run([namespace(), ...programPolicies(), open, internet, egress])).map((v) => v.message)).toEqual([
        "NetworkPolicy allow-anything in osprey-demo: ingress rule 1 names no peers, so it matches every peer",
        "NetworkPolicy allow-internet in osprey-demo: ingress rule 1 admits the whole internet by ipBlock",
        "NetworkPolicy allow-out in osprey-demo: egress rule 1 names no peers, so it matches every peer",
    ]);
});

it("judges only the environment namespaces (kube-system and the platform's own are not under the rule)", async () => {
    expect(await run([namespace("osprey-argocd")])).toEqual([]);
    expect(
        await checkStack("k8s-namespace-default-deny", [namespace("osprey-argocd")], { namespaces: ["osprey-argocd"] }),
    ).toHaveLength(1);
});

it("leaves a spec unknown during preview to the SDK's advisory, not a violation", async () => {
    const pending = res({
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        props: { metadata: { name: "default-deny", namespace: NS }, spec: unknown },
    });
    expect(await violationsOf("k8s-namespace-default-deny", [namespace(), pending])).toEqual([
        {
            level: "advisory",
            policy: "k8s-namespace-default-deny",
            message:
                "can't run policy 'k8s-namespace-default-deny' during preview: value at .spec can't be known during preview",
            urn: "",
        },
    ]);
});
