/**
 * The canary for harness/pulumiInternals.ts, the one file that reaches into @pulumi/pulumi beyond its documented API.
 * After an SDK upgrade this fails with the name of each internal that moved or changed.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockCloud } from "../../harness/mockCloud";
import {
    checkInternals,
    mockMonitorProblems,
    outputValue,
    recordRegistrations,
    Registration,
    runInStack,
    waitForRPCs,
    withCodePathsOncePerOptions,
} from "../../harness/pulumiInternals";

/** A custom resource of any type token (CustomResource itself is abstract). */
class Raw extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(type, name, props, opts);
    }
}

it("finds every Pulumi SDK internal the harness uses where it expects it", () => {
    expect(checkInternals()).toEqual([]);
});

it("records a registration with its inputs, secrets as envelopes, and its explicit and property dependencies", async () => {
    await pulumi.runtime.setMocks(
        new MockCloud({ stack: "canary", region: "us-east-1", cloudflareRanges: { ipv4: [], ipv6: [] } }),
        "p",
        "canary",
        true,
    );
    expect(mockMonitorProblems()).toEqual([]);
    const seen: Registration[] = [];
    const errors: unknown[] = [];
    recordRegistrations(
        (r) => seen.push(r),
        (e) => errors.push(e),
    );
    let exported: pulumi.Output<unknown> | undefined;
    await runInStack(async () => {
        const a = new Raw("test:index:A", "a", { x: 1 });
        const b = new Raw("test:index:B", "b", { fromA: a.id, s: pulumi.secret("hush") }, { dependsOn: [a] });
        exported = pulumi.secret(b.id);
        return {};
    });
    await waitForRPCs();
    expect(errors).toEqual([]);
    const a = seen.find((r) => r.name === "a")!;
    const b = seen.find((r) => r.name === "b")!;
    expect(a).toMatchObject({ kind: "register", type: "test:index:A", custom: true, remote: false, inputs: { x: 1 } });
    expect(b.dependencies).toEqual([a.urn]);
    expect(b.propertyDependencies.fromA).toEqual([a.urn]);
    expect(b.inputs.s).toEqual({
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        value: "hush",
    });
    expect(await outputValue(exported!)).toEqual({ value: expect.stringMatching(/^[0-9a-f]{17}$/), isSecret: true });
});

describe("withCodePathsOncePerOptions", () => {
    type CodePaths = (...args: unknown[]) => Promise<Map<string, unknown>>;
    const rt = pulumi.runtime as unknown as { computeCodePaths: CodePaths };

    it("asks the SDK once per set of options during the run, gives each caller a copy, and restores it after", async () => {
        const sdk = rt.computeCodePaths;
        const answered: unknown[] = [];
        const stand: CodePaths = async (...args) => {
            answered.push(args);
            return new Map([["node_modules/a", "asset"]]);
        };
        rt.computeCodePaths = stand;
        try {
            const [first, second, other, deprecated] = await withCodePathsOncePerOptions(async () => [
                await rt.computeCodePaths({ extraExcludePackages: ["x", "aws-sdk"], logResource: { name: "one" } }),
                await rt.computeCodePaths({ extraExcludePackages: ["x", "aws-sdk"], logResource: { name: "two" } }),
                await rt.computeCodePaths({ extraExcludePackages: ["y"] }),
                await rt.computeCodePaths(["path"], ["pkg"]),
            ]);
            expect(answered).toHaveLength(3);
            expect(first).toEqual(second);
            expect(first).not.toBe(second);
            expect([...other.keys(), ...deprecated.keys()]).toEqual(["node_modules/a", "node_modules/a"]);
            expect(rt.computeCodePaths).toBe(stand);
        } finally {
            rt.computeCodePaths = sdk;
        }
    });
});
