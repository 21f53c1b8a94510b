/**
 * Pricers for compute: EKS control planes, node groups (the eks component's default group, managed node
 * groups as components or as aws:eks/nodeGroup:NodeGroup children), EC2 instances and EBS volumes.
 *
 * Double-count rule (see rulesNetwork.ts): eks:index:Cluster prices its control plane only when no
 * aws:eks/cluster:Cluster child exists; eks:index:ManagedNodeGroup prices its nodes only when no
 * aws:eks/nodeGroup:NodeGroup child exists. The eks component's DEFAULT node group is always priced from
 * the component's inputs: its children (launch template, autoscaling group) carry no price of their own.
 */
import { bool, GraphNode, list, num, prop, str } from "./graph";
import { CostLine, free, priced, unpriced, warning } from "./types";
import { PRICE_TABLE } from "./prices";
import { ebsStorage, ec2Hours, logLines, Pricer, PricingContext } from "./rulesShared";
import { addYears, daysUntil, EKS_STANDARD_SUPPORT_END } from "../supportCalendars";
import { OBSERVABILITY_ADDONS } from "../contract";

const P = PRICE_TABLE.prices;
const H = PRICE_TABLE.hoursPerMonth;

export const EKS_CLUSTER_TYPE = "aws:eks/cluster:Cluster";
export const EKS_NODE_GROUP_TYPE = "aws:eks/nodeGroup:NodeGroup";
const EKS_COMPONENT_TYPE = "eks:index:Cluster";

/**
 * Root volume of a managed node: EKS's own launch template uses gp2 when the node group gives only
 * diskSize (aws/containers-roadmap#1417, still open; Infracost prices it the same way), 20 GiB by default
 * for Linux (EKS CreateNodegroup API: "The default disk size is 20 GiB for Linux and Bottlerocket").
 */
const EKS_DEFAULT_DISK_GB = 20;
const EKS_DEFAULT_DISK_TYPE = "gp2"; // also @pulumi/eks's nodeRootVolumeType default for its own default node group
/** @pulumi/eks defaults (cluster.d.ts, nodeGroupV2.d.ts): instanceType "t3.medium", desiredCapacity 2, nodeRootVolumeSize 20, nodeRootVolumeType "gp2". */
const EKS_DEFAULT_INSTANCE = "t3.medium";
const EKS_DEFAULT_NODES = 2;
/** @pulumi/aws Instance root volume: AMI-dependent; Infracost assumes 8 GB gp2 (Amazon Linux's default size). */
const EC2_DEFAULT_ROOT_GB = 8;
const EC2_DEFAULT_ROOT_TYPE = "gp2";

/** Warn this many days before a support date changes the bill (the cluster code warns at the same distance). */
export const SUPPORT_WARN_DAYS = 90;
const CALENDAR = "EKS Kubernetes release calendar (policy/supportCalendars.ts)";

/**
 * The control plane, priced from its Kubernetes version, its upgrade policy and the support calendar on `asOf`:
 * standard support $0.10/h; past the end of standard support, $0.60/h for 12 months if the upgrade policy is
 * EXTENDED (EKS's default when `upgradePolicy` is absent), or an automatic upgrade (a warning) if STANDARD.
 */
function controlPlane(props: Record<string, unknown>, name: string, urn: string, ctx: PricingContext): CostLine[] {
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
function controlPlaneLogs(props: Record<string, unknown>, name: string, urn: string, ctx: PricingContext): CostLine[] {
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

const eksComponent: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const urn = node.resource.urn;
    const lines: CostLine[] = [];
    if (ctx.graph.descendantsOfType(node, EKS_CLUSTER_TYPE).length === 0) {
        lines.push(...controlPlane(props, node.name, urn, ctx), ...controlPlaneLogs(props, node.name, urn, ctx));
    }
    // fargate or autoMode also skip the default node group (eks ClusterOptions docs).
    const skipped =
        bool(props, "skipDefaultNodeGroup") === true ||
        Boolean(prop(props, "fargate")) ||
        bool(props, "autoMode.enabled") === true;
    if (!skipped) {
        const instanceType = str(props, "instanceType") ?? EKS_DEFAULT_INSTANCE;
        const nodes = num(props, "desiredCapacity") ?? EKS_DEFAULT_NODES;
        const size = num(props, "nodeRootVolumeSize");
        const type = str(props, "nodeRootVolumeType");
        const assumed = [
            size === undefined ? `${EKS_DEFAULT_DISK_GB} GB` : "",
            type === undefined ? EKS_DEFAULT_DISK_TYPE : "",
        ]
            .filter(Boolean)
            .join(" ");
        const label = `EKS ${node.name} default node group`;
        lines.push(ec2Hours(instanceType, nodes, label, urn));
        lines.push(
            ebsStorage(
                type ?? EKS_DEFAULT_DISK_TYPE,
                size ?? EKS_DEFAULT_DISK_GB,
                nodes,
                `${label} root volumes`,
                urn,
                assumed ? `assumed @pulumi/eks default ${assumed}` : undefined,
            ),
        );
    }
    return lines;
};

const eksCluster: Pricer = (node, ctx) => [
    ...controlPlane(node.resource.props, node.name, node.resource.urn, ctx),
    ...controlPlaneLogs(node.resource.props, node.name, node.resource.urn, ctx),
];

const LAUNCH_TEMPLATE_TYPE = "aws:ec2/launchTemplate:LaunchTemplate";

/** The launch template a node group's `launchTemplate` input depends on (propertyDependencies), if in the graph. */
function launchTemplateOf(node: GraphNode, ctx: PricingContext): GraphNode | undefined {
    const urns = node.resource.propertyDependencies?.launchTemplate ?? [];
    return ctx.graph.nodes.find((n) => n.resource.type === LAUNCH_TEMPLATE_TYPE && urns.includes(n.resource.urn));
}

function nodeGroupLines(node: GraphNode, ctx: PricingContext): CostLine[] {
    const props = node.resource.props;
    const urn = node.resource.urn;
    // EKS accepts one instance type per managed node group (instanceTypes[0]); default t3.medium.
    const types = list(props, "instanceTypes");
    const first = types === undefined ? EKS_DEFAULT_INSTANCE : types[0];
    const instanceType = typeof first === "string" ? first : "instance type unknown";
    const nodes = num(props, "scalingConfig.desiredSize") ?? EKS_DEFAULT_NODES;
    const spot = str(props, "capacityType") === "SPOT";
    const label = `node group ${node.name}${spot ? " (SPOT: price varies; on-demand shown as upper bound)" : ""}`;
    const lines = [ec2Hours(instanceType, nodes, label, urn)];
    const diskSize = num(props, "diskSize");
    if (diskSize === undefined && prop(props, "launchTemplate") !== undefined) {
        const lt = launchTemplateOf(node, ctx);
        const mappings = lt ? list(lt.resource.props, "blockDeviceMappings") : undefined;
        const root = mappings?.[0];
        const ebs =
            typeof root === "object" && root !== null
                ? ((root as { ebs?: Record<string, unknown> }).ebs ?? {})
                : undefined;
        const size = ebs ? num(ebs, "volumeSize") : undefined;
        const type = ebs ? str(ebs, "volumeType") : undefined;
        if (lt && size !== undefined && type !== undefined) {
            lines.push(ebsStorage(type, size, nodes, `${label} root volumes (launch template ${lt.name})`, urn));
        } else {
            lines.push(
                unpriced(
                    "root volumes defined in a launch template",
                    nodes,
                    "volumes",
                    `node group ${node.name}: ${lt ? `launch template ${lt.name} sets no blockDeviceMappings[0].ebs volumeSize and volumeType` : "its launch template is not in the graph"}`,
                    urn,
                ),
            );
        }
    } else {
        const assumed = diskSize === undefined ? `assumed EKS default size and type` : `assumed EKS default type`;
        lines.push(
            ebsStorage(
                EKS_DEFAULT_DISK_TYPE,
                diskSize ?? EKS_DEFAULT_DISK_GB,
                nodes,
                `${label} root volumes`,
                urn,
                assumed,
            ),
        );
    }
    return lines;
}

const managedNodeGroupComponent: Pricer = (node, ctx) =>
    ctx.graph.descendantsOfType(node, EKS_NODE_GROUP_TYPE).length > 0 ? [] : nodeGroupLines(node, ctx);

const nodeGroup: Pricer = (node, ctx) => nodeGroupLines(node, ctx);

const ec2Instance: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const urn = node.resource.urn;
    const instanceType = str(props, "instanceType");
    if (!instanceType)
        return [
            unpriced(
                "EC2 instance type unknown",
                H,
                "instance-hours",
                `instance ${node.name} has no instanceType input`,
                urn,
            ),
        ];
    const size = num(props, "rootBlockDevice.volumeSize");
    const type = str(props, "rootBlockDevice.volumeType");
    const assumed = [
        size === undefined ? `${EC2_DEFAULT_ROOT_GB} GB` : "",
        type === undefined ? EC2_DEFAULT_ROOT_TYPE : "",
    ]
        .filter(Boolean)
        .join(" ");
    const lines = [
        ec2Hours(instanceType, 1, `EC2 ${node.name}`, urn),
        ebsStorage(
            type ?? EC2_DEFAULT_ROOT_TYPE,
            size ?? EC2_DEFAULT_ROOT_GB,
            1,
            `EC2 ${node.name} root volume`,
            urn,
            assumed ? `assumed AMI default ${assumed}` : undefined,
        ),
    ];
    if (bool(props, "associatePublicIpAddress") === true) {
        lines.push(priced(`EC2 ${node.name}: public IPv4`, H, P.publicIpv4Hour, urn));
        ctx.internetFacing = true;
    }
    return lines;
};

const ebsVolume: Pricer = (node) => {
    const props = node.resource.props;
    const size = num(props, "size");
    if (size === undefined)
        return [
            unpriced(
                "EBS volume size unknown",
                1,
                "volumes",
                `volume ${node.name} has no size input (snapshot-sized?)`,
                node.resource.urn,
            ),
        ];
    return [
        ebsStorage(
            str(props, "type") ?? "gp2",
            size,
            1,
            `EBS volume ${node.name}`,
            node.resource.urn,
            str(props, "type") ? undefined : "assumed default gp2",
        ),
    ];
};

/** Autoscaling groups outside the eks component would hide instances we cannot price: show the gap. */
const autoscalingGroup: Pricer = (node, ctx) => {
    if (ctx.graph.isInside(node, EKS_COMPONENT_TYPE)) return []; // the component priced its default node group
    const nodes = num(node.resource.props, "desiredCapacity") ?? num(node.resource.props, "minSize") ?? 1;
    return [
        unpriced(
            `instances of autoscaling group ${node.name}`,
            nodes * H,
            "instance-hours",
            "the instance type lives in a launch template the estimator does not read",
            node.resource.urn,
        ),
    ];
};

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

export const computePricers: Record<string, Pricer> = {
    "aws:eks/addon:Addon": eksAddon,
    [EKS_COMPONENT_TYPE]: eksComponent,
    [EKS_CLUSTER_TYPE]: eksCluster,
    "eks:index:ManagedNodeGroup": managedNodeGroupComponent,
    [EKS_NODE_GROUP_TYPE]: nodeGroup,
    "aws:ec2/instance:Instance": ec2Instance,
    "aws:ebs/volume:Volume": ebsVolume,
    "aws:autoscaling/group:Group": autoscalingGroup,
};
