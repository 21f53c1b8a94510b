/**
 * Contract types of the monthly cost estimator, the usage assumptions it prices with, and the money
 * arithmetic every pricer shares. Pure: no Pulumi imports, no I/O.
 */
import { Price, PRICE_TABLE } from "./prices";
import { EKS_LOG_TYPES, EksLogType } from "../contract";

/** A resource as the engine hands it to a policy pack (or as harness/graph.ts records it). */
export interface CostResource {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
    /** Per input property, the URNs it depends on (the engine's propertyDependencies): how a node group finds its launch template. */
    propertyDependencies?: Record<string, string[]>;
}

export interface CostLine {
    /** What is billed; usage-priced lines state their assumption here, unpriced ones start with "unpriced: ". */
    item: string;
    /** The resource the line belongs to; absent for stack-wide usage lines (egress, NAT data). */
    urn?: string;
    quantity: number;
    unit: string;
    unitUsd: number;
    /** quantity × unitUsd, rounded to cents. */
    monthlyUsd: number;
    source: string;
}

export interface CostEstimate {
    /** Sum of the lines' monthlyUsd (already rounded to cents). */
    monthlyUsd: number;
    lines: CostLine[];
}

export { EKS_LOG_TYPES };
export type { EksLogType };

/**
 * What the estimator cannot read from resource inputs. Every default is documented with where it comes
 * from; each line priced from one of these names the assumption in its `item`.
 */
export interface UsageAssumptions {
    /** GB per month processed by all NAT gateways together. Default 30: RESEARCH.md's NAT line "~$37.85 with its IP" is 32.85 + 3.65 + 30 GB × $0.045. */
    natGbPerMonth: number;
    /**
     * Average LCUs each ALB consumes every hour. Default 1 (a conservative figure for a quiet ALB; RESEARCH.md's
     * recomputation of the required cost table).
     */
    albLcuAverage: number;
    /** Availability zones each ALB spans; an ALB with public IPv4 holds one per AZ. Default 2 (the minimum an ALB accepts). */
    albAvailabilityZones: number;
    /**
     * GB of images stored per ECR repository. Default 12.5: the required ECR line (~$5/month;
     * docs/requirements.md, Cost) over its 4 components (api, web, mock, mcp) = 50 GB × $0.10.
     */
    ecrGbPerRepo: number;
    /** GB stored per S3 bucket (Standard). Default 10. */
    s3GbPerBucket: number;
    /** GB ingested per month per CloudWatch log group other than an EKS control-plane group. Default 1. */
    logsGbPerMonth: number;
    /**
     * GB ingested per month per enabled EKS control-plane log type. No AWS page publishes volumes (the AWS
     * Containers blog "Understanding and Cost Optimizing Amazon EKS Control Plane Logs" says only that audit and
     * api are the large ones); the defaults are our recomputation for a small busy cluster, ≈ $16/month for
     * api + audit + authenticator at $0.50/GB = 32 GB: audit 25 (every request of every controller, kubelet and
     * GitOps agent, at Metadata level or more), api 5, authenticator 2; controllerManager 3 and scheduler 1 by
     * the same proportion. Measure after a week with CloudWatch `IncomingBytes` of /aws/eks/<cluster>/cluster.
     */
    controlPlaneLogGbPerMonth: Record<EksLogType, number>;
    /**
     * GB per month leaving AWS for the internet from this stack. Default 210, the whole system's data transfer
     * of ~$10 (docs/requirements.md, Cost) ((210 − 100 free) × $0.09 = $9.90); ENVIRONMENT_USAGE splits it between the
     * environments.
     */
    egressGbPerMonth: number;
    /**
     * GB per month of container stdout/stderr the amazon-cloudwatch-observability add-on's Fluent Bit ships to
     * /aws/containerinsights/<cluster>/application. Default 5: main's four apps at two replicas and demo's two at one, Argo
     * CD, Image Updater, External Secrets and the controllers at ~170 MB a day together (an assumption, no AWS page
     * publishes one). Measure with CloudWatch `IncomingBytes` of the group after a week.
     */
    containerLogGbPerMonth: number;
    /**
     * Millions of Container Insights (enhanced observability) observations a month: one per metric value the agent
     * reports, every 60 s. Default 50 ≈ 1,150 a minute × 43,800 minutes: 2 nodes × ~25, ~35 pods × ~20, ~40 containers
     * × ~10 and cluster, namespace and service values (an assumption: AWS publishes no per-object count). Measure with
     * the account's CloudWatch usage for Container Insights.
     */
    containerInsightsObservationsMillionsPerMonth: number;
    /** Invocations per month of each Lambda function. Default 730: the Cloudflare IP sync runs hourly. */
    lambdaInvocationsPerMonth: number;
    /** Average duration of one Lambda invocation, seconds. Default 5. */
    lambdaAvgSeconds: number;
    /**
     * Invocations per month of a signed-webhook receiver (policy/contract.ts SIGNED_WEBHOOK_FUNCTIONS), which replace
     * lambdaInvocationsPerMonth for it. Default 60: its webhooks send failures only (drift, failed previews and
     * deployments of two stacks), a few a day at most (an assumption).
     */
    webhookInvocationsPerMonth: number;
    /**
     * Minutes one scheduled Pulumi Deployments run (a drift detection or a preview) takes. Default 5: npm ci and the
     * program on the deployment agent (an assumption; measure from the runs' durations in Pulumi Cloud).
     */
    scheduledRunMinutes: number;
    /** Age of the KMS keys in days (automatic rotations so far follow from it). Default 0: a new deployment. */
    kmsKeyAgeDays: number;
    /**
     * Metrics one Metrics Insights alarm analyzes: the program's one such alarm per environment reads UnHealthyHostCount
     * of every target group of the environment's ALB, one per Ingress backend the Load Balancer Controller makes.
     * Default 4; ENVIRONMENT_USAGE: main 5 (web, api, its Twilio webhook Ingress, mcp, mock), demo 3 (web, api, webhook).
     */
    metricsInsightsMetricsPerAlarm: number;
    /**
     * Hours AWS Backup's restore of a rehearsal takes before the validation window starts; the throwaway instance is
     * billed from its creation. Default 1: RDS restores a 20 GB gp3 instance in 15-30 minutes plus the transaction log
     * to replay (docs/operate.md, "Recovery point and recovery time"), rounded up. Measure with the restore jobs'
     * CreationDate and CompletionDate (`aws backup list-restore-jobs`).
     */
    restoreRehearsalRestoreHours: number;
    /**
     * GB-month of RDS backup storage (automated backups, AWS Backup's continuous backup of RDS included) beyond the
     * region's free allowance, which equals the provisioned storage of the region's RDS instances (RDS pricing). Default
     * 0: a week of a small application's transaction log fits in the 20 GB per instance the stacks provision. Measure
     * with the account's RDS backup usage (the `TotalBackupStorageBilled` CloudWatch metric).
     */
    rdsBackupBeyondFreeGbPerMonth: number;
}

/** What callers may override: any assumption, and any subset of the per-log-type volumes. */
export type UsageOverrides = Partial<Omit<UsageAssumptions, "controlPlaneLogGbPerMonth">> & {
    controlPlaneLogGbPerMonth?: Partial<Record<EksLogType, number>>;
};

export const DEFAULT_USAGE: Readonly<UsageAssumptions> = Object.freeze({
    natGbPerMonth: 30,
    albLcuAverage: 1,
    albAvailabilityZones: 2,
    ecrGbPerRepo: 12.5,
    s3GbPerBucket: 10,
    logsGbPerMonth: 1,
    controlPlaneLogGbPerMonth: Object.freeze({
        api: 5,
        audit: 25,
        authenticator: 2,
        controllerManager: 3,
        scheduler: 1,
    }),
    egressGbPerMonth: 210,
    containerLogGbPerMonth: 5,
    containerInsightsObservationsMillionsPerMonth: 50,
    lambdaInvocationsPerMonth: 730,
    lambdaAvgSeconds: 5,
    webhookInvocationsPerMonth: 60,
    scheduledRunMinutes: 5,
    kmsKeyAgeDays: 0,
    metricsInsightsMetricsPerAlarm: 4,
    restoreRehearsalRestoreHours: 1,
    rdsBackupBeyondFreeGbPerMonth: 0,
});

/**
 * Usage that differs per environment, applied by callers that know the stack's environment (the plan, the
 * account estimate). Egress: the whole system's 210 GB (docs/requirements.md, Cost: data transfer ~$10) split by
 * what each environment serves —
 * main runs four apps at two replicas for continuous use, demo two apps at one replica for stakeholder demos;
 * 180 + 30 = 210 keeps the whole system's total. An assumption, stated; override with real CloudWatch/CUR figures.
 */
export const ENVIRONMENT_USAGE: Readonly<Record<"main" | "demo", UsageOverrides>> = Object.freeze({
    main: { egressGbPerMonth: 180, metricsInsightsMetricsPerAlarm: 5 },
    demo: { egressGbPerMonth: 30, metricsInsightsMetricsPerAlarm: 3 },
});

/** Merges overrides onto the defaults; a negative, NaN or infinite number is a caller bug and throws, naming the field. */
export function resolveUsage(usage: UsageOverrides = {}): UsageAssumptions {
    const merged: UsageAssumptions = {
        ...DEFAULT_USAGE,
        ...usage,
        controlPlaneLogGbPerMonth: { ...DEFAULT_USAGE.controlPlaneLogGbPerMonth, ...usage.controlPlaneLogGbPerMonth },
    };
    const check = (key: string, value: unknown) => {
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            throw new Error(`usage.${key} must be a finite number >= 0, got ${JSON.stringify(value)}`);
        }
    };
    for (const [key, value] of Object.entries(merged)) {
        if (key === "controlPlaneLogGbPerMonth") {
            for (const [t, gb] of Object.entries(value as Record<string, unknown>)) {
                if (!(EKS_LOG_TYPES as readonly string[]).includes(t))
                    throw new Error(`usage.${key}.${t} is not an EKS log type (${EKS_LOG_TYPES.join(", ")})`);
                check(`${key}.${t}`, gb);
            }
        } else check(key, value);
    }
    return merged;
}

/**
 * The account-wide always-free allowances, shared by every stack of the account: whoever is priced first uses
 * them first (estimateAccountCost prices the platform owner, main, first; demo's lines are then its marginal cost).
 * A single-stack estimate (the policy pack sees one stack) gets a fresh allowance and says so in its lines.
 */
export interface FreeTier {
    egressGb: number;
    lambdaRequests: number;
    lambdaGbSeconds: number;
    logsIngestGb: number;
    alarmMetrics: number;
    budgets: number;
    customMetrics: number;
}

export function accountFreeTier(): FreeTier {
    const P = PRICE_TABLE.prices;
    return {
        egressGb: P.internetEgressFreeGb.usd,
        lambdaRequests: P.lambdaFreeRequests.usd,
        lambdaGbSeconds: P.lambdaFreeGbSeconds.usd,
        logsIngestGb: P.cloudwatchLogsFreeGb.usd,
        alarmMetrics: P.cloudwatchAlarmsFree.usd,
        budgets: P.budgetsFree.usd,
        customMetrics: P.cloudwatchCustomMetricsFree.usd,
    };
}

/** Takes up to `wanted` from the allowance `key`; returns how much of `wanted` the free tier covers. */
export function takeFree(free: FreeTier, key: keyof FreeTier, wanted: number): number {
    const covered = Math.min(free[key], wanted);
    free[key] -= covered;
    return covered;
}

/**
 * Rounds dollars to cents, half away from zero. The detour through toFixed(6) absorbs binary noise:
 * 1.005 × 100 is 100.49999999999999 in floating point, which Math.round alone would turn into $1.00.
 */
export function roundCents(usd: number): number {
    const cents = Number((usd * 100).toFixed(6));
    return (Math.sign(cents) * Math.round(Math.abs(cents))) / 100;
}

/** One priced line: monthlyUsd = quantity × price, rounded to cents here and nowhere else. */
export function priced(item: string, quantity: number, price: Price, urn?: string): CostLine {
    return {
        item,
        urn,
        quantity,
        unit: price.unit,
        unitUsd: price.usd,
        monthlyUsd: roundCents(quantity * price.usd),
        source: price.source,
    };
}

/** A line that costs nothing by design (free tier, free plan), kept so the table shows it was considered. */
export function free(item: string, quantity: number, unit: string, source: string, urn?: string): CostLine {
    return { item, urn, quantity, unit, unitUsd: 0, monthlyUsd: 0, source };
}

/** A condition that will change the bill (a support calendar, an automatic upgrade): $0 here, never silent. */
export function warning(what: string, source: string, urn?: string): CostLine {
    return { item: `warning: ${what}`, urn, quantity: 0, unit: "", unitUsd: 0, monthlyUsd: 0, source };
}

/** A visible gap: something that costs money but has no price in PRICE_TABLE. Never dropped silently. */
export function unpriced(what: string, quantity: number, unit: string, why: string, urn?: string): CostLine {
    return {
        item: `unpriced: ${what}`,
        urn,
        quantity,
        unit,
        unitUsd: 0,
        monthlyUsd: 0,
        source: `${why}; add a price to policy/cost/prices.ts`,
    };
}
