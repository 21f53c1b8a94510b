/**
 * The account's monthly AWS Budget, owned by the platform's stack: its limit is the plan's own account estimate (every
 * stack of the account priced together, tools/costAccount.ts, recorded in config/accountEstimate.json by
 * `npx tsx tools/costReport.ts --write`) plus a margin from config, and it notifies the alarm topic when the
 * month's FORECASTED or ACTUAL cost passes the limit. AWS Budgets needs the topic's policy and key policy to let
 * budgets.amazonaws.com publish (components/platform/ipSyncFunction.ts ALARM_PUBLISHERS).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RUNBOOK_ANCHORS, RUNBOOK_TAG } from "../../lib/alarmRules";
import { PROJECT } from "../../lib/naming";

/** The limit: the estimate plus `marginPercent`, in dollars and cents (Budgets takes the amount as a decimal string). */
export function budgetLimitUsd(estimateUsd: number, marginPercent: number): string {
    if (!(estimateUsd > 0) || !Number.isFinite(estimateUsd))
        throw new Error(`budgetLimitUsd: the account estimate ${estimateUsd} must be a positive number of dollars`);
    if (!(marginPercent >= 0)) throw new Error(`budgetLimitUsd: marginPercent ${marginPercent} must be 0 or more`);
    return (Math.round(estimateUsd * (100 + marginPercent)) / 100).toFixed(2);
}

export interface AccountBudgetArgs {
    alarmTopicArn: pulumi.Input<string>;
    /** The plan's account estimate, USD per month (config/accountEstimate.json). */
    estimateUsd: number;
    /** Percent over the estimate (config platform.budget.marginPercent). */
    marginPercent: number;
}

export class AccountBudget extends pulumi.ComponentResource {
    readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: AccountBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        const limitAmount = budgetLimitUsd(args.estimateUsd, args.marginPercent);
        super("osprey:alarms:AccountBudget", name, { limitAmount, marginPercent: args.marginPercent }, opts);
        const notify = (notificationType: "FORECASTED" | "ACTUAL") => ({
            notificationType,
            comparisonOperator: "GREATER_THAN",
            threshold: 100,
            thresholdType: "PERCENTAGE",
            subscriberSnsTopicArns: [args.alarmTopicArn],
        });
        const budget = new aws.budgets.Budget(
            name,
            {
                name: `${PROJECT}-monthly`,
                budgetType: "COST",
                timeUnit: "MONTHLY",
                limitAmount,
                limitUnit: "USD",
                notifications: [notify("FORECASTED"), notify("ACTUAL")],
                tags: { [RUNBOOK_TAG]: RUNBOOK_ANCHORS.budget },
            },
            { parent: this },
        );
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
