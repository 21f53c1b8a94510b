/**
 * The owned-objects and image policies (components/cluster/workloadAdmission.ts) evaluated with @bufbuild/cel as the
 * API server evaluates a ValidatingAdmissionPolicy: variables in order, then every validation. Green: every object the
 * program itself creates in the environment namespaces (read from both stacks' graphs), by Pulumi's identity, and every
 * workload Argo CD applies once its overlay pins a digest. Red: the same objects from Argo CD or a pod's token, images
 * from another registry, account or repository, or by tag.
 */
import { ValidatingAdmissionPolicy } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";
import {
    accessEntryUsernamePrefix,
    BOOTSTRAP_IMAGE_EXCEPTION,
    ESO_USERNAME,
    IMAGE_POLICY_VALIDATIONS,
    imagePolicyManifest,
    imagePolicyVariables,
    JOB_CONTROLLER_USERNAME,
    OWNED_POLICY_VALIDATIONS,
    ownedPolicyManifest,
    ownedPolicyVariables,
    PULUMI_OWNED,
} from "../../components/cluster/workloadAdmission";
import {
    appProjectManifest,
    environmentApplications,
    PROJECT_REFUSED_KINDS,
} from "../../components/gitops/applications";
import { POSTGRES_CLIENT_IMAGE } from "../../components/data/postgisJob";
import { APPS_BY_ENVIRONMENT, ENVIRONMENTS, Env, environmentNames } from "../../lib/naming";
import { sharedProgramRun } from "../../harness/sharedRuns";
import type { RecordedResource } from "../../harness/graph";
import { revealDeep, stackConfig } from "../graphHelpers";
import { ApplicationSource, buildAsArgoCd, KustomizeImage } from "../gitops/argoBuild";
import type { K8sObject } from "./render";
import { runCel, toCel } from "./cel";

type Variable = { name: string; expression: string };
type Validation = { expression: string; message: string };
type Request = { operation: "CREATE" | "UPDATE" | "DELETE"; username: string };

function evaluate(
    variables: Variable[],
    validations: Validation[],
    req: Request,
    object: unknown,
    oldObject: unknown = null,
): string[] {
    const bindings: Record<string, unknown> = {
        object: toCel(req.operation === "DELETE" ? null : object),
        oldObject: toCel(req.operation === "CREATE" ? null : (oldObject ?? object)),
        request: toCel({ operation: req.operation, userInfo: { username: req.username } }),
    };
    const vars = new Map<string, unknown>();
    for (const v of variables) vars.set(v.name, runCel(v.expression, { ...bindings, variables: vars }));
    return validations
        .filter((val) => runCel(val.expression, { ...bindings, variables: vars }) !== true)
        .map((v) => v.message);
}

// The stack files' adminRoleArns (AWS's documentation account) and the deployment roles the runbook adds.
const ADMIN_ROLES = [
    ...stackConfig("main").platform!.cluster.adminRoleArns,
    "arn:aws:iam::123456789012:role/osprey-strike-deploy-main",
    "arn:aws:iam::123456789012:role/osprey-strike-deploy-demo",
];
const PULUMI_USERS = ADMIN_ROLES.map(accessEntryUsernamePrefix);
const PULUMI = "arn:aws:sts::123456789012:assumed-role/osprey-strike-deploy-main/pulumi-deployments";
const ARGOCD = "system:serviceaccount:osprey-argocd:argocd-application-controller";
const POD_TOKEN = "system:serviceaccount:osprey-demo:default";
const OWNED_VARS = ownedPolicyVariables(PULUMI_USERS);
const owned = (req: Request, object: unknown, old?: unknown) =>
    evaluate(OWNED_VARS, OWNED_POLICY_VALIDATIONS, req, object, old);
const [OWNED] = OWNED_POLICY_VALIDATIONS.map((v) => v.message);

const REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
const IMAGE_VARS = imagePolicyVariables(REGISTRY, PULUMI_USERS);
const images = (object: unknown, username = ARGOCD) =>
    evaluate(IMAGE_VARS, IMAGE_POLICY_VALIDATIONS, { operation: "CREATE", username }, object);
const [IMAGES] = IMAGE_POLICY_VALIDATIONS.map((v) => v.message);
const DIGEST = `sha256:${"4f".repeat(32)}`;

let graphs: Record<Env, RecordedResource[]>;
beforeAll(async () => {
    graphs = { main: (await sharedProgramRun("main")).resources, demo: (await sharedProgramRun("demo")).resources };
}, 600_000);

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: unknown };
/** What the program creates in the environment's namespace, as the API server would see it. */
const programObjects = (env: Env): Obj[] =>
    graphs[env]
        .filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.endsWith("Patch"))
        .map((r) => {
            const [, group] = r.type.split(":");
            const kind = r.type.split(":")[2];
            const apiVersion = group.startsWith("core/") ? group.slice(5) : group;
            return { apiVersion, kind, ...(revealDeep(r.inputs) as Omit<Obj, "apiVersion" | "kind">) };
        })
        .filter((o) => o.metadata?.namespace === environmentNames(env).namespace);

describe.each(ENVIRONMENTS)("Pulumi's objects in osprey-%s", (env) => {
    it("every kind the program creates there is Pulumi's in admission, and refused by the AppProject unless named", () => {
        const objects = programObjects(env);
        expect(objects.length).toBeGreaterThanOrEqual(8);
        const refused = appProjectManifest(env, stackConfig(env).gitops).spec.namespaceResourceBlacklist.map(
            (k) => k.kind,
        );
        for (const o of objects) {
            const entry = PULUMI_OWNED.find((x) => x.kind === o.kind);
            expect([o.kind, o.metadata.name, entry !== undefined]).toEqual([o.kind, o.metadata.name, true]);
            if (!("name" in entry!) && !("namePrefix" in entry!)) expect(refused).toContain(o.kind);
        }
        expect(refused).toEqual(PROJECT_REFUSED_KINDS.map((k) => k.kind));
    });

    it("admits each of them from Pulumi's identity, create, change and delete", () => {
        for (const o of programObjects(env))
            for (const operation of ["CREATE", "UPDATE", "DELETE"] as const)
                expect([o.kind, operation, owned({ operation, username: PULUMI }, o)]).toEqual([o.kind, operation, []]);
    });

    it("refuses each of them from Argo CD (an overlay) and from a pod's token: create, overwrite, delete", () => {
        for (const o of programObjects(env))
            for (const username of [ARGOCD, POD_TOKEN])
                for (const operation of ["CREATE", "UPDATE", "DELETE"] as const)
                    expect([o.kind, username, operation, owned({ operation, username }, o)]).toEqual([
                        o.kind,
                        username,
                        operation,
                        [OWNED],
                    ]);
    });

    it("refuses a replaced default-deny, a second SecretStore and a PushSecret; admits ConfigMaps and Jobs of other names", () => {
        const ns = environmentNames(env).namespace;
        const openDeny = {
            kind: "NetworkPolicy",
            metadata: { name: "default-deny", namespace: ns },
            spec: { podSelector: {}, policyTypes: ["Ingress"] },
        };
        expect(owned({ operation: "UPDATE", username: ARGOCD }, openDeny)).toEqual([OWNED]);
        const store = { kind: "SecretStore", metadata: { name: "aws-secrets-manager", namespace: ns }, spec: {} };
        expect(owned({ operation: "CREATE", username: ARGOCD }, store)).toEqual([OWNED]);
        const push = { kind: "PushSecret", metadata: { name: "out", namespace: ns }, spec: {} };
        expect(owned({ operation: "CREATE", username: POD_TOKEN }, push)).toEqual([OWNED]);
        const css = { kind: "ClusterSecretStore", metadata: { name: "aws-secrets-manager" }, spec: {} };
        expect(owned({ operation: "UPDATE", username: ARGOCD }, css)).toEqual([OWNED]);
        expect(
            owned({ operation: "CREATE", username: ARGOCD }, { kind: "ConfigMap", metadata: { name: "app" } }),
        ).toEqual([]);
        expect(
            owned({ operation: "CREATE", username: ARGOCD }, { kind: "Job", metadata: { name: "migrate" } }),
        ).toEqual([]);
    });

    it("lets the namespace controller, the garbage collector and the TTL controller delete, and ESO touch metadata only", () => {
        const es = programObjects(env).find((o) => o.kind === "ExternalSecret")!;
        for (const username of [
            "system:serviceaccount:kube-system:namespace-controller",
            "system:serviceaccount:kube-system:generic-garbage-collector",
            "system:serviceaccount:kube-system:ttl-after-finished-controller",
        ]) {
            expect(owned({ operation: "DELETE", username }, es)).toEqual([]);
            expect(owned({ operation: "UPDATE", username }, es)).toEqual([OWNED]);
        }
        const finalized = { ...es, metadata: { ...es.metadata, finalizers: ["externalsecrets.external-secrets.io"] } };
        expect(owned({ operation: "UPDATE", username: ESO_USERNAME }, finalized, es)).toEqual([]);
        const respec = { ...es, spec: { ...(es.spec as object), refreshInterval: "1s" } };
        expect(owned({ operation: "UPDATE", username: ESO_USERNAME }, respec, es)).toEqual([OWNED]);
        expect(owned({ operation: "DELETE", username: ESO_USERNAME }, es)).toEqual([OWNED]);
    });
});

it("maps an access entry's role to EKS's default username, without the role's path", () => {
    expect(accessEntryUsernamePrefix("arn:aws:iam::123456789012:role/ops/osprey-platform-admin")).toBe(
        "arn:aws:sts::123456789012:assumed-role/osprey-platform-admin/",
    );
    expect(() => accessEntryUsernamePrefix("arn:aws:iam::123456789012:user/alice")).toThrow(/not an IAM role ARN/);
    expect(() => ownedPolicyVariables([])).toThrow(/adminRoleArns is empty/);
    // A role whose name merely starts like an admin's is not one.
    const lookalike = "arn:aws:sts::123456789012:assumed-role/osprey-strike-deploy-main-x/s";
    expect(owned({ operation: "CREATE", username: lookalike }, { kind: "Role", metadata: { name: "r" } })).toEqual([
        OWNED,
    ]);
});

/** The workloads Argo CD applies to the environment, after a commit pinning each image by digest (Image Updater's). */
function workloads(env: Env, pin: boolean): K8sObject[] {
    const cfg = stackConfig(env);
    const feed = {
        region: "us-east-1",
        ecrRepositoryUrls: Object.fromEntries(
            APPS_BY_ENVIRONMENT[env].map((a) => [a, `${REGISTRY}/osprey-strike/${a}`]),
        ),
        hostnames: Object.fromEntries(APPS_BY_ENVIRONMENT[env].map((a) => [a, `${a}-${env}.osprey-strike.com`])),
        replicas: {},
        albAnnotations: {},
        albAuthAnnotations: {},
        api: { roleArn: "arn:aws:iam::123456789012:role/r", attachmentsBucket: "b" },
    };
    const source = { repoUrl: cfg.gitops.repoUrl, revision: cfg.gitops.revision, path: cfg.gitops.path };
    return environmentApplications({ environment: env, source, autoSync: false }, feed)
        .flatMap((a) =>
            buildAsArgoCd(a.spec.source as ApplicationSource, (k) => {
                if (pin) k.images = (k.images as KustomizeImage[]).map((i) => ({ ...i, digest: DIGEST }));
            }),
        )
        .filter((o) => ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"].includes(o.kind));
}

describe.each(ENVIRONMENTS)("images in osprey-%s", (env) => {
    it("admits every workload the overlays render once they pin a digest, and refuses the base's tag", () => {
        const pinned = workloads(env, true);
        expect(pinned.length).toBe(APPS_BY_ENVIRONMENT[env].length);
        for (const w of pinned) {
            const image = (w.spec.template.spec.containers as { image: string }[])[0].image;
            expect(image).toBe(`${REGISTRY}/osprey-strike/${w.metadata.name}@${DIGEST}`);
            expect([w.metadata.name, images(w)]).toEqual([w.metadata.name, []]);
        }
        // What the overlays hold today: no digest yet (none can be written before an image exists), so the tag renders.
        for (const w of workloads(env, false))
            expect([w.metadata.name, images(w)]).toEqual([w.metadata.name, [IMAGES]]);
    });

    it("admits the program's own bootstrap Job from Pulumi's identity, and its Pod from the Job controller", () => {
        const jobs = programObjects(env).filter((o) => o.kind === "Job");
        expect(jobs).toHaveLength(1);
        expect(images(jobs[0], PULUMI)).toEqual([]);
        const spec = (jobs[0].spec as { template: { spec: unknown } }).template.spec;
        const pod = {
            kind: "Pod",
            metadata: {
                generateName: `${jobs[0].metadata.name}-`,
                ownerReferences: [{ kind: "Job", name: jobs[0].metadata.name }],
            },
            spec,
        };
        expect(images(pod, JOB_CONTROLLER_USERNAME)).toEqual([]);
        // The exception is the Job's and its Pods' only: not Argo CD's, not a look-alike Pod's.
        expect(images(jobs[0], ARGOCD)).toEqual([IMAGES]);
        expect(images(pod, ARGOCD)).toEqual([IMAGES]);
        expect(
            images({ ...pod, metadata: { ownerReferences: [{ kind: "Job", name: "x" }] } }, JOB_CONTROLLER_USERNAME),
        ).toEqual([IMAGES]);
        expect(BOOTSTRAP_IMAGE_EXCEPTION.image).toBe(POSTGRES_CLIENT_IMAGE);
    });

    it("refuses another registry, another account, another repository, a tag, and any such container of any list", () => {
        const base = workloads(env, true)[0];
        const withImage = (image: string, field = "containers") => {
            const w = JSON.parse(JSON.stringify(base)) as K8sObject;
            const spec = w.spec.template.spec as Record<string, { name: string; image: string }[]>;
            if (field === "containers") spec.containers[0].image = image;
            else spec[field] = [{ name: "x", image }];
            return w;
        };
        for (const image of [
            `docker.io/library/busybox@${DIGEST}`,
            `ghcr.io/osprey-strike/api@${DIGEST}`,
            `210987654321.dkr.ecr.us-east-1.amazonaws.com/osprey-strike/api@${DIGEST}`,
            `123456789012.dkr.ecr.eu-west-1.amazonaws.com/osprey-strike/api@${DIGEST}`,
            `${REGISTRY}/other/api@${DIGEST}`,
            `${REGISTRY}/osprey-strike/api:branch-main`,
            `${REGISTRY}/osprey-strike/api:branch-main@sha256:short`,
            `${REGISTRY}xdkr/osprey-strike/api@${DIGEST}`,
            POSTGRES_CLIENT_IMAGE,
        ])
            for (const field of ["containers", "initContainers", "ephemeralContainers"])
                expect([image, field, images(withImage(image, field))]).toEqual([image, field, [IMAGES]]);
        // Every kind with a Pod template.
        const podSpec = base.spec.template.spec;
        const bad = { ...podSpec, containers: [{ name: "x", image: "busybox" }] };
        for (const o of [
            { kind: "Pod", metadata: { name: "p" }, spec: bad },
            { kind: "StatefulSet", metadata: { name: "s" }, spec: { template: { spec: bad } } },
            { kind: "DaemonSet", metadata: { name: "d" }, spec: { template: { spec: bad } } },
            { kind: "Job", metadata: { name: "postgis-extension-00000000" }, spec: { template: { spec: bad } } },
            { kind: "CronJob", metadata: { name: "c" }, spec: { jobTemplate: { spec: { template: { spec: bad } } } } },
        ])
            expect([o.kind, images(o, PULUMI)]).toEqual([o.kind, [IMAGES]]);
    });
});

describe("the manifests", () => {
    it("are valid ValidatingAdmissionPolicies; owned objects on create, update and delete, images on every Pod template", () => {
        const o = ownedPolicyManifest(PULUMI_USERS);
        const i = imagePolicyManifest(REGISTRY, PULUMI_USERS);
        for (const p of [o, i]) {
            expect(() => new ValidatingAdmissionPolicy(p as never).validate()).not.toThrow();
            expect(p.spec.failurePolicy).toBe("Fail");
        }
        expect(o.spec.matchConstraints.resourceRules.every((r) => r.operations.includes("DELETE"))).toBe(true);
        expect(o.spec.matchConstraints.resourceRules.flatMap((r) => r.resources).sort()).toEqual(
            PULUMI_OWNED.map((x) => x.resource).sort(),
        );
        expect(i.spec.matchConstraints.resourceRules.flatMap((r) => r.resources).sort()).toEqual([
            "cronjobs",
            "daemonsets",
            "deployments",
            "jobs",
            "pods",
            "pods/ephemeralcontainers",
            "replicasets",
            "statefulsets",
        ]);
        expect(() => imagePolicyManifest("docker.io", PULUMI_USERS)).toThrow(/not an ECR registry/);
    });

    it("are in main's graph with their bindings, naming this account's registry and the access entries' roles", () => {
        const vaps = graphs.main.filter(
            (r) => r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
        );
        const names = vaps.map((v) => (v.inputs.metadata as { name: string }).name);
        expect(names).toEqual(expect.arrayContaining(["osprey-environment-pulumi-owned", "osprey-environment-images"]));
        const text = JSON.stringify(vaps.map((v) => v.inputs));
        for (const role of stackConfig("main").platform!.cluster.adminRoleArns)
            expect(text).toContain(accessEntryUsernamePrefix(role));
        expect(text).toMatch(
            /\d{12}\\\\\\\\.dkr\\\\\\\\.ecr\\\\\\\\.us-east-1\\\\\\\\.amazonaws\\\\\\\\.com\/osprey-strike\//,
        );
        const bindings = graphs.main
            .filter((r) => r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding")
            .map((b) => b.inputs.spec as { policyName: string; validationActions: string[] });
        for (const n of ["osprey-environment-pulumi-owned", "osprey-environment-images"])
            expect(bindings).toContainEqual(expect.objectContaining({ policyName: n, validationActions: ["Deny"] }));
    });
});
