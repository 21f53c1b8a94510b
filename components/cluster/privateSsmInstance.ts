/**
 * The one shape of the platform's private instances (the jumpbox, the deployment agent): an arm64 Amazon Linux 2023
 * box in a private subnet, no public IP, a security group with NO inbound rule and HTTPS out only, 443 into the EKS
 * API from that group, a role with AmazonSSMManagedInstanceCore (Session Manager dials out, so no port is open), IMDSv2
 * with one hop (a container on the box cannot borrow the instance role), an encrypted gp3 root volume.
 *
 * A function, not a component: it registers its resources under the calling component with the logical names those
 * components have always used (`<name>`, `<name>-https-out`, `<name>-to-eks-api`, `<name>-ssm-core`), so their URNs are
 * unchanged and no alias is needed.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../../lib/iamPolicies";

/** AWS's public SSM parameter for the latest Amazon Linux 2023 arm64 AMI (Amazon Linux 2023 user guide). */
export const AL2023_ARM64_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
export const SSM_CORE_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
const HTTPS = 443;

export interface PrivateSsmInstanceArgs {
    vpcId: pulumi.Input<string>;
    /** The instance goes into the first of these. */
    privateSubnetIds: pulumi.Input<string[]>;
    /** The EKS cluster security group: it admits 443 from the instance's group. */
    clusterSecurityGroupId: pulumi.Input<string>;
    /** A Graviton type (the AMI is arm64). */
    instanceType: string;
    rootVolumeGib: number;
    /** Tags of the group and the instance (Name, osprey:role). */
    tags: Record<string, string>;
    /** What the group, its egress rule, the EKS API rule and the role are for, as the console shows them. */
    descriptions: { securityGroup: string; httpsOut: string; toEksApi: string; role: string };
    userData?: pulumi.Input<string>;
    /** The resources the instance waits for (beyond its own group and profile). */
    instanceDependsOn?: pulumi.Resource[];
    /** The component's kind, for errors ("Jumpbox", "DeploymentAgent"). */
    owner: string;
}

export interface PrivateSsmInstance {
    instance: aws.ec2.Instance;
    securityGroup: aws.ec2.SecurityGroup;
    role: aws.iam.Role;
}

export function privateSsmInstance(
    parent: pulumi.Resource,
    name: string,
    args: PrivateSsmInstanceArgs,
): PrivateSsmInstance {
    const opts = { parent };
    const sg = new aws.ec2.SecurityGroup(
        name,
        { description: args.descriptions.securityGroup, vpcId: args.vpcId, tags: args.tags },
        opts,
    );
    // SSM, EC2 messages, the EKS API and whatever the instance fetches are HTTPS on public, moving addresses (no interface
    // endpoints: three would cost ~$22/month), so the destination cannot be narrower than anywhere.
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-https-out`,
        {
            securityGroupId: sg.id,
            description: args.descriptions.httpsOut,
            ipProtocol: "tcp",
            fromPort: HTTPS,
            toPort: HTTPS,
            cidrIpv4: "0.0.0.0/0",
        },
        opts,
    );
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-to-eks-api`,
        {
            securityGroupId: args.clusterSecurityGroupId,
            description: args.descriptions.toEksApi,
            ipProtocol: "tcp",
            fromPort: HTTPS,
            toPort: HTTPS,
            referencedSecurityGroupId: sg.id,
        },
        opts,
    );

    const role = new aws.iam.Role(
        name,
        {
            description: args.descriptions.role,
            assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
        },
        opts,
    );
    new aws.iam.RolePolicyAttachment(`${name}-ssm-core`, { role: role.name, policyArn: SSM_CORE_POLICY_ARN }, opts);
    const profile = new aws.iam.InstanceProfile(name, { role: role.name }, opts);

    const ami = aws.ssm.getParameterOutput({ name: AL2023_ARM64_AMI_PARAMETER }, opts);
    const instance = new aws.ec2.Instance(
        name,
        {
            ami: ami.value,
            instanceType: args.instanceType,
            subnetId: pulumi.output(args.privateSubnetIds).apply((ids) => {
                if (ids.length === 0) throw new Error(`${args.owner} ${name}: privateSubnetIds is empty`);
                return ids[0];
            }),
            associatePublicIpAddress: false,
            vpcSecurityGroupIds: [sg.id],
            iamInstanceProfile: profile.name,
            ...(args.userData !== undefined ? { userData: args.userData, userDataReplaceOnChange: true } : {}),
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            rootBlockDevice: {
                volumeType: "gp3",
                volumeSize: args.rootVolumeGib,
                encrypted: true,
                deleteOnTermination: true,
            },
            tags: args.tags,
        },
        // The AMI parameter moves with every release; replacing the box each time would cut open sessions and running
        // deployments. Patch in place (dnf upgrade via SSM) and replace deliberately with `pulumi up --replace <urn>`.
        { parent, ignoreChanges: ["ami"], ...(args.instanceDependsOn ? { dependsOn: args.instanceDependsOn } : {}) },
    );
    return { instance, securityGroup: sg, role };
}
