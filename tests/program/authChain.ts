/**
 * The auth chain of one environment, checked on that stack's recorded run (main.test.ts and demo.test.ts call this
 * with the run they already have; no extra program run): the environment's Keycloak client, its secret's way from
 * Keycloak to the namespace, the origin proof from one CA to both the trust store and Cloudflare, and the ALB's
 * path to Keycloak.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../harness/stackConfig";
import { RecordedResource, isSecretEnvelope } from "../../harness/graph";
import type { ProgramRun } from "../../harness/runProgram";
import { runPolicies } from "../../harness/policyRunner";
import { caBundle, CA_BUNDLE_KEY, mutualAuthenticationAnnotationValue } from "../../components/environment/originProof";
import { ALB_OIDC_SECRET } from "../../components/environment/albOidc";
import { appHostnames } from "../../components/edge/hostnames";
import { albOidcAnnotationValue, GROUPS_CLAIM, keycloakIssuer } from "../../lib/authContract";
import { Env, environmentNames } from "../../lib/naming";
import { one, ofType, plainStrings, reveal, revealDeep, stackConfig, under } from "../graphHelpers";
import { idOf, stateOf } from "../edge/helpers";

export const T = {
    realm: "keycloak:index/realm:Realm",
    group: "keycloak:index/group:Group",
    google: "keycloak:oidc/googleIdentityProvider:GoogleIdentityProvider",
    client: "keycloak:openid/client:Client",
    groupsMapper: "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    secret: "aws:secretsmanager/secret:Secret",
    externalSecret: "kubernetes:external-secrets.io/v1:ExternalSecret",
    privateKey: "tls:index/privateKey:PrivateKey",
    selfSigned: "tls:index/selfSignedCert:SelfSignedCert",
    signed: "tls:index/locallySignedCert:LocallySignedCert",
    bundleObject: "aws:s3/bucketObjectv2:BucketObjectv2",
    trustStore: "aws:lb/trustStore:TrustStore",
    aopCert: "cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate",
    aop: "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls",
    accessApp: "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication",
} as const;

const OIDC = under("osprey:environment:AlbOidcClient");
const PROOF = under("osprey:environment:OriginProof");

/** Whether `r` took an input from `from` (Pulumi's recorded property dependencies). */
const dependsThrough = (r: RecordedResource, property: string, from: RecordedResource) =>
    (r.propertyDependencies[property] ?? []).includes(from.urn);

export function describeAuthChain(env: Env, get: () => { run: ProgramRun; r: RecordedResource[] }) {
    const names = environmentNames(env);
    const stack = env;
    const cfg = stackConfig(env);
    const hostnames = appHostnames(env, cfg.environmentDomain).map((h) => h.hostname);

    describe(`the auth chain of ${names.label}`, () => {
        it("has ONE confidential client for its ALB: standard flow only, redirect URIs exactly https://<host>/oauth2/idpresponse", () => {
            const { r } = get();
            const client = one(r, T.client);
            expect(client.inputs).toMatchObject({
                clientId: names.oidcClientId,
                accessType: "CONFIDENTIAL",
                standardFlowEnabled: true,
                implicitFlowEnabled: false,
                directAccessGrantsEnabled: false,
                serviceAccountsEnabled: false,
                oauth2DeviceAuthorizationGrantEnabled: false,
            });
            expect([...(client.inputs.validRedirectUris as string[])].sort()).toEqual(
                hostnames.map((h) => `https://${h}/oauth2/idpresponse`).sort(),
            );
            // Keycloak generates the secret: nothing typed, nothing in the inputs.
            expect(client.inputs.clientSecret).toBeUndefined();
            expect(client.inputs.clientSecretWo).toBeUndefined();
            // In the platform's realm (read from main's outputs by demo).
            expect(client.inputs.realmId).toBe(stackConfig("main").platform!.identity.realm);
        });

        it("puts the full group paths into the groups claim of the ID token, the access token and userinfo (x-amzn-oidc-data)", () => {
            const { r } = get();
            const client = one(r, T.client);
            const mapper = one(r, T.groupsMapper);
            expect(mapper.inputs).toMatchObject({
                claimName: GROUPS_CLAIM,
                fullPath: true,
                addToIdToken: true,
                addToAccessToken: true,
                addToUserinfo: true,
            });
            // The client's resource ID (a UUID), not its clientId: Keycloak's mapper API takes the former.
            expect(mapper.inputs.clientId).toBe(idOf(stack, client));
            expect(dependsThrough(mapper, "clientId", client)).toBe(true);
        });

        it("carries the client secret from the Keycloak client to Secrets Manager to the namespace, secret all the way", () => {
            const { r } = get();
            const client = one(r, T.client);
            const generated = String(stateOf(stack, client).clientSecret);
            expect(generated).toMatch(/^[A-Za-z0-9]{32}$/);
            const secret = one(r, T.secret, OIDC);
            expect(secret.inputs.name).toBe(names.secretName(ALB_OIDC_SECRET));
            const version = one(r, T.secretVersion, OIDC);
            expect(isSecretEnvelope(version.inputs.secretString)).toBe(true);
            expect(JSON.parse(String(reveal(version.inputs.secretString)))).toEqual({
                clientID: names.oidcClientId,
                clientSecret: generated,
            });
            expect(dependsThrough(version, "secretString", client)).toBe(true);
            expect(dependsThrough(version, "secretId", secret)).toBe(true);
            const es = one(r, T.externalSecret, OIDC);
            expect(es.inputs).toMatchObject({
                metadata: { name: ALB_OIDC_SECRET, namespace: names.namespace },
                spec: {
                    target: { name: ALB_OIDC_SECRET },
                    dataFrom: [{ extract: { key: names.secretName(ALB_OIDC_SECRET) } }],
                },
            });
            // The Load Balancer Controller may read Secrets in the namespace (and only there).
            const role = one(r, "kubernetes:rbac.authorization.k8s.io/v1:Role", (x) =>
                x.name.endsWith("-alb-oidc-secrets"),
            );
            expect(role.inputs).toMatchObject({ metadata: { namespace: names.namespace } });
            expect(ofType(r, "kubernetes:core/v1:Secret")).toHaveLength(0);
        });

        it("never shows the client secret, the admin client's secret or a private key in plain inputs or outputs", () => {
            const { run, r } = get();
            const generated = String(stateOf(stack, one(r, T.client)).clientSecret);
            const keys = ofType(r, T.privateKey).map((k) => String(stateOf(stack, k).privateKeyPem));
            expect(keys).toHaveLength(2);
            const secrets = [generated, "offline-placeholder-for-osprey-strike-keycloakAdminClientSecret", ...keys];
            const visible = [
                ...r.flatMap((x) => plainStrings(x.inputs)),
                ...plainStrings(
                    Object.entries(run.outputs.outputs).filter(([k]) => !run.outputs.secretOutputNames.includes(k)),
                ),
            ];
            for (const s of secrets) expect(visible.filter((v) => v.includes(s))).toEqual([]);
            for (const v of visible) expect(v).not.toContain("PRIVATE KEY");
        });

        it("exports the auth-idp-oidc annotation value for the realm's issuer", () => {
            const { run } = get();
            const issuer = keycloakIssuer(cfg.keycloak.url, stackConfig("main").platform!.identity.realm);
            expect(run.outputs.outputs.albOidcAnnotation).toBe(albOidcAnnotationValue(issuer, ALB_OIDC_SECRET));
        });

        it("exports what layer 4 pins (docs/auth.md): the ALB's ARN as signer, the issuer, the client, both Access auds", () => {
            const { run } = get();
            const o = run.outputs.outputs;
            expect(o.albArn).toMatch(
                new RegExp(
                    `^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/k8s-osprey${env}-[0-9a-f]{10}/[0-9a-f]{16}$`,
                ),
            );
            expect(o.keycloakIssuerUrl).toBe(
                keycloakIssuer(cfg.keycloak.url, stackConfig("main").platform!.identity.realm),
            );
            expect(o.albOidcClientId).toBe(names.oidcClientId);
            expect(o.accessApplicationAud).toMatch(/^[0-9a-f]{64}$/);
            expect(o.webhookAccessApplicationAud).toMatch(/^[0-9a-f]{64}$/);
            expect(o.webhookAccessApplicationAud).not.toBe(o.accessApplicationAud);
        });

        it("builds the trust store and the origin-pull certificate from the SAME CA", () => {
            const { run, r } = get();
            const caCert = one(r, T.selfSigned, PROOF);
            const caPem = String(stateOf(stack, caCert).certPem);
            expect(caCert.inputs).toMatchObject({
                isCaCertificate: true,
                allowedUses: ["cert_signing", "crl_signing"],
                earlyRenewalHours: 0,
            });
            const client = one(r, T.signed, PROOF);
            expect(client.inputs.caCertPem).toBe(caPem);
            expect(dependsThrough(client, "caCertPem", caCert)).toBe(true);
            expect(client.inputs.allowedUses).toEqual(["client_auth", "digital_signature", "key_encipherment"]);
            // The CA's key signs; it is the key the CA certificate was made with, and it stays secret.
            const caKey = one(r, T.privateKey, (k) => dependsThrough(caCert, "privateKeyPem", k));
            expect(isSecretEnvelope(client.inputs.caPrivateKeyPem)).toBe(true);
            expect(reveal(client.inputs.caPrivateKeyPem)).toBe(stateOf(stack, caKey).privateKeyPem);
            // S3 holds exactly that CA; the trust store reads that object's version.
            const object = one(r, T.bundleObject, PROOF);
            expect(object.inputs).toMatchObject({ key: CA_BUNDLE_KEY, content: caBundle([caPem]) });
            const store = one(r, T.trustStore, PROOF);
            expect(store.inputs).toMatchObject({
                name: names.trustStoreName,
                caCertificatesBundleS3Key: CA_BUNDLE_KEY,
            });
            expect(store.inputs.caCertificatesBundleS3ObjectVersion).toBe(stateOf(stack, object).versionId);
            expect(dependsThrough(store, "caCertificatesBundleS3ObjectVersion", object)).toBe(true);
            expect(run.outputs.outputs.albTrustStoreArn).toMatch(
                new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/${names.trustStoreName}/`),
            );
            expect(run.outputs.outputs.albMutualAuthenticationAnnotation).toBe(
                mutualAuthenticationAnnotationValue(String(run.outputs.outputs.albTrustStoreArn)),
            );
            // Cloudflare presents the certificate that CA signed, with its key (secret), on every hostname of the environment.
            const aopCert = one(r, T.aopCert);
            expect(aopCert.inputs.certificate).toBe(stateOf(stack, client).certPem);
            expect(dependsThrough(aopCert, "certificate", client)).toBe(true);
            const clientKey = one(r, T.privateKey, (k) => k.urn !== caKey.urn);
            expect(isSecretEnvelope(aopCert.inputs.privateKey)).toBe(true);
            expect(reveal(aopCert.inputs.privateKey)).toBe(stateOf(stack, clientKey).privateKeyPem);
            const associations = ofType(r, T.aop);
            expect(associations.map((a) => revealDeep(a.inputs.configs))).toEqual(
                hostnames.map((hostname) => [{ hostname, certId: idOf(stack, aopCert), enabled: true }]),
            );
        });

        it("lets the ALB reach Keycloak's token and userinfo endpoints: no Access application covers Keycloak, 443 out is open", () => {
            const { r } = get();
            const keycloakHost = new URL(cfg.keycloak.url).hostname;
            const covered = ofType(r, T.accessApp).flatMap((a) => [
                String(a.inputs.domain),
                ...((a.inputs.destinations ?? []) as { uri: string }[]).map((d) => d.uri),
            ]);
            expect(covered.length).toBeGreaterThan(0);
            for (const c of covered) {
                const host = c.split("/")[0];
                expect(host).not.toBe(keycloakHost);
                expect(host.startsWith("*")).toBe(false);
            }
            // 443 out leaves through the controller's backend group (EC2's default allow-all egress), which the manifests
            // ask the controller to manage; the ALB's own group carries no egress rule that could narrow it
            // (docs/requirements.md, Isolation).
            const egress = ofType(r, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter(
                under("osprey:environment:AlbSecurityGroup"),
            );
            expect(egress).toEqual([]);
            const alb = readFileSync(
                join(ROOT, "kubernetes", "components", `alb-${env}`, "kustomization.yaml"),
                "utf8",
            );
            expect(alb).toMatch(/alb\.ingress\.kubernetes\.io\/manage-backend-security-group-rules: "true"/);
        });
    });
}

/** The perimeter policy judges ALB ingress by the prefix lists' identity: one rule pointed at another list fails it. */
export function prefixListIdentityCheck(getR: () => RecordedResource[]) {
    it("fails the pack when one ALB rule of this graph is pointed at another prefix list (identity, not shape)", async () => {
        const isTarget = (x: RecordedResource) =>
            x.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" &&
            x.name.endsWith("-alb-https-cloudflare-ipv6");
        expect(getR().filter(isTarget)).toHaveLength(1);
        // Only the one rule is copied and changed (the graph holds closures, which structuredClone refuses).
        const tampered = getR().map((x) =>
            isTarget(x)
                ? {
                      ...x,
                      inputs: { ...x.inputs, prefixListId: "pl-0123456789abcdef0" },
                      propertyDependencies: { ...x.propertyDependencies, prefixListId: [] },
                  }
                : x,
        );
        const violations = await runPolicies(tampered);
        expect(violations.map((v) => [v.policy, v.level])).toEqual([
            ["alb-rules-cloudflare-only", "mandatory"],
            ["alb-rules-cloudflare-only", "mandatory"],
        ]);
        expect(violations[0].message).toMatch(/admits prefix list pl-0123456789abcdef0, which is neither/);
        expect(violations[1].message).toMatch(/references 1 of the 2 Cloudflare prefix lists/);
    });
}
