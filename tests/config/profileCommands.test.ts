/**
 * Profiles outside the plan: `npm run plan -- --stack <s> --profile lean --print-config` prints the `pulumi config set
 * --path` commands (config/profiles.ts profileConfigCommands). Replaying them on an empty config gives back exactly the
 * overlay the plan applies, and merged over the stock stack file they parse. Pure.
 */
import { mergeOverlay, PROFILES, profileConfigCommands } from "../../config/profiles";
import { parseConfig } from "../../config/parse";
import { rawOf } from "./helpers";

/** What the commands leave in a stack's config, as Pulumi's --path semantics describe (set; rm of a whole key). */
function replay(commands: string[]): Record<string, unknown> {
    const cfg: Record<string, unknown> = {};
    const unquote = (s: string) => s.replace(/^'(.*)'$/, "$1");
    for (const c of commands) {
        const m = /^pulumi config (set|rm) --path (\S+)(?: (\S+))?(?: --type (\w+))? --stack (\w+)$/.exec(c);
        if (!m) throw new Error(`not a config command: ${c}`);
        const path = unquote(m[2])
            .replace(/^osprey-strike:/, "")
            .split(/\.|\[(\d+)\]/)
            .filter((p) => p);
        const last = path.pop()!;
        let at = cfg as Record<string, unknown>;
        for (const p of path)
            at = (at[p] ??= /^\d+$/.test(path[path.indexOf(p) + 1] ?? last) ? [] : {}) as Record<string, unknown>;
        if (m[1] === "rm") delete at[last];
        else {
            const text = unquote(m[3]);
            at[last] =
                m[4] === "string"
                    ? text
                    : text === "true"
                      ? true
                      : text === "false"
                        ? false
                        : /^-?\d+$/.test(text)
                          ? Number(text)
                          : text;
        }
    }
    return cfg;
}

describe("profile config commands", () => {
    it.each([["main" as const], ["demo" as const]])(
        "for stack %s replay to the lean overlay and parse over the stock file",
        (stack) => {
            const commands = profileConfigCommands("lean", stack, stack);
            expect(commands.length).toBeGreaterThan(0);
            for (const c of commands)
                expect(c).toMatch(new RegExp(`^pulumi config (set|rm) --path .* --stack ${stack}$`));
            expect(replay(commands)).toEqual(PROFILES.lean[stack]);
            const raw: Record<string, string> = rawOf(stack);
            const merged = Object.fromEntries(
                Object.entries(raw).map(([k, v]) => [
                    k,
                    k in PROFILES.lean[stack]
                        ? JSON.stringify(mergeOverlay(JSON.parse(v), PROFILES.lean[stack][k]))
                        : v,
                ]),
            );
            for (const k of Object.keys(PROFILES.lean[stack]))
                if (!(k in raw)) merged[k] = JSON.stringify(PROFILES.lean[stack][k]);
            expect(() => parseConfig(merged, stack)).not.toThrow();
        },
    );

    it("remove a list before setting its items (the profile's list replaces the stack file's), and the default profile needs none", () => {
        const commands = profileConfigCommands("lean", "main", "main");
        const rm = commands.indexOf(
            "pulumi config rm --path osprey-strike:platform.cluster.nodeGroup.instanceTypes --stack main",
        );
        expect(rm).toBeGreaterThanOrEqual(0);
        expect(commands[rm + 1]).toBe(
            "pulumi config set --path 'osprey-strike:platform.cluster.nodeGroup.instanceTypes[0]' t4g.medium --stack main",
        );
        expect(commands).toContain("pulumi config set --path osprey-strike:platform.network.ipv6 true --stack main");
        expect(profileConfigCommands("default", "main", "main")).toEqual([]);
    });
});
