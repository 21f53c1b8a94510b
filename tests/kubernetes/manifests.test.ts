/**
 * The kubernetes/ tree ArgoCD syncs, rendered by `kubectl kustomize` per overlay and checked offline: schema
 * (kubernetes-models), namespace, replicas (seed and Pulumi.<env>.yaml), Pod Security "restricted", images from the
 * program's ECR repositories, the ALB group and its auth, the namespace quota, and the CrossGuard policy
 * no-auth-disabling-env.
 */
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { IIngressRule } from "kubernetes-models/networking.k8s.io/v1";
import type { IPodSpec } from "kubernetes-models/v1";
import { policies } from "../../policy/policies";
import { AUTH_SWITCHES } from "../../policy/lib/authSwitches";
import { runPolicies } from "../../harness/policyRunner";
import type { RecordedResource } from "../../harness/graph";
import { keycloakEndpoints, ALB_OIDC_SECRET } from "../../components/environment/albOidc";
import { APP_SECRETS } from "../../components/data/secretCatalog";
import { DB_CONNECTION_SECRET } from "../../components/data/externalSecrets";
import { APPS_BY_ENVIRONMENT, appHostnames, TWILIO_WEBHOOK_PATH } from "../../components/edge/hostnames";
import { K8sObject, overlaysOnDisk, quantity, render, restrictedProblems } from "./render";

import { ENVIRONMENTS, Env } from "../../lib/naming";

const ENVS: readonly Env[] = ENVIRONMENTS;
const ECR = /^\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com\/osprey-strike\/([a-z]+)(:branch-main|@sha256:[0-9a-f]{64})$/;
// Seed: "Main runs two API replicas for high availability; demo runs one."
const SEED_API_REPLICAS: Record<Env, number> = { main: 2, demo: 1 };
const MODELS: Record<string, new (o: never) => { validate(): void }> = { Deployment, Service, ServiceAccount, Ingress };

import { stackConfig } from "../graphHelpers";
const cases = ENVS.flatMap((env) => APPS_BY_ENVIRONMENT[env].map((app) => [env, app] as [Env, string]));
const rendered = new Map(cases.map(([env, app]) => [`${env}/${app}`, render(app, env)]));
const objectsOf = (env: Env, app: string) => rendered.get(`${env}/${app}`)!;
const deploymentsOf = (env: Env) => APPS_BY_ENVIRONMENT[env].flatMap((app) => objectsOf(env, app).filter((o) => o.kind === "Deployment"));
const pod = (d: K8sObject): IPodSpec => d.spec.template.spec;

it("has exactly the overlays of the seed: main {api, web, mock, mcp}, demo {api, web}", () => {
    expect(overlaysOnDisk()).toEqual(["demo/api", "demo/web", "main/api", "main/mcp", "main/mock", "main/web"]);
    expect(cases.map(([e, a]) => `${e}/${a}`).sort()).toEqual(overlaysOnDisk());
});

describe("the checks themselves", () => {
    const api = () => structuredClone(objectsOf("main", "api").find((o) => o.kind === "Deployment")!);

    it("the schema check rejects a wrongly typed field", () => {
        const broken = api();
        broken.spec.replicas = "2";
        expect(() => new Deployment(broken as never).validate()).toThrow();
    });

    it("the restricted check reports escalation, root and missing seccomp", () => {
        const broken = api();
        delete pod(broken).securityContext?.seccompProfile;
        pod(broken).containers[0].securityContext = { runAsUser: 0 };
        expect(restrictedProblems(pod(broken))).toEqual([
            "api: runAsUser 0",
            "api: allowPrivilegeEscalation is not false",
            "api: capabilities do not drop ALL",
            "api: seccompProfile is undefined",
        ]);
    });
});

describe.each(cases)("%s/%s", (env, app) => {
    const objects = objectsOf(env, app);
    const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

    it("renders a Deployment, a Service and Ingresses, each valid against the Kubernetes schema", () => {
        expect(byKind("Deployment").map((d) => d.metadata.name)).toEqual([app]);
        expect(byKind("Service").map((s) => s.spec.type)).toEqual(["ClusterIP"]);
        for (const o of objects) {
            const Model = MODELS[o.kind];
            if (!Model) throw new Error(`no schema model for kind ${o.kind} (${o.metadata.name})`);
            expect(() => new Model(o as never).validate()).not.toThrow();
        }
    });

    it(`puts everything in namespace osprey-${env}`, () => {
        expect(objects.map((o) => o.metadata.namespace)).toEqual(objects.map(() => `osprey-${env}`));
    });

    it("runs the replica count of the seed and Pulumi.<env>.yaml", () => {
        const cfg = stackConfig(env);
        const expected = app === "api" ? SEED_API_REPLICAS[env] : app === "web" ? cfg.workloads.webReplicas : 1;
        if (app === "api") expect(cfg.workloads.apiReplicas).toBe(expected);
        expect(byKind("Deployment")[0].spec.replicas).toBe(expected);
    });

    it("is Pod Security restricted-compliant, with limits and health probes on every container", () => {
        const spec = pod(byKind("Deployment")[0]);
        expect(restrictedProblems(spec)).toEqual([]);
        for (const c of spec.containers) {
            expect(c.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
            expect(c.resources?.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
            expect(c.readinessProbe?.httpGet?.path).toBe("/healthz");
            expect(c.livenessProbe?.httpGet?.path).toBe("/healthz");
            expect(c.securityContext?.readOnlyRootFilesystem).toBe(true);
        }
    });

    it(`pulls ${app} from the program's ECR repository osprey-strike/${app}`, () => {
        for (const c of pod(byKind("Deployment")[0]).containers) expect(ECR.exec(c.image ?? "")?.[1]).toBe(app);
    });

    it("sets no auth switch anywhere in the rendered objects", () => {
        const text = JSON.stringify(objects);
        for (const name of AUTH_SWITCHES) expect(text).not.toContain(name);
    });

    it(`joins the ALB group osprey-${env} on HTTPS 443 only, behind the Cloudflare-only security group, with OIDC`, () => {
        const cfg = stackConfig(env);
        const oidc = JSON.stringify({ ...keycloakEndpoints(cfg.oidc.issuerUrl), secretName: ALB_OIDC_SECRET });
        const ingresses = byKind("Ingress");
        expect(ingresses.length).toBeGreaterThan(0);
        for (const ing of ingresses) {
            const a = ing.metadata.annotations ?? {};
            const key = (k: string) => a[`alb.ingress.kubernetes.io/${k}`];
            expect(ing.spec.ingressClassName).toBe(`osprey-${env}`);
            expect(key("group.name")).toBe(`osprey-${env}`);
            expect(JSON.parse(key("listen-ports"))).toEqual([{ HTTPS: 443 }]);
            expect(key("scheme")).toBe("internet-facing");
            expect(key("target-type")).toBe("ip");
            expect(key("certificate-arn")).toMatch(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/);
            expect(key("security-groups")).toMatch(/^sg-[0-9a-f]{17}$/);
            expect(key("manage-backend-security-group-rules")).toBe("true");
            const paths = ing.spec.rules.flatMap((r: IIngressRule) => (r.http?.paths ?? []).map((p) => p.path));
            if (key("auth-type") === "none") {
                // The one exception (see kubernetes/api/overlays/<env>/ingress-twilio-webhook.yaml): the webhook path only.
                expect([ing.metadata.name, paths]).toEqual(["api-twilio-webhook", [TWILIO_WEBHOOK_PATH]]);
            } else {
                expect(key("auth-type")).toBe("oidc");
                expect(JSON.parse(key("auth-idp-oidc"))).toEqual(JSON.parse(oidc));
                expect(key("auth-on-unauthenticated-request")).toBe("authenticate");
            }
        }
    });

    it("serves the hostname of components/edge/hostnames.ts", () => {
        const domain = stackConfig(env).environmentDomain;
        const host = appHostnames(env, domain).find((h) => h.app === app)!.hostname;
        const hosts = new Set(byKind("Ingress").flatMap((i) => i.spec.rules.map((r: IIngressRule) => r.host)));
        expect([...hosts]).toEqual([host]);
    });
});

describe.each(ENVS)("api in osprey-%s", (env) => {
    const objects = objectsOf(env, "api");
    const api = objects.find((o) => o.kind === "Deployment")!;
    const container = pod(api).containers[0];
    const envValue = (name: string) => container.env?.find((e) => e.name === name)?.value;

    it("reads the Secrets External Secrets writes, by envFrom, none optional", () => {
        const names = [...APP_SECRETS.map((s) => s.k8sSecretName), DB_CONNECTION_SECRET].sort();
        expect((container.envFrom ?? []).map((e) => e.secretRef?.name).sort()).toEqual(names);
        expect((container.envFrom ?? []).every((e) => e.secretRef?.optional !== true)).toBe(true);
    });

    it("runs Render in MOCK on main and SANDBOX on demo (seed)", () => {
        expect(envValue("RENDER_MODE")).toBe(env === "main" ? "MOCK" : "SANDBOX");
    });

    it(`runs as service account api with the IRSA role osprey-strike-${env}-api`, () => {
        expect(pod(api).serviceAccountName).toBe("api");
        const sa = objects.find((o) => o.kind === "ServiceAccount" && o.metadata.name === "api")!;
        expect(sa.metadata.annotations?.["eks.amazonaws.com/role-arn"]).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:role/osprey-strike-${env}-api$`));
    });

    it("routes the Twilio webhook on a separate Ingress ordered before the OIDC catch-all", () => {
        const ingresses = objects.filter((o) => o.kind === "Ingress");
        const order = (name: string) => Number(ingresses.find((i) => i.metadata.name === name)!.metadata.annotations!["alb.ingress.kubernetes.io/group.order"]);
        expect(ingresses.map((i) => i.metadata.name).sort()).toEqual(["api", "api-twilio-webhook"]);
        expect(order("api-twilio-webhook")).toBeLessThan(order("api"));
    });
});

describe.each(ENVS)("osprey-%s as a whole", (env) => {
    it("fits its ResourceQuota (Pulumi.<env>.yaml) even while every Deployment surges one extra pod", () => {
        const cfg = stackConfig(env);
        const sum = (field: "requests" | "limits", res: "cpu" | "memory") =>
            deploymentsOf(env).reduce((acc, d) => {
                const surge = Number(d.spec.strategy.rollingUpdate.maxSurge);
                const perPod = pod(d).containers.reduce((s: number, c) => s + quantity(c.resources?.[field]?.[res] ?? ""), 0);
                return acc + (d.spec.replicas + surge) * perPod;
            }, 0);
        const quota = (k: string) => quantity(cfg.workloads.quota[(k[0].toLowerCase() + k.slice(1)) as "requestsCpu"]);
        expect(sum("requests", "cpu")).toBeLessThanOrEqual(quota("RequestsCpu"));
        expect(sum("requests", "memory")).toBeLessThanOrEqual(quota("RequestsMemory"));
        expect(sum("limits", "cpu")).toBeLessThanOrEqual(quota("LimitsCpu"));
        expect(sum("limits", "memory")).toBeLessThanOrEqual(quota("LimitsMemory"));
        const pods = deploymentsOf(env).reduce((n, d) => n + d.spec.replicas + Number(d.spec.strategy.rollingUpdate.maxSurge), 0);
        expect(pods).toBeLessThanOrEqual(cfg.workloads.quota.pods);
    });
});

describe("CrossGuard no-auth-disabling-env over the rendered Deployments", () => {
    const policy = policies.filter((p) => p.name === "no-auth-disabling-env");
    const asRecorded = (d: K8sObject, env: Env): RecordedResource => ({
        urn: `urn:pulumi:${env}::osprey-strike::kubernetes:apps/v1:Deployment::${d.metadata.name}`,
        type: "kubernetes:apps/v1:Deployment",
        name: d.metadata.name,
        inputs: d as unknown as Record<string, unknown>,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
    });
    const all = ENVS.flatMap((env) => deploymentsOf(env).map((d) => asRecorded(d, env)));

    it("finds the policy and reports nothing for the tree as committed", async () => {
        expect(policy).toHaveLength(1);
        expect(all).toHaveLength(6);
        expect(await runPolicies(all, { policies: policy })).toEqual([]);
    });

    it("reports WEBHOOK_AUTH_ENABLED=false injected into one Deployment", async () => {
        const tampered = structuredClone(deploymentsOf("main").find((d) => d.metadata.name === "api")!);
        pod(tampered).containers[0].env?.push({ name: "WEBHOOK_AUTH_ENABLED", value: "false" });
        const violations = await runPolicies([...all.slice(1), asRecorded(tampered, "main")], { policies: policy });
        expect(violations).toEqual([
            expect.objectContaining({ policy: "no-auth-disabling-env", message: expect.stringContaining("WEBHOOK_AUTH_ENABLED=false") }),
        ]);
    });
});
