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
 * - Always-free allowances (internet egress 100 GB, Lambda, CloudWatch logs and alarms) are per ACCOUNT: an
 *   account estimate (estimateAccountCost) prices its stacks in order from one allowance, so the first stack
 *   (main, the platform owner) uses it and the next stack's lines are its marginal cost. A single-stack estimate
 *   (the policy pack sees one stack) gets the whole allowance and its lines say "this stack alone".
 * - Support calendars (EKS, RDS) are read for `asOf` (default: today): extended-support charges and automatic
 *   upgrades come from the versions and support types the resources declare, with "warning:" lines.
 * - Money is rounded to cents per line; the total is the sum of the lines.
 */
import { ResourceGraph } from "./graph";
import { computePricers } from "./rulesCompute";
import { eksPricers } from "./rulesEks";
import { dataPricers } from "./rulesData";
import { observabilityPricers } from "./rulesObservability";
import { networkPricers } from "./rulesNetwork";
import { pulumiPricers } from "./rulesPulumi";
import { Pricer, PricingContext } from "./rulesShared";
import { backupPricers } from "./rulesBackup";
import {
    accountFreeTier,
    UsageOverrides,
    CostEstimate,
    CostLine,
    CostResource,
    free,
    FreeTier,
    priced,
    resolveUsage,
    roundCents,
    takeFree,
} from "./types";
import { PRICE_TABLE } from "./prices";

export type { CostEstimate, CostLine, CostResource, FreeTier, UsageAssumptions, UsageOverrides } from "./types";
export { accountFreeTier, DEFAULT_USAGE, ENVIRONMENT_USAGE, EKS_LOG_TYPES, roundCents } from "./types";
export { formatAccountCost, formatCostTable, layerOf } from "./table";
export { EKS_EXTENDED_SUPPORT_USD_PER_HOUR, EKS_STANDARD_SUPPORT_USD_PER_HOUR, PRICE_TABLE } from "./prices";

const PRICERS: Record<string, Pricer> = {
    ...networkPricers,
    ...eksPricers,
    ...computePricers,
    ...dataPricers,
    ...observabilityPricers,
    ...backupPricers,
    ...pulumiPricers,
};

export interface EstimateOptions {
    /** The day support calendars are read for. Default: today. */
    asOf?: Date;
    /** The account's remaining always-free allowances, shared across stacks (estimateAccountCost passes one). Default: a fresh one. */
    freeTier?: FreeTier;
    /** How the free tier is shared, named in the lines that use it. */
    freeTierNote?: string;
}

export function estimateMonthlyCost(
    resources: CostResource[],
    usage?: UsageOverrides,
    options: EstimateOptions = {},
): CostEstimate {
    const ctx: PricingContext = {
        graph: new ResourceGraph(resources),
        usage: resolveUsage(usage),
        natGateways: 0,
        internetFacing: false,
        asOf: options.asOf ?? new Date(),
        free: options.freeTier ?? accountFreeTier(),
        freeTierNote: options.freeTierNote ?? "free tier (this stack alone)",
    };
    const lines: CostLine[] = [];
    for (const node of ctx.graph.nodes) {
        const pricer = PRICERS[node.resource.type];
        if (pricer) lines.push(...pricer(node, ctx));
    }
    lines.push(...stackLines(resources, ctx));
    const monthlyUsd = roundCents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0));
    return { monthlyUsd, lines };
}

export interface StackInput {
    stack: string;
    resources: CostResource[];
    usage?: UsageOverrides;
}

export interface AccountEstimate {
    /** In pricing order; each stack's free-tier lines show what was left for it. */
    stacks: { stack: string; estimate: CostEstimate }[];
    monthlyUsd: number;
}

/** Several stacks of ONE account: priced in the order given, sharing one always-free allowance. */
export function estimateAccountCost(
    stacks: StackInput[],
    options: Omit<EstimateOptions, "freeTier" | "freeTierNote"> = {},
): AccountEstimate {
    const freeTier = accountFreeTier();
    const names = stacks.map((s) => s.stack);
    const freeTierNote = `account free tier (${names.join(" first, then ")})`;
    const results = stacks.map((s) => ({
        stack: s.stack,
        estimate: estimateMonthlyCost(s.resources, s.usage, { ...options, freeTier, freeTierNote }),
    }));
    return { stacks: results, monthlyUsd: roundCents(results.reduce((sum, s) => sum + s.estimate.monthlyUsd, 0)) };
}

/** Usage that belongs to the stack, not to one resource. */
function stackLines(resources: CostResource[], ctx: PricingContext): CostLine[] {
    const P = PRICE_TABLE.prices;
    const u = ctx.usage;
    const lines: CostLine[] = [];
    if (ctx.natGateways > 0) {
        lines.push(
            priced(
                `NAT data processing (assumed ${u.natGbPerMonth} GB/month across all NAT gateways)`,
                u.natGbPerMonth,
                P.natGatewayGb,
            ),
        );
    }
    if (ctx.internetFacing) {
        const covered = takeFree(ctx.free, "egressGb", u.egressGbPerMonth);
        lines.push(
            priced(
                `internet egress (assumed ${u.egressGbPerMonth} GB/month; ${covered} GB of it in the ${ctx.freeTierNote} of ${P.internetEgressFreeGb.usd} GB)`,
                u.egressGbPerMonth - covered,
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
                "docs/requirements.md, Cost: Cloudflare on its free plan, $0",
            ),
        );
    }
    return lines;
}
