/**
 * Reading the resource list the estimator gets: URN type chains (who is whose child) and tolerant
 * access to input properties that may be secret-wrapped or unknown during a preview.
 *
 * Why URNs: the policy contract passes { type, urn, name, props } and no parent field, but a Pulumi URN
 * encodes the parent types: `urn:pulumi:<stack>::<project>::<ParentType>$<ChildType>::<name>`.
 */
import { CostResource } from "./types";

/** Pulumi's secret envelope signature, as inputs cross the RPC boundary (see harness/graph.ts). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export interface ParsedUrn {
    /** Types from the outermost parent to the resource itself. */
    typeChain: string[];
    name: string;
}

export function parseUrn(urn: string): ParsedUrn {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
        throw new Error(`not a Pulumi URN: "${urn}" (expected urn:pulumi:<stack>::<project>::<type chain>::<name>)`);
    }
    return { typeChain: parts[2].split("$"), name: parts.slice(3).join("::") };
}

/** A resource with its parsed URN, so descendants can be found without re-parsing. */
export interface GraphNode {
    resource: CostResource;
    typeChain: string[];
    name: string;
}

export class ResourceGraph {
    readonly nodes: GraphNode[];

    constructor(resources: CostResource[]) {
        this.nodes = resources.map((resource) => ({ resource, ...parseUrn(resource.urn) }));
    }

    /**
     * Resources of `type` created inside the component `parent` (at any depth). The URN gives parent
     * TYPES only, so two components of one type under the same parent chain are told apart by the
     * child's name: awsx and eks name every child `<componentName>-...`.
     */
    descendantsOfType(parent: GraphNode, type: string): GraphNode[] {
        const chain = parent.typeChain;
        const siblings = this.nodes.filter((n) => n !== parent && sameChain(n.typeChain, chain));
        return this.nodes.filter(
            (n) =>
                n.resource.type === type &&
                n.typeChain.length > chain.length &&
                chain.every((t, i) => n.typeChain[i] === t) &&
                (siblings.length === 0 || n.name.startsWith(`${parent.name}-`) || n.name === parent.name),
        );
    }

    /** Whether `node` sits inside a component of `componentType`. */
    isInside(node: GraphNode, componentType: string): boolean {
        return node.typeChain.slice(0, -1).includes(componentType);
    }
}

function sameChain(a: string[], b: string[]): boolean {
    return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** Unwraps Pulumi's secret envelope; other values pass through. */
export function unwrap(v: unknown): unknown {
    if (typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_SIG_VALUE) {
        return (v as { value?: unknown }).value;
    }
    return v;
}

/** Reads a dotted path ("scalingConfig.desiredSize") through objects, unwrapping secrets on the way. */
export function prop(props: Record<string, unknown>, path: string): unknown {
    let cur: unknown = props;
    for (const key of path.split(".")) {
        cur = unwrap(cur);
        if (typeof cur !== "object" || cur === null) return undefined;
        cur = (cur as Record<string, unknown>)[key];
    }
    return unwrap(cur);
}

/** A number input, or undefined when absent or not yet known (previews send unknowns as placeholders). */
export function num(props: Record<string, unknown>, path: string): number | undefined {
    const v = prop(props, path);
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function str(props: Record<string, unknown>, path: string): string | undefined {
    const v = prop(props, path);
    return typeof v === "string" ? v : undefined;
}

export function bool(props: Record<string, unknown>, path: string): boolean | undefined {
    const v = prop(props, path);
    return typeof v === "boolean" ? v : undefined;
}

/** An array input's elements (unwrapped), or undefined when absent or unknown. */
export function list(props: Record<string, unknown>, path: string): unknown[] | undefined {
    const v = prop(props, path);
    return Array.isArray(v) ? v.map(unwrap) : undefined;
}
