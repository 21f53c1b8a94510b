/**
 * The realm's user profile: who may change an identity attribute, judged the way Keycloak decides it, and the
 * profile still Keycloak's default otherwise (a RealmUserProfile replaces the whole profile).
 *
 * Keycloak's decision (services DeclarativeUserProfileProvider.decorateUserProfileForCache): an attribute is writable
 * in a context when its `permissions.edit` holds the context's role, and UserProfileContext says which role a context
 * is: USER_API (the Admin API and console) is `admin`; UPDATE_PROFILE, ACCOUNT (the Account Console), IDP_REVIEW,
 * REGISTRATION and UPDATE_EMAIL are the user's own, `user` (server-spi UserProfileContext, adminContext flag).
 */
import { USER_PROFILE_ATTRIBUTES, USER_PROFILE_GROUPS, UserProfileAttribute } from "../../lib/authContract";

const CONTEXT_ROLE = {
    USER_API: "admin",
    UPDATE_PROFILE: "user",
    ACCOUNT: "user",
    IDP_REVIEW: "user",
    REGISTRATION: "user",
    UPDATE_EMAIL: "user",
} as const;
type Context = keyof typeof CONTEXT_ROLE;
const USER_CONTEXTS = (Object.keys(CONTEXT_ROLE) as Context[]).filter((c) => CONTEXT_ROLE[c] === "user");

const canEdit = (a: UserProfileAttribute, c: Context) => a.permissions.edits.includes(CONTEXT_ROLE[c]);
const canView = (a: UserProfileAttribute, c: Context) => a.permissions.views.includes(CONTEXT_ROLE[c]) || canEdit(a, c);
const attr = (name: string, attrs: readonly UserProfileAttribute[] = USER_PROFILE_ATTRIBUTES) =>
    attrs.find((a) => a.name === name)!;

/**
 * Keycloak's default profile (keycloak/keycloak services/src/main/resources/org/keycloak/userprofile/config/
 * keycloak-default-user-profile.json at commit d6697aac): each attribute's validations and required roles.
 */
const KEYCLOAK_DEFAULT: Record<string, { validations: Record<string, Record<string, string>>; required?: string[] }> = {
    username: {
        validations: {
            length: { min: "3", max: "255" },
            "username-prohibited-characters": {},
            "up-username-not-idn-homograph": {},
        },
    },
    email: { validations: { email: {}, length: { max: "255" } }, required: ["user"] },
    firstName: { validations: { length: { max: "255" }, "person-name-prohibited-characters": {} }, required: ["user"] },
    lastName: { validations: { length: { max: "255" }, "person-name-prohibited-characters": {} }, required: ["user"] },
};

describe("the realm user profile", () => {
    it("lets no user change their own username, email or names, in any of their contexts", () => {
        for (const name of ["username", "email", "firstName", "lastName"])
            for (const c of USER_CONTEXTS) expect([name, c, canEdit(attr(name), c)]).toEqual([name, c, false]);
    });

    it("lets administrators edit them, and everyone see them", () => {
        for (const a of USER_PROFILE_ATTRIBUTES) {
            expect([a.name, canEdit(a, "USER_API")]).toEqual([a.name, true]);
            for (const c of Object.keys(CONTEXT_ROLE) as Context[])
                expect([a.name, c, canView(a, c)]).toEqual([a.name, c, true]);
        }
    });

    it("is Keycloak's default profile otherwise: the same attributes, validations, required roles and group", () => {
        expect(USER_PROFILE_ATTRIBUTES.map((a) => a.name)).toEqual(Object.keys(KEYCLOAK_DEFAULT));
        for (const a of USER_PROFILE_ATTRIBUTES) {
            const d = KEYCLOAK_DEFAULT[a.name];
            expect([a.name, Object.fromEntries(a.validators.map((v) => [v.name, v.config ?? {}]))]).toEqual([
                a.name,
                d.validations,
            ]);
            expect([a.name, a.requiredForRoles]).toEqual([a.name, d.required]);
            expect(a.displayName).toBe(`\${${a.name}}`);
        }
        expect(USER_PROFILE_GROUPS.map((g) => g.name)).toEqual(["user-metadata"]);
    });

    it("the model itself: Keycloak's default permissions let a user rewrite their email from the Account Console", () => {
        const keycloakDefault = USER_PROFILE_ATTRIBUTES.map((a) => ({
            ...a,
            permissions: { views: ["admin", "user"], edits: ["admin", "user"] } as UserProfileAttribute["permissions"],
        }));
        expect(canEdit(attr("email", keycloakDefault), "ACCOUNT")).toBe(true);
    });
});
