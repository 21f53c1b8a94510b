/**
 * Placeholders: the values of the stock stack files an adopter must replace, declared where each setting is declared
 * (config/settings.ts, `placeholder`). The offline plan lists the ones still present in one warning block; a real
 * `pulumi preview`/`up` refuses while any remains (config/index.ts), naming each key; docs/first-deploy.md "Running it for real" lists
 * them from here. Pure.
 */
import { Field, Fields, Group, Placeholder } from "./declare";
import { LAYERS, STACK } from "./settings";
import { PROJECT } from "../lib/naming";
import { problem, Problem } from "../lib/problems";
import { applyShared, SHARED_PATHS } from "./shared";

export interface PlaceholderDecl {
    /** Fully qualified key, e.g. osprey-strike:zone.accountId. */
    key: string;
    replaceWith: string;
}

export interface FoundPlaceholder extends PlaceholderDecl {
    /** The stand-in as the stack file holds it, shortened (a certificate is long). */
    value: string;
}

const shorten = (v: unknown): string => {
    const text = typeof v === "string" ? v : JSON.stringify(v);
    return text.length > 48 ? `${text.slice(0, 45)}...` : text;
};

function* walk(fields: Fields, path: string): Generator<[string, Placeholder<unknown>, Field]> {
    for (const [k, f] of Object.entries(fields)) {
        const p = path ? `${path}.${k}` : k;
        if (f.node === "group") yield* walk((f as Group<Fields>).fields, p);
        else if (f.placeholder) yield [p, f.placeholder as Placeholder<unknown>, f];
    }
}

/** Every declared placeholder, in the settings' order (docs/first-deploy.md "Running it for real" is generated from this). */
export function placeholderDeclarations(): PlaceholderDecl[] {
    return [...walk(STACK, ""), ...walk(LAYERS, "")].map(([p, ph]) => ({
        key: `${PROJECT}:${p}`,
        replaceWith: ph.replaceWith,
    }));
}

/** The value at a dotted path of a stack's raw config (bare keys; a layer is a JSON string or an object). */
function valueAt(raw: Record<string, unknown>, path: string): unknown {
    const [top, ...rest] = path.split(".");
    let v: unknown = raw[top];
    if (typeof v === "string" && rest.length > 0) {
        try {
            v = JSON.parse(v);
        } catch {
            return undefined;
        }
    }
    for (const k of rest)
        v = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
    return v;
}

/**
 * The placeholders still present in a stack's raw config (bare keys, as config/parse.ts takes it). A value of the wrong
 * type is left to the parser's message, not reported here.
 */
export function placeholdersIn(stackRaw: Record<string, unknown>): FoundPlaceholder[] {
    // The shared values as the program completes them (config/shared.ts): a stand-in there is every stack's.
    const raw = applyShared(stackRaw, "").raw;
    const found: FoundPlaceholder[] = [];
    for (const [p, ph, f] of [...walk(STACK, ""), ...walk(LAYERS, "")]) {
        let v = valueAt(raw, p);
        if (f.node !== "setting" || v === undefined) continue;
        if (f.kind === "list" && typeof v === "string") {
            try {
                v = JSON.parse(v);
            } catch {
                continue;
            }
        }
        if (f.kind === "integer" && typeof v === "string" && /^\d+$/.test(v)) v = Number(v);
        const typed =
            f.kind === "list"
                ? Array.isArray(v) && v.every((x) => typeof x === "string")
                : f.kind === "integer"
                  ? typeof v === "number"
                  : typeof v === "string";
        if (typed && ph.is(v)) found.push({ key: `${PROJECT}:${p}`, replaceWith: ph.replaceWith, value: shorten(v) });
    }
    return found;
}

/** The problems a real `pulumi preview`/`up` refuses with while placeholders remain (one per key, with the fix). */
export function placeholderProblems(raw: Record<string, unknown>, stack: string): Problem[] {
    return placeholdersIn(raw).map((p) =>
        problem(
            p.key,
            SHARED_PATHS.includes(p.key.slice(PROJECT.length + 1))
                ? `still the stock placeholder ${p.value}; set ${p.replaceWith} in config/shared.ts (every stack shares it) and run npx tsx tools/writePulumiYaml.ts`
                : `still the stock placeholder ${p.value}; set ${p.replaceWith} (pulumi config set --path ${p.key} <value> --stack ${stack})`,
        ),
    );
}
