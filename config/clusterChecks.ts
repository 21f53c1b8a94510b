/**
 * The cluster layer's cross-setting rules (config/parse.ts calls them once every setting parsed). Pure.
 */
import { endpointProblems, nodeArchitectureProblem, nodeSizesProblem } from "../lib/clusterRules";
import { PROJECT } from "../lib/naming";
import { NamespaceQuota, quotaLimitProblems } from "../lib/quota";
import { Problem, problemIf, under } from "../lib/problems";
import { addYears, daysUntil, EKS_STANDARD_SUPPORT_END } from "../policy/supportCalendars";

/** The EKS release calendar (policy/supportCalendars.ts cites its source); a version is added there when EKS releases it. */
const EKS_CALENDAR =
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar";

/**
 * The Kubernetes versions EKS offers on `today`: the calendar's rows whose extended support (12 months after the end of
 * standard support) has not ended. EKS creates and keeps clusters only on these; past extended support it upgrades them.
 */
export function eksOfferedVersions(today: Date): string[] {
    return Object.entries(EKS_STANDARD_SUPPORT_END)
        .filter(([, end]) => daysUntil(addYears(end, 1), today) > 0)
        .map(([v]) => v);
}

/**
 * A kubernetesVersion outside the support calendar is refused: not in it (a typo such as "1.50", or a release newer than
 * the table) or past its extended support on `today`. `allowUnlisted` (platform.cluster.allowUnlistedKubernetesVersion)
 * is the deliberate override for a release EKS published after the table was last updated; `allowPastExtended`
 * (platform.cluster.allowPastExtendedSupport) the one for a cluster still on a minor past its extended support, which
 * EKS no longer creates but has not yet upgraded itself: refusing it would block every `pulumi up`, the one-minor
 * steps out of it included (the cluster then warns with the date, components/cluster/supportCalendar.ts).
 */
export function kubernetesCalendarProblem(
    version: string,
    allowUnlisted: boolean,
    today: Date,
    allowPastExtended = false,
): string | undefined {
    const offered = eksOfferedVersions(today);
    if (offered.includes(version)) return undefined;
    const end = EKS_STANDARD_SUPPORT_END[version];
    if (end) {
        if (allowPastExtended) return undefined;
        return (
            `"${version}" left EKS extended support on ${addYears(end, 1)} (policy/supportCalendars.ts): EKS no longer offers it; use one of ${offered.join(", ")}. ` +
            `For a cluster EKS has not yet upgraded itself, stepping up one minor at a time, set ${PROJECT}:platform.cluster.allowPastExtendedSupport to true (a deliberate decision: the program then warns with that date)`
        );
    }
    if (allowUnlisted) return undefined;
    return (
        `"${version}" is not in the EKS support calendar (policy/supportCalendars.ts), so EKS may not offer it; use one of ${offered.join(", ")}. ` +
        `If EKS has released it since, add its row with the end of standard support from ${EKS_CALENDAR}, ` +
        `or set ${PROJECT}:platform.cluster.allowUnlistedKubernetesVersion to true (a deliberate decision: the program then only warns that it is unlisted, and no extended support is priced for it)`
    );
}

interface ClusterSettings {
    kubernetesVersion: string;
    allowUnlistedKubernetesVersion: boolean;
    allowPastExtendedSupport: boolean;
    endpoint: { publicAccess: boolean; publicAccessCidrs: string[] };
    nodeGroup: { instanceTypes: string[]; minSize: number; desiredSize: number; maxSize: number };
}

/**
 * Rules of the platform's cluster (only the owning stack has them), at their config paths. The endpoint rule is
 * lib/clusterRules.ts endpointProblems, the one the cluster component reports; the node group's sizes are a rule over
 * min, desired and max together, so it names the node group.
 */
export function clusterCrossChecks({ cluster }: { cluster: ClusterSettings }, today: Date = new Date()): Problem[] {
    const calendar = kubernetesCalendarProblem(
        cluster.kubernetesVersion,
        cluster.allowUnlistedKubernetesVersion,
        today,
        cluster.allowPastExtendedSupport,
    );
    const { minSize, desiredSize, maxSize, instanceTypes } = cluster.nodeGroup;
    return under(`${PROJECT}:platform.cluster`, [
        ...problemIf("kubernetesVersion", calendar),
        ...under("endpoint", endpointProblems(cluster.endpoint)),
        ...problemIf("nodeGroup", nodeSizesProblem(minSize, desiredSize, maxSize)),
        ...problemIf("nodeGroup.instanceTypes", nodeArchitectureProblem(instanceTypes)),
    ]);
}

/** The namespace quota's limits may not sit below its requests (each value's format is checked by its setting). */
export function quotaCrossChecks(quota: NamespaceQuota): Problem[] {
    return under(`${PROJECT}:workloads.quota`, quotaLimitProblems(quota));
}
