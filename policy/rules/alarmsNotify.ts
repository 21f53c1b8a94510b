/**
 * An alarm that notifies no one is a dashboard: every CloudWatch metric alarm has alarm actions, and each is an SNS
 * topic (the platform's alarm topic, which pages through its subscription); every AWS Budget has notifications, each
 * with a subscriber. Values unknown during preview (a topic created in the same run) are not judged.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { arrayOf, objectOf, peek, UNKNOWN } from "../lib/props";

const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const BUDGET = "aws:budgets/budget:Budget";
/** An SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>); a FIFO topic's name ends in .fifo. */
export const SNS_TOPIC_ARN_RE = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

export const alarmsNotify: ResourceValidationPolicy = {
    name: "alarms-notify",
    description:
        "Every CloudWatch metric alarm has alarm actions and each is an SNS topic; every AWS Budget has notifications, each with a subscriber.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set alarmActions (and okActions) to the platform's alarm topic (PlatformOutputs.alarmTopicArn); give each budget notification subscriberSnsTopicArns with that topic.",
    validateResource: (args, report) => {
        if (args.type === METRIC_ALARM) {
            const actions = peek(args.props, "alarmActions");
            if (actions === UNKNOWN) return;
            const list = arrayOf(actions);
            if (list.length === 0) {
                report("has no alarmActions: it would change state and tell no one; send it to the alarm topic");
                return;
            }
            for (const a of list) {
                if (typeof a !== "string") continue; // unknown during preview
                if (!SNS_TOPIC_ARN_RE.test(a))
                    report(`alarm action ${a} is not an SNS topic ARN: actions must notify the alarm topic`);
            }
        }
        if (args.type === BUDGET) {
            const notifications = peek(args.props, "notifications");
            if (notifications === UNKNOWN) return;
            const list = arrayOf(notifications);
            if (list.length === 0) {
                report("has no notifications: it would be exceeded silently; notify the alarm topic");
                return;
            }
            list.forEach((n, i) => {
                const o = objectOf(n) ?? {};
                const subscribers = [...arrayOf(o.subscriberSnsTopicArns), ...arrayOf(o.subscriberEmailAddresses)];
                if (subscribers.length === 0)
                    report(`notification ${i} (${String(o.notificationType)}) has no subscriber`);
            });
        }
    },
};
