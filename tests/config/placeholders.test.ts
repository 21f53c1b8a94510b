/**
 * Placeholders (config/placeholders.ts, declared in config/settings.ts): every stand-in of the stock stack files is known
 * by its key, a real value is not one, and the two repository settings have no default that points at a repository.
 */
import { placeholderDeclarations, placeholdersIn } from "../../config/placeholders";
import { LAYERS } from "../../config/settings";
import { problemsOf, rawOf } from "./helpers";

const keys = (raw: Record<string, string>) => placeholdersIn(raw).map((p) => p.key.replace(/^osprey-strike:/, ""));

describe("placeholders", () => {
    it("of the stock main file: the documentation IDs, the organization, the SAML app, the repositories, the admin role", () => {
        expect(keys(rawOf("main")).sort()).toEqual(
            [
                "zone.accountId",
                "zone.zoneId",
                "access.googleClientId",
                "access.externalEmails",
                "access.officeBypassCidrs",
                "gitops.repoUrl",
                "deployments.organization",
                "argocd.sso.ssoUrl",
                "argocd.sso.caData",
                "platform.cluster.adminRoleArns",
                "platform.ci.repository",
                "platform.repositoryRules.botAppId",
                "platform.repositoryRules.maintainersTeamId",
            ].sort(),
        );
    });

    it("of the stock demo file include the organization in platformStack", () => {
        expect(keys(rawOf("demo"))).toEqual(
            expect.arrayContaining(["platformStack", "zone.accountId", "deployments.organization", "gitops.repoUrl"]),
        );
    });

    it("are gone once replaced with real-shaped values (which still parse)", () => {
        const main = rawOf("main");
        const layer = (k: string) => JSON.parse(main[k]) as Record<string, unknown>;
        const platform = layer("platform") as { cluster: object; ci: object; repositoryRules: object };
        const argocd = layer("argocd") as { sso: object };
        const replaced = {
            ...main,
            zone: JSON.stringify({ ...layer("zone"), accountId: "a".repeat(32), zoneId: "b".repeat(32) }),
            access: JSON.stringify({
                ...layer("access"),
                googleClientId: "123456789012-abc.apps.googleusercontent.com",
                externalEmails: [],
                officeBypassCidrs: ["81.2.69.0/28"],
            }),
            gitops: JSON.stringify({ repoUrl: "https://github.com/acme/infra.git" }),
            deployments: JSON.stringify({ organization: "acme" }),
            platform: JSON.stringify({
                ...platform,
                cluster: { ...platform.cluster, adminRoleArns: ["arn:aws:iam::210987654321:role/admin"] },
                ci: { repository: "acme/app" },
                repositoryRules: { ...platform.repositoryRules, botAppId: 2718281, maintainersTeamId: 3141592 },
            }),
            argocd: JSON.stringify({
                ...argocd,
                sso: { ...argocd.sso, ssoUrl: "https://accounts.google.com/o/saml2/idp?idpid=C01abcdef" },
            }),
        };
        expect(keys(replaced)).toEqual(["argocd.sso.caData"]); // the certificate is the one value a test cannot invent
        expect(problemsOf(replaced)).toEqual([]);
    });

    it("are declared once each, with what to put instead; the repositories have no default", () => {
        const decls = placeholderDeclarations();
        expect(new Set(decls.map((d) => d.key)).size).toBe(decls.length);
        for (const d of decls) expect(d.replaceWith.length).toBeGreaterThan(10);
        expect(LAYERS.platform.fields.ci.fields.repository.default).toBeUndefined();
        expect(LAYERS.gitops.fields.repoUrl.default).toBeUndefined();
        expect(LAYERS.gitops.fields.repoUrl.description).not.toContain("osprey-strike/osprey-strike");
    });
});
