/**
 * Alarms and the runbook are one contract, over BOTH stacks' recorded graphs (the plans' own runs): every CloudWatch
 * alarm's description names a `###` section under `## Alarms` in docs/runbook.md, and so do the notifiers whose message
 * AWS writes (RDS event subscriptions and budgets, by their `osprey:runbook` tag), the origin-pull notices (their
 * message) and the Pulumi webhook receiver's messages (one per kind, functions/pulumiWebhookReceiver.ts
 * WEBHOOK_RUNBOOK_ANCHORS, wherever a plan creates the receiver and its webhooks); every such section has its three
 * parts; and the runbook describes no alarm that no plan creates.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedResource } from "../../harness/graph";
import { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import {
    alarmSections,
    githubAnchor,
    RUNBOOK_ANCHORS,
    RUNBOOK_TAG,
    runbookAnchorOf,
    RunbookReference,
    runbookMismatches,
} from "../../lib/alarmRules";
import { reveal } from "../graphHelpers";
import { noticeOf, WEBHOOK_RUNBOOK_ANCHORS, WebhookMessageKind } from "../../functions/pulumiWebhookReceiver";

jest.setTimeout(600_000);

const RUNBOOK = readFileSync(join(__dirname, "..", "..", "docs", "runbook.md"), "utf8");
const T = {
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    rdsEvents: "aws:rds/eventSubscription:EventSubscription",
    budget: "aws:budgets/budget:Budget",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    topicSubscription: "aws:sns/topicSubscription:TopicSubscription",
    lambda: "aws:lambda/function:Function",
};

/** Every notifier of a run and the section it names: alarms by description, tagged notifiers by tag, notices by message. */
function references(stack: string, run: ProgramRun): RunbookReference[] {
    const created = run.resources.filter((r: RecordedResource) => !r.read);
    const out: RunbookReference[] = [];
    for (const r of created) {
        const inputs = reveal(r.inputs) as Record<string, unknown>;
        const resource = `${r.type.split(":").pop()} ${r.name}`;
        if (r.type === T.alarm) out.push({ stack, resource, anchor: runbookAnchorOf(inputs.alarmDescription) });
        if (r.type === T.rdsEvents || r.type === T.budget) {
            const tags = (inputs.tags ?? {}) as Record<string, unknown>;
            out.push({
                stack,
                resource,
                anchor: typeof tags[RUNBOOK_TAG] === "string" ? (tags[RUNBOOK_TAG] as string) : undefined,
            });
        }
        // The webhook receiver writes its messages itself: each kind it can send names its section (its first line).
        if (r.type === T.lambda && /WEBHOOK_SECRET_ARN/.test(JSON.stringify(inputs.environment)))
            for (const kind of Object.keys(WEBHOOK_RUNBOOK_ANCHORS) as WebhookMessageKind[])
                out.push({ stack, resource: `${resource} message "${kind}"`, anchor: runbookAnchorOf(sample(kind)) });
        // A rule's target whose ARN is an SNS topic posts its input (the notice's message, a JSON string) or, for an
        // event it forwards (the restore rehearsal's failures), its input transformer's template (a quoted string).
        if (r.type === T.eventTarget && /^arn:aws[a-z-]*:sns:/.test(String(inputs.arn))) {
            out.push({ stack, resource, anchor: runbookAnchorOf(targetMessage(inputs)) });
        }
    }
    return out;
}

/** The message an EventBridge target posts: its constant input, or its input transformer's string template. */
function targetMessage(inputs: Record<string, unknown>): unknown {
    const template = (inputs.inputTransformer as { inputTemplate?: unknown } | undefined)?.inputTemplate;
    const text = typeof inputs.input === "string" ? inputs.input : typeof template === "string" ? template : undefined;
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** A message of each kind as the receiver writes it (noticeOf over a payload of that kind, the docs' field names). */
function sample(kind: WebhookMessageKind): string | undefined {
    const base = { organization: { name: "acme" }, projectName: "osprey-strike", stackName: "main" };
    const payload =
        kind === "drift"
            ? { ...base, kind: "detect-drift", result: "failed" }
            : kind === "preview"
              ? { ...base, kind: "update", result: "failed", isPreview: true }
              : { ...base, operation: "update", status: "failed" };
    return noticeOf(kind === "update" ? "deployment" : "stack_update", payload)?.message;
}

let runs: Record<string, ProgramRun>;
let refs: RunbookReference[];
beforeAll(async () => {
    runs = { main: await sharedProgramRun("main"), demo: await sharedProgramRun("demo") };
    refs = Object.entries(runs).flatMap(([stack, run]) => references(stack, run));
});

describe("alarms and docs/runbook.md", () => {
    it("hold to each other in both plans: no notifier without its section, no section without its three parts or its alarm", () => {
        expect(runbookMismatches(refs, alarmSections(RUNBOOK))).toEqual([]);
    });

    it("covers every kind of alarm the program makes, in both stacks (the serving path per environment)", () => {
        const byStack = (stack: string) => new Set(refs.filter((r) => r.stack === stack).map((r) => r.anchor));
        const perEnvironment = [
            RUNBOOK_ANCHORS.albElb5xx,
            RUNBOOK_ANCHORS.albTarget5xx,
            RUNBOOK_ANCHORS.albUnhealthy,
            RUNBOOK_ANCHORS.albSlow,
            RUNBOOK_ANCHORS.rdsStorage,
            RUNBOOK_ANCHORS.rdsMemory,
            RUNBOOK_ANCHORS.rdsCpu,
            RUNBOOK_ANCHORS.rdsConnections,
            RUNBOOK_ANCHORS.rdsEvents,
            RUNBOOK_ANCHORS.acmExpiry,
            RUNBOOK_ANCHORS.originPullExpiry,
            // PostgreSQL 18 is in the RDS calendar (policy/supportCalendars.ts): each database has its notice.
            RUNBOOK_ANCHORS.rdsSupportEnding,
        ];
        for (const stack of ["main", "demo"])
            expect([...byStack(stack)]).toEqual(expect.arrayContaining(perEnvironment));
        // The database's restore rehearsal: on for main, off for demo (data.database.restoreRehearsal.enabled).
        expect(byStack("main").has(RUNBOOK_ANCHORS.restoreRehearsalFailed)).toBe(true);
        expect(byStack("demo").has(RUNBOOK_ANCHORS.restoreRehearsalFailed)).toBe(false);
        // The platform's own: the IP sync's two alarms and the account's budget, only where the platform is owned.
        const platformOnly = [
            RUNBOOK_ANCHORS.ipSyncFailed,
            RUNBOOK_ANCHORS.ipSyncRefused,
            RUNBOOK_ANCHORS.budget,
            // The drift watch (the platform's stack owns every stack's schedules): its receiver's alarms and messages.
            RUNBOOK_ANCHORS.webhookReceiver,
            // The cluster's EKS support notice (components/cluster/supportNotice.ts).
            RUNBOOK_ANCHORS.eksSupportEnding,
            ...Object.values(WEBHOOK_RUNBOOK_ANCHORS),
        ];
        expect([...byStack("main")]).toEqual(expect.arrayContaining(platformOnly));
        for (const a of platformOnly) expect(byStack("demo").has(a)).toBe(false);
        // Every anchor the program knows is a section heading's GitHub anchor.
        const sections = alarmSections(RUNBOOK);
        expect(Object.values(RUNBOOK_ANCHORS).filter((a) => !sections.has(a))).toEqual([]);
        expect(Object.values(WEBHOOK_RUNBOOK_ANCHORS).filter((a) => !sections.has(a))).toEqual([]);
    });

    it("every alarm and every notifier sends to the platform's one alarm topic, the ARN main exports", () => {
        const topic = runs.main.outputs.outputs.alarmTopicArn;
        expect(topic).toMatch(/^arn:aws:sns:us-east-1:\d{12}:osprey-sync-alarms-/);
        for (const [stack, run] of Object.entries(runs)) {
            const created = run.resources
                .filter((r) => !r.read)
                .map((r) => ({ ...r, inputs: reveal(r.inputs) as Record<string, unknown> }));
            const alarms = created.filter((r) => r.type === T.alarm);
            expect(alarms.length).toBeGreaterThanOrEqual(stack === "main" ? 11 : 9);
            for (const a of alarms) {
                expect([stack, a.name, a.inputs.alarmActions]).toEqual([stack, a.name, [topic]]);
                expect([stack, a.name, a.inputs.okActions]).toEqual([stack, a.name, [topic]]);
            }
            for (const s of created.filter((r) => r.type === T.rdsEvents)) expect(s.inputs.snsTopic).toBe(topic);
            for (const t of created.filter(
                (r) => r.type === T.eventTarget && /origin-pull|restore-rehearsal|eks-support|rds-support/.test(r.name),
            ))
                expect(t.inputs.arn).toBe(topic);
            for (const b of created.filter((r) => r.type === T.budget))
                for (const n of b.inputs.notifications as { subscriberSnsTopicArns: string[] }[])
                    expect(n.subscriberSnsTopicArns).toEqual([topic]);
        }
    });
});

describe("the contract's checks can fail", () => {
    const sections = alarmSections(RUNBOOK);

    it("a runbook without one alarm's section: every notifier that names it is reported", () => {
        const heading = sections.get(RUNBOOK_ANCHORS.rdsCpu)!.heading;
        const cut = RUNBOOK.replace(new RegExp(`\\n### ${heading}\\n[\\s\\S]*?(?=\\n### )`), "\n");
        expect(cut).not.toBe(RUNBOOK);
        const problems = runbookMismatches(refs, alarmSections(cut));
        expect(problems).toEqual([
            expect.stringMatching(
                /^main: MetricAlarm main-alarms-rds-cpu names docs\/runbook.md#rds-high-cpu, which has no/,
            ),
            expect.stringMatching(
                /^demo: MetricAlarm demo-alarms-rds-cpu names docs\/runbook.md#rds-high-cpu, which has no/,
            ),
        ]);
    });

    it("a section without one of its parts, and a section of an alarm no plan creates", () => {
        const noConfirm = RUNBOOK.replace(/(### RDS high CPU\n[\s\S]*?)\*\*Confirm:\*\*/, "$1Confirm:");
        expect(runbookMismatches(refs, alarmSections(noConfirm))).toEqual([
            'docs/runbook.md#rds-high-cpu ("RDS high CPU") lacks **Confirm:**',
        ]);
        const orphan = RUNBOOK.replace(
            "\n### RDS high CPU\n",
            "\n### RDS replica lag\n\n**Means:** x\n**Confirm:** y\n**Do:** z\n\n### RDS high CPU\n",
        );
        expect(runbookMismatches(refs, alarmSections(orphan))).toEqual([
            'docs/runbook.md#rds-replica-lag ("RDS replica lag") describes an alarm no plan creates',
        ]);
    });

    it("an alarm whose description names no section", () => {
        expect(
            runbookMismatches(
                [{ stack: "main", resource: "MetricAlarm x", anchor: runbookAnchorOf("CPU is high") }],
                new Map(),
            ),
        ).toEqual([expect.stringContaining("main: MetricAlarm x names no runbook section")]);
    });

    it("anchors are GitHub's; a shell comment in a fenced block is no heading; no ## Alarms is an error", () => {
        expect(githubAnchor("ALB 5XX from the load balancer")).toBe("alb-5xx-from-the-load-balancer");
        expect(githubAnchor("RDS: events (db-instance)")).toBe("rds-events-db-instance");
        const md =
            "## Alarms\n\n### A b\n\n```sh\n### not a heading\n## nor this\n```\n**Means:** m\n\n## Next\n### Elsewhere\n";
        expect([...alarmSections(md).keys()]).toEqual(["a-b"]);
        expect(() => alarmSections("# Runbook\n## Other\n")).toThrow(/has no "## Alarms" section/);
    });
});
