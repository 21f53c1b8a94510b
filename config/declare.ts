/**
 * The vocabulary the settings are declared in (pure: no Pulumi imports). A setting is declared ONCE, with its
 * type, its default (one value, or one per environment) and its description; the TypeScript type of the parsed
 * value is inferred from the declaration, literal unions included, so no caller ever casts.
 */
import { Env } from "../lib/naming";

/**
 * A default that differs per environment (e.g. two api replicas on main, one on demo:
 * docs/requirements.md, Environments).
 */
export interface PerEnv<T> {
    readonly perEnv: Readonly<Record<Env, T>>;
}
export const perEnv = <T>(values: Record<Env, T>): PerEnv<T> => ({ perEnv: values });
export const isPerEnv = (v: unknown): v is PerEnv<unknown> => typeof v === "object" && v !== null && "perEnv" in v;

export type Kind = "string" | "integer" | "boolean" | "list";

export interface Setting<T> {
    readonly node: "setting";
    readonly kind: Kind;
    readonly description: string;
    /** Absent: the setting is required (where its group applies). */
    readonly default?: T | PerEnv<T>;
    /** For choices: the allowed values. */
    readonly values?: readonly string[];
    /** Returns the problem with a parsed value (the fix included), or undefined. */
    readonly check?: (value: T) => string | undefined;
    /** The stock stack files' stand-in for this setting (config/placeholders.ts): an adopter must replace it. */
    readonly placeholder?: Placeholder<T>;
}

/**
 * A value the stock stack files carry only to show the shape (a documentation account ID, a placeholder certificate, a
 * repository that is not yours): the offline plan warns while one is present, a real `pulumi preview`/`up` refuses.
 */
export interface Placeholder<T> {
    /** Whether a parsed value is (or, for a list, contains) the stand-in. */
    readonly is: (value: T) => boolean;
    /** What to put instead, and where to find it. */
    readonly replaceWith: string;
}

/** Which stacks a group applies to: every stack, or only the stack that owns the shared platform. */
export type Applies = "every-stack" | "platform-owner";

export interface Group<M extends Fields> {
    readonly node: "group";
    readonly description: string;
    readonly fields: M;
    readonly applies: Applies;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a field of any value type
export type Field = Setting<any> | Group<Fields>;
export type Fields = { readonly [key: string]: Field };

/** The parsed value a declaration yields. */
export type ValueOf<F> =
    F extends Setting<infer T> ? T : F extends Group<infer M> ? { -readonly [K in keyof M]: ValueOf<M[K]> } : never;

type Opts<T> = { default?: T | PerEnv<T>; check?: (value: T) => string | undefined; placeholder?: Placeholder<T> };

export const text = (description: string, opts: Opts<string> = {}): Setting<string> => ({
    node: "setting",
    kind: "string",
    description,
    ...opts,
});

export const flag = (description: string, opts: Opts<boolean> = {}): Setting<boolean> => ({
    node: "setting",
    kind: "boolean",
    description,
    ...opts,
});

export const list = (description: string, opts: Opts<string[]> = {}): Setting<string[]> => ({
    node: "setting",
    kind: "list",
    description,
    ...opts,
});

/** An integer from min to max inclusive. */
export function integer(description: string, min: number, max: number, opts: Opts<number> = {}): Setting<number> {
    const range = (v: number) =>
        v < min || v > max ? `${v} is out of range; use an integer from ${min} to ${max}` : undefined;
    return {
        node: "setting",
        kind: "integer",
        description,
        default: opts.default,
        check: (v) => range(v) ?? opts.check?.(v),
        ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
    };
}

/** One of a fixed set of strings; the parsed type is their literal union. */
export function choice<const V extends readonly string[]>(
    description: string,
    values: V,
    opts: Opts<V[number]> = {},
): Setting<V[number]> {
    const oneOf = (v: string) =>
        values.includes(v) ? undefined : `"${v}" is not one of ${values.map((a) => `"${a}"`).join(", ")}`;
    return {
        node: "setting",
        kind: "string",
        description,
        values,
        default: opts.default,
        check: (v) => oneOf(v) ?? opts.check?.(v),
    };
}

export const group = <M extends Fields>(
    description: string,
    fields: M,
    applies: Applies = "every-stack",
): Group<M> => ({
    node: "group",
    description,
    fields,
    applies,
});

/** Checks each item of a list with `check`; the first problem names the item. */
export const eachItem =
    (check: (s: string) => string | undefined) =>
    (vs: string[]): string | undefined =>
        vs
            .map((s, i) => {
                const p = check(s);
                return p && `item ${i} ${p}`;
            })
            .find((p) => p !== undefined);
