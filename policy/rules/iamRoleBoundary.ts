/**
 * Every role the stack creates carries a permissions boundary: the deployment role may create and
 * edit roles only when they carry the stack's boundary (components/delivery/boundary.ts), so a role without one is a
 * role the next deployment cannot manage, or one created around the guard. Seen in every preview, before IAM refuses.
 *
 * Exempt, by parent type: the deployment role itself (osprey:delivery:DeploymentIdentity: it creates the others, and
 * an operator changes it). @pulumi/eks's cluster service role is not exempt: the program's boundary transform reaches
 * it inside the remote component (components/delivery/boundary.ts boundTransform).
 * An unknown value during preview (the boundary's ARN is computed) counts as set.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { COMPONENT_TYPES } from "../contract";
import { has, peek } from "../lib/props";

const EXEMPT_PARENTS: string[] = [COMPONENT_TYPES.deploymentIdentity];

/** The type of a resource's parent, from its URN (`urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`). */
export const parentTypeOf = (urn: string): string | undefined => {
    const types = urn.split("::")[2]?.split("$") ?? [];
    return types.length > 1 ? types[types.length - 2] : undefined;
};

export const iamRoleBoundary: ResourceValidationPolicy = {
    name: "iam-role-boundary",
    description:
        "Every IAM role the stack creates carries a permissions boundary (permissionsBoundary), except the deployment role.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Create the role under a component that index.ts gives componentOpts (its transformation sets the stack's boundary), or set permissionsBoundary to the stack's osprey-strike-<env>-boundary policy.",
    validateResource: (args, report) => {
        if (args.type !== "aws:iam/role:Role") return;
        const parent = parentTypeOf(args.urn);
        if (parent !== undefined && EXEMPT_PARENTS.includes(parent)) return;
        // `has` reads presence without the preview proxy; a known empty string is no boundary either.
        if (!has(args.props, "permissionsBoundary") || peek(args.props, "permissionsBoundary") === "")
            report(
                `role ${args.name} has no permissionsBoundary: the deployment role can neither create nor change it`,
            );
    },
};
