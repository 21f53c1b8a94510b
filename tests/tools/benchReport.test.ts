/**
 * `npm run bench`'s cost table (tools/costReport.ts renderBench), on hand-made estimates: each target says met or missed,
 * and a row is labelled from the plan's own lines (a lean profile's Graviton nodes are not "t3.medium × 2"). Pure: no run.
 */
import type { AccountCost } from "../../tools/costAccount";
import { renderBench, TARGETS } from "../../tools/costReport";

const line = (item: string, monthlyUsd: number) => ({
    item,
    quantity: 1,
    unit: "month",
    unitUsd: monthlyUsd,
    monthlyUsd,
    source: "test",
});
function account(
    profile: "default" | "lean",
    node: string,
    demoDb: string,
    demoUsd: number,
    totalUsd: number,
): AccountCost {
    const mainLines = [
        line("EKS control plane osprey", 73),
        line(`node group osprey-nodes: ${node} × 2`, 60),
        line("RDS main-db: db.t4g.small postgres single-AZ", 25),
        // One ALB, three lines, as policy/cost/rulesNetwork.ts writes them: counted once.
        line("ALB ingress group osprey-main (ipv4; made by the Load Balancer Controller; assumed 2 AZs)", 16),
        line("ALB ingress group osprey-main: LCUs (assumed 1 LCU average)", 6),
        line("ALB ingress group osprey-main: public IPv4 × 2 (one per AZ)", 7),
    ];
    const demoLines = [line(`RDS demo-db: ${demoDb} postgres single-AZ`, demoUsd)];
    return {
        profile,
        environments: { main: "main", demo: "demo" },
        monthlyUsd: totalUsd,
        stacks: [
            { stack: "main", estimate: { monthlyUsd: totalUsd - demoUsd, lines: mainLines } },
            { stack: "demo", estimate: { monthlyUsd: demoUsd, lines: demoLines } },
        ],
    };
}

describe("npm run bench: the cost table", () => {
    const text = renderBench({
        default: account("default", "t3.medium", "db.t4g.small", TARGETS.demoMarginal + 12.5, TARGETS.default + 20),
        lean: account("lean", "t4g.medium", "db.t4g.micro", TARGETS.demoMarginal - 5, TARGETS.lean - 30),
    });
    const row = (start: string) => text.split("\n").find((l) => l.trimStart().startsWith(start)) ?? "";

    it("says met or missed beside each target, by how much", () => {
        expect(row("target: account")).toMatch(
            /≤ \$300\.00: MISSED by \$20\.00\s+≤ \$250\.00: met \(\$30\.00 under\)$/,
        );
        expect(row("target: stack demo alone")).toMatch(
            /≤ \$50\.00: MISSED by \$12\.50\s+≤ \$50\.00: met \(\$5\.00 under\)$/,
        );
    });

    it("labels rows from the plan: the required sizing beside the required figure, each profile's own beside its figure", () => {
        expect(row("EKS nodes")).toMatch(
            /~\$60\.00 \(t3\.medium × 2\)\s+\$60\.00 \(t3\.medium × 2\)\s+\$60\.00 \(t4g\.medium × 2\)$/,
        );
        expect(row("RDS PostgreSQL")).toMatch(
            /\(db\.t4g\.small × 2\)\s+\$\d+\.\d\d \(db\.t4g\.small × 2\)\s+\$\d+\.\d\d \(db\.t4g\.small × 1 \+ db\.t4g\.micro × 1\)$/,
        );
        expect(text).not.toMatch(/EKS Nodes \(t3\.medium × 2\)/);
        expect(text).toMatch(/Application Load Balancers\s+~\$40\.00 \(× 2\)\s+\$29\.00 \(× 1\)/);
    });
});
