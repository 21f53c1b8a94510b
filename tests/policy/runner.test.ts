/**
 * harness/policyRunner.ts hands policies what the engine would (@pulumi/policy 1.21 server.js, pulumi
 * step_generator.go): props with secrets unwrapped, the explicit provider, no reads, config over schema
 * defaults, enforcement levels as the SDK resolves them, unknowns as an advisory "can't run".
 */
import { validateResourceOfType } from "@pulumi/policy";
import type {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { unknown } from "@pulumi/pulumi/output";
import { RecordedResource, SECRET_SIG, SECRET_SIG_VALUE } from "../../harness/graph";
import { runPolicies } from "../../harness/policyRunner";
import { awsProvider, res, stackResource } from "./helpers";

const secret = (value: unknown) => ({ [SECRET_SIG]: SECRET_SIG_VALUE, value });

/** A resource policy that records the args it receives and reports once per resource of `type`. */
function spy(type?: string, extra: Partial<ResourceValidationPolicy> = {}) {
    const seen: ResourceValidationArgs[] = [];
    const policy: ResourceValidationPolicy = {
        name: "spy",
        description: "records its args",
        enforcementLevel: "mandatory",
        validateResource: (args, report) => {
            seen.push(args);
            if (!type || args.type === type) report(`saw ${args.name}`, "urn:pulumi:elsewhere");
        },
        ...extra,
    };
    return { policy, seen };
}
function stackSpy(extra: Partial<StackValidationPolicy> = {}) {
    const seen: StackValidationArgs[] = [];
    const policy: StackValidationPolicy = {
        name: "stack-spy",
        description: "records its args",
        enforcementLevel: "advisory",
        validateStack: (args) => void seen.push(args),
        ...extra,
    };
    return { policy, seen };
}

describe("resource policies", () => {
    const provider = awsProvider("main");
    const bucket = res({
        type: "aws:s3/bucket:Bucket",
        name: "b",
        provider,
        props: { bucket: "b", tags: { Name: secret("hidden") } },
    });
    const vpc = res({ type: "awsx:ec2:Vpc", name: "vpc", props: { cidrBlock: "10.40.0.0/16" } });
    const ref = res({
        type: "pulumi:pulumi:StackReference",
        name: "org/osprey-strike/main",
        props: { name: "org/osprey-strike/main" },
        read: true,
    });
    const records = [stackResource(), provider, bucket, vpc, ref];

    it("see every registration (stack, provider, component, resource) but no read, in order", async () => {
        const { policy, seen } = spy();
        await runPolicies(records, { policies: [policy] });
        expect(seen.map((a) => a.type)).toEqual([
            "pulumi:pulumi:Stack",
            "pulumi:providers:aws",
            "aws:s3/bucket:Bucket",
            "awsx:ec2:Vpc",
        ]);
    });

    it("get props with secrets unwrapped, the explicit provider resolved, opts.parent, and no provider for components", async () => {
        const { policy, seen } = spy();
        await runPolicies(records, { policies: [policy] });
        const b = seen.find((a) => a.name === "b")!;
        expect(b.props.tags).toEqual({ Name: "hidden" });
        expect(b.provider).toEqual({
            type: "pulumi:providers:aws",
            urn: provider.urn,
            name: provider.name,
            props: expect.objectContaining({ region: "us-east-1" }),
        });
        expect(JSON.parse(b.provider!.props.defaultTags).tags.environment).toBe("main");
        expect(b.opts).toEqual({
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            parent: bucket.parent,
        });
        expect(seen.find((a) => a.name === "vpc")!.provider).toBeUndefined();
    });

    it("report on the resource analyzed, whatever URN the policy passes (as the engine does)", async () => {
        const { policy } = spy("aws:s3/bucket:Bucket");
        expect(await runPolicies(records, { policies: [policy] })).toEqual([
            { policy: "spy", level: "mandatory", urn: bucket.urn, message: "saw b" },
        ]);
    });

    it("skip other types for validateResourceOfType, and isType/asType match by __pulumiType", async () => {
        class Bucket {
            static readonly __pulumiType = "aws:s3/bucket:Bucket";
        }
        const calls: string[] = [];
        const typed: ResourceValidationPolicy = {
            name: "typed",
            description: "d",
            enforcementLevel: "advisory",
            validateResource: validateResourceOfType(Bucket as never, (props: Record<string, unknown>, args) => {
                calls.push(args.name);
                expect(args.isType(Bucket as never)).toBe(true);
                expect(args.asType(Bucket as never)).toBe(args.props);
                expect(props.bucket).toBe("b");
            }),
        };
        await runPolicies(records, { policies: [typed] });
        expect(calls).toEqual(["b"]);
    });
});

describe("stack policies", () => {
    it("get every analyzed resource with parent, dependencies and propertyDependencies resolved to the same objects", async () => {
        const group = res({ type: "aws:ec2/securityGroup:SecurityGroup", name: "g" });
        const rule = res({
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            name: "rule",
            parent: group,
            deps: { securityGroupId: [group] },
        });
        const read = res({ type: "pulumi:pulumi:StackReference", read: true });
        const { policy, seen } = stackSpy();
        await runPolicies([stackResource(), group, rule, read], { policies: [policy] });
        const [args] = seen;
        const byName = (n: string) => args.resources.find((r: PolicyResource) => r.name === n)!;
        expect(args.resources.map((r) => r.type)).toEqual([
            "pulumi:pulumi:Stack",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        ]);
        expect(byName("rule").parent).toBe(byName("g"));
        expect(byName("rule").dependencies).toEqual([byName("g")]);
        expect(byName("rule").propertyDependencies.securityGroupId[0]).toBe(byName("g"));
        expect(byName("g").parent).toBe(byName("osprey-strike-main"));
    });

    it("report on the given URN when it is in the stack, else on the root stack", async () => {
        const r = res({ type: "aws:s3/bucket:Bucket" });
        const { policy } = stackSpy({
            validateStack: (_args, report) => {
                report("on it", r.urn);
                report("nowhere", "urn:pulumi:x::y::z::w");
                report("stack");
            },
        });
        const urns = (await runPolicies([stackResource(), r], { policies: [policy] })).map((v) => v.urn);
        expect(urns).toEqual([r.urn, stackResource().urn, stackResource().urn]);
    });
});

describe("config and enforcement", () => {
    const withSchema = (): { policy: ResourceValidationPolicy; got: unknown[] } => {
        const got: unknown[] = [];
        return {
            got,
            policy: {
                name: "configured",
                description: "d",
                enforcementLevel: "mandatory",
                configSchema: {
                    properties: {
                        limit: { type: "integer", minimum: 1, default: 3 },
                        names: { type: "array", default: ["a"] },
                    },
                },
                validateResource: (args, report) => {
                    got.push(args.getConfig());
                    report("x");
                },
            },
        };
    };
    const one = [res({ type: "aws:s3/bucket:Bucket" })];

    it("getConfig returns the schema defaults with the given values over them (enforcementLevel excluded)", async () => {
        const { policy, got } = withSchema();
        await runPolicies(one, { policies: [policy] });
        await runPolicies(one, {
            policies: [policy],
            config: { configured: { limit: 7, enforcementLevel: "advisory" } },
        });
        expect(got).toEqual([
            { limit: 3, names: ["a"] },
            { limit: 7, names: ["a"] },
        ]);
    });

    it("resolves levels as the SDK does: given level over the policy's, remediate reports as mandatory, disabled does not run", async () => {
        const { policy, got } = withSchema();
        const level = async (enforcementLevel: string) =>
            (await runPolicies(one, { policies: [policy], config: { configured: { enforcementLevel } } })).map(
                (v) => v.level,
            );
        expect(await level("advisory")).toEqual(["advisory"]);
        expect(await level("remediate")).toEqual(["mandatory"]);
        expect(await level("disabled")).toEqual([]);
        expect(got).toHaveLength(2);
    });

    it("refuses config the CLI would refuse, naming every problem", async () => {
        const { policy } = withSchema();
        const bad = { configured: { limit: 0, names: "a", colour: "red", enforcementLevel: "loud" }, missing: {} };
        await expect(runPolicies(one, { policies: [policy], config: bad })).rejects.toThrow(
            /limit = 0 is outside \[1, inf\][\s\S]*names must be of type array[\s\S]*colour is not in the policy's configSchema[\s\S]*"loud" is not one of[\s\S]*unknown policy "missing"/,
        );
    });
});

describe("unknowns, not-applicable and crashes", () => {
    it("turns reading a value unknown during preview into the SDK's advisory can't-run, while presence checks still work", async () => {
        const r = res({ type: "aws:s3/bucket:Bucket", name: "u", props: { bucket: unknown, nested: { id: unknown } } });
        const present: boolean[] = [];
        const reader: ResourceValidationPolicy = {
            name: "reader",
            description: "d",
            enforcementLevel: "mandatory",
            validateResource: (args) => {
                present.push("bucket" in args.props, Object.prototype.hasOwnProperty.call(args.props.nested, "id"));
                void args.props.nested.id;
            },
        };
        expect(await runPolicies([r], { policies: [reader] })).toEqual([
            {
                policy: "reader",
                level: "advisory",
                urn: r.urn,
                message: "can't run policy 'reader' during preview: value at .nested.id can't be known during preview",
            },
        ]);
        expect(present).toEqual([true, true]);
    });

    it("reports nothing for notApplicable, and fails loudly (naming policy and resource) when a policy throws", async () => {
        const r = res({ type: "aws:s3/bucket:Bucket", name: "boom" });
        const skip: ResourceValidationPolicy = {
            name: "skip",
            description: "d",
            validateResource: (args) => args.notApplicable("not mine"),
        };
        expect(await runPolicies([r], { policies: [skip] })).toEqual([]);
        const crash: ResourceValidationPolicy = {
            name: "crash",
            description: "d",
            validateResource: () => {
                throw new TypeError("x is undefined");
            },
        };
        await expect(runPolicies([r], { policies: [crash] })).rejects.toThrow(
            new RegExp(`policy crash failed on ${r.urn.replace(/[$]/g, "\\$")}: TypeError: x is undefined`),
        );
    });
});

describe("the whole pack by default", () => {
    it("runs policy/policies.ts when no policies are given", async () => {
        const provider = awsProvider("main");
        const open: RecordedResource = res({
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "open",
            provider,
            props: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] },
        });
        const v = await runPolicies([stackResource(), provider, open]);
        expect(v).toEqual([
            expect.objectContaining({ policy: "alb-ingress-cloudflare-only", level: "mandatory", urn: open.urn }),
        ]);
    });
});
