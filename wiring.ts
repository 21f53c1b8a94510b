/**
 * How the typed stack config becomes each component's settings: one mapping per layer, used by index.ts and
 * by the layer tests, so a test exercises exactly what the program wires (no second copy to drift).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterArgs } from "./components/cluster";
import type { NamespaceQuota } from "./lib/quota";
import type { DataArgs } from "./components/data";
import type { EdgeArgs } from "./components/edge";
import type { PlainConfig } from "./config/parse";

/** The cluster's settings; the VPC comes from the platform's network. */
export function clusterSettings(cfg: PlainConfig, region: string): Omit<ClusterArgs, "vpcId" | "privateSubnetIds" | "publicSubnetIds"> {
    return {
        region,
        kubernetesVersion: cfg.kubernetesVersion,
        supportType: cfg.clusterSupportType as "STANDARD" | "EXTENDED",
        endpoint: { publicAccess: cfg.clusterEndpointPublicAccess, publicAccessCidrs: cfg.clusterPublicAccessCidrs },
        adminRoleArns: cfg.clusterAdminRoleArns,
        nodeGroup: {
            instanceTypes: cfg.nodeInstanceTypes,
            capacityType: cfg.nodeCapacityType as "ON_DEMAND" | "SPOT",
            minSize: cfg.nodeMinSize,
            desiredSize: cfg.nodeDesiredSize,
            maxSize: cfg.nodeMaxSize,
        },
        jumpboxInstanceType: cfg.jumpboxInstanceType,
        ecrUntaggedImagesToKeep: cfg.ecrUntaggedImagesToKeep,
        kubernetesEnabled: cfg.kubernetesEnabled,
        kubernetesApiTunnelUrl: cfg.kubernetesApiTunnelUrl,
    };
}

export function namespaceQuota(cfg: PlainConfig): NamespaceQuota {
    return {
        requestsCpu: cfg.namespaceQuotaRequestsCpu,
        requestsMemory: cfg.namespaceQuotaRequestsMemory,
        limitsCpu: cfg.namespaceQuotaLimitsCpu,
        limitsMemory: cfg.namespaceQuotaLimitsMemory,
        pods: cfg.namespaceQuotaPods,
    };
}

/** The database and bucket settings of the environment's Data component. */
export function dataSettings(cfg: PlainConfig): Pick<DataArgs, "database" | "attachmentsNoncurrentVersionDays"> {
    return {
        database: {
            instanceClass: cfg.dbInstanceClass,
            engineVersion: cfg.dbEngineVersion,
            allowOtherMajorVersion: cfg.dbAllowOtherMajorVersion,
            allocatedStorageGb: cfg.dbAllocatedStorageGb,
            maxAllocatedStorageGb: cfg.dbMaxAllocatedStorageGb,
            backupRetentionDays: cfg.dbBackupRetentionDays,
            deletionProtection: cfg.dbDeletionProtection,
            slowStatementMs: cfg.dbSlowStatementMs,
        },
        attachmentsNoncurrentVersionDays: cfg.attachmentsNoncurrentVersionDays,
    };
}

/** The edge's settings; the one-time-PIN provider of a non-owning stack comes from the platform reference. */
export function edgeSettings(
    cfg: PlainConfig,
    secrets: { accessGoogleClientSecret: pulumi.Input<string>; twilioAuthToken: pulumi.Input<string> },
): Omit<EdgeArgs, "oneTimePinIdpId"> {
    return {
        environment: cfg.environment,
        domain: cfg.domain,
        environmentDomain: cfg.environmentDomain,
        cloudflareAccountId: cfg.cloudflareAccountId,
        cloudflareZoneId: cfg.cloudflareZoneId,
        albHostname: cfg.albHostname,
        access: {
            googleWorkspaceDomain: cfg.accessGoogleWorkspaceDomain,
            googleClientId: cfg.accessGoogleClientId,
            googleClientSecret: secrets.accessGoogleClientSecret,
            externalEmails: cfg.accessExternalEmails,
            officeBypassCidrs: cfg.accessOfficeBypassCidrs,
            sessionDuration: cfg.accessSessionDuration,
        },
        twilioAuthToken: secrets.twilioAuthToken,
        ownsZoneSettings: cfg.ownsZoneSettings,
        webhookRateLimitRequests: cfg.webhookRateLimitRequests,
    };
}
