/**
 * Correlating resources in a stack policy. The engine resolves `propertyDependencies` to resources, so "this
 * rule belongs to that group" is read from the input that carries the reference, not guessed from names.
 */
import type { PolicyResource } from "@pulumi/policy";
import { peek } from "./props";

/** The resources the input `key` of `r` was computed from (empty when it was a plain value). */
export const dependenciesOf = (r: PolicyResource, key: string): PolicyResource[] => r.propertyDependencies[key] ?? [];

/** Whether input `key` of `r` refers to `target`: through its dependency, or by an equal known plain value. */
export function refersTo(r: PolicyResource, key: string, target: PolicyResource, targetValues: unknown[]): boolean {
    if (dependenciesOf(r, key).some((d) => d.urn === target.urn)) return true;
    const v = peek(r.props, key);
    return typeof v === "string" && v !== "" && targetValues.some((t) => t === v);
}

/** Whether `r` sits (at any depth) under the resource with URN `ancestor`. */
export function isDescendantOf(r: PolicyResource, ancestor: string): boolean {
    // Bounded: a hand-built graph with a parent cycle must not hang a preview.
    let p = r.parent;
    for (let depth = 0; p && depth < 1000; depth++, p = p.parent) if (p.urn === ancestor) return true;
    return false;
}

export const ofType = (resources: PolicyResource[], ...types: string[]) =>
    resources.filter((r) => types.includes(r.type));
