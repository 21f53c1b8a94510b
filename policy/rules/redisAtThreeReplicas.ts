/**
 * The scaling requirement: render-polling fingerprints and WebSocket subscriptions live in process memory,
 * so from three replicas on they need a shared cache (docs/requirements.md, Scaling). A stack that runs 3+ api replicas
 * without an encrypted, authenticated ElastiCache replication group fails. The api Deployment is synced by ArgoCD, not
 * created by Pulumi, so the program records the replica count on its environment component (contract
 * COMPONENT_TYPES.environment, fact apiReplicas); a Deployment in the graph counts too.
 *
 * Fails closed: an Environment component that registers no apiReplicas, or a non-integer one, is reported (the
 * rule cannot tell whether it needs a cache). A Deployment without spec.replicas runs Kubernetes' default of 1.
 * Unknown during preview: an apiReplicas or spec.replicas unknown during preview is not judged (a stack policy
 * that threw would blind itself to every other environment); it is judged at update, when known.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isDescendantOf, ofType } from "../lib/graph";
import { API_APP_NAME, COMPONENT_TYPES } from "../contract";
import { ENVIRONMENT_FACTS_FIX, environmentFactProblems } from "../lib/environment";
import { has, objectOf, peek, UNKNOWN } from "../lib/props";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
/** Kubernetes' default when a Deployment sets no spec.replicas. */
const DEFAULT_DEPLOYMENT_REPLICAS = 1;

/** A Deployment named api or labelled app / app.kubernetes.io/name = api. */
function isApiDeployment(r: PolicyResource): boolean {
    const metadata = objectOf(peek(r.props, "metadata"));
    const labels = objectOf(metadata?.labels) ?? {};
    return (
        metadata?.name === API_APP_NAME ||
        labels.app === API_APP_NAME ||
        labels["app.kubernetes.io/name"] === API_APP_NAME
    );
}

/** In transit and at rest encrypted, with an AUTH token set (its value is secret and may be unknown: presence is enough). */
const isSecureCache = (c: PolicyResource) =>
    peek(c.props, "transitEncryptionEnabled") === true &&
    peek(c.props, "atRestEncryptionEnabled") === true &&
    has(c.props, "authToken") &&
    peek(c.props, "authToken") !== "";

export const redisAtThreeReplicas: StackValidationPolicy = {
    name: "redis-at-three-replicas",
    description:
        "Running 3 or more api replicas requires an ElastiCache replication group with encryption in transit and at rest and an AUTH token.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Keep apiReplicas at 2 or below, or add the environment's ElastiCache replication group (transitEncryptionEnabled, atRestEncryptionEnabled, authToken) " +
        "and move render-polling state and WebSocket fan-out to it (docs/requirements.md, Scaling).",
    configSchema: { properties: { replicasRequiringCache: { type: "integer", minimum: 2, default: 3 } } },
    validateStack: (args, report) => {
        const { replicasRequiringCache } = args.getConfig<{ replicasRequiringCache: number }>();
        const caches = ofType(args.resources, CACHE);
        const environments = ofType(args.resources, COMPONENT_TYPES.environment);
        for (const env of environments) {
            for (const problem of environmentFactProblems(env, ["apiReplicas"]))
                report(`${problem}; ${ENVIRONMENT_FACTS_FIX}`, env.urn);
        }
        const deploymentReplicas = (r: PolicyResource) => {
            const spec = peek(r.props, "spec");
            if (spec === undefined) return DEFAULT_DEPLOYMENT_REPLICAS;
            return has(objectOf(spec), "replicas")
                ? peek(objectOf(spec), "replicas")
                : spec === UNKNOWN
                  ? UNKNOWN
                  : DEFAULT_DEPLOYMENT_REPLICAS;
        };
        const scaled = [
            ...environments.map((r) => ({ r, replicas: peek(r.props, "apiReplicas") })),
            ...ofType(args.resources, DEPLOYMENT)
                .filter(isApiDeployment)
                .map((r) => ({ r, replicas: deploymentReplicas(r) })),
        ].filter(
            (s): s is { r: PolicyResource; replicas: number } =>
                typeof s.replicas === "number" && s.replicas >= replicasRequiringCache,
        );
        for (const { r, replicas } of scaled) {
            // The environment's own cache when it has one, else any cache in the stack.
            const own = caches.filter((c) => isDescendantOf(c, r.urn));
            const candidates = own.length > 0 ? own : caches;
            if (candidates.some(isSecureCache)) continue;
            const why =
                candidates.length === 0
                    ? "no ElastiCache replication group exists"
                    : "no replication group has transit and at-rest encryption and an AUTH token";
            report(
                `${r.name} runs ${replicas} api replicas but ${why}; in-memory render-polling and WebSocket state break at ${replicasRequiringCache}+ instances`,
                r.urn,
            );
        }
    },
};
