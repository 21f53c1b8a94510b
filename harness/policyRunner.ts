/**
 * Runs the CrossGuard policies (policy/policies.ts) over a recorded resource graph the way the engine hands
 * resources to a policy pack during `pulumi preview --policy-pack policy` (pulumi pkg/resource/deploy
 * step_generator.go; @pulumi/policy 1.21 server.js):
 *
 * - Resource policies see every registered resource, in registration order: the root pulumi:pulumi:Stack,
 *   components and providers included (the engine analyzes every RegisterResource). Reads such as
 *   pulumi:pulumi:StackReference are not analyzed (GenerateReadSteps calls no analyzer), and are left out of
 *   stack policies as well.
 * - props are the inputs with secrets unwrapped; a value unknown during preview throws UnknownValueError when a
 *   policy reads it, which the SDK reports as an advisory "can't run policy during preview".
 * - provider is the explicit provider resource of a custom resource; components get none.
 * - Stack policies get every resource with parent, dependencies and propertyDependencies resolved. The engine
 *   hands them outputs; the mock cloud records inputs, so here they see inputs.
 * - getConfig returns the configSchema defaults with the given config over them (the CLI fills defaults).
 * - A stack policy's violation without a known URN is reported on the root stack, as the engine does.
 * - The engine may skip stack analysis after a failed resource analysis; the runner runs both so one plan lists
 *   every problem.
 */
import type {
    Policy,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { policies as packPolicies } from "../policy/policies";
import { isUnknown, RecordedResource, unwrapSecrets } from "./graph";

export type ViolationLevel = "advisory" | "mandatory" | "disabled";
export interface Violation {
    policy: string;
    level: ViolationLevel;
    urn: string;
    message: string;
}

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

export interface RunPoliciesOptions {
    /** Per policy name: config values (and `enforcementLevel`) over the policy's configSchema defaults. */
    config?: Record<string, Record<string, unknown>>;
    /** The policies to run; the whole pack by default. */
    policies?: AnyPolicy[];
}

/** Thrown by `args.notApplicable()`; the SDK records the reason and reports nothing. */
export class NotApplicableError extends Error {}

/** What @pulumi/policy throws when a policy reads a value that is unknown during preview (same name and message). */
export class UnknownValueError extends Error {
    constructor(path: string[]) {
        super(`value at .${path.join(".")} can't be known during preview`);
        this.name = "UnknownValueError";
    }
}
/** The SDK's sentinel for an unknown value (unknownStringValue, also the engine's wire value for unknowns). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Like the SDK's unknownCheckingProxy: reading an unknown throws; presence checks (`in`, descriptors) do not. */
function unknownChecking<T>(value: T, path: string[] = []): T {
    if (typeof value !== "object" || value === null) return value;
    return new Proxy(value as object, {
        get(target, prop) {
            const field = (target as Record<string | symbol, unknown>)[prop];
            const at = [...path, String(prop)];
            if (field === UNKNOWN_SENTINEL) throw new UnknownValueError(at);
            // Proxy invariant: a non-configurable, non-writable data property must be returned as is.
            const d = Object.getOwnPropertyDescriptor(target, prop);
            if (d && "value" in d && !d.configurable && !d.writable) return field;
            return unknownChecking(field, at);
        },
    }) as T;
}

const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
    number: (v) => typeof v === "number",
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === "boolean",
    string: (v) => typeof v === "string",
    array: Array.isArray,
    object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
};

/** Refuses config the CLI would refuse: unknown policy, unknown key, wrong type, out of range (one message for all). */
export function checkPolicyConfig(policies: AnyPolicy[], config: Record<string, Record<string, unknown>>): void {
    const problems: string[] = [];
    for (const [name, values] of Object.entries(config)) {
        const policy = policies.find((p) => p.name === name);
        if (!policy) {
            problems.push(`config for unknown policy "${name}"`);
            continue;
        }
        for (const [key, v] of Object.entries(values)) {
            if (key === "enforcementLevel") {
                if (!ENFORCEMENT_LEVELS.includes(String(v)))
                    problems.push(
                        `${name}.enforcementLevel "${String(v)}" is not one of ${ENFORCEMENT_LEVELS.join(", ")}`,
                    );
                continue;
            }
            const schema = policy.configSchema?.properties[key] as
                { type?: string; minimum?: number; maximum?: number } | undefined;
            if (!schema) problems.push(`${name}.${key} is not in the policy's configSchema`);
            else if (schema.type && JSON_TYPES[schema.type] && !JSON_TYPES[schema.type](v))
                problems.push(`${name}.${key} must be of type ${schema.type}`);
            else if (
                typeof v === "number" &&
                ((schema.minimum !== undefined && v < schema.minimum) ||
                    (schema.maximum !== undefined && v > schema.maximum))
            ) {
                problems.push(
                    `${name}.${key} = ${v} is outside [${schema.minimum ?? "-inf"}, ${schema.maximum ?? "inf"}]`,
                );
            }
        }
    }
    if (problems.length > 0) throw new Error(`invalid policy config:\n  ${problems.join("\n  ")}`);
}
const notApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason);
};

/** `isType`/`asType` as in @pulumi/policy: by the class's __pulumiType, else its isInstance. */
function typeHelpers(type: string, props: Record<string, unknown>) {
    const matches = (cls: unknown): boolean => {
        const t = (cls as { __pulumiType?: unknown }).__pulumiType;
        if (typeof t === "string" && t.length > 0) return t === type;
        const isInstance = (cls as { isInstance?: unknown }).isInstance;
        return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
    };
    return { isType: matches, asType: (cls: unknown) => (matches(cls) ? props : undefined) } as Pick<
        PolicyResource,
        "isType" | "asType"
    >;
}

/** Props as a policy sees them: secrets unwrapped, unknowns turned into the sentinel the proxy guards. */
function propsOf(inputs: Record<string, unknown>): Record<string, unknown> {
    const mark = (v: unknown): unknown => {
        if (isUnknown(v)) return UNKNOWN_SENTINEL;
        if (Array.isArray(v)) return v.map(mark);
        if (typeof v === "object" && v !== null)
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mark(x)]));
        return v;
    };
    return unknownChecking(mark(unwrapSecrets(inputs)) as Record<string, unknown>);
}

/** The provider resource a `<providerUrn>::<id>` reference names, if it was recorded. */
function providerOf(byUrn: Map<string, RecordedResource>, ref: string | undefined): PolicyProviderResource | undefined {
    if (!ref) return undefined;
    const p = byUrn.get(ref.slice(0, ref.lastIndexOf("::")));
    return p && { type: p.type, props: propsOf(p.inputs), urn: p.urn, name: p.name };
}

const optionsOf = (r: RecordedResource): PolicyResourceOptions => ({
    protect: false,
    ignoreChanges: r.ignoreChanges ?? [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parent ? { parent: r.parent } : {}),
});

/** The analyzed resources as stack policies see them, with parents and dependencies resolved to objects. */
export function policyResources(recorded: RecordedResource[]): PolicyResource[] {
    const byUrn = new Map(recorded.map((r) => [r.urn, r]));
    const analyzed = recorded.filter((r) => !r.read);
    const out = new Map<string, PolicyResource>();
    for (const r of analyzed) {
        const props = propsOf(r.inputs);
        const provider = providerOf(byUrn, r.provider);
        out.set(r.urn, {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            ...(provider ? { provider } : {}),
            dependencies: [],
            propertyDependencies: {},
            ...typeHelpers(r.type, props),
        } as PolicyResource);
    }
    const resolve = (urns: string[]) => urns.map((u) => out.get(u)).filter((x): x is PolicyResource => x !== undefined);
    for (const r of analyzed) {
        const pr = out.get(r.urn)!;
        const parent = r.parent ? out.get(r.parent) : undefined;
        if (parent) pr.parent = parent;
        pr.dependencies = resolve(r.dependencies);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) pr.propertyDependencies[k] = resolve(urns);
    }
    return [...out.values()];
}

/** Config as `getConfig` returns it: schema defaults, then the given values (enforcementLevel excluded). */
export function policyConfig(policy: Policy, given: Record<string, unknown> = {}): Record<string, unknown> {
    const defaults = Object.entries(policy.configSchema?.properties ?? {}).filter(
        ([, s]) => (s as { default?: unknown }).default !== undefined,
    );
    const values = Object.fromEntries(Object.entries(given).filter(([k]) => k !== "enforcementLevel"));
    return { ...Object.fromEntries(defaults.map(([k, s]) => [k, (s as { default?: unknown }).default])), ...values };
}

/** The ResourceValidationArgs a resource policy receives for one resource. */
export function resourceArgs(r: PolicyResource, config: Record<string, unknown>): ResourceValidationArgs {
    const { type, props, urn, name, opts, provider } = r;
    return {
        type,
        props,
        urn,
        name,
        opts,
        ...(provider ? { provider } : {}),
        stackTags: new Map<string, string>(),
        ...typeHelpers(type, props),
        getConfig: <T extends object>() => config as T,
        notApplicable,
    } as ResourceValidationArgs;
}

/** The StackValidationArgs a stack policy receives. */
export function stackArgs(resources: PolicyResource[], config: Record<string, unknown>): StackValidationArgs {
    return {
        resources,
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => config as T,
        notApplicable,
    };
}

/** The level a policy reports at, as the SDK resolves it (remediate reports as mandatory). */
function levelOf(policy: Policy, given?: Record<string, unknown>): ViolationLevel {
    const level = (given?.enforcementLevel as string | undefined) || policy.enforcementLevel || "advisory";
    return level === "remediate" ? "mandatory" : (level as ViolationLevel);
}

const isStackPolicy = (p: AnyPolicy): p is StackValidationPolicy =>
    typeof (p as StackValidationPolicy).validateStack === "function";

export async function runPolicies(
    recorded: RecordedResource[],
    options: RunPoliciesOptions = {},
): Promise<Violation[]> {
    const policies = options.policies ?? packPolicies;
    checkPolicyConfig(policies, options.config ?? {});
    const resources = policyResources(recorded);
    const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const violations: Violation[] = [];

    // Runs one validation; unknown values become the SDK's advisory, NotApplicable is silent, anything else fails loudly.
    const attempt = async (policy: AnyPolicy, urn: string, run: () => unknown) => {
        try {
            await run();
        } catch (e) {
            if (e instanceof NotApplicableError) return;
            if (e instanceof UnknownValueError) {
                violations.push({
                    policy: policy.name,
                    level: "advisory",
                    urn,
                    message: `can't run policy '${policy.name}' during preview: ${e.message}`,
                });
                return;
            }
            throw new Error(
                `policy ${policy.name} failed on ${urn || "the stack"}: ${(e as Error).stack ?? String(e)}`,
                { cause: e },
            );
        }
    };

    const active = policies
        .map((policy) => ({
            policy,
            level: levelOf(policy, options.config?.[policy.name]),
            config: policyConfig(policy, options.config?.[policy.name]),
        }))
        .filter((p) => p.level !== "disabled");

    for (const r of resources) {
        for (const { policy, level, config } of active) {
            if (isStackPolicy(policy) || !policy.validateResource) continue;
            for (const validate of [policy.validateResource].flat()) {
                // validateResourceOfType attaches the type it applies to; the SDK skips other types without calling it.
                const only = (validate as { __pulumiType?: unknown }).__pulumiType;
                if (typeof only === "string" && only !== r.type) continue;
                // The engine reports a resource policy's violation on the resource analyzed, whatever URN is passed.
                const report = (message: string) =>
                    violations.push({ policy: policy.name, level, urn: r.urn, message });
                await attempt(policy, r.urn, () => validate(resourceArgs(r, config), report));
            }
        }
    }
    for (const { policy, level, config } of active) {
        if (!isStackPolicy(policy)) continue;
        const only = (policy.validateStack as { __pulumiType?: unknown }).__pulumiType;
        if (typeof only === "string" && !resources.some((r) => r.type === only)) continue;
        const known = new Set(resources.map((r) => r.urn));
        const report = (message: string, urn?: string) =>
            violations.push({ policy: policy.name, level, urn: urn && known.has(urn) ? urn : stackUrn, message });
        await attempt(policy, stackUrn, () => policy.validateStack(stackArgs(resources, config), report));
    }
    return violations;
}
