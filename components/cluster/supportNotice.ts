/**
 * The EKS support calendar's warning as a scheduled notice, like the origin-pull ones (components/alarms): a one-time
 * EventBridge rule at the pinned minor's end of standard support minus `platform.cluster.supportNoticeDays` publishes to
 * the alarm topic, so it pages on that day without anyone running the program. The rule moves when kubernetesVersion
 * changes. A notice time already past never fires (as with the origin-pull notices): from then on every preview and up
 * warn (supportCalendar.ts), in the daily scheduled preview too (components/delivery/driftWatch.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { noticeCron, RUNBOOK_ANCHORS, runbookText } from "../../lib/alarmRules";
import { EKS_STANDARD_SUPPORT_END } from "../../policy/supportCalendars";

export interface SupportNoticeArgs {
    clusterName: string;
    kubernetesVersion: string;
    /** Days before the end of standard support (platform.cluster.supportNoticeDays). */
    days: number;
    alarmTopicArn: pulumi.Input<string>;
    /** The day the program runs (tests pin it): only says whether the notice is already past. */
    today: Date;
}

/** When the notice fires (RFC 3339, `past` when it already has) and its message; undefined for a minor not in the calendar. */
export function supportNoticePlan(
    a: Pick<SupportNoticeArgs, "kubernetesVersion" | "days" | "today">,
): { at: string; past: boolean; cron: string; message: string } | undefined {
    const end = EKS_STANDARD_SUPPORT_END[a.kubernetesVersion];
    if (!end) return undefined;
    const endTime = `${end}T00:00:00Z`;
    const at = new Date(Date.parse(endTime) - a.days * 86_400_000);
    const cron = noticeCron(endTime, a.days);
    if (!cron) return undefined;
    return {
        at: at.toISOString(),
        past: at.getTime() <= a.today.getTime(),
        cron,
        message: runbookText(
            RUNBOOK_ANCHORS.eksSupportEnding,
            `EKS standard support for Kubernetes ${a.kubernetesVersion} ends on ${end} (in ${a.days} days); after that EKS bills extended support ($0.60/h instead of $0.10/h per cluster). Upgrade one minor at a time (docs/runbook.md, Upgrade).`,
        ),
    };
}

/** The rule and its target under `parent`; nothing when supportNoticePlan has nothing to schedule. */
export function supportNotice(parent: pulumi.Resource, name: string, args: SupportNoticeArgs): void {
    const plan = supportNoticePlan(args);
    if (!plan) return;
    const rule = new aws.cloudwatch.EventRule(
        `${name}-eks-support-notice`,
        {
            name: `${args.clusterName}-eks-support-ending`,
            description: `${args.clusterName}: ${args.days} days before EKS standard support for ${args.kubernetesVersion} ends`,
            scheduleExpression: plan.cron,
        },
        { parent },
    );
    new aws.cloudwatch.EventTarget(
        `${name}-eks-support-notice`,
        { rule: rule.name, arn: args.alarmTopicArn, input: JSON.stringify(plan.message) },
        { parent },
    );
}
