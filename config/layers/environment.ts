/** The environment's own layers: its workloads, data, alarms and how it reaches the cluster (config/settings.ts). */
import { flag, group, integer, perEnv, text } from "../declare";
import { apiTunnelUrlProblem, cpuQuantityProblem, memoryQuantityProblem } from "../../lib/clusterRules";
import {
    backupRetentionProblem,
    DEFAULT_ENGINE_VERSION,
    DEFAULT_INSTANCE_CLASS,
    engineVersionFormatProblem,
    instanceClassProblem,
    slowStatementMsProblem,
    storageGbProblem,
} from "../../lib/dataRules";
import {
    RESTORE_REHEARSAL_DEFAULTS,
    restoreScheduleProblem,
    validationWindowProblem,
} from "../../lib/restoreRehearsal";

export const ENVIRONMENT_LAYERS = {
    workloads: group("The environment's workloads (synced by Argo CD) and its namespace's ResourceQuota.", {
        apiReplicas: integer(
            "Go API replicas (2 on main, 1 on demo). At 3 or more the environment gets Valkey (in-process state needs a shared cache).",
            1,
            20,
            {
                default: perEnv({ main: 2, demo: 1 }),
            },
        ),
        webReplicas: integer("Next.js web replicas.", 1, 20, { default: perEnv({ main: 2, demo: 1 }) }),
        quota: group(
            "ResourceQuota of the environment's namespace. Two t3.medium nodes give ~3.8 vCPU / ~6.8 GiB for both environments and the add-ons; demo has half of main's (one API replica, no mock or MCP).",
            {
                requestsCpu: text("Total CPU requests (Kubernetes quantity, e.g. 1500m).", {
                    default: perEnv({ main: "1500m", demo: "750m" }),
                    check: cpuQuantityProblem,
                }),
                requestsMemory: text("Total memory requests (e.g. 3Gi).", {
                    default: perEnv({ main: "3Gi", demo: "1536Mi" }),
                    check: memoryQuantityProblem,
                }),
                limitsCpu: text("Total CPU limits (at least the requests).", {
                    default: perEnv({ main: "3", demo: "1500m" }),
                    check: cpuQuantityProblem,
                }),
                limitsMemory: text("Total memory limits (at least the requests).", {
                    default: perEnv({ main: "6Gi", demo: "3Gi" }),
                    check: memoryQuantityProblem,
                }),
                pods: integer("Maximum pods.", 1, 200, { default: perEnv({ main: 30, demo: 15 }) }),
            },
        ),
    }),
    data: group("The environment's data: RDS PostgreSQL 18 + PostGIS, and the attachments bucket.", {
        database: group("The environment's RDS PostgreSQL instance.", {
            instanceClass: text("RDS instance class, e.g. db.t4g.small (~$0.032/h single-AZ).", {
                default: DEFAULT_INSTANCE_CLASS,
                check: instanceClassProblem,
            }),
            engineVersion: text(
                'PostgreSQL engine version: a major ("18": the newest 18.x, kept current by automatic minor upgrades, so they never fight the stack file) or major.minor ("18.1").',
                { default: DEFAULT_ENGINE_VERSION, check: engineVersionFormatProblem },
            ),
            allowOtherMajorVersion: flag(
                "true to allow an engineVersion whose major is not 18 (the required PostgreSQL 18); a deliberate decision.",
                {
                    default: false,
                },
            ),
            allocatedStorageGb: integer("Initial gp3 storage, GiB.", 20, 65536, {
                default: 20,
                check: storageGbProblem,
            }),
            maxAllocatedStorageGb: integer(
                "Storage autoscaling ceiling, GiB; at least allocatedStorageGb.",
                20,
                65536,
                {
                    default: perEnv({ main: 100, demo: 50 }),
                    check: storageGbProblem,
                },
            ),
            backupRetentionDays: integer(
                "Days RDS keeps automated backups: a week on main (real data), a day on demo (rebuilt for demos).",
                1,
                35,
                {
                    default: perEnv({ main: 7, demo: 1 }),
                    check: backupRetentionProblem,
                },
            ),
            deletionProtection: flag(
                "RDS deletion protection; must stay true on main. Demo may be torn down (a final snapshot is still taken).",
                {
                    default: perEnv({ main: true, demo: false }),
                },
            ),
            slowStatementMs: integer(
                "Statements slower than this many milliseconds are logged (log_min_duration_statement).",
                1,
                60000,
                {
                    default: 500,
                    check: slowStatementMsProblem,
                },
            ),
            restoreRehearsal: group(
                "AWS Backup's restore testing of this database (components/data/restoreRehearsal.ts, docs/operate.md): a continuous backup kept backupRetentionDays days in its own vault, restored on a schedule into a throwaway instance nothing can reach, deleted after the validation window; a failed restore pages the alarm topic.",
                {
                    enabled: flag(
                        "true to back the database up with AWS Backup and rehearse its restore. Default: on for main (the real data, docs/requirements.md), off for demo (rebuilt for demos).",
                        { default: perEnv({ main: true, demo: false }) },
                    ),
                    schedule: text(
                        `When the rehearsal runs: a six-field cron() in UTC. Default ${RESTORE_REHEARSAL_DEFAULTS.schedule} (weekly, Sunday 05:00 UTC: outside the working week).`,
                        { default: RESTORE_REHEARSAL_DEFAULTS.schedule, check: restoreScheduleProblem },
                    ),
                    validationWindowHours: integer(
                        `Hours the restored instance is kept once available before AWS Backup deletes it (AWS Backup: 1 to 168). Default ${RESTORE_REHEARSAL_DEFAULTS.validationWindowHours}: nothing validates it yet, so the minimum.`,
                        1,
                        168,
                        { default: RESTORE_REHEARSAL_DEFAULTS.validationWindowHours, check: validationWindowProblem },
                    ),
                    instanceClass: text(
                        `The throwaway instance's RDS class. Default ${RESTORE_REHEARSAL_DEFAULTS.instanceClass}, the smallest class RDS for PostgreSQL offers (~$0.016/h).`,
                        { default: RESTORE_REHEARSAL_DEFAULTS.instanceClass, check: instanceClassProblem },
                    ),
                },
            ),
        }),
        attachmentsNoncurrentVersionDays: integer(
            "Days the attachments bucket keeps a replaced or deleted object version before S3 expires it.",
            1,
            3650,
            {
                default: perEnv({ main: 30, demo: 7 }),
            },
        ),
    }),
    alarms: group(
        'Thresholds of the serving path\'s alarms (components/alarms), each sent to the platform\'s alarm topic. Periods and statistics follow AWS\'s CloudWatch "Recommended alarms" page (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html); where it says "depends on your situation", the default is ours and says why.',
        {
            elb5xxPerMinute: integer(
                "ALB-generated 5XX responses (HTTPCode_ELB_5XX_Count, Sum per minute) that alarm when exceeded 5 minutes running. 0: any. Default 0: with mutual TLS in front, every 5XX the ALB itself makes is a request no target could take.",
                0,
                100000,
                { default: 0 },
            ),
            target5xxPerMinute: integer(
                "Target 5XX responses (HTTPCode_Target_5XX_Count, Sum per minute over the ALB) that alarm when exceeded 5 minutes running. Default 5: a low-traffic system, where a few errors a minute for 5 minutes is a fault, not noise.",
                0,
                100000,
                { default: 5 },
            ),
            unhealthyTargets: integer(
                "Unhealthy targets in any one target group (UnHealthyHostCount, Maximum) that alarm when exceeded 5 minutes running. Default 0: every replica counts at 1-2 replicas.",
                0,
                100,
                { default: 0 },
            ),
            targetResponseP90Ms: integer(
                "p90 of TargetResponseTime over the ALB, milliseconds, that alarms when exceeded 5 minutes running. Default 2000.",
                10,
                60000,
                { default: 2000 },
            ),
            rdsFreeStoragePercent: integer(
                "FreeStorageSpace (Minimum) below this percent of data.database.allocatedStorageGb alarms (5 minutes running). Default 10, the page's figure; storage autoscaling acts at 10% of the CURRENT size, so this fires when autoscaling did not help.",
                1,
                90,
                { default: 10 },
            ),
            rdsFreeMemoryPercent: integer(
                "FreeableMemory (Average) below this percent of the instance class's memory alarms (15 minutes running). Default 25, the page's figure.",
                1,
                90,
                { default: 25 },
            ),
            rdsCpuPercent: integer(
                "CPUUtilization (Average) above this alarms (5 minutes running). Default 90, the page's figure.",
                1,
                100,
                {
                    default: 90,
                },
            ),
            rdsConnectionsPercent: integer(
                "DatabaseConnections (Average) above this percent of the class's default max_connections, LEAST(memory/9531392, 5000), alarms (5 minutes running). Default 80: the page says 90-95% of the real maximum; ours is computed from the class's nominal memory, above what RDS leaves the engine.",
                1,
                100,
                { default: 80 },
            ),
            acmDaysToExpiry: integer(
                "ACM DaysToExpiry (Minimum, daily) at or below this alarms. Default 44: ACM starts renewing a DNS-validated certificate 60 days ahead, so 44 days left means renewal has been failing for two weeks.",
                1,
                365,
                { default: 44 },
            ),
            originPullClientDaysToExpiry: integer(
                "Days before the origin-pull client certificate ends that the plan warns and the scheduled notice is sent. Default 60 (it renews itself on the first pulumi up in its last 30 days).",
                31,
                700,
                { default: 60 },
            ),
            rdsSupportNoticeDays: integer(
                "Days before the database's PostgreSQL major leaves RDS standard support (policy/supportCalendars.ts) that a one-time notice goes to the alarm topic. Default 180: a major upgrade is a tested, planned change (docs/runbook.md, Upgrade), and RDS Extended Support starts billing the day after.",
                1,
                730,
                { default: 180 },
            ),
            originPullCaDaysToExpiry: integer(
                "Days before the origin-pull CA ends that the plan warns and the scheduled notice is sent. Default 365 (its rotation is a two-CA change, docs/auth.md).",
                31,
                3000,
                { default: 365 },
            ),
        },
    ),
    kubernetes: group("How this stack reaches the shared cluster's private API.", {
        enabled: flag(
            "false only for the platform's first deploy: EKS, the jumpbox and ECR are created but no Kubernetes resources, because the private API is reachable only through the jumpbox that run creates. true afterwards.",
            { default: true },
        ),
        apiTunnelUrl: text(
            "Local end of the jumpbox's SSM port forward to the EKS API (https://127.0.0.1:8443) when pulumi runs outside the VPC; empty inside it. TLS still verifies the cluster's name.",
            { default: "", check: apiTunnelUrlProblem },
        ),
    }),
} as const;
