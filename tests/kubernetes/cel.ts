/**
 * CEL as the API server evaluates a ValidatingAdmissionPolicy's expressions, with @bufbuild/cel: each expression parsed
 * and planned once per test file (the API server compiles a policy once, then evaluates it per request), the
 * evaluation answering as @bufbuild/cel's `run` does (a CelError value, never a throw).
 */
import { celEnv, celError, CelResult, parse, plan } from "@bufbuild/cel";

/** A JSON value as CEL receives it: objects as maps, integers as int (bigint). */
export const toCel = (v: unknown): unknown =>
    Array.isArray(v)
        ? v.map(toCel)
        : v && typeof v === "object"
          ? new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]))
          : typeof v === "number" && Number.isInteger(v)
            ? BigInt(v)
            : v;

const planned = new Map<string, (bindings: never) => CelResult>();

/** `run(expression, bindings)` of @bufbuild/cel, with the expression's plan kept for the next evaluation. */
export function runCel(expression: string, bindings: Record<string, unknown>): CelResult {
    try {
        let evaluate = planned.get(expression);
        if (evaluate === undefined) {
            evaluate = plan(celEnv(), parse(expression)) as (bindings: never) => CelResult;
            planned.set(expression, evaluate);
        }
        return evaluate(bindings as never);
    } catch (e) {
        return celError(e);
    }
}
