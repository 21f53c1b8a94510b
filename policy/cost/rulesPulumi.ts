/**
 * Pricers for the Pulumi Cloud resources of the drift watch (components/delivery/driftWatch.ts) and its receiver's
 * function URL. A schedule's runs are Pulumi Deployments, billed per deployment minute; webhooks and the schedules
 * themselves carry no charge of their own; a function URL's requests are its function's invocations.
 */
import { str } from "./graph";
import { PRICE_TABLE } from "./prices";
import { Pricer } from "./rulesShared";
import { CostLine, free, priced, unpriced } from "./types";

const FIELD_RANGES: readonly [number, number][] = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 6],
];

/** The values one cron field admits (numbers, `*`, lists, ranges, steps), or undefined when it is not that grammar. */
function fieldValues(field: string, [min, max]: [number, number]): Set<number> | undefined {
    const out = new Set<number>();
    for (const part of field.split(",")) {
        const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
        if (!m) return undefined;
        const from = m[1] === "*" ? min : Number(m[2]);
        const to = m[1] === "*" ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
        const step = m[4] !== undefined ? Number(m[4]) : 1;
        if (from < min || to > max || from > to || step < 1) return undefined;
        for (let v = from; v <= to; v += step) out.add(v);
    }
    return out;
}

/**
 * Runs a 5-field UTC cron makes in 30 days from 2026-01-01 (a month of 4 full weeks and 2 days), minute by minute.
 * Day of month and day of week combine as cron's "either" when both are restricted. Undefined: not a cron.
 */
export function cronRunsPer30Days(cron: string): number | undefined {
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 5) return undefined;
    const sets = fields.map((f, i) => fieldValues(f, FIELD_RANGES[i] as [number, number]));
    if (sets.some((s) => s === undefined)) return undefined;
    const [mins, hours, doms, months, dows] = sets as Set<number>[];
    const domStar = fields[2] === "*";
    const dowStar = fields[4] === "*";
    let runs = 0;
    const start = Date.UTC(2026, 0, 1);
    for (let day = 0; day < 30; day++) {
        const d = new Date(start + day * 86_400_000);
        if (!months.has(d.getUTCMonth() + 1)) continue;
        const domOk = doms.has(d.getUTCDate());
        const dowOk = dows.has(d.getUTCDay());
        if (!(domStar || dowStar ? domOk && dowOk : domOk || dowOk)) continue;
        runs += mins.size * hours.size;
    }
    return runs;
}

/** One schedule: its runs a month × the assumed minutes per run × the deployment-minute price. */
const schedule =
    (what: string): Pricer =>
    (node, ctx) => {
        const cron = str(node.resource.props, "scheduleCron");
        const urn = node.resource.urn;
        const runs = cron === undefined ? undefined : cronRunsPer30Days(cron);
        if (runs === undefined)
            return [
                unpriced(
                    `${what} ${node.name}: runs of schedule "${cron ?? "(none)"}"`,
                    0,
                    "deployment minutes",
                    "not a 5-field cron the estimator reads",
                    urn,
                ),
            ];
        const minutes = ctx.usage.scheduledRunMinutes;
        return [
            priced(
                `${what} ${node.name}: Pulumi Deployments minutes ("${cron}" UTC = ${runs} runs/month × assumed ${minutes} min)`,
                runs * minutes,
                PRICE_TABLE.prices.pulumiDeploymentMinute,
                urn,
            ),
        ];
    };

const webhook: Pricer = (node) => [
    free(
        `Pulumi Cloud webhook ${node.name}`,
        1,
        "webhook",
        "https://www.pulumi.com/docs/pulumi-cloud/webhooks/ — no per-webhook charge; webhooks need the Team, Enterprise or Business Critical edition (the page's note)",
        node.resource.urn,
    ),
];

const functionUrl: Pricer = (node): CostLine[] => [
    free(
        `Lambda function URL ${node.name}: its requests are the function's invocations (priced on the function's line)`,
        1,
        "URL",
        "https://aws.amazon.com/lambda/pricing/ — unverified offline: the page lists no separate charge for function URLs",
        node.resource.urn,
    ),
];

export const pulumiPricers: Record<string, Pricer> = {
    "pulumiservice:index:DriftSchedule": schedule("drift detection"),
    "pulumiservice:index:DeploymentSchedule": schedule("scheduled preview"),
    "pulumiservice:index:Webhook": webhook,
    "aws:lambda/functionUrl:FunctionUrl": functionUrl,
};
