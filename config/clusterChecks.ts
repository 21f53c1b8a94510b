/**
 * The cluster layer's cross-key config rules (config/parse.ts calls them). Pure: no Pulumi imports.
 * Each rule runs only when the keys it reads parsed.
 */
import { PROJECT } from "./schema";
import { quotaProblems } from "../lib/quota";
import { nodeArchitectureProblem, nodeSizesProblem } from "../lib/clusterRules";

export function clusterCrossChecks(c: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const pub = c.clusterEndpointPublicAccess;
    const cidrs = c.clusterPublicAccessCidrs as string[] | undefined;
    if (pub === true && cidrs && cidrs.length === 0) {
        problems.push(
            `${PROJECT}:clusterPublicAccessCidrs: the public endpoint needs an allow-list (EKS would default to 0.0.0.0/0); list your office/VPN ranges or set clusterEndpointPublicAccess to false`,
        );
    }
    if (pub === false && cidrs && cidrs.length > 0) {
        problems.push(`${PROJECT}:clusterPublicAccessCidrs: set only with clusterEndpointPublicAccess: true (the endpoint is private); empty the list`);
    }
    const [min, desired, max] = [c.nodeMinSize, c.nodeDesiredSize, c.nodeMaxSize];
    if (typeof min === "number" && typeof desired === "number" && typeof max === "number") {
        const p = nodeSizesProblem(min, desired, max);
        if (p) problems.push(`${PROJECT}:nodeMinSize/nodeDesiredSize/nodeMaxSize: ${p}`);
    }
    const types = c.nodeInstanceTypes as string[] | undefined;
    if (types) {
        const p = nodeArchitectureProblem(types);
        if (p) problems.push(`${PROJECT}:nodeInstanceTypes: ${p}`);
    }
    const quota = {
        requestsCpu: c.namespaceQuotaRequestsCpu,
        requestsMemory: c.namespaceQuotaRequestsMemory,
        limitsCpu: c.namespaceQuotaLimitsCpu,
        limitsMemory: c.namespaceQuotaLimitsMemory,
        pods: c.namespaceQuotaPods,
    };
    if (Object.values(quota).every((v) => v !== undefined)) {
        // Per-key format problems are reported by the schema; here only limits below requests.
        for (const p of quotaProblems(quota as Parameters<typeof quotaProblems>[0]).filter((x) => x.includes(" is below "))) {
            problems.push(`${PROJECT}:namespaceQuota: ${p}`);
        }
    }
    return problems;
}
