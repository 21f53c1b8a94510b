/**
 * monthly-budget's own logic, with the estimator replaced (policy/cost/index.ts is another module with its own tests):
 * what the policy passes to it, when it reports, what the message says, and that an estimator error is reported
 * rather than crashing the preview.
 */
import { estimateMonthlyCost } from "../../policy/cost";
import { checkStack, policy, res } from "./helpers";

jest.mock("../../policy/cost", () => ({ estimateMonthlyCost: jest.fn() }));
const estimate = estimateMonthlyCost as jest.MockedFunction<typeof estimateMonthlyCost>;

const line = (item: string, monthlyUsd: number) => ({
    item,
    quantity: 1,
    unit: "month",
    unitUsd: monthlyUsd,
    monthlyUsd,
    source: "test",
});

beforeEach(() => estimate.mockReset());

describe("monthly-budget", () => {
    it("is advisory, with a $300 default budget", () => {
        const p = policy("monthly-budget");
        expect(p.enforcementLevel).toBe("advisory");
        expect(p.configSchema?.properties.monthlyBudgetUsd).toMatchObject({ type: "number", default: 300 });
    });

    it("hands the estimator every resource as { type, urn, name, props, propertyDependencies } and passes at or under budget", async () => {
        estimate.mockReturnValue({ monthlyUsd: 300, lines: [line("EKS control plane", 73)] });
        const r = res({ type: "eks:index:Cluster", name: "osprey", props: { version: "1.35" } });
        expect(await checkStack("monthly-budget", [r])).toEqual([]);
        expect(estimate).toHaveBeenCalledWith([
            {
                type: "eks:index:Cluster",
                urn: r.urn,
                name: "osprey",
                props: expect.objectContaining({ version: "1.35" }),
                propertyDependencies: {},
            },
        ]);
    });

    it("reports the estimate, the overage and the three largest lines when over budget", async () => {
        estimate.mockReturnValue({
            monthlyUsd: 412.5,
            lines: [line("a", 1), line("NAT", 37.85), line("EKS", 73), line("RDS", 46.72), line("b", 2)],
        });
        const [v, ...rest] = await checkStack("monthly-budget", [res({ type: "aws:s3/bucket:Bucket" })], {
            monthlyBudgetUsd: 400,
        });
        expect(rest).toEqual([]);
        expect(v.message).toBe(
            "estimated $412.50/month is over the $400.00 budget by $12.50; largest: EKS $73.00; RDS $46.72; NAT $37.85",
        );
        expect(v.urn).toBeUndefined();
    });

    it("reports an estimator failure instead of crashing", async () => {
        estimate.mockImplementation(() => {
            throw new Error("no price for db.x9.huge");
        });
        expect(await checkStack("monthly-budget", [])).toEqual([
            { message: "could not estimate the monthly cost: no price for db.x9.huge", urn: undefined },
        ]);
    });

    it("handles an empty stack and resources with missing props", async () => {
        estimate.mockReturnValue({ monthlyUsd: 0, lines: [] });
        expect(await checkStack("monthly-budget", [res({ type: "aws:rds/instance:Instance" })])).toEqual([]);
    });
});
