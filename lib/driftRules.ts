/**
 * The drift watch's rules (pure): the cron expressions Pulumi Cloud's schedules take, and the webhook filters that page.
 * Shared by the config settings (config/settings.ts platform.deployments.driftWatch) and components/delivery/driftWatch.ts.
 */

/**
 * A schedule's cron as Pulumi Cloud takes it: "standard 5-field cron syntax (MIN HOUR DOM MON DOW) and is evaluated in
 * UTC" (Pulumi Cloud REST API, CreateScheduledDeploymentRequest.scheduleCron). Numbers, `*`, lists, ranges and steps;
 * names (MON, JAN) are refused to keep one spelling. The minute field must be one number, so a schedule runs at most
 * once an hour: every run is a deployment and costs deployment minutes (policy/cost/).
 */
const FIELDS = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12 },
    { name: "day of week", min: 0, max: 6 },
] as const;

function fieldProblem(value: string, f: (typeof FIELDS)[number]): string | undefined {
    for (const part of value.split(",")) {
        const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
        if (!m) return `${f.name} "${part}" is not a number, *, a range a-b or a step x/n`;
        const nums = [m[2], m[3]].filter((n): n is string => n !== undefined).map(Number);
        const bad = nums.find((n) => n < f.min || n > f.max);
        if (bad !== undefined) return `${f.name} ${bad} is outside ${f.min}-${f.max}`;
        if (nums.length === 2 && nums[0] > nums[1]) return `${f.name} range ${part} runs backwards`;
        if (m[4] !== undefined && Number(m[4]) === 0) return `${f.name} step 0 never advances`;
    }
    return undefined;
}

/** What is wrong with a schedule's cron, or undefined. */
export function pulumiCronProblem(v: string): string | undefined {
    const fields = v.trim().split(/\s+/);
    if (fields.length !== FIELDS.length)
        return `"${v}" has ${fields.length} fields; Pulumi schedules take 5 (minute hour day-of-month month day-of-week, UTC), e.g. "0 5 * * *"`;
    if (!/^\d+$/.test(fields[0]))
        return `"${v}": the minute must be one number (at most one run an hour; each run is a billed deployment)`;
    for (let i = 0; i < FIELDS.length; i++) {
        const p = fieldProblem(fields[i], FIELDS[i]);
        if (p) return `"${v}": ${p}`;
    }
    return undefined;
}

/**
 * The stack webhook's filters: the failures that page (the enum WebhookFilters of @pulumi/pulumiservice 1.3.0,
 * types/enums; Pulumi docs, webhooks, "Event Filtering"). Successes and queued/started events are not sent, nor
 * preview_failed: a stack's webhook hears every preview of the stack, an engineer's local one included, and a failed
 * local preview is that engineer's to read, not the on-call's (a failed scheduled preview is a deployment_failed).
 */
export const PAGING_WEBHOOK_FILTERS = [
    "drift_detected",
    "drift_detection_failed",
    "update_failed",
    "deployment_failed",
] as const;
