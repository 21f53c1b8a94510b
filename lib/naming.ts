/**
 * The one owner of names (pure: no Pulumi imports). The environments come from policy/contract.ts; every physical name
 * an environment or the platform carries in a cloud (namespace, ingress group, database identifier, Secrets Manager
 * paths, Worker, Keycloak client, bucket, ECR repositories) derives from them here. Logical (URN) names never come
 * from here or from config: they are `${parentName}-${fixedPart}` inside each component.
 *
 * Adding a third environment: add it to ENVIRONMENTS (policy/contract.ts) and APPS_BY_ENVIRONMENT, then give it a
 * stack file.
 */
import { Env, ENVIRONMENTS, isEnv, SIGNED_WEBHOOK_FUNCTIONS } from "../policy/contract";

/**
 * The two environments (docs/requirements.md, Environments): main (continuous, auto-deploys on merge) and demo
 * (stakeholder demos, promoted by hand). Declared once, in the pack's contract with the program (policy/contract.ts),
 * which the pack, published on its own, cannot import from here.
 */
export { ENVIRONMENTS, isEnv };
export type { Env };

/** The Pulumi project, also the prefix of every name the project owns outright. */
export const PROJECT = "osprey-strike";

/** The applications behind the ALB (docs/requirements.md, Environments). */
export const APPS = ["api", "web", "mock", "mcp"] as const;
export type App = (typeof APPS)[number];

/**
 * Which applications each environment runs (main runs all four; demo only API and Web:
 * docs/requirements.md, Environments).
 */
export const APPS_BY_ENVIRONMENT: Record<Env, readonly App[]> = {
    main: ["web", "api", "mcp", "mock"],
    demo: ["web", "api"],
};

/** ECR repository names are `<prefix><image>`; the CI role may push only below it. */
export const ECR_REPOSITORY_PREFIX = `${PROJECT}/`;
/** Every Secrets Manager name the project owns starts with this prefix; each environment reads only its own part of it. */
export const SECRETS_MANAGER_PREFIX = `${PROJECT}/`;
/** Secrets of the platform itself (not of an environment): read only through the platform's ClusterSecretStore. */
export const PLATFORM_SECRET_PREFIX = `${SECRETS_MANAGER_PREFIX}platform/`;
/**
 * The name of each environment's namespaced External Secrets SecretStore (kind SecretStore, in the environment's
 * namespace: only ExternalSecrets of that namespace can use it). ExternalSecrets reference it with
 * `secretStoreRef: { kind: "SecretStore", name: ENVIRONMENT_SECRET_STORE }`.
 */
export const ENVIRONMENT_SECRET_STORE = "aws-secrets-manager";
/** The service account in each environment namespace whose IRSA role the SecretStore uses (ESO requests its token). */
export const SECRET_READER_SERVICE_ACCOUNT = "external-secrets-reader";
/** The platform's own namespace for Argo CD (docs/requirements.md, GitOps). */
export const ARGOCD_NAMESPACE = "osprey-argocd";

/**
 * The image name an application's manifests use (kubernetes/<app>/base): the ECR repository's name without the
 * registry. The registry (account and region) reaches the manifests only through the Argo CD Application.
 */
export const imageName = (app: App): string => `${ECR_REPOSITORY_PREFIX}${app}`;
/** The mutable tag CI pushes on every merge to main; Image Updater's digest strategy watches it. */
export const BRANCH_MAIN_TAG = "branch-main";
/** Secrets Manager names of the Git credentials (set out of band; platform secrets, read through the ClusterSecretStore that only osprey-argocd may use): Argo CD reads the repository, Image Updater writes to it. */
export const GIT_READ_SECRET_NAME = `${PLATFORM_SECRET_PREFIX}argocd/git-read`;
export const GIT_WRITE_SECRET_NAME = `${PLATFORM_SECRET_PREFIX}argocd/git-write`;

/**
 * Pulumi Deployments (docs/delivery.md). The deployment role of a stack has a fixed name, so its ARN is known before it
 * exists and Pulumi.<stack>.deploy.yaml can name it; the agent's pool token is set out of band in Secrets Manager.
 */
export const deployRoleName = (stack: string): string => `${PROJECT}-deploy-${stack}`;
/**
 * The permissions boundary every role a stack creates carries (components/delivery/boundary.ts), a customer managed
 * policy with a fixed name so the deployment role's policy can require exactly it (iam:PermissionsBoundary) before the
 * policy exists. One per environment: the stack of that environment creates it.
 */
export const permissionsBoundaryName = (env: Env): string => `${PROJECT}-${env}-boundary`;
export const DEPLOY_AGENT_TOKEN_SECRET_NAME = `${PLATFORM_SECRET_PREFIX}deployments/agent-pool-token`;
/** The Pulumi webhook receiver's function name: fixed, so the pack admits its public function URL and no other. */
export const PULUMI_WEBHOOK_FUNCTION_NAME: (typeof SIGNED_WEBHOOK_FUNCTIONS)[number] = "osprey-strike-pulumi-webhook";
/** The HMAC key of the Pulumi Cloud stack webhooks (components/delivery/driftWatch.ts): generated, read by the receiver. */
export const DRIFT_WEBHOOK_SECRET_NAME = `${PLATFORM_SECRET_PREFIX}deployments/webhook-secret`;

/** Every physical name of one environment. */
export interface EnvironmentNames {
    env: Env;
    /** `osprey-main`: the label the console, logs and descriptions show. */
    label: string;
    /** Kubernetes namespace of the environment's workloads. */
    namespace: string;
    /** The AWS Load Balancer Controller's ingress group; its ALB carries the tag ingress.k8s.aws/stack=<group>. */
    ingressGroup: string;
    /** RDS instance identifier. */
    databaseIdentifier: string;
    /** Secrets Manager prefix of the environment's application secrets, with the trailing slash. */
    secretPrefix: string;
    /** The Secrets Manager name of one of the environment's secrets. */
    secretName(name: string): string;
    /** Cloudflare Worker script that forwards Twilio webhooks. */
    workerName: string;
    /** Keycloak client ID of the environment's ALB. */
    oidcClientId: string;
    /** Prefix of every bucket name of the environment (the attachments and CA bundle buckets below extend it). */
    bucketNamePrefix: string;
    /** Prefix of the attachments bucket's name (the account ID follows, for global uniqueness). */
    attachmentsBucketPrefix: string;
    /** ALB trust store of the origin-pull CA (ELB: at most 32 characters, alphanumerics and hyphens). */
    trustStoreName: string;
    /** Prefix of the bucket holding the trust store's CA bundle (the account ID follows). */
    trustStoreBucketPrefix: string;
    /** The environment's Argo CD AppProject. */
    argocdProject: string;
    /** The Argo CD Application of one of the environment's apps, `<app>-<env>`. */
    applicationName(app: App): string;
}

export function environmentNames(env: Env): EnvironmentNames {
    const label = `osprey-${env}`;
    const secretPrefix = `${SECRETS_MANAGER_PREFIX}${env}/`;
    return {
        env,
        label,
        namespace: label,
        ingressGroup: label,
        databaseIdentifier: label,
        secretPrefix,
        secretName: (name) => `${secretPrefix}${name}`,
        workerName: `twilio-webhook-fwd-${env}`,
        oidcClientId: `osprey-alb-${env}`,
        bucketNamePrefix: `${PROJECT}-${env}-`,
        attachmentsBucketPrefix: `${PROJECT}-${env}-attachments-`,
        trustStoreName: `${label}-origin-pull`,
        trustStoreBucketPrefix: `${PROJECT}-${env}-origin-ca-`,
        argocdProject: label,
        applicationName: (app) => `${app}-${env}`,
    };
}

/** The environment whose namespace this is, if it is one of ours. */
export function environmentOfNamespace(namespace: string): Env | undefined {
    return ENVIRONMENTS.find((e) => environmentNames(e).namespace === namespace);
}
