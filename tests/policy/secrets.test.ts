/** Secrets, auth switches and CI trust: a compliant, a non-compliant and a missing-property case each. */
import { unknown } from "@pulumi/pulumi/output";
import { check, res, violationsOf } from "./helpers";

describe("no-kubernetes-secret-data", () => {
    const SECRET = "kubernetes:core/v1:Secret";
    it("passes a Secret without data (e.g. a service-account token Secret the cluster fills in)", async () => {
        expect(
            await check("no-kubernetes-secret-data", {
                type: SECRET,
                props: { metadata: { name: "t" }, type: "kubernetes.io/service-account-token" },
            }),
        ).toEqual([]);
    });
    it("flags data and stringData, naming the keys but never the values", async () => {
        const v = await check("no-kubernetes-secret-data", {
            type: SECRET,
            props: { data: { token: "c2VjcmV0" }, stringData: { password: "hunter2" } },
        });
        expect(v).toEqual([expect.stringContaining("data (token)"), expect.stringContaining("stringData (password)")]);
        expect(v.join(" ")).not.toMatch(/hunter2|c2VjcmV0/);
    });
    it("passes missing or empty data", async () => {
        expect(await check("no-kubernetes-secret-data", { type: SECRET, props: {} })).toEqual([]);
        expect(await check("no-kubernetes-secret-data", { type: SECRET, props: { data: {} } })).toEqual([]);
    });
});

describe("no-auth-disabling-env", () => {
    const deployment = (env: unknown, initEnv?: unknown) => ({
        type: "kubernetes:apps/v1:Deployment",
        props: {
            spec: {
                template: {
                    spec: {
                        containers: [{ name: "api", env }],
                        initContainers: initEnv ? [{ name: "init", env: initEnv }] : undefined,
                    },
                },
            },
        },
    });
    it("passes the switches set on, and unrelated false values", async () => {
        expect(
            await check(
                "no-auth-disabling-env",
                deployment([
                    { name: "ALB_SIGNATURE_VALIDATION_ENABLED", value: "true" },
                    { name: "DEBUG", value: "false" },
                ]),
            ),
        ).toEqual([]);
    });
    it.each(["false", "FALSE", " 0 ", "no", "Off"])(
        "flags %j in containers, init containers, CronJobs, ConfigMaps and Lambdas",
        async (value) => {
            expect(
                await check("no-auth-disabling-env", deployment([], [{ name: "WEBHOOK_AUTH_ENABLED", value }])),
            ).toEqual([expect.stringContaining("container init: WEBHOOK_AUTH_ENABLED")]);
            const cron = {
                spec: {
                    jobTemplate: {
                        spec: {
                            template: {
                                spec: {
                                    containers: [
                                        { name: "c", env: [{ name: "ALB_SIGNATURE_VALIDATION_ENABLED", value }] },
                                    ],
                                },
                            },
                        },
                    },
                },
            };
            expect(
                await check("no-auth-disabling-env", { type: "kubernetes:batch/v1:CronJob", props: cron }),
            ).toHaveLength(1);
            expect(
                await check("no-auth-disabling-env", {
                    type: "kubernetes:core/v1:ConfigMap",
                    props: { data: { WEBHOOK_AUTH_ENABLED: value } },
                }),
            ).toHaveLength(1);
            expect(
                await check("no-auth-disabling-env", {
                    type: "aws:lambda/function:Function",
                    props: { environment: { variables: { ALB_SIGNATURE_VALIDATION_ENABLED: value } } },
                }),
            ).toHaveLength(1);
        },
    );
    it("reports an auth switch taken through valueFrom (its value cannot be read, so it may be off)", async () => {
        const fromConfigMap = {
            name: "WEBHOOK_AUTH_ENABLED",
            valueFrom: { configMapKeyRef: { name: "flags", key: "auth" } },
        };
        expect(await check("no-auth-disabling-env", deployment([fromConfigMap]))).toEqual([
            expect.stringContaining(
                "container api: WEBHOOK_AUTH_ENABLED from valueFrom, whose value this policy cannot read",
            ),
        ]);
        // Other variables may come from anywhere.
        expect(
            await check(
                "no-auth-disabling-env",
                deployment([{ name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "db", key: "url" } } }]),
            ),
        ).toEqual([]);
    });
    it("leaves a switch value unknown during preview to the SDK's advisory", async () => {
        const d = deployment([{ name: "WEBHOOK_AUTH_ENABLED", value: unknown }]);
        expect(await violationsOf("no-auth-disabling-env", [res(d)])).toEqual([
            expect.objectContaining({ level: "advisory" }),
        ]);
    });
    it("handles missing env, spec, data and environment", async () => {
        expect(await check("no-auth-disabling-env", deployment(undefined))).toEqual([]);
        expect(await check("no-auth-disabling-env", { type: "kubernetes:apps/v1:StatefulSet", props: {} })).toEqual([]);
        expect(await check("no-auth-disabling-env", { type: "kubernetes:core/v1:ConfigMap", props: {} })).toEqual([]);
        expect(await check("no-auth-disabling-env", { type: "aws:lambda/function:Function", props: {} })).toEqual([]);
    });
});

describe("github-oidc-trust-pinned", () => {
    const ROLE = "aws:iam/role:Role";
    const FEDERATED = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const trust = (Condition: unknown, asString = true) => {
        const doc = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Principal: { Federated: FEDERATED },
                    Condition,
                },
            ],
        };
        return { type: ROLE, props: { assumeRolePolicy: asString ? JSON.stringify(doc) : doc } };
    };
    // The program's own trust (components/platform ciIdentity), as recorded on the mock cloud.
    const pinned = {
        StringEquals: {
            "token.actions.githubusercontent.com:sub": "repo:osprey-strike/osprey-strike:ref:refs/heads/main",
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        },
    };

    it("passes sub pinned to one repository and branch and aud pinned, as a JSON string or an object", async () => {
        expect(await check("github-oidc-trust-pinned", trust(pinned))).toEqual([]);
        expect(await check("github-oidc-trust-pinned", trust(pinned, false))).toEqual([]);
        expect(
            await check("github-oidc-trust-pinned", trust(pinned), {
                allowedRepositories: ["osprey-strike/osprey-strike"],
            }),
        ).toEqual([]);
    });

    it("flags wildcards (StringLike), a non-branch subject, a wrong aud and a repository outside the allow-list", async () => {
        const like = {
            StringLike: { "token.actions.githubusercontent.com:sub": "repo:osprey-strike/*" },
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        };
        expect(await check("github-oidc-trust-pinned", trust(like))).toEqual([
            expect.stringContaining("has a wildcard"),
        ]);
        const pr = {
            StringEquals: {
                "token.actions.githubusercontent.com:sub": "repo:osprey-strike/osprey-strike:pull_request",
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            },
        };
        expect(await check("github-oidc-trust-pinned", trust(pr))).toEqual([
            expect.stringContaining("is not repo:<owner>/<repo>:ref:refs/heads/<branch>"),
        ]);
        const aud = {
            StringEquals: {
                ...pinned.StringEquals,
                "token.actions.githubusercontent.com:aud": "https://github.com/osprey-strike",
            },
        };
        expect(await check("github-oidc-trust-pinned", trust(aud))).toEqual([
            expect.stringContaining('not pinned to "sts.amazonaws.com"'),
        ]);
        expect(
            await check("github-oidc-trust-pinned", trust(pinned), { allowedRepositories: ["osprey-strike/other"] }),
        ).toEqual([expect.stringContaining("not in allowedRepositories")]);
    });

    it("handles missing properties: no Condition pins neither sub nor aud; roles trusting no GitHub are not judged", async () => {
        expect(await check("github-oidc-trust-pinned", trust(undefined))).toHaveLength(2);
        const lambda = {
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        };
        expect(
            await check("github-oidc-trust-pinned", {
                type: ROLE,
                props: { assumeRolePolicy: JSON.stringify(lambda) },
            }),
        ).toEqual([]);
    });

    it("reports a trust policy that is missing or not a document (fails closed), and leaves an unknown one to the SDK's advisory", async () => {
        expect(await check("github-oidc-trust-pinned", { type: ROLE, props: {} })).toEqual([
            expect.stringContaining("assumeRolePolicy is not set"),
        ]);
        expect(
            await check("github-oidc-trust-pinned", { type: ROLE, props: { assumeRolePolicy: "{not json" } }),
        ).toEqual([expect.stringContaining("is not a JSON policy document")]);
        expect(
            await violationsOf("github-oidc-trust-pinned", [res({ type: ROLE, props: { assumeRolePolicy: unknown } })]),
        ).toEqual([expect.objectContaining({ level: "advisory" })]);
    });
});
