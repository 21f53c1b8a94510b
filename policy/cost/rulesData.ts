/**
 * Pricers for data services: RDS (and its event notifications), ElastiCache, ECR, S3, Secrets Manager, KMS.
 * Usage-priced lines state their assumption in `item`. CloudWatch, Lambda and budgets: rulesObservability.ts.
 */
import { bool, list, num, str } from "./graph";
import { CostLine, free, priced, unpriced, warning } from "./types";
import { Price, PRICE_TABLE, RDS_VCPUS } from "./prices";
import { Pricer, PricingContext } from "./rulesShared";
import { SUPPORT_WARN_DAYS } from "./rulesEks";
import { addYears, daysUntil, postgresMajor, RDS_POSTGRES_STANDARD_SUPPORT_END } from "../supportCalendars";

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
    "aws:rds/eventSubscription:EventSubscription": rdsEventSubscription,
    "aws:rds/instance:Instance": rdsInstance,
    "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,
    "aws:elasticache/cluster:Cluster": cacheCluster,
    "aws:ecr/repository:Repository": ecrRepository,
    "aws:s3/bucket:Bucket": s3Bucket,
    "aws:s3/bucketV2:BucketV2": s3Bucket,
    "aws:secretsmanager/secret:Secret": secret,
    "aws:kms/key:Key": kmsKey,
};
