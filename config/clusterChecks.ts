/**
 * The cluster layer's cross-setting rules (config/parse.ts calls them once every setting parsed). Pure.
 */
import { nodeArchitectureProblem, nodeSizesProblem } from "../lib/clusterRules";
import { PROJECT } from "../lib/naming";
import { NamespaceQuota, quotaProblems } from "../lib/quota";

interface ClusterSettings {
    endpoint: { publicAccess: boolean; publicAccessCidrs: string[] };
    nodeGroup: { instanceTypes: string[]; minSize: number; desiredSize: number; maxSize: number };
}

/** Rules of the platform's cluster (only the owning stack has them). */
export function clusterCrossChecks({ cluster }: { cluster: ClusterSettings }): string[] {
    const problems: string[] = [];
    const { publicAccess, publicAccessCidrs } = cluster.endpoint;
    const at = (path: string) => `${PROJECT}:platform.cluster.${path}`;
    if (publicAccess && publicAccessCidrs.length === 0) {
        problems.push(
            `${at("endpoint.publicAccessCidrs")}: the public endpoint needs an allow-list (EKS would default to 0.0.0.0/0); list your office/VPN ranges or set publicAccess to false`,
        );
    }
    if (!publicAccess && publicAccessCidrs.length > 0) {
        problems.push(`${at("endpoint.publicAccessCidrs")}: set only with publicAccess: true (the endpoint is private); empty the list`);
    }
    const { minSize, desiredSize, maxSize, instanceTypes } = cluster.nodeGroup;
    const sizes = nodeSizesProblem(minSize, desiredSize, maxSize);
    if (sizes) problems.push(`${at("nodeGroup")}.minSize/desiredSize/maxSize: ${sizes}`);
    const arch = nodeArchitectureProblem(instanceTypes);
    if (arch) problems.push(`${at("nodeGroup.instanceTypes")}: ${arch}`);
    return problems;
}

/** The namespace quota's limits may not sit below its requests (each value's format is checked by its setting). */
export function quotaCrossChecks(quota: NamespaceQuota): string[] {
    return quotaProblems(quota)
        .filter((x) => x.includes(" is below "))
        .map((p) => `${PROJECT}:workloads.quota: ${p}`);
}
