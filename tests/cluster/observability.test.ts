/**
 * The cluster's signals in stack main's graph: the two EKS add-ons (versions like vpc-cni's: EKS's recommendation or a
 * pin), the agent's IRSA role, log groups created before the add-on with a retention, and every cluster alarm: to the
 * platform's alarm topic, with a runbook section that exists (### under "## Alarms" in docs/runbook.md, with Means,
 * Confirm and Do), and reading only metrics something publishes (Container Insights or one of our metric filters).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RecordedResource } from "../../harness/graph";
import { sharedProgramRun } from "../../harness/sharedRuns";
import type { ProgramRun } from "../../harness/runProgram";
import {
    ClusterAlarmSettings,
    clusterAlarmProblems,
    clusterAlarmSpecs,
    githubAnchor,
    RUNBOOK_HEADINGS,
} from "../../components/cluster/clusterAlarms";
import {
    CLOUDWATCH_ADDON,
    cloudwatchAddonConfiguration,
    CONTAINER_LOG_KINDS,
    METRICS_SERVER_ADDON,
} from "../../components/cluster/observabilityRules";
import { stackConfig } from "./helpers";
import { ofType, one } from "../graphHelpers";
import { formatProblem } from "../../lib/problems";

const RUNBOOK = readFileSync(join(__dirname, "..", "..", "docs", "runbook.md"), "utf8");
const cfg = stackConfig("main");
const defaults = cfg.platform!.cluster.observability;
let run: ProgramRun;
beforeAll(async () => {
    run = await sharedProgramRun("main");
});

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ADDON = "aws:eks/addon:Addon";
const clusterAlarms = () => ofType(run.resources, ALARM).filter((a) => a.name.startsWith("osprey-observability-"));

/**
 * The `###` sections under the `## Alarms` section of a markdown text, by GitHub anchor, each with its body. The
 * section is the `##` heading that starts with "Alarms" (docs/runbook.md, "Alarms").
 */
export function alarmSections(markdown: string): Map<string, string> {
    const out = new Map<string, string>();
    const start = markdown.search(/^## Alarms\b.*$/m);
    if (start < 0) return out;
    const rest = markdown.slice(start).split("\n").slice(1).join("\n");
    const end = rest.search(/^## /m);
    const section = end < 0 ? rest : rest.slice(0, end);
    for (const part of section.split(/^### /m).slice(1)) {
        const [heading, ...body] = part.split("\n");
        out.set(githubAnchor(heading.trim()), body.join("\n"));
    }
    return out;
}

/** What is wrong with an alarm's runbook link: no `Runbook: docs/runbook.md#<anchor>` prefix, or no such section. */
export function runbookProblem(description: string, sections: Map<string, string>): string | undefined {
    const m = /^Runbook: docs\/runbook\.md#([a-z0-9_-]+)/.exec(description);
    if (!m) return `"${description.slice(0, 60)}..." does not start with Runbook: docs/runbook.md#<anchor>`;
    const body = sections.get(m[1]);
    if (body === undefined) return `no ### section #${m[1]} under ## Alarms`;
    const missing = ["**Means:**", "**Confirm:**", "**Do:**"].filter((label) => !body.includes(label));
    return missing.length ? `#${m[1]} lacks ${missing.join(", ")}` : undefined;
}

describe("add-ons", () => {
    const addon = (name: string) => one(run.resources, ADDON, (r) => r.inputs.addonName === name);

    it("installs amazon-cloudwatch-observability with EKS's recommended version, its IRSA role, logs on, Application Signals off", () => {
        const a = addon(CLOUDWATCH_ADDON);
        // The mock's getAddonVersion names the add-on and the minor: the version follows the cluster like vpc-cni's.
        expect(a.inputs.addonVersion).toBe(
            `v0.0.0-mock-${CLOUDWATCH_ADDON}-for-${cfg.platform!.cluster.kubernetesVersion}`,
        );
        const role = one(run.resources, "aws:iam/role:Role", (r) => r.name === "osprey-observability-agent");
        expect(a.propertyDependencies.serviceAccountRoleArn).toEqual([role.urn]);
        const config = JSON.parse(String(a.inputs.configurationValues));
        expect(config).toEqual(cloudwatchAddonConfiguration());
        expect(JSON.stringify(config)).not.toContain("application_signals");
        expect(config.containerLogs.enabled).toBe(true);
        // Logs only (the lean profile): the agent collects nothing, Fluent Bit still ships.
        const logsOnly = cloudwatchAddonConfiguration(false, "us-east-1");
        expect(JSON.stringify(logsOnly)).not.toContain("kubernetes");
        expect(logsOnly.containerLogs.enabled).toBe(true);
    });

    it("installs metrics-server from EKS (what a HorizontalPodAutoscaler reads), after the nodes", () => {
        const m = addon(METRICS_SERVER_ADDON);
        expect(m.inputs.addonVersion).toBe(
            `v0.0.0-mock-${METRICS_SERVER_ADDON}-for-${cfg.platform!.cluster.kubernetesVersion}`,
        );
        const nodes = one(run.resources, "eks:index:ManagedNodeGroup");
        expect(m.dependencies).toContain(nodes.urn);
    });

    it("creates every Container Insights group, with the configured retention, before the add-on", () => {
        const groups = CONTAINER_LOG_KINDS.map((kind) =>
            one(
                run.resources,
                "aws:cloudwatch/logGroup:LogGroup",
                (r) => r.inputs.name === `/aws/containerinsights/osprey/${kind}`,
            ),
        );
        for (const g of groups) expect(g.inputs.retentionInDays).toBe(defaults.containerLogRetentionDays);
        const a = addon(CLOUDWATCH_ADDON);
        for (const g of groups) expect(a.dependencies).toContain(g.urn);
    });
});

describe("alarms", () => {
    const sections = alarmSections(RUNBOOK);
    const topicArn = () => String(run.outputs.outputs.alarmTopicArn);

    it("creates one alarm per runbook heading, each to the platform's alarm topic (alarm and recovery)", () => {
        const alarms = clusterAlarms();
        expect(alarms.map((a) => a.name).sort()).toEqual(
            Object.keys(RUNBOOK_HEADINGS)
                .map((k) => `osprey-observability-alarms-${k}`)
                .sort(),
        );
        for (const a of alarms) {
            expect(a.inputs.alarmActions).toEqual([topicArn()]);
            expect(a.inputs.okActions).toEqual([topicArn()]);
        }
    });

    it("starts every description with its runbook section, which exists and says Means, Confirm and Do", () => {
        expect(sections.size).toBeGreaterThanOrEqual(Object.keys(RUNBOOK_HEADINGS).length);
        expect(clusterAlarms().map((a) => runbookProblem(String(a.inputs.alarmDescription), sections))).toEqual(
            clusterAlarms().map(() => undefined),
        );
    });

    it("the runbook check can fail: a wrong anchor, a missing label, a missing prefix", () => {
        expect(runbookProblem("Runbook: docs/runbook.md#no-such-section — x", sections)).toMatch(/no ### section/);
        const without = new Map([["a", "**Means:** x\n**Do:** y"]]);
        expect(runbookProblem("Runbook: docs/runbook.md#a — x", without)).toBe("#a lacks **Confirm:**");
        expect(runbookProblem("Fewer nodes", sections)).toMatch(/does not start with Runbook/);
    });

    it("computes GitHub's anchors (known answers from this repository's own headings)", () => {
        expect(githubAnchor("Cluster: fewer ready nodes than the minimum")).toBe(
            "cluster-fewer-ready-nodes-than-the-minimum",
        );
        expect(githubAnchor("The cluster's creator")).toBe("the-clusters-creator");
        expect(githubAnchor("Break-glass when Cloudflare is down: decided against")).toBe(
            "break-glass-when-cloudflare-is-down-decided-against",
        );
    });

    it("reads only metrics that exist: Container Insights by cluster, or one of the program's metric filters", () => {
        const filters = ofType(run.resources, FILTER).filter((f) => f.name.startsWith("osprey-observability-"));
        const published = new Set(
            filters.map(
                (f) =>
                    `${(f.inputs.metricTransformation as { namespace: string }).namespace}/${(f.inputs.metricTransformation as { name: string }).name}`,
            ),
        );
        const group = one(
            run.resources,
            "aws:cloudwatch/logGroup:LogGroup",
            (r) => r.inputs.name === "/aws/containerinsights/osprey/application",
        );
        for (const f of filters) expect(f.propertyDependencies.logGroupName).toEqual([group.urn]);
        const read = (a: RecordedResource) => {
            const i = a.inputs as {
                namespace?: string;
                metricName?: string;
                dimensions?: Record<string, string>;
                metricQueries?: {
                    metric?: { namespace: string; metricName: string; dimensions?: Record<string, string> };
                }[];
            };
            const ms = i.metricName
                ? [{ namespace: i.namespace!, metricName: i.metricName, dimensions: i.dimensions }]
                : [];
            return [...ms, ...(i.metricQueries ?? []).flatMap((q) => (q.metric ? [q.metric] : []))];
        };
        for (const a of clusterAlarms())
            for (const m of read(a)) {
                if (m.namespace === "ContainerInsights") expect(m.dimensions).toEqual({ ClusterName: "osprey" });
                else expect(published).toContain(`${m.namespace}/${m.metricName}`);
            }
    });

    it("takes thresholds from the settings: node count from the node group's minimum, pressure and grace periods", () => {
        const byName = Object.fromEntries(
            clusterAlarms().map((a) => [a.name.replace("osprey-observability-alarms-", ""), a.inputs]),
        );
        expect(byName.nodesNotReady.threshold).toBe(cfg.platform!.cluster.nodeGroup.minSize);
        expect(byName.nodesNotReady.treatMissingData).toBe("breaching");
        expect(byName.nodeCpu.threshold).toBe(defaults.alarms.nodeCpuPercent);
        expect(byName.nodeMemory.threshold).toBe(defaults.alarms.nodeMemoryPercent);
        expect(byName.nodeCpu.evaluationPeriods).toBe(defaults.alarms.pressureMinutes / 5);
        expect(byName.externalSecretNotSynced.evaluationPeriods).toBe(defaults.alarms.externalSecretsGraceMinutes / 30);
        expect(byName.imageUpdaterWriteBack.evaluationPeriods).toBe(defaults.alarms.imageUpdaterGraceMinutes / 10);
    });

    it("refuses grace periods the alarms cannot express, naming the field", () => {
        const ok: ClusterAlarmSettings = defaults.alarms;
        expect(clusterAlarmProblems(ok)).toEqual([]);
        // Paths relative to the alarm settings; Cluster re-roots them at observability.alarms (the args' real path).
        expect(
            clusterAlarmProblems({ ...ok, externalSecretsGraceMinutes: 45, pressureMinutes: 7 }).map(formatProblem),
        ).toEqual([
            "pressureMinutes: 7 must be a positive multiple of 5 (the alarm reads 5-minute periods)",
            "externalSecretsGraceMinutes: 45 must be a positive multiple of 30 (the alarm reads 30-minute periods, longer than ESO's longest retry)",
        ]);
    });

    it("counts a Degraded that recovers within the window as nothing, one that does not as one", () => {
        const specs = clusterAlarmSpecs({
            ...defaults.alarms,
            clusterName: "osprey",
            applicationLogGroupName: "g",
            nodeMinSize: 2,
            nodeAlarms: true,
            topicArn: "t",
        });
        const expr = (specs.argocdDegraded.metricQueries as { expression?: string }[]).find((q) => q.expression)!;
        expect(expr.expression).toBe("FILL(into, 0) - FILL(out, 0)");
        expect(specs.argocdDegraded.comparisonOperator).toBe("GreaterThanThreshold");
        expect(specs.argocdDegraded.threshold).toBe(0);
    });
});
