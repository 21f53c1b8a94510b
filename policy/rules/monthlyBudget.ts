/**
 * The monthly cost estimate (policy/cost/index.ts, us-east-1 on-demand list prices) as a stack policy. The cost
 * requirement puts the stack at about $250/month; the default budget of $300 leaves room for the items the
 * required cost table omits (NAT gateway, public IPv4). Advisory by default: a budget is a conversation, not a wall.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { estimateMonthlyCost } from "../cost";

const usd = (n: number) => `$${n.toFixed(2)}`;

export const monthlyBudget: StackValidationPolicy = {
    name: "monthly-budget",
    description: "The stack's estimated monthly cost stays within monthlyBudgetUsd (default $300).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Read the cost table of `npm run plan` and trim its largest lines (NAT strategy, node count and size, RDS class), or raise monthlyBudgetUsd.",
    configSchema: { properties: { monthlyBudgetUsd: { type: "number", minimum: 0, default: 300 } } },
    validateStack: (args, report) => {
        const { monthlyBudgetUsd } = args.getConfig<{ monthlyBudgetUsd: number }>();
        let estimate: ReturnType<typeof estimateMonthlyCost>;
        try {
            // This stack alone (the pack sees one stack): it gets the account's whole free tier, and its lines say so.
            estimate = estimateMonthlyCost(
                args.resources.map((r) => ({
                    type: r.type,
                    urn: r.urn,
                    name: r.name,
                    props: r.props,
                    propertyDependencies: Object.fromEntries(
                        Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)]),
                    ),
                })),
            );
        } catch (e) {
            // An estimator bug must not take the whole preview down with it; say so at this policy's level.
            report(`could not estimate the monthly cost: ${(e as Error).message}`);
            return;
        }
        if (estimate.monthlyUsd <= monthlyBudgetUsd) return;
        const top = [...estimate.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 3);
        report(
            `estimated ${usd(estimate.monthlyUsd)}/month is over the ${usd(monthlyBudgetUsd)} budget by ${usd(estimate.monthlyUsd - monthlyBudgetUsd)}; ` +
                `largest: ${top.map((l) => `${l.item} ${usd(l.monthlyUsd)}`).join("; ")}`,
        );
    },
};
