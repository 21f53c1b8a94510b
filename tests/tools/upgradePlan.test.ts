/**
 * The upgrade rehearsal (`npm run plan -- --stack main --upgrade-to <minor>`, tools/upgradePlan.ts): main's shared run
 * (harness/sharedRuns.ts, no new whole-program run) and the kustomize tree as Argo CD renders it, checked against the
 * next minor; then one planted fault per check: a removed API in a manifest and in the program, a chart's kubeVersion
 * that excludes the target, nodes beyond the kubelet skew, and a two-minor jump (through the command, exit 5).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CHARTS } from "../../components/cluster/addons";
import { GITOPS_CHARTS } from "../../components/gitops/charts";
import type { RecordedResource } from "../../harness/graph";
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { ROOT } from "../../harness/stackConfig";
import { CHART_KUBE_VERSIONS, kubeVersionExcludes, minorOf, satisfiesKubeVersion } from "../../lib/kubernetesRemovals";
import { EKS_STANDARD_SUPPORT_END } from "../../policy/supportCalendars";
import { Manifest, programApi, rehearseUpgrade, renderOverlays, UPGRADE_PROBLEM_EXIT } from "../../tools/upgradePlan";

let main: ProgramRun;
let demo: ProgramRun;
let manifests: Manifest[];
let current: string;
let next: string;
/** The calendar with the next minor in it, so the other checks can be seen passing (the real one may not list it yet). */
let calendarWithNext: Record<string, string>;

beforeAll(async () => {
    main = await sharedProgramRun("main");
    demo = await sharedProgramRun("demo");
    manifests = renderOverlays();
    current = String(main.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!.inputs.version);
    next = `1.${minorOf(current)! + 1}`;
    calendarWithNext = { ...EKS_STANDARD_SUPPORT_END, [next]: "2099-01-01" };
});

const rehearse = (over: Partial<Parameters<typeof rehearseUpgrade>[0]> = {}) =>
    rehearseUpgrade({
        stack: "main",
        target: next,
        resources: main.resources,
        readers: [{ stack: "demo", resources: demo.resources }],
        manifests,
        calendar: calendarWithNext,
        ...over,
    });

it("main at the next minor: the only objection the data has is a calendar that does not list it yet", () => {
    const r = rehearseUpgrade({
        stack: "main",
        target: next,
        resources: main.resources,
        readers: [{ stack: "demo", resources: demo.resources }],
        manifests,
    });
    const expected =
        next in EKS_STANDARD_SUPPORT_END
            ? []
            : [expect.stringContaining(`${next} is not in the EKS Kubernetes release calendar`)];
    expect(r.problems).toEqual(expected);
});

it("with the minor in the calendar every other check holds, in the order the upgrade has to run", () => {
    const r = rehearse();
    expect(r.problems).toEqual([]);
    expect(r.steps.map((s) => s.title.split(" (")[0])).toEqual([
        "Control plane",
        "Managed add-ons",
        "Node group",
        "Helm charts",
    ]);
    // Every add-on moves: vpc-cni, coredns and the observability add-ons by our lookup, kube-proxy by @pulumi/eks's.
    const addons = r.steps[1].items;
    expect(addons.map((i) => i.split(/\s+/)[0]).sort()).toEqual([
        "amazon-cloudwatch-observability",
        "coredns",
        "kube-proxy",
        "metrics-server",
        "vpc-cni",
    ]);
    for (const i of addons) expect(i).toContain("moves");
    expect(r.steps[2].items).toEqual([expect.stringContaining(`${current} → ${next}`)]);
    // Something was checked: the whole kustomize tree and the program's own resources.
    expect(r.checked.manifests).toBeGreaterThan(10);
    const k8s = (run: ProgramRun) => run.resources.filter((x) => programApi(x.type)).length;
    expect(r.checked.programResources).toBe(k8s(main) + k8s(demo));
    expect(k8s(demo)).toBeGreaterThan(0);
});

it("the charts checked are exactly the pins, each with its recorded Chart.yaml", () => {
    const pins = [...Object.values(CHARTS), ...Object.values(GITOPS_CHARTS)]
        .map((c) => `${c.chart} ${c.version}`)
        .sort();
    const releases = main.resources
        .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
        .map((r) => `${String(r.inputs.chart)} ${String(r.inputs.version)}`);
    expect(releases.sort()).toEqual(pins);
    expect(CHART_KUBE_VERSIONS.map((c) => `${c.chart} ${c.version}`).sort()).toEqual(pins);
});

it("a planted policy/v1beta1 PodDisruptionBudget (removed in 1.25) in an overlay fails it, naming the manifest", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-"));
    try {
        const overlay = path.join(dir, "planted", "overlays", "main");
        fs.mkdirSync(overlay, { recursive: true });
        fs.writeFileSync(path.join(overlay, "kustomization.yaml"), "resources:\n  - pdb.yaml\n");
        fs.writeFileSync(
            path.join(overlay, "pdb.yaml"),
            "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: planted-pdb\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: api\n",
        );
        const r = rehearse({ manifests: [...manifests, ...renderOverlays(dir)] });
        expect(r.problems).toEqual([
            expect.stringMatching(
                /planted\/overlays\/main: PodDisruptionBudget planted-pdb uses policy\/v1beta1, no longer served as of 1\.25/,
            ),
        ]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

it("a program resource of a removed API fails it, in main's graph or in demo's (the same cluster), naming the resource and stack", () => {
    const planted = {
        ...main.resources[0],
        type: "kubernetes:batch/v1beta1:CronJob",
        name: "planted-cron",
    } as RecordedResource;
    expect(programApi(planted.type)).toEqual({ apiVersion: "batch/v1beta1", kind: "CronJob" });
    expect(rehearse({ resources: [...main.resources, planted] }).problems).toEqual([
        expect.stringContaining(
            "program resource planted-cron (kubernetes:batch/v1beta1:CronJob) of stack main uses batch/v1beta1, no longer served as of 1.25",
        ),
    ]);
    expect(rehearse({ readers: [{ stack: "demo", resources: [...demo.resources, planted] }] }).problems).toEqual([
        expect.stringContaining(
            "program resource planted-cron (kubernetes:batch/v1beta1:CronJob) of stack demo uses batch/v1beta1",
        ),
    ]);
});

it("a chart whose kubeVersion excludes the target fails it, naming the chart and the Chart.yaml it came from", () => {
    const charts = CHART_KUBE_VERSIONS.map((c) =>
        c.chart === "argo-cd" ? { ...c, kubeVersion: `>=1.25.0-0 <${next}.0-0` } : c,
    );
    expect(rehearse({ charts }).problems).toEqual([
        expect.stringContaining(
            `chart argo-cd 10.1.1 (osprey-argocd): its kubeVersion ">=1.25.0-0 <${next}.0-0" excludes ${next} (argoproj/argo-helm charts/argo-cd/Chart.yaml @ argo-cd-10.1.1`,
        ),
    ]);
    // A pin without a record fails too: the constraint is never assumed.
    expect(rehearse({ charts: CHART_KUBE_VERSIONS.filter((c) => c.chart !== "external-secrets") }).problems).toEqual([
        expect.stringContaining(
            "chart external-secrets 2.9.0 (osprey-addons-external-secrets): no recorded kubeVersion",
        ),
    ]);
});

it("nodes more than three minors behind the new control plane fail the kubelet skew", () => {
    const behind = (minor: number) =>
        main.resources.map((r) =>
            r.type === "aws:eks/nodeGroup:NodeGroup" ? { ...r, inputs: { ...r.inputs, version: `1.${minor}` } } : r,
        );
    const t = minorOf(next)!;
    expect(rehearse({ resources: behind(t - 3) }).problems).toEqual([]);
    expect(rehearse({ resources: behind(t - 4) }).problems).toEqual([
        expect.stringContaining(`would be 4 minors behind the control plane at ${next}`),
    ]);
});

it("a two-minor jump is refused by the command, exit 5, naming the control plane", () => {
    const skip = `1.${minorOf(current)! + 2}`;
    const r = spawnSync(
        process.execPath,
        [require.resolve("tsx/cli"), path.join(ROOT, "tools", "plan.ts"), "--stack", "main", "--upgrade-to", skip],
        {
            cwd: ROOT,
            encoding: "utf8",
        },
    );
    expect(r.status).toBe(UPGRADE_PROBLEM_EXIT);
    expect(r.stdout).toContain(
        `control plane osprey-eksCluster: ${current} → ${skip} skips 1 minor(s): EKS upgrades the control plane one minor at a time`,
    );
});

it("kubeVersion constraints read as Helm reads them", () => {
    expect(satisfiesKubeVersion(">=1.25.0-0", "1.36.0")).toBe(true);
    expect(satisfiesKubeVersion(">= 1.19.0-0", "1.18.9")).toBe(false);
    expect(satisfiesKubeVersion(">=1.21.0-0 <1.30.0-0", "1.30.0")).toBe(false);
    expect(satisfiesKubeVersion("<1.20.0 || >=1.30.0", "1.31.2")).toBe(true);
    expect(kubeVersionExcludes(">=1.36.3", "1.36")).toBe(false);
    expect(kubeVersionExcludes(undefined, "1.36")).toBe(false);
    expect(() => satisfiesKubeVersion("^1.2", "1.36.0")).toThrow(/not supported/);
});
