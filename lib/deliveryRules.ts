/**
 * The delivery layer's rules (pure): Pulumi Deployments' OIDC operations, the organization name and the deployment
 * agent's release. Shared by the config settings (config/settings.ts) and the top-level delivery components.
 */

/** Pulumi's Deployments OIDC subject names one of these operations (Pulumi docs, "OIDC" for Deployments: subject claim). */
export const DEPLOY_OPERATIONS = ["preview", "update", "refresh", "destroy"] as const;
export type DeployOperation = (typeof DEPLOY_OPERATIONS)[number];
export const isDeployOperation = (v: string): v is DeployOperation => (DEPLOY_OPERATIONS as readonly string[]).includes(v);

/** A Pulumi organization name (the OIDC audience): letters, digits, - _ . (empty allowed: no deployment role). */
export function pulumiOrganizationProblem(v: string): string | undefined {
    return v === "" || /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(v) ? undefined : `"${v}" is not a Pulumi organization name (letters, digits, - _ .)`;
}

/** The operations a deployment role admits: at least one, each a Deployments operation. */
export function deployOperationsProblem(vs: readonly string[]): string | undefined {
    if (vs.length === 0) return "is empty; list at least preview";
    const i = vs.findIndex((v) => !isDeployOperation(v));
    return i < 0 ? undefined : `item ${i} "${vs[i]}" is not one of ${DEPLOY_OPERATIONS.join(", ")}`;
}

/** A release of github.com/pulumi/customer-managed-deployment-agent, x.y.z. */
export function agentVersionProblem(v: string): string | undefined {
    return /^\d+\.\d+\.\d+$/.test(v) ? undefined : `"${v}" is not a version like 0.0.5`;
}
