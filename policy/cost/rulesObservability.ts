/**
 * Pricers for what watches and reacts: CloudWatch alarms, log groups and metric filters, Lambda, budgets.
 * Usage-priced lines state their assumption in `item`.
 */
import { list, num, str } from "./graph";
import { free, priced, takeFree } from "./types";
import { PRICE_TABLE } from "./prices";
import { logLines, Pricer, PricingContext } from "./rulesShared";
import { controlPlaneLogGroupName, controlPlaneLogVolume } from "./rulesEks";
import { CONTAINER_LOG_KINDS, containerInsightsLogGroup, SIGNED_WEBHOOK_FUNCTIONS } from "../contract";

const P = PRICE_TABLE.prices;

/** A Metrics Insights query (SQL `SELECT ... FROM ...`) rather than a metric or metric math. */
const isMetricsInsights = (q: unknown): boolean =>
    typeof q === "object" &&
    q !== null &&
    typeof (q as { expression?: unknown }).expression === "string" &&
    /^\s*SELECT\s/i.test((q as { expression: string }).expression);

/**
 * One alarm-metric per metric the alarm reads; periods under 60 s are high-resolution alarms. A Metrics Insights
 * query alarm is priced per metric it analyzes (usage.metricsInsightsMetricsPerAlarm), outside the free tier.
 */
const metricAlarm: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const queries = list(props, "metricQueries");
    if (queries?.some(isMetricsInsights)) {
        const n = ctx.usage.metricsInsightsMetricsPerAlarm;
        return [
            priced(
                `CloudWatch alarm ${node.name} (Metrics Insights query; assumed ${n} metrics analyzed)`,
                n,
                P.cloudwatchAlarmMetricsInsights,
                node.resource.urn,
            ),
        ];
    }
    const metrics = queries
        ? queries.filter((q) => typeof q === "object" && q !== null && (q as { metric?: unknown }).metric !== undefined)
              .length || 1
        : 1;
    const highRes = (num(props, "period") ?? 60) < 60;
    const price = highRes ? P.cloudwatchAlarmHighResolution : P.cloudwatchAlarmStandard;
    // The always-free 10 alarm metrics cover standard-resolution alarms only.
    const covered = highRes ? 0 : takeFree(ctx.free, "alarmMetrics", metrics);
    return [
        priced(
            `CloudWatch alarm ${node.name} (${highRes ? "high" : "standard"} resolution, ${metrics} metric${metrics > 1 ? "s" : ""}${covered > 0 ? `, ${covered} in the ${ctx.freeTierNote}` : ""})`,
            metrics - covered,
            price,
            node.resource.urn,
        ),
    ];
};

/**
 * A log group: an EKS control-plane group (/aws/eks/<cluster>/cluster, with the cluster in the graph) ingests what
 * the cluster's enabled log types write (usage.controlPlaneLogGbPerMonth); any other group usage.logsGbPerMonth.
 */
const logGroup: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const retentionDays = num(props, "retentionInDays");
    const name = str(props, "name");
    const cluster = ctx.graph.nodes.find(
        (n) =>
            (n.resource.type === "eks:index:Cluster" || n.resource.type === "aws:eks/cluster:Cluster") &&
            name !== undefined &&
            controlPlaneLogGroupName(str(n.resource.props, "name") ?? n.name) === name,
    );
    const volume = cluster ? controlPlaneLogVolume(cluster.resource.props, ctx) : undefined;
    if (cluster) {
        if (!volume)
            return logLines(
                `Logs ${node.name} (EKS ${cluster.name} control plane, no log types enabled)`,
                0,
                "0 GB/month",
                retentionDays,
                node.resource.urn,
                ctx,
            );
        return logLines(
            `Logs ${node.name} (EKS ${cluster.name} control plane)`,
            volume.gb,
            `${volume.label}/month`,
            retentionDays,
            node.resource.urn,
            ctx,
        );
    }
    const insights = containerInsightsKind(name, ctx);
    if (insights) {
        const gb = insights === "application" ? ctx.usage.containerLogGbPerMonth : 0;
        const why = {
            application: `${gb} GB/month of container logs`,
            performance: "0 GB/month: Container Insights' metric events, billed as observations on the add-on",
            dataplane: "0 GB/month: Amazon Linux 2023 nodes ship no dataplane logs by default",
            host: "0 GB/month: Amazon Linux 2023 nodes ship no host logs by default",
        }[insights];
        return logLines(`Logs ${node.name}`, gb, why, retentionDays, node.resource.urn, ctx);
    }
    const gb = ctx.usage.logsGbPerMonth;
    return logLines(`Logs ${node.name}`, gb, `${gb} GB/month`, retentionDays, node.resource.urn, ctx);
};

/** Which Container Insights group (/aws/containerinsights/<cluster>/<kind>) a log group is, for a cluster in the graph. */
function containerInsightsKind(name: string | undefined, ctx: PricingContext) {
    if (name === undefined) return undefined;
    const clusters = ctx.graph.nodes
        .filter((n) => n.resource.type === "eks:index:Cluster" || n.resource.type === "aws:eks/cluster:Cluster")
        .map((n) => str(n.resource.props, "name") ?? n.name);
    return CONTAINER_LOG_KINDS.find((kind) => clusters.some((c) => containerInsightsLogGroup(c, kind) === name));
}

/** A metric filter publishes one custom metric (after the account's always-free 10). */
const logMetricFilter: Pricer = (node, ctx) => {
    const covered = takeFree(ctx.free, "customMetrics", 1);
    return [
        priced(
            `CloudWatch custom metric of filter ${node.name}${covered > 0 ? ` (in the ${ctx.freeTierNote})` : ""}`,
            1 - covered,
            P.cloudwatchCustomMetric,
            node.resource.urn,
        ),
    ];
};

/**
 * Requests and GB-seconds at the function's architecture's rate (arm64 or x86_64, the Lambda default), after the
 * account's always-free 1M requests and 400,000 GB-s (shared by every function and both architectures).
 */
const lambdaFunction: Pricer = (node, ctx) => {
    const urn = node.resource.urn;
    // A signed-webhook receiver answers a few failure events a day, not the IP sync's hourly schedule.
    const receiver = (SIGNED_WEBHOOK_FUNCTIONS as readonly unknown[]).includes(node.resource.props.name);
    const invocations = receiver ? ctx.usage.webhookInvocationsPerMonth : ctx.usage.lambdaInvocationsPerMonth;
    const memoryMb = num(node.resource.props, "memorySize") ?? 128;
    const arm = (list(node.resource.props, "architectures") ?? []).includes("arm64");
    const gbSeconds = (invocations * ctx.usage.lambdaAvgSeconds * memoryMb) / 1024;
    const billableRequests = invocations - takeFree(ctx.free, "lambdaRequests", invocations);
    const billableGbSeconds = gbSeconds - takeFree(ctx.free, "lambdaGbSeconds", gbSeconds);
    const arch = arm ? "arm64" : "x86_64";
    const assumption = `${arch}; assumed ${invocations} ${receiver ? "webhook deliveries" : "invocations"} × ${ctx.usage.lambdaAvgSeconds} s × ${memoryMb} MB = ${Math.round(gbSeconds)} GB-s/month`;
    if (billableRequests === 0 && billableGbSeconds === 0) {
        return [
            free(
                `Lambda ${node.name}: $0, inside the ${ctx.freeTierNote} (${assumption}; free: 1M requests + 400,000 GB-s)`,
                invocations,
                "requests",
                P.lambdaFreeRequests.source,
                urn,
            ),
        ];
    }
    return [
        priced(
            `Lambda ${node.name}: requests above the free tier (${assumption})`,
            billableRequests / 1_000_000,
            P.lambdaRequestsPerMillion,
            urn,
        ),
        priced(
            `Lambda ${node.name}: compute above the free tier (${assumption})`,
            billableGbSeconds,
            arm ? P.lambdaGbSecondArm64 : P.lambdaGbSecond,
            urn,
        ),
    ];
};

/** A budget: the account's first two are free, each further one $0.02 a day (730 h = 30.417 days a month). */
const budget: Pricer = (node, ctx) => {
    const covered = takeFree(ctx.free, "budgets", 1);
    const days = Number((PRICE_TABLE.hoursPerMonth / 24).toFixed(3));
    if (covered > 0)
        return [
            free(
                `AWS Budget ${node.name}: $0, one of the ${ctx.freeTierNote}'s 2 free budgets`,
                1,
                "budgets",
                P.budgetsFree.source,
                node.resource.urn,
            ),
        ];
    return [priced(`AWS Budget ${node.name} (beyond the 2 free budgets)`, days, P.budget, node.resource.urn)];
};

export const observabilityPricers: Record<string, Pricer> = {
    "aws:budgets/budget:Budget": budget,
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": logMetricFilter,
    "aws:lambda/function:Function": lambdaFunction,
};
