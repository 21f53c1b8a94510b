/**
 * The children @pulumi/eks 4.3.0 creates inside eks:index:Cluster and eks:index:ManagedNodeGroup, from their
 * recorded inputs. Source: pulumi/pulumi-eks at tag v4.3.0 (the version package.json pins):
 *
 * - nodejs/eks/cluster/cluster.ts `createCluster` and `createCore` (the cluster, its service role, security groups,
 *   kube-proxy add-on, Kubernetes provider, access entries, VPC CNI add-on, CoreDNS add-on, OIDC provider);
 * - nodejs/eks/servicerole.ts `ServiceRole` (a component: the role and one attachment per managed policy);
 * - nodejs/eks/cluster/authenticationMode.ts `createAccessEntries` (entries and their policy associations);
 * - nodejs/eks/nodes/securitygroup.ts `createNodeGroupSecurityGroup` (the node security group and five rules);
 * - nodejs/eks/addons/cni-addon.ts `VpcCniAddon` (a component wrapping one aws:eks/addon:Addon of the same name);
 * - nodejs/eks/nodes/nodegroup.ts `ManagedNodeGroup` / `createManagedNodeGroup` (one aws:eks/nodeGroup:NodeGroup).
 *
 * Branches followed, for the inputs components/cluster/eksCluster.ts gives: authenticationMode API (access entries,
 * no aws-auth ConfigMap), skipDefaultNodeGroup true (no default node group, no instance role: createInstanceRole
 * is unset), no autoMode, no fargate, own service role and default security groups, no storageClasses, CoreDNS
 * add-on off (corednsAddonOptions.enabled false and no node group of its own), kube-proxy add-on on (its default),
 * a node group with its own launch template and none of the options that make @pulumi/eks build one. Any other
 * branch is refused by name (remoteChildrenTypes.ts `refuse`). Inputs the provider computes at deploy time (the
 * add-ons' latest versions, the OIDC CA thumbprint, the VPC CNI's env-derived configuration) are left out or
 * stated as stand-ins below. EKS's own bootstrap access entry for the cluster creator
 * (bootstrapClusterCreatorAdminPermissions: true) is made by the EKS API, not by Pulumi: no resource, no child.
 */
import { createHash } from "node:crypto";
import type { RecordedResource } from "../graph";
import { eksClusterName, eksIdentity, eksKubeconfig, eksSecurityGroupIds } from "./remote";
import {
    ChildContext,
    ChildrenModel,
    childAdder,
    depsOf,
    ModelledChild,
    referenced,
    refuse,
    resourceRef,
} from "./remoteChildrenTypes";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

const ROLE = "aws:iam/role:Role";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const ADDON = "aws:eks/addon:Addon";

/** servicerole.ts sha1hash: the first 8 hex of the policy's id, which names its attachment. */
const sha1hash = (s: string) => createHash("sha1").update(s).digest("hex").substring(0, 8);

/**
 * servicerole.ts: component `eks:index:ServiceRole` <name> holding `<name>-role` (trust policy for the service, the
 * given actions) and `<name>-<sha1hash(policy id)>` per managed policy. Returns the role's URN and ARN.
 */
function serviceRole(
    add: ReturnType<typeof childAdder>,
    ctx: ChildContext,
    parent: string,
    name: string,
    a: { service: string; description?: string; policies: string[]; tags: unknown; assumeRoleActions?: string[] },
) {
    // cluster.ts: each policy as { id: arn:aws:..., arn: arn:${partition}:... }; the mock's partition is "aws".
    const managedPolicyArns = a.policies.map((p) => ({
        id: `arn:aws:iam::aws:policy/${p}`,
        arn: `arn:aws:iam::aws:policy/${p}`,
    }));
    const component = add(
        parent,
        "eks:index:ServiceRole",
        name,
        {
            service: a.service,
            description: a.description,
            managedPolicyArns,
            tags: a.tags,
            assumeRoleActions: a.assumeRoleActions,
        },
        { custom: false },
    );
    const roleInputs = {
        description: a.description,
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Action: a.assumeRoleActions ?? ["sts:AssumeRole"],
                    Effect: "Allow",
                    Principal: { Service: [a.service] },
                },
            ],
        }),
        tags: a.tags,
    };
    const role = add(component, ROLE, `${name}-role`, roleInputs);
    const identity = ctx.identify(ROLE, `${name}-role`, roleInputs);
    const attachments = managedPolicyArns.map((p) =>
        add(
            component,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            `${name}-${sha1hash(p.id)}`,
            { policyArn: p.arn, role: identity.name },
            {
                propertyDependencies: { role: [role] },
            },
        ),
    );
    return { urn: role, arn: identity.arn ?? "", waitFor: [role, ...attachments] };
}

/** The branches of cluster.ts the model does not follow, refused for the inputs that take them. */
function refuseClusterBranches(c: RecordedResource): void {
    const i = c.inputs;
    const coredns = obj(i.corednsAddonOptions);
    refuse(
        c,
        i.vpcId === undefined,
        "vpcId (unset)",
        "cluster.ts createCore: the default VPC and its subnets, looked up",
    );
    refuse(
        c,
        i.autoMode !== undefined && obj(i.autoMode).enabled === true,
        "autoMode.enabled",
        "EKS Auto Mode: node role, compute and storage config",
    );
    refuse(c, Boolean(i.fargate), "fargate", "a Fargate profile and its pod execution role");
    refuse(
        c,
        i.skipDefaultNodeGroup !== true,
        "skipDefaultNodeGroup",
        "the default node group (createNodeGroupV2), its instance role and profile",
    );
    refuse(
        c,
        i.createInstanceRole === true || i.instanceRole !== undefined || i.instanceRoles !== undefined,
        "instanceRole(s)",
        "node instance roles",
    );
    refuse(c, i.serviceRole !== undefined, "serviceRole", "a given cluster role instead of the ServiceRole");
    refuse(
        c,
        i.clusterSecurityGroup !== undefined || i.skipDefaultSecurityGroups !== undefined,
        "clusterSecurityGroup / skipDefaultSecurityGroups",
        "no or a given cluster security group",
    );
    refuse(
        c,
        i.authenticationMode !== "API",
        `authenticationMode ${JSON.stringify(i.authenticationMode)}`,
        "the aws-auth ConfigMap (CONFIG_MAP, API_AND_CONFIG_MAP)",
    );
    refuse(c, i.storageClasses !== undefined, "storageClasses", "Kubernetes StorageClasses");
    refuse(
        c,
        i.ipFamily !== undefined && i.ipFamily !== "ipv4",
        "ipFamily",
        "kubernetesNetworkConfig of an IPv6 cluster",
    );
    refuse(
        c,
        coredns.enabled === true || coredns.configurationValues !== undefined,
        "corednsAddonOptions",
        "the CoreDNS add-on",
    );
    refuse(
        c,
        obj(i.vpcCniOptions).securityContextPrivileged !== undefined,
        "vpcCniOptions.securityContextPrivileged",
        "the aws-node DaemonSetPatch",
    );
    refuse(
        c,
        i.creationRoleProvider !== undefined,
        "creationRoleProvider",
        "a provider for the cluster's creation role",
    );
}

/** eks:index:Cluster (cluster.ts createCluster at v4.3.0). */
export const eksClusterChildren: ChildrenModel = (c, ctx) => {
    refuseClusterBranches(c);
    const i = c.inputs;
    const n = c.name;
    const out: ModelledChild[] = [];
    const add = childAdder(out);
    const tags = i.tags;
    const clusterName = eksClusterName(n, i, ctx);
    const sgIds = eksSecurityGroupIds(n, ctx);

    // createCore: the EKS service role (AmazonEKSClusterPolicy only without Auto Mode; sts:TagSession for Auto Mode, always asked).
    const role = serviceRole(add, ctx, c.urn, `${n}-eksRole`, {
        service: "eks.amazonaws.com",
        description: "Allows EKS to manage clusters on your behalf.",
        policies: ["AmazonEKSClusterPolicy"],
        tags,
        assumeRoleActions: ["sts:AssumeRole", "sts:TagSession"],
    });

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
    const rule = (name: string, inputs: Obj, deps: Record<string, string[]>) =>
        add(c.urn, SG_RULE, name, inputs, { propertyDependencies: deps });
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

    // createCore: the cluster. Subnets: subnetIds, else public then private; accessConfig only with an authenticationMode.
    const subnetIds =
        i.subnetIds !== undefined
            ? strings(i.subnetIds)
            : [...strings(i.publicSubnetIds), ...strings(i.privateSubnetIds)];
    const eksCluster = add(
        c.urn,
        "aws:eks/cluster:Cluster",
        `${n}-eksCluster`,
        {
            name: i.name,
            roleArn: role.arn,
            bootstrapSelfManagedAddons: i.bootstrapSelfManagedAddons ?? true,
            vpcConfig: {
                securityGroupIds: [sgIds.cluster],
                subnetIds,
                endpointPrivateAccess: i.endpointPrivateAccess,
                endpointPublicAccess: i.endpointPublicAccess,
                publicAccessCidrs: i.publicAccessCidrs,
            },
            version: i.version,
            enabledClusterLogTypes: i.enabledClusterLogTypes,
            tags: { Name: `${n}-eksCluster`, ...obj(i.clusterTags), ...obj(tags) },
            encryptionConfig:
                i.encryptionConfigKeyArn !== undefined
                    ? { provider: { keyArn: i.encryptionConfigKeyArn }, resources: ["secrets"] }
                    : undefined,
            accessConfig: { authenticationMode: i.authenticationMode, bootstrapClusterCreatorAdminPermissions: true },
            upgradePolicy: i.upgradePolicy,
            deletionProtection: i.deletionProtection,
            // createCore: only with kubernetesServiceIpAddressRange or ipFamily, ipFamily defaulting to "ipv4".
            kubernetesNetworkConfig:
                i.kubernetesServiceIpAddressRange !== undefined || i.ipFamily !== undefined
                    ? { serviceIpv4Cidr: i.kubernetesServiceIpAddressRange, ipFamily: i.ipFamily ?? "ipv4" }
                    : undefined,
        },
        {
            dependencies: role.waitFor,
            ignoreChanges: ["accessConfig.bootstrapClusterCreatorAdminPermissions", "bootstrapSelfManagedAddons"],
            propertyDependencies: {
                roleArn: [role.urn],
                vpcConfig: [
                    clusterSg,
                    ...depsOf(
                        c,
                        "subnetIds",
                        "publicSubnetIds",
                        "privateSubnetIds",
                        "endpointPublicAccess",
                        "publicAccessCidrs",
                    ),
                ],
                encryptionConfig: depsOf(c, "encryptionConfigKeyArn"),
            },
        },
    );

    // createCore: kube-proxy as a managed add-on (kubeProxyAddonOptions.enabled ?? !autoMode). addonVersion is the most
    // recent for the cluster's version (aws.eks.getAddonVersion at deploy time): left out.
    const kubeProxy = obj(i.kubeProxyAddonOptions);
    if (kubeProxy.enabled !== false) {
        add(
            c.urn,
            ADDON,
            `${n}-kube-proxy`,
            {
                clusterName,
                addonName: "kube-proxy",
                preserve: true,
                tags,
                resolveConflictsOnCreate: kubeProxy.resolveConflictsOnCreate ?? "OVERWRITE",
                resolveConflictsOnUpdate: kubeProxy.resolveConflictsOnUpdate ?? "OVERWRITE",
                addonVersion: kubeProxy.version,
                configurationValues:
                    kubeProxy.configurationValues !== undefined
                        ? JSON.stringify(kubeProxy.configurationValues)
                        : undefined,
            },
            { propertyDependencies: { clusterName: [eksCluster] } },
        );
    }

    // createCore: the Kubernetes provider for what @pulumi/eks deploys into the cluster (its kubeconfig, as the mock's).
    const { endpoint, caData, issuer } = eksIdentity(clusterName, ctx);
    add(
        c.urn,
        "pulumi:providers:kubernetes",
        `${n}-eks-k8s`,
        {
            kubeconfig: JSON.stringify(eksKubeconfig(clusterName, endpoint, caData, ctx.region)),
            enableConfigMapMutable: i.enableConfigMapMutable,
        },
        { propertyDependencies: { kubeconfig: [eksCluster] } },
    );

    // createCore: access entries from `accessEntries` (API mode; no default node group, so no EC2_LINUX entry), each
    // policy association a child of its entry.
    const entries: string[] = [];
    for (const [key, value] of Object.entries(obj(i.accessEntries))) {
        const e = obj(value);
        const entry = add(
            c.urn,
            "aws:eks/accessEntry:AccessEntry",
            `${n}-${key}`,
            {
                principalArn: e.principalArn,
                clusterName,
                userName: e.username,
                kubernetesGroups: e.kubernetesGroups,
                type: e.type,
                tags: e.tags,
            },
            { dependencies: [eksCluster], propertyDependencies: { clusterName: [eksCluster] } },
        );
        entries.push(entry);
        for (const [assoc, policy] of Object.entries(obj(e.accessPolicies))) {
            const p = obj(policy);
            add(
                entry,
                "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
                `${n}-${key}-${assoc}`,
                { accessScope: p.accessScope, principalArn: e.principalArn, policyArn: p.policyArn, clusterName },
                { dependencies: [entry], propertyDependencies: { clusterName: [eksCluster] } },
            );
        }
    }

    // createCore: the VPC CNI add-on unless useDefaultVpcCni (`useDefaultVpcCni !== undefined ? !useDefaultVpcCni :
    // !autoMode?.enabled`). A VpcCniAddon component wrapping one aws:eks/addon:Addon of the same name; addonVersion
    // (getAddonVersion) and configurationValues (cni-addon.ts computeEnv: env defaults merged with vpcCniOptions) are
    // computed by the provider: left out.
    const vpcCniEnabled = i.useDefaultVpcCni !== undefined ? i.useDefaultVpcCni !== true : true;
    if (vpcCniEnabled) {
        const opts = obj(i.vpcCniOptions);
        const cni = add(
            c.urn,
            "eks:index:VpcCniAddon",
            `${n}-vpc-cni`,
            { ...opts, clusterName, clusterVersion: i.version, tags },
            {
                custom: false,
                dependencies: entries,
                propertyDependencies: { clusterName: [eksCluster], clusterVersion: [eksCluster] },
            },
        );
        add(
            cni,
            ADDON,
            `${n}-vpc-cni`,
            {
                clusterName,
                addonName: "vpc-cni",
                resolveConflictsOnCreate: opts.resolveConflictsOnCreate ?? "OVERWRITE",
                resolveConflictsOnUpdate: opts.resolveConflictsOnUpdate ?? "OVERWRITE",
                preserve: true,
                serviceAccountRoleArn: opts.serviceAccountRoleArn,
                tags,
            },
            { propertyDependencies: { clusterName: [eksCluster] } },
        );
    }

    // createCore: the IAM OIDC provider (createOidcProvider). thumbprintLists holds the issuer CA's SHA-1, fetched over
    // TLS at deploy time (cert-thumprint.ts): a deterministic stand-in here.
    if (i.createOidcProvider === true) {
        add(
            c.urn,
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
            `${n}-oidcProvider`,
            {
                clientIdLists: ["sts.amazonaws.com"],
                url: `https://${issuer}`,
                thumbprintLists: [ctx.hex(`${n}/oidc-thumbprint`, 40)],
            },
            { propertyDependencies: { url: [eksCluster] } },
        );
    }

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
    return out;
};

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
