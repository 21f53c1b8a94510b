/**
 * docs/first-deploy.md "First deploy" is rendered from lib/firstDeploy.ts, and the rehearsal (harness/rehearsal.ts, `npm run plan --
 * --first-deploy`) walks it on the mock cloud: one real rehearsal (six whole-program passes in two child processes), then
 * the ways an order can be wrong, checked against the passes that rehearsal recorded (a step moved, a command dropped,
 * the hand-over left out), each of which must be refused with the reason an operator would meet. Those re-judge the runs
 * made in the written order, so they show what the checks catch from the graphs (needs, CRDs, tunnel, roles, destroys);
 * what only a run in the new order would show (a lookup that fails) is the mock's to refuse, tested below on its own.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FIRST_DEPLOY, firstDeployMarkdown, passCommand, Step } from "../../lib/firstDeploy";
import {
    applyConfigChange,
    checkSequence,
    handoverProblems,
    PassRun,
    rehearseFirstDeploy,
    RehearsalResult,
} from "../../harness/rehearsal";
import { functionModels } from "../../harness/models/calls";
import { MOCK_ACCOUNT_ID, MockContext } from "../../harness/mockCloud";
import { rehearsalReport } from "../../tools/planReport";

const PAGE = readFileSync(join(__dirname, "..", "..", "docs", "first-deploy.md"), "utf8");
const stepOf = (title: string) => FIRST_DEPLOY.find((s) => s.title.startsWith(title))!;
/** The steps with the one titled `title` moved to just before the one titled `before`. */
function moved(title: string, before: string): Step[] {
    const rest = FIRST_DEPLOY.filter((s) => s !== stepOf(title));
    rest.splice(rest.indexOf(stepOf(before)), 0, stepOf(title));
    return rest;
}
const problemsOf = async (steps: Step[]) =>
    (await checkSequence(steps, runs)).filter((r) => r.problems.length > 0).map((r) => [r.title, r.problems]);

let result: RehearsalResult;
let runs: Map<Step, PassRun>;

beforeAll(async () => {
    ({ runs, ...result } = await rehearseFirstDeploy());
}, 300_000);

it("docs/first-deploy.md's numbered list is exactly the definition's rendering", () => {
    expect(PAGE).toContain(`\n${firstDeployMarkdown()}\n`);
});

it("the first deploy as written holds, step by step, and leaves stack files Pulumi Deployments can run", () => {
    expect(result.steps.map((s) => [s.number, s.problems])).toEqual(FIRST_DEPLOY.map((_, i) => [i + 1, []]));
    expect(result.handover).toEqual([]);
    expect(result.ok).toBe(true);
    expect(rehearsalReport(result)).toMatch(/First deploy: all 13 steps hold\.$/);
    // Six passes, each a whole program: main creates its platform, then its cluster's contents, then its edge.
    const main = FIRST_DEPLOY.filter((s) => s.pass?.stack === "main").map((s) => runs.get(s)!.run!.resources.length);
    expect(main[1]).toBeGreaterThan(main[0]);
    expect(main[2]).toBeGreaterThan(main[1]);
});

it("refuses a step that needs an output no earlier pass exported (the images before the platform)", async () => {
    expect(await problemsOf(moved("Images", "main, pass 1"))).toContainEqual([
        "Images",
        [
            "it needs output ciRoleArn of main, which no pass so far exported",
            ...["api", "web", "mock", "mcp"].map(
                (a) =>
                    `it needs aws:ecr/repository:Repository osprey-strike/${a} in main, which no pass so far created`,
            ),
        ],
    ]);
});

it("refuses an access entry for a deployment role before the pass that creates the role", async () => {
    const problems = await problemsOf(moved("main, pass 4", "demo, pass 1"));
    expect(problems[0]).toEqual([
        "main, pass 4: the way to deploy from git",
        [
            `an EKS access entry names arn:aws:iam::${MOCK_ACCOUNT_ID}:role/osprey-strike-deploy-demo, a role no earlier pass created (EKS refuses entries for principals that do not exist)`,
            "it needs aws:iam/role:Role osprey-strike-deploy-demo in demo, which no pass so far created",
        ],
    ]);
});

it("refuses a pass that would destroy what an earlier pass of its stack created (the edge turned back off)", async () => {
    const problems = await problemsOf(moved("main, pass 3", "main, pass 2"));
    expect(problems.find(([t]) => t === "main, pass 2: the cluster's contents")?.[1]).toEqual([
        expect.stringMatching(
            /^it destroys \d+ resource\(s\) an earlier pass created, e\.g\. urn:pulumi:main::osprey-strike::/,
        ),
    ]);
});

it("refuses the cluster's contents through a tunnel whose jumpbox no earlier pass created", async () => {
    const problems = await problemsOf(moved("main, pass 2", "main, pass 1"));
    expect(problems[0]).toEqual([
        "main, pass 2: the cluster's contents",
        [
            "it goes through the tunnel to a cluster no earlier pass created",
            "it goes through the jumpbox tunnel, but no earlier pass created the jumpbox",
        ],
    ]);
});

it("refuses custom resources before the release that installs their CRDs (demo's Applications before main's Argo CD)", async () => {
    const problems = await problemsOf(moved("demo, pass 1", "main, pass 2"));
    const demo = problems.find(([t]) => t === "demo, pass 1: everything but the edge")?.[1] ?? [];
    expect(demo).toEqual(
        expect.arrayContaining([
            "it creates kubernetes:argoproj.io/v1alpha1:Application objects, whose CRD the argocd Helm release installs, which no earlier pass created",
            "it creates kubernetes:external-secrets.io/v1:ExternalSecret objects, whose CRD the external-secrets Helm release installs, which no earlier pass created",
        ]),
    );
});

it("refuses waiting for an ALB before the Applications and images that make it", async () => {
    const problems = await problemsOf(moved("Wait for main's ALB", "main, pass 2"));
    expect(problems[0]).toEqual([
        "Wait for main's ALB",
        [
            "it needs kubernetes:helm.sh/v3:Release aws-load-balancer-controller in main, which no pass so far created",
            "it needs kubernetes:argoproj.io/v1alpha1:Application web-main in main, which no pass so far created",
            'it needs "secret values of main", which no earlier step brought about',
        ],
    ]);
});

it("refuses stopping before the hand-over: the tunnel left in the stack files breaks every deployment", () => {
    expect(handoverProblems(FIRST_DEPLOY.slice(0, -1))).toEqual([
        "main: kubernetes.apiTunnelUrl is left set; the agent reaches the API directly",
        "demo: kubernetes.apiTunnelUrl is left set; the agent reaches the API directly",
    ]);
    expect(handoverProblems(FIRST_DEPLOY.filter((s) => s !== stepOf("demo, pass 2")))).toEqual([
        "demo: edge.enabled is left false",
    ]);
});

describe("the mock says no ALB exists until the step that waits for it", () => {
    const lookup = functionModels["aws:lb/getLoadBalancer:getLoadBalancer"];
    const tags = { "ingress.k8s.aws/stack": "osprey-main" };
    const ctx = (loadBalancers?: string[]) =>
        ({
            region: "us-east-1",
            accountId: MOCK_ACCOUNT_ID,
            hex: () => "0".repeat(17),
            ...(loadBalancers ? { outOfBand: { loadBalancers } } : {}),
        }) as unknown as MockContext;
    it("answers as AWS does before, and finds it after", () => {
        expect(() => lookup({ tags }, ctx([]))).toThrow(
            /^Search returned 0 results.*no ALB for ingress group osprey-main yet/,
        );
        expect(lookup({ tags }, ctx(["osprey-main"])).dnsName).toMatch(/\.us-east-1\.elb\.amazonaws\.com$/);
        expect(lookup({ tags }, ctx()).dnsName).toMatch(/\.elb\.amazonaws\.com$/); // a plain plan: whatever is looked up exists
    });
});

describe("config changes as `pulumi config set/rm --path` makes them", () => {
    const base = () => ({ "osprey-strike:platform": JSON.stringify({ cluster: { adminRoleArns: ["arn:a"] } }) });
    it("sets nested keys, appends at a list's end, removes, and refuses an index past the end", () => {
        const c: Record<string, string> = base();
        applyConfigChange(c, { path: "kubernetes.enabled", value: "false" });
        applyConfigChange(c, { path: "platform.cluster.adminRoleArns[1]", value: "arn:aws:iam::{account}:role/x" });
        expect(JSON.parse(c["osprey-strike:kubernetes"])).toEqual({ enabled: "false" });
        expect(JSON.parse(c["osprey-strike:platform"])).toEqual({
            cluster: { adminRoleArns: ["arn:a", `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/x`] },
        });
        applyConfigChange(c, { path: "kubernetes.enabled" });
        expect(JSON.parse(c["osprey-strike:kubernetes"])).toEqual({});
        expect(() => applyConfigChange(c, { path: "platform.cluster.adminRoleArns[5]", value: "y" })).toThrow(
            /index 5 is past the end of a list of 2/,
        );
    });

    it("renders each pass as the command docs/first-deploy.md shows", () => {
        expect(passCommand(stepOf("main, pass 1").pass!)).toBe(
            "`pulumi config set --path osprey-strike:kubernetes.enabled false --stack main && pulumi config set --path osprey-strike:edge.enabled false --stack main && pulumi up --stack main`",
        );
    });
});
