/**
 * The account budget's limit is the plan's own account estimate: config/accountEstimate.json is what
 * `npx tsx tools/costReport.ts --write` writes from the default profile (the stack files as they are), and main's
 * budget is that total plus platform.budget.marginPercent.
 */
import * as fs from "node:fs";
import { accountCost } from "../../tools/costAccount";
import { accountEstimateRecord, ESTIMATE_FILE, COST_AS_OF } from "../../tools/costReport";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { budgetLimitUsd } from "../../components/alarms/budget";
import { LAYERS } from "../../config/settings";

jest.setTimeout(600_000);

it("config/accountEstimate.json is what `npx tsx tools/costReport.ts --write` writes", () => {
    const expected = accountEstimateRecord(accountCost("default", new Date(`${COST_AS_OF}T00:00:00Z`)));
    expect(fs.readFileSync(ESTIMATE_FILE, "utf8")).toBe(expected);
});

it("main's budget is the recorded estimate plus the default margin, notified at FORECASTED and ACTUAL", async () => {
    const estimate = JSON.parse(fs.readFileSync(ESTIMATE_FILE, "utf8")) as { monthlyUsd: number };
    const margin = LAYERS.platform.fields.budget.fields.marginPercent.default as number;
    const main = await sharedProgramRun("main");
    const budgets = main.resources.filter((r) => r.type === "aws:budgets/budget:Budget" && !r.read);
    expect(budgets).toHaveLength(1);
    expect(budgets[0].inputs).toMatchObject({
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitUnit: "USD",
        limitAmount: budgetLimitUsd(estimate.monthlyUsd, margin),
    });
    const types = (budgets[0].inputs.notifications as { notificationType: string }[]).map((n) => n.notificationType);
    expect(types).toEqual(["FORECASTED", "ACTUAL"]);
    const demo = await sharedProgramRun("demo");
    expect(demo.resources.filter((r) => r.type === "aws:budgets/budget:Budget")).toEqual([]);
});
