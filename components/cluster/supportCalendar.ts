/**
 * EKS standard-support end dates, and the warning the program prints when the pinned Kubernetes version
 * is near (or past) its end. Past that date EKS bills extended support: $0.60/h instead of $0.10/h per
 * cluster, about $365/month more (730 h), for a cluster that costs $73/month today. Pure: no Pulumi imports.
 *
 * Source: the Amazon EKS Kubernetes release calendar,
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar
 * (awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc @ 8596db85 for 1.29-1.33;
 * 1.34 and 1.35 as the same calendar lists them, mirrored at https://endoflife.date/amazon-eks).
 * Dates are UTC; billing for extended support starts at the beginning of the end date.
 * When EKS releases a version, add its row to policy/supportCalendars.ts (the program warns about versions it does
 * not know; the cost estimator prints an "unpriced" line for them).
 */
import { addYears, daysUntil, EKS_STANDARD_SUPPORT_END } from "../../policy/supportCalendars";

/** "End of standard support" per minor version: the table lives with the cost estimator, which prices the same dates. */
export { EKS_STANDARD_SUPPORT_END };

/** Warn this many days ahead: enough for one unhurried upgrade cycle (add-ons, node groups, manifests). */
export const WARN_DAYS_BEFORE_END = 90;

/** Extra cost of extended support, per cluster: ($0.60 - $0.10) per hour x 730 h. */
export const EXTENDED_SUPPORT_EXTRA_PER_MONTH_USD = Math.round((0.6 - 0.1) * 730);

export type SupportStatus =
    | { kind: "standard"; endsOn: string; daysLeft: number }
    | { kind: "ending-soon"; endsOn: string; daysLeft: number }
    | { kind: "extended"; endedOn: string; daysAgo: number }
    | { kind: "past-extended"; endedOn: string; extendedEndedOn: string }
    | { kind: "unknown" };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where `version` stands on `today` (whole UTC days; the end date itself already counts as extended). */
export function supportStatus(version: string, today: Date): SupportStatus {
    const end = EKS_STANDARD_SUPPORT_END[version];
    if (!end) return { kind: "unknown" };
    const endMs = Date.parse(`${end}T00:00:00Z`);
    const todayMs = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    const daysLeft = Math.round((endMs - todayMs) / DAY_MS);
    // Extended support lasts 12 months (policy/supportCalendars.ts); on its last day EKS no longer offers the minor.
    const extendedEnd = addYears(end, 1);
    if (daysUntil(extendedEnd, today) <= 0)
        return { kind: "past-extended", endedOn: end, extendedEndedOn: extendedEnd };
    if (daysLeft <= 0) return { kind: "extended", endedOn: end, daysAgo: Math.abs(daysLeft) };
    if (daysLeft <= WARN_DAYS_BEFORE_END) return { kind: "ending-soon", endsOn: end, daysLeft };
    return { kind: "standard", endsOn: end, daysLeft };
}

/** The warning to print for `version` on `today`, or undefined when there is nothing to say. */
export function supportWarning(version: string, today: Date): string | undefined {
    const s = supportStatus(version, today);
    const cost = `extended support costs about $${EXTENDED_SUPPORT_EXTRA_PER_MONTH_USD}/month more ($0.60/h instead of $0.10/h)`;
    switch (s.kind) {
        case "standard":
            return undefined;
        case "ending-soon":
            return `EKS standard support for Kubernetes ${version} ends on ${s.endsOn} (in ${s.daysLeft} days); after that ${cost}. Plan the upgrade and raise kubernetesVersion.`;
        case "extended":
            return `EKS standard support for Kubernetes ${version} ended on ${s.endedOn} (${s.daysAgo} days ago): ${cost}. Upgrade one minor version at a time and raise kubernetesVersion.`;
        case "past-extended":
            return `EKS extended support for Kubernetes ${version} ended on ${s.extendedEndedOn} (standard support on ${s.endedOn}): EKS no longer offers it and upgrades such clusters itself; kept only because platform.cluster.allowPastExtendedSupport is true. Upgrade one minor version at a time now.`;
        case "unknown":
            return `Kubernetes ${version} is not in the EKS support calendar table (policy/supportCalendars.ts); add its end-of-standard-support date from the AWS release calendar so cost warnings keep working.`;
    }
}
