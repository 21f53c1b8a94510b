/**
 * How the typed stack settings become each layer's component args: one mapping per layer, used by index.ts and by
 * the layer tests, so a test exercises exactly what the program wires. The settings' groups already have the
 * components' shapes (config/settings.ts), so this is mostly a hand-over.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformArgs } from "./components/platform";
import type { Data, DataArgs } from "./components/data";
import type { RestoreRehearsalArgs } from "./components/data/restoreRehearsal";
import type { EdgeArgs } from "./components/edge";
import type { EnvironmentArgs } from "./components/environment";
import type { PlatformOutputs } from "./components/platform";
import type { ArgocdSettings, PlainConfig, PlatformSettings } from "./config";
import type { ArgoCdArgs, ManifestFeed } from "./components/gitops";
import { albGroupAnnotations } from "./components/gitops";
import { appHostnames } from "./components/edge/hostnames";
import { ALB_OIDC_ANNOTATION } from "./components/gitops/applications";
import { isEksLogType } from "./lib/costSwitches";
import type { DeploymentAgentArgs } from "./components/delivery/agent";
import type { DeploymentIdentityArgs } from "./components/delivery/deployRoles";
import type { RepositoryRulesArgs } from "./components/delivery/repositoryRules";
import type { DriftWatchArgs } from "./components/delivery/driftWatch";
import { githubRepositoryOfUrl } from "./lib/repositoryRules";
import { isDeployOperation } from "./lib/deliveryRules";
import {
    DEPLOY_AGENT_TOKEN_SECRET_NAME,
    deployRoleName,
    DRIFT_WEBHOOK_SECRET_NAME,
    PULUMI_WEBHOOK_FUNCTION_NAME,
    ENVIRONMENTS,
    PROJECT,
} from "./lib/naming";

/** The platform's settings (only the owning stack has them). */
export function platformSettings(
    p: PlatformSettings,
    cfg: Pick<PlainConfig, "kubernetes">,
    region: string,
): Omit<PlatformArgs, "cloudflareProvider" | "identity"> {
    return {
        network: p.network,
        ipSync: p.ipSync,
        cluster: {
            ...p.cluster,
            // The list is checked against EKS_LOG_TYPES by config/settings.ts; the guard only narrows its type.
            controlPlaneLogs: {
                types: p.cluster.controlPlaneLogs.types.filter(isEksLogType),
                retentionDays: p.cluster.controlPlaneLogs.retentionDays,
            },
            region,
            kubernetesEnabled: cfg.kubernetes.enabled,
            kubernetesApiTunnelUrl: cfg.kubernetes.apiTunnelUrl,
        },
        ci: p.ci,
    };
}

/** The Keycloak realm's settings: Google Workspace is brokered with the same OAuth client and domain as Access. */
export function identitySettings(
    p: PlatformSettings,
    cfg: Pick<PlainConfig, "access">,
    secrets: { accessGoogleClientSecret: pulumi.Input<string> },
): PlatformArgs["identity"] {
    return {
        ...p.identity,
        google: {
            workspaceDomain: cfg.access.googleWorkspaceDomain,
            clientId: cfg.access.googleClientId,
            clientSecret: secrets.accessGoogleClientSecret,
        },
    };
}

/** The database and bucket settings of the environment's Data component. */
export function dataSettings(
    cfg: Pick<PlainConfig, "data">,
): Pick<DataArgs, "database" | "attachmentsNoncurrentVersionDays"> {
    // The restore rehearsal is its own component (index.ts): the database's settings without it.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { restoreRehearsal, ...database } = cfg.data.database;
    return { database, attachmentsNoncurrentVersionDays: cfg.data.attachmentsNoncurrentVersionDays };
}

/** The environment's args: its settings, the platform it runs on, and the stack's Kubernetes provider (if enabled). */
export function environmentSettings(
    cfg: PlainConfig,
    platform: PlatformOutputs,
    kubernetesProvider: k8s.Provider | undefined,
    /** The ESO chart and its store, when this stack installs them (the platform's owner): ExternalSecrets wait for them. */
    externalSecretsReady?: pulumi.Resource[],
): EnvironmentArgs {
    return {
        environment: cfg.environment,
        environmentDomain: cfg.environmentDomain,
        apiReplicas: cfg.workloads.apiReplicas,
        webReplicas: cfg.workloads.webReplicas,
        cloudflareZoneId: cfg.zone.zoneId,
        platform,
        // The environment's own ALB client in the platform's realm (the client secret never passes through config).
        oidc: { keycloakUrl: cfg.keycloak.url, realmId: platform.keycloakRealm },
        kubernetes: kubernetesProvider && {
            provider: kubernetesProvider,
            version: platform.kubernetesVersion,
            quota: cfg.workloads.quota,
            externalSecretsReady,
        },
        data: dataSettings(cfg),
        albIpAddressType: cfg.alb.ipAddressType,
        originPullWarnDays: {
            ca: cfg.alarms.originPullCaDaysToExpiry,
            client: cfg.alarms.originPullClientDaysToExpiry,
        },
    };
}

/** The edge's settings; the one-time-PIN provider of a non-owning stack comes from the platform reference. */
export function edgeSettings(
    cfg: PlainConfig,
    secrets: {
        accessGoogleClientSecret: pulumi.Input<string>;
        twilioAuthToken: pulumi.Input<string>;
        cloudflareApiToken: pulumi.Input<string>;
    },
): Omit<EdgeArgs, "oneTimePinIdpId" | "originPullCertificate"> {
    return {
        environment: cfg.environment,
        domain: cfg.zone.domain,
        environmentDomain: cfg.environmentDomain,
        cloudflareAccountId: cfg.zone.accountId,
        cloudflareZoneId: cfg.zone.zoneId,
        albHostname: cfg.edge.albHostname,
        access: { ...cfg.access, googleClientSecret: secrets.accessGoogleClientSecret },
        twilioAuthToken: secrets.twilioAuthToken,
        cloudflareApiToken: secrets.cloudflareApiToken,
        // The zone's singletons belong to the platform's owner: the other stack reads its one-time-PIN IdP ID.
        ownsZoneSettings: cfg.ownsPlatform,
        webhookRateLimitRequests: cfg.platform?.zoneSettings.webhookRateLimitRequests,
    };
}

const oidcAnnotations = (value: string): Record<string, string> => ({ [ALB_OIDC_ANNOTATION]: value });

/** Argo CD's settings (only the platform's owner installs it). */
export function argocdSettings(
    a: ArgocdSettings,
    cfg: Pick<PlainConfig, "gitops">,
    region: string,
): Pick<ArgoCdArgs, "region" | "url" | "adminEnabled" | "sso" | "rbac" | "repoUrl"> {
    return { region, url: a.url, adminEnabled: a.adminEnabled, sso: a.sso, rbac: a.rbac, repoUrl: cfg.gitops.repoUrl };
}

/**
 * Everything account-specific the environment's manifests need, from this stack's own outputs (the Applications carry
 * it; kubernetes/ holds none of it). Replicas come from the same settings the Valkey rule and the policy pack read.
 */
export function manifestFeed(
    cfg: Pick<PlainConfig, "environment" | "environmentDomain" | "workloads">,
    region: string,
    outputs: {
        ecrRepositoryUrls: pulumi.Input<Record<string, string>>;
        certificateArn: pulumi.Input<string>;
        albSecurityGroupId: pulumi.Input<string>;
        albOidcAnnotation: pulumi.Input<string>;
        apiRoleArn: pulumi.Input<string>;
        attachmentsBucketName: pulumi.Input<string>;
        /** More account-specific annotations for every ALB Ingress of the environment (e.g. an mTLS trust store). */
        extraAlbAnnotations?: pulumi.Input<Record<string, string>>;
        /** More account-specific environment variables of the api's pods (e.g. the ALB ARN its token check pins). */
        extraApiEnv?: pulumi.Input<Record<string, string>>;
    },
): pulumi.Output<ManifestFeed> {
    const hostnames = Object.fromEntries(
        appHostnames(cfg.environment, cfg.environmentDomain).map((h) => [h.app, h.hostname]),
    );
    const o = outputs;
    return pulumi
        .all([
            o.ecrRepositoryUrls,
            o.certificateArn,
            o.albSecurityGroupId,
            o.albOidcAnnotation,
            o.apiRoleArn,
            o.attachmentsBucketName,
            pulumi.all([o.extraAlbAnnotations ?? {}, o.extraApiEnv ?? {}]),
        ])
        .apply(
            ([
                ecrRepositoryUrls,
                certificateArn,
                securityGroupId,
                oidc,
                roleArn,
                attachmentsBucket,
                [extra, extraEnv],
            ]) => ({
                region,
                ecrRepositoryUrls,
                hostnames,
                replicas: { api: cfg.workloads.apiReplicas, web: cfg.workloads.webReplicas },
                albAnnotations: albGroupAnnotations({ certificateArn, securityGroupId, extra }),
                albAuthAnnotations: oidcAnnotations(oidc),
                api: { roleArn, attachmentsBucket, extraEnv },
            }),
        );
}

/** This stack's deployment role (docs/delivery.md): its subject, operations, and whether it creates the account's provider. */
export function deploymentIdentitySettings(
    cfg: PlainConfig & { stack: string },
    region: string,
): DeploymentIdentityArgs | undefined {
    if (cfg.deployments.organization === "") return undefined;
    return {
        subject: { organization: cfg.deployments.organization, project: PROJECT, stack: cfg.stack },
        operations: cfg.deployments.operations.filter(isDeployOperation),
        createProvider: cfg.ownsPlatform,
        existingProviderArn: cfg.platform?.deployments.existingOidcProviderArn ?? "",
        environment: cfg.environment,
        ownsPlatform: cfg.ownsPlatform,
        region,
        roleName: deployRoleName(cfg.stack),
        protectedRoleNames: [...new Set([...ENVIRONMENTS, cfg.stack].map(deployRoleName))],
        maxSessionSeconds: cfg.deployments.sessionSeconds,
    };
}

/** The deployment agent's settings (the platform's owner, when platform.deployments.agent.enabled). */
export function deploymentAgentSettings(
    cfg: PlainConfig,
    platform: Pick<PlatformOutputs, "vpcId" | "privateSubnetIds" | "clusterSecurityGroupId">,
    region: string,
): DeploymentAgentArgs | undefined {
    const agent = cfg.platform?.deployments.agent;
    if (!agent?.enabled) return undefined;
    return {
        vpcId: platform.vpcId,
        privateSubnetIds: platform.privateSubnetIds,
        clusterSecurityGroupId: platform.clusterSecurityGroupId,
        instanceType: agent.instanceType,
        version: agent.version,
        rootVolumeGib: agent.rootVolumeGib,
        tokenSecretName: DEPLOY_AGENT_TOKEN_SECRET_NAME,
        region,
    };
}

/**
 * The drift watch (the platform's owner, with a Pulumi organization and platform.deployments.driftWatch.enabled): every
 * stack of ENVIRONMENTS, each stack named after its environment (README.md, Stacks).
 */
export function driftWatchSettings(
    cfg: PlainConfig,
    platform: { alarmTopicArn: pulumi.Input<string>; alarmKeyArn: pulumi.Input<string> },
    token: pulumi.Input<string> | undefined,
): DriftWatchArgs | undefined {
    const watch = cfg.platform?.deployments.driftWatch;
    if (!cfg.ownsPlatform || !watch?.enabled || cfg.deployments.organization === "") return undefined;
    // config/index.ts requires the secret in exactly this case.
    if (!token) throw new Error("the drift watch needs the platform secret pulumiServiceToken (config/index.ts)");
    return {
        pulumiServiceToken: token,
        organization: cfg.deployments.organization,
        project: PROJECT,
        stacks: [...ENVIRONMENTS],
        driftCron: watch.driftCron,
        previewCron: watch.previewCron,
        alarmTopicArn: platform.alarmTopicArn,
        alarmKeyArn: platform.alarmKeyArn,
        secretName: DRIFT_WEBHOOK_SECRET_NAME,
        functionName: PULUMI_WEBHOOK_FUNCTION_NAME,
    };
}

/**
 * The repository's rulesets (the platform's owner, when platform.repositoryRules.enabled): the deployed branches are the
 * one Argo CD tracks and Image Updater writes (gitops.revision) and main, which Pulumi.main.deploy.yaml deploys on push;
 * the bot may change only the kustomizations of the owner's environment's overlays, where gitops.imageUpdates puts it.
 */
export function repositoryRulesSettings(cfg: PlainConfig): (RepositoryRulesArgs & { owner: string }) | undefined {
    const rules = cfg.platform?.repositoryRules;
    if (!cfg.ownsPlatform || !rules?.enabled) return undefined;
    const repo = githubRepositoryOfUrl(cfg.gitops.repoUrl);
    if (!repo) throw new Error("gitops.repoUrl is not a GitHub repository (config/parse.ts refuses this first)");
    return {
        owner: repo.owner,
        repository: repo.name,
        deployedBranches: [...new Set([cfg.gitops.revision, "main"])],
        botPaths: cfg.gitops.imageUpdates
            ? [`${cfg.gitops.path}/*/overlays/${cfg.environment}/kustomization.yaml`]
            : [],
        botAppId: rules.botAppId,
        maintainersTeamId: rules.maintainersTeamId,
        requiredApprovals: rules.requiredApprovals,
    };
}

/**
 * The restore rehearsal of the environment's database (data.database.restoreRehearsal), or undefined where it is off:
 * its settings, the database it protects and the platform's VPC and alarm topic.
 */
export function restoreRehearsalSettings(
    cfg: Pick<PlainConfig, "environment" | "data">,
    platform: Pick<PlatformOutputs, "vpcId" | "alarmTopicArn">,
    data: Pick<Data, "dbArn" | "dbRestore">,
): RestoreRehearsalArgs | undefined {
    const r = cfg.data.database.restoreRehearsal;
    if (!r.enabled) return undefined;
    return {
        environment: cfg.environment,
        vpcId: platform.vpcId,
        database: {
            arn: data.dbArn,
            subnetGroupName: data.dbRestore.subnetGroupName,
            parameterGroupName: data.dbRestore.parameterGroupName,
            backupRetentionDays: cfg.data.database.backupRetentionDays,
        },
        schedule: r.schedule,
        validationWindowHours: r.validationWindowHours,
        instanceClass: r.instanceClass,
        alarmTopicArn: platform.alarmTopicArn,
    };
}
