/**
 * The seed's scaling roadmap: in-process state (render polling fingerprints, WebSocket subscriptions) breaks
 * at three or more api instances; "the Redis path becomes necessary". A preview that runs 3+ api replicas
 * without an encrypted, authenticated cache fails.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

const ENVIRONMENT = "osprey:environment:Environment";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";

export const redisAtThreeReplicas: StackValidationPolicy = {
    name: "redis-at-three-replicas",
    description: "An environment with 3 or more api replicas has an ElastiCache replication group with encryption in transit and at rest and an AUTH token.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Keep apiReplicas at 2 or below, or let the program create the environment's Valkey (components/environment/sessionCache.ts).",
    configSchema: { properties: { replicasRequiringCache: { type: "integer", minimum: 2, default: 3 } } },
    validateStack: (args, report) => {
        const { replicasRequiringCache } = args.getConfig<{ replicasRequiringCache: number }>();
        for (const env of args.resources.filter((r) => r.type === ENVIRONMENT)) {
            const replicas = env.props.apiReplicas;
            if (typeof replicas !== "number" || replicas < replicasRequiringCache) continue;
            const caches = args.resources.filter((r) => r.type === CACHE && isUnder(r, env.urn));
            const ok = caches.some((c) => c.props.transitEncryptionEnabled === true && c.props.atRestEncryptionEnabled === true && c.props.authToken !== undefined && c.props.authToken !== "");
            if (!ok) report(`environment ${env.name} runs ${replicas} api replicas without an encrypted, authenticated cache`, env.urn);
        }
    },
};

/** Whether `r` descends from the resource `ancestor` (walking parents). */
function isUnder(r: PolicyResource, ancestor: string): boolean {
    for (let p = r.parent; p; p = p.parent) if (p.urn === ancestor) return true;
    return false;
}
