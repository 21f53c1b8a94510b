/**
 * The monthly cost estimate (policy/cost.ts) as a stack policy: reports the estimate on every preview and
 * flags a stack over its budget. Advisory by default: a budget is a conversation, not a wall.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { estimateMonthlyCost } from "../cost";

export const monthlyBudget: StackValidationPolicy = {
    name: "monthly-budget",
    description: "The stack's estimated monthly cost (us-east-1 on-demand list prices) stays within the budget.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Look at the largest lines of `npm run plan` (NAT strategy, node group size, RDS class) or raise monthlyBudgetUsd.",
    configSchema: { properties: { monthlyBudgetUsd: { type: "number", minimum: 0, default: 300 } } },
    validateStack: (args, report) => {
        const { monthlyBudgetUsd } = args.getConfig<{ monthlyBudgetUsd: number }>();
        const estimate = estimateMonthlyCost(args.resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.props })));
        if (estimate.monthlyUsd > monthlyBudgetUsd) {
            const top = [...estimate.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 3);
            report(
                `estimated $${estimate.monthlyUsd.toFixed(2)}/month is over the $${monthlyBudgetUsd.toFixed(2)} budget; largest: ${top.map((l) => `${l.item} $${l.monthlyUsd.toFixed(2)}`).join("; ")}`,
            );
        }
    },
};
