/**
 * .github/workflows/ci.yml, shape-checked (GitHub cannot run here): the tests on every pull request with the README's
 * test command, the policy-checked preview only where credentials exist, id-token: write only on that job.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { readDeploySettings } from "../../tools/deploySettings";

const ROOT = join(__dirname, "..", "..");
interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
}
interface Job {
    "runs-on": string;
    needs?: string;
    if?: string;
    permissions?: Record<string, string>;
    strategy?: { matrix: Record<string, string[]> };
    steps: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
}
const wf = parse(readFileSync(join(ROOT, ".github", "workflows", "ci.yml"), "utf8")) as Workflow;
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").filter(Boolean);

describe(".github/workflows/ci.yml", () => {
    it("runs on every pull request (no branch or path filter) and on pushes to main", () => {
        expect(wf.on.pull_request ?? null).toBeNull();
        expect(wf.on.push).toEqual({ branches: ["main"] });
    });

    it("grants read only by default; id-token: write only to the preview job", () => {
        expect(wf.permissions).toEqual({ contents: "read" });
        for (const [name, job] of Object.entries(wf.jobs)) {
            if (name === "preview") expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
            else expect(job.permissions?.["id-token"]).toBeUndefined();
        }
    });

    it("tests with the README's command on a clean install (the same as .ci/run)", () => {
        const readmeCommand = /^npm test\s+#/m.exec(readme)?.[0].split("#")[0].trim();
        expect(readmeCommand).toBe("npm test");
        const test = runs(wf.jobs.test);
        expect(test[test.length - 1]).toBe(readmeCommand);
        expect(test[0]).toMatch(/^npm ci\b/);
        expect(readFileSync(join(ROOT, ".ci", "run"), "utf8")).toMatch(/\nnpm test\n/);
        const node = wf.jobs.test.steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["node-version"];
        const engines = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
        expect(Number(node)).toBeGreaterThanOrEqual(Number(/\d+/.exec(engines)?.[0]));
    });

    it("previews only where credentials exist: pull requests of this repository, once the org is set, after the tests", () => {
        const p = wf.jobs.preview;
        expect(p.needs).toBe("test");
        expect(p.if).toContain("github.event_name == 'pull_request'");
        expect(p.if).toContain("vars.PULUMI_ORGANIZATION != ''");
        expect(p.if).toContain("github.event.pull_request.head.repo.full_name == github.repository"); // forks get no OIDC token
    });

    it("trades GitHub's OIDC token for a Pulumi token (no stored secret) and runs the stack's policy-checked preview on the agent", () => {
        const p = wf.jobs.preview;
        expect(JSON.stringify(wf)).not.toMatch(/secrets\./);
        const auth = p.steps.find((s) => s.uses?.startsWith("pulumi/auth-actions@"));
        expect(auth?.with).toEqual({
            organization: "${{ vars.PULUMI_ORGANIZATION }}",
            "requested-token-type": "urn:pulumi:token-type:access_token:organization",
        });
        expect(p.strategy?.matrix.stack).toEqual(["main", "demo"]);
        const cli = p.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))?.with?.["pulumi-version"];
        const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
        expect(cli).toBe(pkg.dependencies["@pulumi/pulumi"]);
        const [preview] = runs(p);
        expect(preview).toMatch(/^pulumi deployment run preview --stack "\$\{\{ vars\.PULUMI_ORGANIZATION \}\}\/osprey-strike\/\$\{\{ matrix\.stack \}\}"/);
        expect(preview).toContain("--remote-inherit-settings");
        expect(preview).toContain('--remote-git-commit "${{ github.event.pull_request.head.sha }}"');
        // The inherited settings are what make it policy-checked: each stack's file runs the pack.
        for (const stack of p.strategy?.matrix.stack ?? []) {
            expect(readDeploySettings(join(ROOT, `Pulumi.${stack}.deploy.yaml`)).operationContext?.preRunCommands?.join("\n")).toContain(
                "--policy-pack policy",
            );
        }
    });
});
