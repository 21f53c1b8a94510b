/**
 * How the typed stack settings become each layer's component args: one mapping per layer, used by index.ts and by
 * the layer tests, so a test exercises exactly what the program wires. The settings' groups already have the
 * components' shapes (config/settings.ts), so this is mostly a hand-over.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformArgs } from "./components/platform";
import type { DataArgs } from "./components/data";
import type { EdgeArgs } from "./components/edge";
import type { EnvironmentArgs } from "./components/environment";
import type { PlatformOutputs } from "./components/platform";
import type { PlainConfig, PlatformSettings } from "./config";

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
        google: { workspaceDomain: cfg.access.googleWorkspaceDomain, clientId: cfg.access.googleClientId, clientSecret: secrets.accessGoogleClientSecret },
    };
}

/** The database and bucket settings of the environment's Data component. */
export function dataSettings(cfg: Pick<PlainConfig, "data">): Pick<DataArgs, "database" | "attachmentsNoncurrentVersionDays"> {
    return { database: cfg.data.database, attachmentsNoncurrentVersionDays: cfg.data.attachmentsNoncurrentVersionDays };
}

/** The environment's args: its settings, the platform it runs on, and the stack's Kubernetes provider (if enabled). */
export function environmentSettings(cfg: PlainConfig, platform: PlatformOutputs, kubernetesProvider: k8s.Provider | undefined): EnvironmentArgs {
    return {
        environment: cfg.environment,
        environmentDomain: cfg.environmentDomain,
        apiReplicas: cfg.workloads.apiReplicas,
        webReplicas: cfg.workloads.webReplicas,
        cloudflareZoneId: cfg.zone.zoneId,
        platform,
        // The environment's own ALB client in the platform's realm (the client secret never passes through config).
        oidc: { keycloakUrl: cfg.keycloak.url, realmId: platform.keycloakRealm },
        kubernetes: kubernetesProvider && { provider: kubernetesProvider, version: platform.kubernetesVersion, quota: cfg.workloads.quota },
        data: dataSettings(cfg),
    };
}

/** The edge's settings; the one-time-PIN provider of a non-owning stack comes from the platform reference. */
export function edgeSettings(
    cfg: PlainConfig,
    secrets: { accessGoogleClientSecret: pulumi.Input<string>; twilioAuthToken: pulumi.Input<string> },
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
        // The zone's singletons belong to the platform's owner: the other stack reads its one-time-PIN IdP ID.
        ownsZoneSettings: cfg.ownsPlatform,
        webhookRateLimitRequests: cfg.platform?.zoneSettings.webhookRateLimitRequests,
    };
}
