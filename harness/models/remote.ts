/**
 * Models of the remote (multi-language) components the program uses. Under mocks a remote component arrives as
 * ONE resource with its inputs and no children, so these compute the outputs the program reads from it.
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

const vpc: ComputedModel = (args, ctx) => {
    const i = args.inputs as {
        cidrBlock?: string;
        numberOfAvailabilityZones?: number;
        availabilityZoneNames?: string[];
        subnetSpecs?: { type: SubnetType; cidrMask?: number; name?: string }[];
    };
    const cidr = i.cidrBlock ?? "10.0.0.0/16";
    const azs = i.availabilityZoneNames ?? ["a", "b", "c", "d", "e", "f"].slice(0, i.numberOfAvailabilityZones ?? 3).map((s) => `${ctx.region}${s}`);
    const specs = i.subnetSpecs ?? [{ type: "Private" }, { type: "Public" }];
    const ids: Record<SubnetType, string[]> = { Public: [], Private: [], Isolated: [] };
    // awsx's own "Auto" allocation (lib/networkLayout.ts cites its source): the addresses a real VPC would get.
    // Specs without a mask get awsx's /20 stand-in here; the program always gives masks.
    const laid = awsxAutoLayout(
        cidr,
        azs.length,
        specs.map((s) => ({ type: s.type, cidrMask: s.cidrMask ?? 20 })),
    );
    const layout = laid.map((s) => {
        const az = azs[s.az];
        const id = `subnet-${ctx.hex(`${args.name}/${s.type}/${az}`, 17)}`;
        ids[s.type].push(id);
        return { type: s.type, cidrBlock: s.cidrBlock, availabilityZone: az, id };
    });
    const vpcId = `vpc-${ctx.hex(`${args.name}/vpc`, 17)}`;
    return { vpcId, publicSubnetIds: ids.Public, privateSubnetIds: ids.Private, isolatedSubnetIds: ids.Isolated, subnetLayout: layout };
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

const eksCluster: ComputedModel = (args, ctx) => {
    const name = (args.inputs.name as string | undefined) ?? `${args.name}-eksCluster-${ctx.hex(`${args.name}/eks-name`, 7)}`;
    const { endpoint, issuer, caData } = eksIdentity(name, ctx);
    const kubeconfig = eksKubeconfig(name, endpoint, caData, ctx.region);
    const createOidc = args.inputs.createOidcProvider !== false;
    return {
        kubeconfig,
        kubeconfigJson: JSON.stringify(kubeconfig),
        // @pulumi/eks's own security groups (it creates both unless skipDefaultSecurityGroups).
        clusterSecurityGroupId: `sg-${ctx.hex(`${args.name}/cluster-sg`, 17)}`,
        nodeSecurityGroupId: `sg-${ctx.hex(`${args.name}/node-sg`, 17)}`,
        oidcProviderArn: createOidc ? `arn:aws:iam::${ctx.accountId}:oidc-provider/${issuer}` : "",
        oidcProviderUrl: `https://${issuer}`,
        oidcIssuer: issuer,
    };
};

export const remoteModels: Record<string, ComputedModel> = {
    "awsx:ec2:Vpc": vpc,
    "eks:index:Cluster": eksCluster,
};
