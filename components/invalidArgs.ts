/**
 * How a top-level component (Platform, PlatformReference, Environment, Edge) refuses its public args: every
 * problem at once, each naming its field, as a `pulumi.ResourceError` so the engine reports it against the
 * component's URN. Nested components do not re-check: their parent validated the args they are built from.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatProblem, Problem } from "../lib/problems";

/**
 * A component's refusal of its args: reported against the component like any `ResourceError`, and carrying each
 * problem as data (`errors[].propertyPath` is relative to the component's args, e.g. `cluster.endpoint.publicAccessCidrs`;
 * the shape of `pulumi.InputPropertyErrorDetails`).
 */
export class InvalidArgumentsError extends pulumi.ResourceError {
    constructor(
        component: pulumi.Resource,
        kind: string,
        name: string,
        readonly errors: readonly Problem[],
    ) {
        super(`${kind} ${name}: invalid arguments:\n  - ${errors.map(formatProblem).join("\n  - ")}`, component);
    }
}

export function refuseInvalidArgs(
    component: pulumi.Resource,
    kind: string,
    name: string,
    problems: readonly Problem[],
): void {
    if (problems.length > 0) throw new InvalidArgumentsError(component, kind, name, problems);
}
