/**
 * Pure monthly cost estimator: prices the resources a Pulumi program registers, as a policy pack or the
 * offline plan sees them ({ type, urn, name, props }). No Pulumi imports, no I/O.
 *
 * - Remote components (awsx:ec2:Vpc, eks:index:Cluster, eks:index:ManagedNodeGroup) are priced from their
 *   inputs for what they create out of sight, unless a child of that kind is in the graph (a real
 *   preview): then the child is priced and the component adds nothing for that kind. Never both.
 * - ALBs made by the AWS Load Balancer Controller are counted from our ALB security groups.
 * - Usage-priced lines (LCUs, NAT data, storage, egress, logs) take UsageAssumptions and say so.
 * - Anything costly without a price becomes an "unpriced: ..." line at $0, never silently dropped.
 * - Money is rounded to cents per line; the total is the sum of the lines.
 */
import { ResourceGraph } from "./costGraph";
import { computePricers } from "./costRulesCompute";
import { dataPricers } from "./costRulesData";
import { networkPricers } from "./costRulesNetwork";
import { Pricer, PricingContext } from "./costRulesShared";
import { CostEstimate, CostLine, CostResource, free, priced, resolveUsage, roundCents, UsageAssumptions } from "./costTypes";
import { PRICE_TABLE } from "./prices";

export type { CostEstimate, CostLine, CostResource, UsageAssumptions } from "./costTypes";
export { DEFAULT_USAGE, roundCents } from "./costTypes";
export { formatCostTable } from "./costTable";
export { EKS_EXTENDED_SUPPORT_USD_PER_HOUR, EKS_STANDARD_SUPPORT_USD_PER_HOUR, PRICE_TABLE } from "./prices";

const PRICERS: Record<string, Pricer> = { ...networkPricers, ...computePricers, ...dataPricers };

export function estimateMonthlyCost(
    resources: { type: string; urn: string; name: string; props: Record<string, unknown> }[],
    usage?: Partial<UsageAssumptions>,
): CostEstimate {
    const ctx: PricingContext = { graph: new ResourceGraph(resources), usage: resolveUsage(usage), natGateways: 0, internetFacing: false };
    const lines: CostLine[] = [];
    for (const node of ctx.graph.nodes) {
        const pricer = PRICERS[node.resource.type];
        if (pricer) lines.push(...pricer(node, ctx));
    }
    lines.push(...stackLines(resources, ctx));
    const monthlyUsd = roundCents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0));
    return { monthlyUsd, lines };
}

/** Usage that belongs to the stack, not to one resource. */
function stackLines(resources: CostResource[], ctx: PricingContext): CostLine[] {
    const P = PRICE_TABLE.prices;
    const u = ctx.usage;
    const lines: CostLine[] = [];
    if (ctx.natGateways > 0) {
        lines.push(priced(`NAT data processing (assumed ${u.natGbPerMonth} GB/month across all NAT gateways)`, u.natGbPerMonth, P.natGatewayGb));
    }
    if (ctx.internetFacing) {
        const freeGb = P.internetEgressFreeGb.usd;
        lines.push(
            priced(
                `internet egress (assumed ${u.egressGbPerMonth} GB/month, first ${freeGb} GB free)`,
                Math.max(0, u.egressGbPerMonth - freeGb),
                P.internetEgressGb,
            ),
        );
    }
    const cloudflare = resources.filter((r) => r.type.startsWith("cloudflare:")).length;
    if (cloudflare > 0) {
        lines.push(
            free(
                `Cloudflare resources × ${cloudflare} (free plan: WAF, CDN, Access, Workers)`,
                cloudflare,
                "resources",
                "seed cost model: Cloudflare free tier $0",
            ),
        );
    }
    return lines;
}
