/**
 * The child @pulumi/eks 4.3.0 creates inside eks:index:ManagedNodeGroup (nodejs/eks/nodes/nodegroup.ts
 * `ManagedNodeGroup` / `createManagedNodeGroup` at tag v4.3.0): one aws:eks/nodeGroup:NodeGroup of the same name. The
 * branches followed and refused: remoteChildrenEks.ts.
 */
import {
    ChildrenModel,
    childAdder,
    depsOf,
    ModelledChild,
    referenced,
    refuse,
    resourceRef,
} from "./remoteChildrenTypes";
import { obj } from "./remoteChildrenEksCommon";
import { eksClusterName } from "./remote";
/** The aws.eks.NodeGroup inputs a ManagedNodeGroup passes through (`...nodeGroupArgs`; the SDK keeps only its own). */
const NODE_GROUP_INPUTS = [
    "amiType",
    "capacityType",
    "diskSize",
    "forceUpdateVersion",
    "instanceTypes",
    "labels",
    "launchTemplate",
    "nodeGroupName",
    "nodeGroupNamePrefix",
    "nodeRepairConfig",
    "releaseVersion",
    "remoteAccess",
    "tags",
    "taints",
    "updateConfig",
    "version",
];
/** nodegroup.ts customLaunchTemplateArgs (with customUserDataArgs): any of them makes @pulumi/eks build a launch template. */
const CUSTOM_LAUNCH_TEMPLATE_ARGS = [
    "kubeletExtraArgs",
    "bootstrapExtraArgs",
    "bottlerocketSettings",
    "nodeadmExtraOptions",
    "enableIMDSv2",
    "userData",
    "amiId",
    "enableEfaSupport",
];

/** eks:index:ManagedNodeGroup (nodegroup.ts createManagedNodeGroup at v4.3.0): one aws:eks/nodeGroup:NodeGroup of the same name. */
export const managedNodeGroupChildren: ChildrenModel = (c, ctx) => {
    const i = c.inputs;
    const custom = CUSTOM_LAUNCH_TEMPLATE_ARGS.filter((k) => i[k] !== undefined);
    refuse(c, custom.length > 0, custom.join(", "), "a launch template (and user data) built by @pulumi/eks");
    refuse(c, i.amiType === undefined && i.operatingSystem !== undefined, "operatingSystem", "determineAmiType");
    const clusterRef = resourceRef(i.cluster);
    refuse(c, clusterRef?.type !== "eks:index:Cluster", "cluster", "a CoreData object instead of an eks.Cluster");
    const cluster = referenced(ctx, clusterRef!, c);
    const eksCluster = ctx.resources.find(
        (r) => r.modelled && r.parent === cluster.urn && r.type === "aws:eks/cluster:Cluster",
    );
    const clusterName =
        typeof i.clusterName === "string" ? i.clusterName : eksClusterName(cluster.name, cluster.inputs, ctx);

    let nodeRoleArn: unknown = i.nodeRoleArn;
    let roleDeps = depsOf(c, "nodeRoleArn");
    const roleRef = resourceRef(i.nodeRole);
    if (nodeRoleArn === undefined) {
        refuse(c, roleRef?.type !== "aws:iam/role:Role", "nodeRole", "no node role (upstream throws)");
        const role = referenced(ctx, roleRef!, c);
        nodeRoleArn = ctx.identify(role.type, role.name, role.inputs).arn;
        roleDeps = [role.urn];
    }
    // Without a launch template the version defaults to the cluster's; with one the template's AMI decides.
    const version = i.version ?? (i.launchTemplate === undefined ? cluster.inputs.version : undefined);
    const scaling = { desiredSize: 2, minSize: 1, maxSize: 2, ...obj(i.scalingConfig) };
    const passed = Object.fromEntries(NODE_GROUP_INPUTS.map((k) => [k, i[k]]));
    const subnetIds =
        i.subnetIds ??
        cluster.inputs.subnetIds ??
        cluster.inputs.privateSubnetIds ??
        cluster.inputs.publicSubnetIds ??
        [];
    const out: ModelledChild[] = [];
    childAdder(out)(
        c.urn,
        "aws:eks/nodeGroup:NodeGroup",
        c.name,
        {
            ...passed,
            version,
            clusterName,
            nodeRoleArn,
            scalingConfig: { desiredSize: scaling.desiredSize, minSize: scaling.minSize, maxSize: scaling.maxSize },
            subnetIds,
        },
        {
            propertyDependencies: {
                ...Object.fromEntries(NODE_GROUP_INPUTS.map((k) => [k, depsOf(c, k)])),
                clusterName: eksCluster ? [eksCluster.urn] : [],
                nodeRoleArn: roleDeps,
                subnetIds:
                    i.subnetIds !== undefined
                        ? depsOf(c, "subnetIds")
                        : depsOf(cluster, "subnetIds", "privateSubnetIds", "publicSubnetIds"),
            },
            ignoreChanges: i.ignoreScalingChanges === true ? ["scalingConfig.desiredSize"] : undefined,
        },
    );
    return out;
};
