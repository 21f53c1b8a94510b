/**
 * The drift watch's cost lines (policy/cost/rulesPulumi.ts): a schedule's runs from its cron × the assumed minutes ×
 * Pulumi's deployment-minute price; webhooks and the function URL as free lines with their reason; the signed-webhook
 * receiver priced on its own invocation assumption. Expected figures are PRICE_TABLE arithmetic, written out.
 */
import { PRICE_TABLE } from "../../policy/cost";
import { cronRunsPer30Days } from "../../policy/cost/rulesPulumi";
import { SIGNED_WEBHOOK_FUNCTIONS } from "../../policy/contract";
import { estimateAt, res } from "./costFixtures";

describe("cronRunsPer30Days (30 days from Thursday 2026-01-01)", () => {
    it.each([
        ["0 5 * * *", 30], // once a day
        ["30 5 * * 1-5", 22], // weekdays: Jan 1-30 2026 holds 22 (Thu 1 … Fri 30)
        ["0 */6 * * *", 120], // four a day
        ["0 5 1,15 * *", 2],
        ["0 5 1 * 1", 5], // day 1 OR Monday (cron's rule when both are set): Jan 1 + Mondays 5, 12, 19, 26
        ["0 5 * 2 *", 0], // February only: none in January
    ])("%s → %i runs", (cron, runs) => expect(cronRunsPer30Days(cron)).toBe(runs));
    it("is undefined for what is not a 5-field cron", () => {
        expect(cronRunsPer30Days("cron(0 5 * * ? *)")).toBeUndefined();
        expect(cronRunsPer30Days("0 5 * * MON")).toBeUndefined();
    });
});

describe("the drift watch's lines", () => {
    const minute = PRICE_TABLE.prices.pulumiDeploymentMinute.usd;

    it("prices each schedule's deployment minutes: daily × 5 min = 150 min × $0.01 = $1.50", () => {
        expect(minute).toBe(0.01);
        const { lines } = estimateAt([
            res("pulumiservice:index:DriftSchedule", "d", { scheduleCron: "0 5 * * *", autoRemediate: false }),
            res("pulumiservice:index:DeploymentSchedule", "p", { scheduleCron: "0 */6 * * *" }),
        ]);
        expect(lines.map((l) => [l.quantity, l.monthlyUsd])).toEqual([
            [150, 1.5],
            [600, 6], // 120 runs × 5 min × $0.01
        ]);
        expect(lines[0].item).toMatch(/"0 5 \* \* \*" UTC = 30 runs\/month × assumed 5 min/);
        const slower = estimateAt([res("pulumiservice:index:DriftSchedule", "d", { scheduleCron: "0 5 * * *" })], {
            scheduledRunMinutes: 12,
        });
        expect(slower.lines[0].monthlyUsd).toBe(3.6); // 30 × 12 × 0.01
    });

    it("shows a schedule it cannot read as unpriced, never as nothing", () => {
        const { lines } = estimateAt([res("pulumiservice:index:DriftSchedule", "d", {})]);
        expect(lines[0].item).toMatch(/^unpriced: drift detection d/);
    });

    it("lists webhooks and the function URL as free, with their reason", () => {
        const { lines } = estimateAt([
            res("pulumiservice:index:Webhook", "w", {}),
            res("aws:lambda/functionUrl:FunctionUrl", "u", { authorizationType: "NONE" }),
        ]);
        expect(lines.map((l) => l.monthlyUsd)).toEqual([0, 0]);
        expect(lines[0].source).toMatch(/pulumi\.com\/docs\/pulumi-cloud\/webhooks/);
        expect(lines[1].item).toMatch(/its requests are the function's invocations/);
    });

    it("prices the signed-webhook receiver on its own invocations (60), other functions on the hourly default (730)", () => {
        const { lines } = estimateAt([
            res("aws:lambda/function:Function", "receiver", {
                name: SIGNED_WEBHOOK_FUNCTIONS[0],
                memorySize: 128,
                architectures: ["arm64"],
            }),
            res("aws:lambda/function:Function", "other", { memorySize: 128, architectures: ["arm64"] }),
        ]);
        expect(lines[0].item).toMatch(/assumed 60 webhook deliveries × 5 s × 128 MB = 38 GB-s/); // 60 × 5 × 128/1024 = 37.5
        expect(lines[1].item).toMatch(/assumed 730 invocations × 5 s × 128 MB/);
    });
});
