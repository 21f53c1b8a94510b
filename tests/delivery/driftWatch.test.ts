/**
 * The drift watch (components/delivery/driftWatch.ts): its settings refuse bad cron naming the key, the component
 * refuses bad args, and stack main's plan holds, for every stack of ENVIRONMENTS, a drift schedule (no remediation), a
 * scheduled preview and a failure-filtered webhook whose secret is a secret, posting to the receiver's function URL.
 */
import { problemsOf, rawOf } from "../config/helpers";
import { driftWatchArgProblems } from "../../components/delivery/driftWatch";
import { pulumiCronProblem, PAGING_WEBHOOK_FILTERS } from "../../lib/driftRules";
import { ENVIRONMENTS, PROJECT } from "../../lib/naming";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { isSecretEnvelope, RecordedResource, unwrapSecrets } from "../../harness/graph";
import type { ProgramRun } from "../../harness/runProgram";
import { WebhookFilters } from "@pulumi/pulumiservice/types/enums";
import { formatProblem } from "../../lib/problems";

jest.setTimeout(600_000);

describe("pulumiCronProblem (5-field UTC cron, Pulumi Cloud REST API CreateScheduledDeploymentRequest)", () => {
    it.each(["0 5 * * *", "30 5 * * 1-5", "0 */6 * * *", "15 3 1,15 * *", "0 0 * 1-12/3 0"])("accepts %s", (c) =>
        expect(pulumiCronProblem(c)).toBeUndefined(),
    );
    it.each([
        ["0 5 * *", /has 4 fields; Pulumi schedules take 5/],
        ["cron(0 5 * * ? *)", /has 6 fields/],
        ["* 5 * * *", /the minute must be one number/],
        ["*/5 * * * *", /the minute must be one number/],
        ["0 24 * * *", /hour 24 is outside 0-23/],
        ["0 5 0 * *", /day of month 0 is outside 1-31/],
        ["0 5 * 13 *", /month 13 is outside 1-12/],
        ["0 5 * * 7", /day of week 7 is outside 0-6/],
        ["0 5 * * MON", /day of week "MON" is not a number/],
        ["0 9-5 * * *", /hour range 9-5 runs backwards/],
        ["0 5/0 * * *", /hour step 0 never advances/],
    ])("refuses %s", (c, why) => expect(pulumiCronProblem(c)).toMatch(why));
});

describe("the settings and the component refuse bad input, naming the key", () => {
    const main = rawOf("main");
    const withWatch = (patch: Record<string, unknown>) => {
        const platform = JSON.parse(main.platform) as Record<string, unknown>;
        const deployments = (platform.deployments ?? {}) as Record<string, unknown>;
        return {
            ...main,
            platform: JSON.stringify({ ...platform, deployments: { ...deployments, driftWatch: patch } }),
        };
    };

    it("refuses a bad drift or preview cron in the stack file with its key", () => {
        expect(problemsOf(withWatch({ driftCron: "0 5 * *" })).join("\n")).toMatch(
            /platform\.deployments\.driftWatch\.driftCron.*has 4 fields; Pulumi schedules take 5/,
        );
        expect(problemsOf(withWatch({ previewCron: "* * * * *" })).join("\n")).toMatch(
            /platform\.deployments\.driftWatch\.previewCron.*the minute must be one number/,
        );
        expect(problemsOf(withWatch({ enabled: false, driftCron: "0 6 * * *" }))).toEqual([]);
    });

    it("refuses a drift watch whose deployment role would refuse the drift runs (operation detect-drift)", () => {
        const without = {
            ...withWatch({}),
            deployments: JSON.stringify({ ...JSON.parse(main.deployments ?? "{}"), operations: ["update", "refresh"] }),
        };
        expect(problemsOf(without).join("\n")).toMatch(
            /deployments\.operations: lacks "detect-drift", which osprey-strike:platform\.deployments\.driftWatch\.enabled needs/,
        );
        expect(problemsOf({ ...without, platform: withWatch({ enabled: false }).platform })).toEqual([]);
    });

    it("the component names each bad field", () => {
        expect(
            driftWatchArgProblems({
                organization: "",
                stacks: [],
                driftCron: "0 5 * *",
                previewCron: "x 5 * * *",
            }).map(formatProblem),
        ).toEqual([
            "organization: is empty; the schedules need a Pulumi organization",
            "stacks: is empty",
            expect.stringMatching(/^driftCron: "0 5 \* \*" has 4 fields/),
            expect.stringMatching(/^previewCron: "x 5 \* \* \*": the minute must be one number/),
        ]);
    });
});

describe("stack main's plan", () => {
    let run: ProgramRun;
    const created = (type: string) => run.resources.filter((r) => !r.read && r.type === type);
    const inputs = (r: RecordedResource) => unwrapSecrets(r.inputs) as Record<string, unknown>;
    beforeAll(async () => {
        run = await sharedProgramRun("main");
    });

    it("schedules a drift detection (no remediation) for every stack of ENVIRONMENTS, and no preview by default", () => {
        const drift = created("pulumiservice:index:DriftSchedule").map(inputs);
        expect(drift.map((d) => d.stack).sort()).toEqual([...ENVIRONMENTS].sort());
        // A scheduled preview's token would carry operation:preview, which the deployment role refuses.
        expect(created("pulumiservice:index:DeploymentSchedule")).toEqual([]);
        for (const d of drift)
            expect(d).toEqual({
                organization: "organization",
                project: PROJECT,
                stack: d.stack,
                scheduleCron: "0 5 * * *",
                autoRemediate: false,
            });
    });

    it("manages every schedule and webhook with the platform's Pulumi Cloud token, not the deployment's own", () => {
        // A deployment's PULUMI_ACCESS_TOKEN reaches only the stack being deployed: main's refresh would fail on demo's.
        const [provider, ...more] = created("pulumi:providers:pulumiservice");
        expect(more).toEqual([]);
        expect(isSecretEnvelope(provider.inputs.accessToken)).toBe(true);
        const managed = run.resources.filter((r) => !r.read && r.type.startsWith("pulumiservice:"));
        expect(managed.length).toBeGreaterThan(0);
        for (const r of managed)
            expect(String(r.provider)).toMatch(new RegExp(`^${provider.urn.replace(/\$/g, "\\$")}::`));
    });

    it("a raw webhook per stack, filtered to the failures, to the receiver's URL, its HMAC key a secret input", () => {
        const url = inputs(created("aws:lambda/functionUrl:FunctionUrl")[0]);
        expect(url.authorizationType).toBe("NONE");
        const hooks = created("pulumiservice:index:Webhook");
        expect(hooks.map((h) => inputs(h).stackName).sort()).toEqual([...ENVIRONMENTS].sort());
        const enumValues = Object.values(WebhookFilters) as string[];
        for (const h of hooks) {
            const i = inputs(h);
            expect(i).toMatchObject({
                format: "raw",
                active: true,
                projectName: PROJECT,
                organizationName: "organization",
            });
            expect(i.filters).toEqual([...PAGING_WEBHOOK_FILTERS]);
            for (const f of PAGING_WEBHOOK_FILTERS) expect(enumValues).toContain(f);
            expect(String(i.payloadUrl)).toMatch(/^https:\/\/[0-9a-f]{32}\.lambda-url\.us-east-1\.on\.aws$/);
            expect(isSecretEnvelope(h.inputs.secret)).toBe(true);
            expect(String(i.secret)).toHaveLength(48);
        }
    });

    it("the receiver: its own role, small reserved concurrency, the secret's ARN and the alarm topic in its environment", () => {
        const [fn] = created("aws:lambda/function:Function").filter((f) => f.name === "osprey-drift-receiver");
        const i = inputs(fn);
        expect(i.reservedConcurrentExecutions).toBe(2);
        expect(i.name).toBe("osprey-strike-pulumi-webhook");
        const env = (i.environment as { variables: Record<string, string> }).variables;
        expect(env.ALARM_TOPIC_ARN).toBe(run.outputs.outputs.alarmTopicArn);
        expect(env.WEBHOOK_SECRET_ARN).toMatch(/:secret:osprey-strike\/platform\/deployments\/webhook-secret-/);
        // The secret's value is stored as a secret and appears in no plain input of the run.
        const version = created("aws:secretsmanager/secretVersion:SecretVersion").find((v) => /drift/.test(v.name))!;
        expect(isSecretEnvelope(version.inputs.secretString)).toBe(true);
        const value = String(inputs(version).secretString);
        const plain: string[] = [];
        const walk = (v: unknown): void => {
            if (isSecretEnvelope(v)) return;
            if (typeof v === "string") plain.push(v);
            else if (Array.isArray(v)) v.forEach(walk);
            else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
        };
        run.resources.forEach((r) => walk(r.inputs));
        expect(plain.filter((v) => v.includes(value))).toEqual([]);
    });

    it("demo's plan creates none of it (the platform's stack owns every stack's schedules)", async () => {
        const demo = await sharedProgramRun("demo");
        expect(demo.resources.filter((r) => r.type.startsWith("pulumiservice:"))).toEqual([]);
        expect(demo.resources.filter((r) => r.name.startsWith("osprey-drift"))).toEqual([]);
    });
});
