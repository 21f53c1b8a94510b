/**
 * Reading props exactly as the engine hands them to CrossGuard: by type token and plain values, tolerant of
 * values that are absent (optional inputs) and of provider props, whose nested values arrive as JSON strings.
 *
 * Values unknown during preview: @pulumi/policy wraps props in a proxy that throws UnknownValueError when a
 * policy reads one, and reports "can't run policy during preview" (advisory). Reading a key's PRESENCE with
 * `has` does not trigger that proxy, so a rule that only needs "is a prefix list set?" still runs.
 */
export type Props = Record<string, unknown>;

/** A value that may be a JSON string (provider props, policy documents) or already an object. */
export function objectOf(v: unknown): Props | undefined {
    if (typeof v === "string") {
        try {
            const parsed: unknown = JSON.parse(v);
            return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
                ? (parsed as Props)
                : undefined;
        } catch {
            return undefined;
        }
    }
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Props) : undefined;
}

export const arrayOf = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** Whether `key` is set on `obj` (present and not null), WITHOUT reading its value (safe on unknowns). */
export function has(obj: unknown, key: string): boolean {
    if (typeof obj !== "object" || obj === null) return false;
    if (!Object.prototype.hasOwnProperty.call(obj, key)) return false;
    // The descriptor read does not pass through the proxy's `get`; a present unknown counts as set.
    const d = Object.getOwnPropertyDescriptor(obj, key);
    return d !== undefined && d.value !== undefined && d.value !== null;
}

/** Reads `obj[key]`, returning `unknown` instead of throwing when the value is not known during preview. */
export const UNKNOWN = Symbol("unknown during preview");
export function peek(obj: unknown, key: string): unknown {
    if (typeof obj !== "object" || obj === null) return undefined;
    try {
        return (obj as Props)[key];
    } catch (e) {
        if (isUnknownValueError(e)) return UNKNOWN;
        throw e;
    }
}

/** @pulumi/policy's UnknownValueError is internal; recognise it by name (the offline runner throws the same name). */
export const isUnknownValueError = (e: unknown): boolean =>
    e instanceof Error && (e.name === "UnknownValueError" || e.constructor?.name === "UnknownValueError");

export const isTrue = (v: unknown) => v === true || v === "true";

/** A tags map given as an object or a JSON string; non-string values are ignored. */
export function tagsOf(v: unknown): Record<string, string> {
    const o = objectOf(v) ?? {};
    return Object.fromEntries(Object.entries(o).filter(([, x]) => typeof x === "string")) as Record<string, string>;
}
