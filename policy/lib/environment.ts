/**
 * The stack's environment (main | demo) and required tags, read from the explicit aws provider's
 * `defaultTags.tags`: the program creates every AWS resource through that provider, so a policy never guesses
 * from names. Provider props reach a policy as the provider's inputs, nested values serialized as JSON strings.
 */
import type { PolicyProviderResource, PolicyResource } from "@pulumi/policy";
import { objectOf, tagsOf } from "./props";

const AWS_PROVIDER = "pulumi:providers:aws";

/** The default tags of an aws provider (`defaultTags.tags`); empty for any other provider or none. */
export function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, string> {
    if (!provider || provider.type !== AWS_PROVIDER) return {};
    return tagsOf(objectOf(provider.props.defaultTags)?.tags);
}

/** The environment a resource belongs to: its aws provider's default tag, else its own `environment` tag. */
export function environmentOfResource(provider: PolicyProviderResource | undefined, ownTags: unknown): string | undefined {
    return providerDefaultTags(provider).environment ?? tagsOf(ownTags).environment;
}

/**
 * Every environment the stack's aws providers name: the provider resources themselves, and the provider of
 * each resource (one stack normally yields exactly one). A set, so a policy can fail safe when two disagree.
 */
export function stackEnvironments(resources: PolicyResource[]): Set<string> {
    const found = new Set<string>();
    for (const r of resources) {
        const own = r.type === AWS_PROVIDER ? providerDefaultTags({ type: r.type, props: r.props, urn: r.urn, name: r.name }).environment : undefined;
        const viaProvider = providerDefaultTags(r.provider).environment;
        if (own) found.add(own);
        if (viaProvider) found.add(viaProvider);
    }
    return found;
}
