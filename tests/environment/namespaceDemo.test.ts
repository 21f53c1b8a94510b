/**
 * Environment demo's namespace on the attaching stack (Pulumi.demo.yaml): the Kubernetes provider is built from
 * the secret `kubeconfig` output read through the platform StackReference; no cluster, no AWS resource is created.
 */
import * as pulumi from "@pulumi/pulumi";
import { createKubernetesProvider } from "../../components/cluster";
import { EnvironmentNamespace } from "../../components/environment/namespace";
import { isSecretEnvelope } from "../../harness/graph";
import { eksKubeconfig } from "../../harness/models/remote";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import { kubernetesProviderOf, kubernetesResources, ofType, one, quotaFrom, stackConfig, T } from "../cluster/helpers";

const cfg = stackConfig("demo");
// What main exports: the kubeconfig @pulumi/eks generates (the mock model's shape), as a secret output.
const MAIN_KUBECONFIG = JSON.stringify(
    eksKubeconfig(
        "osprey",
        "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com",
        "Q0EtREFUQQ==",
        "us-east-1",
    ),
);
let run: ProgramRun;

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "demo",
        stackOutputs: {
            [cfg.platformStack]: {
                outputs: { kubeconfig: MAIN_KUBECONFIG, kubernetesVersion: "1.35" },
                secretOutputNames: ["kubeconfig"],
            },
        },
        program: () => {
            const ref = new pulumi.StackReference(cfg.platformStack, { name: cfg.platformStack });
            const provider = createKubernetesProvider("platform-k8s", {
                kubeconfig: ref.requireOutput("kubeconfig") as pulumi.Output<string>,
            });
            const ns = new EnvironmentNamespace(cfg.environment, {
                environment: cfg.environment,
                quota: quotaFrom(cfg),
                kubernetesVersion: ref.requireOutput("kubernetesVersion") as pulumi.Output<string>,
                kubernetesProvider: provider,
            });
            return { namespace: ns.namespace };
        },
    });
});

it("creates no cluster and no AWS resource", () => {
    expect(ofType(run.resources, T.eks)).toEqual([]);
    expect(run.resources.filter((r) => r.type.startsWith("aws:") || r.type.startsWith("eks:"))).toEqual([]);
});

it("builds the provider from main's kubeconfig, kept secret, identified by the cluster name", () => {
    const p = one(run.resources, T.k8sProvider);
    expect(isSecretEnvelope(p.inputs.kubeconfig)).toBe(true);
    expect((p.inputs.kubeconfig as { value: string }).value).toBe(MAIN_KUBECONFIG);
    expect(p.inputs.clusterIdentifier).toBe("osprey");
});

it("puts every Kubernetes object on that provider", () => {
    const k8s = kubernetesResources(run.resources);
    expect(k8s.map((r) => r.type).sort()).toEqual([T.limitRange, T.namespace, T.quota, T.role, T.roleBinding].sort());
    for (const r of k8s)
        expect([r.type, kubernetesProviderOf(run.resources, r)?.type]).toEqual([r.type, T.k8sProvider]);
});

it("creates osprey-demo with demo's quota from Pulumi.demo.yaml", () => {
    expect(run.outputs.outputs.namespace).toBe("osprey-demo");
    expect(one(run.resources, T.quota).inputs).toMatchObject({
        metadata: { namespace: "osprey-demo" },
        spec: {
            hard: {
                "requests.cpu": "750m",
                "requests.memory": "1536Mi",
                "limits.cpu": "1500m",
                "limits.memory": "3Gi",
                pods: "15",
            },
        },
    });
});

it("grants the ALB controller Secret reads in osprey-demo too (each Ingress's OIDC Secret lives in its own namespace)", () => {
    expect(one(run.resources, T.roleBinding).inputs).toMatchObject({
        metadata: { namespace: "osprey-demo" },
        subjects: [{ kind: "ServiceAccount", name: "aws-load-balancer-controller", namespace: "kube-system" }],
    });
});
