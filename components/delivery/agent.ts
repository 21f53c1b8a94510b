/**
 * The customer-managed deployment agent (docs/delivery.md): Pulumi's hosted runners cannot reach the cluster's private
 * API, so deployments run on an agent inside the VPC. One EC2 instance in a private subnet, no inbound rule, no public
 * IP, SSM for a shell; it polls Pulumi Cloud over HTTPS (through the NAT) and runs each deployment in a Docker
 * container of the executor image. Its pool token (Pulumi Cloud > Settings > Deployment runners > Add new pool) is
 * put into the Secrets Manager secret this component creates, out of band; the instance reads it at boot.
 *
 * The agent holds no cloud credentials of its own: each deployment exchanges its Pulumi OIDC token for its stack's
 * deployment role (identity.ts). IMDSv2 with one hop keeps the executor containers off the instance role.
 * Installed from github.com/pulumi/customer-managed-deployment-agent releases
 * (v<version>/customer-managed-deployment-agent-v<version>-linux-arm64.tar.gz, as that repository's install.sh names
 * them), verified before it is extracted (agentReleaseCheck); configured by pulumi-deployment-agent.yaml (`token:`) in
 * the extracted directory (Pulumi docs, "Customer-managed agents").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { gravitonInstanceTypeProblem } from "../../lib/clusterRules";
import { agentVersionProblem } from "../../lib/deliveryRules";
import { problem, Problem, problemIf } from "../../lib/problems";
import { refuseInvalidArgs } from "../invalidArgs";

// The same kind of private, SSM-only instance as the jumpbox: one builder for both.
import { privateSsmInstance } from "../cluster/privateSsmInstance";

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
export function deploymentAgentArgProblems(
    args: Pick<DeploymentAgentArgs, "instanceType" | "version" | "rootVolumeGib">,
): Problem[] {
    const problems = [
        ...problemIf("instanceType", gravitonInstanceTypeProblem(args.instanceType)),
        ...problemIf("version", agentVersionProblem(args.version)),
    ];
    const gib = args.rootVolumeGib;
    if (!Number.isInteger(gib) || gib < 20 || gib > 200)
        problems.push(problem("rootVolumeGib", `${gib} must be an integer from 20 to 200`));
    return problems;
}

/**
 * The key the agent's releases are signed with: cosign.pub of github.com/pulumi/customer-managed-deployment-agent,
 * unchanged since it was added (94a955c "Add cosign keypairs", 2023-12-20), read at tag v1.4.1 (c5c3d114). That
 * repository's .goreleaser.yaml, from v0.0.5 (c6b4ff67) to v1.4.1, publishes `checksums.txt` (goreleaser's sha256 of
 * every archive) and signs every artifact, checksums.txt included, with
 * `cosign sign-blob --key=cosign.key --output-signature=${signature}` (goreleaser's default signature name:
 * `${artifact}.sig`). Replace it only with the file from that repository, and say where it was read.
 */
export const AGENT_RELEASE_PUBLIC_KEY = [
    "-----BEGIN PUBLIC KEY-----",
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEUXSPM919ViLlK8NxbaRe3j/0nfKv",
    "6eYNQX2Zym1/q6/x64bAd9oDgXMMaBTQnKuwnQwTUCeTKcPOYZ91lGqRsg==",
    "-----END PUBLIC KEY-----",
].join("\n");

/**
 * Bash that verifies a downloaded release in the current directory before anything is extracted (pure; the tests run
 * it): checksums.txt.sig is a signature of checksums.txt by the release key, and checksums.txt lists exactly one sha256
 * for the tarball, which the tarball has. Any failure exits 1 with the reason, so the boot script stops before the
 * agent is extracted or its service written: fail closed, the agent never starts.
 * A cosign key signature of a blob is the base64 of an ECDSA P-256 signature over the blob's SHA-256, which
 * `openssl dgst -sha256 -verify` checks without cosign on the instance.
 */
export function agentReleaseCheck(tarball: string, publicKeyPem: string = AGENT_RELEASE_PUBLIC_KEY): string[] {
    if (!/^[A-Za-z0-9._-]+$/.test(tarball)) throw new Error(`tarball name "${tarball}" is not a plain file name`);
    const fail = (why: string) =>
        `{ echo "agent release check: ${why}; the agent is not installed (docs/delivery.md)" >&2; exit 1; }`;
    return [
        "cat > release.pub <<'KEY'",
        publicKeyPem.trim(),
        "KEY",
        `base64 -d checksums.txt.sig > checksums.txt.sig.der || ${fail("checksums.txt.sig is not base64")}`,
        `openssl dgst -sha256 -verify release.pub -signature checksums.txt.sig.der checksums.txt >/dev/null || ${fail("checksums.txt is not signed by the release key")}`,
        'expected=""',
        `while read -r sum name; do if [ "$name" = "${tarball}" ]; then if [ -n "$expected" ]; then ${fail(`checksums.txt lists ${tarball} twice`)}; fi; expected="$sum"; fi; done < checksums.txt`,
        `[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || ${fail(`checksums.txt lists no sha256 for ${tarball}`)}`,
        `echo "$expected  ${tarball}" | sha256sum --check --strict --status - || ${fail(`${tarball} does not match its sha256 in checksums.txt`)}`,
    ];
}

/** The instance's boot script (pure, tested): Docker, the agent release (verified), the token from Secrets Manager, a systemd unit. */
export function agentUserData(a: { version: string; tokenSecretArn: string; region: string }): string {
    if (!/^\d+\.\d+\.\d+$/.test(a.version)) throw new Error(`agent version "${a.version}" is not x.y.z`);
    const tarball = `customer-managed-deployment-agent-v${a.version}-linux-arm64.tar.gz`;
    const release = `https://github.com/pulumi/customer-managed-deployment-agent/releases/download/v${a.version}`;
    return [
        "#!/bin/bash",
        "set -euo pipefail",
        // openssl checks the release's signature (AL2023 ships it; named so the check can never lack it).
        "dnf install -y docker openssl",
        "systemctl enable --now docker",
        "useradd --system --create-home --groups docker pulumi-agent || true",
        "install -d -o pulumi-agent /opt/pulumi-agent",
        'cd "$(mktemp -d)"',
        ...[tarball, "checksums.txt", "checksums.txt.sig"].map(
            (f) => `curl --fail --location --retry 3 -o ${f} ${release}/${f}`,
        ),
        // Nothing is extracted, and no service written, unless the release verifies (set -e: the script ends here).
        ...agentReleaseCheck(tarball),
        `tar -xzf ${tarball} -C /opt/pulumi-agent --strip-components=1`,
        // The token never lands in user data or in state: the service reads it with the instance role at every start, so a
        // rotation is put-secret-value + restart, and a secret still empty at boot only delays the agent (systemd retries).
        "cat > /opt/pulumi-agent/start.sh <<'START'",
        "#!/bin/bash",
        "set -euo pipefail",
        `TOKEN=$(aws secretsmanager get-secret-value --region ${a.region} --secret-id ${a.tokenSecretArn} --query SecretString --output text)`,
        'if [ -z "$TOKEN" ]; then echo "agent pool token secret is empty (docs/delivery.md)" >&2; exit 1; fi',
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
        super(
            "osprey:delivery:DeploymentAgent",
            name,
            { instanceType: args.instanceType, version: args.version },
            opts,
        );
        refuseInvalidArgs(this, "DeploymentAgent", name, deploymentAgentArgProblems(args));
        const parent = { parent: this };
        const tags = { Name: name, "osprey:role": "deployment-agent" };

        // Filled out of band (the pool token is shown once by Pulumi Cloud): no value in the program or its state.
        const token = new aws.secretsmanager.Secret(
            `${name}-pool-token`,
            {
                name: args.tokenSecretName,
                description: "Pulumi Cloud deployment agent pool token (set with aws secretsmanager put-secret-value)",
            },
            parent,
        );

        const { instance, role } = privateSsmInstance(this, name, {
            vpcId: args.vpcId,
            privateSubnetIds: args.privateSubnetIds,
            clusterSecurityGroupId: args.clusterSecurityGroupId,
            instanceType: args.instanceType,
            rootVolumeGib: args.rootVolumeGib,
            tags,
            descriptions: {
                securityGroup:
                    "Deployment agent: no inbound; outbound HTTPS (Pulumi Cloud, GitHub, registries, AWS APIs, EKS API)",
                httpsOut: "HTTPS out (via NAT) and to the EKS API",
                toEksApi: "EKS API from the deployment agent",
                role: "Deployment agent instance: SSM and its pool token only (deployments bring their own OIDC role)",
            },
            userData: token.arn.apply((arn) =>
                agentUserData({ version: args.version, tokenSecretArn: arn, region: args.region }),
            ),
            // A new AMI does not replace the agent mid-deployment; replace deliberately (docs/delivery.md).
            instanceDependsOn: [token],
            owner: "DeploymentAgent",
        });
        new aws.iam.RolePolicy(
            `${name}-pool-token`,
            {
                role: role.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadPoolToken",
                            Effect: "Allow",
                            Action: ["secretsmanager:GetSecretValue"],
                            Resource: token.arn,
                        },
                    ],
                }),
            },
            parent,
        );
        this.instanceId = instance.id;
        this.tokenSecretName = token.name;
        this.registerOutputs({ instanceId: this.instanceId });
    }
}
