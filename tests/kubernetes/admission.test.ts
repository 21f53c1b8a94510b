/**
 * The platform's ValidatingAdmissionPolicy (components/cluster/ingressAdmission.ts) evaluated with a CEL engine
 * (@bufbuild/cel) exactly as the API server evaluates it: variables in order, then every validation must be true.
 * Green: every Ingress Argo CD applies (each generated Application built from kubernetes/ as Argo CD builds it), in
 * a namespace as the environment's stack creates it. Red: the attacks environment isolation must stop (no or a foreign
 * security group, another environment's group or class,
 * no OIDC, a widened or re-routed webhook Ingress).
 */
import { ValidatingAdmissionPolicy } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";
import { ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding";
import {
    ALB_SECURITY_GROUP_ANNOTATION,
    ENVIRONMENT_NAMESPACE_SELECTOR,
    INGRESS_POLICY_NAME,
    INGRESS_POLICY_VALIDATIONS,
    INGRESS_POLICY_VARIABLES,
    ALB_CONTROLLER_USERNAME,
    EXPOSURE_POLICY_NAME,
    EXPOSURE_POLICY_VALIDATIONS,
    exposurePolicyManifest,
    policyBindingManifest,
    ingressClassParamsManifest,
    ingressPolicyManifest,
    ALB_ON_UNAUTHENTICATED,
    PINNED_INGRESS_ANNOTATIONS,
} from "../../components/cluster/ingressAdmission";
import { APPS_BY_ENVIRONMENT, ENVIRONMENTS, Env, environmentNames } from "../../lib/naming";
import { K8sObject } from "./render";
import { runCel, toCel } from "./cel";
import { ApplicationSource, buildAsArgoCd } from "../gitops/argoBuild";
import {
    ALB_OIDC_ANNOTATION,
    albGroupAnnotations,
    environmentApplications,
    ManifestFeed,
} from "../../components/gitops/applications";
import { ALB_OIDC_SECRET } from "../../components/environment/albOidc";
import { appHostnames } from "../../components/edge/hostnames";
import { albOidcAnnotationValue, keycloakIssuer } from "../../lib/authContract";
import { stackConfig } from "../graphHelpers";
import {
    MUTUAL_AUTHENTICATION_ANNOTATION,
    mutualAuthenticationAnnotationValue,
} from "../../components/environment/originProof";

type Namespace = { metadata: { name: string; annotations?: Record<string, string> } };

/** The messages of the validations that refuse this Ingress (empty: admitted). */
function refusals(ingress: K8sObject, namespace: Namespace): string[] {
    const bindings: Record<string, unknown> = { object: toCel(ingress), namespaceObject: toCel(namespace) };
    const variables = new Map<string, unknown>();
    for (const v of INGRESS_POLICY_VARIABLES) variables.set(v.name, runCel(v.expression, { ...bindings, variables }));
    return INGRESS_POLICY_VALIDATIONS.filter((val) => runCel(val.expression, { ...bindings, variables }) !== true).map(
        (val) => val.message,
    );
}

const A = "alb.ingress.kubernetes.io/";
/** The environment's ALB security group, in EC2's id format (what EnvironmentNamespace writes onto the namespace). */
const SECURITY_GROUP: Record<Env, string> = { main: "sg-0a1b2c3d4e5f60001", demo: "sg-0a1b2c3d4e5f60002" };
/** The environment's certificate and origin-pull trust store, in ACM's and ELB's ARN formats. */
const CERTIFICATE: Record<Env, string> = {
    main: "arn:aws:acm:us-east-1:123456789012:certificate/9f2d8ef2-4e63-4461-880e-50d308098c6f",
    demo: "arn:aws:acm:us-east-1:123456789012:certificate/0b7c7f5e-1d7e-4d0e-9a39-6a1f4c2d9e11",
};
const TRUST_STORE: Record<Env, string> = {
    main: "arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/osprey-main-origin-pull/0a1b2c3d4e5f6071",
    demo: "arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/osprey-demo-origin-pull/0a1b2c3d4e5f6072",
};
const issuerOf = (env: Env) =>
    keycloakIssuer(stackConfig(env).keycloak.url, stackConfig("main").platform!.identity.realm);
/** What the environment's stack publishes on its namespace (components/environment/index.ts), by ingress annotation. */
const published = (env: Env): Record<string, string> => ({
    [`${A}certificate-arn`]: CERTIFICATE[env],
    [`${A}mutual-authentication`]: mutualAuthenticationAnnotationValue(TRUST_STORE[env]),
    [`${A}auth-idp-oidc`]: albOidcAnnotationValue(issuerOf(env), ALB_OIDC_SECRET),
    [`${A}auth-on-unauthenticated-request`]: ALB_ON_UNAUTHENTICATED,
});
/**
 * The Ingresses Argo CD applies: kubernetes/ carries no account value (certificate, security group, OIDC endpoints,
 * hostnames), the Application the stack generates adds them. So each app's Application is built here as Argo CD builds
 * it (tests/gitops/argoBuild.ts), from a feed of the stack's shape; the program's own feed is checked against its
 * outputs in tests/program (gitopsChecks).
 */
function appliedObjectsOf(env: Env, commit?: (kustomization: Record<string, unknown>) => void): K8sObject[] {
    const cfg = stackConfig(env);
    const issuer = keycloakIssuer(cfg.keycloak.url, stackConfig("main").platform!.identity.realm);
    const feed: ManifestFeed = {
        region: "us-east-1",
        ecrRepositoryUrls: Object.fromEntries(
            APPS_BY_ENVIRONMENT[env].map((a) => [a, `123456789012.dkr.ecr.us-east-1.amazonaws.com/osprey-strike/${a}`]),
        ),
        hostnames: Object.fromEntries(appHostnames(env, cfg.environmentDomain).map((h) => [h.app, h.hostname])),
        replicas: { api: cfg.workloads.apiReplicas, web: cfg.workloads.webReplicas },
        albAnnotations: albGroupAnnotations({
            certificateArn: CERTIFICATE[env],
            securityGroupId: SECURITY_GROUP[env],
            extra: { [MUTUAL_AUTHENTICATION_ANNOTATION]: mutualAuthenticationAnnotationValue(TRUST_STORE[env]) },
        }),
        albAuthAnnotations: { [ALB_OIDC_ANNOTATION]: albOidcAnnotationValue(issuer, ALB_OIDC_SECRET) },
        api: {
            roleArn: `arn:aws:iam::123456789012:role/osprey-strike-${env}-api`,
            attachmentsBucket: `osprey-strike-${env}-attachments-123456789012`,
        },
    };
    const source = { repoUrl: cfg.gitops.repoUrl, revision: cfg.gitops.revision, path: cfg.gitops.path };
    return environmentApplications({ environment: env, source, autoSync: cfg.gitops.autoSync }, feed).flatMap((a) =>
        buildAsArgoCd(a.spec.source as ApplicationSource, commit),
    );
}
const applied = new Map(ENVIRONMENTS.map((e) => [e, appliedObjectsOf(e)]));
const rendered = new Map(ENVIRONMENTS.map((e) => [e, applied.get(e)!.filter((o) => o.kind === "Ingress")]));
/** The namespace as EnvironmentNamespace creates it: the env's ALB security group (here the one the overlay names). */
const namespaceOf = (env: Env, sg = rendered.get(env)![0].metadata.annotations![`${A}security-groups`]): Namespace => ({
    metadata: {
        name: environmentNames(env).namespace,
        annotations: {
            [ALB_SECURITY_GROUP_ANNOTATION]: sg,
            ...Object.fromEntries(
                PINNED_INGRESS_ANNOTATIONS.map((p) => [p.namespaceAnnotation, published(env)[p.annotation]]),
            ),
        },
    },
});
const WEBHOOK = "api-twilio-webhook";
/** The pins' messages, and a refusal list without them (the tests of the other rules). */
const PIN_MESSAGES = new Set(
    INGRESS_POLICY_VALIDATIONS.filter((v) => v.message.includes(" must equal the namespace's ")).map((v) => v.message),
);
const rules = (messages: string[]) => messages.filter((m) => !PIN_MESSAGES.has(m));
const clone = (o: K8sObject): K8sObject => JSON.parse(JSON.stringify(o)) as K8sObject;
const named = (env: Env, name: string) => clone(rendered.get(env)!.find((i) => i.metadata.name === name)!);
const withAnnotations = (o: K8sObject, set: Record<string, string | undefined>) => {
    const a = { ...(o.metadata.annotations ?? {}) };
    for (const [k, v] of Object.entries(set)) {
        if (v === undefined) delete a[k];
        else a[k] = v;
    }
    o.metadata.annotations = a;
    return o;
};

describe.each(ENVIRONMENTS)("osprey-%s", (env) => {
    const other = ENVIRONMENTS.find((e) => e !== env)!;

    it("admits every Ingress the generated Applications build from the kubernetes/ tree", () => {
        const ingresses = rendered.get(env)!;
        expect(ingresses.length).toBeGreaterThanOrEqual(2);
        for (const ing of ingresses)
            expect([ing.metadata.name, refusals(ing, namespaceOf(env))]).toEqual([ing.metadata.name, []]);
    });

    it("refuses an Ingress without the security-groups annotation (the controller would build an ALB open to 0.0.0.0/0)", () => {
        const ing = withAnnotations(named(env, "api"), { [`${A}security-groups`]: undefined });
        expect(refusals(ing, namespaceOf(env))).toEqual([INGRESS_POLICY_VALIDATIONS[0].message]);
    });

    it("refuses an Ingress naming any other security group, and everything in a namespace without its group annotation", () => {
        const ing = withAnnotations(named(env, "api"), { [`${A}security-groups`]: "sg-0123456789abcdef0" });
        expect(refusals(ing, namespaceOf(env))).toEqual([INGRESS_POLICY_VALIDATIONS[0].message]);
        const extra = withAnnotations(named(env, "api"), {
            [`${A}security-groups`]: `${named(env, "api").metadata.annotations![`${A}security-groups`]},sg-0123456789abcdef0`,
        });
        expect(refusals(extra, namespaceOf(env))).toHaveLength(1);
        expect(rules(refusals(named(env, "api"), { metadata: { name: environmentNames(env).namespace } }))).toEqual([
            INGRESS_POLICY_VALIDATIONS[0].message,
        ]);
    });

    it("refuses an Ingress without manage-backend-security-group-rules", () => {
        const ing = withAnnotations(named(env, "api"), { [`${A}manage-backend-security-group-rules`]: "false" });
        expect(refusals(ing, namespaceOf(env))).toEqual([INGRESS_POLICY_VALIDATIONS[1].message]);
    });

    it(`refuses joining ${other}'s ALB group or IngressClass, or a legacy class annotation`, () => {
        const group = withAnnotations(named(env, "api"), { [`${A}group.name`]: environmentNames(other).ingressGroup });
        expect(refusals(group, namespaceOf(env))).toEqual([INGRESS_POLICY_VALIDATIONS[3].message]);
        const cls = named(env, "api");
        cls.spec.ingressClassName = environmentNames(other).namespace;
        expect(refusals(cls, namespaceOf(env))).toEqual([INGRESS_POLICY_VALIDATIONS[2].message]);
        const none = named(env, "api");
        delete none.spec.ingressClassName;
        expect(refusals(none, namespaceOf(env))).toEqual([INGRESS_POLICY_VALIDATIONS[2].message]);
        const legacy = withAnnotations(named(env, "api"), { "kubernetes.io/ingress.class": "alb" });
        expect(refusals(legacy, namespaceOf(env))).toEqual([INGRESS_POLICY_VALIDATIONS[2].message]);
    });

    it("refuses an Ingress without OIDC, with OIDC but letting unauthenticated requests through, or with auth-type none", () => {
        const oidc = INGRESS_POLICY_VALIDATIONS[4].message;
        expect(
            rules(refusals(withAnnotations(named(env, "api"), { [`${A}auth-type`]: undefined }), namespaceOf(env))),
        ).toEqual([oidc]);
        expect(
            rules(refusals(withAnnotations(named(env, "api"), { [`${A}auth-type`]: "none" }), namespaceOf(env))),
        ).toEqual([oidc]);
        expect(
            rules(
                refusals(
                    withAnnotations(named(env, "api"), { [`${A}auth-on-unauthenticated-request`]: "allow" }),
                    namespaceOf(env),
                ),
            ),
        ).toEqual([oidc]);
        expect(
            rules(refusals(withAnnotations(named(env, "api"), { [`${A}auth-idp-oidc`]: undefined }), namespaceOf(env))),
        ).toEqual([oidc]);
    });

    it("lets only the pinned webhook Ingress skip OIDC: not renamed, widened, re-routed or given actions", () => {
        const oidc = INGRESS_POLICY_VALIDATIONS[4].message;
        const hook = () => named(env, "api-twilio-webhook");
        expect(rules(refusals(hook(), namespaceOf(env)))).toEqual([]);
        const renamed = hook();
        renamed.metadata.name = "web-open";
        expect(rules(refusals(renamed, namespaceOf(env)))).toEqual([oidc]);
        const widened = hook();
        widened.spec.rules[0].http.paths.push({
            path: "/",
            pathType: "Prefix",
            backend: { service: { name: "api", port: { name: "http" } } },
        });
        expect(rules(refusals(widened, namespaceOf(env)))).toEqual([oidc]);
        // Prefix would also serve /webhooks/twilio/../x (Access judged that as /x): only Exact is the webhook.
        for (const pathType of ["Prefix", "ImplementationSpecific"]) {
            const widenedByType = hook();
            widenedByType.spec.rules[0].http.paths[0].pathType = pathType;
            expect(rules(refusals(widenedByType, namespaceOf(env)))).toEqual([oidc]);
        }
        const rerouted = hook();
        rerouted.spec.rules[0].http.paths[0].backend.service.name = "web";
        expect(rules(refusals(rerouted, namespaceOf(env)))).toEqual([oidc]);
        const byNumber = hook();
        byNumber.spec.rules[0].http.paths[0].backend.service.port = { number: 8080 };
        expect(rules(refusals(byNumber, namespaceOf(env)))).toEqual([oidc]);
        const defaultBackend = hook();
        defaultBackend.spec.defaultBackend = { service: { name: "web", port: { name: "http" } } };
        expect(rules(refusals(defaultBackend, namespaceOf(env)))).toEqual([oidc]);
        const action = withAnnotations(hook(), {
            [`${A}actions.api`]: '{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"web"}]}}',
        });
        expect(rules(refusals(action, namespaceOf(env)))).toEqual([oidc]);
    });
});

describe.each(ENVIRONMENTS)("pinned values in osprey-%s", (env) => {
    const other = ENVIRONMENTS.find((e) => e !== env)!;
    const pinnedMessage = (annotation: string) =>
        INGRESS_POLICY_VALIDATIONS.find((v) => v.message.startsWith(`${annotation} must equal`))!.message;
    /** The Ingresses Argo CD applies after a commit to every overlay of the environment. */
    const ingressesAfter = (commit: (k: Record<string, unknown>) => void) =>
        appliedObjectsOf(env, commit).filter((o) => o.kind === "Ingress");

    it("refuses every Ingress of an overlay whose commonAnnotations turn mutual TLS off (applied after the Application's patches)", () => {
        const off = '{"port":443,"mode":"off"}';
        const ingresses = ingressesAfter((k) => {
            k.commonAnnotations = { [`${A}mutual-authentication`]: `[${off}]` };
        });
        expect(ingresses.length).toBeGreaterThanOrEqual(2);
        for (const ing of ingresses) {
            // kustomize's commonAnnotations win over the Application's patch: the rendered value is the attacker's.
            expect(ing.metadata.annotations![`${A}mutual-authentication`]).toBe(`[${off}]`);
            expect([ing.metadata.name, refusals(ing, namespaceOf(env))]).toEqual([
                ing.metadata.name,
                [pinnedMessage(`${A}mutual-authentication`)],
            ]);
        }
    });

    it("refuses an overlay pointing OIDC at another issuer, or at another Secret", () => {
        const foreign = albOidcAnnotationValue("https://idp.example.net/realms/osprey", ALB_OIDC_SECRET);
        const ingresses = ingressesAfter((k) => {
            k.commonAnnotations = { [`${A}auth-idp-oidc`]: foreign };
        });
        const oidc = ingresses.filter((i) => i.metadata.name !== WEBHOOK);
        expect(oidc.length).toBeGreaterThanOrEqual(1);
        for (const ing of oidc) expect(refusals(ing, namespaceOf(env))).toEqual([pinnedMessage(`${A}auth-idp-oidc`)]);
        const otherSecret = withAnnotations(named(env, "api"), {
            [`${A}auth-idp-oidc`]: albOidcAnnotationValue(issuerOf(env), "my-own-client"),
        });
        expect(refusals(otherSecret, namespaceOf(env))).toEqual([pinnedMessage(`${A}auth-idp-oidc`)]);
    });

    it(`refuses ${other}'s certificate, trust store or OIDC client, and a missing value; the webhook Ingress too`, () => {
        // Both environments share the realm and the Secret's name, so the OIDC values agree: a foreign one is made up.
        const made: Record<string, string> = {
            [`${A}auth-idp-oidc`]: albOidcAnnotationValue("https://idp.example.net/realms/osprey", ALB_OIDC_SECRET),
            [`${A}auth-on-unauthenticated-request`]: "allow",
        };
        for (const p of PINNED_INGRESS_ANNOTATIONS) {
            const value =
                published(other)[p.annotation] === published(env)[p.annotation]
                    ? made[p.annotation]
                    : published(other)[p.annotation];
            expect([p.annotation, value]).not.toEqual([p.annotation, published(env)[p.annotation]]);
            const foreign = withAnnotations(named(env, "api"), { [p.annotation]: value });
            const missing = withAnnotations(named(env, "api"), { [p.annotation]: undefined });
            // The security group's own rule and the OIDC rule overlap the pins on some annotations: the pin is there.
            expect([p.annotation, refusals(foreign, namespaceOf(env))]).toEqual([
                p.annotation,
                expect.arrayContaining([pinnedMessage(p.annotation)]),
            ]);
            expect(refusals(missing, namespaceOf(env))).toContain(pinnedMessage(p.annotation));
            const hook = withAnnotations(named(env, WEBHOOK), { [p.annotation]: value });
            if (!p.oidcOnly) expect(refusals(hook, namespaceOf(env))).toEqual([pinnedMessage(p.annotation)]);
        }
        // A namespace without the published values admits nothing (the stack has not written them yet).
        const bare: Namespace = {
            metadata: {
                name: environmentNames(env).namespace,
                annotations: { [ALB_SECURITY_GROUP_ANNOTATION]: SECURITY_GROUP[env] },
            },
        };
        expect(refusals(named(env, "api"), bare)).toHaveLength(PINNED_INGRESS_ANNOTATIONS.length);
    });
});

describe("the manifests", () => {
    it("bind the policy with Deny, failing closed, on CREATE and UPDATE of Ingresses in the environment namespaces only", () => {
        const policy = ingressPolicyManifest();
        expect(policy.spec.failurePolicy).toBe("Fail");
        expect(policy.spec.matchConstraints.resourceRules).toEqual([
            {
                apiGroups: ["networking.k8s.io"],
                apiVersions: ["v1"],
                operations: ["CREATE", "UPDATE"],
                resources: ["ingresses"],
            },
        ]);
        expect(ENVIRONMENT_NAMESPACE_SELECTOR.matchExpressions[0].values.sort()).toEqual([
            "osprey-demo",
            "osprey-main",
        ]);
        expect(policyBindingManifest(INGRESS_POLICY_NAME).spec).toEqual({
            policyName: INGRESS_POLICY_NAME,
            validationActions: ["Deny"],
            matchResources: { namespaceSelector: ENVIRONMENT_NAMESPACE_SELECTOR },
        });
    });

    it.each(ENVIRONMENTS)("give %s an IngressClassParams limited to its namespace and pinned to its group", (env) => {
        expect(ingressClassParamsManifest(env).spec).toEqual({
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": `osprey-${env}` } },
            group: { name: `osprey-${env}` },
            scheme: "internet-facing",
        });
    });
});

/** The messages of the exposure policy's validations that refuse this object, written by `username` (empty: admitted). */
function exposureRefusals(object: unknown, username: string): string[] {
    const bindings = { object: toCel(object), request: toCel({ userInfo: { username } }) };
    return EXPOSURE_POLICY_VALIDATIONS.filter((val) => runCel(val.expression, bindings) !== true).map(
        (val) => val.message,
    );
}
const ARGOCD = "system:serviceaccount:osprey-argocd:argocd-application-controller";
const [CLUSTER_IP, EXTERNAL_IPS, TGB] = EXPOSURE_POLICY_VALIDATIONS.map((v) => v.message);

describe.each(ENVIRONMENTS)("the exposure policy in osprey-%s", (env) => {
    const services = () => applied.get(env)!.filter((o) => o.kind === "Service");
    const service = (spec: Record<string, unknown>) => {
        const s = clone(services()[0]);
        Object.assign(s.spec, spec);
        return s;
    };
    // The controller makes one per Ingress backend, in the Service's namespace (AWS Load Balancer Controller docs,
    // "TargetGroupBinding"); its shape is the docs' sample.
    const binding = {
        apiVersion: "elbv2.k8s.aws/v1beta1",
        kind: "TargetGroupBinding",
        metadata: { name: "k8s-ospreyma-api-0123456789", namespace: environmentNames(env).namespace },
        spec: {
            serviceRef: { name: "api", port: 80 },
            targetGroupARN: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/k8s-x/0123456789abcdef",
        },
    };

    it("admits every Service the generated Applications apply (all ClusterIP) and the controller's own TargetGroupBindings", () => {
        expect(services().length).toBeGreaterThanOrEqual(2);
        for (const s of services())
            expect([s.metadata.name, exposureRefusals(s, ARGOCD)]).toEqual([s.metadata.name, []]);
        expect(exposureRefusals(binding, ALB_CONTROLLER_USERNAME)).toEqual([]);
        expect(ALB_CONTROLLER_USERNAME).toBe("system:serviceaccount:kube-system:aws-load-balancer-controller");
    });

    it("refuses a Service of type LoadBalancer, NodePort or ExternalName (ways past Cloudflare and the ALB)", () => {
        for (const type of ["LoadBalancer", "NodePort", "ExternalName"])
            expect(exposureRefusals(service({ type }), ARGOCD)).toEqual([CLUSTER_IP]);
        expect(exposureRefusals(service({ type: "ClusterIP" }), ARGOCD)).toEqual([]);
    });

    it("refuses externalIPs on a Service (CVE-2020-8554)", () => {
        expect(exposureRefusals(service({ externalIPs: ["203.0.113.10"] }), ARGOCD)).toEqual([EXTERNAL_IPS]);
        expect(exposureRefusals(service({ externalIPs: [] }), ARGOCD)).toEqual([]);
    });

    it("refuses a TargetGroupBinding from anyone but the controller (Argo CD, a person, another namespace's account)", () => {
        for (const user of [
            ARGOCD,
            "alice@osprey-strike.com",
            `system:serviceaccount:${environmentNames(env).namespace}:default`,
        ])
            expect(exposureRefusals(binding, user)).toEqual([TGB]);
    });
});

describe("the exposure policy's manifests", () => {
    it("are valid ValidatingAdmissionPolicy and Binding objects, both policies (kubernetes-models schema)", () => {
        for (const p of [ingressPolicyManifest(), exposurePolicyManifest()])
            expect(() => new ValidatingAdmissionPolicy(p as never).validate()).not.toThrow();
        for (const b of [policyBindingManifest(INGRESS_POLICY_NAME), policyBindingManifest(EXPOSURE_POLICY_NAME)])
            expect(() => new ValidatingAdmissionPolicyBinding(b as never).validate()).not.toThrow();
    });

    it("bind with Deny, failing closed, on CREATE and UPDATE of Services and every TargetGroupBinding version in the environment namespaces", () => {
        const policy = exposurePolicyManifest();
        expect(policy.spec.failurePolicy).toBe("Fail");
        expect(policy.spec.matchConstraints.namespaceSelector).toBe(ENVIRONMENT_NAMESPACE_SELECTOR);
        expect(policy.spec.matchConstraints.resourceRules).toEqual([
            { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] },
            {
                apiGroups: ["elbv2.k8s.aws"],
                apiVersions: ["*"],
                operations: ["CREATE", "UPDATE"],
                resources: ["targetgroupbindings"],
            },
        ]);
        expect(policyBindingManifest(EXPOSURE_POLICY_NAME).spec).toEqual({
            policyName: EXPOSURE_POLICY_NAME,
            validationActions: ["Deny"],
            matchResources: { namespaceSelector: ENVIRONMENT_NAMESPACE_SELECTOR },
        });
    });
});
