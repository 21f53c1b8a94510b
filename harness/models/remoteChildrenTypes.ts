/**
 * What a model of a remote component's children returns, and the helpers the models share
 * (remoteChildrenEks.ts, remoteChildrenAwsx.ts; registered in remoteChildren.ts).
 *
 * Under mocks a remote (multi-language) component arrives as ONE resource with its inputs; a real `pulumi preview`
 * also reports what its provider creates inside it, with the component as parent. A model returns those children
 * from the component's RECORDED inputs (as runOnMockCloud records them), for the inputs the program gives; a branch
 * of the upstream code the model does not follow is refused by name (`refuse`), never guessed.
 */
import type { Derived, MockContext } from "../mockCloud";
import type { RecordedResource } from "../graph";

/** One child a remote component creates (at any depth), with its URN already chained under its parent's. */
export interface ModelledChild {
    urn: string;
    type: string;
    name: string;
    /** The remote component's URN, or another modelled child's (a component inside it, a subnet's route table). */
    parent: string;
    /** `false` for a component the provider creates inside the remote one (eks:index:ServiceRole, eks:index:VpcCniAddon). */
    custom: boolean;
    /** Plain resolved values, derived from the component's inputs (no Outputs, no unknowns). */
    inputs: Record<string, unknown>;
    /** The `dependsOn` of the upstream constructor call, as URNs. */
    dependencies: string[];
    /** Per input, the URNs it comes from (the component's own property dependencies, or sibling children). */
    propertyDependencies: Record<string, string[]>;
    ignoreChanges?: string[];
}

export interface ChildContext extends MockContext {
    /** Every resource the run recorded: resource references among a component's inputs (the eks Cluster and node role a ManagedNodeGroup is given) are found here. */
    resources: RecordedResource[];
    /** The mock's ID, ARN and physical name for a custom resource (mockIds.ts), as its registration got them. */
    identify(type: string, name: string, inputs: Record<string, unknown>): Derived;
}

/** The children of one remote component, in the order upstream creates them. */
export type ChildrenModel = (component: RecordedResource, ctx: ChildContext) => ModelledChild[];

/**
 * A child's URN as the engine makes it: the parent's qualified type (its whole type chain, as its URN holds it), `$`,
 * the child's type. The remote component's own URN is as the mock monitor made it (its parent's type only).
 */
export function childUrn(parentUrn: string, type: string, name: string): string {
    const parts = parentUrn.split("::");
    if (parts.length < 4) throw new Error(`not a resource URN: ${parentUrn}`);
    return `${parts[0]}::${parts[1]}::${parts[2]}$${type}::${name}`;
}

/** Appends children to `out` and returns each one's URN (so a later child can name it as parent or dependency). */
export function childAdder(out: ModelledChild[]) {
    return (
        parent: string,
        type: string,
        name: string,
        inputs: Record<string, unknown>,
        more: Partial<Pick<ModelledChild, "custom" | "dependencies" | "propertyDependencies" | "ignoreChanges">> = {},
    ): string => {
        const urn = childUrn(parent, type, name);
        out.push({
            urn,
            type,
            name,
            parent,
            custom: more.custom ?? true,
            inputs: defined(inputs),
            dependencies: more.dependencies ?? [],
            propertyDependencies: Object.fromEntries(
                Object.entries(more.propertyDependencies ?? {}).filter(([, urns]) => urns.length > 0),
            ),
            ...(more.ignoreChanges ? { ignoreChanges: more.ignoreChanges } : {}),
        });
        return urn;
    };
}

/** The object without its undefined properties (at the top level and in nested plain objects): an unset input is no input. */
export function defined(o: Record<string, unknown>): Record<string, unknown> {
    const clean = (v: unknown): unknown =>
        typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
            ? defined(v as Record<string, unknown>)
            : v;
    return Object.fromEntries(
        Object.entries(o)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, clean(v)]),
    );
}

/** Thrown when a component's inputs take an upstream branch the model does not follow. */
export class UnmodelledBranchError extends Error {}

/** Refuses, naming the component, the input and the upstream branch, when `taken`. */
export function refuse(component: RecordedResource, taken: boolean, input: string, branch: string): void {
    if (taken) {
        throw new UnmodelledBranchError(
            `${component.type} ${component.name}: its input ${input} takes a branch of the upstream code that harness/models/ does not model (${branch}); model it before relying on the plan`,
        );
    }
}

/** The `{ type, name }` of a resource reference among recorded inputs (a Resource object, or its JSON in a shared run). */
export function resourceRef(v: unknown): { type: string; name: string } | undefined {
    if (typeof v !== "object" || v === null) return undefined;
    const r = v as { __pulumiType?: unknown; __name?: unknown };
    return typeof r.__pulumiType === "string" && typeof r.__name === "string"
        ? { type: r.__pulumiType, name: r.__name }
        : undefined;
}

/** The one recorded resource a reference names (by type and logical name), or an error naming it. */
export function referenced(
    ctx: ChildContext,
    ref: { type: string; name: string },
    from: RecordedResource,
): RecordedResource {
    const found = ctx.resources.filter((r) => r.type === ref.type && r.name === ref.name && !r.modelled);
    if (found.length !== 1)
        throw new Error(
            `${from.type} ${from.name}: its input names ${ref.type} ${ref.name}, found ${found.length} times in the run`,
        );
    return found[0];
}

/** The component's property dependencies of one input (URNs), or []. */
export const depsOf = (component: RecordedResource, ...inputs: string[]): string[] => [
    ...new Set(inputs.flatMap((k) => component.propertyDependencies[k] ?? [])),
];
