/**
 * The upgrade rehearsal (`npm run plan -- --stack main --upgrade-to <minor>`, tools/upgradePlan.ts): main's shared run
 * (harness/sharedRuns.ts, no new whole-program run) and the kustomize tree as Argo CD renders it, checked against the
 * next minor; then one planted fault per check: a removed API in a manifest and in the program, a chart's kubeVersion
 * that excludes the target, nodes beyond the kubelet skew, and a two-minor jump (through the command, exit 5).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CHARTS } from "../../components/cluster/addons";
import { GITOPS_CHARTS } from "../../components/gitops/charts";
import type { RecordedResource } from "../../harness/graph";
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { CHART_RENDERED_APIS } from "../../lib/chartRenderedApis";
import { AddonVersionTable, EKS_ADDON_VERSIONS, ManagedAddon } from "../../lib/eksAddonVersions";
import { CHART_KUBE_VERSIONS, kubeVersionExcludes, minorOf, satisfiesKubeVersion } from "../../lib/kubernetesRemovals";
import { EKS_STANDARD_SUPPORT_END } from "../../policy/supportCalendars";
import { Manifest, programApi, rehearseUpgrade, renderOverlays, UPGRADE_PROBLEM_EXIT } from "../../tools/upgradePlan";
import { plan } from "./planCli";

let main: ProgramRun;
let demo: ProgramRun;
let manifests: Manifest[];
let current: string;
let next: string;
/** The calendar with the next minor in it, so the other checks can be seen passing (the real one may not list it yet). */
let calendarWithNext: Record<string, string>;
/** The add-ons the program runs (EKS add-on resources of main) that lib/eksAddonVersions.ts has no table for. */
const UNTABLED: ManagedAddon[] = ["metrics-server", "amazon-cloudwatch-observability"];
/** The add-on tables with a row for the next minor wherever the real ones lack it (same reason). */
let addonsWithNext: AddonVersionTable[];

beforeAll(async () => {
    main = await sharedProgramRun("main");
    demo = await sharedProgramRun("demo");
    manifests = renderOverlays();
    current = String(main.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!.inputs.version);
    next = `1.${minorOf(current)! + 1}`;
    calendarWithNext = { ...EKS_STANDARD_SUPPORT_END, [next]: "2099-01-01" };
    addonsWithNext = [
        ...EKS_ADDON_VERSIONS.map((t) => ({
            ...t,
            versions: { [next]: `v9.9.9-planted-for-${next}`, ...t.versions },
        })),
        // The add-ons the program runs that have no table yet (the observability ones): planted rows for both minors.
        ...UNTABLED.map((addon) => ({
            addon,
            source: "planted by this test",
            read: "2026-12-07",
            versions: { [current]: `v9.9.8-planted-for-${current}`, [next]: `v9.9.9-planted-for-${next}` },
        })),
    ];
    // Two whole-program runs (shared with the other files of the invocation when they ran first) on a shared machine.
}, 600_000);

const rehearse = (over: Partial<Parameters<typeof rehearseUpgrade>[0]> = {}) =>
    rehearseUpgrade({
        stack: "main",
        target: next,
        resources: main.resources,
        readers: [{ stack: "demo", resources: demo.resources }],
        manifests,
        calendar: calendarWithNext,
        addonVersions: addonsWithNext,
        ...over,
    });

it("main at the next minor: the only objections the data has are a minor the calendar or an add-on table does not list yet", () => {
    const r = rehearseUpgrade({
        stack: "main",
        target: next,
        resources: main.resources,
        readers: [{ stack: "demo", resources: demo.resources }],
        manifests,
    });
    const expected = [
        ...(next in EKS_STANDARD_SUPPORT_END
            ? []
            : [expect.stringContaining(`${next} is not in the EKS Kubernetes release calendar`)]),
        ...EKS_ADDON_VERSIONS.filter((t) => !(next in t.versions)).map((t) =>
            expect.stringContaining(`add-on ${t.addon}: lib/eksAddonVersions.ts lists no version for ${next}`),
        ),
        ...UNTABLED.map((addon) => expect.stringContaining(`add-on ${addon}: not in lib/eksAddonVersions.ts`)),
    ];
    const programAddons = main.resources
        .filter((x) => x.type === "aws:eks/addon:Addon")
        .map((x) => String(x.inputs.addonName));
    expect(programAddons.filter((n) => !EKS_ADDON_VERSIONS.some((t) => t.addon === n)).sort()).toEqual(
        [...UNTABLED].sort(),
    );
    expect(r.problems).toEqual(expect.arrayContaining(expected));
    expect(r.problems).toHaveLength(expected.length);
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
    for (const t of addonsWithNext)
        expect(addons.find((i) => i.startsWith(t.addon))).toContain(`moves to ${t.versions[next]} (latest for ${next}`);
    expect(r.steps[2].items).toEqual([expect.stringContaining(`${current} → ${next}`)]);
    // Something was checked: the whole kustomize tree and the program's own resources.
    expect(r.checked.manifests).toBeGreaterThan(10);
    expect(r.checked.chartObjects).toBeGreaterThan(50);
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
    expect(CHART_RENDERED_APIS.map((c) => `${c.chart} ${c.version}`).sort()).toEqual(pins);
});

it("the add-on versions come from the program's table: what each moves to, and a refusal naming an add-on it lacks", () => {
    // The real table's rows for a minor it lists (coredns and kube-proxy list 1.36, from the EKS user guide).
    const r = rehearse({
        addonVersions: EKS_ADDON_VERSIONS,
        target: "1.36",
        calendar: { ...calendarWithNext, "1.36": "2099-01-01" },
    });
    const item = (addon: string) => r.steps[1].items.find((i) => i.startsWith(addon))!;
    if (current === "1.35") {
        expect(item("coredns")).toContain("moves to v1.14.3-eksbuild.3 (latest for 1.36, read 2026-12-07)");
        expect(item("kube-proxy")).toContain("moves to v1.36.0-eksbuild.14 (latest for 1.36, read 2026-12-07)");
    }
    // A table without the target's row fails naming the add-on and its resource.
    const withoutCoreDns = addonsWithNext.map((t) =>
        t.addon === "coredns"
            ? { ...t, versions: Object.fromEntries(Object.entries(t.versions).filter(([m]) => m !== next)) }
            : t,
    );
    expect(rehearse({ addonVersions: withoutCoreDns }).problems).toEqual([
        expect.stringMatching(
            new RegExp(`^add-on coredns: lib/eksAddonVersions.ts lists no version for ${next} .*\\(osprey-coredns\\)$`),
        ),
    ]);
    // An add-on the program runs but the table does not know fails too.
    expect(rehearse({ addonVersions: addonsWithNext.filter((t) => t.addon !== "kube-proxy") }).problems).toEqual([
        expect.stringContaining("add-on kube-proxy: not in lib/eksAddonVersions.ts EKS_ADDON_VERSIONS"),
    ]);
});

it("a removed API among the objects a chart renders fails it, naming the chart, the template and the chart's source", () => {
    // The ALB controller's HPA template renders autoscaling/v2beta2 (removed in 1.26) only below 1.23: not a problem.
    const alb = CHART_RENDERED_APIS.find((c) => c.chart === "aws-load-balancer-controller")!;
    expect(alb.objects.find((o) => o.apiVersion === "autoscaling/v2beta2")).toMatchObject({ onlyBelow: "1.23" });
    // Without its version switch it would be sent to the new minor: the rehearsal names the chart.
    const planted = CHART_RENDERED_APIS.map((c) =>
        c === alb
            ? {
                  ...c,
                  objects: c.objects.map((o) =>
                      o.apiVersion === "autoscaling/v2beta2" ? { ...o, onlyBelow: undefined } : o,
                  ),
              }
            : c,
    );
    expect(rehearse({ chartObjects: planted }).problems).toEqual([
        expect.stringContaining(
            "chart aws-load-balancer-controller 3.5.0 (osprey-addons-alb-controller): HorizontalPodAutoscaler autoscaling/v2beta2 in templates/hpa.yaml is no longer served as of 1.26",
        ),
    ]);
    // A planted policy/v1beta1 PodDisruptionBudget in argo-cd's objects, likewise.
    const argo = CHART_RENDERED_APIS.map((c) =>
        c.chart === "argo-cd"
            ? {
                  ...c,
                  objects: [
                      ...c.objects,
                      {
                          apiVersion: "policy/v1beta1",
                          kind: "PodDisruptionBudget",
                          templates: ["templates/planted.yaml"],
                      },
                  ],
              }
            : c,
    );
    expect(rehearse({ chartObjects: argo }).problems).toEqual([
        expect.stringMatching(
            /^chart argo-cd 10\.1\.1 \(osprey-argocd\): PodDisruptionBudget policy\/v1beta1 in templates\/planted\.yaml is no longer served as of 1\.25 .*argoproj\/argo-helm @ argo-cd-10\.1\.1/,
        ),
    ]);
    // A pin without a record of its objects fails: they are never assumed.
    expect(
        rehearse({ chartObjects: CHART_RENDERED_APIS.filter((c) => c.chart !== "argocd-image-updater") }).problems,
    ).toEqual([
        expect.stringContaining(
            "chart argocd-image-updater 1.2.4 (osprey-argocd-image-updater): no record of the objects it renders",
        ),
    ]);
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

it("an AMI release pinned to a minor too old for the new control plane fails the kubelet skew, naming the node group and the pin", () => {
    const t = minorOf(next)!;
    const pinned = (minor: number) =>
        main.resources.map((r) =>
            r.type === "aws:eks/nodeGroup:NodeGroup"
                ? { ...r, inputs: { ...r.inputs, releaseVersion: `1.${minor}.4-20250101` } }
                : r,
        );
    const problems = rehearse({ resources: pinned(t - 4) }).problems;
    expect(problems).toEqual(
        expect.arrayContaining([
            expect.stringMatching(
                new RegExp(
                    `^node group osprey-nodes \\(AMI release pinned to 1\\.${t - 4}\\.4-20250101\\): nodes at 1\\.${t - 4} would be 4 minors behind the control plane at ${next}`,
                ),
            ),
        ]),
    );
    // Within the skew, only the "release for another minor" objection remains.
    expect(rehearse({ resources: pinned(t - 1) }).problems).toEqual([
        expect.stringContaining("a release for another minor than"),
    ]);
});

it("a two-minor jump is refused by the command, exit 5, naming the control plane", () => {
    const skip = `1.${minorOf(current)! + 2}`;
    const r = plan("--stack", "main", "--upgrade-to", skip);
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
