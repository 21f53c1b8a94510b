/**
 * The security groups @pulumi/eks 4.3.0 makes with a cluster (whenever the default security groups are, not
 * skipDefaultSecurityGroups): cluster.ts createCore's cluster group and its egress rule, and securitygroup.ts
 * createNodeGroupSecurityGroup's node group and its five rules. Called by remoteChildrenEks.ts in cluster.ts's order.
 */
import type { RecordedResource } from "../graph";
import { eksSecurityGroupIds } from "./remote";
import { childAdder, depsOf } from "./remoteChildrenTypes";
import { Obj, obj, SG, SG_RULE } from "./remoteChildrenEksCommon";

type Add = ReturnType<typeof childAdder>;
type SgIds = ReturnType<typeof eksSecurityGroupIds>;

/** A security group rule of the cluster component, with the properties it depends on. */
const ruleOf = (add: Add, c: RecordedResource) => (name: string, inputs: Obj, deps: Record<string, string[]>) =>
    add(c.urn, SG_RULE, name, inputs, { propertyDependencies: deps });

/** The cluster security group and its egress rule; returns the group's URN. */
export function clusterSecurityGroup(add: Add, c: RecordedResource, sgIds: SgIds): string {
    const i = c.inputs;
    const n = c.name;
    const tags = i.tags;
    // createCore: the cluster security group (Name first, then clusterSecurityGroupTags, then tags) and its egress rule.
    const clusterSg = add(
        c.urn,
        SG,
        `${n}-eksClusterSecurityGroup`,
        {
            vpcId: i.vpcId,
            revokeRulesOnDelete: true,
            tags: { Name: `${n}-eksClusterSecurityGroup`, ...obj(i.clusterSecurityGroupTags), ...obj(tags) },
        },
        { propertyDependencies: { vpcId: depsOf(c, "vpcId") } },
    );
    const rule = ruleOf(add, c);
    rule(
        `${n}-eksClusterInternetEgressRule`,
        {
            description: "Allow internet access.",
            type: "egress",
            fromPort: 0,
            toPort: 0,
            protocol: "-1",
            cidrBlocks: ["0.0.0.0/0"],
            securityGroupId: sgIds.cluster,
        },
        { securityGroupId: [clusterSg] },
    );
    return clusterSg;
}

/** The node security group and its rules (with or without a default node group). */
export function nodeSecurityGroup(
    add: Add,
    c: RecordedResource,
    at: { clusterName: string; eksCluster: string; clusterSg: string; sgIds: SgIds },
): void {
    const i = c.inputs;
    const n = c.name;
    const tags = i.tags;
    const { clusterName, eksCluster, clusterSg, sgIds } = at;
    const rule = ruleOf(add, c);
    // createCluster: the node security group and its rules (securitygroup.ts createNodeGroupSecurityGroup), made
    // whenever the default security groups are (not skipDefaultSecurityGroups), with or without a default node group.
    const nodeSg = add(
        c.urn,
        SG,
        `${n}-nodeSecurityGroup`,
        {
            vpcId: i.vpcId,
            revokeRulesOnDelete: true,
            tags: {
                Name: `${n}-nodeSecurityGroup`,
                [`kubernetes.io/cluster/${clusterName}`]: "owned",
                ...obj(i.nodeSecurityGroupTags),
                ...obj(tags),
            },
        },
        { propertyDependencies: { vpcId: depsOf(c, "vpcId"), tags: [eksCluster] } },
    );
    const onNode = { securityGroupId: [nodeSg] };
    const fromCluster = { securityGroupId: [nodeSg], sourceSecurityGroupId: [clusterSg] };
    const nodeSgId = sgIds.node;
    rule(
        `${n}-eksNodeIngressRule`,
        {
            description: "Allow nodes to communicate with each other",
            type: "ingress",
            fromPort: 0,
            toPort: 0,
            protocol: "-1",
            securityGroupId: nodeSgId,
            self: true,
        },
        onNode,
    );
    rule(
        `${n}-eksNodeClusterIngressRule`,
        {
            description: "Allow worker Kubelets and pods to receive communication from the cluster control plane",
            type: "ingress",
            fromPort: 1025,
            toPort: 65535,
            protocol: "tcp",
            securityGroupId: nodeSgId,
            sourceSecurityGroupId: sgIds.cluster,
        },
        fromCluster,
    );
    rule(
        `${n}-eksExtApiServerClusterIngressRule`,
        {
            description:
                "Allow pods running extension API servers on port 443 to receive communication from cluster control plane",
            type: "ingress",
            fromPort: 443,
            toPort: 443,
            protocol: "tcp",
            securityGroupId: nodeSgId,
            sourceSecurityGroupId: sgIds.cluster,
        },
        fromCluster,
    );
    rule(
        `${n}-eksNodeInternetEgressRule`,
        {
            description: "Allow internet access.",
            type: "egress",
            fromPort: 0,
            toPort: 0,
            protocol: "-1",
            cidrBlocks: ["0.0.0.0/0"],
            securityGroupId: nodeSgId,
        },
        onNode,
    );
    rule(
        `${n}-eksClusterIngressRule`,
        {
            description: "Allow pods to communicate with the cluster API Server",
            type: "ingress",
            fromPort: 443,
            toPort: 443,
            protocol: "tcp",
            securityGroupId: sgIds.cluster,
            sourceSecurityGroupId: nodeSgId,
        },
        { securityGroupId: [clusterSg], sourceSecurityGroupId: [nodeSg] },
    );
}
