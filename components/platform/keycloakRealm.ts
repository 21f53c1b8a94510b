/**
 * Auth layer 3: the Keycloak realm both environments' ALBs log in to, on an existing Keycloak server (Keycloak does not
 * run in this cluster: docs/requirements.md, Auth layers). The platform stack owns what is shared: the realm and its
 * token and
 * session lifetimes, the groups the API authorizes by, and Google Workspace brokered as the realm's identity provider.
 * Each environment's stack owns its own ALB client in this realm (components/environment/albOidc.ts), so demo can be
 * torn down without touching main's login.
 *
 * Users are not created here: the first Google login creates (imports) the user; membership of system-administrator
 * and the other groups is granted in Keycloak by an administrator (docs/auth.md).
 */
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { GOOGLE_IDP_ALIAS, USER_PROFILE_ATTRIBUTES, USER_PROFILE_GROUPS } from "../../lib/authContract";

export interface KeycloakRealmArgs {
    /** Realm name (Keycloak's realm ID is its name). */
    realm: string;
    /** Keycloak durations (5m, 8h). */
    accessTokenLifespan: string;
    ssoSessionIdleTimeout: string;
    ssoSessionMaxLifespan: string;
    /** Top-level groups, system-administrator among them (Platform checks, lib/authContract.ts). */
    groups: string[];
    /** Google Workspace, brokered: only accounts of this domain may log in. */
    google: { workspaceDomain: string; clientId: string; clientSecret: pulumi.Input<string> };
}

export class KeycloakRealm extends pulumi.ComponentResource {
    /** The realm's ID (= its name), for the environments' clients. */
    readonly realmId: pulumi.Output<string>;
    /** Group IDs by name. */
    readonly groupIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: KeycloakRealmArgs, opts?: pulumi.ComponentResourceOptions) {
        const { google, ...summary } = args;
        super(
            "osprey:platform:KeycloakRealm",
            name,
            { ...summary, googleWorkspaceDomain: google.workspaceDomain },
            opts,
        );
        const parent = { parent: this };
        const realm = new keycloak.Realm(
            name,
            {
                realm: args.realm,
                enabled: true,
                displayName: "Osprey Strike",
                // TLS on every request, not only external ones: the ALB and browsers reach Keycloak over the internet.
                sslRequired: "all",
                // Accounts come only from Google Workspace (first broker login), never from a sign-up form.
                registrationAllowed: false,
                resetPasswordAllowed: false,
                rememberMe: false,
                accessTokenLifespan: args.accessTokenLifespan,
                ssoSessionIdleTimeout: args.ssoSessionIdleTimeout,
                ssoSessionMaxLifespan: args.ssoSessionMaxLifespan,
                // Refresh tokens stay reusable (Keycloak's default): the ALB's nodes may refresh one session concurrently,
                // and single-use refresh tokens would log such a user out at random.
            },
            // Deleting or replacing the realm (a rename) would drop every user and group membership: only on purpose
            // (`pulumi state unprotect` first).
            { ...parent, protect: true },
        );
        this.realmId = realm.id;

        // The whole user profile: Keycloak's default attributes and validations, edited by administrators only
        // (lib/authContract.ts USER_PROFILE_ATTRIBUTES says why). No unmanaged attributes (Keycloak's default).
        new keycloak.RealmUserProfile(
            `${name}-user-profile`,
            {
                realmId: realm.id,
                unmanagedAttributePolicy: "DISABLED",
                attributes: USER_PROFILE_ATTRIBUTES.map((a) => ({
                    ...a,
                    permissions: { views: [...a.permissions.views], edits: [...a.permissions.edits] },
                    requiredForRoles: a.requiredForRoles ? [...a.requiredForRoles] : undefined,
                })),
                groups: USER_PROFILE_GROUPS.map((g) => ({ ...g })),
            },
            parent,
        );

        this.groupIds = {};
        for (const group of args.groups) {
            this.groupIds[group] = new keycloak.Group(
                `${name}-group-${group}`,
                { realmId: realm.id, name: group },
                parent,
            ).id;
        }

        // Google Workspace brokered: hostedDomain sends Google's `hd` parameter AND makes Keycloak check the `hd` claim
        // of the answer, so a consumer Google account (or another Workspace) is refused even if it forges the parameter.
        new keycloak.oidc.GoogleIdentityProvider(
            `${name}-google`,
            {
                realm: realm.realm,
                alias: GOOGLE_IDP_ALIAS,
                displayName: "Google Workspace",
                clientId: google.clientId,
                clientSecret: pulumi.secret(google.clientSecret),
                hostedDomain: google.workspaceDomain,
                // Google has verified the Workspace address: Keycloak marks it email_verified. The API still keys on
                // `sub` and reads `email` only with email_verified true (docs/auth.md).
                trustEmail: true,
                // Name and email follow Google on every login (IMPORT would freeze them at the first).
                syncMode: "FORCE",
                defaultScopes: "openid profile email",
                storeToken: false,
                enabled: true,
            },
            parent,
        );
        this.registerOutputs({ realmId: this.realmId });
    }
}
