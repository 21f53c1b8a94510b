/**
 * What every pricer shares: its signature, the per-run context, and the EC2/EBS line builders used by
 * node groups, instances and volumes alike.
 */
import { GraphNode, ResourceGraph } from "./graph";
import { CostLine, FreeTier, priced, takeFree, unpriced, UsageAssumptions } from "./types";
import { PRICE_TABLE } from "./prices";

export interface PricingContext {
    graph: ResourceGraph;
    usage: UsageAssumptions;
    /** NAT gateways priced so far (implied or explicit): the stack-wide NAT data line needs at least one. */
    natGateways: number;
    /** Whether anything public was priced (ALB, NLB, NAT): the internet egress line needs a way out. */
    internetFacing: boolean;
    /** The day the support calendars are read for (extended support, automatic upgrades). */
    asOf: Date;
    /** What is left of the account's always-free allowances; pricers take from it as they go. */
    free: FreeTier;
    /** How the free tier is shared, for the lines that use it ("account free tier, shared by stacks main, demo"). */
    freeTierNote: string;
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
export function ebsStorage(
    volumeType: string,
    sizeGb: number,
    count: number,
    label: string,
    urn: string,
    assumed?: string,
): CostLine {
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

/** Up to three decimals, trailing zeros trimmed, for quantities named in an item. */
const q = (v: number) => String(Number(v.toFixed(3)));

/**
 * Ingestion and steady-state storage of one log group: `gb` ingested a month (the account's always-free 5 GB
 * taken first), and stored for `retentionDays` (a month's ingestion × retention/30; a never-expiring group is shown
 * with a year's worth). Storage is priced on the ingested size, an upper bound (CloudWatch stores logs compressed).
 */
export function logLines(
    label: string,
    gb: number,
    assumption: string,
    retentionDays: number | undefined,
    urn: string,
    ctx: PricingContext,
): CostLine[] {
    const covered = takeFree(ctx.free, "logsIngestGb", gb);
    const freeNote = covered > 0 ? `; ${q(covered)} GB of it in the ${ctx.freeTierNote}` : "";
    const days = retentionDays && retentionDays > 0 ? retentionDays : undefined;
    const monthsKept = Math.min(days ?? 365, 365) / 30;
    return [
        priced(
            `${label}: ingested (assumed ${assumption}${freeNote})`,
            Number((gb - covered).toFixed(3)),
            PRICE_TABLE.prices.cloudwatchLogsIngestGb,
            urn,
        ),
        priced(
            `${label}: stored (${q(gb)} GB/month kept ${days ? `${days} days` : "forever; a year's worth shown"})`,
            Number((gb * monthsKept).toFixed(3)),
            PRICE_TABLE.prices.cloudwatchLogsStorageGbMonth,
            urn,
        ),
    ];
}
