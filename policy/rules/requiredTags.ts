/**
 * Every taggable AWS resource carries project, environment and stack, in its own tags or through its explicit
 * aws provider's defaultTags (how this program tags everything): cost allocation and 3 a.m. triage filter on them.
 * Taggable = the resource's @pulumi/aws input type has `tags` (lib/awsTaggableTypes.json, generated from the
 * SDK by tools/writeAwsTaggableTypes.ts), plus the remote components that pass `tags` to their children.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { providerDefaultTags } from "../lib/environment";
import { tagsOf } from "../lib/props";
import taggable from "../lib/awsTaggableTypes.json";

export const REQUIRED_TAGS = ["project", "environment", "stack"] as const;

const AWS_TAGGABLE = new Set<string>(taggable.types);
/** Remote components whose args take `tags` (@pulumi/awsx 3, @pulumi/eks 4 .d.ts). */
export const COMPONENT_TAGGABLE = new Set([
    "awsx:ec2:Vpc",
    "awsx:ecr:Repository",
    "awsx:lb:ApplicationLoadBalancer",
    "awsx:lb:NetworkLoadBalancer",
    "awsx:cloudtrail:Trail",
    "awsx:ecs:FargateService",
    "awsx:ecs:EC2Service",
    "awsx:ecs:FargateTaskDefinition",
    "awsx:ecs:EC2TaskDefinition",
    "eks:index:Cluster",
    "eks:index:ManagedNodeGroup",
    "eks:index:NodeGroupSecurityGroup",
    "eks:index:Addon",
    "eks:index:VpcCniAddon",
]);

const missingFrom = (tags: Record<string, string>) => REQUIRED_TAGS.filter((t) => !tags[t]);

export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description: `Taggable AWS resources carry the ${REQUIRED_TAGS.join(", ")} tags, in their own tags or their explicit aws provider's defaultTags.`,
    enforcementLevel: "mandatory",
    severity: "low",
    remediationSteps:
        "Create the resource with the program's explicit aws provider (its defaultTags carry project, environment and stack), or set the tags on it.",
    validateResource: (args, report) => {
        const isComponent = COMPONENT_TAGGABLE.has(args.type);
        if (!AWS_TAGGABLE.has(args.type) && !isComponent) return;
        const fromProvider = providerDefaultTags(args.provider);
        // Read own tags only when the provider leaves a gap: they may be unknown during preview.
        if (missingFrom(fromProvider).length === 0) return;
        const missing = missingFrom({ ...fromProvider, ...tagsOf(args.props.tags) });
        if (missing.length === 0) return;
        if (isComponent && !args.provider) {
            // The engine hands a component no provider; its children inherit the aws provider (and its default
            // tags) through `providers`, and are judged one by one in a real preview.
            args.notApplicable("a remote component's children inherit the aws provider's default tags and are checked themselves");
        }
        report(`missing tag(s) ${missing.join(", ")}: neither the resource's tags nor its aws provider's defaultTags set them`);
    },
};
