/**
 * The platform's own secrets (config/settings.ts PLATFORM_SECRETS): githubToken is required of the platform's stack
 * while it manages the repository's rulesets, and refused in any other stack (demo may not hold a token that edits
 * main's rules); the rulesets need a GitHub repository.
 */
import { parseConfig } from "../../config/parse";
import { problemsOf, rawOf } from "./helpers";

const withRules = (raw: Record<string, string | undefined>, rules: Record<string, unknown>) => {
    const platform = JSON.parse(raw.platform ?? "{}") as Record<string, unknown>;
    return {
        ...raw,
        platform: JSON.stringify({
            ...platform,
            repositoryRules: { ...(platform.repositoryRules as object), ...rules },
        }),
    };
};

it("the stock stacks parse: main holds the token (the harness's placeholder), demo does not", () => {
    expect(rawOf("main").githubToken).toMatch(/^offline-placeholder-for-/);
    expect(rawOf("demo").githubToken).toBeUndefined();
    expect(parseConfig(rawOf("main"), "main").platform?.repositoryRules).toEqual({
        enabled: true,
        botAppId: 100001,
        maintainersTeamId: 100002,
        requiredApprovals: 1,
    });
});

it("refuses main without the token while the rulesets are on, naming the key and the command", () => {
    const { githubToken: _token, ...raw } = rawOf("main");
    expect(problemsOf(raw)).toEqual([
        expect.stringMatching(
            /^osprey-strike:githubToken: missing \(platform\.repositoryRules\.enabled is true\); set it with `pulumi config set --secret osprey-strike:githubToken <value> --stack main`/,
        ),
    ]);
    expect(problemsOf(withRules(raw, { enabled: false }))).toEqual([]);
});

it("refuses the token in a stack that does not own the platform", () => {
    expect(problemsOf({ ...rawOf("demo"), githubToken: "x" })).toEqual([
        expect.stringMatching(/^osprey-strike:githubToken: set in stack "demo", which does not own the platform/),
    ]);
});

it("refuses the rulesets on a repository that is not GitHub's, and IDs that are not positive integers", () => {
    expect(problemsOf({ ...rawOf("main"), gitops: JSON.stringify({ repoUrl: "https://gitlab.com/a/b.git" }) })).toEqual(
        [expect.stringMatching(/^osprey-strike:platform\.repositoryRules\.enabled: the rulesets are GitHub's/)],
    );
    expect(problemsOf(withRules(rawOf("main"), { botAppId: 0 })).join("\n")).toMatch(/botAppId: 0 is out of range/);
});
