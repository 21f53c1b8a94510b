/**
 * Contract types of the monthly cost estimator, the usage assumptions it prices with, and the money
 * arithmetic every pricer shares. Pure: no Pulumi imports, no I/O.
 */
import { Price } from "./prices";

/** A resource as the engine hands it to a policy pack (or as tools/graph.ts records it). */
export interface CostResource {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
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

/**
 * What the estimator cannot read from resource inputs. Every default is documented with where it comes
 * from; each line priced from one of these names the assumption in its `item`.
 */
export interface UsageAssumptions {
    /** GB per month processed by all NAT gateways together. Default 30: RESEARCH.md's NAT line "~$37.85 with its IP" is 32.85 + 3.65 + 30 GB × $0.045. */
    natGbPerMonth: number;
    /** Average LCUs each ALB consumes every hour. Default 1 (a quiet ALB bills at least its traffic's largest dimension). */
    albLcuAverage: number;
    /** Availability zones each ALB spans; an internet-facing ALB holds one public IPv4 per AZ. Default 2 (the minimum an ALB accepts). */
    albAvailabilityZones: number;
    /** GB of images stored per ECR repository. Default 12.5: the seed's ECR line (~$5/month) over its 4 components (api, web, mock, mcp) = 50 GB × $0.10. */
    ecrGbPerRepo: number;
    /** GB stored per S3 bucket (Standard). Default 10. */
    s3GbPerBucket: number;
    /** GB ingested per month per CloudWatch log group. Default 1. */
    logsGbPerMonth: number;
    /** GB per month leaving AWS for the internet, whole stack. Default 210: (210 − 100 free) × $0.09 = $9.90, the seed's "Data Transfer ~$10". */
    egressGbPerMonth: number;
    /** Price EKS control planes at the extended-support rate ($0.60/h) because the cluster's Kubernetes version left standard support. Default false. */
    eksExtendedSupport: boolean;
    /** Invocations per month of each Lambda function. Default 730: the Cloudflare IP sync runs hourly. */
    lambdaInvocationsPerMonth: number;
    /** Average duration of one Lambda invocation, seconds. Default 5. */
    lambdaAvgSeconds: number;
}

export const DEFAULT_USAGE: Readonly<UsageAssumptions> = Object.freeze({
    natGbPerMonth: 30,
    albLcuAverage: 1,
    albAvailabilityZones: 2,
    ecrGbPerRepo: 12.5,
    s3GbPerBucket: 10,
    logsGbPerMonth: 1,
    egressGbPerMonth: 210,
    eksExtendedSupport: false,
    lambdaInvocationsPerMonth: 730,
    lambdaAvgSeconds: 5,
});

/** Merges overrides onto the defaults; a negative, NaN or infinite number is a caller bug and throws, naming the field. */
export function resolveUsage(usage: Partial<UsageAssumptions> = {}): UsageAssumptions {
    const merged: UsageAssumptions = { ...DEFAULT_USAGE, ...usage };
    for (const [key, value] of Object.entries(merged)) {
        if (key === "eksExtendedSupport") {
            if (typeof value !== "boolean") throw new Error(`usage.${key} must be a boolean, got ${JSON.stringify(value)}`);
        } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            throw new Error(`usage.${key} must be a finite number >= 0, got ${JSON.stringify(value)}`);
        }
    }
    return merged;
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
    return { item, urn, quantity, unit: price.unit, unitUsd: price.usd, monthlyUsd: roundCents(quantity * price.usd), source: price.source };
}

/** A line that costs nothing by design (free tier, free plan), kept so the table shows it was considered. */
export function free(item: string, quantity: number, unit: string, source: string, urn?: string): CostLine {
    return { item, urn, quantity, unit, unitUsd: 0, monthlyUsd: 0, source };
}

/** A visible gap: something that costs money but has no price in PRICE_TABLE. Never dropped silently. */
export function unpriced(what: string, quantity: number, unit: string, why: string, urn?: string): CostLine {
    return { item: `unpriced: ${what}`, urn, quantity, unit, unitUsd: 0, monthlyUsd: 0, source: `${why}; add a price to policy/prices.ts` };
}
