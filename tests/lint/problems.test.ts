// lib/problems.ts: the Problem shape is pulumi's InputPropertyErrorDetails, and paths join in the syntax
// config/setPath.ts reads (tests/lint/problemFunctions.test.ts: every *Problems function returns Problems).
import * as pulumi from "@pulumi/pulumi";
import { formatProblem, joinPath, problem, Problem, problemIf, under } from "../../lib/problems";
import { parseSet } from "../../config/setPath";

// Compile-time proof (tsc --noEmit type-checks tests/): each shape is assignable to the other, so a Problem IS a
// pulumi.InputPropertyErrorDetails (@pulumi/pulumi errors.d.ts) and lib/ needs no import of the SDK.
const asPulumi = (p: Problem): pulumi.InputPropertyErrorDetails => p;
const fromPulumi = (d: pulumi.InputPropertyErrorDetails): Problem => d;

describe("Problem", () => {
    it("is pulumi's InputPropertyErrorDetails, both ways", () => {
        const details = asPulumi(problem("a.b", "why"));
        expect(details).toEqual({ propertyPath: "a.b", reason: "why" });
        expect(fromPulumi(new pulumi.InputPropertyError(details))).toMatchObject({
            propertyPath: "a.b",
            reason: "why",
        });
    });

    it("formats as `<path>: <reason>`, the reason alone for the object itself", () => {
        expect(formatProblem(problem("nodeGroup.minSize", "must be at least 1"))).toBe(
            "nodeGroup.minSize: must be at least 1",
        );
        expect(formatProblem(problem("", "limitsCpu 1 is below requestsCpu 2"))).toBe(
            "limitsCpu 1 is below requestsCpu 2",
        );
    });

    it("re-roots paths with dots, indexes with brackets, the object itself at the prefix", () => {
        expect(joinPath("cluster", "endpoint.publicAccessCidrs")).toBe("cluster.endpoint.publicAccessCidrs");
        expect(joinPath("publicAccessCidrs", "[2]")).toBe("publicAccessCidrs[2]");
        expect(joinPath(3, "cidr")).toBe("[3].cidr");
        expect(joinPath("quota", "")).toBe("quota");
        expect(joinPath("", "pods")).toBe("pods");
        expect(under("platform.cluster", [problem("nodeGroup", "x"), problem("", "y")])).toEqual([
            problem("platform.cluster.nodeGroup", "x"),
            problem("platform.cluster", "y"),
        ]);
        expect(under("a", under("b", [problem("c[0]", "r")]))).toEqual([problem("a.b.c[0]", "r")]);
        expect(problemIf("x", undefined)).toEqual([]);
        expect(problemIf("x", "r")).toEqual([problem("x", "r")]);
    });

    it("writes paths that config/setPath.ts reads back segment by segment", () => {
        const joined = joinPath("platform", joinPath("cluster.endpoint", joinPath("publicAccessCidrs", "[1]")));
        expect(joined).toBe("platform.cluster.endpoint.publicAccessCidrs[1]");
        expect(parseSet(`osprey-strike:${joined}=x`)).toMatchObject({
            key: "osprey-strike:platform",
            path: ["cluster", "endpoint", "publicAccessCidrs", 1],
        });
    });
});
