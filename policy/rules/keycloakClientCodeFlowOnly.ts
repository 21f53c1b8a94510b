/**
 * Auth layer 3 (docs/auth.md): a Keycloak OpenID client that browsers log in through (standard flow) uses the
 * authorization-code flow only and returns codes only to exact https URLs. An implicit flow hands tokens to the
 * browser's URL; a direct-access grant takes passwords; a wildcard or plain-http redirect URI lets anyone who can
 * serve a matching URL collect authorization codes. The ALB's clients need none of these.
 *
 * Fails closed on what it reads: implicit or direct-access left unset counts as Keycloak's default (off, per the
 * provider's docs); an unknown value during preview is the SDK's advisory.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { arrayOf, isTrue, peek, UNKNOWN } from "../lib/props";

const CLIENT = "keycloak:openid/client:Client";

/** Everything wrong with one client's props (empty when compliant). */
export function clientFlowProblems(props: Record<string, unknown>): string[] {
    const problems: string[] = [];
    if (isTrue(peek(props, "implicitFlowEnabled")))
        problems.push("implicitFlowEnabled is true: tokens would travel in the browser's URL; turn it off");
    if (isTrue(peek(props, "directAccessGrantsEnabled"))) {
        problems.push(
            "directAccessGrantsEnabled is true: the client would accept users' passwords (resource owner password grant); turn it off",
        );
    }
    if (isTrue(peek(props, "standardFlowEnabled"))) {
        const uris = peek(props, "validRedirectUris");
        if (uris !== UNKNOWN) {
            const list = arrayOf(uris);
            if (list.length === 0)
                problems.push("standardFlowEnabled without validRedirectUris: list the exact callback URLs");
            for (const u of list) {
                if (typeof u !== "string") continue;
                if (u.includes("*"))
                    problems.push(`validRedirectUris "${u}" has a wildcard; list each exact callback URL`);
                else if (!u.startsWith("https://")) problems.push(`validRedirectUris "${u}" is not https`);
            }
        }
    }
    return problems;
}

export const keycloakClientCodeFlowOnly: ResourceValidationPolicy = {
    name: "keycloak-client-code-flow-only",
    description:
        "Keycloak OpenID clients use the authorization-code flow only (no implicit, no password grant) with exact https redirect URIs.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set implicitFlowEnabled: false and directAccessGrantsEnabled: false on the keycloak.openid.Client, and list every callback " +
        "URL exactly, https, without '*' (the ALB's: https://<host>/oauth2/idpresponse).",
    validateResource: (args, report) => {
        if (args.type !== CLIENT) return;
        for (const p of clientFlowProblems(args.props as Record<string, unknown>)) report(p);
    },
};
