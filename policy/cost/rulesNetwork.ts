/**
 * Pricers for networking: the awsx VPC's NAT gateways (implied or as children), Elastic IPs, the ALBs
 * the AWS Load Balancer Controller creates out of sight, and explicit load balancers.
 *
 * Double-count rule, applied per kind: a component's implied item is priced only when no child of
 * that kind exists in the graph. A graph of the component alone (a policy pack's view of a bare mock run) prices
 * what it would create; in a real preview, and in the offline plan, which models the children of remote
 * components, its aws:ec2/natGateway:NatGateway and aws:ec2/eip:Eip children exist (they price themselves
 * and the component adds nothing for that kind).
 */
import { ALB_IP_ADDRESS_TYPES, ALB_ROLE_TAG, COMPONENT_TYPES } from "../contract";
import { bool, GraphNode, list, num, str } from "./graph";
import { CostLine, priced, unpriced } from "./types";
import { PRICE_TABLE } from "./prices";
import { Pricer, PricingContext } from "./rulesShared";

const P = PRICE_TABLE.prices;
const H = PRICE_TABLE.hoursPerMonth;

export const NAT_TYPE = "aws:ec2/natGateway:NatGateway";
export const EIP_TYPE = "aws:ec2/eip:Eip";

/** awsx v3 default: "If private and public subnets are both specified, defaults to one gateway per availability zone. Otherwise, no gateways." */
function defaultNatStrategy(props: Record<string, unknown>): string {
    const specs = list(props, "subnetSpecs");
    if (specs === undefined) return "OnePerAz"; // awsx's default specs are one public + one private subnet per AZ
    const types = specs.map((s) => (typeof s === "object" && s !== null ? (s as { type?: unknown }).type : undefined));
    return types.includes("Private") && types.includes("Public") ? "OnePerAz" : "None";
}

const awsxVpc: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const urn = node.resource.urn;
    // awsx: explicit AZ names win; otherwise numberOfAvailabilityZones; otherwise "the first 3 AZs in the current region".
    const azs = list(props, "availabilityZoneNames")?.length ?? num(props, "numberOfAvailabilityZones") ?? 3;
    const strategy = str(props, "natGateways.strategy") ?? defaultNatStrategy(props);
    const counts: Record<string, number> = { None: 0, Single: 1, OnePerAz: azs };
    const count = counts[strategy];
    if (count === undefined)
        return [
            unpriced(`NAT strategy "${strategy}"`, 0, "NAT gateways", "awsx knows None, Single and OnePerAz only", urn),
        ];
    if (count === 0) return [];

    const lines: CostLine[] = [];
    if (ctx.graph.descendantsOfType(node, NAT_TYPE).length === 0) {
        lines.push(
            priced(
                `NAT gateway × ${count} (awsx ${strategy}, ${azs} AZs; implied by ${node.name})`,
                count * H,
                P.natGatewayHour,
                urn,
            ),
        );
        ctx.natGateways += count;
    }
    // With elasticIpAllocationIds the caller brought its own EIPs: they are separate resources, priced as aws:ec2/eip:Eip.
    const byoEips = (list(props, "natGateways.elasticIpAllocationIds")?.length ?? 0) > 0;
    if (!byoEips && ctx.graph.descendantsOfType(node, EIP_TYPE).length === 0) {
        lines.push(
            priced(
                `public IPv4 × ${count} for NAT gateways (implied by ${node.name})`,
                count * H,
                P.publicIpv4Hour,
                urn,
            ),
        );
    }
    return lines;
};

const natGateway: Pricer = (node, ctx) => {
    ctx.natGateways += 1;
    // Its public IPv4 is the aws:ec2/eip:Eip resource it references, priced there.
    return [
        priced(
            `NAT gateway (${str(node.resource.props, "connectivityType") ?? "public"})`,
            H,
            P.natGatewayHour,
            node.resource.urn,
        ),
    ];
};

/** Since 2024-02 every public IPv4 bills hourly, attached or idle. */
const elasticIp: Pricer = (node) => [priced("public IPv4 (Elastic IP)", H, P.publicIpv4Hour, node.resource.urn)];

function albLines(
    name: string,
    note: string,
    azs: number,
    publicIpv4: boolean,
    urn: string,
    ctx: PricingContext,
): CostLine[] {
    const lcu = ctx.usage.albLcuAverage;
    const lines = [
        priced(`ALB ${name}${note}`, H, P.albHour, urn),
        priced(`ALB ${name}: LCUs (assumed ${lcu} LCU average)`, lcu * H, P.albLcuHour, urn),
    ];
    if (publicIpv4)
        lines.push(priced(`ALB ${name}: public IPv4 × ${azs} (one per AZ)`, azs * H, P.publicIpv4Hour, urn));
    return lines;
}

export { ALB_IP_ADDRESS_TYPES };

/**
 * One ALB per ingress group: the AWS Load Balancer Controller makes one internet-facing ALB for all Ingresses
 * of a group (never in the Pulumi graph). The environment's AlbSecurityGroup component registers the group it
 * serves and the ALB's IP address type (policy/contract.ts AlbFacts); two components naming one group are one
 * ALB. An ALB of type dualstack-without-public-ipv4 holds no public IPv4 (its IPv6 addresses are free).
 */
const albSecurityGroupComponent: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const group = str(props, "ingressGroup");
    if (group === undefined) return []; // no facts: the tagged security group below prices it the old way
    const seen = ctx.graph.nodes.filter(
        (n) => n.resource.type === COMPONENT_TYPES.albSecurityGroup && str(n.resource.props, "ingressGroup") === group,
    );
    if (seen[0] !== node) return []; // a second component of the same group: the same ALB
    const type = str(props, "ipAddressType") ?? "ipv4";
    const azs = ctx.usage.albAvailabilityZones;
    if (!(ALB_IP_ADDRESS_TYPES as readonly string[]).includes(type)) {
        return [
            unpriced(
                `ALB of ingress group ${group}`,
                H,
                "ALB-hours",
                `ipAddressType "${type}" is not one of ${ALB_IP_ADDRESS_TYPES.join(", ")}`,
                node.resource.urn,
            ),
        ];
    }
    ctx.internetFacing = true;
    return albLines(
        `ingress group ${group}`,
        ` (${type}; made by the Load Balancer Controller; assumed ${azs} AZs)`,
        azs,
        type !== "dualstack-without-public-ipv4",
        node.resource.urn,
        ctx,
    );
};

/**
 * Fallback for a security group tagged ALB_ROLE_TAG whose component registered no ingress group: one
 * internet-facing IPv4 ALB per such group (what the program created before the ALB facts existed).
 */
const securityGroup: Pricer = (node, ctx) => {
    if (!isAlbSecurityGroup(node)) return [];
    const component = ctx.graph.nodes.find(
        (n) => n.resource.type === COMPONENT_TYPES.albSecurityGroup && n.name === node.name,
    );
    if (component && str(component.resource.props, "ingressGroup") !== undefined) return []; // priced by its component
    const azs = ctx.usage.albAvailabilityZones;
    ctx.internetFacing = true;
    return albLines(
        node.name,
        ` (by the Load Balancer Controller for this SG; ingress group unknown, assumed ipv4 and ${azs} AZs)`,
        azs,
        true,
        node.resource.urn,
        ctx,
    );
};

const loadBalancer: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const urn = node.resource.urn;
    const kind = str(props, "loadBalancerType") ?? "application";
    const internal = bool(props, "internal") === true;
    const azs =
        list(props, "subnetMappings")?.length ?? list(props, "subnets")?.length ?? ctx.usage.albAvailabilityZones;
    if (kind === "application") {
        const dualstackNoIpv4 = str(props, "ipAddressType") === "dualstack-without-public-ipv4";
        if (!internal) ctx.internetFacing = true;
        return albLines(
            node.name,
            internal ? " (internal)" : dualstackNoIpv4 ? " (dualstack-without-public-ipv4)" : "",
            azs,
            !internal && !dualstackNoIpv4,
            urn,
            ctx,
        );
    }
    if (kind === "network") {
        const lcu = ctx.usage.albLcuAverage;
        const lines = [
            priced(`NLB ${node.name}`, H, P.nlbHour, urn),
            priced(`NLB ${node.name}: NLCUs (assumed ${lcu} NLCU average)`, lcu * H, P.nlbLcuHour, urn),
        ];
        if (!internal) {
            ctx.internetFacing = true;
            lines.push(priced(`NLB ${node.name}: public IPv4 × ${azs} (one per AZ)`, azs * H, P.publicIpv4Hour, urn));
        }
        return lines;
    }
    return [unpriced(`${kind} load balancer`, H, "hours", `no price for loadBalancerType "${kind}"`, urn)];
};

export const networkPricers: Record<string, Pricer> = {
    "awsx:ec2:Vpc": awsxVpc,
    [NAT_TYPE]: natGateway,
    [EIP_TYPE]: elasticIp,
    "aws:ec2/securityGroup:SecurityGroup": securityGroup,
    [COMPONENT_TYPES.albSecurityGroup]: albSecurityGroupComponent,
    "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
};

/**
 * A security group our program made for an environment's ALB (contract ALB_ROLE_TAG). An environment whose
 * group lacks the tag is reported by alb-rules-cloudflare-only, so a missing ALB line does not pass unseen.
 */
export function isAlbSecurityGroup(node: GraphNode): boolean {
    const tags = node.resource.props.tags;
    return (
        node.resource.type === "aws:ec2/securityGroup:SecurityGroup" &&
        typeof tags === "object" &&
        tags !== null &&
        (tags as Record<string, unknown>)[ALB_ROLE_TAG.key] === ALB_ROLE_TAG.value
    );
}
