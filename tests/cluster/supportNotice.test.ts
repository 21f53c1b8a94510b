/**
 * The EKS support calendar's scheduled notice (components/cluster/supportNotice.ts): the rule's one-time cron is the
 * calendar's end of standard support minus the setting's days (EventBridge six-field cron, lib/alarmRules.ts
 * noticeCron), its message names the runbook section, and stack main's plan sends it to the alarm topic.
 */
import { supportNoticePlan } from "../../components/cluster/supportNotice";
import { EKS_STANDARD_SUPPORT_END } from "../../policy/supportCalendars";
import { RUNBOOK_ANCHORS, runbookAnchorOf } from "../../lib/alarmRules";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { unwrapSecrets } from "../../harness/graph";

jest.setTimeout(600_000);

describe("supportNoticePlan", () => {
    const today = new Date("2026-12-07T00:00:00Z");

    it("fires the setting's days before the calendar's end of standard support (1.35: 2027-03-27 − 90 days)", () => {
        expect(EKS_STANDARD_SUPPORT_END["1.35"]).toBe("2027-03-27");
        const p = supportNoticePlan({ kubernetesVersion: "1.35", days: 90, today })!;
        expect(p.at).toBe("2026-12-27T00:00:00.000Z");
        expect(p.cron).toBe("cron(0 0 27 12 ? 2026)");
        expect(p.past).toBe(false);
        expect(runbookAnchorOf(p.message)).toBe(RUNBOOK_ANCHORS.eksSupportEnding);
        expect(p.message).toMatch(/Kubernetes 1\.35 ends on 2027-03-27 \(in 90 days\)/);
        expect(supportNoticePlan({ kubernetesVersion: "1.35", days: 30, today })!.cron).toBe("cron(0 0 25 2 ? 2027)");
    });

    it("says when the time is already past, and schedules nothing for a minor the calendar lacks", () => {
        expect(
            supportNoticePlan({ kubernetesVersion: "1.35", days: 90, today: new Date("2027-01-01T00:00:00Z") })?.past,
        ).toBe(true);
        expect(supportNoticePlan({ kubernetesVersion: "1.99", days: 90, today })).toBeUndefined();
    });
});

it("stack main's plan: the rule at the cluster's notice time, its target the alarm topic with the message", async () => {
    const run = await sharedProgramRun("main");
    const rule = run.resources.find(
        (r) => r.type === "aws:cloudwatch/eventRule:EventRule" && /eks-support/.test(r.name),
    );
    const target = run.resources.find(
        (r) => r.type === "aws:cloudwatch/eventTarget:EventTarget" && /eks-support/.test(r.name),
    );
    const version = String(run.outputs.outputs.kubernetesVersion);
    const plan = supportNoticePlan({ kubernetesVersion: version, days: 90, today: new Date() })!;
    expect(unwrapSecrets(rule!.inputs)).toMatchObject({
        name: "osprey-eks-support-ending",
        scheduleExpression: plan.cron,
    });
    const t = unwrapSecrets(target!.inputs) as Record<string, unknown>;
    expect(t.arn).toBe(run.outputs.outputs.alarmTopicArn);
    expect(runbookAnchorOf(JSON.parse(String(t.input)))).toBe(RUNBOOK_ANCHORS.eksSupportEnding);
});
