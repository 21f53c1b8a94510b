/**
 * The jumpbox: the way into the private EKS API. No SSH, no public IP, no inbound rule at all: operators
 * reach it through SSM Session Manager, which dials out from the instance (443 via the NAT gateway), and
 * forward a local port to the API through it (AWS-StartPortForwardingSessionToRemoteHost). Its role holds
 * ONLY AmazonSSMManagedInstanceCore and it has no EKS access entry: kubectl runs on the operator's machine
 * with the operator's own admin role, so a compromised jumpbox gets no Kubernetes rights. The instance's shape is
 * the platform's one private-instance builder (privateSsmInstance.ts), shared with the deployment agent.
 */
import * as pulumi from "@pulumi/pulumi";
import { privateSsmInstance } from "./privateSsmInstance";

export interface JumpboxArgs {
    vpcId: pulumi.Input<string>;
    /** The instance goes into the first of these. */
    privateSubnetIds: pulumi.Input<string[]>;
    /** The EKS cluster security group that will admit 443 from the jumpbox. */
    clusterSecurityGroupId: pulumi.Input<string>;
    /** A Graviton type (the AMI is arm64); default t4g.nano ($0.0042/h, about $3/month). */
    instanceType?: string;
    /** Root volume size in GiB (default 8, the AL2023 AMI's own size). */
    rootVolumeGib?: number;
}

export class Jumpbox extends pulumi.ComponentResource {
    readonly instanceId: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: JumpboxArgs, opts?: pulumi.ComponentResourceOptions) {
        const instanceType = args.instanceType ?? "t4g.nano";
        super("osprey:cluster:Jumpbox", name, { instanceType }, opts);
        const {
            instance,
            securityGroup: sg,
            role,
        } = privateSsmInstance(this, name, {
            vpcId: args.vpcId,
            privateSubnetIds: args.privateSubnetIds,
            clusterSecurityGroupId: args.clusterSecurityGroupId,
            instanceType,
            rootVolumeGib: args.rootVolumeGib ?? 8,
            tags: { Name: name, "osprey:role": "jumpbox" },
            descriptions: {
                securityGroup: "Jumpbox: no inbound at all (SSM Session Manager dials out); outbound HTTPS only",
                httpsOut: "HTTPS to SSM endpoints (via NAT) and the EKS API",
                toEksApi: "EKS API from the jumpbox (SSM port forwarding)",
                role: "Jumpbox instance: SSM Session Manager only",
            },
            owner: "Jumpbox",
        });

        this.instanceId = instance.id;
        this.securityGroupId = sg.id;
        this.roleArn = role.arn;
        this.registerOutputs({ instanceId: this.instanceId, securityGroupId: this.securityGroupId });
    }
}
