/**
 * A stack's settings checked without the SDK: every problem `loadConfig` refuses, from the values as Pulumi holds them
 * (fully qualified keys, structured layers as JSON strings). The program reaches it through loadConfig; the offline plan
 * calls it before it loads anything else, so bad config is refused at once, in the same words.
 */
import { ConfigError, parseConfig, PlainConfig } from "./parse";
import { placeholderProblems } from "./placeholders";
import { applyShared } from "./shared";
import { PROJECT } from "../lib/naming";
import { problem, Problem } from "../lib/problems";

/**
 * @param all   the stack's config: `pulumi.runtime.allConfig()` in the program, the stack file (and `--set`) in the plan
 * @param stack the stack's name, for the messages
 * @param opts.real whether this is a real preview/up, which refuses while a stock placeholder remains
 *                  (config/placeholders.ts); the offline plan only warns of them
 * @throws ConfigError naming every problem at once
 */
export function checkStackConfig(
    all: Record<string, string | undefined>,
    stack: string,
    opts: { real: boolean },
): { plain: PlainConfig; region: string } {
    const raw: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(all)) {
        if (k.startsWith(`${PROJECT}:`)) raw[k.slice(PROJECT.length + 1)] = v;
    }
    const region = all["aws:region"];
    const problems: Problem[] = [];
    let plain: PlainConfig | undefined;
    try {
        plain = parseConfig(raw, stack);
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems.push(...e.problems);
    }
    if (!region) problems.push(problem("aws:region", "missing; set it with `pulumi config set aws:region us-east-1`"));
    // Every stack shares the zone, the identity provider, Keycloak, the GitOps repository and the organization.
    problems.push(...applyShared(raw, stack).problems);
    // A real run with a stand-in would trust a repository that is not yours, admit a role of AWS's documentation account...
    if (opts.real) problems.push(...placeholderProblems(raw, stack));
    if (problems.length > 0 || !plain || !region) throw new ConfigError(problems);
    return { plain, region };
}
