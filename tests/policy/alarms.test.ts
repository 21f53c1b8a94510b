/**
 * alarms-notify: an alarm or a budget that tells no one is refused. One compliant baseline per type; each case changes
 * one field (missing, empty, not an SNS topic, a notification without subscriber, unknown during preview).
 */
import { unknown } from "@pulumi/pulumi/output";
import { check } from "./helpers";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const BUDGET = "aws:budgets/budget:Budget";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:osprey-sync-alarms-a353a2a";
const alarm = (props: Record<string, unknown>) => check("alarms-notify", { type: ALARM, props });
const budget = (props: Record<string, unknown>) => check("alarms-notify", { type: BUDGET, props });
const notification = (extra: Record<string, unknown> = {}) => ({
    notificationType: "ACTUAL",
    comparisonOperator: "GREATER_THAN",
    threshold: 100,
    thresholdType: "PERCENTAGE",
    subscriberSnsTopicArns: [TOPIC],
    ...extra,
});

describe("alarms-notify: metric alarms", () => {
    it("passes an alarm whose every action is an SNS topic", async () => {
        expect(await alarm({ alarmActions: [TOPIC], okActions: [TOPIC] })).toEqual([]);
        expect(await alarm({ alarmActions: [`${TOPIC}.fifo`] })).toEqual([]);
    });
    it("refuses an alarm without actions, undefined or empty", async () => {
        expect(await alarm({})).toEqual([expect.stringContaining("has no alarmActions")]);
        expect(await alarm({ alarmActions: [] })).toEqual([expect.stringContaining("has no alarmActions")]);
    });
    it("refuses an action that is not an SNS topic (an Auto Scaling policy, an EC2 action, a Lambda)", async () => {
        const others = [
            "arn:aws:automate:us-east-1:ec2:reboot",
            "arn:aws:lambda:us-east-1:123456789012:function:page",
            "arn:aws:sns:us-east-1:123456789012", // no topic name
        ];
        expect(await alarm({ alarmActions: [TOPIC, ...others] })).toEqual(
            others.map((a) => expect.stringContaining(`alarm action ${a} is not an SNS topic ARN`)),
        );
    });
    it("does not judge actions unknown during preview (the topic made in the same run)", async () => {
        expect(await alarm({ alarmActions: unknown })).toEqual([]);
    });
    it("ignores other types", async () => {
        expect(await check("alarms-notify", { type: "aws:sns/topic:Topic", props: {} })).toEqual([]);
    });
});

describe("alarms-notify: budgets", () => {
    it("passes a budget whose notifications each have a subscriber", async () => {
        expect(
            await budget({
                notifications: [
                    notification({ notificationType: "FORECASTED" }),
                    notification({ subscriberSnsTopicArns: [], subscriberEmailAddresses: ["ops@example.com"] }),
                ],
            }),
        ).toEqual([]);
    });
    it("refuses a budget without notifications, undefined or empty", async () => {
        expect(await budget({})).toEqual([expect.stringContaining("has no notifications")]);
        expect(await budget({ notifications: [] })).toEqual([expect.stringContaining("has no notifications")]);
    });
    it("refuses a notification without subscriber", async () => {
        expect(
            await budget({
                notifications: [
                    notification(),
                    notification({ notificationType: "FORECASTED", subscriberSnsTopicArns: [] }),
                ],
            }),
        ).toEqual([expect.stringContaining("notification 1 (FORECASTED) has no subscriber")]);
    });
    it("does not judge notifications unknown during preview", async () => {
        expect(await budget({ notifications: unknown })).toEqual([]);
    });
});
