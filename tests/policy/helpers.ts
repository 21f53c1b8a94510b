/**
 * Builds what the engine hands a policy, from a type token and props (like pulumi/compliance-policies' tests),
 * through the same code the offline runner uses, so a test and the plan cannot disagree on the shapes.
 */
import type { Policy, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { RecordedResource } from "../../harness/graph";
import {
    NotApplicableError,
    policyConfig,
    policyResources,
    resourceArgs,
    runPolicies,
    stackArgs,
    Violation,
} from "../../harness/policyRunner";

const STACK_URN = "urn:pulumi:main::osprey-strike::pulumi:pulumi:Stack::osprey-strike-main";
let counter = 0;

export interface Spec {
    type: string;
    props?: Record<string, unknown>;
    name?: string;
    /** The parent resource (its URN goes into the child's URN, as the engine builds them). */
    parent?: RecordedResource;
    /** The explicit provider resource (a `pulumi:providers:*` record). */
    provider?: RecordedResource;
    /** Per input, the resources it was computed from. */
    deps?: Record<string, RecordedResource[]>;
    read?: boolean;
}

export function res(spec: Spec): RecordedResource {
    const name = spec.name ?? `r${++counter}`;
    const parentType = spec.parent ? spec.parent.urn.split("::")[2] : "pulumi:pulumi:Stack";
    const propertyDependencies = Object.fromEntries(
        Object.entries(spec.deps ?? {}).map(([k, rs]) => [k, rs.map((r) => r.urn)]),
    );
    return {
        urn: `urn:pulumi:main::osprey-strike::${parentType}$${spec.type}::${name}`,
        type: spec.type,
        name,
        parent: spec.parent?.urn ?? STACK_URN,
        inputs: spec.props ?? {},
        custom: !/^(osprey|awsx|eks):/.test(spec.type) && !spec.type.includes("helm.sh"),
        provider: spec.provider ? `${spec.provider.urn}::${spec.provider.name}-id` : undefined,
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
        ...(spec.read ? { read: true } : {}),
    };
}

export const stackResource = (): RecordedResource => ({
    urn: STACK_URN,
    type: "pulumi:pulumi:Stack",
    name: "osprey-strike-main",
    inputs: {},
    custom: false,
    dependencies: [],
    propertyDependencies: {},
});

/** The program's explicit aws provider: default tags name project, environment and stack (JSON string, as the engine passes provider props). */
export function awsProvider(
    environment: string,
    tags: Record<string, string> = { project: "osprey-strike", environment, stack: environment },
): RecordedResource {
    return res({
        type: "pulumi:providers:aws",
        name: `aws-${environment}`,
        props: { region: "us-east-1", defaultTags: JSON.stringify({ tags }) },
    });
}

export function policy(name: string): Policy {
    const p = policies.find((x) => x.name === name);
    if (!p) throw new Error(`no policy named ${name} in policy/policies.ts`);
    return p;
}

/** The ResourceValidationArgs for one resource built from a type token and props. */
export function argsFor(policyName: string, spec: Spec, config: Record<string, unknown> = {}): ResourceValidationArgs {
    const records = [...(spec.provider ? [spec.provider] : []), res(spec)];
    const target = policyResources(records).find((r) => r.type === spec.type)!;
    return resourceArgs(target, policyConfig(policy(policyName), config));
}

/** As the SDK does: `args.notApplicable()` ends the validation with nothing reported. */
async function ignoringNotApplicable(run: () => unknown): Promise<void> {
    try {
        await run();
    } catch (e) {
        if (!(e instanceof NotApplicableError)) throw e;
    }
}

/** Messages a resource policy reports for one resource, calling validateResource directly. */
export async function check(policyName: string, spec: Spec, config?: Record<string, unknown>): Promise<string[]> {
    const p = policy(policyName) as ResourceValidationPolicy;
    if (!p.validateResource) throw new Error(`${policyName} is not a resource policy`);
    const messages: string[] = [];
    for (const validate of [p.validateResource].flat())
        await ignoringNotApplicable(() => validate(argsFor(policyName, spec, config), (m) => messages.push(m)));
    return messages;
}

/** What a stack policy reports over a set of recorded resources, calling validateStack directly. */
export async function checkStack(
    policyName: string,
    records: RecordedResource[],
    config: Record<string, unknown> = {},
): Promise<{ message: string; urn?: string }[]> {
    const p = policy(policyName) as StackValidationPolicy;
    if (typeof p.validateStack !== "function") throw new Error(`${policyName} is not a stack policy`);
    const out: { message: string; urn?: string }[] = [];
    await ignoringNotApplicable(() =>
        p.validateStack(stackArgs(policyResources(records), policyConfig(p, config)), (message, urn) =>
            out.push({ message, urn }),
        ),
    );
    return out;
}

/** Runs one policy through the offline runner. */
export async function violationsOf(
    policyName: string,
    records: RecordedResource[],
    config?: Record<string, unknown>,
): Promise<Violation[]> {
    return runPolicies(records, {
        policies: [policy(policyName) as ResourceValidationPolicy | StackValidationPolicy],
        config: config ? { [policyName]: config } : undefined,
    });
}
