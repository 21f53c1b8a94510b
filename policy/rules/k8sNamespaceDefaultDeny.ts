/**
 * Isolation by network (docs/requirements.md, Isolation): each environment namespace denies all traffic both ways and
 * then allows only what its workloads
 * need (components/environment/networkPolicy.ts). A change that drops the default-deny policy, or adds a rule that
 * matches every peer, reopens the flat network between main and demo without any test of the manifests noticing.
 *
 * Judged per environment namespace in the graph (osprey-<env>, by metadata.name), on the NetworkPolicies the stack
 * creates in it:
 * - one of them selects every pod (podSelector {}), names both policy types and has no rule: the default deny;
 * - no rule of any of them matches every peer (a rule without `from`/`to` peers admits all sources or destinations,
 *   on its ports);
 * - no ingress rule admits the whole internet by ipBlock (0.0.0.0/0 or ::/0): the ALB reaches pods from the VPC.
 * Unknown during preview: a NetworkPolicy whose spec is not known yet (it is computed from the platform's addresses)
 * is read through the engine's proxy, and an unknown value raises the SDK's "can't run policy during preview" advisory.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENTS } from "../contract";
import { arrayOf, objectOf } from "../lib/props";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const INTERNET = ["0.0.0.0/0", "::/0"];

const metadataOf = (r: PolicyResource) => objectOf(r.props.metadata) ?? {};
const isEmptySelector = (v: unknown) => {
    const s = objectOf(v);
    return (
        s !== undefined &&
        Object.keys(objectOf(s.matchLabels) ?? {}).length === 0 &&
        arrayOf(s.matchExpressions).length === 0
    );
};

/** The policy's rules of one direction, each with its peers. */
function rulesOf(spec: Record<string, unknown>, direction: "ingress" | "egress") {
    const peersKey = direction === "ingress" ? "from" : "to";
    return arrayOf(spec[direction]).map((rule) => arrayOf(objectOf(rule)?.[peersKey]).map((p) => objectOf(p) ?? {}));
}

export const k8sNamespaceDefaultDeny: StackValidationPolicy = {
    name: "k8s-namespace-default-deny",
    description:
        "Every environment namespace in the stack has a default-deny NetworkPolicy (all pods, Ingress and Egress, no rule), and no rule there matches every peer or admits the internet.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Keep the namespace's default-deny policy (components/environment/networkPolicy.ts) and name the peers of every rule: a pod or namespace selector, or an ipBlock narrower than the internet.",
    configSchema: {
        properties: {
            namespaces: { type: "array", items: { type: "string" }, default: ENVIRONMENTS.map((e) => `osprey-${e}`) },
        },
    },
    validateStack: (args, report) => {
        const { namespaces } = args.getConfig<{ namespaces: string[] }>();
        const policies = args.resources.filter((r) => r.type === NETWORK_POLICY);
        for (const ns of args.resources.filter((r) => r.type === NAMESPACE)) {
            const name = metadataOf(ns).name;
            if (typeof name !== "string" || !namespaces.includes(name)) continue;
            const own = policies.filter((p) => metadataOf(p).namespace === name);
            const specs = own.map((p) => ({ p, spec: objectOf(p.props.spec) ?? {} }));
            const denies = specs.some(
                ({ spec }) =>
                    isEmptySelector(spec.podSelector) &&
                    ["Ingress", "Egress"].every((t) => arrayOf(spec.policyTypes).includes(t)) &&
                    arrayOf(spec.ingress).length === 0 &&
                    arrayOf(spec.egress).length === 0,
            );
            if (!denies)
                report(
                    `namespace ${name} has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)`,
                    ns.urn,
                );
            for (const { p, spec } of specs) {
                for (const direction of ["ingress", "egress"] as const) {
                    rulesOf(spec, direction).forEach((peers, i) => {
                        if (peers.length === 0)
                            report(
                                `NetworkPolicy ${String(metadataOf(p).name)} in ${name}: ${direction} rule ${i + 1} names no peers, so it matches every peer`,
                                p.urn,
                            );
                        if (
                            direction === "ingress" &&
                            peers.some((peer) => INTERNET.includes(String(objectOf(peer.ipBlock)?.cidr)))
                        )
                            report(
                                `NetworkPolicy ${String(metadataOf(p).name)} in ${name}: ingress rule ${i + 1} admits the whole internet by ipBlock`,
                                p.urn,
                            );
                    });
                }
            }
        }
    },
};
