/**
 * How the typed stack settings become each layer's component args: one mapping per layer, used by index.ts and by
 * the layer tests, so a test exercises exactly what the program wires. The settings' groups already have the
 * components' shapes (config/settings.ts), so this is mostly a hand-over.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformArgs } from "./components/platform";
import type { DataArgs } from "./components/data";
import type { EdgeArgs } from "./components/edge";
import type { PlainConfig, PlatformSettings } from "./config";
import { isEksLogType } from "./lib/costSwitches";

/** The platform's settings (only the owning stack has them). */
export function platformSettings(p: PlatformSettings, cfg: Pick<PlainConfig, "kubernetes">, region: string): Omit<PlatformArgs, "cloudflareProvider"> {
    return {
        network: p.network,
        ipSync: p.ipSync,
        cluster: {
            ...p.cluster,
            // The list is checked against EKS_LOG_TYPES by config/settings.ts; the guard only narrows its type.
            controlPlaneLogs: { types: p.cluster.controlPlaneLogs.types.filter(isEksLogType), retentionDays: p.cluster.controlPlaneLogs.retentionDays },
            region,
            kubernetesEnabled: cfg.kubernetes.enabled,
            kubernetesApiTunnelUrl: cfg.kubernetes.apiTunnelUrl,
        },
        ci: p.ci,
    };
}

/** The database and bucket settings of the environment's Data component. */
export function dataSettings(cfg: Pick<PlainConfig, "data">): Pick<DataArgs, "database" | "attachmentsNoncurrentVersionDays"> {
    return { database: cfg.data.database, attachmentsNoncurrentVersionDays: cfg.data.attachmentsNoncurrentVersionDays };
}

/** The edge's settings; the one-time-PIN provider of a non-owning stack comes from the platform reference. */
export function edgeSettings(
    cfg: PlainConfig,
    secrets: { accessGoogleClientSecret: pulumi.Input<string>; twilioAuthToken: pulumi.Input<string> },
): Omit<EdgeArgs, "oneTimePinIdpId"> {
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
