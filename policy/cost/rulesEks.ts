/**
 * Pricers for EKS itself: control planes (from the Kubernetes version, the upgrade policy and the support calendar),
 * the control-plane logs EKS writes, and add-ons. Node groups and instances: rulesCompute.ts.
 */
import { list, str } from "./graph";
import { CostLine, free, priced, unpriced, warning } from "./types";
import { PRICE_TABLE } from "./prices";
import { logLines, Pricer, PricingContext } from "./rulesShared";
import { addYears, daysUntil, EKS_STANDARD_SUPPORT_END } from "../supportCalendars";
import { OBSERVABILITY_ADDONS } from "../contract";

const P = PRICE_TABLE.prices;
const H = PRICE_TABLE.hoursPerMonth;

export const EKS_CLUSTER_TYPE = "aws:eks/cluster:Cluster";

/** Warn this many days before a support date changes the bill (the cluster code warns at the same distance). */
export const SUPPORT_WARN_DAYS = 90;
const CALENDAR = "EKS Kubernetes release calendar (policy/supportCalendars.ts)";

/**
 * The control plane, priced from its Kubernetes version, its upgrade policy and the support calendar on `asOf`:
 * standard support $0.10/h; past the end of standard support, $0.60/h for 12 months if the upgrade policy is
 * EXTENDED (EKS's default when `upgradePolicy` is absent), or an automatic upgrade (a warning) if STANDARD.
 */
export function controlPlane(
    props: Record<string, unknown>,
    name: string,
    urn: string,
    ctx: PricingContext,
): CostLine[] {
    const version = str(props, "version");
    const supportType = str(props, "upgradePolicy.supportType") ?? "EXTENDED";
    const end = version ? EKS_STANDARD_SUPPORT_END[version] : undefined;
    const standard = (note = "") => priced(`EKS control plane ${name}${note}`, H, P.eksCluster, urn);
    if (!version || !end) {
        return [
            standard(
                version
                    ? ` (Kubernetes ${version}, standard support assumed)`
                    : " (no version input: standard support assumed)",
            ),
            unpriced(
                `EKS extended support for Kubernetes ${version ?? "(unknown version)"}`,
                H,
                "cluster-hours",
                `the version is not in the ${CALENDAR}; add its end-of-standard-support date`,
                urn,
            ),
        ];
    }
    const days = daysUntil(end, ctx.asOf);
    const extendedEnd = addYears(end, 1);
    const extra = Math.round((P.eksClusterExtendedSupport.usd - P.eksCluster.usd) * H);
    if (days > 0) {
        const lines = [standard(` (Kubernetes ${version}, standard support until ${end})`)];
        if (days <= SUPPORT_WARN_DAYS) {
            const then =
                supportType === "EXTENDED"
                    ? `then extended support at $${P.eksClusterExtendedSupport.usd.toFixed(2)}/h, +$${extra}/month (upgradePolicy EXTENDED)`
                    : "then EKS upgrades the control plane automatically (upgradePolicy STANDARD)";
            lines.push(
                warning(
                    `EKS ${name}: standard support for Kubernetes ${version} ends ${end} (in ${days} days); ${then}`,
                    CALENDAR,
                    urn,
                ),
            );
        }
        return lines;
    }
    if (supportType !== "EXTENDED" || daysUntil(extendedEnd, ctx.asOf) <= 0) {
        const why = supportType !== "EXTENDED" ? "upgradePolicy STANDARD" : `extended support ended ${extendedEnd}`;
        return [
            standard(` (Kubernetes ${version})`),
            warning(
                `EKS ${name}: Kubernetes ${version} left standard support on ${end}; EKS upgrades the control plane automatically (${why})`,
                CALENDAR,
                urn,
            ),
        ];
    }
    return [
        priced(
            `EKS control plane ${name} (extended support: Kubernetes ${version} left standard support on ${end})`,
            H,
            P.eksClusterExtendedSupport,
            urn,
        ),
        warning(
            `EKS ${name}: extended support costs +$${extra}/month until ${extendedEnd}; upgrade Kubernetes ${version} to stop it`,
            CALENDAR,
            urn,
        ),
    ];
}

/** Log group EKS writes the control-plane logs to. */
export const controlPlaneLogGroupName = (clusterName: string) => `/aws/eks/${clusterName}/cluster`;

/** GB/month the enabled control-plane log types ingest, and a label naming each type's assumed volume. */
export function controlPlaneLogVolume(
    props: Record<string, unknown>,
    ctx: PricingContext,
): { gb: number; label: string } | undefined {
    const types = (list(props, "enabledClusterLogTypes") ?? []).filter((t): t is string => typeof t === "string");
    if (types.length === 0) return undefined;
    const per = ctx.usage.controlPlaneLogGbPerMonth as Record<string, number | undefined>;
    const gb = types.reduce((sum, t) => sum + (per[t] ?? 0), 0);
    return { gb, label: types.map((t) => `${t} ${per[t] ?? "?"} GB`).join(" + ") };
}

/**
 * Control-plane logs go to /aws/eks/<cluster>/cluster, which EKS creates outside Pulumi (never expiring), unless
 * the program creates that log group itself (to set its retention): then the LogGroup's own lines price them.
 */
export function controlPlaneLogs(
    props: Record<string, unknown>,
    name: string,
    urn: string,
    ctx: PricingContext,
): CostLine[] {
    const volume = controlPlaneLogVolume(props, ctx);
    if (!volume) return [];
    const clusterName = str(props, "name") ?? name;
    const ownGroup = ctx.graph.nodes.some(
        (n) =>
            n.resource.type === "aws:cloudwatch/logGroup:LogGroup" &&
            n.resource.props.name === controlPlaneLogGroupName(clusterName),
    );
    if (ownGroup) return [];
    return logLines(
        `EKS ${name} control-plane logs (group made by EKS)`,
        volume.gb,
        `${volume.label}/month`,
        undefined,
        urn,
        ctx,
    );
}

const eksCluster: Pricer = (node, ctx) => [
    ...controlPlane(node.resource.props, node.name, node.resource.urn, ctx),
    ...controlPlaneLogs(node.resource.props, node.name, node.resource.urn, ctx),
];

/**
 * EKS add-ons cost nothing themselves (they run on the nodes); the CloudWatch observability add-on's Container Insights
 * metrics are billed per observation (usage.containerInsightsObservationsMillionsPerMonth). Its logs are priced on their
 * log groups (rulesObservability.ts).
 */
const eksAddon: Pricer = (node, ctx) => {
    const name = str(node.resource.props, "addonName");
    const urn = node.resource.urn;
    if (name === OBSERVABILITY_ADDONS.cloudwatch) {
        // Container Insights runs only when the agent's config collects `kubernetes` metrics (the add-on's configuration).
        const config = str(node.resource.props, "configurationValues");
        if (config !== undefined && !config.includes('"kubernetes"'))
            return [
                free(
                    `EKS add-on ${name}: container logs only, no Container Insights metrics`,
                    1,
                    "add-on",
                    "https://aws.amazon.com/cloudwatch/pricing/",
                    urn,
                ),
            ];
        const millions = ctx.usage.containerInsightsObservationsMillionsPerMonth;
        return [
            priced(
                `Container Insights (enhanced observability) of ${node.name}: assumed ${millions}M observations/month`,
                millions,
                P.containerInsightsObservationsPerMillion,
                urn,
            ),
        ];
    }
    if (name === OBSERVABILITY_ADDONS.metricsServer)
        return [
            free(
                `EKS add-on ${name}: runs on the nodes, no AWS charge`,
                1,
                "add-on",
                "https://aws.amazon.com/eks/pricing/",
                urn,
            ),
        ];
    return [];
};

export const eksPricers: Record<string, Pricer> = {
    "aws:eks/addon:Addon": eksAddon,
    [EKS_CLUSTER_TYPE]: eksCluster,
};
