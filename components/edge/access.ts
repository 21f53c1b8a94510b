/**
 * Cloudflare Access for one environment (auth layer 1: docs/requirements.md, Auth layers): who may reach the
 * application at all, decided at the
 * edge before a request touches AWS. Users log in with Google Workspace; external stakeholders listed in config with an
 * email one-time PIN; main lets the office/VPN ranges bypass login; demo never does. The Twilio webhook path has its
 * own, more specific application that admits only the webhook Worker's service token (Access applies the most specific
 * path's application and inherits nothing from the hostname's: developers.cloudflare.com/cloudflare-one/policies/access/app-paths/).
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

import { sessionDurationProblem } from "./zoneRules";
import { Env, environmentNames } from "../../lib/naming";
import { problem, Problem, problemIf } from "../../lib/problems";

export interface EdgeAccessArgs {
    environment: Env;
    /** Cloudflare account ID (32 hex). */
    accountId: string;
    /** Hostnames the environment's application covers (web, api, ...). */
    hostnames: string[];
    /** `api.<environmentDomain>/webhooks/twilio`: the path only the service token may reach. */
    webhookDestination: string;
    /** Access session lifetime, e.g. "12h" (hours or minutes). */
    sessionDuration: string;
    /** Google Workspace domain (the identity provider's apps domain and the allowed email domain). */
    googleWorkspaceDomain: string;
    /** OAuth client ID of the Google Workspace identity provider. */
    googleClientId: string;
    /** OAuth client secret (a secret Output from config). */
    googleClientSecret: pulumi.Input<string>;
    /** External stakeholders admitted with a one-time PIN; empty for none. */
    externalEmails: string[];
    /** Office/VPN CIDRs that bypass login. main only: must be empty for demo. */
    officeBypassCidrs: string[];
    /** ID of the account's one-time-PIN identity provider (owned by the zone-settings owner). */
    oneTimePinIdpId: pulumi.Input<string>;
    /** The service token's clientSecretVersion (config access.serviceTokenVersion): one more rotates the secret. Default 1. */
    serviceTokenVersion?: number;
}

/**
 * Demo must never show an unauthenticated view (docs/requirements.md, Auth layers): refused structurally, not only by
 * the config loader.
 */
export function accessArgProblems(
    args: Pick<
        EdgeAccessArgs,
        "environment" | "officeBypassCidrs" | "sessionDuration" | "hostnames" | "serviceTokenVersion"
    >,
): Problem[] {
    const problems: Problem[] = [];
    if (args.environment === "demo" && args.officeBypassCidrs.length > 0) {
        problems.push(
            problem("officeBypassCidrs", "demo always requires authentication; it must have no bypass ranges"),
        );
    }
    problems.push(...problemIf("sessionDuration", sessionDurationProblem(args.sessionDuration)));
    if (args.hostnames.length === 0)
        problems.push(problem("hostnames", "the Access application needs at least one hostname"));
    const version = args.serviceTokenVersion;
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
        problems.push(
            problem(
                "serviceTokenVersion",
                `${version} must be a whole number from 1 (raise it by one to rotate the secret)`,
            ),
        );
    }
    return problems;
}

export class EdgeAccess extends pulumi.ComponentResource {
    readonly applicationId: pulumi.Output<string>;
    /** Audience tag of the environment's application (what an origin would verify in Cf-Access-Jwt-Assertion). */
    readonly applicationAud: pulumi.Output<string>;
    readonly webhookApplicationAud: pulumi.Output<string>;
    readonly googleIdpId: pulumi.Output<string>;
    readonly serviceTokenClientId: pulumi.Output<string>;
    /** Secret Output. */
    readonly serviceTokenClientSecret: pulumi.Output<string>;

    constructor(name: string, args: EdgeAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:edge:EdgeAccess",
            name,
            // Plain summary only (policies read it); the client secret and the IdP ID stay out.
            {
                environment: args.environment,
                hostnames: args.hostnames,
                webhookDestination: args.webhookDestination,
                sessionDuration: args.sessionDuration,
                officeBypassCidrs: args.officeBypassCidrs,
                externalEmailCount: args.externalEmails.length,
            },
            opts,
        );
        const parent = { parent: this };
        const accountId = args.accountId;

        const google = new cloudflare.ZeroTrustAccessIdentityProvider(
            `${name}-google-workspace`,
            {
                accountId,
                name: `Google Workspace (${args.environment})`,
                type: "google-apps",
                config: {
                    appsDomain: args.googleWorkspaceDomain,
                    clientId: args.googleClientId,
                    clientSecret: pulumi.secret(args.googleClientSecret),
                },
            },
            parent,
        );

        // Policies in precedence order: bypass first (it skips login), then the two allow policies.
        const policies: cloudflare.ZeroTrustAccessPolicy[] = [];
        if (args.officeBypassCidrs.length > 0) {
            policies.push(
                new cloudflare.ZeroTrustAccessPolicy(
                    `${name}-office-bypass`,
                    {
                        accountId,
                        name: `${environmentNames(args.environment).label}: office/VPN bypass`,
                        decision: "bypass",
                        includes: args.officeBypassCidrs.map((ip) => ({ ip: { ip } })),
                    },
                    parent,
                ),
            );
        }
        policies.push(
            new cloudflare.ZeroTrustAccessPolicy(
                `${name}-workspace`,
                {
                    accountId,
                    name: `${environmentNames(args.environment).label}: Google Workspace users`,
                    decision: "allow",
                    includes: [{ emailDomain: { domain: args.googleWorkspaceDomain } }],
                    // Workspace addresses must come through Google, not through a PIN sent to the mailbox.
                    requires: [{ loginMethod: { id: google.id } }],
                },
                parent,
            ),
        );
        if (args.externalEmails.length > 0) {
            policies.push(
                new cloudflare.ZeroTrustAccessPolicy(
                    `${name}-external-stakeholders`,
                    {
                        accountId,
                        name: `${environmentNames(args.environment).label}: external stakeholders (one-time PIN)`,
                        decision: "allow",
                        includes: args.externalEmails.map((email) => ({ email: { email } })),
                        requires: [{ loginMethod: { id: args.oneTimePinIdpId } }],
                    },
                    parent,
                ),
            );
        }

        const app = new cloudflare.ZeroTrustAccessApplication(
            `${name}-app`,
            {
                accountId,
                name: `${environmentNames(args.environment).label}`,
                type: "self_hosted",
                domain: args.hostnames[0],
                destinations: args.hostnames.map((uri) => ({ type: "public", uri })),
                sessionDuration: args.sessionDuration,
                allowedIdps: args.externalEmails.length > 0 ? [google.id, args.oneTimePinIdpId] : [google.id],
                autoRedirectToIdentity: false,
                appLauncherVisible: true,
                httpOnlyCookieAttribute: true,
                sameSiteCookieAttribute: "lax",
                policies: policies.map((p, i) => ({ id: p.id, precedence: i + 1 })),
            },
            parent,
        );

        // The webhook Worker's credential. Non-expiring on purpose: an expired token silently drops every webhook.
        // Rotated by raising clientSecretVersion (config access.serviceTokenVersion; docs/runbook.md "Rotations"): Cloudflare
        // issues a new secret in place (same token, same policy) and the Worker's binding takes it in the same update.
        const token = new cloudflare.ZeroTrustAccessServiceToken(
            `${name}-webhook-token`,
            {
                accountId,
                name: `twilio-webhook-fwd-${args.environment}`,
                duration: "forever",
                clientSecretVersion: args.serviceTokenVersion ?? 1,
            },
            parent,
        );
        const serviceAuth = new cloudflare.ZeroTrustAccessPolicy(
            `${name}-webhook-service-auth`,
            {
                accountId,
                name: `${environmentNames(args.environment).label}: Twilio webhook Worker (service token)`,
                // "Service Auth" in the dashboard: no identity login, the token headers are the credential.
                decision: "non_identity",
                includes: [{ serviceToken: { tokenId: token.id } }],
            },
            parent,
        );
        const webhookApp = new cloudflare.ZeroTrustAccessApplication(
            `${name}-webhook-app`,
            {
                accountId,
                name: `${environmentNames(args.environment).label}: Twilio webhook`,
                type: "self_hosted",
                domain: args.webhookDestination,
                destinations: [{ type: "public", uri: args.webhookDestination }],
                sessionDuration: args.sessionDuration,
                appLauncherVisible: false,
                // A request without a valid token gets 401, not a login redirect (the caller is a Worker, not a browser).
                serviceAuth401Redirect: true,
                policies: [{ id: serviceAuth.id, precedence: 1 }],
            },
            parent,
        );

        this.applicationId = app.id;
        this.applicationAud = app.aud;
        this.webhookApplicationAud = webhookApp.aud;
        this.googleIdpId = google.id;
        this.serviceTokenClientId = token.clientId;
        // The provider marks clientSecret secret (additionalSecretOutputs); wrapping again keeps it secret everywhere.
        this.serviceTokenClientSecret = pulumi.secret(token.clientSecret);
        this.registerOutputs({
            applicationAud: this.applicationAud,
            webhookApplicationAud: this.webhookApplicationAud,
        });
    }
}
