/**
 * Upgrades reach the nodes and the add-ons: the node group carries the cluster's minor (with our own launch template
 * @pulumi/eks 4.3.0 would leave it unset, nodes/nodegroup.ts, and the nodes would stay behind), its AMI release is the
 * newest for that minor (AWS's public SSM parameter, EKS user guide "Retrieve recommended Amazon Linux AMI IDs") unless
 * pinned, the managed add-ons carry the version EKS recommends for the minor (aws.eks.getAddonVersion) unless pinned,
 * and the node group replaces one node at a time. Main's plan at its minor against a cluster built one minor lower.
 */
import { Cluster } from "../../components/cluster";
import type { RecordedResource } from "../../harness/graph";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { clusterArgsFrom, stackConfig } from "./helpers";

const cfg = stackConfig("main");
const current = cfg.platform!.cluster.kubernetesVersion;
const lower = `1.${Number(current.split(".")[1]) - 1}`;
let main: ProgramRun;
let older: ProgramRun;

beforeAll(async () => {
    main = await sharedProgramRun("main");
    const args = clusterArgsFrom(cfg);
    older = await runOnMockCloud({
        stack: "main",
        program: () => {
            new Cluster("osprey", {
                ...args,
                kubernetesVersion: lower,
                // One pinned add-on and a pinned AMI release: pins win over the lookups.
                addonVersions: { vpcCni: "v1.2.3-eksbuild.4", coredns: "" },
                nodeGroup: { ...args.nodeGroup, releaseVersion: `${lower}.9-20260101` },
            });
            return {};
        },
    });
});

const nodeGroupOf = (run: ProgramRun) => run.resources.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup")!;
const addon = (run: ProgramRun, name: string): RecordedResource =>
    run.resources.find((r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === name)!;

it("the node group runs the cluster's minor, on the newest AMI release for it, one node at a time", () => {
    const cluster = main.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
    expect(nodeGroupOf(main).inputs).toMatchObject({
        version: current,
        releaseVersion: `${current}.0-mock`,
        updateConfig: { maxUnavailable: 1 },
    });
    expect(cluster.inputs.version).toBe(current);
});

it("raising the minor moves the node group and every managed add-on with it", () => {
    expect(nodeGroupOf(older).inputs.version).toBe(lower);
    expect(addon(main, "coredns").inputs.addonVersion).toBe(`v0.0.0-mock-coredns-for-${current}`);
    expect(addon(older, "coredns").inputs.addonVersion).toBe(`v0.0.0-mock-coredns-for-${lower}`);
    expect(addon(main, "vpc-cni").inputs.addonVersion).toBe(`v0.0.0-mock-vpc-cni-for-${current}`);
});

it("a pin wins over the lookup, for the AMI release and per add-on", () => {
    expect(nodeGroupOf(older).inputs.releaseVersion).toBe(`${lower}.9-20260101`);
    expect(addon(older, "vpc-cni").inputs.addonVersion).toBe("v1.2.3-eksbuild.4");
});
