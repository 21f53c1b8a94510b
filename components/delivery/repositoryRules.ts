/**
 * The repository's rules as code (docs/delivery.md): what may reach the deployed branch, and what the Image Updater
 * bot may push at all. Owned by the platform's stack; GitHub rulesets of the one repository that holds both this
 * program and the Kustomize tree.
 *
 * - Review: every change to the deployed branch(es) comes through a pull request with approvals. The bot is the one
 *   bypass actor: Image Updater's git write-back pushes its digest commit straight to the branch Argo CD tracks (it
 *   opens no pull request), so without the bypass it could not write at all.
 * - History: no deletion and no force push of those branches, for everyone (no bypass actor): a bot that bypasses
 *   review still cannot move the branch back to an older program.
 * - Bot paths: a push ruleset (every branch, the whole fork network) that refuses every file but the overlay
 *   kustomizations the bot writes digests into (lib/repositoryRules.ts). Its bypass actors are the maintainers' team,
 *   so people still push anything to their branches (and reach the deployed branch only by review); the bot is not one.
 *
 * The bot is a GitHub App (actor type Integration): a repository role's bypass covers users with that role, never an
 * App, so the maintainers' bypass cannot extend to it. Push rulesets need a private or internal repository on GitHub
 * Team or Enterprise Cloud (GitHub docs, "About rulesets").
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { restrictedPathsAllowingOnly, subtree } from "../../lib/repositoryRules";
import { problem, Problem } from "../../lib/problems";
import { refuseInvalidArgs } from "../invalidArgs";

export interface RepositoryRulesArgs {
    /** The repository's name (the provider's `owner` is its organization). */
    repository: string;
    /** The branches a merge deploys from: Pulumi Deployments' deployCommits branch and the branch Argo CD tracks. */
    deployedBranches: string[];
    /**
     * Files the bot may change, as a path template (lib/repositoryRules.ts): the overlays it writes digests into. Empty:
     * no Image Updater, so the bot bypasses nothing and may push no file at all.
     */
    botPaths: string[];
    /** The Image Updater bot's GitHub App ID (its git credentials are that App's installation). */
    botAppId: number;
    /** The team whose members may push any file to any branch (and reach a deployed branch only by review). */
    maintainersTeamId: number;
    /** Approvals a pull request to a deployed branch needs (GitHub: 0 to 10; at least 1 here). */
    requiredApprovals: number;
}

/** Every problem with the args, each naming its field (a top-level component: it checks its own args). */
export function repositoryRulesArgProblems(args: RepositoryRulesArgs): Problem[] {
    const problems: Problem[] = [];
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(args.repository))
        problems.push(problem("repository", `"${args.repository}" is not a GitHub repository name`));
    if (args.deployedBranches.length === 0) problems.push(problem("deployedBranches", "name at least one branch"));
    if (args.botPaths.length > 1)
        problems.push(
            problem(
                "botPaths",
                `${args.botPaths.length} templates; the bot writes into one environment's overlays (gitops.imageUpdates is main's alone)`,
            ),
        );
    for (const [k, v] of [
        ["botAppId", args.botAppId],
        ["maintainersTeamId", args.maintainersTeamId],
    ] as const)
        if (!Number.isInteger(v) || v < 1) problems.push(problem(k, `${v} is not a GitHub ID (a positive integer)`));
    if (!Number.isInteger(args.requiredApprovals) || args.requiredApprovals < 1 || args.requiredApprovals > 10)
        problems.push(problem("requiredApprovals", `${args.requiredApprovals} must be an integer from 1 to 10`));
    return problems;
}

/** GitHub's bypass actor of an App (REST "Create a repository ruleset": actor_type Integration, actor_id the App's ID). */
const app = (id: number) => ({ actorType: "Integration", actorId: id, bypassMode: "always" });
const team = (id: number) => ({ actorType: "Team", actorId: id, bypassMode: "always" });

/** The push ruleset's restricted paths: everything but the bot's template, or everything. */
export const botRestrictedPaths = (botPaths: string[]): string[] =>
    botPaths.length === 1 ? restrictedPathsAllowingOnly(botPaths[0]) : ["*", ".*", ...subtree("*"), ...subtree(".*")];

export class RepositoryRules extends pulumi.ComponentResource {
    constructor(name: string, args: RepositoryRulesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:delivery:RepositoryRules", name, { repository: args.repository }, opts);
        refuseInvalidArgs(this, "RepositoryRules", name, repositoryRulesArgProblems(args));
        const parent = { parent: this };
        const refs = { refName: { includes: args.deployedBranches.map((b) => `refs/heads/${b}`), excludes: [] } };

        new github.RepositoryRuleset(
            `${name}-review`,
            {
                repository: args.repository,
                name: "deployed-branch-review",
                target: "branch",
                enforcement: "active",
                conditions: refs,
                rules: {
                    pullRequest: {
                        requiredApprovingReviewCount: args.requiredApprovals,
                        dismissStaleReviewsOnPush: true,
                        requireLastPushApproval: true,
                        requiredReviewThreadResolution: true,
                    },
                },
                // The bot's digest commits only; bounded by the push ruleset below to the overlay kustomizations.
                bypassActors: args.botPaths.length > 0 ? [app(args.botAppId)] : [],
            },
            parent,
        );
        new github.RepositoryRuleset(
            `${name}-history`,
            {
                repository: args.repository,
                name: "deployed-branch-history",
                target: "branch",
                enforcement: "active",
                conditions: refs,
                rules: { deletion: true, nonFastForward: true },
                bypassActors: [],
            },
            parent,
        );
        new github.RepositoryRuleset(
            `${name}-bot-paths`,
            {
                repository: args.repository,
                name: "image-updater-paths",
                target: "push",
                enforcement: "active",
                rules: {
                    filePathRestriction: { restrictedFilePaths: botRestrictedPaths(args.botPaths) },
                },
                // People (the maintainers' team) push anything to their branches; the bot is not listed.
                bypassActors: [team(args.maintainersTeamId)],
            },
            parent,
        );
        this.registerOutputs({});
    }
}
