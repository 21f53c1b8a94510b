/**
 * Pricers for compute: node groups (the eks component's default group, managed node groups as components or as
 * aws:eks/nodeGroup:NodeGroup children), EC2 instances and EBS volumes; the eks component's control plane is priced
 * by rulesEks.ts, as are plain aws:eks/cluster:Cluster resources and add-ons.
 *
 * Double-count rule (see rulesNetwork.ts): eks:index:Cluster prices its control plane only when no
 * aws:eks/cluster:Cluster child exists; eks:index:ManagedNodeGroup prices its nodes only when no
 * aws:eks/nodeGroup:NodeGroup child exists. The eks component's DEFAULT node group is always priced from
 * the component's inputs: its children (launch template, autoscaling group) carry no price of their own.
 */
import { bool, GraphNode, list, num, prop, str } from "./graph";
import { CostLine, priced, unpriced } from "./types";
import { PRICE_TABLE } from "./prices";
import { ebsStorage, ec2Hours, Pricer, PricingContext } from "./rulesShared";
import { controlPlane, controlPlaneLogs, EKS_CLUSTER_TYPE } from "./rulesEks";

const P = PRICE_TABLE.prices;
const H = PRICE_TABLE.hoursPerMonth;

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

export const computePricers: Record<string, Pricer> = {
    [EKS_COMPONENT_TYPE]: eksComponent,
    "eks:index:ManagedNodeGroup": managedNodeGroupComponent,
    [EKS_NODE_GROUP_TYPE]: nodeGroup,
    "aws:ec2/instance:Instance": ec2Instance,
    "aws:ebs/volume:Volume": ebsVolume,
    "aws:autoscaling/group:Group": autoscalingGroup,
};
