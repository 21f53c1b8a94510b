/**
 * keycloak-client-code-flow-only: a compliant client (the ALB's, as the program makes it), and each way a browser
 * client can leak codes, tokens or passwords. Defaults from the provider's docs (@pulumi/keycloak openid/client.d.ts:
 * implicit, direct-access and standard flow all "Defaults to `false`").
 */
import { check } from "./helpers";

const CLIENT = "keycloak:openid/client:Client";
const ALB_CLIENT = {
    accessType: "CONFIDENTIAL",
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    validRedirectUris: [
        "https://main.osprey-strike.com/oauth2/idpresponse",
        "https://api-main.osprey-strike.com/oauth2/idpresponse",
    ],
};
const run = (props: Record<string, unknown>) => check("keycloak-client-code-flow-only", { type: CLIENT, props });

describe("keycloak-client-code-flow-only", () => {
    it("passes the ALB's client, and a client with no browser flow at all", async () => {
        expect(await run(ALB_CLIENT)).toEqual([]);
        expect(await run({ accessType: "CONFIDENTIAL", serviceAccountsEnabled: true })).toEqual([]);
        // Unset implicit and direct-access flags are Keycloak's default (off).
        expect(await run({ standardFlowEnabled: true, validRedirectUris: ALB_CLIENT.validRedirectUris })).toEqual([]);
    });

    it("flags the implicit flow and the password grant", async () => {
        expect(await run({ ...ALB_CLIENT, implicitFlowEnabled: true })).toEqual([
            expect.stringContaining("implicitFlowEnabled is true"),
        ]);
        expect(await run({ ...ALB_CLIENT, directAccessGrantsEnabled: true })).toEqual([
            expect.stringContaining("directAccessGrantsEnabled is true"),
        ]);
    });

    it("flags wildcard, plain-http and missing redirect URIs", async () => {
        expect(
            await run({ ...ALB_CLIENT, validRedirectUris: ["https://*.osprey-strike.com/oauth2/idpresponse"] }),
        ).toEqual([expect.stringContaining("has a wildcard")]);
        expect(await run({ ...ALB_CLIENT, validRedirectUris: ["*"] })).toEqual([
            expect.stringContaining("has a wildcard"),
        ]);
        expect(
            await run({ ...ALB_CLIENT, validRedirectUris: ["http://main.osprey-strike.com/oauth2/idpresponse"] }),
        ).toEqual([expect.stringContaining("is not https")]);
        const { validRedirectUris: _uris, ...noUris } = ALB_CLIENT;
        void _uris;
        expect(await run(noUris)).toEqual([expect.stringContaining("without validRedirectUris")]);
    });

    it("judges only Keycloak's OpenID clients", async () => {
        expect(
            await check("keycloak-client-code-flow-only", {
                type: "keycloak:saml/client:Client",
                props: { implicitFlowEnabled: true },
            }),
        ).toEqual([]);
    });
});
