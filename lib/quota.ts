/**
 * An environment namespace's ResourceQuota values and their checks (pure: shared by the config rules and
 * EnvironmentNamespace). Two t3.medium nodes give about 3.8 vCPU and 6.8 GiB allocatable for BOTH
 * environments plus the add-ons, so the two quotas' requests must fit in that together.
 */
import { cpuMillicores, cpuQuantityProblem, memoryBytes, memoryQuantityProblem } from "./clusterRules";
import { problem, Problem, problemIf } from "./problems";

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

/** Every problem with the quota: each value's format, then (when every value reads) the limits against the requests. */
export function quotaProblems(q: NamespaceQuota): Problem[] {
    const p = [
        ...problemIf("requestsCpu", cpuQuantityProblem(q.requestsCpu)),
        ...problemIf("limitsCpu", cpuQuantityProblem(q.limitsCpu)),
        ...problemIf("requestsMemory", memoryQuantityProblem(q.requestsMemory)),
        ...problemIf("limitsMemory", memoryQuantityProblem(q.limitsMemory)),
        ...(!Number.isInteger(q.pods) || q.pods < 1 ? [problem("pods", `${q.pods} must be a positive integer`)] : []),
    ];
    return p.length > 0 ? p : quotaLimitProblems(q);
}

/**
 * The limits may not sit below the requests (the values must read: their format is quotaProblems' first pass, or the
 * setting's check in config/). A rule over two fields, so it sits at the quota itself (path "").
 */
export function quotaLimitProblems(q: NamespaceQuota): Problem[] {
    const p: Problem[] = [];
    if (cpuMillicores(q.limitsCpu) < cpuMillicores(q.requestsCpu))
        p.push(problem("", `limitsCpu ${q.limitsCpu} is below requestsCpu ${q.requestsCpu}`));
    if (memoryBytes(q.limitsMemory) < memoryBytes(q.requestsMemory))
        p.push(problem("", `limitsMemory ${q.limitsMemory} is below requestsMemory ${q.requestsMemory}`));
    return p;
}
