/**
 * Shared building blocks for AWS resource models: IDs with AWS's real prefixes and ARNs in AWS's real
 * formats (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MockContext, ResourceModel } from "../mockCloud";

export interface AwsModelSpec {
    /** How the provider names the physical ID: a prefix plus hex (`sg-`), or the resource's name. */
    id: { prefix: string; hexLength?: number } | "name" | ((a: pulumi.runtime.MockResourceArgs, c: MockContext, name: string) => string);
    /** ARN builder, when the resource has one. */
    arn?: (ctx: MockContext, id: string, name: string) => string;
    /** Extra computed outputs. */
    extra?: (args: pulumi.runtime.MockResourceArgs, ctx: MockContext, id: string, name: string) => Record<string, unknown>;
    /** Whether the provider auto-names the resource (`name` input, with Pulumi's random suffix when absent). */
    autoName?: boolean;
}

/** Pulumi's auto-naming: the logical name plus a dash and 7 random hex characters. */
export const autoName = (args: pulumi.runtime.MockResourceArgs, ctx: MockContext) => `${args.name}-${ctx.hex(`${args.type}/${args.name}/name`, 7)}`;

export function awsModel(spec: AwsModelSpec): ResourceModel {
    return (args, ctx) => {
        const name = (args.inputs.name as string | undefined) ?? (spec.autoName ? autoName(args, ctx) : args.name);
        const id =
            spec.id === "name"
                ? name
                : typeof spec.id === "function"
                  ? spec.id(args, ctx, name)
                  : `${spec.id.prefix}${ctx.hex(`${args.type}/${args.name}`, spec.id.hexLength ?? 17)}`;
        const state: Record<string, unknown> = { ...args.inputs, id };
        if (spec.autoName) state.name = name;
        if (spec.arn) state.arn = spec.arn(ctx, id, name);
        Object.assign(state, spec.extra?.(args, ctx, id, name));
        // Default tags land in tagsAll, as the real provider computes them; the provider's inputs are not visible here.
        if (args.inputs.tags !== undefined) state.tagsAll = args.inputs.tags;
        return { id, state };
    };
}

export const ec2Arn = (kind: string) => (ctx: MockContext, id: string) => `arn:aws:ec2:${ctx.region}:${ctx.accountId}:${kind}/${id}`;
export const iamArn = (kind: string) => (ctx: MockContext, _id: string, name: string) => `arn:aws:iam::${ctx.accountId}:${kind}/${name}`;
export const regionalArn =
    (service: string, kind: string, sep = ":") =>
    (ctx: MockContext, _id: string, name: string) =>
        `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${kind}${sep}${name}`;
