/**
 * Pricers for data and platform services: RDS, ElastiCache, ECR, S3, Secrets Manager, KMS, CloudWatch
 * alarms and log groups, Lambda. Usage-priced lines state their assumption in `item`.
 */
import { bool, list, num, str } from "./graph";
import { CostLine, free, priced, takeFree, unpriced, warning } from "./types";
import { Price, PRICE_TABLE, RDS_VCPUS } from "./prices";
import { logLines, Pricer, PricingContext } from "./rulesShared";
import { controlPlaneLogGroupName, controlPlaneLogVolume, SUPPORT_WARN_DAYS } from "./rulesCompute";
import { addYears, daysUntil, postgresMajor, RDS_POSTGRES_STANDARD_SUPPORT_END } from "../supportCalendars";
import { CONTAINER_LOG_KINDS, containerInsightsLogGroup, SIGNED_WEBHOOK_FUNCTIONS } from "../contract";

const RDS_CALENDAR = "RDS for PostgreSQL release calendar (policy/supportCalendars.ts)";
/** RDS API default for engineLifecycleSupport on open-source engines: enrolled in Extended Support. */
const RDS_EXTENDED_DEFAULT = "open-source-rds-extended-support";

/**
 * RDS Extended Support for PostgreSQL from the engine version, engineLifecycleSupport and the calendar on `asOf`:
 * from the day after the end of standard support, per vCPU-hour (× 2 for Multi-AZ: the standby is billed too),
 * years 1-2 at one rate and year 3 at another; disabled, RDS upgrades the major instead (a warning line).
 */
function rdsExtendedSupport(
    props: Record<string, unknown>,
    name: string,
    instanceClass: string,
    copies: number,
    urn: string,
    ctx: PricingContext,
): CostLine[] {
    const version = str(props, "engineVersion");
    if (str(props, "engine") !== "postgres" || !version) return [];
    const major = postgresMajor(version);
    const end = RDS_POSTGRES_STANDARD_SUPPORT_END[major];
    const lifecycle = str(props, "engineLifecycleSupport") ?? RDS_EXTENDED_DEFAULT;
    const enrolled = lifecycle === RDS_EXTENDED_DEFAULT;
    if (!end) {
        return [
            unpriced(
                `RDS Extended Support for PostgreSQL ${major}`,
                H,
                "instance-hours",
                `RDS ${name}: major ${major} is not in the ${RDS_CALENDAR}`,
                urn,
            ),
        ];
    }
    const days = daysUntil(end, ctx.asOf);
    const then = enrolled
        ? "then RDS Extended Support per vCPU-hour (engineLifecycleSupport enrolled)"
        : "then RDS upgrades the major version automatically (extended support disabled)";
    if (days >= 0) {
        return days <= SUPPORT_WARN_DAYS
            ? [
                  warning(
                      `RDS ${name}: standard support for PostgreSQL ${major} ends ${end} (in ${days} days); ${then}`,
                      RDS_CALENDAR,
                      urn,
                  ),
              ]
            : [];
    }
    if (!enrolled) {
        return [
            warning(
                `RDS ${name}: PostgreSQL ${major} left standard support on ${end}; RDS upgrades the major version automatically`,
                RDS_CALENDAR,
                urn,
            ),
        ];
    }
    const vcpus = RDS_VCPUS[instanceClass];
    const year3 = daysUntil(addYears(end, 2), ctx.asOf) < 0;
    if (daysUntil(addYears(end, 3), ctx.asOf) < 0) {
        return [
            warning(
                `RDS ${name}: PostgreSQL ${major} is past the end of RDS Extended Support; RDS upgrades it automatically`,
                RDS_CALENDAR,
                urn,
            ),
        ];
    }
    const price = year3 ? P.rdsExtendedSupportYear3 : P.rdsExtendedSupportYears1And2;
    const label = `RDS ${name}: Extended Support, PostgreSQL ${major} (standard support ended ${end}; ${year3 ? "year 3" : "years 1-2"})`;
    if (vcpus === undefined)
        return [
            unpriced(
                label,
                H,
                "instance-hours",
                `no vCPU count for ${instanceClass} in RDS_VCPUS (policy/cost/prices.ts)`,
                urn,
            ),
        ];
    return [
        priced(`${label}: ${vcpus} vCPU${copies > 1 ? " × 2 (Multi-AZ standby)" : ""}`, vcpus * copies * H, price, urn),
        warning(`RDS ${name}: upgrade PostgreSQL ${major} to stop the Extended Support charge`, RDS_CALENDAR, urn),
    ];
}

const P = PRICE_TABLE.prices;
const H = PRICE_TABLE.hoursPerMonth;

/** @pulumi/aws RDS Instance: storageType defaults to "io1" when iops is set, "gp2" otherwise. */
const rdsInstance: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const urn = node.resource.urn;
    const instanceClass = str(props, "instanceClass") ?? "instance class unknown";
    const engine = str(props, "engine") ?? "engine unknown";
    const multiAz = bool(props, "multiAz") === true;
    const az = multiAz ? "Multi-AZ" : "Single-AZ";
    const lines: CostLine[] = [];
    // Prices differ per engine; the table holds PostgreSQL (docs/requirements.md, Topology: RDS PostgreSQL 18) only.
    const price = engine === "postgres" ? (multiAz ? P.rdsPostgresMultiAz : P.rdsPostgres)[instanceClass] : undefined;
    lines.push(
        price
            ? priced(`RDS ${node.name}: ${instanceClass} ${engine} ${az}`, H, price, urn)
            : unpriced(
                  instanceClass,
                  H,
                  "instance-hours",
                  `no ${engine} ${az} price for RDS ${instanceClass} (${node.name}) in PRICE_TABLE ${PRICE_TABLE.version}`,
                  urn,
              ),
    );
    const storageGb = num(props, "allocatedStorage");
    const storageType = str(props, "storageType") ?? (num(props, "iops") !== undefined ? "io1" : "gp2");
    const storagePrice = P.rdsStorage[storageType];
    const copies = multiAz ? 2 : 1; // the Multi-AZ standby has its own storage, billed alike
    if (storageGb === undefined || !storagePrice) {
        lines.push(
            unpriced(
                `RDS storage ${storageType}`,
                storageGb ?? 0,
                "GB-month",
                `RDS ${node.name}: ${storageGb === undefined ? "allocatedStorage unknown" : `no price for ${storageType}`}`,
                urn,
            ),
        );
    } else {
        lines.push(
            priced(
                `RDS ${node.name}: storage ${storageType} ${storageGb} GB${multiAz ? " × 2 (Multi-AZ standby)" : ""}`,
                storageGb * copies,
                storagePrice,
                urn,
            ),
        );
    }
    if (bool(props, "publiclyAccessible") === true) {
        lines.push(priced(`RDS ${node.name}: public IPv4 (publiclyAccessible)`, H, P.publicIpv4Hour, urn));
        ctx.internetFacing = true;
    }
    // manageMasterUserPassword: RDS creates the master secret in Secrets Manager (rds!db-...), billed like any secret.
    if (bool(props, "manageMasterUserPassword") === true) {
        lines.push(
            priced(`Secrets Manager: RDS-managed master secret of ${node.name}`, 1, P.secretsManagerSecret, urn),
        );
    }
    lines.push(...rdsExtendedSupport(props, node.name, instanceClass, copies, urn, ctx));
    return lines;
};

function cacheNodePrice(nodeType: string, engine: string): Price | undefined {
    const redis = P.elasticacheRedis[nodeType];
    if (!redis) return undefined;
    if (engine !== "valkey") return redis;
    const f = P.elasticacheValkeyFactor;
    return {
        usd: redis.usd * f.usd,
        unit: redis.unit,
        source: `${redis.source}; Valkey × ${f.usd}: ${f.source}`,
        asOf: redis.asOf,
    };
}

function cacheLines(
    name: string,
    nodeType: string | undefined,
    nodes: number,
    engine: string,
    urn: string,
): CostLine[] {
    const price = nodeType ? cacheNodePrice(nodeType, engine) : undefined;
    if (!nodeType || !price) {
        return [
            unpriced(
                nodeType ?? "cache node type unknown",
                nodes * H,
                "node-hours",
                `no ${engine} price for ElastiCache ${nodeType} (${name}) in PRICE_TABLE ${PRICE_TABLE.version}`,
                urn,
            ),
        ];
    }
    return [priced(`ElastiCache ${name}: ${nodeType} ${engine} × ${nodes}`, nodes * H, price, urn)];
}

/** Nodes: numCacheClusters, or shards × (1 + replicas) in cluster mode; 1 when neither is set. */
const replicationGroup: Pricer = (node) => {
    const props = node.resource.props;
    const shards = num(props, "numNodeGroups");
    const nodes =
        num(props, "numCacheClusters") ??
        (shards !== undefined ? shards * (1 + (num(props, "replicasPerNodeGroup") ?? 0)) : 1);
    return cacheLines(node.name, str(props, "nodeType"), nodes, str(props, "engine") ?? "redis", node.resource.urn);
};

const cacheCluster: Pricer = (node) => {
    const props = node.resource.props;
    return cacheLines(
        node.name,
        str(props, "nodeType"),
        num(props, "numCacheNodes") ?? 1,
        str(props, "engine") ?? "redis",
        node.resource.urn,
    );
};

const ecrRepository: Pricer = (node, ctx) => {
    const gb = ctx.usage.ecrGbPerRepo;
    return [priced(`ECR ${node.name}: image storage (assumed ${gb} GB)`, gb, P.ecrGbMonth, node.resource.urn)];
};

const s3Bucket: Pricer = (node, ctx) => {
    const gb = ctx.usage.s3GbPerBucket;
    return [priced(`S3 ${node.name}: Standard storage (assumed ${gb} GB)`, gb, P.s3StandardGbMonth, node.resource.urn)];
};

/** A replica in another region bills as a secret of its own. */
const secret: Pricer = (node) => {
    const copies = 1 + (list(node.resource.props, "replicas")?.length ?? 0);
    return [
        priced(
            `Secrets Manager ${node.name}${copies > 1 ? ` (+${copies - 1} replica)` : ""}`,
            copies,
            P.secretsManagerSecret,
            node.resource.urn,
        ),
    ];
};

/**
 * $1/month per key; with automatic rotation, each of the first two rotations adds $1/month and later ones are free
 * (KMS pricing since April 2024). Rotations so far follow from usage.kmsKeyAgeDays and rotationPeriodInDays (default 365).
 */
const kmsKey: Pricer = (node, ctx) => {
    const props = node.resource.props;
    const urn = node.resource.urn;
    if (bool(props, "enableKeyRotation") !== true) return [priced(`KMS key ${node.name}`, 1, P.kmsKey, urn)];
    const period = num(props, "rotationPeriodInDays") ?? 365;
    const rotations = Math.min(2, Math.floor(ctx.usage.kmsKeyAgeDays / period));
    const lines = [
        priced(
            `KMS key ${node.name} (rotation every ${period} days; key ${ctx.usage.kmsKeyAgeDays} days old)`,
            1,
            P.kmsKey,
            urn,
        ),
    ];
    lines.push(
        rotations > 0
            ? priced(
                  `KMS key ${node.name}: ${rotations} billed rotation${rotations > 1 ? "s" : ""} (the first two add $1/month each, later ones are free)`,
                  rotations,
                  P.kmsKeyRotation,
                  urn,
              )
            : free(
                  `KMS key ${node.name}: no rotation yet; +$1/month from day ${period}, +$1 more from day ${2 * period}, then no more`,
                  0,
                  P.kmsKeyRotation.unit,
                  P.kmsKeyRotation.source,
                  urn,
              ),
    );
    return lines;
};

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

/** RDS event notifications cost nothing; their SNS deliveries (a few emails) are within SNS's free tier. */
const rdsEventSubscription: Pricer = (node) => [
    free(
        `RDS event subscription ${node.name}`,
        1,
        "subscriptions",
        "https://aws.amazon.com/rds/pricing/ — RDS event notifications carry no charge of their own; SNS email deliveries: the first 1,000 a month are free (https://aws.amazon.com/sns/pricing/)",
        node.resource.urn,
    ),
];

export const dataPricers: Record<string, Pricer> = {
    "aws:budgets/budget:Budget": budget,
    "aws:rds/eventSubscription:EventSubscription": rdsEventSubscription,
    "aws:rds/instance:Instance": rdsInstance,
    "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,
    "aws:elasticache/cluster:Cluster": cacheCluster,
    "aws:ecr/repository:Repository": ecrRepository,
    "aws:s3/bucket:Bucket": s3Bucket,
    "aws:s3/bucketV2:BucketV2": s3Bucket,
    "aws:secretsmanager/secret:Secret": secret,
    "aws:kms/key:Key": kmsKey,
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": logMetricFilter,
    "aws:lambda/function:Function": lambdaFunction,
};
