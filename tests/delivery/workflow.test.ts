/**
 * .github/workflows/ci.yml, shape-checked (GitHub cannot run here), and the CI role it would otherwise lean on:
 * the tests on every pull request with the README's test command; both offline plans on every pull request, printed into
 * the job summary (run here with a stand-in npm); no job that can mint a token (no `id-token: write`, no Pulumi
 * organization token), since a pull request runs its own version of this file; every action pinned by full commit SHA;
 * and the application repository's GitHub CI role trusting the main branch only (components/platform/ciIdentity.ts).
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync, chmodSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { githubTrustPolicy } from "../../components/platform/ciIdentity";
import { ENVIRONMENTS } from "../../lib/naming";
import { problemsOf, rawOf } from "../config/helpers";

const ROOT = join(__dirname, "..", "..");
interface Step {
    name?: string;
    uses?: string;
    run?: string;
    env?: Record<string, string>;
    with?: Record<string, unknown>;
}
interface Job {
    "runs-on": string;
    needs?: string;
    if?: string;
    permissions?: Record<string, string> | string;
    strategy?: { matrix: Record<string, string[]> };
    steps: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions: Record<string, string> | string;
    jobs: Record<string, Job>;
}
const text = readFileSync(join(ROOT, ".github", "workflows", "ci.yml"), "utf8");
const wf = parse(text) as Workflow;
/** The file without its comment lines (the header explains what the file must not hold, in the same words). */
const code = text
    .split("\n")
    .filter((l) => !/^\s*#/.test(l))
    .join("\n");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").filter(Boolean);
const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

/**
 * The commits the tags pointed to when they were read at the source (`fetch github:<repo>`, then
 * `git rev-list -n1 <tag>`, 2026-12-06). A SHA not listed here was not checked: add it with its tag after reading it.
 */
const PINNED: Record<string, { sha: string; tag: string }> = {
    "actions/checkout": { sha: "11d5960a326750d5838078e36cf38b85af677262", tag: "v4.4.0" },
    "actions/setup-node": { sha: "49933ea5288caeca8642d1e84afbd3f7d6820020", tag: "v4.4.0" },
};

describe(".github/workflows/ci.yml", () => {
    it("runs on every pull request (no branch or path filter) and on pushes to main", () => {
        expect(wf.on.pull_request ?? null).toBeNull();
        expect(wf.on.push).toEqual({ branches: ["main"] });
        expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push"]); // never pull_request_target (base-repository rights)
    });

    it("grants read only, and no job may mint an OIDC token (a pull request runs its own version of this file)", () => {
        expect(wf.permissions).toEqual({ contents: "read" });
        for (const [name, job] of Object.entries(wf.jobs)) {
            expect([
                name,
                job.permissions === undefined ||
                    (typeof job.permissions === "object" && !("id-token" in job.permissions)),
            ]).toEqual([name, true]);
        }
        expect(code).not.toMatch(/id-token\s*:/);
        expect(code).not.toMatch(/write-all/);
    });

    it("asks for no Pulumi token and uses no stored secret (organization tokens are admin)", () => {
        expect(code).not.toContain("access_token:organization");
        expect(code).not.toMatch(/requested-token-type/);
        expect(steps.filter((s) => s.uses?.startsWith("pulumi/"))).toEqual([]);
        expect(code).not.toMatch(/secrets\./);
    });

    it("pins every action by full commit SHA, the tag in a comment, each SHA as read at the source", () => {
        const uses = steps.map((s) => s.uses).filter((u): u is string => u !== undefined);
        expect(uses.length).toBeGreaterThanOrEqual(4);
        for (const u of uses) {
            const [action, ref] = u.split("@");
            expect([u, /^[0-9a-f]{40}$/.test(ref ?? "")]).toEqual([u, true]);
            expect([u, PINNED[action]?.sha]).toEqual([u, ref]);
        }
        const lines = text.split("\n").filter((l) => /^\s*-?\s*uses:/.test(l));
        expect(lines).toHaveLength(uses.length);
        for (const l of lines) {
            const action = /uses:\s*([^@\s]+)@/.exec(l)?.[1] ?? "";
            expect(l).toMatch(new RegExp(`@[0-9a-f]{40} # ${PINNED[action]?.tag.replace(/\./g, "\\.")}$`));
        }
        // checkout leaves no GITHUB_TOKEN in .git/config for later steps (npm lifecycle scripts of the branch) to read.
        for (const s of steps.filter((s) => s.uses?.startsWith("actions/checkout@")))
            expect(s.with?.["persist-credentials"]).toBe(false);
    });

    it("tests with the README's command on a clean install (the same as .ci/run)", () => {
        const readmeCommand = /^npm test\s+#/m.exec(readme)?.[0].split("#")[0].trim();
        expect(readmeCommand).toBe("npm test");
        const test = runs(wf.jobs.test);
        expect(test[test.length - 1]).toBe(readmeCommand);
        expect(test[0]).toMatch(/^npm ci\b/);
        expect(readFileSync(join(ROOT, ".ci", "run"), "utf8")).toMatch(/\nnpm test\n/);
        const node = wf.jobs.test.steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["node-version"];
        const engines = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } })
            .engines.node;
        expect(Number(node)).toBeGreaterThanOrEqual(Number(/\d+/.exec(engines)?.[0]));
    });

    describe("pull requests run both offline plans, into the job summary", () => {
        const plan = wf.jobs.plan;
        const step = plan?.steps.find((s) => s.run?.includes("npm run --silent plan"));

        it("one job per stack, on pull requests, after a clean install, with no credentials", () => {
            expect(plan?.if).toBe("github.event_name == 'pull_request'");
            expect(plan?.strategy?.matrix.stack).toEqual([...ENVIRONMENTS]);
            expect(runs(plan)[0]).toMatch(/^npm ci\b/);
            expect(step?.env).toEqual({ STACK: "${{ matrix.stack }}" }); // the matrix value reaches the shell as data, not script
            expect(step?.run).toContain('npm run --silent plan -- --stack "$STACK"');
            expect(step?.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
        });

        // The step's script, run here with a stand-in npm: the summary gets the plan's output and the job fails with its exit code.
        const runStep = (exitCode: number) => {
            const dir = mkdtempSync(join(tmpdir(), "ci-plan-"));
            try {
                const bin = join(dir, "bin");
                spawnSync("mkdir", [bin]);
                writeFileSync(
                    join(bin, "npm"),
                    `#!/bin/bash\necho "plan args: $*"\necho "resources: 42"\nexit ${exitCode}\n`,
                );
                chmodSync(join(bin, "npm"), 0o755);
                const summary = join(dir, "summary.md");
                const r = spawnSync("bash", ["-e", "-c", step?.run ?? "exit 99"], {
                    cwd: dir,
                    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, STACK: "demo", GITHUB_STEP_SUMMARY: summary },
                    stdio: ["ignore", "pipe", "pipe"], // a socket as stdin makes bash read ~/.bashrc
                    encoding: "utf8",
                });
                return { status: r.status, stdout: r.stdout, summary: readFileSync(summary, "utf8") };
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
        };

        it("prints the plan of the stack into the summary and passes on exit 0", () => {
            const r = runStep(0);
            expect(r.status).toBe(0);
            expect(r.stdout).toContain("plan args: run --silent plan -- --stack demo");
            expect(r.summary).toContain("### Offline plan of stack demo (exit 0)");
            expect(r.summary).toMatch(/```text\nplan args: run --silent plan -- --stack demo\nresources: 42\n```/);
        });

        it("still prints the plan, and fails the job, on a policy violation (exit 3)", () => {
            const r = runStep(3);
            expect(r.status).toBe(3);
            expect(r.summary).toContain("(exit 3)");
            expect(r.summary).toContain("resources: 42");
        });
    });
});

describe("the application repository's GitHub CI role (components/platform/ciIdentity.ts)", () => {
    const provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

    it("trusts one exact subject: the repository's main branch, never a pull request or a wildcard", () => {
        const [st, ...rest] = githubTrustPolicy(provider, "osprey-strike/osprey-strike", "main").Statement;
        expect(rest).toEqual([]);
        expect(Object.keys(st.Condition)).toEqual(["StringEquals"]);
        expect(st.Condition.StringEquals).toEqual({
            "token.actions.githubusercontent.com:sub": "repo:osprey-strike/osprey-strike:ref:refs/heads/main",
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        });
    });

    it("refuses a wildcard or pull_request subject, in the component and in the settings", () => {
        for (const [repo, branch] of [
            ["osprey-strike/osprey-strike", "*"],
            ["osprey-strike/osprey-strike", "feature/*"],
            ["osprey-strike/*", "main"],
            ["osprey-strike/osprey-strike:pull_request", "main"],
            ["osprey-strike/osprey-strike", "main:pull_request"],
        ])
            expect(() => githubTrustPolicy(provider, repo, branch)).toThrow(/CI role/);
        const main = rawOf("main");
        const platform = JSON.parse(main.platform) as { ci?: Record<string, string> };
        const withCi = (ci: Record<string, string>) => ({
            ...main,
            platform: JSON.stringify({ ...platform, ci: { ...platform.ci, ...ci } }),
        });
        expect(problemsOf(withCi({ branch: "*" })).join("\n")).toMatch(
            /ci\.branch.*not a branch name \(no wildcards\)/,
        );
        expect(problemsOf(withCi({ repository: "osprey-strike/*" })).join("\n")).toMatch(/ci\.repository/);
    });
});
