/**
 * The pack's whole contract with the program it judges: every name both sides must agree on, in one file the
 * pack owns. The rules and the cost estimator import these instead of their own literals; the program's
 * components may import this file and policy/supportCalendars.ts (pure data: the EKS calendar the cluster warns
 * from and the estimator prices from) and nothing else from policy/ to conform. Pure: no imports at all, so
 * the program pulls in nothing of the pack by depending on it.
 *
 * A rule that needs one of these facts and cannot find it REPORTS (fails closed): a fact the program forgot
 * to register is a broken contract, not a pass.
 */

/** The environments a stack can be (Pulumi.<stack>.yaml `environment`). */
export const ENVIRONMENTS = ["main", "demo"] as const;
export type Env = (typeof ENVIRONMENTS)[number];
export const isEnv = (v: unknown): v is Env => typeof v === "string" && (ENVIRONMENTS as readonly string[]).includes(v);

/**
 * Lambda functions that answer a public function URL (authType NONE) because their sender cannot sign SigV4, and that
 * authenticate every request themselves (an HMAC over the raw body; tests/functions prove the refusals). Only these may
 * carry a Lambda permission for principal "*", and only one confined to the function URL (guards-not-weakened).
 */
export const SIGNED_WEBHOOK_FUNCTIONS = ["osprey-strike-pulumi-webhook"] as const;

/** The ALB IP address types the AWS Load Balancer Controller accepts (`alb.ingress.kubernetes.io/ip-address-type`). */
export const ALB_IP_ADDRESS_TYPES = ["ipv4", "dualstack", "dualstack-without-public-ipv4"] as const;
export type AlbIpAddressType = (typeof ALB_IP_ADDRESS_TYPES)[number];

/** The five EKS control-plane log types (EKS API `LogType`): the program's setting and the estimator's price lines. */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
export type EksLogType = (typeof EKS_LOG_TYPES)[number];

/**
 * Type tokens of the program's own components that a policy or the cost estimator reads
 * (`osprey:<folder>:<Class>`).
 */
export const COMPONENT_TYPES = {
    /** One application environment; registers EnvironmentFacts as its inputs. */
    environment: "osprey:environment:Environment",
    /** The environment's ALB security group component; each security group under it carries ALB_ROLE_TAG. */
    albSecurityGroup: "osprey:environment:AlbSecurityGroup",
    /** The stack's deployment role: the one role of the program without a permissions boundary (iam-role-boundary). */
    deploymentIdentity: "osprey:delivery:DeploymentIdentity",
} as const;

/**
 * What the osprey:environment:Environment component registers as its inputs, and nothing more: the facts a
 * policy cannot read from any resource (the workloads are synced by ArgoCD, not created by Pulumi). Plain
 * values, never Outputs, so they are known during preview.
 */
export interface EnvironmentFacts {
    /** Which environment this is; policies cross-check it with the aws provider's `environment` tag. */
    environment: Env;
    /** Go API replicas; redis-at-three-replicas requires a secure ElastiCache group from 3 on. */
    apiReplicas: number;
}
export const ENVIRONMENT_FACT_KEYS = [
    "environment",
    "apiReplicas",
] as const satisfies readonly (keyof EnvironmentFacts)[];

/** Exactly the contract's facts out of a wider args object (so a component cannot register extra or fewer). */
export function environmentFacts(args: EnvironmentFacts): EnvironmentFacts {
    return { environment: args.environment, apiReplicas: args.apiReplicas };
}

/**
 * What the osprey:environment:AlbSecurityGroup component registers besides `environment`.
 * - The ids of the two Cloudflare prefix lists it was given (in a stack that reads the platform, they come through the
 *   StackReference): ALB ingress must reference exactly these, by identity.
 * - The ALB that the AWS Load Balancer Controller makes for the environment's ingress group is not in the graph, so
 *   the cost estimator counts one ALB per ingress group and prices public IPv4 by the ALB's IP address type.
 */
export interface AlbFacts {
    cloudflarePrefixListIds: string[];
    /** The Load Balancer Controller ingress group (alb.ingress.kubernetes.io/group.name) this security group's ALB serves. */
    ingressGroup: string;
    /** alb.ingress.kubernetes.io/ip-address-type of that group's Ingresses. */
    ipAddressType: "ipv4" | "dualstack" | "dualstack-without-public-ipv4";
}

/**
 * The tag keys every taggable AWS resource carries, set by the program's explicit aws provider
 * (`defaultTags.tags`). `environment` is also how the pack learns which environment a resource belongs to.
 */
export const REQUIRED_TAG_KEYS = ["project", "environment", "stack"] as const;
export type RequiredTagKey = (typeof REQUIRED_TAG_KEYS)[number];
export type RequiredTags = Record<RequiredTagKey, string>;
/** The required tag that names the environment (a value of ENVIRONMENTS). */
export const ENVIRONMENT_TAG = "environment" satisfies RequiredTagKey;

/** The tag that says what a resource is for, and the value that marks an environment's ALB security group. */
export const ROLE_TAG_KEY = "osprey:role";
export const ALB_ROLE_TAG = { key: ROLE_TAG_KEY, value: "alb" } as const;

/** The api workload's name or `app` / `app.kubernetes.io/name` label (kubernetes/ manifests, synced by ArgoCD). */
export const API_APP_NAME = "api";

/**
 * Paths that may skip ALB OIDC on their own Ingress (Twilio cannot log in): the webhook path only
 * (components/edge/hostnames.ts TWILIO_WEBHOOK_PATH). Every other Ingress carries OIDC.
 */
export const OIDC_EXEMPT_PATHS: readonly string[] = ["/webhooks/twilio"];

/** The tag value that marks the two Cloudflare managed prefix lists (components/platform/cloudflareAllowList.ts). */
export const CLOUDFLARE_RANGES_ROLE = "cloudflare-ranges";

/**
 * The cluster's signals (components/cluster/observabilityRules.ts): the EKS add-ons the estimator prices by name, and the
 * log groups the CloudWatch observability add-on writes, /aws/containerinsights/<cluster>/<kind>.
 */
export const OBSERVABILITY_ADDONS = {
    /** CloudWatch agent (Container Insights metrics, billed per observation) and Fluent Bit (container logs). */
    cloudwatch: "amazon-cloudwatch-observability",
    /** The Kubernetes Metrics Server (runs on the nodes; no AWS charge of its own). */
    metricsServer: "metrics-server",
} as const;
export const CONTAINER_LOG_KINDS = ["application", "performance", "dataplane", "host"] as const;
export type ContainerLogKind = (typeof CONTAINER_LOG_KINDS)[number];
export const containerInsightsLogGroup = (clusterName: string, kind: ContainerLogKind) =>
    `/aws/containerinsights/${clusterName}/${kind}`;
