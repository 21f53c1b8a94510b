/**
 * The kubernetes/ tree Argo CD syncs, rendered ALONE by `kubectl kustomize` per overlay and checked offline: nothing
 * account-specific in it, schema (kubernetes-models), namespace, Pod Security "restricted", registry-free images, the
 * ALB group and its auth, the namespace quota, and the CrossGuard policy no-auth-disabling-env. What the stack adds
 * through each Application (registry, replicas, certificate, security group, OIDC, hostnames, IRSA) is checked on the
 * program's own Applications, built as Argo CD builds them (tests/gitops/programChecks.ts).
 */
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IIngressRule } from "kubernetes-models/networking.k8s.io/v1";
import type { IPodSpec } from "kubernetes-models/v1";
import { policies } from "../../policy/policies";
import { AUTH_SWITCHES } from "../../policy/lib/authSwitches";
import { runPolicies } from "../../harness/policyRunner";
import type { RecordedResource } from "../../harness/graph";
import { APP_SECRETS } from "../../components/data/secretCatalog";
import { DB_CONNECTION_SECRET, DB_TLS } from "../../components/data/externalSecrets";
import { RDS_CA_CONFIGMAP, RDS_CA_FILE } from "../../components/data/rdsCa";
import { APPS_BY_ENVIRONMENT, TWILIO_WEBHOOK_PATH } from "../../components/edge/hostnames";
import { K8sObject, KUBERNETES_DIR, overlaysOnDisk, quantity, render, restrictedProblems } from "./render";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";

import { ENVIRONMENTS, Env } from "../../lib/naming";

const ENVS: readonly Env[] = ENVIRONMENTS;
// The ECR repository's name without a registry (the Application adds it), on the tag CI pushes.
const IMAGE = /^osprey-strike\/([a-z]+):branch-main$/;
// Main runs two API replicas for redundancy; demo runs one (docs/requirements.md, Environments).
const REQUIRED_API_REPLICAS: Record<Env, number> = { main: 2, demo: 1 };
const MODELS: Record<string, new (o: never) => { validate(): void }> = {
    Deployment,
    Service,
    ServiceAccount,
    Ingress,
    PodDisruptionBudget,
};

import { stackConfig } from "../graphHelpers";
const cases = ENVS.flatMap((env) => APPS_BY_ENVIRONMENT[env].map((app) => [env, app] as [Env, string]));
const rendered = new Map(cases.map(([env, app]) => [`${env}/${app}`, render(app, env)]));
const objectsOf = (env: Env, app: string) => rendered.get(`${env}/${app}`)!;
const deploymentsOf = (env: Env) =>
    APPS_BY_ENVIRONMENT[env].flatMap((app) => objectsOf(env, app).filter((o) => o.kind === "Deployment"));
const pod = (d: K8sObject): IPodSpec => d.spec.template.spec;

/**
 * The one account-specific line allowed: Image Updater's own commit to an overlay's `images:` (main), which writes the
 * registry as `newName` beside the digest (argocd-image-updater pkg/argocd/git.go parseImageOverride). It is the record
 * of what runs, written by the bot, never a value a person copies in.
 */
const IMAGE_UPDATER_LINE = /^\s*newName: \d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/osprey-strike\/[a-z]+$/;
const ACCOUNT_SPECIFIC = /\b\d{12}\b|arn:aws|sg-[0-9a-f]{8}|00000000-0000|\.dkr\.ecr\./;

/** Account-specific lines of the tree: `file: line` (overlay kustomizations may hold Image Updater's newName lines). */
function accountSpecificLines(dir: string): string[] {
    const files = (d: string): string[] =>
        readdirSync(d, { withFileTypes: true }).flatMap((e) =>
            e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)],
        );
    return files(dir).flatMap((f) =>
        readFileSync(f, "utf8")
            .split("\n")
            .filter(
                (line) =>
                    ACCOUNT_SPECIFIC.test(line) &&
                    !(/\/overlays\/[^/]+\/kustomization\.yaml$/.test(f) && IMAGE_UPDATER_LINE.test(line)),
            )
            .map((line) => `${f}: ${line.trim()}`),
    );
}

it("keeps no account-specific value or placeholder anywhere in kubernetes/ (account IDs, ARNs, security groups, registries)", () => {
    expect(accountSpecificLines(KUBERNETES_DIR)).toEqual([]);
});

it("the account check finds a placeholder, and lets only Image Updater's registry line through in an overlay", () => {
    const dir = mkdtempSync(join(tmpdir(), "k8s-scan-"));
    mkdirSync(join(dir, "api", "overlays", "main"), { recursive: true });
    const url = "123456789012.dkr.ecr.us-east-1.amazonaws.com/osprey-strike/api";
    writeFileSync(
        join(dir, "api", "overlays", "main", "kustomization.yaml"),
        `images:\n  - name: osprey-strike/api\n    newName: ${url}\n`,
    );
    writeFileSync(
        join(dir, "api", "overlays", "main", "sa.yaml"),
        "eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/x\n",
    );
    expect(accountSpecificLines(dir)).toEqual([
        `${join(dir, "api", "overlays", "main", "sa.yaml")}: eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/x`,
    ]);
    rmSync(dir, { recursive: true, force: true });
});

it("has exactly the required overlays: main {api, web, mock, mcp}, demo {api, web}", () => {
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

    it("keeps a replica up through a node roll when it has more than one: api and web have a PodDisruptionBudget of maxUnavailable 1, spread across zones and nodes", () => {
        if (app !== "api" && app !== "web") return expect(byKind("PodDisruptionBudget")).toEqual([]);
        const [pdb] = byKind("PodDisruptionBudget");
        const selector = byKind("Deployment")[0].spec.selector.matchLabels;
        expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
        const spread = pod(byKind("Deployment")[0]).topologySpreadConstraints ?? [];
        expect(spread.map((c) => [c.topologyKey, c.maxSkew, c.labelSelector?.matchLabels])).toEqual([
            ["topology.kubernetes.io/zone", 1, selector],
            ["kubernetes.io/hostname", 1, selector],
        ]);
    });

    it(`puts everything in namespace osprey-${env}`, () => {
        expect(objects.map((o) => o.metadata.namespace)).toEqual(objects.map(() => `osprey-${env}`));
    });

    it("sets no replica count: the Application sets it from the stack's setting, the one source (the required api counts are the defaults)", () => {
        if (app === "api") expect(stackConfig(env).workloads.apiReplicas).toBe(REQUIRED_API_REPLICAS[env]);
        expect(byKind("Deployment")[0].spec.replicas).toBeUndefined();
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

    it(`names ${app}'s image by its ECR repository osprey-strike/${app}, without a registry`, () => {
        for (const c of pod(byKind("Deployment")[0]).containers) expect(IMAGE.exec(c.image ?? "")?.[1]).toBe(app);
    });

    it("pins images in the overlay by digest only (the Application's `@*` keeps a digest and drops a newTag)", () => {
        const k = parse(readFileSync(join(KUBERNETES_DIR, app, "overlays", env, "kustomization.yaml"), "utf8")) as {
            images?: Record<string, string>[];
        };
        expect(k.images?.map((i) => i.name)).toEqual([`osprey-strike/${app}`]);
        for (const i of k.images ?? []) if (i.newTag !== undefined) expect(i.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    it("sets no auth switch anywhere in the rendered objects", () => {
        const text = JSON.stringify(objects);
        for (const name of AUTH_SWITCHES) expect(text).not.toContain(name);
    });

    it(`joins the ALB group osprey-${env} on HTTPS 443 only, with OIDC; certificate, security group and OIDC endpoints left to the Application`, () => {
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
            expect(key("manage-backend-security-group-rules")).toBe("true");
            for (const k of ["certificate-arn", "security-groups", "auth-idp-oidc", "mutual-authentication"])
                expect([k, key(k)]).toEqual([k, undefined]);
            const paths = ing.spec.rules.flatMap((r: IIngressRule) => (r.http?.paths ?? []).map((p) => p.path));
            if (key("auth-type") === "none") {
                // The one exception (see kubernetes/api/overlays/<env>/ingress-twilio-webhook.yaml): the webhook path only.
                expect([ing.metadata.name, paths]).toEqual(["api-twilio-webhook", [TWILIO_WEBHOOK_PATH]]);
            } else {
                expect(key("auth-type")).toBe("oidc");
                expect(key("auth-on-unauthenticated-request")).toBe("authenticate");
            }
        }
    });

    it("has one rule per Ingress and no host: the Application sets rule 0's host from components/edge/hostnames.ts", () => {
        for (const ing of byKind("Ingress")) {
            expect(ing.spec.rules).toHaveLength(1);
            expect(ing.spec.rules[0].host).toBeUndefined();
        }
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

    it("mounts the RDS roots where db-connection's PGSSLROOTCERT points (sslmode verify-full), read-only, not optional", () => {
        expect(DB_TLS.PGSSLMODE).toBe("verify-full");
        const volume = (pod(api).volumes ?? []).find((v) => v.configMap?.name === RDS_CA_CONFIGMAP);
        expect(volume?.configMap?.optional).not.toBe(true);
        const mount = (container.volumeMounts ?? []).find((m) => m.name === volume?.name);
        expect(mount?.readOnly).toBe(true);
        expect(`${mount?.mountPath}/${RDS_CA_FILE}`).toBe(DB_TLS.PGSSLROOTCERT);
    });

    it("runs Render in MOCK on main and SANDBOX on demo", () => {
        expect(envValue("RENDER_MODE")).toBe(env === "main" ? "MOCK" : "SANDBOX");
    });

    it("runs as service account api, whose IRSA role (and the bucket) the Application adds", () => {
        expect(pod(api).serviceAccountName).toBe("api");
        const sa = objects.find((o) => o.kind === "ServiceAccount" && o.metadata.name === "api")!;
        expect(sa.metadata.annotations?.["eks.amazonaws.com/role-arn"]).toBeUndefined();
        expect(envValue("ATTACHMENTS_BUCKET")).toBeUndefined();
    });

    it("routes the Twilio webhook on a separate Ingress ordered before the OIDC catch-all", () => {
        const ingresses = objects.filter((o) => o.kind === "Ingress");
        const order = (name: string) =>
            Number(
                ingresses.find((i) => i.metadata.name === name)!.metadata.annotations![
                    "alb.ingress.kubernetes.io/group.order"
                ],
            );
        expect(ingresses.map((i) => i.metadata.name).sort()).toEqual(["api", "api-twilio-webhook"]);
        expect(order("api-twilio-webhook")).toBeLessThan(order("api"));
    });
});

/** The replicas the Application sets (the stack's settings for api and web; Kubernetes' default of one otherwise). */
const replicasOf = (d: K8sObject, cfg: ReturnType<typeof stackConfig>) =>
    d.metadata.name === "api" ? cfg.workloads.apiReplicas : d.metadata.name === "web" ? cfg.workloads.webReplicas : 1;

describe.each(ENVS)("osprey-%s as a whole", (env) => {
    it("fits its ResourceQuota (Pulumi.<env>.yaml) even while every Deployment surges one extra pod", () => {
        const cfg = stackConfig(env);
        const sum = (field: "requests" | "limits", res: "cpu" | "memory") =>
            deploymentsOf(env).reduce((acc, d) => {
                const surge = Number(d.spec.strategy.rollingUpdate.maxSurge);
                const perPod = pod(d).containers.reduce(
                    (s: number, c) => s + quantity(c.resources?.[field]?.[res] ?? ""),
                    0,
                );
                return acc + (replicasOf(d, cfg) + surge) * perPod;
            }, 0);
        const quota = (k: string) => quantity(cfg.workloads.quota[(k[0].toLowerCase() + k.slice(1)) as "requestsCpu"]);
        expect(sum("requests", "cpu")).toBeLessThanOrEqual(quota("RequestsCpu"));
        expect(sum("requests", "memory")).toBeLessThanOrEqual(quota("RequestsMemory"));
        expect(sum("limits", "cpu")).toBeLessThanOrEqual(quota("LimitsCpu"));
        expect(sum("limits", "memory")).toBeLessThanOrEqual(quota("LimitsMemory"));
        const pods = deploymentsOf(env).reduce(
            (n, d) => n + replicasOf(d, cfg) + Number(d.spec.strategy.rollingUpdate.maxSurge),
            0,
        );
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
            expect.objectContaining({
                policy: "no-auth-disabling-env",
                message: expect.stringContaining("WEBHOOK_AUTH_ENABLED=false"),
            }),
        ]);
    });
});
