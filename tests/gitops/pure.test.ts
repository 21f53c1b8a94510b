/**
 * The GitOps layer's pure parts: Dex's SAML connector and the RBAC policy from config, the settings' refusals, the
 * Image Updater's ECR login and policy, the Application's Kustomize parameters, and the reproduction of
 * `kustomize edit set image` the render tests rely on (checked against the examples in kustomize's own help text,
 * kustomize/commands/edit/set/setimage.go).
 */
import { readFileSync } from "fs";
import { join } from "path";
import { ConfigError, parseConfig } from "../../config/parse";
import { SHARED } from "../../config/shared";
import { argocdValues, DEPLOYER_ROLE, dexConfig, policyCsv } from "../../components/gitops/argocdValues";
import { applicationImage, applicationManifest, ManifestFeed } from "../../components/gitops/applications";
import {
    ECR_CREDS_EXPIRE,
    ECR_TOKEN_HOURS,
    ecrAuthScript,
    ecrRegistryHost,
    imageUpdaterEcrPolicy,
} from "../../components/gitops/imageUpdater";
import { GITOPS_RESOURCES } from "../../components/gitops/charts";
import { caDataProblem, gitRepoUrlProblem, rbacSubjectProblem, samlSsoUrlProblem } from "../../lib/gitopsRules";
import { rawOf } from "../config/helpers";
import { quantity } from "../kubernetes/render";
import { setImages } from "./argoBuild";
import { formatProblem } from "../../lib/problems";

const problemsOf = (raw: Record<string, string | undefined>, stack: string) => {
    try {
        parseConfig(raw, stack);
        return [];
    } catch (e) {
        if (e instanceof ConfigError) return e.problems.map(formatProblem);
        throw e;
    }
};
const withLayer = (raw: Record<string, string | undefined>, layer: string, value: unknown) => ({
    ...raw,
    [layer]: JSON.stringify(value),
});

describe("settings", () => {
    const main = rawOf("main");
    const demo = rawOf("demo");

    it("refuses automated sync and image updates on demo (promoted by hand), naming the keys", () => {
        const gitops = { ...JSON.parse(demo.gitops!), autoSync: true, imageUpdates: true };
        expect(problemsOf(withLayer(demo, "gitops", gitops), "demo")).toEqual([
            expect.stringMatching(/^osprey-strike:gitops\.autoSync: demo is promoted by hand/),
            expect.stringMatching(/^osprey-strike:gitops\.imageUpdates: demo is promoted by hand/),
        ]);
    });

    it("refuses image updates that no automated sync would deploy", () => {
        const gitops = { ...JSON.parse(main.gitops!), autoSync: false };
        expect(problemsOf(withLayer(main, "gitops", gitops), "main")).toEqual([
            expect.stringMatching(/^osprey-strike:gitops\.imageUpdates: commits digests/),
        ]);
    });

    it("gives every stack the one shared repository URL, and refuses one with credentials in it", () => {
        // The repository is every stack's (config/shared.ts): a stack without a gitops layer still syncs from it.
        const { gitops: _g, ...noGitops } = demo;
        expect(problemsOf(noGitops, "demo")).toEqual([]);
        expect(parseConfig(noGitops, "demo").gitops.repoUrl).toBe(SHARED.gitops.repoUrl);
        expect(gitRepoUrlProblem("https://user:token@github.com/o/r.git")).toMatch(/without credentials/);
        expect(gitRepoUrlProblem("https://github.com/osprey-strike/osprey-strike.git")).toBeUndefined();
    });

    it("refuses Argo CD settings in a stack that does not own the platform", () => {
        expect(problemsOf(withLayer(demo, "argocd", { adminEnabled: true }), "demo")).toEqual([
            expect.stringMatching(
                /^osprey-strike:argocd\.adminEnabled: set in stack "demo", which does not own the platform/,
            ),
        ]);
    });

    it("requires the SAML app's SSO URL and certificate in the stack that owns the platform, and only there", () => {
        const { argocd: _a, ...noArgocd } = main;
        expect(problemsOf(noArgocd, "main")).toEqual([
            expect.stringMatching(/^osprey-strike:argocd\.sso\.ssoUrl: missing/),
            expect.stringMatching(/^osprey-strike:argocd\.sso\.caData: missing/),
        ]);
        expect(demo.argocd).toBeUndefined();
        expect(problemsOf(demo, "demo")).toEqual([]);
    });

    it("checks the SAML settings: Google's SSO URL, and a CA that is base64 of a parseable certificate", () => {
        expect(samlSsoUrlProblem("https://accounts.google.com/o/saml2/idp?idpid=C01abc")).toBeUndefined();
        expect(samlSsoUrlProblem("https://evil.example.com/o/saml2/idp?idpid=C01abc")).toMatch(
            /is not Google's SAML SSO URL/,
        );
        const ca = JSON.parse(main.argocd!).sso.caData as string;
        expect(caDataProblem(ca)).toBeUndefined();
        expect(caDataProblem("not base64!")).toMatch(/not base64/);
        expect(caDataProblem(Buffer.from("hello").toString("base64"))).toMatch(/does not decode to a PEM certificate/);
        const broken = Buffer.from("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").toString("base64");
        expect(caDataProblem(broken)).toMatch(/not a valid X.509 certificate/);
    });

    it("refuses a policy.csv subject that would break the CSV or match everyone", () => {
        expect(rbacSubjectProblem("alice@osprey-strike.com")).toBeUndefined();
        for (const bad of ["a,b", "*", " padded", 'quo"te'])
            expect(rbacSubjectProblem(bad)).toMatch(/cannot be a policy.csv subject/);
    });
});

describe("Dex SAML and RBAC", () => {
    const sso = { ssoUrl: "https://accounts.google.com/o/saml2/idp?idpid=C01abc", entityIssuer: "", caData: "Q0E=" };
    const none = { adminEmails: [], adminGroups: [], deployerEmails: [], deployerGroups: [] };

    it("points Dex at Google with the ACS URL <url>/api/dex/callback as redirect and, by default, entity issuer", () => {
        const c = dexConfig("https://localhost:8080", sso, { ...none, adminEmails: ["a@x.com"] }).connectors[0];
        expect(c.type).toBe("saml");
        expect(c.config).toEqual({
            ssoURL: sso.ssoUrl,
            caData: "Q0E=",
            redirectURI: "https://localhost:8080/api/dex/callback",
            entityIssuer: "https://localhost:8080/api/dex/callback",
            usernameAttr: "name",
            emailAttr: "email",
        });
        expect(
            dexConfig("https://localhost:8080", { ...sso, entityIssuer: "https://argocd.example/sp" }, none)
                .connectors[0].config.entityIssuer,
        ).toBe("https://argocd.example/sp");
    });

    it("asks for groups only when RBAC names groups (with groupsAttr, Dex refuses users Google sends no group for)", () => {
        expect(
            dexConfig("https://a", sso, { ...none, adminEmails: ["a@x.com"] }).connectors[0].config,
        ).not.toHaveProperty("groupsAttr");
        expect(
            dexConfig("https://a", sso, { ...none, deployerGroups: ["engineering"] }).connectors[0].config,
        ).toHaveProperty("groupsAttr", "groups");
    });

    it("maps admins to role:admin and deployers to sync on the environments' projects only; everyone else reads", () => {
        const csv = policyCsv({
            adminEmails: ["root@x.com"],
            adminGroups: ["platform-admins"],
            deployerEmails: ["dev@x.com"],
            deployerGroups: ["engineering"],
        });
        const lines = csv.trim().split("\n");
        expect(lines).toContain("g, root@x.com, role:admin");
        expect(lines).toContain("g, platform-admins, role:admin");
        expect(lines).toContain(`g, dev@x.com, ${DEPLOYER_ROLE}`);
        expect(lines).toContain(`g, engineering, ${DEPLOYER_ROLE}`);
        expect(lines).toContain(`p, ${DEPLOYER_ROLE}, applications, sync, osprey-main/*, allow`);
        expect(lines).toContain(`p, ${DEPLOYER_ROLE}, applications, sync, osprey-demo/*, allow`);
        const grants = lines.filter((l) => l.startsWith("p, ")).map((l) => l.split(", "));
        expect(
            grants.every(
                ([, , resource, , object]) =>
                    ["applications", "logs"].includes(resource) && /^osprey-(main|demo)\/\*$/.test(object),
            ),
        ).toBe(true);
    });

    it("disables the admin account, anonymous access and exec, and defaults everyone to read-only", () => {
        const v = argocdValues({ url: "https://localhost:8080", adminEnabled: false, sso, rbac: none });
        expect(v.configs.cm).toMatchObject({
            "admin.enabled": false,
            "users.anonymous.enabled": false,
            "exec.enabled": false,
            url: "https://localhost:8080",
        });
        expect(v.configs.rbac["policy.default"]).toBe("role:readonly");
        expect(v.configs.rbac.scopes).toBe("[groups, email]");
        expect(v.server.ingress.enabled).toBe(false);
        expect(v.server.service.type).toBe("ClusterIP");
    });

    it("fits beside both environments on the default two t3.medium nodes: ~1 vCPU and ~1.7 GiB are left after quotas and add-ons", () => {
        const sum = (k: "cpu" | "memory") =>
            Object.values(GITOPS_RESOURCES).reduce((n, r) => n + quantity(r.requests[k]), 0);
        expect(sum("cpu")).toBeLessThanOrEqual(1);
        expect(sum("memory")).toBeLessThanOrEqual(1.7 * 2 ** 30);
    });
});

describe("Image Updater's ECR access", () => {
    it("re-runs the ECR login well inside the token's 12 hours (AWS: GetAuthorizationToken tokens are valid 12 hours)", () => {
        expect(ECR_TOKEN_HOURS).toBe(12);
        const hours = Number(/^(\d+)h$/.exec(ECR_CREDS_EXPIRE)![1]);
        expect(hours).toBeLessThanOrEqual(ECR_TOKEN_HOURS / 2);
    });

    it("prints one line user:password from the ECR token with the pod's own role", () => {
        const script = ecrAuthScript("us-east-1");
        expect(script.split("\n")[0]).toBe("#!/bin/sh");
        expect(script).toContain("aws ecr get-authorization-token --region us-east-1");
        expect(script).toContain("| base64 -d");
        expect(script).not.toMatch(/AWS_SECRET|aws_access_key/i);
    });

    it("may read only the project's repositories (GetAuthorizationToken alone takes *)", () => {
        const p = imageUpdaterEcrPolicy("us-east-1", "123456789012");
        const [login, read] = p.Statement;
        expect(login).toEqual({ Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" });
        expect(read.Resource).toBe("arn:aws:ecr:us-east-1:123456789012:repository/osprey-strike/*");
        expect(
            (read.Action as string[]).every((a) => /^ecr:(BatchGet|Describe|List|BatchCheck|GetDownload)/.test(a)),
        ).toBe(true);
    });

    it("reads the registry from a repository URL, and refuses anything else", () => {
        expect(ecrRegistryHost("123456789012.dkr.ecr.us-east-1.amazonaws.com/osprey-strike/api")).toBe(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        );
        expect(() => ecrRegistryHost("docker.io/library/nginx")).toThrow(/not an ECR repository URL/);
    });
});

describe("the Application's Kustomize parameters", () => {
    const url = "123456789012.dkr.ecr.us-east-1.amazonaws.com/osprey-strike/api";
    const feed: ManifestFeed = {
        region: "us-east-1",
        ecrRepositoryUrls: { api: url },
        hostnames: { api: "api-main.osprey-strike.com" },
        replicas: { api: 2 },
        albAnnotations: {
            "alb.ingress.kubernetes.io/certificate-arn": "arn:cert",
            "alb.ingress.kubernetes.io/trust-store": "arn:ts",
        },
        albAuthAnnotations: { "alb.ingress.kubernetes.io/auth-idp-oidc": "{}" },
        api: { roleArn: "arn:role", attachmentsBucket: "bucket", extraEnv: { ALB_SIGNER_ARN: "arn:alb" } },
    };

    it("sets the registry and keeps the digest an overlay pins", () => {
        expect(applicationImage("api", feed)).toBe(`osprey-strike/api=${url}@*`);
    });

    it("carries every ALB annotation of the feed, so one more account-specific value is one more entry", () => {
        const a = applicationManifest(
            "api",
            {
                environment: "main",
                source: { repoUrl: "https://g/r.git", revision: "main", path: "kubernetes" },
                autoSync: true,
            },
            feed,
        );
        const patch = JSON.parse(a.spec.source.kustomize.patches[0].patch as string);
        expect(patch.metadata.annotations).toEqual(feed.albAnnotations);
        expect(a.spec.source.kustomize.replicas).toEqual([{ name: "api", count: 2 }]);
        const env = JSON.parse(a.spec.source.kustomize.patches[4].patch as string).spec.template.spec.containers[0].env;
        expect(env).toEqual([
            { name: "ATTACHMENTS_BUCKET", value: "bucket" },
            { name: "AWS_REGION", value: "us-east-1" },
            { name: "ALB_SIGNER_ARN", value: "arn:alb" },
        ]);
    });
});

describe("kustomize edit set image, as reproduced for the render tests", () => {
    const DIGEST = "sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3";

    it("matches the first example of kustomize's help text", () => {
        expect(
            setImages([], ["postgres=eu.gcr.io/my-project/postgres:latest", `my-app=my-registry/my-app@${DIGEST}`]),
        ).toEqual([
            { name: "my-app", newName: "my-registry/my-app", digest: DIGEST },
            { name: "postgres", newName: "eu.gcr.io/my-project/postgres", newTag: "latest" },
        ]);
    });

    it("matches the second example of kustomize's help text", () => {
        expect(setImages([], ["node:8.15.0", "mysql=mariadb", `alpine@${DIGEST}`])).toEqual([
            { name: "alpine", digest: DIGEST },
            { name: "mysql", newName: "mariadb" },
            { name: "node", newTag: "8.15.0" },
        ]);
    });

    it("keeps what * names and clears what the argument omits", () => {
        expect(setImages([{ name: "a", newTag: "t", digest: DIGEST }], ["a=reg/a@*"])).toEqual([
            { name: "a", newName: "reg/a", digest: DIGEST },
        ]);
        expect(setImages([{ name: "a" }], ["a=reg/a@*"])).toEqual([{ name: "a", newName: "reg/a" }]);
    });

    it("is the help text this reproduction follows (kept as evidence from Argo CD's own call site)", () => {
        const argo = readFileSync(join(__dirname, "charts", "argo-cd-v3.4.4.util-kustomize.go.txt"), "utf8");
        expect(argo).toContain(`args := []string{"edit", "set", "image"}`);
        expect(argo).toContain(`args := []string{"edit", "set", "replicas"}`);
        expect(argo).toContain(`kMap["patches"] = patchesList`);
    });
});
