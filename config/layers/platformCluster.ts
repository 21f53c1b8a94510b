/** The platform's EKS cluster, its node group, the jumpbox and ECR: `platform.cluster` (config/layers/platform.ts). */
import { choice, eachItem, flag, group, integer, list, text } from "../declare";
import {
    gravitonInstanceTypeProblem,
    iamRoleArnProblem,
    instanceTypeProblem,
    kubernetesVersionProblem,
} from "../../lib/clusterRules";
import { ipv4CidrProblem } from "../../lib/validators";
import { EKS_LOG_TYPES } from "../../lib/costSwitches";
import { cloudwatchRetentionProblem, STOCK, notTheInternet } from "./checks";

export const CLUSTER_SETTINGS = group("The EKS cluster, its node group, the jumpbox and ECR.", {
    kubernetesVersion: text(
        "Kubernetes minor version, e.g. 1.35: one EKS offers (in the support calendar, policy/supportCalendars.ts, and not past its extended support). The program warns within 90 days of its end of EKS standard support (extended support costs ~$365/month more).",
        { default: "1.35", check: kubernetesVersionProblem },
    ),
    allowUnlistedKubernetesVersion: flag(
        "true to allow a kubernetesVersion that is not in the EKS support calendar (policy/supportCalendars.ts), e.g. a release EKS published after the table was updated; a deliberate decision. A version past its extended support is refused unless allowPastExtendedSupport.",
        { default: false },
    ),
    supportNoticeDays: integer(
        "Days before the pinned minor's end of EKS standard support when a one-time notice goes to the alarm topic (an EventBridge rule; docs/runbook.md). Default 90, as the program's warning (one unhurried upgrade cycle).",
        1,
        365,
        { default: 90 },
    ),
    allowPastExtendedSupport: flag(
        "true to allow a kubernetesVersion past the end of its EKS extended support (a cluster EKS has not yet upgraded itself, stepped up one minor at a time through such minors); a deliberate decision: the program then warns with the date extended support ended.",
        { default: false },
    ),
    supportType: choice(
        "EKS upgrade policy at the end of standard support: STANDARD (no extended-support charge) or EXTENDED ($0.60/h).",
        ["STANDARD", "EXTENDED"] as const,
        { default: "STANDARD" },
    ),
    endpoint: group("The EKS API endpoint.", {
        publicAccess: flag(
            "true to open the API publicly to publicAccessCidrs; false (default) keeps it private, reached through the jumpbox.",
            {
                default: false,
            },
        ),
        publicAccessCidrs: list(
            "IPv4 CIDRs allowed to the public endpoint (only with publicAccess; never 0.0.0.0/0).",
            {
                default: [],
                check: (vs) => eachItem(ipv4CidrProblem)(vs) ?? notTheInternet(vs),
            },
        ),
    }),
    adminRoleArns: list(
        "IAM role ARNs given cluster admin through EKS access entries, the role that runs pulumi up included: EKS gives the cluster's creator no entry of its own here (docs/runbook.md, \"The cluster's creator\").",
        {
            default: [],
            check: eachItem(iamRoleArnProblem),
            placeholder: {
                is: (vs) => vs.some((v) => v.includes(`::${STOCK.awsAccountId}:`)),
                replaceWith: "your admin role ARNs (arn:aws:iam::<your account>:role/<name>)",
            },
        },
    ),
    nodeGroup: group("The managed node group (two t3.medium by default).", {
        instanceTypes: list("EC2 instance types, one CPU architecture.", {
            default: ["t3.medium"],
            check: (vs) => (vs.length === 0 ? "list at least one instance type" : eachItem(instanceTypeProblem)(vs)),
        }),
        capacityType: choice("ON_DEMAND or SPOT.", ["ON_DEMAND", "SPOT"] as const, {
            default: "ON_DEMAND",
        }),
        minSize: integer("Minimum nodes (min <= desired <= max).", 1, 20, { default: 2 }),
        desiredSize: integer("Desired nodes.", 1, 20, { default: 2 }),
        maxSize: integer("Maximum nodes.", 1, 20, { default: 3 }),
        rootVolumeType: choice(
            "EBS type of each node's root volume, set in the node group's launch template: gp3 (default, $0.08/GB-month) or gp2 (EKS's own default without a template, $0.10).",
            ["gp3", "gp2"] as const,
            { default: "gp3" },
        ),
        rootVolumeSizeGb: integer("Size of each node's root volume, GiB (EKS's default is 20).", 20, 1000, {
            default: 20,
        }),
        releaseVersion: text(
            "EKS optimized AMI release of the nodes (<minor>.<patch>-<date>); empty (default): the newest for the cluster's minor, read from AWS's public SSM parameter at every preview, so a new AMI is a node group diff to approve.",
            { default: "" },
        ),
    }),
    addonVersions: group(
        "Managed add-on versions; empty (default): the version EKS recommends for the cluster's Kubernetes minor (aws.eks.getAddonVersion), so raising kubernetesVersion moves them too.",
        {
            vpcCni: text("vpc-cni version to pin (v<x.y.z>-eksbuild.<n>), or empty.", { default: "" }),
            coredns: text("coredns version to pin (v<x.y.z>-eksbuild.<n>), or empty.", { default: "" }),
            cloudwatchObservability: text(
                "amazon-cloudwatch-observability version to pin (v<x.y.z>-eksbuild.<n>), or empty.",
                { default: "" },
            ),
            metricsServer: text("metrics-server version to pin (v<x.y.z>-eksbuild.<n>), or empty.", {
                default: "",
            }),
        },
    ),
    observability: group(
        "The cluster's signals (docs/operate.md): container logs and Container Insights metrics (the amazon-cloudwatch-observability add-on), metrics-server, and the alarms on them, each to the platform's alarm topic with its runbook section (docs/runbook.md, Alarms).",
        {
            containerInsights: flag(
                "true (default): Container Insights metrics (enhanced observability, billed per observation, ~$10.50/month assumed) and the node alarms on them; false: container logs only (Fluent Bit), no node CPU, memory or readiness alarms (the lean profile).",
                { default: true },
            ),
            containerLogRetentionDays: integer(
                "Days CloudWatch keeps /aws/containerinsights/<cluster>/* (container logs and Container Insights' performance events; $0.03/GB-month kept).",
                1,
                3653,
                { default: 30, check: cloudwatchRetentionProblem },
            ),
            alarms: group("Alarm thresholds and grace periods.", {
                nodeCpuPercent: integer(
                    "Cluster-wide node CPU (Container Insights node_cpu_utilization, percent) that pages when sustained for pressureMinutes. 80: the warning level EKS operating guides use (devfloor9 EKS debugging guide, 'Node CPU Utilization (Warn Above 80%)').",
                    1,
                    100,
                    { default: 80 },
                ),
                nodeMemoryPercent: integer(
                    "Cluster-wide node memory (node_memory_utilization, percent) that pages when sustained. 85: the same guide's memory warning level ('Warn Above 85%'); the kubelet starts evicting at its memory.available hard threshold (100Mi by default) well above that.",
                    1,
                    100,
                    { default: 85 },
                ),
                pressureMinutes: integer(
                    "Minutes CPU or memory must stay above the threshold (a multiple of 5): a deployment's start-up spike is not a page.",
                    5,
                    1440,
                    { default: 15 },
                ),
                argocdGraceMinutes: integer(
                    "Window in which an Argo CD application that went Degraded (or a main application that went OutOfSync) must recover before it pages (a multiple of 5). 15: five of Argo CD's default 180 s reconciliations.",
                    5,
                    1440,
                    { default: 15 },
                ),
                imageUpdaterGraceMinutes: integer(
                    "Minutes Image Updater may keep failing to write a digest back before it pages (a multiple of 10). 30: fifteen of its default 2-minute cycles.",
                    10,
                    1440,
                    { default: 30 },
                ),
                externalSecretsGraceMinutes: integer(
                    "Minutes an ExternalSecret may keep failing to sync before it pages (a multiple of 30: External Secrets retries a failure with controller-runtime's backoff, at most 1,000 s apart). 60: two such windows.",
                    30,
                    1440,
                    { default: 60 },
                ),
            }),
        },
    ),
    controlPlaneLogs: group(
        "EKS control-plane logs in CloudWatch (/aws/eks/<cluster>/cluster, $0.50/GB ingested, $0.03/GB-month kept): which types and how long.",
        {
            types: list(
                "Log types: any of api, audit, authenticator, controllerManager, scheduler (audit is who did what; the largest, ~25 GB/month assumed).",
                {
                    default: ["api", "audit", "authenticator"],
                    check: (vs) =>
                        vs.find((v) => !(EKS_LOG_TYPES as readonly string[]).includes(v)) !== undefined
                            ? `${JSON.stringify(vs)} has a type EKS does not know; use any of ${EKS_LOG_TYPES.join(", ")}`
                            : new Set(vs).size !== vs.length
                              ? `${JSON.stringify(vs)} lists a type twice`
                              : undefined,
                },
            ),
            retentionDays: integer(
                "Days CloudWatch keeps them (a value CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60, 90, ...).",
                1,
                3653,
                { default: 30, check: cloudwatchRetentionProblem },
            ),
        },
    ),
    jumpboxInstanceType: text("Instance type of the jumpbox, Graviton (arm64 Amazon Linux 2023).", {
        default: "t4g.nano",
        check: gravitonInstanceTypeProblem,
    }),
    ecrUntaggedImagesToKeep: integer(
        "Untagged images each ECR repository keeps, newest first (past branch-main digests to roll back to).",
        1,
        1000,
        {
            default: 10,
        },
    ),
});
