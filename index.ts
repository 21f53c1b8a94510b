/**
 * Osprey Strike's production topology, in the order of the seed's diagram:
 *   Cloudflare (edge) -> AWS ALB (perimeter) -> EKS (cluster) -> RDS (data).
 * Stack `main` owns the shared platform and environment main; stack `demo` adds environment demo onto
 * main's platform through a StackReference. Config in, components wired in order, outputs out: no
 * resource is created here directly.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "./config";
import { dataSettings, edgeSettings, platformSettings } from "./wiring";
import { createKubernetesProvider } from "./components/cluster";
import { Edge } from "./components/edge";
import { Environment } from "./components/environment";
import { Platform, PlatformOutputs, PlatformReference } from "./components/platform";
import { createProviders, standardTags } from "./components/providers";
import { environmentNames } from "./lib/naming";

// Reads and validates every setting first: bad config stops here, listing every problem, before any resource.
const cfg = loadConfig();
const providers = createProviders({
    region: cfg.region,
    tags: standardTags({ environment: cfg.environment, stack: cfg.stack }),
    cloudflareApiToken: cfg.secrets.cloudflareApiToken,
});
const componentOpts: pulumi.ComponentResourceOptions = { providers: [providers.aws, providers.cloudflare] };

// The shared platform: owned here, or read from the owning stack.
const ownedPlatform = cfg.ownsPlatform
    ? new Platform("osprey", { ...platformSettings(cfg.platform, cfg, cfg.region), cloudflareProvider: providers.cloudflare }, componentOpts)
    : undefined;
const platformReference = cfg.ownsPlatform ? undefined : new PlatformReference("platform", { stackName: cfg.platformStack }, componentOpts);
const platform: PlatformOutputs = ownedPlatform?.contract ?? platformReference!.contract;

// The stack's ONE Kubernetes provider: the owner's, built from its cluster; another stack's, from the owner's secret kubeconfig.
const kubernetesProvider = !cfg.kubernetes.enabled
    ? undefined
    : (ownedPlatform?.kubernetesProvider ??
      createKubernetesProvider("platform-k8s", { kubeconfig: platform.kubeconfig, apiTunnelUrl: cfg.kubernetes.apiTunnelUrl }));

// This stack's environment on that platform.
const environment = new Environment(
    cfg.environment,
    {
        environment: cfg.environment,
        environmentDomain: cfg.environmentDomain,
        apiReplicas: cfg.workloads.apiReplicas,
        webReplicas: cfg.workloads.webReplicas,
        cloudflareZoneId: cfg.zone.zoneId,
        platform,
        oidc: { issuerUrl: cfg.oidc.issuerUrl, clientId: environmentNames(cfg.environment).oidcClientId, clientSecret: cfg.secrets.keycloakClientSecret },
        kubernetes: kubernetesProvider && { provider: kubernetesProvider, version: platform.kubernetesVersion, quota: cfg.workloads.quota },
        data: dataSettings(cfg),
        albIpAddressType: cfg.alb.ipAddressType,
    },
    componentOpts,
);

// The edge in front of it: DNS, WAF, Access and the Twilio Worker (edge.enabled=false until the ALB exists; see README).
const edge = cfg.edge.enabled
    ? new Edge(
          cfg.environment,
          { ...edgeSettings(cfg, cfg.secrets), oneTimePinIdpId: platformReference?.accessOneTimePinIdpId() },
          { ...componentOpts, dependsOn: [environment] },
      )
    : undefined;

// --- outputs ---
export = {
    // The platform contract (read back by stacks that attach to this one): exported only by its owner.
    ...(ownedPlatform
        ? {
              ...ownedPlatform.contract,
              jumpboxInstanceId: ownedPlatform.jumpboxInstanceId,
              ciRoleArn: ownedPlatform.ciRoleArn,
              // For operators: the sync function to invoke by hand, the topic its alarm notifies.
              ipSyncFunctionName: ownedPlatform.ipSyncFunctionName,
              alarmTopicArn: ownedPlatform.alarmTopicArn,
              ...(edge?.oneTimePinIdpId ? { accessOneTimePinIdpId: edge.oneTimePinIdpId } : {}),
          }
        : {}),
    ...(edge
        ? {
              /** Paste into the Twilio console: the URL Twilio posts to and signs. */
              twilioWebhookUrl: edge.twilioWebhookUrl,
              twilioWorkerName: edge.workerName,
              hostnames: edge.hostnames,
              edgeAlbHostname: edge.albHostname,
              accessApplicationAud: edge.accessApplicationAud,
          }
        : {}),
    environmentName: cfg.environment,
    namespace: environment.namespace,
    /** Goes into the environment's ingress annotation alb.ingress.kubernetes.io/security-groups. */
    albSecurityGroupId: environment.albSecurityGroupId,
    /** Goes into the ingress annotation alb.ingress.kubernetes.io/auth-idp-oidc (the Secret arrives through ESO). */
    albOidcAnnotation: environment.albOidcAnnotation,
    dbEndpoint: environment.data.dbEndpoint,
    dbMasterSecretArn: environment.data.dbMasterSecretArn,
    attachmentsBucketName: environment.data.bucketName,
    certificateArn: environment.data.certificateArn,
    /** The api service account's IRSA role (annotation eks.amazonaws.com/role-arn). */
    apiRoleArn: environment.data.apiRoleArn,
    /** Secrets Manager secrets to fill out of band (README: aws secretsmanager put-secret-value). */
    outOfBandSecretNames: environment.data.outOfBandSecretNames,
    ...(environment.sessionCacheEndpoint ? { sessionCacheEndpoint: environment.sessionCacheEndpoint } : {}),
} satisfies Record<string, unknown>;
