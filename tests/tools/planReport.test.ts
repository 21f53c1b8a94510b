/**
 * The human plan's pieces (tools/plan.ts), on hand-made graphs: the by-type table counts cloud resources only, the
 * summary names the verdict with its mandatory count and repeats every warning, and nothing is wider than 120 columns.
 * Pure: no run (the plan test reads main's real output).
 */
import type { RecordedResource } from "../../harness/graph";
import { counts, isCloudResource, shorten, summaryBlock, wrap, WIDTH } from "../../tools/planReport";

const r = (type: string, name: string, extra: Partial<RecordedResource> = {}): RecordedResource =>
    ({
        urn: `urn:pulumi:s::p::${type}::${name}`,
        type,
        name,
        inputs: {},
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        ...extra,
    }) as RecordedResource;
const graph = [
    r("pulumi:pulumi:Stack", "p-s", { custom: false }),
    r("osprey:platform:Platform", "osprey", { custom: false }),
    r("pulumi:providers:aws", "aws"),
    r("pulumi:pulumi:StackReference", "org/p/main", { read: true } as Partial<RecordedResource>),
    r("aws:iam/role:Role", "a"),
    r("aws:iam/role:Role", "b"),
    r("kubernetes:core/v1:Namespace", "ns"),
];

describe("the human plan", () => {
    it("counts cloud resources only: no stack, component, provider or read", () => {
        expect(graph.filter(isCloudResource).map((x) => x.name)).toEqual(["a", "b", "ns"]);
        expect(
            counts(graph)
                .split("\n")
                .map((l) => l.trim().split(/\s+/)),
        ).toEqual([
            ["aws:iam/role:Role", "2"],
            ["kubernetes:core/v1:Namespace", "1"],
            ["total", "3"],
        ]);
    });

    it("summarizes: stack, what it creates by family, the verdict with the mandatory count, both costs, every warning", () => {
        const lines = summaryBlock(
            {
                stack: "main",
                environment: "main",
                profile: "default",
                resources: graph,
                violations: [
                    { policy: "p1", level: "mandatory", message: "m", urn: "" },
                    { policy: "p2", level: "advisory", message: "m", urn: "" },
                ] as never,
                stackUsd: 10,
                account: {
                    priced: true,
                    stacks: [
                        { stack: "main", monthlyUsd: 10 },
                        { stack: "demo", monthlyUsd: 5 },
                    ],
                    monthlyUsd: 15,
                },
                warnings: [
                    "program: Kubernetes 1.34 ends soon " + "and more ".repeat(20),
                    "second\ndetail line not in the summary",
                ],
            },
            "Summary",
        );
        const text = lines.join("\n");
        expect(text).toContain("  creates    3 cloud resources: aws 2, kubernetes 1");
        expect(text).toContain("  policies   2 violation(s), 1 mandatory (exit 3): p1, p2");
        expect(text).toContain(
            "  cost       $10.00/month for stack main; $15.00/month for the account (main $10.00, demo $5.00)",
        );
        expect(text).toMatch(/^ {4}- program: Kubernetes 1\.34 ends soon/m);
        expect(text).toMatch(/^ {4}- second$/m);
        expect(text).not.toContain("detail line");
        expect(lines.every((l) => l.length <= WIDTH)).toBe(true);
    });

    it("never shows an account figure it could not price from current runs: it says so and names the fix", () => {
        const lines = summaryBlock(
            {
                stack: "main",
                environment: "main",
                profile: "default",
                resources: graph,
                violations: [],
                stackUsd: 10,
                account: { priced: false, missing: ["demo"], stacks: [], monthlyUsd: null },
                warnings: [],
            },
            "Summary",
        );
        const cost = lines.find((l) => l.startsWith("  cost"))!;
        expect(cost).toBe(
            "  cost       $10.00/month for stack main; account: not priced (run with --account; no current cached run of demo)",
        );
        expect(cost).not.toMatch(/for the account/);
        expect(cost.match(/\$/g)).toHaveLength(1); // this stack's own figure only
    });

    it("wraps prose and shortens the rest to 120 columns, marking the cut", () => {
        expect(wrap("word ".repeat(60).trim(), "  ", "    ").every((l) => l.length <= WIDTH)).toBe(true);
        expect(shorten("x".repeat(200))).toHaveLength(WIDTH);
        expect(shorten("x".repeat(200)).endsWith(" …")).toBe(true);
        expect(shorten("short")).toBe("short");
    });
});
