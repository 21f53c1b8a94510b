/**
 * The identity contract between the Keycloak realm (auth layer 3), the ALB (layer 2) and the API's middleware
 * (layer 4), as data (pure: no Pulumi imports). docs/auth.md documents it for the API's authors; a change here is a
 * change to that contract.
 */

/**
 * The realm group whose members are the API's system administrators (by Keycloak group membership:
 * docs/requirements.md, Auth layers).
 */
export const SYSTEM_ADMINISTRATOR_GROUP = "system-administrator";

/**
 * The claim the group-membership mapper writes, into the ID token, the access token and the userinfo answer. The ALB
 * builds `x-amzn-oidc-data` from the userinfo answer, so that is where the API finds it.
 */
export const GROUPS_CLAIM = "groups";

/**
 * Groups are sent as FULL PATHS (`/system-administrator`, `/tenants/acme`): a bare name is ambiguous as soon as the
 * realm has subgroups (any `/x/system-administrator` would read as `system-administrator`), and whoever may create a
 * subgroup could then mint a system administrator. The API compares whole strings.
 */
export const GROUPS_FULL_PATH = true;

/** The value the API compares against for a system administrator. */
export const SYSTEM_ADMINISTRATOR_CLAIM_VALUE = GROUPS_FULL_PATH
    ? `/${SYSTEM_ADMINISTRATOR_GROUP}`
    : SYSTEM_ADMINISTRATOR_GROUP;

/**
 * Alias of the Google Workspace identity provider in the realm. The ALB sends `kc_idp_hint=<alias>` (Keycloak's
 * documented hint), so Keycloak skips its own login page and brokers straight to Google: a user who already signed
 * in to Google for Cloudflare Access is not asked again.
 */
export const GOOGLE_IDP_ALIAS = "google";

/** The ALB's OIDC callback path (AWS: "https://<DNS>/oauth2/idpresponse", ELB guide, listener-authenticate-users). */
export const ALB_OIDC_CALLBACK_PATH = "/oauth2/idpresponse";

/** The redirect URIs of an environment's ALB client: exactly one per hostname the ALB authenticates, nothing else. */
export function albRedirectUris(hostnames: readonly string[]): string[] {
    return hostnames.map((h) => `https://${h}${ALB_OIDC_CALLBACK_PATH}`);
}

/** A Keycloak realm's issuer (Keycloak 17+ serves realms at the root, no `/auth`). */
export function keycloakIssuer(keycloakUrl: string, realm: string): string {
    return `${keycloakUrl.replace(/\/+$/, "")}/realms/${realm}`;
}

/** Keycloak's OpenID Connect endpoints for a realm issuer (Keycloak's documented paths under /protocol/openid-connect). */
export function keycloakEndpoints(issuerUrl: string) {
    const base = `${issuerUrl.replace(/\/+$/, "")}/protocol/openid-connect`;
    return {
        issuer: issuerUrl,
        authorizationEndpoint: `${base}/auth`,
        tokenEndpoint: `${base}/token`,
        userInfoEndpoint: `${base}/userinfo`,
    };
}

/**
 * The value of the ingress annotation `alb.ingress.kubernetes.io/auth-idp-oidc` (the AWS Load Balancer Controller's
 * AuthIDPConfigOIDC: issuer, endpoints, secretName, authenticationRequestExtraParams).
 */
export function albOidcAnnotationValue(issuerUrl: string, secretName: string): string {
    return JSON.stringify({
        ...keycloakEndpoints(issuerUrl),
        secretName,
        authenticationRequestExtraParams: { kc_idp_hint: GOOGLE_IDP_ALIAS },
    });
}

/** Keycloak durations as the provider takes them (Go durations: 5m, 8h, 1h30m). */
const DURATION_RE = /^(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds of a Keycloak duration, or undefined when it is not one. */
export function durationSeconds(v: string): number | undefined {
    const m = DURATION_RE.exec(v);
    if (!m) return undefined;
    const [h, min, s] = [m[1], m[2], m[3]].map((x) => Number(x ?? 0));
    const total = h * 3600 + min * 60 + s;
    return total > 0 ? total : undefined;
}

export function durationProblem(v: string): string | undefined {
    return durationSeconds(v) === undefined ? `"${v}" is not a duration like 5m, 8h or 1h30m` : undefined;
}

/** Keycloak group names as this program creates them: top-level, no slash (a slash would read as a path). */
export function groupNameProblem(v: string): string | undefined {
    return /^[a-z0-9][a-z0-9-]{0,62}$/.test(v)
        ? undefined
        : `"${v}" is not a group name (lower-case letters, digits and hyphens; no slash)`;
}

/** A realm name (Keycloak's realm ID is its name): lower-case letters, digits and hyphens. */
export function realmNameProblem(v: string): string | undefined {
    return /^[a-z0-9][a-z0-9-]{0,35}$/.test(v)
        ? undefined
        : `"${v}" is not a realm name (lower-case letters, digits, hyphens)`;
}

/** The realm's groups: valid names, none twice, the system administrators' group among them. */
export function realmGroupsProblem(groups: readonly string[]): string | undefined {
    if (!groups.includes(SYSTEM_ADMINISTRATOR_GROUP))
        return `must include "${SYSTEM_ADMINISTRATOR_GROUP}" (the API's system administrators, docs/auth.md)`;
    const bad = groups.map((g, i) => groupNameProblem(g) && `item ${i} ${groupNameProblem(g)}`).filter(Boolean);
    if (bad.length > 0) return bad.join("; ");
    return new Set(groups).size !== groups.length ? "lists a group twice" : undefined;
}

/** Keycloak's two user-profile roles (UserProfileConstants ROLE_ADMIN, ROLE_USER). */
export type UserProfileRole = "admin" | "user";

export interface UserProfileAttribute {
    name: string;
    displayName: string;
    /** Keycloak's `required.roles`: whose forms must fill it. */
    requiredForRoles?: UserProfileRole[];
    permissions: { views: UserProfileRole[]; edits: UserProfileRole[] };
    validators: { name: string; config?: Record<string, string> }[];
}

/** Everyone sees the attribute; only an administrator (the Admin API, USER_API context) changes it. */
const ADMIN_EDITS = { views: ["admin", "user"], edits: ["admin"] } satisfies UserProfileAttribute["permissions"];

/**
 * The realm's user profile. A RealmUserProfile replaces the WHOLE profile, so this is Keycloak's default profile
 * (services/src/main/resources/org/keycloak/userprofile/config/keycloak-default-user-profile.json, Keycloak 24+:
 * username, email, firstName, lastName with their validations, email/firstName/lastName required for users, the group
 * "user-metadata") with one change: nobody edits their own identity. Keycloak's default lets a user edit `email`,
 * `firstName` and `lastName` (and `username` where the realm allows) from the Account Console or an update-profile
 * form; a user who set someone else's address would carry it in the `email` claim (`email_verified` false) until the
 * next Google login overwrites it (syncMode FORCE). Edits are `admin` only; Google Workspace still writes all four:
 * the first broker login sets the attributes on the new user, and FORCE sync sets email and names on every login,
 * both on the user model directly (Keycloak IdpCreateUserIfUniqueAuthenticator, IdentityBrokerService
 * setBasicUserAttributes), not through the profile's permissions. The API keys users on `sub` (docs/auth.md).
 */
export const USER_PROFILE_ATTRIBUTES: readonly UserProfileAttribute[] = [
    {
        name: "username",
        displayName: "${username}",
        permissions: ADMIN_EDITS,
        validators: [
            { name: "length", config: { min: "3", max: "255" } },
            { name: "username-prohibited-characters" },
            { name: "up-username-not-idn-homograph" },
        ],
    },
    {
        name: "email",
        displayName: "${email}",
        requiredForRoles: ["user"],
        permissions: ADMIN_EDITS,
        validators: [{ name: "email" }, { name: "length", config: { max: "255" } }],
    },
    ...(["firstName", "lastName"] as const).map((name) => ({
        name,
        displayName: `\${${name}}`,
        requiredForRoles: ["user"] as UserProfileRole[],
        permissions: ADMIN_EDITS,
        validators: [{ name: "length", config: { max: "255" } }, { name: "person-name-prohibited-characters" }],
    })),
];

/** The default profile's attribute group, kept as Keycloak ships it. */
export const USER_PROFILE_GROUPS = [
    {
        name: "user-metadata",
        displayHeader: "User metadata",
        displayDescription: "Attributes, which refer to user metadata",
    },
] as const;
