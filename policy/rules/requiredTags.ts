/**
 * Every taggable AWS resource carries project, environment and stack, in its own tags or through its explicit
 * aws provider's defaultTags (how this program tags everything): cost allocation and 3 a.m. triage filter on them.
 * Taggable = the resource's @pulumi/aws input type has `tags` (policy/lib/awsTaggableTypes.json, generated from the
 * SDK by tools/writeAwsTaggableTypes.ts), plus the remote components that pass `tags` to their children.
 * The keys are the contract's REQUIRED_TAG_KEYS.
 *
 * Fails closed: an aws provider whose defaultTags lack a required key is reported on the provider itself (every
 * resource it creates inherits the gap), and a resource missing a key from both sources is reported.
 * Unknown during preview: provider props and own tags are read through the engine's proxy (the SDK's advisory);
 * own tags are read only when the provider leaves a gap, since they are often computed.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REQUIRED_TAG_KEYS } from "../contract";
import { AWS_PROVIDER, providerDefaultTags } from "../lib/environment";
import { tagsOf } from "../lib/props";
import taggable from "../lib/awsTaggableTypes.json";

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

const missingFrom = (tags: Record<string, string>) => REQUIRED_TAG_KEYS.filter((t) => !tags[t]);

export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description: `Taggable AWS resources carry the ${REQUIRED_TAG_KEYS.join(", ")} tags, in their own tags or their explicit aws provider's defaultTags.`,
    enforcementLevel: "mandatory",
    severity: "low",
    remediationSteps:
        "Create the resource with the program's explicit aws provider (its defaultTags carry project, environment and stack), or set the tags on it.",
    validateResource: (args, report) => {
        if (args.type === AWS_PROVIDER) {
            const missing = missingFrom(
                providerDefaultTags({ type: args.type, props: args.props, urn: args.urn, name: args.name }),
            );
            if (missing.length > 0)
                report(
                    `aws provider ${args.name}'s defaultTags.tags lack ${missing.join(", ")}: every resource it creates inherits the gap; ` +
                        `set defaultTags: { tags: { ${REQUIRED_TAG_KEYS.map((k) => `${k}: ...`).join(", ")} } }`,
                );
            return;
        }
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
            args.notApplicable(
                "a remote component's children inherit the aws provider's default tags and are checked themselves",
            );
        }
        report(
            `missing tag(s) ${missing.join(", ")}: neither the resource's tags nor its aws provider's defaultTags set them`,
        );
    },
};
