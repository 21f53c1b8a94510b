/**
 * Explicit providers, one per cloud, built from the typed config. index.ts hands them to each top-level
 * component through `providers`, and children inherit them through `parent`, so every resource uses these
 * (never the ambient default providers): a stack cannot silently deploy with whatever
 * credentials or region the shell happens to have, and every AWS resource carries the same tags.
 */
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as github from "@pulumi/github";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { Env, PROJECT } from "../lib/naming";
import type { RequiredTags } from "../policy/contract";

export interface Providers {
    aws: aws.Provider;
    cloudflare: cloudflare.Provider;
    keycloak: keycloak.Provider;
}

/** The existing Keycloak server and the admin client (client-credentials grant) Pulumi configures it with. */
export interface KeycloakConnection {
    url: string;
    adminRealm: string;
    adminClientId: string;
    /** Secret Output from config. */
    adminClientSecret: pulumi.Input<string>;
}

/** The tags every taggable AWS resource carries: the policy pack's REQUIRED_TAG_KEYS (policy/contract.ts, checked by `required-tags`), and more. */
export function standardTags(cfg: { environment: Env; stack: string }): RequiredTags & Record<string, string> {
    const required = { project: PROJECT, environment: cfg.environment, stack: cfg.stack } satisfies RequiredTags;
    return { ...required, "managed-by": "pulumi" };
}

export function createProviders(args: {
    region: string;
    tags: Record<string, string>;
    cloudflareApiToken: pulumi.Input<string>;
    keycloak: KeycloakConnection;
}): Providers {
    const kc = args.keycloak;
    return {
        aws: new aws.Provider("aws", { region: args.region, defaultTags: { tags: args.tags } }),
        cloudflare: new cloudflare.Provider("cloudflare", { apiToken: args.cloudflareApiToken }),
        // Client credentials (the provider's recommended login), never a user's password; basePath "" (Keycloak 17+).
        keycloak: new keycloak.Provider("keycloak", {
            url: kc.url,
            realm: kc.adminRealm,
            clientId: kc.adminClientId,
            clientSecret: pulumi.secret(kc.adminClientSecret),
            basePath: "",
        }),
    };
}

/** The explicit providers `self` inherited for the given packages, as a `providers` map for a remote component. */
export function explicitProviders(
    self: pulumi.Resource,
    ...packages: string[]
): Record<string, pulumi.ProviderResource> {
    const out: Record<string, pulumi.ProviderResource> = {};
    for (const pkg of packages) {
        const p = self.getProvider(`${pkg}::`);
        if (p) out[pkg] = p;
    }
    return out;
}

/**
 * The GitHub provider of the repository's rulesets (the platform's stack only): its organization and the secret token
 * (config PLATFORM_SECRETS githubToken), never the ambient GITHUB_TOKEN of whoever runs the program.
 */
export const createGithubProvider = (owner: string, token: pulumi.Input<string>): github.Provider =>
    new github.Provider("github", { owner, token: pulumi.secret(token) });
