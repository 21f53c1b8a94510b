/**
 * An environment namespace's ResourceQuota values and their checks (pure: shared by the config rules and
 * EnvironmentNamespace). Two t3.medium nodes give about 3.8 vCPU and 6.8 GiB allocatable for BOTH
 * environments plus the add-ons, so the two quotas' requests must fit in that together.
 */
import { cpuMillicores, cpuQuantityProblem, memoryBytes, memoryQuantityProblem } from "./clusterRules";

export interface NamespaceQuota {
    /** Sum of CPU requests, a Kubernetes quantity ("2", "1500m"). */
    requestsCpu: string;
    /** Sum of memory requests ("4Gi"). */
    requestsMemory: string;
    /** Sum of CPU limits; at least requestsCpu. */
    limitsCpu: string;
    /** Sum of memory limits; at least requestsMemory. */
    limitsMemory: string;
    /** Pods, counted whatever their state. */
    pods: number;
}

export function quotaProblems(q: NamespaceQuota): string[] {
    const p = [
        cpuQuantityProblem(q.requestsCpu) && `requestsCpu: ${cpuQuantityProblem(q.requestsCpu)}`,
        cpuQuantityProblem(q.limitsCpu) && `limitsCpu: ${cpuQuantityProblem(q.limitsCpu)}`,
        memoryQuantityProblem(q.requestsMemory) && `requestsMemory: ${memoryQuantityProblem(q.requestsMemory)}`,
        memoryQuantityProblem(q.limitsMemory) && `limitsMemory: ${memoryQuantityProblem(q.limitsMemory)}`,
        (!Number.isInteger(q.pods) || q.pods < 1) && `pods: ${q.pods} must be a positive integer`,
    ].filter((x): x is string => typeof x === "string");
    if (p.length > 0) return p;
    if (cpuMillicores(q.limitsCpu) < cpuMillicores(q.requestsCpu))
        p.push(`limitsCpu ${q.limitsCpu} is below requestsCpu ${q.requestsCpu}`);
    if (memoryBytes(q.limitsMemory) < memoryBytes(q.requestsMemory))
        p.push(`limitsMemory ${q.limitsMemory} is below requestsMemory ${q.requestsMemory}`);
    return p;
}
