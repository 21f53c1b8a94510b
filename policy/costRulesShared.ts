/**
 * What every pricer shares: its signature, the per-run context, and the EC2/EBS line builders used by
 * node groups, instances and volumes alike.
 */
import { GraphNode, ResourceGraph } from "./costGraph";
import { CostLine, priced, unpriced, UsageAssumptions } from "./costTypes";
import { PRICE_TABLE } from "./prices";

export interface PricingContext {
    graph: ResourceGraph;
    usage: UsageAssumptions;
    /** NAT gateways priced so far (implied or explicit): the stack-wide NAT data line needs at least one. */
    natGateways: number;
    /** Whether anything public was priced (ALB, NLB, NAT): the internet egress line needs a way out. */
    internetFacing: boolean;
}

/** Prices one resource; returns no lines for resources that cost nothing. */
export type Pricer = (node: GraphNode, ctx: PricingContext) => CostLine[];

const H = PRICE_TABLE.hoursPerMonth;

/** `count` instances of an EC2 class for a month, or a visible unpriced line for a class not in the table. */
export function ec2Hours(instanceClass: string, count: number, label: string, urn: string): CostLine {
    const price = PRICE_TABLE.prices.ec2[instanceClass];
    if (!price)
        return unpriced(
            instanceClass,
            count * H,
            "instance-hours",
            `no on-demand price for EC2 ${instanceClass} (${label}) in PRICE_TABLE ${PRICE_TABLE.version}`,
            urn,
        );
    return priced(`${label}: ${instanceClass} × ${count}`, count * H, price, urn);
}

/** `count` EBS volumes of `sizeGb` each; `assumed` says which figures were defaults rather than inputs. */
export function ebsStorage(volumeType: string, sizeGb: number, count: number, label: string, urn: string, assumed?: string): CostLine {
    const note = assumed ? ` (${assumed})` : "";
    const price = PRICE_TABLE.prices.ebs[volumeType];
    if (!price)
        return unpriced(
            `EBS ${volumeType}`,
            count * sizeGb,
            "GB-month",
            `no price for EBS ${volumeType} (${label}) in PRICE_TABLE ${PRICE_TABLE.version}`,
            urn,
        );
    return priced(`${label}: ${volumeType} ${sizeGb} GB × ${count}${note}`, count * sizeGb, price, urn);
}
