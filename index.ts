/**
 * Osprey Strike's production topology, in the order a request passes it (docs/requirements.md, Topology):
 *   Cloudflare (edge) -> AWS ALB (perimeter) -> EKS (cluster) -> RDS (data).
 * Stack `main` owns the shared platform and environment main; stack `demo` adds environment demo onto
 * main's platform through a StackReference. Config in, components wired in order, outputs out: no
 * resource is created here directly.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "./config";
import {
    argocdSettings,
    deploymentAgentSettings,
    deploymentIdentitySettings,
    driftWatchSettings,
    edgeSettings,
    environmentSettings,
    identitySettings,
    manifestFeed,
    platformSettings,
    repositoryRulesSettings,
    restoreRehearsalSettings,
} from "./wiring";
import { DeploymentAgent } from "./components/delivery/agent";
import { DeploymentIdentity } from "./components/delivery/deployRoles";
import { DriftWatch } from "./components/delivery/driftWatch";
import { PermissionsBoundary } from "./components/delivery/boundary";
import { RepositoryRules } from "./components/delivery/repositoryRules";
import { CLUSTER_SECRET_STORE, createKubernetesProvider } from "./components/cluster";
import { Edge } from "./components/edge";
import { Environment } from "./components/environment";
import { MUTUAL_AUTHENTICATION_ANNOTATION } from "./components/environment/originProof";
import { ArgoCd, EnvironmentApps } from "./components/gitops";
import { Platform, PlatformOutputs, PlatformReference } from "./components/platform";
import { createGithubProvider, createProviders, standardTags } from "./components/providers";
import { AccountBudget } from "./components/alarms/budget";
import { ServingAlarms } from "./components/alarms";
import { RestoreRehearsal } from "./components/data/restoreRehearsal";
import accountEstimate from "./config/accountEstimate.json";

// Reads and validates every setting first: bad config stops here, listing every problem, before any resource.
const cfg = loadConfig();
const providers = createProviders({
    region: cfg.region,
    tags: standardTags({ environment: cfg.environment, stack: cfg.stack }),
    cloudflareApiToken: cfg.secrets.cloudflareApiToken,
    keycloak: { ...cfg.keycloak, adminClientSecret: cfg.secrets.keycloakAdminClientSecret },
});
const baseOpts: pulumi.ComponentResourceOptions = {
    providers: [providers.aws, providers.cloudflare, providers.keycloak],
};
// The stack's permissions boundary first: every role created under the components below carries it (the transformation),
// so the deployment role, which may create roles only with it, cannot create a stronger one (docs/delivery.md).
const boundary = new PermissionsBoundary(
    "osprey-boundary",
    { environment: cfg.environment, ownsPlatform: cfg.ownsPlatform, region: cfg.region },
    baseOpts,
);
// `transforms` as well: the engine runs them on the children of packaged components too (@pulumi/eks's service role).
const componentOpts: pulumi.ComponentResourceOptions = {
    ...baseOpts,
    transformations: [boundary.bound()],
    transforms: [boundary.boundTransform()],
};

// The shared platform: owned here, or read from the owning stack.
const ownedPlatform = cfg.ownsPlatform
    ? new Platform(
          "osprey",
          {
              ...platformSettings(cfg.platform, cfg, cfg.region),
              identity: identitySettings(cfg.platform, cfg, cfg.secrets),
              cloudflareProvider: providers.cloudflare,
          },
          componentOpts,
      )
    : undefined;
const platformReference = cfg.ownsPlatform
    ? undefined
    : new PlatformReference("platform", { stackName: cfg.platformStack }, componentOpts);
const platform: PlatformOutputs = ownedPlatform?.contract ?? platformReference!.contract;

// The stack's ONE Kubernetes provider: the owner's, built from its cluster; another stack's, from the owner's secret kubeconfig.
const kubernetesProvider = !cfg.kubernetes.enabled
    ? undefined
    : (ownedPlatform?.kubernetesProvider ??
      createKubernetesProvider("platform-k8s", {
          kubeconfig: platform.kubeconfig,
          apiTunnelUrl: cfg.kubernetes.apiTunnelUrl,
      }));

// This stack's environment on that platform.
const environment = new Environment(
    cfg.environment,
    environmentSettings(cfg, platform, kubernetesProvider, ownedPlatform?.externalSecretsReady),
    componentOpts,
);

// GitOps: Argo CD and Image Updater installed by the platform's owner; every stack generates its own environment's
// AppProject and Applications, fed with this stack's outputs (docs/gitops.md).
const argocd =
    cfg.ownsPlatform && ownedPlatform && kubernetesProvider
        ? new ArgoCd(
              "osprey-argocd",
              {
                  ...argocdSettings(cfg.argocd, cfg, cfg.region),
                  kubernetesProvider,
                  oidcProviderArn: platform.oidcProviderArn,
                  oidcProviderUrl: platform.oidcProviderUrl,
                  ecrRepositoryUrls: platform.ecrRepositoryUrls,
                  clusterSecretStoreName: CLUSTER_SECRET_STORE.name,
                  vpcCidr: platform.vpcCidr,
                  externalSecretsReady: ownedPlatform.externalSecretsReady,
              },
              componentOpts,
          )
        : undefined;
// The edge in front of it: DNS, WAF, Access and the Twilio Worker (edge.enabled=false until the ALB exists; docs/first-deploy.md).
const edge = cfg.edge.enabled
    ? new Edge(
          cfg.environment,
          {
              ...edgeSettings(cfg, cfg.secrets),
              oneTimePinIdpId: platformReference?.accessOneTimePinIdpId(),
              originPullCertificate: environment.originPullCertificate,
          },
          { ...componentOpts, dependsOn: [environment] },
      )
    : undefined;

// The serving path's alarms (ALB, RDS, certificates), to the platform's alarm topic; runbook: docs/runbook.md "Alarms".
new ServingAlarms(
    `${cfg.environment}-alarms`,
    {
        environment: cfg.environment,
        alarmTopicArn: platform.alarmTopicArn,
        thresholds: cfg.alarms,
        albArnSuffix: edge?.albArnSuffix,
        database: {
            identifier: environment.data.dbIdentifier,
            instanceClass: cfg.data.database.instanceClass,
            allocatedStorageGb: cfg.data.database.allocatedStorageGb,
            engineVersion: cfg.data.database.engineVersion,
        },
        certificateArns: [environment.data.certificateArn],
        originPullValidityEndTime: environment.originPullValidityEndTime,
    },
    componentOpts,
);
// The database's restore rehearsal (AWS Backup restore testing; failures to the alarm topic), where it is on.
const rehearsal = restoreRehearsalSettings(cfg, platform, environment.data);
if (rehearsal) new RestoreRehearsal(`${cfg.environment}-restore-rehearsal`, rehearsal, componentOpts);
// The account's budget: the plan's own account estimate plus a margin, owned by the platform's stack.
const budget =
    cfg.ownsPlatform && ownedPlatform
        ? new AccountBudget(
              "osprey-budget",
              {
                  alarmTopicArn: platform.alarmTopicArn,
                  estimateUsd: accountEstimate.monthlyUsd,
                  marginPercent: cfg.platform.budget.marginPercent,
              },
              { ...componentOpts, dependsOn: ownedPlatform.alarmTopicReady },
          )
        : undefined;

const apps = kubernetesProvider
    ? new EnvironmentApps(
          `${cfg.environment}-gitops`,
          {
              environment: cfg.environment,
              source: { repoUrl: cfg.gitops.repoUrl, revision: cfg.gitops.revision, path: cfg.gitops.path },
              autoSync: cfg.gitops.autoSync,
              imageUpdates: cfg.gitops.imageUpdates,
              feed: manifestFeed(cfg, cfg.region, {
                  ecrRepositoryUrls: platform.ecrRepositoryUrls,
                  certificateArn: environment.data.certificateArn,
                  albSecurityGroupId: environment.albSecurityGroupId,
                  albOidcAnnotation: environment.albOidcAnnotation,
                  apiRoleArn: environment.data.apiRoleArn,
                  attachmentsBucketName: environment.data.bucketName,
                  // Origin proof on every Ingress of the group (components/environment/originProof.ts).
                  extraAlbAnnotations: environment.albMutualAuthenticationAnnotation.apply((v) => ({
                      [MUTUAL_AUTHENTICATION_ANNOTATION]: v,
                  })),
                  // What the API pins when it verifies x-amzn-oidc-data (docs/auth.md); the ALB's ARN once the edge has found it.
                  extraApiEnv: pulumi
                      .all([environment.keycloakIssuerUrl, environment.albOidcClientId, edge?.albArn ?? ""])
                      .apply(([issuer, clientId, albArn]) => ({
                          OIDC_ISSUER: issuer,
                          OIDC_CLIENT_ID: clientId,
                          ...(albArn ? { ALB_SIGNER_ARN: albArn } : {}),
                      })),
              }),
              kubernetesProvider,
              argocdReady: argocd ? [argocd.argocdRelease] : [],
              imageUpdaterReady: argocd ? [argocd.imageUpdaterRelease] : [],
              controllersReady: ownedPlatform?.ingressReady[cfg.environment] ?? [],
          },
          // The admission policy admits the Ingresses only once the namespace carries the values it pins.
          { ...componentOpts, dependsOn: environment.admissionReady },
      )
    : undefined;

// Pulumi Deployments (docs/delivery.md): this stack's OIDC deployment role (the owner also creates the account's provider;
// without the boundary: it is the role that creates the others, changed only by an operator),
// and the owner's agent inside the VPC when platform.deployments.agent.enabled.
const deployIdentitySettings = deploymentIdentitySettings(cfg, cfg.region);
const deployIdentity = deployIdentitySettings
    ? new DeploymentIdentity("osprey-deploy", deployIdentitySettings, baseOpts)
    : undefined;
const deployAgentSettings = deploymentAgentSettings(cfg, platform, cfg.region);
const deployAgent = deployAgentSettings
    ? new DeploymentAgent("osprey-deploy-agent", deployAgentSettings, componentOpts)
    : undefined;

// Daily drift detection and previews of every stack, their failures paged through the alarm topic (docs/operate.md).
const driftWatch = ownedPlatform
    ? driftWatchSettings(cfg, ownedPlatform, cfg.platformSecrets.pulumiServiceToken)
    : undefined;
if (driftWatch)
    new DriftWatch("osprey-drift", driftWatch, { ...componentOpts, dependsOn: ownedPlatform!.alarmTopicReady });

// The repository's rules (docs/delivery.md): review before the deployed branch, and the Image Updater bot confined to the
// overlay kustomizations. The platform's stack alone holds the GitHub token.
const repoRules = repositoryRulesSettings(cfg);
if (repoRules && cfg.platformSecrets.githubToken) {
    const { owner, ...rulesArgs } = repoRules;
    new RepositoryRules("osprey-repository", rulesArgs, {
        providers: [createGithubProvider(owner, cfg.platformSecrets.githubToken)],
    });
}

// --- outputs ---
export = {
    // The platform contract (read back by stacks that attach to this one): exported only by its owner.
    ...(ownedPlatform
        ? {
              ...ownedPlatform.contract,
              jumpboxInstanceId: ownedPlatform.jumpboxInstanceId,
              ciRoleArn: ownedPlatform.ciRoleArn,
              // For operators: the sync function to invoke by hand (the alarm topic is in the contract above).
              ipSyncFunctionName: ownedPlatform.ipSyncFunctionName,
              ...(budget ? { budgetName: budget.budgetName } : {}),
              ...(edge?.oneTimePinIdpId ? { accessOneTimePinIdpId: edge.oneTimePinIdpId } : {}),
              ...(argocd && cfg.ownsPlatform
                  ? {
                        /** Open after the port-forward of docs/gitops.md; log in with Google. */
                        argocdUrl: cfg.argocd.url,
                        imageUpdaterRoleArn: argocd.imageUpdaterRoleArn,
                        /** Fill with `aws secretsmanager put-secret-value` (docs/gitops.md). */
                        gitCredentialSecretNames: argocd.outOfBandSecretNames,
                    }
                  : {}),
          }
        : {}),
    ...(apps ? { argocdApplications: apps.applicationNames } : {}),
    ...(edge
        ? {
              /** Paste into the Twilio console: the URL Twilio posts to and signs. */
              twilioWebhookUrl: edge.twilioWebhookUrl,
              twilioWorkerName: edge.workerName,
              hostnames: edge.hostnames,
              /** Secret: the ALB's own DNS name (mutual TLS refuses it to anyone but our zone, but it is not advertised). */
              edgeAlbHostname: edge.albHostname,
              accessApplicationAud: edge.accessApplicationAud,
              /** The aud of the Access application of the webhook path (the Worker's service token): the API may verify it there. */
              webhookAccessApplicationAud: edge.webhookApplicationAud,
              /** The `signer` the API pins in x-amzn-oidc-data (docs/auth.md); absent with the edge.albHostname override. */
              ...(edge.albArn ? { albArn: edge.albArn } : {}),
          }
        : {}),
    /** Pulumi.<stack>.deploy.yaml operationContext.oidc.aws.roleArn (docs/delivery.md). */
    ...(deployIdentity ? { deployRoleArn: deployIdentity.roleArn } : {}),
    /** Put the agent pool's token here with aws secretsmanager put-secret-value (docs/delivery.md). */
    ...(deployAgent
        ? { deployAgentInstanceId: deployAgent.instanceId, deployAgentTokenSecretName: deployAgent.tokenSecretName }
        : {}),
    environmentName: cfg.environment,
    namespace: environment.namespace,
    /** Goes into the environment's ingress annotation alb.ingress.kubernetes.io/security-groups. */
    albSecurityGroupId: environment.albSecurityGroupId,
    /** Goes into the ingress annotation alb.ingress.kubernetes.io/auth-idp-oidc (the Secret arrives through ESO). */
    albOidcAnnotation: environment.albOidcAnnotation,
    /** The Keycloak realm's issuer: the `iss` the API pins in x-amzn-oidc-data, with `client` = albOidcClientId (docs/auth.md). */
    keycloakIssuerUrl: environment.keycloakIssuerUrl,
    albOidcClientId: environment.albOidcClientId,
    /** The origin-pull trust store: goes into alb.ingress.kubernetes.io/mutual-authentication (kubernetes/components/alb-<env>). */
    albTrustStoreArn: environment.albTrustStoreArn,
    /** The whole value of alb.ingress.kubernetes.io/mutual-authentication (verify mode against albTrustStoreArn). */
    albMutualAuthenticationAnnotation: environment.albMutualAuthenticationAnnotation,
    dbEndpoint: environment.data.dbEndpoint,
    dbMasterSecretArn: environment.data.dbMasterSecretArn,
    /** What `aws rds restore-db-instance-to-point-in-time` is given (docs/runbook.md, "Restore main's database"). */
    dbInstanceIdentifier: environment.data.dbRestore.instanceIdentifier,
    dbInstanceClass: environment.data.dbRestore.instanceClass,
    dbSubnetGroupName: environment.data.dbRestore.subnetGroupName,
    dbSecurityGroupId: environment.data.dbRestore.securityGroupId,
    dbParameterGroupName: environment.data.dbRestore.parameterGroupName,
    attachmentsBucketName: environment.data.bucketName,
    certificateArn: environment.data.certificateArn,
    /** The api service account's IRSA role (annotation eks.amazonaws.com/role-arn). */
    apiRoleArn: environment.data.apiRoleArn,
    /** Secrets Manager secrets to fill out of band (docs/first-deploy.md: aws secretsmanager put-secret-value). */
    outOfBandSecretNames: environment.data.outOfBandSecretNames,
    ...(environment.sessionCacheEndpoint ? { sessionCacheEndpoint: environment.sessionCacheEndpoint } : {}),
} satisfies Record<string, unknown>;
