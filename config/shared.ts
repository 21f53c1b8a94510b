/**
 * The facts every stack of the project shares, written once: the Cloudflare zone and account, who may log in through
 * Access, the Keycloak server, the GitOps repository and the Pulumi organization. Two stacks that disagreed on one of
 * these would serve one zone from two accounts, log people in through two identity providers, or sync one cluster
 * from two repositories.
 *
 * Why Pulumi's project-level configuration and not the platform stack's outputs: these values are needed as plain
 * values before any resource exists (hostnames, resource names, the Access policies), and a StackReference's outputs are
 * only known asynchronously, inside the run; project-level values reach every stack's program as ordinary config, in
 * `pulumi config` and in Pulumi Deployments alike. tools/writePulumiYaml.ts writes them into Pulumi.yaml as
 * `value:` entries (pulumi/pulumi sdk/go/common/workspace: a project-level value may be a map, and it applies to every
 * stack whose file does not set that key).
 *
 * Pulumi replaces a whole key, never merges maps: a stack file that sets `osprey-strike:access` (main, for its office
 * bypass) hands the program only its own map. So the program (config/parse.ts) completes a shared layer from these
 * values wherever the stack's map leaves a shared field out, and refuses a stack whose value of a shared field differs
 * from the one here, naming the key. To change one, edit it here and run `npx tsx tools/writePulumiYaml.ts`. Pure.
 */
import { PROJECT } from "../lib/naming";
import { problem, Problem } from "../lib/problems";

export const SHARED = {
    zone: {
        domain: "osprey-strike.com",
        // Placeholders of the right shape (config/settings.ts declares them): replace them with yours.
        accountId: "0123456789abcdef0123456789abcdef",
        zoneId: "fedcba9876543210fedcba9876543210",
    },
    access: {
        googleWorkspaceDomain: "osprey-strike.com",
        googleClientId: "000000000000-osprey.apps.googleusercontent.com",
        externalEmails: ["stakeholder@example.com"],
    },
    // The existing Keycloak server (realm osprey: platform.identity in Pulumi.main.yaml). Not behind Access: the ALB
    // calls its token and userinfo endpoints server to server.
    keycloak: { url: "https://auth.osprey-strike.com" },
    gitops: { repoUrl: "https://github.com/osprey-strike/osprey-strike.git" },
    // Pulumi Deployments (docs/delivery.md): the OIDC audience; each stack gets its role osprey-strike-deploy-<stack>.
    deployments: { organization: "organization" },
} as const;

export type SharedLayer = keyof typeof SHARED;

/** Every shared setting as `layer.field` (e.g. zone.domain), in declaration order. */
export const SHARED_PATHS: readonly string[] = Object.entries(SHARED).flatMap(([layer, fields]) =>
    Object.keys(fields).map((f) => `${layer}.${f}`),
);

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Completes the shared layers of a stack's raw config (bare keys, layers as JSON text or maps, as Pulumi holds them):
 * every shared field the stack's map leaves out gets the shared value; a field it sets is kept (the parser checks it)
 * and, when it differs, listed in `problems` naming the key (config/index.ts refuses the stack with them). A layer that
 * is not a map is left for the parser to refuse.
 */
export function applyShared<V>(
    raw: Record<string, V>,
    stack: string,
): { raw: Record<string, V | string>; problems: Problem[] } {
    const out: Record<string, V | string> = { ...raw };
    const problems: Problem[] = [];
    for (const [layer, shared] of Object.entries(SHARED) as [SharedLayer, Record<string, unknown>][]) {
        let value: unknown = raw[layer] === undefined ? {} : raw[layer];
        if (typeof value === "string") {
            try {
                value = JSON.parse(value);
            } catch {
                continue;
            }
        }
        if (!isMap(value)) continue;
        const merged: Record<string, unknown> = { ...value };
        for (const [field, want] of Object.entries(shared)) {
            if (field in value && !same(value[field], want)) {
                problems.push(
                    problem(
                        `${PROJECT}:${layer}.${field}`,
                        `${JSON.stringify(value[field])} differs from the value every stack shares (${JSON.stringify(want)}: ` +
                            `Pulumi.yaml, written from config/shared.ts); remove it from Pulumi.${stack}.yaml, or change it for every stack in ` +
                            `config/shared.ts and run npx tsx tools/writePulumiYaml.ts`,
                    ),
                );
            } else if (!(field in value)) merged[field] = want;
        }
        out[layer] = JSON.stringify(merged);
    }
    return { raw: out, problems };
}
