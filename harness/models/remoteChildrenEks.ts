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
import type { RecordedResource } from "../graph";
import { eksClusterName, eksIdentity, eksKubeconfig, eksSecurityGroupIds } from "./remote";
import { ChildrenModel, childAdder, depsOf, ModelledChild, refuse } from "./remoteChildrenTypes";
import { ADDON, obj, serviceRole, strings } from "./remoteChildrenEksCommon";
import { clusterSecurityGroup, nodeSecurityGroup } from "./remoteChildrenEksSecurityGroups";

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

    const clusterSg = clusterSecurityGroup(add, c, sgIds);

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

    nodeSecurityGroup(add, c, { clusterName, eksCluster, clusterSg, sgIds });
    return out;
};
