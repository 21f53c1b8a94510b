/**
 * EnvironmentApps guards its own public args (the config layer refuses the same, but the component is the last word):
 * demo is promoted by hand, so an automated sync or image updates for demo fail before anything is registered.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { runOnMockCloud } from "../../harness/runProgram";
import { waitForRPCs } from "../../harness/pulumiInternals";
import { EnvironmentApps } from "../../components/gitops";

it("refuses an automated sync for demo with a ResourceError naming the component", async () => {
    const run = runOnMockCloud({
        stack: "demo",
        program: () => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            new EnvironmentApps("demo-gitops", {
                environment: "demo",
                source: {
                    repoUrl: "https://github.com/osprey-strike/osprey-strike.git",
                    revision: "main",
                    path: "kubernetes",
                },
                autoSync: true,
                imageUpdates: false,
                feed: pulumi.output({
                    region: "us-east-1",
                    ecrRepositoryUrls: {},
                    hostnames: {},
                    replicas: {},
                    albAnnotations: {},
                    albAuthAnnotations: {},
                    api: { roleArn: "", attachmentsBucket: "" },
                }),
                kubernetesProvider: provider,
                argocdReady: [],
                imageUpdaterReady: [],
            });
            return {};
        },
    });
    await expect(run).rejects.toThrow(/EnvironmentApps demo-gitops: demo is promoted by hand/);
    // The provider registered before the refusal: let its RPC finish inside the test.
    await waitForRPCs();
});
