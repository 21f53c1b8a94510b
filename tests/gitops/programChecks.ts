/**
 * The GitOps layer of one stack's recorded run (called from tests/program/{main,demo}.test.ts, which run the program
 * once each): the Application matrix, its sync policy, every Application rendered as Argo CD builds it and validated
 * with kubernetes-models, the values it injects compared with the stack's own outputs, the ImageUpdater against the
 * CRD its chart ships, and the ordering a real cluster needs.
 */
import { readFileSync } from "fs";
import { join } from "path";
import Ajv from "ajv";
import { parse } from "yaml";
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { ProgramRun } from "../../harness/runProgram";
import type { RecordedResource } from "../../harness/graph";
import { appHostnames } from "../../components/edge/hostnames";
import { APPS_BY_ENVIRONMENT, ARGOCD_NAMESPACE, Env, environmentNames } from "../../lib/naming";
import { ofType, revealDeep, stackConfig } from "../graphHelpers";
import { ApplicationSource, buildAsArgoCd } from "./argoBuild";

const MODELS: Record<string, new (o: never) => { validate(): void }> = {
    Deployment,
    Service,
    ServiceAccount,
    Ingress,
    PodDisruptionBudget,
};
const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";
const APP_PROJECT = "kubernetes:argoproj.io/v1alpha1:AppProject";
const IMAGE_UPDATER = "kubernetes:argocd-image-updater.argoproj.io/v1alpha1:ImageUpdater";
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const CRD = join(__dirname, "charts", "argocd-image-updater-1.2.4.crd-imageupdaters.yaml");

/** The ImageUpdater CRD the pinned chart ships (a Helm template: its `{{ }}` lines are annotations, dropped here). */
export function imageUpdaterSchema(): object {
    const text = readFileSync(CRD, "utf8")
        .split("\n")
        .filter((l) => !l.includes("{{"))
        .join("\n");
    const crd = parse(text) as { spec: { versions: { name: string; schema: { openAPIV3Schema: object } }[] } };
    return crd.spec.versions.find((v) => v.name === "v1alpha1")!.schema.openAPIV3Schema;
}
export const validateImageUpdater = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
    imageUpdaterSchema(),
);

type Obj = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> };
const manifestOf = (r: RecordedResource): Obj => revealDeep(r.inputs) as Obj;

export function gitopsChecks(env: Env, getRun: () => ProgramRun, platformOutputs: () => Record<string, unknown>) {
    const names = environmentNames(env);
    const apps = APPS_BY_ENVIRONMENT[env];
    const cfg = stackConfig(env);
    const r = () => getRun().resources;
    const outputs = () => getRun().outputs.outputs as Record<string, unknown>;
    const recorded = () => ofType(r(), APPLICATION).map(manifestOf);
    /** In APPS_BY_ENVIRONMENT order (the mock registers them as their outputs resolve). */
    const applications = () => apps.map((app) => recorded().find((a) => a.metadata.name === `${app}-${env}`)!);
    const ecr = () => platformOutputs().ecrRepositoryUrls as Record<string, string>;

    describe(`GitOps: ${env}'s AppProject and Applications`, () => {
        it(`generates one Application per app of ${env} (APPS_BY_ENVIRONMENT), named <app>-${env}, in ${ARGOCD_NAMESPACE}`, () => {
            expect(
                recorded()
                    .map((a) => a.metadata.name)
                    .sort(),
            ).toEqual(apps.map((a) => `${a}-${env}`).sort());
            for (const a of recorded()) expect(a.metadata.namespace).toBe(ARGOCD_NAMESPACE);
            expect(outputs().argocdApplications).toEqual(apps.map((a) => `${a}-${env}`));
        });

        it(`sends each to namespace ${names.namespace} on this cluster, in project ${names.argocdProject}, from gitops.repoUrl/revision/path`, () => {
            for (const [i, a] of applications().entries()) {
                expect(a.spec.project).toBe(names.argocdProject);
                expect(a.spec.destination).toEqual({
                    server: "https://kubernetes.default.svc",
                    namespace: names.namespace,
                });
                const s = a.spec.source as ApplicationSource;
                expect([s.repoURL, s.targetRevision, s.path]).toEqual([
                    cfg.gitops.repoUrl,
                    cfg.gitops.revision,
                    `kubernetes/${apps[i]}/overlays/${env}`,
                ]);
            }
        });

        const auto = env === "main";
        it(
            auto
                ? "syncs automatically with prune and self-heal (main)"
                : "never syncs automatically (demo is promoted by hand)",
            () => {
                for (const a of applications()) {
                    const policy = a.spec.syncPolicy as { automated?: unknown; syncOptions: string[] };
                    expect(policy.automated).toEqual(auto ? { prune: true, selfHeal: true } : undefined);
                    expect(policy.syncOptions).toContain("CreateNamespace=false");
                }
            },
        );

        it("has an AppProject that admits only the repository, only the environment's namespace, and no cluster-scoped kind", () => {
            const projects = ofType(r(), APP_PROJECT).map(manifestOf);
            expect(projects.map((p) => p.metadata.name)).toEqual([names.argocdProject]);
            const p = projects[0];
            expect(p.spec.sourceRepos).toEqual([cfg.gitops.repoUrl]);
            expect(p.spec.destinations).toEqual([
                { server: "https://kubernetes.default.svc", namespace: names.namespace },
            ]);
            expect(p.spec.clusterResourceWhitelist).toEqual([]);
        });

        it("validates every Application and the AppProject against the Argo CD models", () => {
            for (const a of applications()) expect(() => new Application(a as never).validate()).not.toThrow();
            for (const p of ofType(r(), APP_PROJECT).map(manifestOf))
                expect(() => new AppProject(p as never).validate()).not.toThrow();
            const broken = structuredClone(applications()[0]);
            (broken.spec.syncPolicy as Record<string, unknown>).retry = { limit: "five" };
            expect(() => new Application(broken as never).validate()).toThrow();
        });

        it("waits for Argo CD's CRDs: Applications depend on the AppProject (and, in the stack that installs it, the chart)", () => {
            const project = ofType(r(), APP_PROJECT)[0].urn;
            const release = ofType(r(), "kubernetes:helm.sh/v3:Release").find((x) => x.name === "osprey-argocd")?.urn;
            for (const a of ofType(r(), APPLICATION)) {
                expect(a.dependencies).toContain(project);
                if (env === "main") expect(a.dependencies).toContain(release);
            }
        });
    });

    describe(`GitOps: ${env}'s manifests, built as Argo CD builds each Application, carry the stack's own outputs`, () => {
        const built = new Map<string, ReturnType<typeof buildAsArgoCd>>();
        const objects = (app: string) => {
            if (!built.has(app)) {
                const a = applications().find((x) => x.metadata.name === `${app}-${env}`)!;
                built.set(app, buildAsArgoCd(a.spec.source as ApplicationSource));
            }
            return built.get(app)!;
        };

        it.each(apps.map((a) => [a]))("%s: every object validates against the Kubernetes schema", (app) => {
            for (const o of objects(app)) {
                const Model = MODELS[o.kind];
                if (!Model) throw new Error(`no schema model for ${o.kind} ${o.metadata.name}`);
                expect(() => new Model(o as never).validate()).not.toThrow();
            }
        });

        it.each(apps.map((a) => [a]))(
            "%s: the image comes from the platform's ECR repository (registry injected, tag from the base)",
            (app) => {
                const d = objects(app).find((o) => o.kind === "Deployment")!;
                expect(d.spec.template.spec.containers.map((c: { image: string }) => c.image)).toEqual([
                    `${ecr()[app]}:branch-main`,
                ]);
            },
        );

        it.each(apps.map((a) => [a]))(
            "%s: replicas are the stack's setting (the one the Valkey rule reads), one where there is none",
            (app) => {
                const d = objects(app).find((o) => o.kind === "Deployment")!;
                const expected =
                    app === "api" ? cfg.workloads.apiReplicas : app === "web" ? cfg.workloads.webReplicas : undefined;
                expect(d.spec.replicas).toBe(expected);
            },
        );

        it.each(apps.map((a) => [a]))(
            "%s: Ingresses carry the stack's certificate, ALB security group, OIDC annotation and hostname",
            (app) => {
                const host = appHostnames(env, cfg.environmentDomain).find((h) => h.app === app)!.hostname;
                const ingresses = objects(app).filter((o) => o.kind === "Ingress");
                expect(ingresses.length).toBeGreaterThan(0);
                for (const ing of ingresses) {
                    const a = ing.metadata.annotations!;
                    expect(a["alb.ingress.kubernetes.io/certificate-arn"]).toBe(outputs().certificateArn);
                    expect(a["alb.ingress.kubernetes.io/security-groups"]).toBe(outputs().albSecurityGroupId);
                    expect(a["alb.ingress.kubernetes.io/group.name"]).toBe(names.ingressGroup);
                    if (ing.metadata.labels?.["osprey-strike.com/alb-auth"] === "none") {
                        expect(ing.metadata.name).toBe("api-twilio-webhook");
                        expect(a["alb.ingress.kubernetes.io/auth-idp-oidc"]).toBeUndefined();
                    } else {
                        expect(a["alb.ingress.kubernetes.io/auth-type"]).toBe("oidc");
                        expect(a["alb.ingress.kubernetes.io/auth-idp-oidc"]).toBe(outputs().albOidcAnnotation);
                    }
                    expect(ing.spec.rules.map((x: { host: string }) => x.host)).toEqual([host]);
                }
            },
        );

        it("api: its service account carries the stack's IRSA role and its pods the stack's bucket and region", () => {
            const sa = objects("api").find((o) => o.kind === "ServiceAccount" && o.metadata.name === "api")!;
            expect(sa.metadata.annotations?.["eks.amazonaws.com/role-arn"]).toBe(outputs().apiRoleArn);
            const envOf = (n: string) =>
                objects("api")
                    .find((o) => o.kind === "Deployment")!
                    .spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === n)?.value;
            expect(envOf("ATTACHMENTS_BUCKET")).toBe(outputs().attachmentsBucketName);
            expect(envOf("AWS_REGION")).toBe("us-east-1");
        });

        it("runs the digest a commit pins in the overlay (Image Updater's on main, a person's on demo), not the tag", () => {
            const a = applications().find((x) => x.metadata.name === `api-${env}`)!;
            const digest = `sha256:${"ab".repeat(32)}`;
            // What Image Updater's git write-back writes (pkg/argocd/git.go parseImageOverride of `<name>=<url>:branch-main@<digest>`).
            const afterCommit = buildAsArgoCd(a.spec.source as ApplicationSource, (k) => {
                k.images = [{ name: "osprey-strike/api", newName: ecr().api, newTag: "branch-main", digest }];
            });
            const d = afterCommit.find((o) => o.kind === "Deployment")!;
            expect(d.spec.template.spec.containers[0].image).toBe(`${ecr().api}@${digest}`);
        });
    });

    describe(`GitOps: ${env}'s Image Updater`, () => {
        const updaters = () => ofType(r(), IMAGE_UPDATER).map(manifestOf);
        if (env !== "main") {
            it("has none: demo is promoted by hand", () => expect(updaters()).toEqual([]));
            return;
        }
        it("watches branch-main of each of main's images by digest and writes back by git to main's overlays on the tracked branch", () => {
            expect(updaters()).toHaveLength(1);
            const u = updaters()[0];
            expect(u.metadata.namespace).toBe(ARGOCD_NAMESPACE);
            expect(u.spec.commonUpdateSettings).toEqual({ updateStrategy: "digest", forceUpdate: false });
            expect(u.spec.writeBackConfig).toEqual({
                method: `git:secret:${ARGOCD_NAMESPACE}/image-updater-git`,
                gitConfig: { branch: cfg.gitops.revision, writeBackTarget: "kustomization" },
            });
            const refs = u.spec.applicationRefs as {
                namePattern: string;
                images: { alias: string; imageName: string; manifestTargets: unknown }[];
            }[];
            expect(refs.map((x) => x.namePattern)).toEqual(apps.map((a) => `${a}-main`));
            for (const [i, ref] of refs.entries()) {
                expect(ref.images).toEqual([
                    {
                        alias: apps[i],
                        imageName: `${ecr()[apps[i]]}:branch-main`,
                        manifestTargets: { kustomize: { name: `osprey-strike/${apps[i]}` } },
                    },
                ]);
            }
        });

        it("validates against the ImageUpdater CRD the pinned chart ships (and the check rejects a broken one)", () => {
            const u = updaters()[0];
            expect(validateImageUpdater(u)).toBe(true);
            const broken = structuredClone(u);
            delete (broken.spec.writeBackConfig as Record<string, unknown>).method;
            expect(validateImageUpdater(broken)).toBe(false);
        });

        it("is created after the Image Updater chart (its CRD) and the Applications it selects", () => {
            const u = ofType(r(), IMAGE_UPDATER)[0];
            const release = ofType(r(), "kubernetes:helm.sh/v3:Release").find(
                (x) => x.name === "osprey-argocd-image-updater",
            )!;
            expect(u.dependencies).toContain(release.urn);
            for (const a of ofType(r(), APPLICATION)) expect(u.dependencies).toContain(a.urn);
        });
    });

    if (env === "main") {
        describe("GitOps: Argo CD and Image Updater, installed by the platform's owner", () => {
            /** The recorded inputs of a Helm release, as far as these checks read them. */
            interface ReleaseInputs {
                chart: string;
                version: string;
                namespace: string;
                repositoryOpts: { repo: string };
                values: {
                    configs: { cm: Record<string, string | boolean>; rbac: Record<string, string> };
                    server: { ingress: { enabled: boolean } };
                    serviceAccount: { annotations: Record<string, string> };
                    config: { registries: { prefix: string; credsexpire: string }[] };
                };
            }
            const release = (name: string) =>
                revealDeep(
                    ofType(r(), "kubernetes:helm.sh/v3:Release").find((x) => x.name === name)!.inputs,
                ) as ReleaseInputs;
            const platform = () => cfg.argocd!;

            it("installs the pinned argo-cd chart from argo-helm in osprey-argocd, non-HA, with Dex SAML from config and the admin off", () => {
                const a = release("osprey-argocd");
                expect([a.chart, a.version, a.repositoryOpts.repo, a.namespace]).toEqual([
                    "argo-cd",
                    "10.1.1",
                    "https://argoproj.github.io/argo-helm",
                    ARGOCD_NAMESPACE,
                ]);
                expect(a.values.configs.cm["admin.enabled"]).toBe(false);
                const dex = JSON.parse(String(a.values.configs.cm["dex.config"])).connectors[0].config;
                expect([dex.ssoURL, dex.caData, dex.redirectURI]).toEqual([
                    platform().sso.ssoUrl,
                    platform().sso.caData,
                    `${platform().url}/api/dex/callback`,
                ]);
                // The stack file names groups, so Dex asks for them (docs/gitops.md: every user must be in a listed group).
                expect(dex.groupsAttr).toBe("groups");
                expect(a.values.configs.rbac["policy.csv"]).toContain("g, platform-admins, role:admin");
                expect(a.values.server.ingress.enabled).toBe(false);
                expect(outputs().argocdUrl).toBe(platform().url);
            });

            it("gives Image Updater an IRSA role only its service account can assume, reading only our ECR repositories", () => {
                const role = ofType(r(), "aws:iam/role:Role").find((x) => x.name === "osprey-argocd-image-updater")!;
                const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
                const cond = trust.Statement[0].Condition.StringEquals;
                expect(Object.entries(cond).find(([k]) => k.endsWith(":sub"))?.[1]).toBe(
                    `system:serviceaccount:${ARGOCD_NAMESPACE}:argocd-image-updater`,
                );
                const policy = JSON.parse(
                    ofType(r(), "aws:iam/rolePolicy:RolePolicy").find((x) => x.name === "osprey-argocd-image-updater")!
                        .inputs.policy as string,
                );
                // The mock account (harness/mockIds.ts), the registry of the platform output.
                expect(policy.Statement[1].Resource).toBe(
                    `arn:aws:ecr:us-east-1:${ecr().api.split(".")[0]}:repository/osprey-strike/*`,
                );
                const u = release("osprey-argocd-image-updater");
                expect([u.chart, u.version]).toEqual(["argocd-image-updater", "1.2.4"]);
                expect(u.values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toBe(
                    outputs().imageUpdaterRoleArn,
                );
                const registry = u.values.config.registries[0];
                expect(registry.prefix).toBe(ecr().api.split("/")[0]);
                expect(registry.credsexpire).toBe("6h");
            });
        });
    }

    describe(`ordering a real cluster accepts (${env})`, () => {
        it(`enables the Load Balancer Controller's pod readiness gates in ${names.namespace}`, () => {
            const ns = ofType(r(), "kubernetes:core/v1:Namespace").find(
                (n) => (n.inputs.metadata as { name: string }).name === names.namespace,
            )!;
            expect(
                (revealDeep(ns.inputs.metadata) as { labels: Record<string, string> }).labels[
                    "elbv2.k8s.aws/pod-readiness-gate-inject"
                ],
            ).toBe("enabled");
        });

        if (env === "main") {
            it("runs CoreDNS as a managed EKS add-on, after the node group its pods need (@pulumi/eks's own left off)", () => {
                const addons = ofType(r(), "aws:eks/addon:Addon").filter((a) => a.inputs.addonName === "coredns");
                expect(addons).toHaveLength(1);
                expect(addons[0].inputs.resolveConflictsOnCreate).toBe("OVERWRITE");
                const nodes = ofType(r(), "eks:index:ManagedNodeGroup")[0];
                expect(addons[0].dependencies).toContain(nodes.urn);
                expect(ofType(r(), "eks:index:Cluster")[0].inputs.corednsAddonOptions).toMatchObject({
                    enabled: false,
                });
            });
        }
    });

    describe(`GitOps: ${env}'s ExternalSecrets`, () => {
        it(
            "every ExternalSecret validates and is created after the namespace it lands in" +
                (env === "main" ? ", the ESO chart's store" : ""),
            () => {
                const secrets = ofType(r(), EXTERNAL_SECRET);
                expect(secrets.length).toBeGreaterThan(0);
                const store = ofType(r(), "kubernetes:external-secrets.io/v1:ClusterSecretStore")[0];
                const namespaces = ofType(r(), "kubernetes:core/v1:Namespace");
                for (const s of secrets) {
                    const m = manifestOf(s);
                    // The model package has v1beta1 only; ESO's v1 kept the v1beta1 spec (as tests/data/manifests.test.ts does).
                    expect(() =>
                        new ExternalSecret({ ...m, apiVersion: "external-secrets.io/v1beta1" } as never).validate(),
                    ).not.toThrow();
                    const ns = namespaces.find(
                        (n) => (n.inputs.metadata as { name: string }).name === m.metadata.namespace,
                    );
                    expect([s.name, ns && s.dependencies.includes(ns.urn)]).toEqual([s.name, true]);
                    if (env === "main") expect([s.name, s.dependencies.includes(store.urn)]).toEqual([s.name, true]);
                }
            },
        );
    });
}
