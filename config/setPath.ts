/**
 * `--set <path>=<value>` as `pulumi config set --path` takes it: the path names the key and then its way into the
 * structured value (`platform.cluster.nodeGroup.desiredSize`, `platform.cluster.adminRoleArns[0]`, `["a.b"]` for a
 * key with a dot), and the value is merged into what the stack already holds, never replacing the layer around it: a
 * map given for a group is deep-merged into it (`--set 'platform={"cluster":{...}}'` keeps `adminRoleArns`).
 *
 * Values: a string setting takes the text as written (`1.36` stays "1.36"); any other is read as JSON when it starts
 * with `{` or `[`, else as a YAML scalar (`3`, `true`). Every path and value of the project's keys is checked against
 * the declarations (config/settings.ts) and refused naming `--set <path>`, before anything runs. Pure.
 */
import * as YAML from "yaml";
import { Field, Fields, Group } from "./declare";
import { settingValueProblem } from "./parse";
import { LAYERS, SECRETS, STACK } from "./settings";
import { PROJECT } from "../lib/naming";
import { formatProblem, joinPath, problem, Problem, problemIf } from "../lib/problems";

/**
 * A refused `--set`: the message starts with `--set <path>:` (the plan exits 2 on it), one line per problem. `errors`
 * holds them as data, each propertyPath the path as written after --set (`platform.cluster.nodeGroup.desiredSize`);
 * it is empty only for an argument with no path at all (no `=`).
 */
export class SetError extends Error {
    readonly errors: readonly Problem[];
    constructor(problems: readonly Problem[] | string) {
        super(typeof problems === "string" ? problems : problems.map((p) => `--set ${formatProblem(p)}`).join("\n"));
        this.errors = typeof problems === "string" ? [] : problems;
        this.name = "SetError";
    }
}

export type Segment = string | number;

export interface ParsedSet {
    /** Fully qualified key (`osprey-strike:platform`, `aws:region`). */
    key: string;
    /** The way into the key's value; empty for the key itself. */
    path: Segment[];
    /** The path as the user wrote it (for messages). */
    text: string;
    /** The value as written. */
    raw: string;
}

/** Splits `path=value` and parses the path (Pulumi's syntax: `.name`, `[n]`, `["quoted"]`; an optional `ns:` prefix). */
export function parseSet(arg: string): ParsedSet {
    const eq = arg.indexOf("=");
    if (eq < 1) throw new SetError(`--set takes <path>=<value>, got "${arg}"`);
    const text = arg.slice(0, eq);
    const raw = arg.slice(eq + 1);
    const ns = /^([A-Za-z0-9_.-]+):/.exec(text);
    const namespace = ns ? ns[1] : PROJECT;
    let rest = ns ? text.slice(ns[0].length) : text;
    const segments: Segment[] = [];
    const bad = (why: string) => new SetError([problem(text, why)]);
    while (rest.length > 0) {
        if (rest.startsWith("[")) {
            const index = /^\[(\d+)\]/.exec(rest);
            const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
            if (index) {
                if (segments.length === 0) throw bad("a path starts with a key, not an index");
                segments.push(Number(index[1]));
                rest = rest.slice(index[0].length);
            } else if (quoted) {
                segments.push(JSON.parse(`"${quoted[1]}"`) as string);
                rest = rest.slice(quoted[0].length);
            } else throw bad(`"${rest}" is not an index ([0]) or a quoted key (["a.b"])`);
        } else {
            if (segments.length > 0) {
                if (!rest.startsWith(".")) throw bad(`expected "." or "[" at "${rest}"`);
                rest = rest.slice(1);
            }
            const name = /^[^.[]+/.exec(rest);
            if (!name) throw bad("an empty name in the path");
            segments.push(name[0]);
            rest = rest.slice(name[0].length);
        }
    }
    if (segments.length === 0 || typeof segments[0] !== "string") throw bad("the path names no key");
    const [top, ...path] = segments as [string, ...Segment[]];
    return { key: `${namespace}:${top}`, path, text, raw };
}

/** The value as written, read for a setting of `kind` (undefined: not a declared leaf, e.g. a group or another namespace). */
export function readValue(raw: string, kind?: string): unknown {
    if (kind === "string") return raw;
    const t = raw.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
        try {
            return JSON.parse(t) as unknown;
        } catch {
            /* a YAML flow map or list, read below */
        }
    }
    try {
        return YAML.parse(raw) as unknown;
    } catch {
        return raw;
    }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep merge for maps; anything else (lists included) is replaced, as a path that ends at it replaces it. */
function merge(base: unknown, over: unknown): unknown {
    if (!isMap(base) || !isMap(over)) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
}

/** The problems of a value given for a declared field at `path` (unknown keys of a map, a leaf's type and check). */
function fieldProblems(field: Field, value: unknown, path: string): Problem[] {
    if (field.node === "setting") return problemIf(path, settingValueProblem(field, value));
    if (!isMap(value))
        return [
            problem(
                path,
                `${JSON.stringify(value)} is not a map; give a JSON map of ${Object.keys(field.fields).join(", ")}`,
            ),
        ];
    return Object.entries(value).flatMap(([k, v]) =>
        k in field.fields
            ? fieldProblems(field.fields[k], v, `${path}.${k}`)
            : [problem(joinPath(path, k), `unknown setting; ${path} takes ${Object.keys(field.fields).join(", ")}`)],
    );
}

/** The declared field a project path leads to, and how the value must be read there; throws naming --set. */
function declared(set: ParsedSet): { field?: Field; element?: boolean } {
    const top = set.key.slice(PROJECT.length + 1);
    const where = (n: number) =>
        [top, ...set.path.slice(0, n)]
            .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`))
            .join("");
    const flat = (STACK as Fields)[top] ?? (SECRETS as Record<string, unknown>)[top];
    if (flat !== undefined) {
        if (set.path.length > 0)
            throw new SetError([problem(set.text, `${top} is a plain value, not a map; --set ${top}=<value>`)]);
        return { field: (STACK as Fields)[top] };
    }
    let field: Field | undefined = (LAYERS as Fields)[top];
    if (!field)
        throw new SetError([
            problem(
                set.text,
                `unknown key ${top}; the keys are ${[...Object.keys(STACK), ...Object.keys(LAYERS)].join(", ")} (config/settings.ts)`,
            ),
        ]);
    for (let i = 0; i < set.path.length; i++) {
        const seg = set.path[i];
        if (typeof seg === "number") {
            if (field.node !== "setting" || field.kind !== "list" || i !== set.path.length - 1)
                throw new SetError([
                    problem(set.text, `${where(i)} is not a list; [${seg}] indexes a list setting only`),
                ]);
            return { field, element: true };
        }
        if (field.node !== "group")
            throw new SetError([problem(set.text, `${where(i)} is a setting, not a map; it has no ${seg}`)]);
        const next: Field | undefined = (field as Group<Fields>).fields[seg];
        if (!next)
            throw new SetError([
                problem(
                    set.text,
                    `unknown setting ${where(i + 1)}; ${where(i)} takes ${Object.keys((field as Group<Fields>).fields).join(", ")}`,
                ),
            ]);
        field = next;
    }
    return { field };
}

/** Sets `value` at `path` inside `base` (copying), merging a map into a map; an index may append (== length). */
function setAt(base: unknown, path: Segment[], value: unknown, text: string): unknown {
    if (path.length === 0) return merge(base, value);
    const [seg, ...rest] = path;
    if (typeof seg === "number") {
        const list = Array.isArray(base) ? [...(base as unknown[])] : base === undefined ? [] : undefined;
        if (!list) throw new SetError([problem(text, `[${seg}] indexes a value that is not a list`)]);
        if (seg > list.length)
            throw new SetError([
                problem(
                    text,
                    `index ${seg} is past the end of the list (${list.length} item(s)); use [${list.length}] to append`,
                ),
            ]);
        list[seg] = setAt(list[seg], rest, value, text);
        return list;
    }
    if (base !== undefined && !isMap(base))
        throw new SetError([problem(text, `${seg} is inside a value that is not a map`)]);
    const obj: Record<string, unknown> = { ...(base ?? {}) };
    obj[seg] = setAt(obj[seg], rest, value, text);
    return obj;
}

/** A config value as Pulumi holds it (a layer as JSON text) read back as a value. */
function current(config: Record<string, string>, key: string): unknown {
    const v = config[key];
    if (v === undefined) return undefined;
    try {
        return JSON.parse(v) as unknown;
    } catch {
        return v;
    }
}

/**
 * Applies each `--set path=value` (in order) to a stack's loaded config (fully qualified keys, layers as JSON text) and
 * returns the new config; refuses, naming `--set <path>`, an unknown path or a value its setting does not take.
 */
export function applySets(config: Record<string, string>, sets: readonly string[]): Record<string, string> {
    const out = { ...config };
    for (const arg of sets) {
        const set = parseSet(arg);
        const ours = set.key.startsWith(`${PROJECT}:`);
        const { field, element } = ours ? declared(set) : {};
        const kind = field?.node === "setting" ? (element ? "string" : field.kind) : undefined;
        const value = readValue(set.raw, kind);
        if (field && !element) {
            const problems = fieldProblems(field, value, set.text);
            if (problems.length > 0) throw new SetError(problems);
        }
        if (set.path.length === 0 && typeof value === "string") {
            out[set.key] = value;
            continue;
        }
        const merged = setAt(current(out, set.key), set.path, value, set.text);
        if (field && element) {
            // The whole list after the change, checked as the setting (its items' rules included).
            const listField = field;
            const list = set.path.reduce<unknown>(
                (v, s) => (typeof s === "number" ? v : (v as Record<string, unknown>)[s]),
                merged,
            );
            const problems = fieldProblems(listField, list, set.text);
            if (problems.length > 0) throw new SetError(problems);
        }
        out[set.key] = typeof merged === "string" ? merged : JSON.stringify(merged);
    }
    return out;
}
