/**
 * A validation problem as data: the property it is about and why. A component's refusal (components/invalidArgs.ts)
 * and the config loader's (config/parse.ts ConfigError) carry these, so a caller (a test, the offline plan) reads the
 * path instead of parsing a message; the message is built from them by `formatProblem` alone.
 *
 * `Problem` has exactly the shape of `pulumi.InputPropertyErrorDetails` (@pulumi/pulumi errors.d.ts: `propertyPath`,
 * `reason`). lib/ imports no package (eslint.config.mjs, the lib/ boundary), so the shape is written here and
 * tests/lint/problems.test.ts proves at compile time that each is assignable to the other.
 *
 * Paths use the syntax `pulumi config set --path` and config/setPath.ts read: keys joined by dots, list indexes as
 * `[n]` (`platform.cluster.endpoint.publicAccessCidrs[0]`). A config key keeps its namespace
 * (`osprey-strike:platform.cluster.nodeGroup`, `aws:region`). The empty path is the object the checker was handed: a
 * rule over the whole object (no one field breaks it) sits there, and `under` moves it to the object's own path.
 * Pure.
 */

export interface Problem {
    /** Where the value is, relative to what the checker was handed ("" for that object itself). */
    readonly propertyPath: string;
    /** Why it is refused, and the fix. */
    readonly reason: string;
}

export const problem = (propertyPath: string, reason: string): Problem => ({ propertyPath, reason });

/** A problem at `path` when `reason` is given (the `*Problem` rules return a reason or undefined). */
export const problemIf = (path: string, reason: string | undefined): Problem[] =>
    reason === undefined ? [] : [problem(path, reason)];

/** `path` joined under `prefix`: `a` + `b.c` → `a.b.c`, `a` + `[0]` → `a[0]`, `a` + `` → `a`; a number is an index. */
export function joinPath(prefix: string | number, path: string): string {
    const head = typeof prefix === "number" ? `[${prefix}]` : prefix;
    if (head === "") return path;
    if (path === "") return head;
    return path.startsWith("[") ? `${head}${path}` : `${head}.${path}`;
}

/** The problems of a nested object re-rooted at that object's path in its parent (`under("cluster", ...)`). */
export const under = (prefix: string | number, problems: readonly Problem[]): Problem[] =>
    problems.map((p) => problem(joinPath(prefix, p.propertyPath), p.reason));

/** The text every message uses: `<path>: <reason>`, or the reason alone for the object itself. */
export const formatProblem = (p: Problem): string =>
    p.propertyPath === "" ? p.reason : `${p.propertyPath}: ${p.reason}`;
