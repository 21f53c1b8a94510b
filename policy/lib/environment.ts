/**
 * The stack's environment (main | demo) and required tags, read from the explicit aws provider's
 * `defaultTags.tags`: the program creates every AWS resource through that provider, so a policy never guesses
 * from names. Provider props reach a policy as the provider's inputs, nested values serialized as JSON strings.
 *
 * Unknown vs missing: these helpers read provider props and own tags straight through the engine's proxy, so a
 * value unknown during preview raises the SDK's "can't run policy during preview" advisory (the rule runs again
 * with known values at update); a value that is known but absent is `undefined`, which rules report.
 */
import type { PolicyProviderResource, PolicyResource } from "@pulumi/policy";
import {
    COMPONENT_TYPES,
    ENVIRONMENT_FACT_KEYS,
    ENVIRONMENT_TAG,
    EnvironmentFacts,
    isEnv,
    REQUIRED_TAG_KEYS,
} from "../contract";
import { has, objectOf, peek, tagsOf, UNKNOWN } from "./props";

export const AWS_PROVIDER = "pulumi:providers:aws";

/** The default tags of an aws provider (`defaultTags.tags`); empty for any other provider or none. */
export function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, string> {
    if (!provider || provider.type !== AWS_PROVIDER) return {};
    return tagsOf(objectOf(provider.props.defaultTags)?.tags);
}

/** The fix for a resource whose environment cannot be determined. */
export const ENVIRONMENT_FIX =
    `create it with the program's explicit aws provider, whose defaultTags.tags set ${REQUIRED_TAG_KEYS.join(", ")}, ` +
    `or set the ${ENVIRONMENT_TAG} tag on the resource itself`;

/**
 * The environment a resource belongs to: its aws provider's default tag, else its own `environment` tag.
 * Own tags are read (lazily) only when the provider does not say: they may be unknown during preview.
 */
export function environmentOfResource(
    provider: PolicyProviderResource | undefined,
    ownTags: () => unknown,
): string | undefined {
    return providerDefaultTags(provider)[ENVIRONMENT_TAG] ?? tagsOf(ownTags())[ENVIRONMENT_TAG];
}

/**
 * Every environment the stack names: the aws provider resources themselves, the provider of each resource,
 * and the `environment` fact of each Environment component (one stack normally yields exactly one). A set, so a
 * policy can fail safe when two disagree; empty means the stack does not say.
 */
export function stackEnvironments(resources: PolicyResource[]): Set<string> {
    const found = new Set<string>();
    for (const r of resources) {
        const own =
            r.type === AWS_PROVIDER
                ? providerDefaultTags({ type: r.type, props: r.props, urn: r.urn, name: r.name })[ENVIRONMENT_TAG]
                : undefined;
        const viaProvider = providerDefaultTags(r.provider)[ENVIRONMENT_TAG];
        const fact = r.type === COMPONENT_TYPES.environment ? peek(r.props, "environment") : undefined;
        if (own) found.add(own);
        if (viaProvider) found.add(viaProvider);
        if (typeof fact === "string" && fact !== "") found.add(fact);
    }
    return found;
}

/**
 * What is wrong with the EnvironmentFacts an Environment component registered, one message per fact: absent, or
 * known with the wrong type. A fact unknown during preview is not a problem here (the contract asks for plain
 * values, but an Output slipping in is judged at update, when it is known); rules reading it see UNKNOWN.
 */
export function environmentFactProblems(
    r: PolicyResource,
    keys: readonly (keyof EnvironmentFacts)[] = ENVIRONMENT_FACT_KEYS,
): string[] {
    const expected: Record<keyof EnvironmentFacts, [string, (v: unknown) => boolean]> = {
        environment: ["one of main, demo", isEnv],
        apiReplicas: ["a non-negative integer", (v) => Number.isInteger(v) && (v as number) >= 0],
    };
    return keys.flatMap((key) => {
        const [what, ok] = expected[key];
        if (!has(r.props, key)) return [`${r.type} ${r.name} registers no ${key} (contract EnvironmentFacts: ${what})`];
        const v = peek(r.props, key);
        if (v === UNKNOWN || ok(v)) return [];
        return [`${r.type} ${r.name} registers ${key} = ${JSON.stringify(v)}, not ${what} (contract EnvironmentFacts)`];
    });
}

export const ENVIRONMENT_FACTS_FIX = `register exactly the contract's EnvironmentFacts (${ENVIRONMENT_FACT_KEYS.join(", ")}) as the component's inputs, with environmentFacts() from policy/contract.ts`;
