/**
 * Shared pieces of the data-layer tests: DataArgs built from a real stack file (Pulumi.<stack>.yaml through the
 * config parser), stand-ins for the cluster layer's outputs in their real shapes, and queries over the graph.
 */
import { X509Certificate } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { DataArgs } from "../../components/data";
import type { PlatformOutputs } from "../../components/platform";
import { dataSettings } from "../../wiring";
import type { PlainConfig } from "../../config/parse";
export { stackConfig, ofType, one, revealDeep, plainStrings } from "../graphHelpers";
import { revealDeep } from "../graphHelpers";

export const T = {
    instance: "aws:rds/instance:Instance",
    subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    randomBytes: "random:index/randomBytes:RandomBytes",
    randomId: "random:index/randomId:RandomId",
    bucket: "aws:s3/bucket:Bucket",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    cert: "aws:acm/certificate:Certificate",
    certValidation: "aws:acm/certificateValidation:CertificateValidation",
    dns: "cloudflare:index/dnsRecord:DnsRecord",
    externalSecret: "kubernetes:external-secrets.io/v1:ExternalSecret",
    job: "kubernetes:batch/v1:Job",
    k8sProvider: "pulumi:providers:kubernetes",
} as const;

/** Stand-ins for the cluster layer's outputs, in EKS's shapes (IDs with AWS's prefixes, the issuer's URL form). */
export const CLUSTER = {
    nodeSecurityGroupId: "sg-0a1b2c3d4e5f60718",
    oidcIssuerHost: "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    get oidcProviderUrl() {
        return `https://${this.oidcIssuerHost}`;
    },
    get oidcProviderArn() {
        return `arn:aws:iam::123456789012:oidc-provider/${this.oidcIssuerHost}`;
    },
    vpcId: "vpc-0123456789abcdef0",
    privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
    dataSubnetIds: ["subnet-0d1e2f3a4b5c60001", "subnet-0d1e2f3a4b5c60002"],
};

/** A platform contract (components/platform/contract.ts) built from the stand-ins above, as a StackReference would give it. */
export function platformStandIn(): PlatformOutputs {
    const o = pulumi.output;
    return {
        vpcId: o(CLUSTER.vpcId),
        vpcCidr: o("10.40.0.0/16"),
        publicSubnetIds: o(["subnet-0b1c2d3e4f5a60001", "subnet-0b1c2d3e4f5a60002"]),
        privateSubnetIds: o(CLUSTER.privateSubnetIds),
        // lib/networkLayout.ts for 10.40.0.0/16 over two AZs (tests/cluster/networkLayout.test.ts).
        publicSubnetCidrs: o(["10.40.0.0/22", "10.40.128.0/22"]),
        dataSubnetIds: o<Record<string, string[]>>({
            main: CLUSTER.dataSubnetIds,
            demo: ["subnet-0d1e2f3a4b5c60081", "subnet-0d1e2f3a4b5c60082"],
        }),
        dataSubnetCidrs: o<Record<string, string[]>>({
            main: ["10.40.255.0/27", "10.40.255.32/27"],
            demo: ["10.40.255.128/27", "10.40.255.160/27"],
        }),
        cloudflareIpv4PrefixListId: o("pl-0a1b2c3d4e5f60001"),
        cloudflareIpv6PrefixListId: o("pl-0a1b2c3d4e5f60002"),
        clusterName: o("osprey"),
        kubernetesVersion: o("1.35"),
        kubeconfig: pulumi.secret("{}"),
        oidcProviderArn: o(CLUSTER.oidcProviderArn),
        oidcProviderUrl: o(CLUSTER.oidcProviderUrl),
        clusterSecurityGroupId: o("sg-0c1d2e3f4a5b60718"),
        nodeSecurityGroupId: o(CLUSTER.nodeSecurityGroupId),
        ecrRepositoryUrls: o<Record<string, string>>({}),
        externalSecretsRoleArn: o("arn:aws:iam::123456789012:role/osprey-external-secrets"),
        keycloakRealm: o("osprey"),
        alarmTopicArn: o("arn:aws:sns:us-east-1:123456789012:osprey-sync-alarms-0123456"),
    };
}

/** The explicit Kubernetes provider, as the cluster layer builds it from the kubeconfig. */
export function testK8sProvider(): k8s.Provider {
    return new k8s.Provider("k8s", { kubeconfig: "{}", enableServerSideApply: true });
}

/** DataArgs exactly as the lead wires them from the stack config (see the report's wiring code). */
export function dataArgsFrom(cfg: PlainConfig, k8sProvider: k8s.Provider, extra: Partial<DataArgs> = {}): DataArgs {
    return {
        environment: cfg.environment,
        environmentDomain: cfg.environmentDomain,
        vpcId: CLUSTER.vpcId,
        dataSubnetIds: CLUSTER.dataSubnetIds,
        nodeSecurityGroupId: CLUSTER.nodeSecurityGroupId,
        oidcProviderArn: CLUSTER.oidcProviderArn,
        oidcProviderUrl: CLUSTER.oidcProviderUrl,
        cloudflareZoneId: cfg.zone.zoneId,
        k8sProvider,
        ...dataSettings(cfg),
        ...extra,
    };
}

export const parseJson = (v: unknown) => JSON.parse(String(revealDeep(v))) as Record<string, unknown>;

/** RDS's DNS scheme: <identifier>.<12 lower-case alphanumerics>.<region>.rds.amazonaws.com (RDS User Guide, "Connecting"). */
export const rdsAddressRe = (identifier: string) =>
    new RegExp(`^${identifier}\\.[a-z0-9]{12}\\.us-east-1\\.rds\\.amazonaws\\.com$`);
/** The RDS-managed master secret's ARN: secret name rds!db-<uuid>, plus Secrets Manager's 6-character suffix. */
export const RDS_MASTER_SECRET_ARN_RE =
    /^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[A-Za-z0-9]{6}$/;

/** The certificates of a PEM bundle, in order (each block up to its END line). */
export const certificatesOfBundle = (pem: string): X509Certificate[] =>
    pem
        .split(/(?<=-----END CERTIFICATE-----)\n/)
        .filter((b) => b.trim() !== "")
        .map((b) => new X509Certificate(b));
