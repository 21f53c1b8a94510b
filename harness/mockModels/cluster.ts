/**
 * Mock models for the cluster layer: custom resources and remote components, keyed by type token.
 *
 * eks:index:Cluster returns what @pulumi/eks computes from its inputs (pulumi-eks nodejs/eks/cluster/cluster.ts,
 * generateKubeconfig): a kubeconfig with ONE cluster "kubernetes" whose server is the EKS endpoint
 * https://<32 HEX>.gr7.<region>.eks.amazonaws.com, a user "aws" that runs
 * `aws --region <r> eks get-token --cluster-name <name> --output json`, and the OIDC issuer
 * oidc.eks.<region>.amazonaws.com/id/<32 HEX>. Outputs that are resource references (eksCluster, core,
 * awsProvider, the security group objects) are left out: nothing may read them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MockContext, ResourceModel } from "../mockCloud";
import { autoName, awsModel, ec2Arn, iamArn } from "./aws";

const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

/** The kubeconfig object @pulumi/eks generates for a cluster (its real shape, see the header). */
export function eksKubeconfig(clusterName: string, endpoint: string, caData: string, region: string) {
    return {
        apiVersion: "v1",
        clusters: [{ cluster: { server: endpoint, "certificate-authority-data": caData }, name: "kubernetes" }],
        contexts: [{ context: { cluster: "kubernetes", user: "aws" }, name: "aws" }],
        "current-context": "aws",
        kind: "Config",
        users: [
            {
                name: "aws",
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json"],
                        env: [{ name: "KUBERNETES_EXEC_INFO", value: `{"apiVersion": "client.authentication.k8s.io/v1beta1"}` }],
                    },
                },
            },
        ],
    };
}

/** What EKS derives from a cluster's physical name: endpoint, OIDC issuer, the security group it creates. */
export function eksIdentity(clusterName: string, ctx: MockContext) {
    const issuer = `oidc.eks.${ctx.region}.amazonaws.com/id/${ctx.hex(`eks/${clusterName}/oidc`, 32).toUpperCase()}`;
    return {
        endpoint: `https://${ctx.hex(`eks/${clusterName}/endpoint`, 32).toUpperCase()}.gr7.${ctx.region}.eks.amazonaws.com`,
        issuer,
        // EKS's own cluster security group (eks-cluster-sg-<name>-<id>): on the API's interfaces, managed nodes and pods.
        managedSecurityGroupId: `sg-${ctx.hex(`eks/${clusterName}/managed-sg`, 17)}`,
        // A PEM-framed certificate body: EKS hands the CA bundle over base64-encoded.
        caData: Buffer.from(
            `-----BEGIN CERTIFICATE-----\n${Buffer.from(ctx.hex(`eks/${clusterName}/ca`, 64)).toString("base64")}\n-----END CERTIFICATE-----\n`,
        ).toString("base64"),
    };
}

const eksCluster: ResourceModel = (args, ctx: MockContext) => {
    const name = (args.inputs.name as string | undefined) ?? `${args.name}-eksCluster-${ctx.hex(`${args.name}/eks-name`, 7)}`;
    const { endpoint, issuer, caData } = eksIdentity(name, ctx);
    const kubeconfig = eksKubeconfig(name, endpoint, caData, ctx.region);
    const createOidc = args.inputs.createOidcProvider !== false;
    return {
        id: undefined,
        state: {
            kubeconfig,
            kubeconfigJson: JSON.stringify(kubeconfig),
            // @pulumi/eks's own security groups (it creates both unless skipDefaultSecurityGroups).
            clusterSecurityGroupId: `sg-${ctx.hex(`${args.name}/cluster-sg`, 17)}`,
            nodeSecurityGroupId: `sg-${ctx.hex(`${args.name}/node-sg`, 17)}`,
            clusterIngressRuleId: `sgrule-${parseInt(ctx.hex(`${args.name}/ingress`, 8), 16)}`,
            oidcProviderArn: createOidc ? `arn:aws:iam::${ctx.accountId}:oidc-provider/${issuer}` : "",
            oidcProviderUrl: `https://${issuer}`,
            oidcIssuer: issuer,
            autoModeNodeRoleName: "",
            defaultNodeGroupAsgName: "",
            fargateProfileId: "",
            fargateProfileStatus: "",
            instanceRoles: [],
        },
    };
};

/** Kubernetes objects: the provider returns the object as applied plus the server's metadata fields. */
function k8sObject(namespaced: boolean): ResourceModel {
    return (args, ctx) => {
        const metadata = { ...((args.inputs.metadata ?? {}) as Record<string, unknown>) };
        const name = (metadata.name as string | undefined) ?? `${args.name}-${ctx.hex(`${args.type}/${args.name}/name`, 8)}`;
        const ns = namespaced ? ((metadata.namespace as string | undefined) ?? "default") : undefined;
        const id = ns ? `${ns}/${name}` : name;
        return {
            id,
            state: {
                ...args.inputs,
                metadata: {
                    ...metadata,
                    name,
                    ...(ns ? { namespace: ns } : {}),
                    uid: uuid(ctx.hex(`${args.type}/${id}/uid`, 32)),
                    resourceVersion: String(parseInt(ctx.hex(`${args.type}/${id}/rv`, 6), 16)),
                    creationTimestamp: "2026-01-01T00:00:00Z",
                },
            },
        };
    };
}

/** helm.sh/v3 Release: the inputs plus Helm's release status (revision 1, deployed). */
const helmRelease: ResourceModel = (args: pulumi.runtime.MockResourceArgs, ctx) => {
    const i = args.inputs as { name?: string; chart: string; version?: string; namespace?: string };
    const name = i.name ?? autoName(args, ctx);
    const namespace = i.namespace ?? "default";
    return {
        id: `${namespace}/${name}`,
        state: {
            ...args.inputs,
            name,
            namespace,
            status: { name, namespace, chart: i.chart, version: i.version, appVersion: i.version ? `v${i.version}` : "", revision: 1, status: "deployed" },
        },
    };
};

export const clusterResourceModels: Record<string, ResourceModel> = {
    "aws:kms/key:Key": awsModel({
        id: (a, ctx) => uuid(ctx.hex(`kms/${a.name}`, 32)),
        arn: (ctx, id) => `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${id}`,
        extra: (a, _c, id) => ({
            keyId: id,
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            ...(a.inputs.enableKeyRotation ? { rotationPeriodInDays: 365 } : {}),
        }),
    }),
    "aws:kms/alias:Alias": awsModel({
        id: "name",
        arn: (ctx, id) => `arn:aws:kms:${ctx.region}:${ctx.accountId}:${id}`,
        extra: (a, ctx) => ({ targetKeyArn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${a.inputs.targetKeyId}` }),
    }),
    "aws:ecr/repository:Repository": awsModel({
        id: "name",
        autoName: true,
        arn: (ctx, _id, name) => `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${name}`,
        extra: (_a, ctx, _id, name) => ({ registryId: ctx.accountId, repositoryUrl: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${name}` }),
    }),
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": awsModel({ id: (a) => String(a.inputs.repository), extra: (_a, ctx) => ({ registryId: ctx.accountId }) }),
    "aws:iam/instanceProfile:InstanceProfile": awsModel({
        id: "name",
        autoName: true,
        arn: iamArn("instance-profile"),
        extra: (a, ctx) => ({ uniqueId: `AIPA${ctx.hex(`profile/${a.name}`, 17).toUpperCase()}` }),
    }),
    "aws:ec2/instance:Instance": awsModel({
        id: { prefix: "i-" },
        arn: ec2Arn("instance"),
        extra: (a, ctx) => ({
            instanceState: "running",
            primaryNetworkInterfaceId: `eni-${ctx.hex(`${a.name}/eni`, 17)}`,
            // The provider reports "" when the instance has no public address.
            publicIp: a.inputs.associatePublicIpAddress === false ? "" : `3.${parseInt(ctx.hex(`${a.name}/ip`, 2), 16)}.0.10`,
            publicDns: "",
        }),
    }),
    "kubernetes:core/v1:Namespace": k8sObject(false),
    "kubernetes:core/v1:ResourceQuota": k8sObject(true),
    "kubernetes:core/v1:LimitRange": k8sObject(true),
    "kubernetes:rbac.authorization.k8s.io/v1:Role": k8sObject(true),
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": k8sObject(true),
    "kubernetes:external-secrets.io/v1:ClusterSecretStore": k8sObject(false),
    "kubernetes:helm.sh/v3:Release": helmRelease,
};

export const clusterComponentModels: Record<string, ResourceModel> = {
    "eks:index:Cluster": eksCluster,
    // Outputs: nodeGroup (a resource reference, left out) and the placement group name ("" without one).
    "eks:index:ManagedNodeGroup": () => ({ id: undefined, state: { placementGroupName: "" } }),
};
