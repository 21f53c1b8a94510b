/**
 * Every setting the program reads, declared once: type, default and description, grouped by layer in the order
 * of the request path, so a stack file reads like the architecture. Pure (no Pulumi imports): config/index.ts
 * feeds it what Pulumi holds, tests feed it the stack files, tools/writePulumiYaml.ts documents it in Pulumi.yaml.
 *
 * A stack file carries only what differs from these defaults for its environment. The `platform` group applies
 * only to the stack that owns the shared platform; another stack that sets any of it is refused (it would do
 * nothing there).
 */
import { choice, text } from "./declare";
import { ENVIRONMENTS, PROJECT } from "../lib/naming";
import { stackNameProblem } from "../lib/validators";
import { EDGE_LAYERS } from "./layers/edge";
import { ENVIRONMENT_LAYERS } from "./layers/environment";
import { GITOPS_LAYERS } from "./layers/gitops";
import { PLATFORM_SETTINGS } from "./layers/platform";

/** The stack model: plain keys, declared with their types in Pulumi.yaml. */
export const STACK = {
    environment: choice(
        "The application environment this stack deploys: main (continuous, auto-deploys on merge) or demo (stakeholder demos, manually promoted).",
        ENVIRONMENTS,
    ),
    platformStack: text(
        `The stack that owns the shared platform, "<org>/${PROJECT}/<stack>", read through a StackReference. Empty (the default): this stack owns the platform (VPC, EKS, ECR, CI identity, IP sync, the zone's singletons).`,
        {
            default: "",
            check: (v) => (v === "" ? undefined : stackNameProblem(v)?.replace("<project>", PROJECT)),
            placeholder: {
                is: (v) => v.startsWith("organization/"),
                replaceWith: `your Pulumi organization in place of "organization" (<org>/${PROJECT}/main)`,
            },
        },
    ),
} as const;

/** Secrets: plain keys (`pulumi config set --secret`), declared `secret: true` in Pulumi.yaml, never printed. */
export const SECRETS = {
    cloudflareApiToken: "Cloudflare API token (DNS, Zone settings, WAF, Access, Workers edit).",
    accessGoogleClientSecret: "OAuth client secret of the Google identity provider used by Access.",
    twilioAuthToken: "Twilio auth token the webhook Worker verifies X-Twilio-Signature with.",
    keycloakAdminClientSecret:
        "Secret of the Keycloak admin client (keycloak.adminClientId, client-credentials grant) Pulumi configures the realm and the ALB clients with.",
} as const;
export type SecretKey = keyof typeof SECRETS;

/**
 * Secrets of the platform's stack alone, refused in any other (no other stack may hold them). Not declared in
 * Pulumi.yaml: Pulumi requires a declared key without a default on every stack of the project.
 */
export const PLATFORM_SECRETS = {
    pulumiServiceToken:
        "Pulumi Cloud token the drift watch manages every stack's schedules and webhooks with (platform.deployments.driftWatch): a team or organization token with admin on this project's stacks. A deployment's own token reaches only the stack being deployed, so without this main could not read demo's schedule on its drift runs (docs/operate.md).",
    githubToken:
        "GitHub token of the provider that manages the repository's rulesets (platform.repositoryRules): a fine-grained token of that one repository with Administration read and write, nothing else (docs/delivery.md).",
} as const;
export type PlatformSecretKey = keyof typeof PLATFORM_SECRETS;

/** The layers: one structured key each (`osprey-strike:<layer>`), in the order a request meets them. */
export const LAYERS = {
    ...EDGE_LAYERS,
    ...ENVIRONMENT_LAYERS,
    ...GITOPS_LAYERS,
    platform: PLATFORM_SETTINGS,
} as const;
