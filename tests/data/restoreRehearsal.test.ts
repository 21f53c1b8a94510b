/**
 * The database restore rehearsal (components/data/restoreRehearsal.ts, lib/restoreRehearsal.ts): its settings (on for
 * main, off for demo; bad values refused naming the key), the component refusing bad args before any resource, and the
 * graph both plans record: what AWS Backup protects, where the throwaway instance lands, and where a failure goes.
 *
 * The overridable keys below are AWS's list for "Amazon RDS instances" (AWS Backup developer guide, "Restore testing
 * inferred metadata", read through the search tool on 2026-12-07).
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../harness/graph";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { RestoreRehearsal, RestoreRehearsalArgs } from "../../components/data/restoreRehearsal";
import {
    rehearsalOverrides,
    RESTORE_REHEARSAL_DEFAULTS,
    restoreFailurePattern,
    restorePlanName,
} from "../../lib/restoreRehearsal";
import { RUNBOOK_ANCHORS, runbookAnchorOf } from "../../lib/alarmRules";
import { problemsOf, rawOf } from "../config/helpers";
import { reveal, stackConfig } from "../graphHelpers";

jest.setTimeout(600_000);

const T = {
    vault: "aws:backup/vault:Vault",
    plan: "aws:backup/plan:Plan",
    selection: "aws:backup/selection:Selection",
    testingPlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
    testingSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    db: "aws:rds/instance:Instance",
    subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    role: "aws:iam/role:Role",
    key: "aws:kms/key:Key",
};
/** AWS's overridable restore metadata of an RDS instance (the page named above). */
const RDS_OVERRIDABLE = [
    "allocatedStorage",
    "availabilityZones",
    "dbInstanceClass",
    "dbName",
    "dbParameterGroupName",
    "dbSubnetGroupName",
    "domain",
    "domainIamRoleName",
    "enableCloudwatchLogsExports",
    "enableIamDatabaseAuthentication",
    "iops",
    "licensemodel",
    "multiAz",
    "optionGroupName",
    "port",
    "processorFeatures",
    "publiclyAccessible",
    "storageType",
    "vpcSecurityGroupIds",
];

const created = (run: ProgramRun) =>
    run.resources
        .filter((r) => !r.read)
        .map((r) => ({ ...r, inputs: reveal(r.inputs) as Record<string, unknown> }) as RecordedResource);
const only = (rs: RecordedResource[], type: string) => {
    const found = rs.filter((r) => r.type === type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0];
};

describe("the restore metadata and the failure pattern", () => {
    const overrides = rehearsalOverrides({
        subnetGroupName: "main-db-0123abc",
        securityGroupId: "sg-0123456789abcdef0",
        parameterGroupName: "main-db-postgres18-0123abc",
        instanceClass: "db.t4g.micro",
    });

    it("overrides only keys AWS Backup lets a restore test override for RDS instances", () => {
        expect(Object.keys(overrides).filter((k) => !RDS_OVERRIDABLE.includes(k))).toEqual([]);
    });

    it("keeps the instance private, single-AZ and small; the security group as the JSON array AWS asks for", () => {
        expect(overrides).toEqual({
            dbInstanceClass: "db.t4g.micro",
            dbSubnetGroupName: "main-db-0123abc",
            vpcSecurityGroupIds: '["sg-0123456789abcdef0"]',
            dbParameterGroupName: "main-db-postgres18-0123abc",
            publiclyAccessible: "false",
            multiAz: "false",
        });
    });

    it("matches failed and aborted restore jobs of one plan only (the Restore Job event's fields)", () => {
        const arn = "arn:aws:backup:us-east-1:123456789012:restore-testing-plan:osprey_main_db_rehearsal-abc123";
        expect(restoreFailurePattern(arn)).toEqual({
            source: ["aws.backup"],
            "detail-type": ["Restore Job State Change"],
            detail: { status: ["FAILED", "ABORTED"], restoreTestingPlanArn: [arn] },
        });
    });

    it("names the plan as AWS Backup allows (alphanumerics and underscores, at most 50)", () => {
        expect(restorePlanName("osprey-main")).toBe("osprey_main_db_rehearsal");
        expect(() => restorePlanName("x".repeat(40))).toThrow(/not a restore testing plan name/);
    });
});

describe("data.database.restoreRehearsal", () => {
    const main = rawOf("main");
    const withRehearsal = (stack: "main" | "demo", value: Record<string, unknown>) => ({
        ...rawOf(stack),
        data: JSON.stringify({ database: { restoreRehearsal: value } }),
    });

    it("is on for main and off for demo by default, weekly, one hour, the smallest class", () => {
        expect(stackConfig("main").data.database.restoreRehearsal).toEqual({
            enabled: true,
            schedule: RESTORE_REHEARSAL_DEFAULTS.schedule,
            validationWindowHours: 1,
            instanceClass: "db.t4g.micro",
        });
        expect(stackConfig("demo").data.database.restoreRehearsal.enabled).toBe(false);
        expect(problemsOf(main)).toEqual([]);
    });

    it("refuses a bad schedule, window and class, each naming its key", () => {
        expect(
            problemsOf(
                withRehearsal("main", {
                    schedule: "rate(7 days)",
                    validationWindowHours: 0,
                    instanceClass: "db.x9.huge",
                }),
            ),
        ).toEqual([
            expect.stringMatching(
                /^osprey-strike:data\.database\.restoreRehearsal\.schedule: "rate\(7 days\)" is not a cron expression/,
            ),
            expect.stringMatching(
                /^osprey-strike:data\.database\.restoreRehearsal\.validationWindowHours: 0 is out of range/,
            ),
            expect.stringMatching(
                /^osprey-strike:data\.database\.restoreRehearsal\.instanceClass: "db\.x9\.huge" is not a known/,
            ),
        ]);
    });
});

describe("the component refuses bad args before any resource", () => {
    let run: ProgramRun;
    let refusal: unknown;
    beforeAll(async () => {
        run = await runOnMockCloud({
            stack: "main",
            program: () => {
                const args: RestoreRehearsalArgs = {
                    environment: "main",
                    vpcId: "vpc-0123456789abcdef0",
                    database: {
                        arn: "arn:aws:rds:us-east-1:123456789012:db:osprey-main",
                        subnetGroupName: "main-db",
                        parameterGroupName: "main-db-postgres18",
                        backupRetentionDays: 36,
                    },
                    schedule: "cron(0 5 ? * SUN)",
                    validationWindowHours: 169,
                    instanceClass: "db.t4g.tiny",
                    alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:alarms",
                };
                try {
                    new RestoreRehearsal("bad", args);
                } catch (e) {
                    refusal = e;
                }
                return {};
            },
        });
    });

    it("names every bad field in one ResourceError", () => {
        expect(refusal).toBeInstanceOf(pulumi.ResourceError);
        const lines = (refusal as Error).message.split("\n  - ");
        expect(lines[0]).toBe("RestoreRehearsal bad: invalid arguments:");
        expect(lines.slice(1)).toEqual([
            expect.stringMatching(/^schedule: "cron\(0 5 \? \* SUN\)" is not a cron expression/),
            expect.stringMatching(/^validationWindowHours: 169 is out of range/),
            expect.stringMatching(/^instanceClass: "db\.t4g\.tiny" is not a known/),
            expect.stringMatching(/^database\.backupRetentionDays: 36 is out of range; AWS Backup keeps continuous/),
        ]);
        expect(run.resources.filter((r) => r.custom && r.urn.includes("::bad")).map((r) => r.urn)).toEqual([]);
    });
});

describe("the plans' graphs", () => {
    let main: RecordedResource[];
    let demo: RecordedResource[];
    let topic: unknown;
    let outputs: Record<string, unknown>;
    beforeAll(async () => {
        const m = await sharedProgramRun("main");
        main = created(m);
        outputs = m.outputs.outputs;
        topic = outputs.alarmTopicArn;
        demo = created(await sharedProgramRun("demo"));
    });

    it("demo (off) has no AWS Backup resource and no rehearsal rule", () => {
        expect(demo.filter((r) => r.type.startsWith("aws:backup/"))).toEqual([]);
        expect(demo.filter((r) => r.type === T.rule && /rehearsal/.test(String(r.inputs.name)))).toEqual([]);
    });

    it("continuously backs up main's database alone, kept as long as RDS keeps its backups, into a vault under its own key", () => {
        const db = only(main, T.db);
        const plan = only(main, T.plan);
        const [rule] = plan.inputs.rules as Record<string, unknown>[];
        expect(rule).toMatchObject({
            enableContinuousBackup: true,
            lifecycle: { deleteAfter: db.inputs.backupRetentionPeriod },
        });
        expect(db.inputs.backupRetentionPeriod).toBe(7);
        const vault = only(main, T.vault);
        expect(rule.targetVaultName).toBe(vault.inputs.name);
        const vaultKey = main.find((r) => r.type === T.key && r.name === "main-restore-rehearsal-vault");
        expect(vault.inputs.kmsKeyArn).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\//);
        expect(vaultKey?.inputs.enableKeyRotation).toBe(true);
        expect(only(main, T.selection).inputs.resources).toEqual(["arn:aws:rds:us-east-1:123456789012:db:osprey-main"]);
    });

    it("restores the latest recovery point of that vault into the data subnets, behind a group that admits nobody, not public", () => {
        const testing = only(main, T.testingPlan);
        expect(testing.inputs.scheduleExpression).toBe(RESTORE_REHEARSAL_DEFAULTS.schedule);
        expect(testing.inputs.recoveryPointSelection).toMatchObject({
            algorithm: "LATEST_WITHIN_WINDOW",
            recoveryPointTypes: ["CONTINUOUS"],
        });
        const selection = only(main, T.testingSelection);
        expect(selection.inputs).toMatchObject({
            protectedResourceType: "RDS",
            protectedResourceArns: ["arn:aws:rds:us-east-1:123456789012:db:osprey-main"],
            validationWindowHours: 1,
            restoreTestingPlanName: testing.inputs.name,
        });
        const overrides = selection.inputs.restoreMetadataOverrides as Record<string, string>;
        expect(overrides.publiclyAccessible).toBe("false");
        // The database's own subnet group and parameter group: what main exports for a by-hand restore.
        expect(overrides.dbSubnetGroupName).toBe(outputs.dbSubnetGroupName);
        expect(overrides.dbParameterGroupName).toBe(outputs.dbParameterGroupName);
        expect(overrides.dbInstanceClass).toBe("db.t4g.micro");
        // The group of the restored instance: the rehearsal's own, with no rule at all (the database's admits the nodes).
        const [groupId] = JSON.parse(overrides.vpcSecurityGroupIds) as string[];
        const rehearsalGroup = main.find((r) => r.type === T.sg && r.name === "main-restore-rehearsal-restored");
        expect(rehearsalGroup).toBeDefined();
        expect(groupId).toMatch(/^sg-/);
        const dbGroups = only(main, T.db).inputs.vpcSecurityGroupIds as string[];
        expect(dbGroups).not.toContain(groupId);
        const rulesOnIt = main.filter(
            (r) => (r.type === T.ingress || r.type === T.egress) && r.inputs.securityGroupId === groupId,
        );
        expect(rulesOnIt).toEqual([]);
        expect(rehearsalGroup?.inputs.ingress ?? []).toEqual([]);
        expect(rehearsalGroup?.inputs.egress ?? []).toEqual([]);
    });

    it("sends a failed or aborted rehearsal of this plan to the alarm topic, naming its runbook section", () => {
        const rule = main.find((r) => r.type === T.rule && r.name === "main-restore-rehearsal-failed")!;
        const pattern = JSON.parse(String(rule.inputs.eventPattern)) as { detail: Record<string, string[]> };
        expect(pattern.detail.status).toEqual(["FAILED", "ABORTED"]);
        expect(pattern.detail.restoreTestingPlanArn[0]).toMatch(
            /^arn:aws:backup:us-east-1:\d{12}:restore-testing-plan:osprey_main_db_rehearsal/,
        );
        const target = main.find((r) => r.type === T.target && r.name === "main-restore-rehearsal-failed")!;
        expect(target.inputs.rule).toBe(rule.inputs.name);
        expect(target.inputs.arn).toBe(topic);
        const transformer = target.inputs.inputTransformer as {
            inputTemplate: string;
            inputPaths: Record<string, string>;
        };
        expect(runbookAnchorOf(JSON.parse(transformer.inputTemplate))).toBe(RUNBOOK_ANCHORS.restoreRehearsalFailed);
        // Every placeholder of the template has its path, and every path reads the event's detail.
        const placeholders = [...transformer.inputTemplate.matchAll(/<(\w+)>/g)].map((m) => m[1]).sort();
        expect(placeholders).toEqual(Object.keys(transformer.inputPaths).sort());
        for (const path of Object.values(transformer.inputPaths)) expect(path).toMatch(/^\$\.detail\.\w+$/);
    });

    it("gives AWS Backup one role for both, trusted by AWS Backup alone", () => {
        const role = main.find((r) => r.type === T.role && r.name === "main-restore-rehearsal-backup")!;
        const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: { Principal: unknown }[] };
        expect(trust.Statement.map((s) => s.Principal)).toEqual([{ Service: "backup.amazonaws.com" }]);
        expect(only(main, T.selection).inputs.iamRoleArn).toBe(only(main, T.testingSelection).inputs.iamRoleArn);
        expect(String(only(main, T.selection).inputs.iamRoleArn)).toMatch(/:role\/main-restore-rehearsal-backup-/);
    });
});
