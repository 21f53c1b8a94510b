/**
 * The shared program runs (harness/sharedRuns.ts) carry a run exactly or not at all: `undefined` survives, whatever
 * JSON would change is refused by name, and a run is reused only when it is the run the caller would make.
 * Pure: fake runs in a temp directory, no program run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { encodeProgramRun, ProgramRun } from "../../harness/runProgram";
import {
    decodeProgramRun,
    reusableSharedRun,
    SHARED_RUNS_ENV,
    sharedProgramRun,
    sharedProgramRunSync,
} from "../../harness/sharedRuns";
import { RecordedResource } from "../../harness/graph";

const resource = (over: Partial<RecordedResource>): RecordedResource => ({
    urn: "urn:pulumi:demo::osprey-strike::t::n",
    type: "t",
    name: "n",
    parent: undefined,
    inputs: {},
    custom: true,
    provider: undefined,
    dependencies: [],
    propertyDependencies: {},
    ...over,
});
const runOf = (stack: string, resources: RecordedResource[], outputs: Record<string, unknown>): ProgramRun => ({
    stack,
    resources,
    outputs: { outputs, secretOutputNames: [] },
    mock: { generic: [] },
});
const withInputs = (inputs: Record<string, unknown>) => runOf("main", [resource({ inputs })], {});

describe("encodeProgramRun / decodeProgramRun", () => {
    it("give back the run, undefined values included (as object values and as array elements)", () => {
        const run = withInputs({
            a: undefined,
            list: [1, undefined, { b: undefined, c: "x" }],
            nested: { d: null, e: [] },
        });
        const back = decodeProgramRun(encodeProgramRun(run));
        expect(back).toStrictEqual(run);
        expect(Object.keys(back.resources[0])).toEqual(Object.keys(run.resources[0])); // parent, provider: present, undefined
        expect("a" in back.resources[0].inputs).toBe(true);
        expect((back.resources[0].inputs.list as unknown[])[1]).toBeUndefined();
    });

    it.each<[string, unknown, RegExp]>([
        ["a Date", new Date(0), /a Date instance \(at key "v"\)/],
        ["a Map", new Map(), /a Map instance \(at key "v"\)/],
        ["a Buffer", Buffer.from("x"), /a Buffer instance \(at key "v"\)/],
        ["NaN", NaN, /carry NaN \(at key "v"\)/],
        ["Infinity", Infinity, /carry Infinity/],
        ["-0", -0, /carry -0/],
        ["a function", () => 1, /carry a function/],
        ["a bigint", BigInt(1), /carry a bigint/],
        ["an object without prototype", Object.create(null), /an object without prototype/],
    ])("refuse %s, naming the key", (_what, v, message) => {
        expect(() => encodeProgramRun(withInputs({ v }))).toThrow(message);
    });

    it("turn a Pulumi Output into the SDK's toJSON text, as every other JSON of a run does", () => {
        const o = pulumi.output("x");
        const back = decodeProgramRun(encodeProgramRun(withInputs({ o })));
        expect(back.resources[0].inputs.o).toBe(JSON.parse(JSON.stringify(o)));
        expect(back.resources[0].inputs.o).toMatch(/^Calling \[toJSON\] on an \[Output<T>\] is not supported/);
    });
});

describe("the invocation's cache", () => {
    const MAIN = "organization/osprey-strike/main";
    const main = runOf("main", [resource({ type: "aws:ec2/vpc:Vpc" })], { vpcId: "vpc-1", nested: { a: [1, 2] } });
    const demo = runOf("demo", [resource({ type: "pulumi:pulumi:StackReference", name: MAIN, read: true })], {});
    let dir: string;
    let saved: string | undefined;
    beforeAll(() => {
        saved = process.env[SHARED_RUNS_ENV];
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-shared-test-"));
        fs.writeFileSync(path.join(dir, "main.json"), encodeProgramRun(main));
        fs.writeFileSync(path.join(dir, "demo.json"), encodeProgramRun(demo));
        fs.writeFileSync(path.join(dir, "main.stderr"), "");
        fs.writeFileSync(path.join(dir, "demo.stderr"), "warning: [runtime] a program warning\n");
        fs.writeFileSync(path.join(dir, "broken.error"), "exit 2\nStack configuration is invalid");
        process.env[SHARED_RUNS_ENV] = dir;
    });
    afterAll(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        if (saved === undefined) delete process.env[SHARED_RUNS_ENV];
        else process.env[SHARED_RUNS_ENV] = saved;
    });

    it("answers with the finished run, async and sync", async () => {
        expect(await sharedProgramRun("main")).toStrictEqual(main);
        expect(sharedProgramRunSync("demo", dir)).toStrictEqual(demo);
    });

    it("passes a failed run's error on to every process that asks", async () => {
        await expect(sharedProgramRun("broken")).rejects.toThrow(
            /the shared run of stack broken failed:\nexit 2\nStack configuration is invalid/,
        );
        expect(() => sharedProgramRunSync("broken", dir)).toThrow(/Stack configuration is invalid/);
    });

    it("reuses a run only when it is the caller's run: no overlay, the same answers to its StackReferences", () => {
        expect(reusableSharedRun("demo", {})).toStrictEqual(demo);
        expect(reusableSharedRun("demo", { overlay: {}, stackOutputs: { [MAIN]: main.outputs } })).toStrictEqual(demo);
        // A reference the run did not make does not matter; one it made, answered differently, does.
        expect(
            reusableSharedRun("demo", {
                stackOutputs: { "organization/osprey-strike/other": { outputs: {}, secretOutputNames: [] } },
            }),
        ).toStrictEqual(demo);
        expect(
            reusableSharedRun("demo", {
                stackOutputs: { [MAIN]: { ...main.outputs, outputs: { vpcId: "vpc-2", nested: { a: [1, 2] } } } },
            }),
        ).toBeUndefined();
        expect(
            reusableSharedRun("demo", {
                stackOutputs: { [MAIN]: { ...main.outputs, outputs: { vpcId: "vpc-1", nested: { a: [2, 1] } } } },
            }),
        ).toBeUndefined();
        expect(
            reusableSharedRun("main", { overlay: { alb: { ipAddressType: "dualstack-without-public-ipv4" } } }),
        ).toBeUndefined();
    });

    it("reuses, when asked for a quiet run, only a run whose program printed nothing on stderr", () => {
        expect(reusableSharedRun("main", { quiet: true })).toStrictEqual(main);
        expect(reusableSharedRun("demo", { quiet: true })).toBeUndefined();
        expect(reusableSharedRun("demo", {})).toStrictEqual(demo);
    });

    it("shares nothing without the variable, or when its directory is gone", () => {
        delete process.env[SHARED_RUNS_ENV];
        expect(reusableSharedRun("main", {})).toBeUndefined();
        process.env[SHARED_RUNS_ENV] = path.join(dir, "gone");
        expect(reusableSharedRun("main", {})).toBeUndefined();
        process.env[SHARED_RUNS_ENV] = dir;
    });
});
