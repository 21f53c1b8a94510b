/**
 * The customer-managed deployment agent (README, Delivery): Pulumi's hosted runners cannot reach the cluster's private
 * API, so deployments run on an agent inside the VPC. One EC2 instance in a private subnet, no inbound rule, no public
 * IP, SSM for a shell; it polls Pulumi Cloud over HTTPS (through the NAT) and runs each deployment in a Docker
 * container of the executor image. Its pool token (Pulumi Cloud > Settings > Deployment runners > Add new pool) is
 * put into the Secrets Manager secret this component creates, out of band; the instance reads it at boot.
 *
 * The agent holds no cloud credentials of its own: each deployment exchanges its Pulumi OIDC token for its stack's
 * deployment role (identity.ts). IMDSv2 with one hop keeps the executor containers off the instance role.
 * Installed from github.com/pulumi/customer-managed-deployment-agent releases
 * (v<version>/customer-managed-deployment-agent-v<version>-linux-arm64.tar.gz, as that repository's install.sh names
 * them); configured by pulumi-deployment-agent.yaml (`token:`) in the extracted directory (Pulumi docs,
 * "Customer-managed agents").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { gravitonInstanceTypeProblem } from "../../lib/clusterRules";
import { agentVersionProblem } from "../../lib/deliveryRules";
import { refuseInvalidArgs } from "../invalidArgs";

// The same AMI and SSM policy as the jumpbox (the agent is the same kind of private, SSM-only instance).
import { AL2023_ARM64_AMI_PARAMETER, SSM_CORE_POLICY_ARN } from "../cluster/jumpbox";
const HTTPS = 443;

export interface DeploymentAgentArgs {
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string[]>;
    /** The EKS cluster security group: it admits 443 from the agent. */
    clusterSecurityGroupId: pulumi.Input<string>;
    instanceType: string;
    version: string;
    rootVolumeGib: number;
    /** Secrets Manager name of the pool token (lib/naming.ts DEPLOY_AGENT_TOKEN_SECRET_NAME). */
    tokenSecretName: string;
    region: string;
}

/** Every problem with the args, each naming its field (a top-level component: it checks its own args). */
export function deploymentAgentArgProblems(args: Pick<DeploymentAgentArgs, "instanceType" | "version" | "rootVolumeGib">): string[] {
    const problems: string[] = [];
    const type = gravitonInstanceTypeProblem(args.instanceType);
    if (type) problems.push(`instanceType: ${type}`);
    const version = agentVersionProblem(args.version);
    if (version) problems.push(`version: ${version}`);
    const gib = args.rootVolumeGib;
    if (!Number.isInteger(gib) || gib < 20 || gib > 200) problems.push(`rootVolumeGib: ${gib} must be an integer from 20 to 200`);
    return problems;
}

/** The instance's boot script (pure, tested): Docker, the agent release, the token from Secrets Manager, a systemd unit. */
export function agentUserData(a: { version: string; tokenSecretArn: string; region: string }): string {
    if (!/^\d+\.\d+\.\d+$/.test(a.version)) throw new Error(`agent version "${a.version}" is not x.y.z`);
    const tarball = `customer-managed-deployment-agent-v${a.version}-linux-arm64.tar.gz`;
    const url = `https://github.com/pulumi/customer-managed-deployment-agent/releases/download/v${a.version}/${tarball}`;
    return [
        "#!/bin/bash",
        "set -euo pipefail",
        "dnf install -y docker",
        "systemctl enable --now docker",
        "useradd --system --create-home --groups docker pulumi-agent || true",
        "install -d -o pulumi-agent /opt/pulumi-agent",
        `curl --fail --location --retry 3 -o /tmp/agent.tar.gz ${url}`,
        "tar -xzf /tmp/agent.tar.gz -C /opt/pulumi-agent --strip-components=1",
        // The token never lands in user data or in state: the service reads it with the instance role at every start, so a
        // rotation is put-secret-value + restart, and a secret still empty at boot only delays the agent (systemd retries).
        "cat > /opt/pulumi-agent/start.sh <<'START'",
        "#!/bin/bash",
        "set -euo pipefail",
        `TOKEN=$(aws secretsmanager get-secret-value --region ${a.region} --secret-id ${a.tokenSecretArn} --query SecretString --output text)`,
        'if [ -z "$TOKEN" ]; then echo "agent pool token secret is empty (README, Delivery)" >&2; exit 1; fi',
        "umask 077",
        `printf 'token: %s\\nversion: v${a.version}\\n' "$TOKEN" > /opt/pulumi-agent/pulumi-deployment-agent.yaml`,
        "exec /opt/pulumi-agent/customer-managed-deployment-agent run",
        "START",
        "chmod 0755 /opt/pulumi-agent/start.sh",
        "chown -R pulumi-agent /opt/pulumi-agent",
        "cat > /etc/systemd/system/pulumi-deployment-agent.service <<'UNIT'",
        "[Unit]",
        "Description=Pulumi customer-managed deployment agent",
        "After=docker.service network-online.target",
        "Requires=docker.service",
        "StartLimitIntervalSec=0",
        "[Service]",
        "User=pulumi-agent",
        "WorkingDirectory=/opt/pulumi-agent",
        "ExecStart=/opt/pulumi-agent/start.sh",
        "Restart=always",
        "RestartSec=30",
        "[Install]",
        "WantedBy=multi-user.target",
        "UNIT",
        "systemctl daemon-reload",
        "systemctl enable --now pulumi-deployment-agent",
        "",
    ].join("\n");
}

export class DeploymentAgent extends pulumi.ComponentResource {
    readonly instanceId: pulumi.Output<string>;
    readonly tokenSecretName: pulumi.Output<string>;

    constructor(name: string, args: DeploymentAgentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:delivery:DeploymentAgent", name, { instanceType: args.instanceType, version: args.version }, opts);
        refuseInvalidArgs(this, "DeploymentAgent", name, deploymentAgentArgProblems(args));
        const parent = { parent: this };
        const tags = { Name: name, "osprey:role": "deployment-agent" };

        // Filled out of band (the pool token is shown once by Pulumi Cloud): no value in the program or its state.
        const token = new aws.secretsmanager.Secret(
            `${name}-pool-token`,
            { name: args.tokenSecretName, description: "Pulumi Cloud deployment agent pool token (set with aws secretsmanager put-secret-value)" },
            parent,
        );

        const sg = new aws.ec2.SecurityGroup(
            name,
            { description: "Deployment agent: no inbound; outbound HTTPS (Pulumi Cloud, GitHub, registries, AWS APIs, EKS API)", vpcId: args.vpcId, tags },
            parent,
        );
        // Pulumi Cloud, GitHub, npm, Docker Hub and the AWS APIs are public and move: the destination cannot be narrower.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-https-out`,
            {
                securityGroupId: sg.id,
                description: "HTTPS out (via NAT) and to the EKS API",
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
                description: "EKS API from the deployment agent",
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
                description: "Deployment agent instance: SSM and its pool token only (deployments bring their own OIDC role)",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
            },
            parent,
        );
        new aws.iam.RolePolicyAttachment(`${name}-ssm-core`, { role: role.name, policyArn: SSM_CORE_POLICY_ARN }, parent);
        new aws.iam.RolePolicy(
            `${name}-pool-token`,
            {
                role: role.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Sid: "ReadPoolToken", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: token.arn }],
                }),
            },
            parent,
        );
        const profile = new aws.iam.InstanceProfile(name, { role: role.name }, parent);

        const ami = aws.ssm.getParameterOutput({ name: AL2023_ARM64_AMI_PARAMETER }, parent);
        const instance = new aws.ec2.Instance(
            name,
            {
                ami: ami.value,
                instanceType: args.instanceType,
                subnetId: pulumi.output(args.privateSubnetIds).apply((ids) => {
                    if (ids.length === 0) throw new Error(`DeploymentAgent ${name}: privateSubnetIds is empty`);
                    return ids[0];
                }),
                associatePublicIpAddress: false,
                vpcSecurityGroupIds: [sg.id],
                iamInstanceProfile: profile.name,
                userData: token.arn.apply((arn) => agentUserData({ version: args.version, tokenSecretArn: arn, region: args.region })),
                userDataReplaceOnChange: true,
                // IMDSv2 only, one hop: the executor containers cannot borrow the instance role.
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                rootBlockDevice: { volumeType: "gp3", volumeSize: args.rootVolumeGib, encrypted: true, deleteOnTermination: true },
                tags,
            },
            // A new AMI does not replace the agent mid-deployment; replace deliberately (README, Delivery).
            { parent: this, ignoreChanges: ["ami"], dependsOn: [token] },
        );
        this.instanceId = instance.id;
        this.tokenSecretName = token.name;
        this.registerOutputs({ instanceId: this.instanceId });
    }
}
