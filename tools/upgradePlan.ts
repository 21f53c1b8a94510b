/**
 * The upgrade rehearsal: `npm run plan -- --stack main --upgrade-to <minor>` prints the ordered upgrade of the shared
 * cluster (control plane one minor, the managed add-ons, the node group, the pinned Helm charts) and checks, before
 * anyone raises `platform.cluster.kubernetesVersion`:
 *  - the step is one minor (EKS upgrades the control plane one minor at a time);
 *  - the target is in the EKS release calendar (policy/supportCalendars.ts);
 *  - the nodes stay within the kubelet skew while the control plane is ahead of them (lib/kubernetesRemovals.ts);
 *  - every managed add-on has a version for the target in the table the program keeps (lib/eksAddonVersions.ts, from
 *    the EKS user guide's version tables, dated and sourced), printed as what the add-on moves to;
 *  - no pinned chart's own `kubeVersion` excludes the target (CHART_KUBE_VERSIONS, from each Chart.yaml at the pin);
 *  - nothing the cluster would get uses an API the target no longer serves: every kustomize overlay under kubernetes/
 *    (rendered as Argo CD renders it, `kubectl kustomize`), every object each pinned chart can render
 *    (lib/chartRenderedApis.ts, read from the chart's templates at the pin) and the program's own Kubernetes resources
 *    (the `kubernetes:<group>/<version>:<Kind>` types in the recorded graphs of the stack and of the stacks reading it).
 * Exit 5 names every problem. The rehearsal reads the stack's unmodified program run (harness/sharedRuns.ts: the
 * invocation's shared run under jest, a child process otherwise); nothing is upgraded and no cloud is contacted.
 */
import { kustomize } from "../harness/kustomize";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import type { RecordedResource } from "../harness/graph";
import { reusableSharedRun, runProgramInChild, sharedProgramRun } from "../harness/sharedRuns";
import { ROOT } from "../harness/stackConfig";
import { EKS_STANDARD_SUPPORT_END } from "../policy/supportCalendars";
import {
    CHART_KUBE_VERSIONS,
    ChartKubeVersion,
    controlPlaneStepProblem,
    kubeletSkewProblem,
    kubeVersionExcludes,
    minorOf,
    REMOVED_APIS_SOURCE,
    removedApi,
} from "../lib/kubernetesRemovals";
import { CHART_RENDERED_APIS, ChartRenderedApis } from "../lib/chartRenderedApis";
import { addonVersionFor, AddonVersionTable, EKS_ADDON_VERSIONS } from "../lib/eksAddonVersions";
import { accountStacks } from "./costAccount";

/** The exit code of a rehearsal that found a problem (tools/plan.ts's header lists every code). */
export const UPGRADE_PROBLEM_EXIT = 5;
export const UPGRADE_USAGE = "usage: npm run plan -- --stack main --upgrade-to <1.N>";

/** One object the cluster would be sent, and where it comes from. */
export interface Manifest {
    source: string;
    apiVersion: string;
    kind: string;
    name: string;
}

export interface UpgradeInput {
    stack: string;
    target: string;
    resources: RecordedResource[];
    manifests: Manifest[];
    /** EKS end of standard support per minor (default policy/supportCalendars.ts). */
    calendar?: Readonly<Record<string, string>>;
    /** The recorded graphs of the stacks that read this platform (demo): their Kubernetes resources land on the same cluster. */
    readers?: { stack: string; resources: RecordedResource[] }[];
    /** Each pinned chart's kubeVersion (default lib/kubernetesRemovals.ts CHART_KUBE_VERSIONS). */
    charts?: readonly ChartKubeVersion[];
    /** The objects each pinned chart can render (default lib/chartRenderedApis.ts CHART_RENDERED_APIS). */
    chartObjects?: readonly ChartRenderedApis[];
    /** The managed add-ons' versions per minor (default lib/eksAddonVersions.ts EKS_ADDON_VERSIONS). */
    addonVersions?: readonly AddonVersionTable[];
}

export interface UpgradeRehearsal {
    stack: string;
    current: string;
    target: string;
    /** The upgrade in the order it has to happen, one line per item. */
    steps: { title: string; items: string[] }[];
    /** What would break, each naming its item; empty when the upgrade holds. */
    problems: string[];
    /** How many manifests, chart objects and program resources were checked against the removed APIs. */
    checked: { manifests: number; chartObjects: number; programResources: number };
}

const KUSTOMIZE_DIR = path.join(ROOT, "kubernetes");

/** Every `<app>/overlays/<env>` under `dir`, rendered as Argo CD renders it (`kubectl kustomize`). */
export function renderOverlays(dir: string = KUSTOMIZE_DIR): Manifest[] {
    const overlays = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "overlays")))
        .flatMap((app) =>
            fs
                .readdirSync(path.join(dir, app.name, "overlays"))
                .map((env) => path.join(dir, app.name, "overlays", env)),
        )
        .sort();
    return overlays.flatMap((overlay) => {
        const source = path.relative(ROOT, overlay);
        return parseAllDocuments(kustomize(overlay, dir))
            .map((doc) => doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null)
            .filter(
                (o): o is { apiVersion: string; kind: string; metadata?: { name?: string } } =>
                    !!o?.apiVersion && !!o.kind,
            )
            .map((o) => ({ source, apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name ?? "(unnamed)" }));
    });
}

/**
 * The API a program resource sends the cluster: `kubernetes:apps/v1:Deployment` → apps/v1 Deployment, the core group's
 * `kubernetes:core/v1:Namespace` → v1 Namespace. Pulumi's own types (helm.sh/v3 Release, yaml/v2 ConfigGroup, ...) are
 * not cluster APIs: the objects they create come from the charts, which their kubeVersion and the chart step cover.
 */
export function programApi(type: string): { apiVersion: string; kind: string } | undefined {
    const m = /^kubernetes:([^/]+)\/([^:]+):(.+)$/.exec(type);
    if (!m || ["helm.sh", "yaml", "kustomize"].includes(m[1])) return undefined;
    return { apiVersion: m[1] === "core" ? m[2] : `${m[1]}/${m[2]}`, kind: m[3] };
}

/**
 * Whether a version in the recorded graph is the mock's answer to a lookup (harness/models/calls.ts answers
 * aws.eks.getAddonVersion with `v0.0.0-mock-<addon>-for-<minor>` and the AMI release parameter with `<minor>.0-mock`),
 * i.e. not a pin: at preview time the real lookup answers for the new minor.
 */
const looked = (v: unknown): boolean => typeof v === "string" && /-mock/.test(v);

/** How the node group rolls, as its recorded updateConfig says (eksCluster.ts sets maxUnavailable 1 by a transform). */
const rolling = (ng: RecordedResource): string => {
    const u = ng.inputs.updateConfig as { maxUnavailable?: number } | undefined;
    return u?.maxUnavailable
        ? `at most ${u.maxUnavailable} node(s) unavailable at a time (updateConfig)`
        : "no updateConfig: EKS's default roll";
};

export function rehearseUpgrade(input: UpgradeInput): UpgradeRehearsal {
    const { resources, target } = input;
    const calendar = input.calendar ?? EKS_STANDARD_SUPPORT_END;
    const charts = input.charts ?? CHART_KUBE_VERSIONS;
    const chartObjects = input.chartObjects ?? CHART_RENDERED_APIS;
    const addonTables = input.addonVersions ?? EKS_ADDON_VERSIONS;
    const clusters = resources.filter((r) => r.type === "aws:eks/cluster:Cluster");
    if (clusters.length !== 1)
        throw new UpgradeUsageError(
            `stack ${input.stack} does not create the shared cluster (run the rehearsal with --stack main)`,
        );
    const cluster = clusters[0];
    const current = String(cluster.inputs.version);
    const problems: string[] = [];
    const steps: UpgradeRehearsal["steps"] = [];

    // 1. The control plane, one minor, in the calendar.
    const step = controlPlaneStepProblem(current, target);
    if (step) problems.push(`control plane ${cluster.name}: ${step}`);
    if (!(target in calendar))
        problems.push(
            `control plane ${cluster.name}: ${target} is not in the EKS Kubernetes release calendar (policy/supportCalendars.ts EKS_STANDARD_SUPPORT_END has ${Object.keys(calendar).join(", ")}); add it from the calendar once EKS lists it`,
        );
    const end = calendar[target];
    steps.push({
        title: "Control plane (EKS upgrades one minor at a time)",
        items: [`${cluster.name}  ${current} → ${target}${end ? `  (standard support until ${end})` : ""}`],
    });

    // 2. The managed add-ons, after the control plane: each must have a version for the target in the program's table.
    const addons = resources.filter((r) => r.type === "aws:eks/addon:Addon");
    steps.push({
        title: `Managed add-ons (after the control plane; versions for ${target} from lib/eksAddonVersions.ts, the EKS user guide's tables; the preview's aws.eks.getAddonVersion decides the exact build)`,
        items: addons.map((a) => {
            const name = String(a.inputs.addonName);
            const v = a.inputs.addonVersion;
            const row = addonVersionFor(name, target, addonTables);
            if ("problem" in row) problems.push(`${row.problem} (${a.name})`);
            const to =
                "problem" in row
                    ? "(no version known for the target)"
                    : `${row.version} (latest for ${target}, read ${row.table.read})`;
            const how =
                v === undefined
                    ? `moves to ${to}: @pulumi/eks 4.3.0 looks up the newest version for the cluster's minor (nodejs/eks/cluster/cluster.ts, kube-proxy)`
                    : looked(v)
                      ? `moves to ${to}: the version EKS recommends for ${target} (aws.eks.getAddonVersion; pin: platform.cluster.addonVersions)`
                      : `stays at the pin ${String(v)} (platform.cluster.addonVersions): the table lists ${to} for ${target}`;
            return `${name.padEnd(11)} ${a.name}  ${how}`;
        }),
    });

    // 3. The node group, then the kubelet skew while the control plane is ahead of it.
    const nodeGroups = resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup");
    const nodeItems: string[] = [];
    for (const ng of nodeGroups) {
        const version = String(ng.inputs.version ?? current);
        const release = ng.inputs.releaseVersion;
        // The kubelet is the AMI's: a pinned release (platform.cluster.nodeGroup.releaseVersion) says which minor the
        // nodes run while the control plane is already at the target, whatever the node group's version says.
        const pinnedMinor =
            !looked(release) && typeof release === "string" ? minorOf(release.split("-")[0]) : undefined;
        const kubelet = pinnedMinor !== undefined ? `1.${pinnedMinor}` : version;
        const skew = kubeletSkewProblem(kubelet, target);
        if (skew)
            problems.push(
                `node group ${ng.name}${pinnedMinor !== undefined ? ` (AMI release pinned to ${String(release)})` : ""}: ${skew}`,
            );
        if (!looked(release) && typeof release === "string" && minorOf(release.split("-")[0]) !== minorOf(target))
            problems.push(
                `node group ${ng.name}: the AMI release is pinned to ${release} (platform.cluster.nodeGroup.releaseVersion), a release for another minor than ${target}: empty it or pin a ${target} release`,
            );
        const amiNote = looked(release)
            ? `the newest EKS optimized AMI release for ${target} (AWS's SSM parameter, read at preview)`
            : `pinned ${String(release)}`;
        nodeItems.push(`${ng.name}  ${version} → ${target}, AMI: ${amiNote}; ${rolling(ng)}`);
    }
    steps.push({
        title: "Node group (after the control plane, beside vpc-cni and kube-proxy; coredns waits for it, eksCluster.ts; the nodes stay behind the control plane until it finishes)",
        items: nodeItems,
    });

    // 4. The pinned charts: each Chart.yaml's kubeVersion at the pin.
    const releases = resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
    steps.push({
        title: "Helm charts (pinned; kubeVersion from each chart's Chart.yaml at the pinned version)",
        items: releases.map((r) => {
            const chart = String(r.inputs.chart);
            const version = String(r.inputs.version);
            const row = charts.find((c) => c.chart === chart && c.version === version);
            if (!row) {
                problems.push(
                    `chart ${chart} ${version} (${r.name}): no recorded kubeVersion for this pin (lib/kubernetesRemovals.ts CHART_KUBE_VERSIONS): copy it from the chart's Chart.yaml at ${version}`,
                );
                return `${chart} ${version}  (no record)`;
            }
            if (kubeVersionExcludes(row.kubeVersion, target))
                problems.push(
                    `chart ${chart} ${version} (${r.name}): its kubeVersion "${row.kubeVersion}" excludes ${target} (${row.source})`,
                );
            return `${chart} ${version}  kubeVersion ${row.kubeVersion === undefined ? "(none)" : `"${row.kubeVersion}"`}  [${row.source}]`;
        }),
    });

    // Removed APIs: the kustomize tree, every object the pinned charts can render, and the program's own resources.
    let chartObjectCount = 0;
    for (const r of releases) {
        const chart = String(r.inputs.chart);
        const version = String(r.inputs.version);
        const rendered = chartObjects.find((c) => c.chart === chart && c.version === version);
        if (!rendered) {
            problems.push(
                `chart ${chart} ${version} (${r.name}): no record of the objects it renders (lib/chartRenderedApis.ts CHART_RENDERED_APIS): read them from the chart's templates at ${version}`,
            );
            continue;
        }
        for (const o of rendered.objects) {
            // A template that switches on the cluster's version renders this object only below `onlyBelow`.
            if (o.onlyBelow !== undefined && minorOf(o.onlyBelow)! <= minorOf(target)!) continue;
            chartObjectCount++;
            const gone = removedApi(o.apiVersion, o.kind, target);
            if (gone)
                problems.push(
                    `chart ${chart} ${version} (${r.name}): ${o.kind} ${o.apiVersion} in ${o.templates.join(", ")} is no longer served as of ${gone.removedIn} (${REMOVED_APIS_SOURCE}; ${rendered.source})`,
                );
        }
    }
    for (const m of input.manifests) {
        const gone = removedApi(m.apiVersion, m.kind, target);
        if (gone)
            problems.push(
                `${m.source}: ${m.kind} ${m.name} uses ${m.apiVersion}, no longer served as of ${gone.removedIn} (${REMOVED_APIS_SOURCE})`,
            );
    }
    let programResources = 0;
    for (const graph of [{ stack: input.stack, resources }, ...(input.readers ?? [])]) {
        for (const r of graph.resources) {
            const api = programApi(r.type);
            if (!api) continue;
            programResources++;
            const gone = removedApi(api.apiVersion, api.kind, target);
            if (gone)
                problems.push(
                    `program resource ${r.name} (${r.type}) of stack ${graph.stack} uses ${api.apiVersion}, no longer served as of ${gone.removedIn} (${REMOVED_APIS_SOURCE})`,
                );
        }
    }
    return {
        stack: input.stack,
        current,
        target,
        steps,
        problems,
        checked: { manifests: input.manifests.length, chartObjects: chartObjectCount, programResources },
    };
}

export function upgradeReport(r: UpgradeRehearsal): string {
    const lines = [
        `Upgrade rehearsal of the shared cluster (stack ${r.stack}): ${r.current} → ${r.target}, on the mock cloud (nothing was upgraded; no cloud was contacted)`,
        "",
    ];
    r.steps.forEach((s, i) => {
        lines.push(`${i + 1}. ${s.title}`);
        for (const item of s.items) lines.push(`     ${item}`);
    });
    lines.push(
        "",
        `Removed APIs (${REMOVED_APIS_SOURCE}): ${r.checked.manifests} manifests of the kustomize overlays, ${r.checked.chartObjects} kinds the pinned charts can render (lib/chartRenderedApis.ts) and ${r.checked.programResources} Kubernetes resources of the program (this stack and its readers) checked`,
        "",
    );
    if (r.problems.length === 0) lines.push(`Upgrade to ${r.target}: no problem found.`);
    else lines.push(`Upgrade to ${r.target}: ${r.problems.length} problem(s):`, ...r.problems.map((p) => `  - ${p}`));
    return lines.join("\n");
}

export class UpgradeUsageError extends Error {}

/** Parses `--stack <s> --upgrade-to <1.N>` (nothing else: the rehearsal reads the stack's unmodified run). */
export function parseUpgradeArgs(argv: string[]): { stack: string; target: string } {
    let stack: string | undefined;
    let target: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--stack" || a === "-s") stack = argv[++i];
        else if (a.startsWith("--stack=")) stack = a.slice(8);
        else if (a === "--upgrade-to") target = argv[++i];
        else if (a.startsWith("--upgrade-to=")) target = a.slice(13);
        else throw new UpgradeUsageError(`--upgrade-to takes only --stack, got "${a}"`);
    }
    if (!stack) throw new UpgradeUsageError("--stack is required");
    if (!target || minorOf(target) === undefined || !/^\d+\.\d+$/.test(target))
        throw new UpgradeUsageError(`--upgrade-to takes a minor such as 1.36, got "${target ?? ""}"`);
    return { stack, target };
}

/** The command: the report on stdout, and the exit code (0, or UPGRADE_PROBLEM_EXIT). Usage errors throw UpgradeUsageError. */
export async function runUpgradePlan(argv: string[], write: (text: string) => Promise<void>): Promise<number> {
    const { stack, target } = parseUpgradeArgs(argv);
    const run = await sharedProgramRun(stack);
    // The stacks that read this platform (demo) send their own Kubernetes resources to the same cluster: their runs,
    // answered with this run's outputs as the plan answers them (the shared run under jest when it is that very run).
    const readers = await Promise.all(
        accountStacks()
            .filter((s) => s.platformStack !== "" && s.platformStack.split("/").pop() === stack)
            .map(async (s) => {
                const stackOutputs = { [s.platformStack]: run.outputs };
                const readerRun =
                    reusableSharedRun(s.stack, { stackOutputs }) ??
                    (await runProgramInChild({ stack: s.stack, stackOutputs }));
                return { stack: s.stack, resources: readerRun.resources };
            }),
    );
    const r = rehearseUpgrade({ stack, target, resources: run.resources, readers, manifests: renderOverlays() });
    await write(upgradeReport(r) + "\n");
    return r.problems.length === 0 ? 0 : UPGRADE_PROBLEM_EXIT;
}
