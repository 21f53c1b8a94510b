/**
 * The jumpbox: the way into the private EKS API. No SSH, no public IP, no inbound rule at all: operators
 * reach it through SSM Session Manager, which dials out from the instance (443 via the NAT gateway), and
 * forward a local port to the API through it (AWS-StartPortForwardingSessionToRemoteHost). Its role holds
 * ONLY AmazonSSMManagedInstanceCore and it has no EKS access entry: kubectl runs on the operator's machine
 * with the operator's own admin role, so a compromised jumpbox gets no Kubernetes rights.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

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

/** AWS's public SSM parameter for the latest Amazon Linux 2023 arm64 AMI (Amazon Linux 2023 user guide). */
export const AL2023_ARM64_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
export const SSM_CORE_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
const HTTPS = 443;

export class Jumpbox extends pulumi.ComponentResource {
    readonly instanceId: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: JumpboxArgs, opts?: pulumi.ComponentResourceOptions) {
        const instanceType = args.instanceType ?? "t4g.nano";
        super("osprey:cluster:Jumpbox", name, { instanceType }, opts);
        const parent = { parent: this };

        const sg = new aws.ec2.SecurityGroup(
            name,
            {
                description: "Jumpbox: no inbound at all (SSM Session Manager dials out); outbound HTTPS only",
                vpcId: args.vpcId,
                tags: { Name: name, "osprey:role": "jumpbox" },
            },
            parent,
        );
        // SSM, EC2 messages and the EKS API are all HTTPS; the SSM endpoints are public (no interface
        // endpoints: three would cost ~$22/month), so the destination cannot be narrower than anywhere.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-https-out`,
            {
                securityGroupId: sg.id,
                description: "HTTPS to SSM endpoints (via NAT) and the EKS API",
                ipProtocol: "tcp",
                fromPort: HTTPS,
                toPort: HTTPS,
                cidrIpv4: "0.0.0.0/0",
            },
            parent,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-to-eks-api`,
            {
                securityGroupId: args.clusterSecurityGroupId,
                description: "EKS API from the jumpbox (SSM port forwarding)",
                ipProtocol: "tcp",
                fromPort: HTTPS,
                toPort: HTTPS,
                referencedSecurityGroupId: sg.id,
            },
            parent,
        );

        const role = new aws.iam.Role(
            name,
            {
                description: "Jumpbox instance: SSM Session Manager only",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
            },
            parent,
        );
        new aws.iam.RolePolicyAttachment(`${name}-ssm-core`, { role: role.name, policyArn: SSM_CORE_POLICY_ARN }, parent);
        const profile = new aws.iam.InstanceProfile(name, { role: role.name }, parent);

        const ami = aws.ssm.getParameterOutput({ name: AL2023_ARM64_AMI_PARAMETER }, parent);
        const instance = new aws.ec2.Instance(
            name,
            {
                ami: ami.value,
                instanceType,
                subnetId: pulumi.output(args.privateSubnetIds).apply((ids) => {
                    if (ids.length === 0) throw new Error(`Jumpbox ${name}: privateSubnetIds is empty`);
                    return ids[0];
                }),
                associatePublicIpAddress: false,
                vpcSecurityGroupIds: [sg.id],
                iamInstanceProfile: profile.name,
                // IMDSv2 only, and one hop: a container on the box cannot borrow the instance role.
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                rootBlockDevice: { volumeType: "gp3", volumeSize: args.rootVolumeGib ?? 8, encrypted: true, deleteOnTermination: true },
                tags: { Name: name, "osprey:role": "jumpbox" },
            },
            // The parameter moves with every AMI release; replacing the box each time would cut open sessions.
            // Patch in place (dnf upgrade via SSM) and replace deliberately with `pulumi up --replace <urn>`.
            { parent: this, ignoreChanges: ["ami"] },
        );

        this.instanceId = instance.id;
        this.securityGroupId = sg.id;
        this.roleArn = role.arn;
        this.registerOutputs({ instanceId: this.instanceId, securityGroupId: this.securityGroupId });
    }
}
