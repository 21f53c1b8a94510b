/**
 * Helpers for reading resources exactly as the engine hands them to CrossGuard: by type token and props,
 * tolerant of values that are unknown during preview (undefined) and of provider props that arrive as
 * JSON strings (a provider's nested inputs are serialized).
 */
import type { PolicyProviderResource, PolicyResource } from "@pulumi/policy";

export type Props = Record<string, unknown>;

export const REQUIRED_TAGS = ["project", "environment", "stack"] as const;

/** Parses a value that may be a JSON string (provider props) or already an object. */
export function objectOf(v: unknown): Record<string, unknown> | undefined {
    if (typeof v === "string") {
        try {
            const parsed: unknown = JSON.parse(v);
            return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
        } catch {
            return undefined;
        }
    }
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
}

export const arrayOf = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** The default tags of an explicit aws provider (`defaultTags.tags`). */
export function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, string> {
    if (!provider || !provider.type.startsWith("pulumi:providers:aws")) return {};
    const tags = objectOf(objectOf(provider.props.defaultTags)?.tags);
    return (tags ?? {}) as Record<string, string>;
}

/**
 * The stack's environment (main | demo), read from the explicit aws provider's default tags: every AWS
 * resource of this program carries it, so a policy never guesses from names.
 */
export function environmentOf(resources: PolicyResource[]): string | undefined {
    for (const r of resources) {
        if (r.type === "pulumi:providers:aws") {
            const env = providerDefaultTags({ type: r.type, props: r.props, urn: r.urn, name: r.name }).environment;
            if (env) return env;
        }
        const fromProvider = providerDefaultTags(r.provider).environment;
        if (fromProvider) return fromProvider;
    }
    return undefined;
}

/** A JSON policy document given as a string or an object. */
export function policyDocument(v: unknown): { Statement?: unknown } | undefined {
    return objectOf(v) as { Statement?: unknown } | undefined;
}

export const isOpenIpv4 = (c: unknown) => c === "0.0.0.0/0";
export const isOpenIpv6 = (c: unknown) => c === "::/0";
