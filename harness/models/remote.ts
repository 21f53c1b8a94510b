/**
 * Models of the remote (multi-language) components the program uses. Under mocks a remote component arrives as
 * ONE resource with its inputs and no children, so these compute the outputs the program reads from it (the children
 * themselves are modelled in remoteChildren.ts, with the same IDs).
 *
 * eks:index:Cluster returns what @pulumi/eks computes from its inputs (pulumi-eks nodejs/eks/cluster/cluster.ts,
 * generateKubeconfig): a kubeconfig with ONE cluster "kubernetes" whose server is the EKS endpoint
 * https://<32 HEX>.gr7.<region>.eks.amazonaws.com, a user "aws" that runs
 * `aws --region <r> eks get-token --cluster-name <name> --output json`, and the OIDC issuer
 * oidc.eks.<region>.amazonaws.com/id/<32 HEX>. Outputs that are resource references (eksCluster, core,
 * awsProvider) are left out, and so are its methods (getKubeconfig), which never resolve under mocks: nothing may
 * use them.
 */
import type { ComputedModel, MockContext } from "../mockCloud";
import { awsxAutoLayout, SubnetType } from "../../lib/networkLayout";

/** The recorded inputs of an awsx:ec2:Vpc that decide its layout. */
export interface AwsxVpcInputs {
    cidrBlock?: string;
    numberOfAvailabilityZones?: number;
    availabilityZoneNames?: string[];
    subnetSpecs?: {
        type: SubnetType;
        cidrMask?: number;
        name?: string;
        tags?: Record<string, string>;
        assignIpv6AddressOnCreation?: boolean;
    }[];
}

/**
 * Where awsx puts a VPC's subnets and the IDs the mock gives them (shared by the component's outputs below and its
 * modelled children in remoteChildrenAwsx.ts, so a subnet's ID is the same in both).
 */
export function awsxVpcLayout(componentName: string, i: AwsxVpcInputs, ctx: MockContext) {
    const cidr = i.cidrBlock ?? "10.0.0.0/16";
    const azs =
        i.availabilityZoneNames ??
        ["a", "b", "c", "d", "e", "f"].slice(0, i.numberOfAvailabilityZones ?? 3).map((s) => `${ctx.region}${s}`);
    const specs = i.subnetSpecs ?? [{ type: "Private" }, { type: "Public" }];
    // awsx's own "Auto" allocation (lib/networkLayout.ts cites its source): the addresses a real VPC would get.
    // Specs without a mask get awsx's /20 stand-in here; the program always gives masks.
    const laid = awsxAutoLayout(
        cidr,
        azs.length,
        specs.map((s) => ({ type: s.type, cidrMask: s.cidrMask ?? 20 })),
    );
    const subnets = laid.map((s, k) => {
        const az = azs[s.az];
        const id = `subnet-${ctx.hex(`${componentName}/${s.type}/${az}`, 17)}`;
        return {
            type: s.type,
            cidrBlock: s.cidrBlock,
            availabilityZone: az,
            azIndex: s.az,
            id,
            spec: specs[k % specs.length],
        };
    });
    return { cidr, azs, subnets, vpcId: `vpc-${ctx.hex(`${componentName}/vpc`, 17)}` };
}

const vpc: ComputedModel = (args, ctx) => {
    const { subnets, vpcId } = awsxVpcLayout(args.name, args.inputs as AwsxVpcInputs, ctx);
    const ids = (t: SubnetType) => subnets.filter((s) => s.type === t).map((s) => s.id);
    const layout = subnets.map(({ type, cidrBlock, availabilityZone, id }) => ({
        type,
        cidrBlock,
        availabilityZone,
        id,
    }));
    return {
        vpcId,
        publicSubnetIds: ids("Public"),
        privateSubnetIds: ids("Private"),
        isolatedSubnetIds: ids("Isolated"),
        subnetLayout: layout,
    };
};

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
                        args: [
                            "--region",
                            region,
                            "eks",
                            "get-token",
                            "--cluster-name",
                            clusterName,
                            "--output",
                            "json",
                        ],
                        env: [
                            {
                                name: "KUBERNETES_EXEC_INFO",
                                value: `{"apiVersion": "client.authentication.k8s.io/v1beta1"}`,
                            },
                        ],
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

/** The physical name of an eks:index:Cluster's EKS cluster: its `name` input, else the provider's auto-name of `<name>-eksCluster`. */
export const eksClusterName = (componentName: string, inputs: Record<string, unknown>, ctx: MockContext): string =>
    typeof inputs.name === "string"
        ? inputs.name
        : `${componentName}-eksCluster-${ctx.hex(`${componentName}/eks-name`, 7)}`;

/** The IDs of @pulumi/eks's own security groups (outputs here, and their modelled children in remoteChildrenEksSecurityGroups.ts). */
export const eksSecurityGroupIds = (componentName: string, ctx: MockContext) => ({
    cluster: `sg-${ctx.hex(`${componentName}/cluster-sg`, 17)}`,
    node: `sg-${ctx.hex(`${componentName}/node-sg`, 17)}`,
});

const eksCluster: ComputedModel = (args, ctx) => {
    const name = eksClusterName(args.name, args.inputs as Record<string, unknown>, ctx);
    const { endpoint, issuer, caData } = eksIdentity(name, ctx);
    const kubeconfig = eksKubeconfig(name, endpoint, caData, ctx.region);
    const createOidc = args.inputs.createOidcProvider !== false;
    return {
        kubeconfig,
        kubeconfigJson: JSON.stringify(kubeconfig),
        // @pulumi/eks's own security groups (it creates both unless skipDefaultSecurityGroups).
        clusterSecurityGroupId: eksSecurityGroupIds(args.name, ctx).cluster,
        nodeSecurityGroupId: eksSecurityGroupIds(args.name, ctx).node,
        oidcProviderArn: createOidc ? `arn:aws:iam::${ctx.accountId}:oidc-provider/${issuer}` : "",
        oidcProviderUrl: `https://${issuer}`,
        oidcIssuer: issuer,
    };
};

export const remoteModels: Record<string, ComputedModel> = {
    "awsx:ec2:Vpc": vpc,
    "eks:index:Cluster": eksCluster,
};
