/** Shared by the config tests: a stack's raw config as the program sees it, and the problems a raw config has. */
import { ConfigError, parseConfig } from "../../config/parse";
import { PROJECT } from "../../lib/naming";
import { loadStackConfig } from "../../harness/stackConfig";
import { formatProblem } from "../../lib/problems";

/** A stack's config as the program sees it: bare keys of this project, strings. */
export function rawOf(stack: string): Record<string, string> {
    const { config } = loadStackConfig(stack);
    return Object.fromEntries(
        Object.entries(config)
            .filter(([k]) => k.startsWith(`${PROJECT}:`))
            .map(([k, v]) => [k.slice(PROJECT.length + 1), v]),
    );
}

/** Every problem parseConfig reports for `raw` (empty when it is valid). */
export function problemsOf(raw: Record<string, string | undefined>): string[] {
    try {
        parseConfig(raw, String(raw.environment ?? "main"));
    } catch (e) {
        if (e instanceof ConfigError) return e.problems.map(formatProblem);
        throw e;
    }
    return [];
}
