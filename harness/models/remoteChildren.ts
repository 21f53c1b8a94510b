/**
 * The children of the remote (multi-language) components, modelled: under mocks eks:index:Cluster,
 * eks:index:ManagedNodeGroup and awsx:ec2:Vpc arrive as ONE resource each (remote.ts models their outputs), while a
 * real `pulumi preview` also reports what their providers create inside them. After a run, runOnMockCloud appends
 * these children to the recorded graph (`modelled: true`), so the plan, the policy pack and the cost estimator see
 * what the pinned versions really create. One model per type: remoteChildrenEks.ts (@pulumi/eks 4.3.0's Cluster, with
 * remoteChildrenEksSecurityGroups.ts and remoteChildrenEksCommon.ts), remoteChildrenEksNodeGroup.ts (its
 * ManagedNodeGroup), remoteChildrenAwsx.ts (@pulumi/awsx 3.9.0); each cites its upstream files.
 */
import type { RecordedResource } from "../graph";
import { awsxVpcChildren } from "./remoteChildrenAwsx";
import { eksClusterChildren } from "./remoteChildrenEks";
import { managedNodeGroupChildren } from "./remoteChildrenEksNodeGroup";
import type { ChildContext, ChildrenModel } from "./remoteChildrenTypes";

export const remoteChildModels: Record<string, ChildrenModel> = {
    "awsx:ec2:Vpc": awsxVpcChildren,
    "eks:index:Cluster": eksClusterChildren,
    "eks:index:ManagedNodeGroup": managedNodeGroupChildren,
};

/**
 * The modelled children of every remote component in `recorded`, in registration order, as recorded resources. A
 * custom child takes the aws (or other package's) provider its remote component was given (`providers`), as the
 * engine passes inherited providers down; a component child inherits the whole map. Each component's children are
 * visible to the models that follow (a ManagedNodeGroup names its Cluster's aws:eks/cluster:Cluster).
 */
export function modelRemoteChildren(
    recorded: RecordedResource[],
    ctx: Omit<ChildContext, "resources">,
): RecordedResource[] {
    const all = [...recorded];
    const added: RecordedResource[] = [];
    for (const component of recorded.filter((r) => r.remote && remoteChildModels[r.type])) {
        for (const child of remoteChildModels[component.type](component, { ...ctx, resources: all })) {
            const pkg = child.type.split(":")[0];
            const provider = child.custom && pkg !== "pulumi" ? component.providers?.[pkg] : undefined;
            const r: RecordedResource = {
                urn: child.urn,
                type: child.type,
                name: child.name,
                parent: child.parent,
                inputs: child.inputs,
                custom: child.custom,
                ...(provider ? { provider } : {}),
                ...(!child.custom && component.providers ? { providers: component.providers } : {}),
                dependencies: child.dependencies,
                propertyDependencies: child.propertyDependencies,
                ...(child.ignoreChanges ? { ignoreChanges: child.ignoreChanges } : {}),
                modelled: true,
            };
            all.push(r);
            added.push(r);
        }
    }
    return added;
}
