/**
 * Shared pieces of the cluster tests: component args built from a real stack file (Pulumi.<stack>.yaml through
 * the config parser), exactly as the report's wiring builds them, and queries over the recorded graph.
 */
import type { ClusterArgs } from "../../components/cluster";
import { platformSettings } from "../../wiring";
import type { PlainConfig } from "../../config/parse";
import { RecordedResource } from "../../harness/graph";
export { stackConfig, ofType, one } from "../graphHelpers";

export const T = {
    eks: "eks:index:Cluster",
    nodeGroup: "eks:index:ManagedNodeGroup",
    k8sProvider: "pulumi:providers:kubernetes",
    release: "kubernetes:helm.sh/v3:Release",
    secretStore: "kubernetes:external-secrets.io/v1:ClusterSecretStore",
    namespace: "kubernetes:core/v1:Namespace",
    quota: "kubernetes:core/v1:ResourceQuota",
    limitRange: "kubernetes:core/v1:LimitRange",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    iamRole: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    kmsKey: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    ecr: "aws:ecr/repository:Repository",
    lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    instance: "aws:ec2/instance:Instance",
    profile: "aws:iam/instanceProfile:InstanceProfile",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
} as const;

/** A VPC as the platform's Network hands it over (IDs in AWS's formats). */
export const VPC = {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
    publicSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
};

/** The platform's alarm topic as the IP-sync component hands it over (an SNS ARN in AWS's format). */
export const ALARM_TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:osprey-sync-alarms-1a2b3c4";

/** ClusterArgs exactly as index.ts wires them from the stack config (wiring.ts), on a fixed VPC. */
export function clusterArgsFrom(cfg: PlainConfig, extra: Partial<ClusterArgs> = {}): ClusterArgs {
    if (!cfg.ownsPlatform) throw new Error(`stack ${cfg.environment} does not own the platform`);
    return {
        ...platformSettings(cfg.platform, cfg, "us-east-1").cluster,
        ...VPC,
        vpcCidr: cfg.platform.network.cidrBlock,
        alarmTopicArn: ALARM_TOPIC_ARN,
        ...extra,
    };
}

export const quotaFrom = (cfg: PlainConfig) => cfg.workloads.quota;

/** Every resource whose type token starts with `kubernetes:` (custom or component). */
export const kubernetesResources = (resources: RecordedResource[]) =>
    resources.filter((r) => r.type.startsWith("kubernetes:"));

/** The explicit provider a resource was registered with: the recorded `pulumi:providers:kubernetes` resource, or undefined. */
export function kubernetesProviderOf(resources: RecordedResource[], r: RecordedResource): RecordedResource | undefined {
    if (!r.provider) return undefined;
    const urn = r.provider.split("::").slice(0, -1).join("::");
    return resources.find((p) => p.urn === urn && p.type === T.k8sProvider);
}

/** Parses a JSON policy input (plain or already an object). */
export const doc = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as Record<string, unknown>;
