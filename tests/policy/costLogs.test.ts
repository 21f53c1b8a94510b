/** EKS control-plane logs are priced once: by the program's own /aws/eks/<name>/cluster log group when it creates one. */
import { estimateMonthlyCost } from "../../policy/cost";

const cluster = {
    type: "eks:index:Cluster",
    urn: "urn:pulumi:main::osprey-strike::pulumi:pulumi:Stack$eks:index:Cluster::osprey",
    name: "osprey",
    props: { name: "osprey", skipDefaultNodeGroup: true, enabledClusterLogTypes: ["api", "audit"] },
};
const logGroup = {
    type: "aws:cloudwatch/logGroup:LogGroup",
    urn: "urn:pulumi:main::osprey-strike::pulumi:pulumi:Stack$aws:cloudwatch/logGroup:LogGroup::osprey-control-plane",
    name: "osprey-control-plane",
    props: { name: "/aws/eks/osprey/cluster", retentionInDays: 30 },
};
const ingestLines = (items: string[]) => items.filter((i) => /ingested/.test(i));

it("prices the logs EKS writes to its own group when the program creates none", () => {
    expect(ingestLines(estimateMonthlyCost([cluster]).lines.map((l) => l.item))).toEqual(["EKS osprey control-plane logs ingested (assumed 1 GB/month)"]);
});

it("prices them once, through the program's log group, when it creates /aws/eks/<name>/cluster", () => {
    expect(ingestLines(estimateMonthlyCost([cluster, logGroup]).lines.map((l) => l.item))).toEqual([
        "Logs osprey-control-plane: ingested (assumed 1 GB/month)",
    ]);
});
