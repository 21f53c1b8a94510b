/**
 * A model of how GitHub decides a push under a repository's rulesets (GitHub docs, "About rulesets" and "Creating
 * rulesets for a repository"), evaluated on the rulesets the program records:
 * - every ruleset that applies to the push is enforced, unless the pusher is one of its bypass actors (bypass is per
 *   ruleset: bypassing one leaves the others in force);
 * - a branch ruleset applies to a push to a ref its conditions include; a push ruleset applies to every push;
 * - a pull_request rule refuses a direct push to the branch (the change must come through a reviewed pull request);
 * - file_path_restriction refuses a push that changes a file one of its patterns matches (File.fnmatch, FNM_PATHNAME,
 *   read without FNM_DOTMATCH: lib/repositoryRules.ts pathMatches, the narrowest reading).
 */
import type { RecordedResource } from "../../harness/graph";
import { pathMatches } from "../../lib/repositoryRules";

export const RULESET = "github:index/repositoryRuleset:RepositoryRuleset";

export interface Ruleset {
    name: string;
    target: "branch" | "push" | "tag";
    includes: string[];
    bypass: { actorType: string; actorId?: number; bypassMode: string }[];
    pullRequest?: { requiredApprovingReviewCount?: number };
    restrictedFilePaths: string[];
    deletion: boolean;
    nonFastForward: boolean;
}

/** The rulesets of a recorded run, as GitHub would read them. */
export function recordedRulesets(resources: RecordedResource[]): Ruleset[] {
    return resources
        .filter((r) => r.type === RULESET)
        .map((r) => {
            const i = r.inputs as {
                name: string;
                target: Ruleset["target"];
                conditions?: { refName?: { includes?: string[] } };
                bypassActors?: Ruleset["bypass"];
                rules: {
                    pullRequest?: Ruleset["pullRequest"];
                    filePathRestriction?: { restrictedFilePaths?: string[] };
                    deletion?: boolean;
                    nonFastForward?: boolean;
                };
            };
            return {
                name: i.name,
                target: i.target,
                includes: i.conditions?.refName?.includes ?? [],
                bypass: i.bypassActors ?? [],
                pullRequest: i.rules.pullRequest,
                restrictedFilePaths: i.rules.filePathRestriction?.restrictedFilePaths ?? [],
                deletion: i.rules.deletion === true,
                nonFastForward: i.rules.nonFastForward === true,
            };
        });
}

/** Who pushes: a GitHub App (its installation token), or a person in some teams. */
export type Pusher = { app: number } | { teams: number[] };

const bypasses = (p: Pusher, r: Ruleset): boolean =>
    r.bypass.some((b) =>
        "app" in p
            ? b.actorType === "Integration" && b.actorId === p.app
            : b.actorType === "Team" && b.actorId !== undefined && p.teams.includes(b.actorId),
    );

/** Why GitHub refuses a direct push of a change to `file` on `ref` by `pusher`, or undefined when it lets it in. */
export function refusal(rulesets: Ruleset[], pusher: Pusher, ref: string, file: string): string | undefined {
    for (const r of rulesets) {
        if (bypasses(pusher, r)) continue;
        if (r.target === "push") {
            const p = r.restrictedFilePaths.find((pattern) => pathMatches(pattern, file));
            if (p) return `${r.name}: ${file} matches ${p}`;
        } else if (r.target === "branch" && r.includes.includes(ref) && r.pullRequest) {
            return `${r.name}: ${ref} takes changes only through a reviewed pull request`;
        }
    }
    return undefined;
}
