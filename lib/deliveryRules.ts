/**
 * The delivery layer's rules (pure): Pulumi Deployments' OIDC operations, the organization name and the deployment
 * agent's release. Shared by the config settings (config/settings.ts) and the top-level delivery components.
 */

/** Pulumi's Deployments OIDC subject names one of these operations (Pulumi docs, "OIDC" for Deployments: subject claim); preview is refused below. */
/**
 * Pulumi Deployments' operations, the claim a run's token carries (Pulumi REST API, OperationContext.operation: update,
 * preview, destroy, refresh, detect-drift, remediate-drift).
 */
export const DEPLOY_OPERATIONS = [
    "preview",
    "update",
    "refresh",
    "destroy",
    "detect-drift",
    "remediate-drift",
] as const;
export type DeployOperation = (typeof DEPLOY_OPERATIONS)[number];
export const isDeployOperation = (v: string): v is DeployOperation =>
    (DEPLOY_OPERATIONS as readonly string[]).includes(v);

/** A Pulumi organization name (the OIDC audience): letters, digits, - _ . (empty allowed: no deployment role). */
export function pulumiOrganizationProblem(v: string): string | undefined {
    return v === "" || /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(v)
        ? undefined
        : `"${v}" is not a Pulumi organization name (letters, digits, - _ .)`;
}

/**
 * Why the write role never admits operation:preview. A pull-request preview (previewPullRequests) runs the
 * branch's own code (npm ci with its lifecycle scripts, the program) after Pulumi has exchanged the run's OIDC token
 * for the stack's role, and a stack's deployment settings carry ONE operationContext.oidc.aws.roleArn for every
 * operation (pulumi/pulumi v3.248.0 OperationContextAWSOIDCConfiguration, tests/delivery/fixtures/
 * deploymentSettingsSchema.json), so a read-only preview role cannot be named there. Previews are therefore off in
 * Pulumi.<stack>.deploy.yaml, and the update's own pre-run `pulumi preview --policy-pack` needs no preview subject:
 * Pulumi issues one token per deployment run and its operation claim is the run's operation (Pulumi docs,
 * "OIDC Setup for Pulumi Deployments", pulumi/docs content/docs/deployments/deployments/oidc/_index.md at 32df9853),
 * so a pre-run command of an update runs as operation:update.
 */
export const PREVIEW_REFUSED =
    '"preview" is refused: a pull-request preview runs the branch\'s code (npm ci, the program) with this write role, and ' +
    "the deployment settings carry one role per stack, so previews are off (previewPullRequests: false); the update's " +
    "pre-run policy preview runs as operation:update (docs/delivery.md)";

/** The operations a deployment role admits: at least one, each a Deployments operation, never preview. */
export function deployOperationsProblem(vs: readonly string[]): string | undefined {
    if (vs.length === 0) return "is empty; list at least update";
    const i = vs.findIndex((v) => !isDeployOperation(v));
    if (i >= 0) return `item ${i} "${vs[i]}" is not one of ${DEPLOY_OPERATIONS.join(", ")}`;
    const p = vs.indexOf("preview");
    return p < 0 ? undefined : `item ${p} ${PREVIEW_REFUSED}`;
}

/** A release of github.com/pulumi/customer-managed-deployment-agent, x.y.z. */
export function agentVersionProblem(v: string): string | undefined {
    return /^\d+\.\d+\.\d+$/.test(v) ? undefined : `"${v}" is not a version like 0.0.5`;
}
