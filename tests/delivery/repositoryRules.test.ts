/**
 * The repository's rulesets as the platform's stack records them, evaluated (rulesetModel.ts) against this repository's
 * own tracked files (`git ls-files`): the Image Updater bot may change the overlay kustomizations it writes digests into
 * and nothing the deployment runs (program, config, policy, lockfiles, workflows, deploy settings, other manifests);
 * a maintainer may push anything to a branch, and reaches a deployed branch only through a reviewed pull request.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { ROOT } from "../../harness/stackConfig";
import { botRestrictedPaths, repositoryRulesArgProblems } from "../../components/delivery/repositoryRules";
import { readDeploySettings } from "../../tools/deploySettings";
import { otherNames, pathMatches, restrictedPathsAllowingOnly, segmentMatches } from "../../lib/repositoryRules";
import { reveal } from "../graphHelpers";
import { recordedRulesets, refusal, RULESET, Ruleset } from "./rulesetModel";
import { formatProblem } from "../../lib/problems";

// Pulumi.main.yaml platform.repositoryRules (the stock IDs).
const BOT = { app: 100001 };
const MAINTAINER = { teams: [100002] };
const MAIN = "refs/heads/main";
const FEATURE = "refs/heads/feature/x";
/** Where Image Updater writes (writeBackTarget kustomization: the Application's own overlay). */
const BOT_FILE = /^kubernetes\/[^/]+\/overlays\/main\/kustomization\.yaml$/;

const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);

let main: ProgramRun;
let demo: ProgramRun;
let rulesets: Ruleset[];
beforeAll(async () => {
    main = await sharedProgramRun("main");
    demo = await sharedProgramRun("demo");
    rulesets = recordedRulesets(main.resources);
}, 120_000);

it("is the platform's stack's alone: main records three rulesets on its own GitHub provider, demo none", () => {
    expect(rulesets.map((r) => r.name).sort()).toEqual([
        "deployed-branch-history",
        "deployed-branch-review",
        "image-updater-paths",
    ]);
    expect(demo.resources.filter((r) => r.type === RULESET || r.type === "pulumi:providers:github")).toEqual([]);
    const provider = main.resources.filter((r) => r.type === "pulumi:providers:github");
    expect(provider).toHaveLength(1);
    expect(provider[0].inputs.owner).toBe("osprey-strike");
    // The token is the secret setting, never plain in the recorded inputs.
    expect(provider[0].inputs.token).not.toEqual(reveal(provider[0].inputs.token));
    expect(reveal(provider[0].inputs.token)).toBe("offline-placeholder-for-osprey-strike-githubToken");
});

describe("the Image Updater bot (a GitHub App, the review ruleset's one bypass actor)", () => {
    it("may push to main exactly the overlay kustomizations of main among the repository's tracked files", () => {
        const allowed = tracked.filter((f) => refusal(rulesets, BOT, MAIN, f) === undefined);
        expect(allowed).toEqual(tracked.filter((f) => BOT_FILE.test(f)));
        expect(allowed).toEqual([
            "kubernetes/api/overlays/main/kustomization.yaml",
            "kubernetes/mcp/overlays/main/kustomization.yaml",
            "kubernetes/mock/overlays/main/kustomization.yaml",
            "kubernetes/web/overlays/main/kustomization.yaml",
        ]);
    });

    it("is refused every file the deployment runs: program, config, policy, lockfiles, workflows, deploy settings, other manifests", () => {
        const mustRefuse = [
            "index.ts",
            "wiring.ts",
            "components/delivery/deployRoles.ts",
            "config/settings.ts",
            "lib/naming.ts",
            "functions/cloudflareIpSync.ts",
            "policy/policies.ts",
            "package.json",
            "package-lock.json",
            "policy/package-lock.json",
            "Pulumi.yaml",
            "Pulumi.main.yaml",
            "Pulumi.main.deploy.yaml",
            "Pulumi.demo.deploy.yaml",
            ".github/workflows/ci.yml",
            "kubernetes/api/base/kustomization.yaml",
            "kubernetes/api/overlays/main/deployment-env.yaml",
            "kubernetes/api/overlays/demo/kustomization.yaml",
            "kubernetes/components/alb-main/kustomization.yaml",
        ];
        expect(mustRefuse.filter((f) => !tracked.includes(f))).toEqual([]);
        for (const f of mustRefuse)
            expect([f, refusal(rulesets, BOT, MAIN, f)]).toEqual([f, expect.stringContaining("image-updater-paths")]);
        // The same on any other branch: the push ruleset holds for every push, not only to main.
        expect(tracked.filter((f) => !BOT_FILE.test(f) && !refusal(rulesets, BOT, FEATURE, f))).toEqual([]);
    });

    it("is refused files that do not exist yet, wherever they would go (new program files, dot files, other names in the overlay)", () => {
        const fresh = [
            "new.ts",
            ".npmrc",
            ".github/workflows/release.yml",
            "components/delivery/new.ts",
            "policy/.hidden/rule.ts",
            "components/a/.b/c.ts",
            "kubernetes/README2.md",
            "kubernetes/api/base/extra.yaml",
            "kubernetes/api/overlays/main/patch.yaml",
            "kubernetes/api/overlays/main/kustomization.yml",
            "kubernetes/api/overlays/main/Kustomization.yaml",
            "kubernetes/api/overlays/main/kustomization.yaml.bak",
            "kubernetes/api/overlays/main/sub/kustomization.yaml",
            "kubernetes/api/overlays/main/.kustomization.yaml",
            "kubernetes/api/overlays/mainx/kustomization.yaml",
            "kubernetes/api/overlayz/main/kustomization.yaml",
            "kubernetes/.x/overlays/main/kustomization.yaml",
            "kubernetez/api/overlays/main/kustomization.yaml",
            "x/kubernetes/api/overlays/main/kustomization.yaml",
        ];
        expect(fresh.filter((f) => refusal(rulesets, BOT, MAIN, f) === undefined)).toEqual([]);
        // A new app's overlay is the bot's like the others' (the template names any app).
        expect(refusal(rulesets, BOT, MAIN, "kubernetes/new-app/overlays/main/kustomization.yaml")).toBeUndefined();
    });

    it("writes where the recorded ImageUpdater writes: every Application it updates has its kustomization allowed, on a branch the review ruleset names", () => {
        const updater = main.resources.find(
            (r) => r.type === "kubernetes:argocd-image-updater.argoproj.io/v1alpha1:ImageUpdater",
        );
        const spec = reveal(updater?.inputs.spec) as {
            writeBackConfig: { gitConfig: { branch: string; writeBackTarget: string } };
            applicationRefs: { namePattern: string }[];
        };
        expect(spec.writeBackConfig.gitConfig.writeBackTarget).toBe("kustomization");
        const review = rulesets.find((r) => r.name === "deployed-branch-review")!;
        expect(review.includes).toContain(`refs/heads/${spec.writeBackConfig.gitConfig.branch}`);
        const apps = main.resources.filter((r) => r.type === "kubernetes:argoproj.io/v1alpha1:Application");
        const paths = spec.applicationRefs.map((ref) => {
            const app = apps.find((a) => (reveal(a.inputs.metadata) as { name: string }).name === ref.namePattern);
            return `${(reveal(app?.inputs.spec) as { source: { path: string } }).source.path}/kustomization.yaml`;
        });
        expect(paths.length).toBe(4);
        for (const p of paths) expect([p, refusal(rulesets, BOT, MAIN, p)]).toEqual([p, undefined]);
    });
});

describe("a maintainer (the team that bypasses the push ruleset)", () => {
    it("may push every tracked file to a branch of their own", () => {
        expect(tracked.filter((f) => refusal(rulesets, MAINTAINER, FEATURE, f) !== undefined)).toEqual([]);
    });
    it("reaches main only through a reviewed pull request: no direct push of any file", () => {
        expect(
            tracked.filter((f) => !refusal(rulesets, MAINTAINER, MAIN, f)?.includes("deployed-branch-review")),
        ).toEqual([]);
        const review = rulesets.find((r) => r.name === "deployed-branch-review")!;
        expect(review.pullRequest?.requiredApprovingReviewCount).toBe(1);
        expect(review.bypass).toEqual([{ actorType: "Integration", actorId: BOT.app, bypassMode: "always" }]);
    });
    it("someone in no team at all may push no tracked file but the overlay kustomizations", () => {
        expect(tracked.filter((f) => !BOT_FILE.test(f) && !refusal(rulesets, { teams: [] }, FEATURE, f))).toEqual([]);
    });
});

describe("the deployed branches", () => {
    it("are main (deployed on push by Pulumi.main.deploy.yaml) and the branch Argo CD tracks, each under review and history", () => {
        const deploy = readDeploySettings(join(ROOT, "Pulumi.main.deploy.yaml"));
        const branch = deploy.sourceContext?.git?.branch;
        expect(branch).toBe(MAIN);
        for (const name of ["deployed-branch-review", "deployed-branch-history"])
            expect(rulesets.find((r) => r.name === name)!.includes).toContain(branch);
    });
    it("can be neither deleted nor force-pushed, by anyone: the history ruleset has no bypass actor", () => {
        const history = rulesets.find((r) => r.name === "deployed-branch-history")!;
        expect(history).toMatchObject({ target: "branch", deletion: true, nonFastForward: true, bypass: [] });
    });
    it("are the only refs the branch rulesets name, and the push ruleset is the bot's only confinement (it bypasses nothing else)", () => {
        const botBypasses = rulesets.filter((r) => r.bypass.some((b) => b.actorType === "Integration"));
        expect(botBypasses.map((r) => r.name)).toEqual(["deployed-branch-review"]);
    });
});

describe("the fnmatch complement (pure)", () => {
    it("matches File.fnmatch's FNM_PATHNAME reading on known answers (GitHub docs' qa/* and qa/**/* examples)", () => {
        expect(pathMatches("qa/*", "qa/foo")).toBe(true);
        expect(pathMatches("qa/*", "qa/foo/bar")).toBe(false);
        expect(pathMatches("qa/**/*", "qa/foo/bar/foobar/hello-world")).toBe(true);
        expect(pathMatches("qa/**/*", "qa/x")).toBe(true);
        expect(pathMatches("*", ".github")).toBe(false);
        expect(segmentMatches("[a-jl-z]*", "kustomization.yaml")).toBe(false);
        expect(segmentMatches("[a-jl-z]*", "ingress.yaml")).toBe(true);
    });
    it("otherNames(n) matches every name but n: all names of up to 5 characters over a small alphabet, against 'main'", () => {
        const alphabet = ["a", "i", "m", "n", "x", ".", "-"];
        let names = [""];
        const all: string[] = [];
        for (let len = 1; len <= 5; len++) {
            names = names.flatMap((n) => alphabet.map((c) => n + c));
            all.push(...names);
        }
        const patterns = otherNames("main");
        const wrong = all.filter(
            (n) => n !== "." && n !== ".." && patterns.some((p) => segmentMatches(p, n)) !== (n !== "main"),
        );
        expect(wrong).toEqual([]);
    });
    it("refuses a template that is not one", () => {
        expect(() => restrictedPathsAllowingOnly("kubernetes/**/kustomization.yaml")).toThrow(/not a path template/);
        expect(() => otherNames("a*b")).toThrow(/not a literal/);
    });
    it("with no Image Updater the bot may push nothing", () => {
        const none = botRestrictedPaths([]);
        expect(tracked.filter((f) => !none.some((p) => pathMatches(p, f)))).toEqual([]);
    });
    it("the component refuses inconsistent args, naming each field", () => {
        expect(
            repositoryRulesArgProblems({
                repository: "a/b",
                deployedBranches: [],
                botPaths: ["a/b", "c/d"],
                botAppId: 0,
                maintainersTeamId: 1.5,
                requiredApprovals: 0,
            }).map(formatProblem),
        ).toEqual([
            'repository: "a/b" is not a GitHub repository name',
            "deployedBranches: name at least one branch",
            "botPaths: 2 templates; the bot writes into one environment's overlays (gitops.imageUpdates is main's alone)",
            "botAppId: 0 is not a GitHub ID (a positive integer)",
            "maintainersTeamId: 1.5 is not a GitHub ID (a positive integer)",
            "requiredApprovals: 0 must be an integer from 1 to 10",
        ]);
    });
});
