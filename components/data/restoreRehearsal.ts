/**
 * The database restore rehearsal (docs/operate.md, "The restore rehearsal"): AWS Backup keeps a continuous backup of
 * the environment's RDS instance in its own vault, and on a schedule restores the latest recovery point into a
 * throwaway instance that nothing can reach, keeps it for the validation window and deletes it. A failed or aborted
 * restore pages the platform's alarm topic (docs/runbook.md, "Restore rehearsal failed").
 *
 *   RDS osprey-<env> --continuous backup (AWS Backup, role below)--> vault osprey-<env>-db (customer-managed key)
 *   restore testing plan (weekly) --restore job--> awsbackup-restore-test-* (data subnets, SG with no rule, not public)
 *   EventBridge "Restore Job State Change" FAILED/ABORTED of this plan --> alarm topic
 *
 * The rules (defaults, metadata overrides, the event pattern) and their AWS sources: lib/restoreRehearsal.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { refuseInvalidArgs } from "../invalidArgs";
import { RUNBOOK_ANCHORS, runbookText } from "../../lib/alarmRules";
import { instanceClassProblem } from "../../lib/dataRules";
import { Problem, problemIf } from "../../lib/problems";
import { Env, environmentNames } from "../../lib/naming";
import {
    continuousRetentionProblem,
    rehearsalOverrides,
    RESTORE_START_WINDOW_HOURS,
    restoreFailurePattern,
    restorePlanName,
    restoreScheduleProblem,
    validationWindowProblem,
} from "../../lib/restoreRehearsal";
import { serviceTrustPolicy } from "../../lib/iamPolicies";

export interface RestoreRehearsalArgs {
    environment: Env;
    /** The platform's VPC: the rehearsal's security group lives there. */
    vpcId: pulumi.Input<string>;
    /** The environment's database (Data.dbRestore and Data.dbArn). */
    database: {
        arn: pulumi.Input<string>;
        subnetGroupName: pulumi.Input<string>;
        parameterGroupName: pulumi.Input<string>;
        /** data.database.backupRetentionDays: the continuous backup keeps as many days (AWS Backup sets it on RDS). */
        backupRetentionDays: number;
    };
    /** cron() of the restore testing plan (data.database.restoreRehearsal.schedule). */
    schedule: string;
    /** Hours the restored instance is kept once available, 1 to 168. */
    validationWindowHours: number;
    /** The throwaway instance's class. */
    instanceClass: string;
    /** The platform's alarm topic (PlatformOutputs.alarmTopicArn). */
    alarmTopicArn: pulumi.Input<string>;
}

/** Every problem with the args, each naming its field. */
export function restoreRehearsalProblems(a: Omit<RestoreRehearsalArgs, "vpcId" | "alarmTopicArn">): Problem[] {
    return [
        ...problemIf("schedule", restoreScheduleProblem(a.schedule)),
        ...problemIf("validationWindowHours", validationWindowProblem(a.validationWindowHours)),
        ...problemIf("instanceClass", instanceClassProblem(a.instanceClass)),
        ...problemIf("database.backupRetentionDays", continuousRetentionProblem(a.database.backupRetentionDays)),
    ];
}

export interface RehearsalRoleScope {
    environment: Env;
    region: string;
    accountId: string;
    /** The protected database's ARN (arn:aws:rds:<region>:<account>:db:osprey-<env>). */
    databaseArn: string;
    subnetGroupName: string;
    parameterGroupName: string;
    vaultArn: string;
    vaultKeyArn: string;
}

/**
 * The AWS Backup service role's inline policy, scoped to one database, instead of the full-account managed policies
 * AWSBackupServiceRolePolicyForBackup / ForRestores. What AWS Backup needs for RDS continuous backup and restore:
 * rds:ModifyDBInstance (it sets the instance's retention) and rds:RestoreDBInstanceToPointInTime (AWS Backup
 * developer guide, "Continuous backups and point-in-time recovery", IAM permissions for RDS), and the describes. No
 * snapshot action and no snapshot restore: the plan selects CONTINUOUS recovery points only, and snapshot names carry
 * no environment (components/delivery/boundary.ts restoreRehearsalStatements). No
 * rds:DeleteDBInstance: the restored instance is deleted by AWS Backup's restore-testing service-linked role, not by
 * this one. Unverified offline: that these actions are all AWS Backup calls (the managed policies' current text was not
 * at hand); a missing one makes the backup or restore job fail, which the failure rule below pages.
 */
export function rehearsalRolePolicy(s: RehearsalRoleScope): Record<string, unknown> {
    const rds = (rest: string) => `arn:aws:rds:${s.region}:${s.accountId}:${rest}`;
    const restored = rds("db:awsbackup-restore-test-*");
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ContinuousBackupOfTheDatabase",
                Effect: "Allow",
                Action: ["rds:DescribeDBInstances", "rds:ListTagsForResource", "rds:ModifyDBInstance"],
                Resource: s.databaseArn,
            },
            {
                Sid: "DescribeAutomatedBackups",
                Effect: "Allow",
                Action: ["rds:DescribeDBInstanceAutomatedBackups", "rds:DescribeDBSnapshots"],
                Resource: "*",
            },
            {
                // The source, the restored instance (AWS Backup names it awsbackup-restore-test-...), and the subnet
                // and parameter groups the overrides name. Point in time only: no snapshot restore (the plan selects
                // CONTINUOUS recovery points).
                Sid: "RestoreIntoTheThrowawayInstanceOnly",
                Effect: "Allow",
                Action: ["rds:RestoreDBInstanceToPointInTime"],
                Resource: [
                    s.databaseArn,
                    restored,
                    rds(`subgrp:${s.subnetGroupName}`),
                    rds(`pg:${s.parameterGroupName}`),
                    rds("og:default:postgres-*"),
                ],
            },
            {
                Sid: "TagAndWatchTheThrowawayInstance",
                Effect: "Allow",
                Action: ["rds:AddTagsToResource", "rds:DescribeDBInstances", "rds:ListTagsForResource"],
                Resource: restored,
            },
            {
                Sid: "ItsVault",
                Effect: "Allow",
                Action: ["backup:DescribeBackupVault", "backup:CopyIntoBackupVault"],
                Resource: s.vaultArn,
            },
            {
                Sid: "ItsVaultKey",
                Effect: "Allow",
                Action: ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant"],
                Resource: s.vaultKeyArn,
                // The key carries its environment's tag (the provider's defaultTags), which the boundary requires.
                Condition: { StringEquals: { "aws:ResourceTag/environment": s.environment } },
            },
            {
                // The database's storage key (aws/rds): RDS uses it on the role's behalf when it restores.
                Sid: "StorageKeyThroughRds",
                Effect: "Allow",
                Action: ["kms:DescribeKey", "kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": `rds.${s.region}.amazonaws.com` } },
            },
        ],
    };
}

export class RestoreRehearsal extends pulumi.ComponentResource {
    readonly vaultName: pulumi.Output<string>;
    readonly restoreTestingPlanName: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: RestoreRehearsalArgs, opts?: pulumi.ComponentResourceOptions) {
        const { vpcId, alarmTopicArn, database, ...summary } = args;
        super(
            "osprey:data:RestoreRehearsal",
            name,
            { ...summary, backupRetentionDays: database.backupRetentionDays },
            opts,
        );
        refuseInvalidArgs(this, "RestoreRehearsal", name, restoreRehearsalProblems(args));
        const parent = { parent: this };
        const label = environmentNames(args.environment).label;
        const region = aws.getRegionOutput({}, parent).region;
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

        // The vault's own customer-managed key (the data layer has none: the instances use aws/rds).
        const key = new aws.kms.Key(
            `${name}-vault`,
            {
                description: `${label}: AWS Backup vault of the database's recovery points`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
            },
            // Scheduling a KMS key for deletion loses what it encrypted once the window ends: protected like every key.
            { ...parent, protect: true },
        );
        const vault = new aws.backup.Vault(`${name}-vault`, { name: `${label}-db`, kmsKeyArn: key.arn }, parent);

        const role = new aws.iam.Role(
            `${name}-backup`,
            {
                description: `AWS Backup for ${label}'s database: continuous backup and the restore rehearsal, nothing else`,
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("backup.amazonaws.com")),
            },
            parent,
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-backup`,
            {
                role: role.name,
                policy: pulumi
                    .all([
                        region,
                        accountId,
                        database.arn,
                        database.subnetGroupName,
                        database.parameterGroupName,
                        vault.arn,
                        key.arn,
                    ])
                    .apply(([r, account, databaseArn, subnetGroupName, parameterGroupName, vaultArn, vaultKeyArn]) =>
                        JSON.stringify(
                            rehearsalRolePolicy({
                                environment: args.environment,
                                region: r,
                                accountId: account,
                                databaseArn,
                                subnetGroupName,
                                parameterGroupName,
                                vaultArn,
                                vaultKeyArn,
                            }),
                        ),
                    ),
            },
            parent,
        );

        // Continuous backup (point-in-time, 1 second granularity, at most 35 days). Its retention is the database's
        // backupRetentionPeriod: AWS Backup sets that on the instance, so the two must agree or they fight.
        const plan = new aws.backup.Plan(
            `${name}-plan`,
            {
                name: `${label}-db`,
                rules: [
                    {
                        ruleName: "continuous",
                        targetVaultName: vault.name,
                        // The rule's frequency, for AWS Backup's maintenance of the continuous recovery point.
                        schedule: "cron(0 3 ? * * *)",
                        enableContinuousBackup: true,
                        lifecycle: { deleteAfter: database.backupRetentionDays },
                    },
                ],
            },
            parent,
        );
        new aws.backup.Selection(
            `${name}-selection`,
            { name: `${label}-db`, planId: plan.id, iamRoleArn: role.arn, resources: [database.arn] },
            { ...parent, dependsOn: [policy] },
        );

        // No rule at all: nothing reaches the restored instance, and it reaches nothing.
        const sg = new aws.ec2.SecurityGroup(
            `${name}-restored`,
            {
                description: `${label}: the restore rehearsal's throwaway instance, reachable from nowhere`,
                vpcId,
                tags: { Name: `${label}-db-rehearsal`, "osprey:role": "restore-rehearsal" },
            },
            parent,
        );

        const planName = restorePlanName(label);
        const testingPlan = new aws.backup.RestoreTestingPlan(
            `${name}-testing`,
            {
                name: planName,
                scheduleExpression: args.schedule,
                scheduleExpressionTimezone: "Etc/UTC",
                startWindowHours: RESTORE_START_WINDOW_HOURS,
                recoveryPointSelection: {
                    algorithm: "LATEST_WITHIN_WINDOW",
                    includeVaults: [vault.arn],
                    // The point-in-time recovery point only: a restore from a snapshot would need rights on snapshot
                    // names that carry no environment (components/delivery/boundary.ts restoreRehearsalStatements).
                    recoveryPointTypes: ["CONTINUOUS"],
                    selectionWindowDays: database.backupRetentionDays,
                },
            },
            parent,
        );
        new aws.backup.RestoreTestingSelection(
            `${name}-testing`,
            {
                name: `${planName}_rds`,
                restoreTestingPlanName: testingPlan.name,
                protectedResourceType: "RDS",
                protectedResourceArns: [database.arn],
                iamRoleArn: role.arn,
                validationWindowHours: args.validationWindowHours,
                restoreMetadataOverrides: pulumi
                    .all([database.subnetGroupName, sg.id, database.parameterGroupName])
                    .apply(([subnetGroupName, securityGroupId, parameterGroupName]) =>
                        rehearsalOverrides({
                            subnetGroupName,
                            securityGroupId,
                            parameterGroupName,
                            instanceClass: args.instanceClass,
                        }),
                    ),
            },
            { ...parent, dependsOn: [policy] },
        );

        // A failed or aborted rehearsal pages the alarm topic (its key and policy already admit EventBridge:
        // components/platform/ipSyncFunction.ts ALARM_PUBLISHERS), with the runbook section in the message.
        const rule = new aws.cloudwatch.EventRule(
            `${name}-failed`,
            {
                name: `${label}-db-restore-rehearsal-failed`,
                description: `${label}: AWS Backup's restore rehearsal of the database failed or was aborted`,
                eventPattern: testingPlan.arn.apply((arn) => JSON.stringify(restoreFailurePattern(arn))),
            },
            parent,
        );
        new aws.cloudwatch.EventTarget(
            `${name}-failed`,
            {
                rule: rule.name,
                arn: alarmTopicArn,
                inputTransformer: {
                    inputPaths: {
                        job: "$.detail.restoreJobId",
                        status: "$.detail.status",
                        message: "$.detail.statusMessage",
                    },
                    // A quoted template makes the message a JSON string, like the origin-pull notices' constant input
                    // (EventBridge API reference, InputTransformer: "<instance> is in state <status>"; the user
                    // guide's "Input transformation" examples quote string templates; values are escaped in quotes).
                    inputTemplate: JSON.stringify(
                        runbookText(
                            RUNBOOK_ANCHORS.restoreRehearsalFailed,
                            `${label}: AWS Backup restore job <job> of the database rehearsal is <status>: <message>`,
                        ),
                    ),
                },
            },
            parent,
        );

        this.vaultName = vault.name;
        this.restoreTestingPlanName = testingPlan.name;
        this.roleArn = role.arn;
        this.registerOutputs({ vaultName: this.vaultName, restoreTestingPlanName: this.restoreTestingPlanName });
    }
}
