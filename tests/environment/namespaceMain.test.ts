/**
 * Environment main's namespace on the owning stack (Pulumi.main.yaml): created with the Kubernetes provider the
 * Cluster component built from its own kubeconfig, with the quota, LimitRange, Pod Security labels and the ALB
 * controller's Secret-reading RBAC, every object on that explicit provider.
 */
import { Cluster } from "../../components/cluster";
import { EnvironmentNamespace } from "../../components/environment/namespace";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import {
    clusterArgsFrom,
    kubernetesProviderOf,
    kubernetesResources,
    ofType,
    one,
    quotaFrom,
    stackConfig,
    T,
} from "../cluster/helpers";

const cfg = stackConfig("main");
let run: ProgramRun;

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "main",
        program: () => {
            const cluster = new Cluster("osprey", clusterArgsFrom(cfg, { today: new Date("2026-11-01T00:00:00Z") }));
            const ns = new EnvironmentNamespace(cfg.environment, {
                environment: cfg.environment,
                quota: quotaFrom(cfg),
                kubernetesVersion: cfg.platform!.cluster.kubernetesVersion,
                kubernetesProvider: cluster.kubernetesProvider,
            });
            return { namespace: ns.namespace };
        },
    });
});

it("names the namespace osprey-main (the Kustomize overlays hard-code it)", () => {
    expect(run.outputs.outputs.namespace).toBe("osprey-main");
    expect(one(run.resources, T.namespace).inputs).toMatchObject({ metadata: { name: "osprey-main" } });
});

it("puts every Kubernetes object of the stack on the ONE explicit provider built from the cluster's kubeconfig", () => {
    // The program's; @pulumi/eks's own (a modelled child of the cluster) has no object on it.
    const providers = ofType(run.resources, T.k8sProvider).filter((p) => !p.modelled);
    expect(providers).toHaveLength(1);
    const k8s = kubernetesResources(run.resources);
    // The namespace's five objects plus the add-ons (two releases, the platform store and its reader service account,
    // the four admission policies and their bindings, per environment an IngressClass and its IngressClassParams, and
    // the NetworkPolicies of external-secrets (four) and of the Load Balancer Controller's pods (three)).
    expect(k8s.length).toBe(9 + 4 * 2 + 2 * 2 + 4 + 3);
    for (const r of k8s)
        expect([r.type, kubernetesProviderOf(run.resources, r)?.urn]).toEqual([r.type, providers[0].urn]);
});

it("sets the quota from Pulumi.main.yaml", () => {
    expect(one(run.resources, T.quota).inputs).toMatchObject({
        metadata: { namespace: "osprey-main" },
        spec: {
            hard: {
                "requests.cpu": "1500m",
                "requests.memory": "3Gi",
                "limits.cpu": "3",
                "limits.memory": "6Gi",
                pods: "30",
            },
        },
    });
});

it("gives containers default requests and limits (a pod without them still counts against the quota)", () => {
    expect(one(run.resources, T.limitRange).inputs).toMatchObject({
        metadata: { namespace: "osprey-main" },
        spec: {
            limits: [
                {
                    type: "Container",
                    defaultRequest: { cpu: "100m", memory: "128Mi" },
                    default: { cpu: "500m", memory: "512Mi" },
                },
            ],
        },
    });
});

it("enforces Pod Security baseline and warns/audits restricted, pinned to the cluster's version", () => {
    const labels = (one(run.resources, T.namespace).inputs.metadata as { labels: Record<string, string> }).labels;
    expect(labels).toMatchObject({
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/enforce-version": `v${cfg.platform!.cluster.kubernetesVersion}`,
    });
});

it("lets only the ALB controller's service account read Secrets in this namespace", () => {
    const role = one(run.resources, T.role);
    expect(role.inputs).toMatchObject({
        metadata: { namespace: "osprey-main" },
        rules: [
            { apiGroups: [""], resources: ["secrets"], resourceNames: ["alb-oidc"], verbs: ["get", "list", "watch"] },
        ],
    });
    const binding = one(run.resources, T.roleBinding);
    expect(binding.inputs).toMatchObject({
        metadata: { namespace: "osprey-main" },
        roleRef: { kind: "Role", name: "aws-load-balancer-controller-oidc-secrets" },
        subjects: [{ kind: "ServiceAccount", name: "aws-load-balancer-controller", namespace: "kube-system" }],
    });
});
