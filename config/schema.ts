/**
 * The stack configuration schema: every key the program reads, its type, its description and how it is
 * validated. This module is pure (no Pulumi imports): `config/index.ts` feeds it the raw strings Pulumi
 * holds, and tests feed it the stack files directly. Pulumi.yaml's `config:` section declares the same keys
 * (a test keeps the two in step).
 */
import { ipv4CidrProblem, ipv6CidrProblem, privateBlockProblem } from "../lib/validators";
// Data layer: the same pure rules the components check their args with (no Pulumi imports).
import {
    backupRetentionProblem,
    DEFAULT_ENGINE_VERSION,
    DEFAULT_INSTANCE_CLASS,
    engineVersionFormatProblem,
    instanceClassProblem,
    noncurrentDaysProblem,
    slowStatementMsProblem,
    storageGbProblem,
} from "../lib/dataRules";
// Cluster layer: the same pure rules the cluster components check their args with (no Pulumi imports).
import {
    apiTunnelUrlProblem,
    cpuQuantityProblem,
    gravitonInstanceTypeProblem,
    iamRoleArnProblem,
    instanceTypeProblem,
    kubernetesVersionProblem,
    memoryQuantityProblem,
} from "../lib/clusterRules";

export const PROJECT = "osprey-strike";

export type ConfigType = "string" | "integer" | "boolean" | "array";

export interface KeySpec {
    type: ConfigType;
    description: string;
    /** Secret keys are read with getSecret and never printed; they have no default. */
    secret?: boolean;
    /** Default applied when the stack file does not set the key. Keys without a default are required. */
    default?: string | number | boolean | string[];
    /** Returns a problem (the fix included) or undefined. Runs on the parsed value. */
    check?: (value: never) => string | undefined;
}

const DOMAIN_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HEX32_RE = /^[0-9a-f]{32}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STACK_REF_RE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const domain = (v: string) =>
    DOMAIN_RE.test(v) ? undefined : `"${v}" is not a lower-case DNS name; set it like "osprey-strike.com" (no scheme, no trailing dot)`;
const hex32 = (what: string) => (v: string) =>
    HEX32_RE.test(v) ? undefined : `"${v}" is not a ${what} (32 lower-case hex characters, from the Cloudflare dashboard)`;
const atLeast = (min: number, max?: number) => (v: number) =>
    v < min || (max !== undefined && v > max)
        ? `${v} is out of range; use an integer ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`
        : undefined;
const oneOf =
    (...allowed: string[]) =>
    (v: string) =>
        allowed.includes(v) ? undefined : `"${v}" is not one of ${allowed.map((a) => `"${a}"`).join(", ")}`;
const eachOf = (check: (s: string) => string | undefined) => (vs: string[]) =>
    vs
        .map((s, i) => {
            const p = check(s);
            return p && `item ${i} ${p}`;
        })
        .find((p) => p !== undefined);

/** EventBridge schedule expressions: rate(1 hour) (singular for 1, plural otherwise) or a six-field cron(). */
function scheduleProblem(v: string): string | undefined {
    const rate = /^rate\(([1-9]\d*) (minute|hour|day)(s?)\)$/.exec(v);
    if (rate && (rate[1] === "1") === (rate[3] === "")) return undefined;
    if (/^cron\(\S+( \S+){5}\)$/.test(v)) return undefined;
    return `"${v}" is not an EventBridge schedule; use rate(1 hour), rate(30 minutes) or cron(0 * * * ? *)`;
}

/** Every key, in the order Pulumi.yaml lists them. */
export const SCHEMA = {
    // --- the stack model ---
    environment: {
        type: "string",
        description: "The application environment this stack deploys: main (continuous, auto-deploys on merge) or demo (stakeholder demos, manually promoted).",
        check: oneOf("main", "demo"),
    },
    ownsPlatform: {
        type: "boolean",
        description: "true when this stack creates the shared platform (VPC, EKS, ArgoCD, ECR, CI identity, IP sync); false to attach to platformStack's.",
    },
    platformStack: {
        type: "string",
        description: "Fully qualified name (org/project/stack) of the stack that owns the shared platform; empty when ownsPlatform is true.",
        default: "",
        check: (v: string) => (v === "" || STACK_REF_RE.test(v) ? undefined : `"${v}" is not "<org>/osprey-strike/<stack>"`),
    },
    // --- naming and DNS ---
    domain: {
        type: "string",
        description: "The apex domain of the Cloudflare zone, e.g. osprey-strike.com.",
        check: domain,
    },
    environmentDomain: {
        type: "string",
        description:
            "The environment's DNS name under the zone, e.g. main.osprey-strike.com, exactly one label under the zone; other apps get <app>-main.osprey-strike.com.",
        check: domain,
    },
    // --- Cloudflare ---
    cloudflareAccountId: {
        type: "string",
        description: "Cloudflare account ID that owns the zone, Access and Workers.",
        check: hex32("Cloudflare account ID"),
    },
    cloudflareZoneId: {
        type: "string",
        description: "Cloudflare zone ID of domain.",
        check: hex32("Cloudflare zone ID"),
    },
    cloudflareApiToken: {
        type: "string",
        secret: true,
        description: "Cloudflare API token (DNS, Zone settings, WAF, Access, Workers edit). Secret.",
    },
    // --- Cloudflare Access (layer 1) ---
    accessGoogleWorkspaceDomain: {
        type: "string",
        description: "Google Workspace domain whose users may log in through Access.",
        check: domain,
    },
    accessGoogleClientId: {
        type: "string",
        description: "OAuth client ID of the Google identity provider used by Access.",
        check: (v: string) =>
            v.endsWith(".apps.googleusercontent.com") ? undefined : `"${v}" is not a Google OAuth client ID (<id>.apps.googleusercontent.com)`,
    },
    accessGoogleClientSecret: {
        type: "string",
        secret: true,
        description: "OAuth client secret of the Google identity provider used by Access. Secret.",
    },
    accessExternalEmails: {
        type: "array",
        description: "External stakeholders (not in Google Workspace) allowed in with an email one-time PIN.",
        default: [],
        check: eachOf((v) => (EMAIL_RE.test(v) ? undefined : `"${v}" is not an email address`)),
    },
    accessOfficeBypassCidrs: {
        type: "array",
        description: "Office/VPN CIDRs that bypass Access login (main only; demo always requires authentication).",
        default: [],
        check: eachOf((v) => (v.includes(":") ? ipv6CidrProblem(v) : ipv4CidrProblem(v))),
    },
    accessSessionDuration: {
        type: "string",
        description: "How long an Access session lasts before re-authentication, e.g. 12h or 30m.",
        default: "12h",
        check: (v: string) => (/^\d+(h|m)$/.test(v) && parseInt(v, 10) > 0 ? undefined : `"${v}" is not a duration like 12h or 30m`),
    },
    // --- Twilio webhooks ---
    twilioAuthToken: {
        type: "string",
        secret: true,
        description: "Twilio auth token the webhook Worker verifies X-Twilio-Signature with. Secret.",
    },
    // --- edge layer (Cloudflare DNS, zone singletons, webhook Worker): components/edge ---
    edgeEnabled: {
        type: "boolean",
        description:
            "false only for a stack's first deploy, before the AWS Load Balancer Controller has created the environment's ALB (ingress group osprey-<environment>); the edge layer (DNS, Access, Worker) is then skipped. true afterwards.",
        default: true,
    },
    ownsZoneSettings: {
        type: "boolean",
        description:
            "true in the ONE stack that owns the zone- and account-wide singletons (zone TLS settings, WAF managed and rate-limit rulesets, the one-time-PIN identity provider); must equal ownsPlatform, because the other stack reads the owner's IdP ID through the platform StackReference.",
    },
    albHostname: {
        type: "string",
        description:
            "DNS name of the environment's ALB the proxied records point at; empty to look it up by the AWS Load Balancer Controller's tag ingress.k8s.aws/stack=osprey-<environment>.",
        default: "",
        check: (v: string) =>
            v === "" || DOMAIN_RE.test(v)
                ? undefined
                : `"${v}" is not a lower-case DNS name; set the ALB's DNS name (k8s-....elb.amazonaws.com) or leave it empty to look it up`,
    },
    webhookRateLimitRequests: {
        type: "integer",
        description:
            "Requests per 10 seconds one client IP may send to the Twilio webhook path at one Cloudflare data center before it is blocked for 10 seconds (the free plan allows only a 10 s period and timeout). Read by the stack that owns the zone settings.",
        default: 100,
        check: atLeast(1, 10000),
    },
    // --- ALB OIDC (layer 2, against Keycloak) ---
    keycloakIssuerUrl: {
        type: "string",
        description: "OIDC issuer URL of the Keycloak realm the ALB authenticates against, e.g. https://auth.osprey-strike.com/realms/osprey.",
        check: (v: string) => (/^https:\/\/[a-z0-9.-]+(:\d+)?\/realms\/[A-Za-z0-9_-]+$/.test(v) ? undefined : `"${v}" is not https://<host>/realms/<realm>`),
    },
    keycloakClientId: {
        type: "string",
        description: "Client ID of the environment's ALB OIDC client in Keycloak, e.g. osprey-alb-main.",
        check: (v: string) => (/^[A-Za-z0-9._-]{1,255}$/.test(v) ? undefined : `"${v}" is not a Keycloak client ID (letters, digits, . _ -)`),
    },
    keycloakClientSecret: {
        type: "string",
        secret: true,
        description: "Client secret of the environment's ALB OIDC client in Keycloak. Secret.",
    },
    // --- data layer (RDS, application secrets, attachments bucket, certificate): components/data ---
    dbInstanceClass: {
        type: "string",
        description: "RDS instance class of the environment's PostgreSQL database, e.g. db.t4g.small (~$0.032/h single-AZ).",
        default: DEFAULT_INSTANCE_CLASS,
        check: (v: string) => instanceClassProblem(v),
    },
    dbEngineVersion: {
        type: "string",
        description: 'PostgreSQL engine version: a major ("18": the newest 18.x, kept current by automatic minor upgrades) or major.minor ("18.1").',
        default: DEFAULT_ENGINE_VERSION,
        check: (v: string) => engineVersionFormatProblem(v),
    },
    dbAllowOtherMajorVersion: {
        type: "boolean",
        description: "true to allow a dbEngineVersion whose major is not 18 (the seed's PostgreSQL 18); a deliberate decision, off by default.",
        default: false,
    },
    dbAllocatedStorageGb: {
        type: "integer",
        description: "Initial gp3 storage of the database, GiB (20 to 65536).",
        default: 20,
        check: (v: number) => storageGbProblem(v),
    },
    dbMaxAllocatedStorageGb: {
        type: "integer",
        description: "Storage autoscaling ceiling of the database, GiB; at least dbAllocatedStorageGb.",
        default: 100,
        check: (v: number) => storageGbProblem(v),
    },
    dbBackupRetentionDays: {
        type: "integer",
        description: "Days RDS keeps automated backups (1 to 35): 7 on main, 1 on demo.",
        check: (v: number) => backupRetentionProblem(v),
    },
    dbDeletionProtection: {
        type: "boolean",
        description: "RDS deletion protection of the environment's database; must be true on main, demo may turn it off to be torn down.",
    },
    dbSlowStatementMs: {
        type: "integer",
        description: "Statements slower than this many milliseconds are logged (log_min_duration_statement), 1 to 60000.",
        default: 500,
        check: (v: number) => slowStatementMsProblem(v),
    },
    attachmentsNoncurrentVersionDays: {
        type: "integer",
        description: "Days the attachments bucket keeps a replaced or deleted object version before S3 expires it (1 to 3650).",
        default: 30,
        check: (v: number) => noncurrentDaysProblem(v),
    },
    // --- perimeter (platform-owning stack) ---
    vpcCidr: {
        type: "string",
        description: "IPv4 block of the platform VPC (RFC 1918, /16 to /20). Used only by the stack that owns the platform.",
        default: "10.40.0.0/16",
        check: (v: string) => privateBlockProblem(v),
    },
    availabilityZoneCount: {
        type: "integer",
        description: "Availability zones the VPC's public and private subnets span (2 or 3). Used only by the stack that owns the platform.",
        default: 2,
        check: atLeast(2, 3),
    },
    natGatewayStrategy: {
        type: "string",
        description: "NAT gateways for the private subnets: Single (one, ~$37/month with its IP) or OnePerAz (zone-resilient, one per AZ).",
        default: "Single",
        check: oneOf("Single", "OnePerAz"),
    },
    ipSyncSchedule: {
        type: "string",
        description: "EventBridge schedule of the Cloudflare IP-sync Lambda, e.g. rate(1 hour) or cron(0 * * * ? *).",
        default: "rate(1 hour)",
        check: (v: string) => scheduleProblem(v),
    },
    alarmEmail: {
        type: "string",
        description: "Email subscribed to the platform's alarm topic (IP-sync failures); empty for none.",
        default: "",
        check: (v: string) => (v === "" || EMAIL_RE.test(v) ? undefined : `"${v}" is not an email address; use one or leave it empty`),
    },
    // --- cluster layer (EKS, add-ons, jumpbox, ECR, environment namespaces): components/cluster ---
    kubernetesVersion: {
        type: "string",
        description:
            "Kubernetes minor version of the EKS cluster, e.g. 1.35. The program warns within 90 days of its end of EKS standard support (extended support costs ~$365/month more). Both stack files carry it: the environment namespaces pin their Pod Security labels to it.",
        default: "1.35",
        check: (v: string) => kubernetesVersionProblem(v),
    },
    clusterSupportType: {
        type: "string",
        description:
            "EKS upgrade policy at the end of standard support: STANDARD (EKS upgrades the control plane; no extended-support charge) or EXTENDED (stays on the version at $0.60/h instead of $0.10/h).",
        default: "STANDARD",
        check: oneOf("STANDARD", "EXTENDED"),
    },
    clusterEndpointPublicAccess: {
        type: "boolean",
        description: "true to open the EKS API endpoint publicly to clusterPublicAccessCidrs; false (default) keeps it private, reached through the jumpbox.",
        default: false,
    },
    clusterPublicAccessCidrs: {
        type: "array",
        description: "IPv4 CIDRs allowed to the public EKS endpoint (only with clusterEndpointPublicAccess; never 0.0.0.0/0).",
        default: [],
        check: eachOf((v) => ipv4CidrProblem(v)),
    },
    clusterAdminRoleArns: {
        type: "array",
        description:
            "IAM role ARNs given cluster admin through EKS access entries (AmazonEKSClusterAdminPolicy). Not the role that runs pulumi up: EKS already made it admin as the cluster creator.",
        default: [],
        check: eachOf((v) => iamRoleArnProblem(v)),
    },
    nodeInstanceTypes: {
        type: "array",
        description: "EC2 instance types of the managed node group, one CPU architecture (seed: t3.medium).",
        default: ["t3.medium"],
        check: (vs: string[]) => (vs.length === 0 ? "list at least one instance type" : eachOf((v) => instanceTypeProblem(v))(vs)),
    },
    nodeCapacityType: {
        type: "string",
        description: "Capacity type of the managed node group: ON_DEMAND or SPOT.",
        default: "ON_DEMAND",
        check: oneOf("ON_DEMAND", "SPOT"),
    },
    nodeMinSize: {
        type: "integer",
        description: "Minimum nodes in the managed node group (min <= desired <= max).",
        default: 2,
        check: atLeast(1, 20),
    },
    nodeDesiredSize: {
        type: "integer",
        description: "Desired nodes in the managed node group (seed: 2).",
        default: 2,
        check: atLeast(1, 20),
    },
    nodeMaxSize: {
        type: "integer",
        description: "Maximum nodes in the managed node group.",
        default: 3,
        check: atLeast(1, 20),
    },
    jumpboxInstanceType: {
        type: "string",
        description: "Instance type of the jumpbox, Graviton (arm64 Amazon Linux 2023), e.g. t4g.nano.",
        default: "t4g.nano",
        check: (v: string) => gravitonInstanceTypeProblem(v),
    },
    ecrUntaggedImagesToKeep: {
        type: "integer",
        description: "Untagged images each ECR repository keeps, newest first (past branch-main digests to roll back to); older ones expire.",
        default: 10,
        check: atLeast(1, 1000),
    },
    kubernetesEnabled: {
        type: "boolean",
        description:
            "false only for the platform's first deploy: creates EKS, the jumpbox and ECR but no Kubernetes resources, because the private API is reachable only through the jumpbox that run creates. true afterwards.",
        default: true,
    },
    kubernetesApiTunnelUrl: {
        type: "string",
        description:
            "Local end of the jumpbox's SSM port forward to the EKS API (https://127.0.0.1:8443) when pulumi runs outside the VPC; empty inside it. TLS still verifies the cluster's name.",
        default: "",
        check: (v: string) => apiTunnelUrlProblem(v),
    },
    namespaceQuotaRequestsCpu: {
        type: "string",
        description: "ResourceQuota of this environment's namespace: total CPU requests (Kubernetes quantity, e.g. 1500m).",
        default: "1",
        check: (v: string) => cpuQuantityProblem(v),
    },
    namespaceQuotaRequestsMemory: {
        type: "string",
        description: "ResourceQuota of this environment's namespace: total memory requests (e.g. 3Gi).",
        default: "2Gi",
        check: (v: string) => memoryQuantityProblem(v),
    },
    namespaceQuotaLimitsCpu: {
        type: "string",
        description: "ResourceQuota of this environment's namespace: total CPU limits (at least the requests).",
        default: "2",
        check: (v: string) => cpuQuantityProblem(v),
    },
    namespaceQuotaLimitsMemory: {
        type: "string",
        description: "ResourceQuota of this environment's namespace: total memory limits (at least the requests).",
        default: "4Gi",
        check: (v: string) => memoryQuantityProblem(v),
    },
    namespaceQuotaPods: {
        type: "integer",
        description: "ResourceQuota of this environment's namespace: maximum pods.",
        default: 20,
        check: atLeast(1, 200),
    },
    // --- CI identity (platform-owning stack) ---
    githubRepository: {
        type: "string",
        description: "owner/repo whose GitHub Actions may push images through OIDC (keyless CI). Used only by the stack that owns the platform.",
        check: (v: string) => (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v) ? undefined : `"${v}" is not owner/repo (no wildcards)`),
    },
    githubBranch: {
        type: "string",
        description: "The one branch whose workflows may assume the CI role (merges to it deploy).",
        default: "main",
        check: (v: string) => (/^[A-Za-z0-9_./-]+$/.test(v) && !v.includes("..") ? undefined : `"${v}" is not a branch name (no wildcards)`),
    },
    githubOidcProviderArn: {
        type: "string",
        description: "ARN of the account's existing GitHub OIDC provider (an account has one per URL); empty to create it.",
        default: "",
        check: (v: string) =>
            v === "" || /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(v)
                ? undefined
                : `"${v}" is not arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`,
    },
    // --- workloads ---
    apiReplicas: {
        type: "integer",
        description: "Go API replicas in this environment (seed: 2 on main, 1 on demo). At 3 or more the program adds Redis.",
        check: atLeast(1, 20),
    },
    webReplicas: {
        type: "integer",
        description: "Next.js web replicas in this environment.",
        default: 1,
        check: atLeast(1, 20),
    },
} satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof SCHEMA;
