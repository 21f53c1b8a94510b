/**
 * How a top-level component (Platform, PlatformReference, Environment, Edge) refuses its public args: every
 * problem at once, each naming its field, as a `pulumi.ResourceError` so the engine reports it against the
 * component's URN. Nested components do not re-check: their parent validated the args they are built from.
 */
import * as pulumi from "@pulumi/pulumi";

export function refuseInvalidArgs(
    component: pulumi.Resource,
    kind: string,
    name: string,
    problems: readonly string[],
): void {
    if (problems.length > 0) {
        throw new pulumi.ResourceError(
            `${kind} ${name}: invalid arguments:\n  - ${problems.join("\n  - ")}`,
            component,
        );
    }
}
