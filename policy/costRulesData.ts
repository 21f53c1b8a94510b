/**
 * Pricers for data and platform services: RDS, ElastiCache, ECR, S3, Secrets Manager, KMS, CloudWatch
 * alarms and log groups, Lambda. Usage-priced lines state their assumption in `item`.
 */
import { bool, list, num, str } from "./costGraph";
import { CostLine, free, priced, unpriced } from "./costTypes";
import { Price, PRICE_TABLE } from "./prices";
import { Pricer } from "./costRulesShared";

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
    // Prices differ per engine; the table holds PostgreSQL (the seed's RDS PostgreSQL 18) only.
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
    return lines;
};

function cacheNodePrice(nodeType: string, engine: string): Price | undefined {
    const redis = P.elasticacheRedis[nodeType];
    if (!redis) return undefined;
    if (engine !== "valkey") return redis;
    const f = P.elasticacheValkeyFactor;
    return { usd: redis.usd * f.usd, unit: redis.unit, source: `${redis.source}; Valkey × ${f.usd}: ${f.source}`, asOf: redis.asOf };
}

function cacheLines(name: string, nodeType: string | undefined, nodes: number, engine: string, urn: string): CostLine[] {
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
    const nodes = num(props, "numCacheClusters") ?? (shards !== undefined ? shards * (1 + (num(props, "replicasPerNodeGroup") ?? 0)) : 1);
    return cacheLines(node.name, str(props, "nodeType"), nodes, str(props, "engine") ?? "redis", node.resource.urn);
};

const cacheCluster: Pricer = (node) => {
    const props = node.resource.props;
    return cacheLines(node.name, str(props, "nodeType"), num(props, "numCacheNodes") ?? 1, str(props, "engine") ?? "redis", node.resource.urn);
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
    return [priced(`Secrets Manager ${node.name}${copies > 1 ? ` (+${copies - 1} replica)` : ""}`, copies, P.secretsManagerSecret, node.resource.urn)];
};

const kmsKey: Pricer = (node) => {
    const rotation = bool(node.resource.props, "enableKeyRotation") === true;
    const note = rotation ? " (rotation on: +$1/month per rotated backing key, from the first rotation)" : "";
    return [priced(`KMS key ${node.name}${note}`, 1, P.kmsKey, node.resource.urn)];
};

/** One alarm-metric per metric the alarm reads; periods under 60 s are high-resolution alarms. */
const metricAlarm: Pricer = (node) => {
    const props = node.resource.props;
    const queries = list(props, "metricQueries");
    const metrics = queries ? queries.filter((q) => typeof q === "object" && q !== null && (q as { metric?: unknown }).metric !== undefined).length || 1 : 1;
    const highRes = (num(props, "period") ?? 60) < 60;
    const price = highRes ? P.cloudwatchAlarmHighResolution : P.cloudwatchAlarmStandard;
    return [
        priced(
            `CloudWatch alarm ${node.name} (${highRes ? "high" : "standard"} resolution, ${metrics} metric${metrics > 1 ? "s" : ""})`,
            metrics,
            price,
            node.resource.urn,
        ),
    ];
};

/** Stored volume at steady state: a month's ingestion × months retained (never-expiring groups: a year's worth). */
const logGroup: Pricer = (node, ctx) => {
    const gb = ctx.usage.logsGbPerMonth;
    const retentionDays = num(node.resource.props, "retentionInDays") || 365;
    const monthsKept = Math.min(retentionDays, 365) / 30;
    const urn = node.resource.urn;
    return [
        priced(`Logs ${node.name}: ingested (assumed ${gb} GB/month)`, gb, P.cloudwatchLogsIngestGb, urn),
        priced(
            `Logs ${node.name}: stored (assumed ${gb} GB/month kept ${retentionDays} days)`,
            Number((gb * monthsKept).toFixed(3)),
            P.cloudwatchLogsStorageGbMonth,
            urn,
        ),
    ];
};

/** Priced after the always-free tier (per account; assumed available to each function). */
const lambdaFunction: Pricer = (node, ctx) => {
    const urn = node.resource.urn;
    const invocations = ctx.usage.lambdaInvocationsPerMonth;
    const memoryMb = num(node.resource.props, "memorySize") ?? 128;
    const gbSeconds = (invocations * ctx.usage.lambdaAvgSeconds * memoryMb) / 1024;
    const billableRequests = Math.max(0, invocations - P.lambdaFreeRequests.usd);
    const billableGbSeconds = Math.max(0, gbSeconds - P.lambdaFreeGbSeconds.usd);
    const assumption = `assumed ${invocations} invocations × ${ctx.usage.lambdaAvgSeconds} s × ${memoryMb} MB = ${Math.round(gbSeconds)} GB-s/month`;
    if (billableRequests === 0 && billableGbSeconds === 0) {
        return [
            free(
                `Lambda ${node.name}: $0, inside the always-free tier (${assumption}; free: 1M requests + 400,000 GB-s)`,
                invocations,
                "requests",
                P.lambdaFreeRequests.source,
                urn,
            ),
        ];
    }
    return [
        priced(`Lambda ${node.name}: requests above the free tier (${assumption})`, billableRequests / 1_000_000, P.lambdaRequestsPerMillion, urn),
        priced(`Lambda ${node.name}: compute above the free tier (${assumption})`, billableGbSeconds, P.lambdaGbSecond, urn),
    ];
};

export const dataPricers: Record<string, Pricer> = {
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
    "aws:lambda/function:Function": lambdaFunction,
};
