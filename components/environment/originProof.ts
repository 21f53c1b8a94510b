/**
 * Origin proof: what Cloudflare's shared addresses cannot give. The ALB's security group admits Cloudflare's published
 * ranges, but every Cloudflare customer sends from them, and Cloudflare's global origin-pull certificate is shared by
 * all accounts ("it only guarantees that a request is coming from the Cloudflare network"). Anyone could put a zone
 * of their own in front of our ALB and reach it past our WAF, rate limit and Access.
 *
 * So each environment has its own CA (created here with @pulumi/tls) and one client certificate it signs. Cloudflare
 * presents that certificate on every origin pull of the environment's hostnames (per-hostname Authenticated Origin
 * Pulls, components/edge/originPull.ts), and the ALB's HTTPS listener runs mutual TLS in verify mode against a trust
 * store holding ONLY this CA (ingress annotation alb.ingress.kubernetes.io/mutual-authentication). A pull from any
 * other zone carries Cloudflare's shared certificate or none, does not chain to our CA, and fails the TLS handshake.
 *
 * Private keys exist only as secret Outputs (the provider marks privateKeyPem secret; wrapped again here).
 *
 * Lifetimes and rotation (docs/auth.md "Origin proof"): @pulumi/tls replaces a certificate on the first `up` after
 * validity end minus earlyRenewalHours. Chosen so that nothing is replaced by surprise:
 *  - the CA lives 10 years with NO early renewal: it is never replaced by an ordinary `up` in its lifetime; from a
 *    year before its end every preview and up warn, and docs/auth.md has the two-CA rotation (bundle both, then switch);
 *  - the client certificate lives 2 years and renews itself in its last 30 days. That renewal is safe by design: the CA
 *    is unchanged, so the ALB already trusts the new certificate; Cloudflare gets the new one as a new hostname
 *    certificate (create before delete) and the associations switch to it. Every preview and up warn 60 days ahead.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { tlsOnlyBucketPolicy } from "../data/policies";
import { Env, environmentNames } from "../../lib/naming";

const HOUR = 1;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * The CA's profile. RSA 2048: the most widely accepted key type (not checked against ELB's and Cloudflare's current
 * lists); it signs certificates and could sign a CRL (none is published today: revocation is "rotate the CA", see
 * docs/auth.md; aws.lb.TrustStoreRevocation would take a CRL).
 */
export const CA_PROFILE = {
    algorithm: "RSA",
    rsaBits: 2048,
    validityPeriodHours: 10 * YEAR,
    earlyRenewalHours: 0,
    allowedUses: ["cert_signing", "crl_signing"],
    warnDaysBeforeEnd: 365,
} as const;

/** The origin-pull client certificate: TLS client authentication only. */
export const CLIENT_PROFILE = {
    algorithm: "RSA",
    rsaBits: 2048,
    validityPeriodHours: 2 * YEAR,
    earlyRenewalHours: 30 * DAY,
    allowedUses: ["client_auth", "digital_signature", "key_encipherment"],
    warnDaysBeforeEnd: 60,
} as const;

/** The S3 key of the CA bundle the trust store reads (versioned: the trust store pins the object version). */
export const CA_BUNDLE_KEY = "origin-pull-ca-bundle.pem";

/** The trust store's bundle: PEM certificates, concatenated, each ending in a newline (ELB's bundle format). */
export function caBundle(caPems: readonly string[]): string {
    if (caPems.length === 0) throw new Error("caBundle: at least one CA certificate");
    return caPems.map((p) => (p.endsWith("\n") ? p : `${p}\n`)).join("");
}

/** The ingress annotation that turns on mutual TLS for the ALB's listener (AWS Load Balancer Controller ≥ v2.7). */
export const MUTUAL_AUTHENTICATION_ANNOTATION = "alb.ingress.kubernetes.io/mutual-authentication";

/** The value of the ingress annotation alb.ingress.kubernetes.io/mutual-authentication (AWS Load Balancer Controller ≥ v2.7). */
export function mutualAuthenticationAnnotationValue(trustStoreArn: string): string {
    return JSON.stringify([
        { port: 443, mode: "verify", trustStore: trustStoreArn, ignoreClientCertificateExpiry: false },
    ]);
}

/** A warning when a certificate's end is near (RFC 3339 end from the tls provider; undefined during a first preview). */
export function expiryWarning(
    what: string,
    validityEndTime: string | undefined,
    warnDays: number,
    now: Date,
): string | undefined {
    if (!validityEndTime) return undefined;
    const end = Date.parse(validityEndTime);
    if (Number.isNaN(end)) return undefined;
    const days = Math.floor((end - now.getTime()) / 86_400_000);
    return days <= warnDays
        ? `${what} ends ${validityEndTime} (in ${days} days); see docs/auth.md "Origin proof" for its rotation`
        : undefined;
}

export interface OriginProofArgs {
    environment: Env;
    /**
     * Days before each certificate's end that every preview and up warn (config alarms.originPull*DaysToExpiry).
     * Default: the profiles' warnDaysBeforeEnd.
     */
    warnDays?: { ca: number; client: number };
}

export class OriginProof extends pulumi.ComponentResource {
    /** The trust store the ALB's listener verifies client certificates against. */
    readonly trustStoreArn: pulumi.Output<string>;
    /** The PEM the trust store holds (public). */
    readonly caCertificatePem: pulumi.Output<string>;
    /** The client certificate Cloudflare presents (public). */
    readonly clientCertificatePem: pulumi.Output<string>;
    /** Its private key: a secret Output, only ever handed to Cloudflare. */
    readonly clientPrivateKeyPem: pulumi.Output<string>;
    /** Value of alb.ingress.kubernetes.io/mutual-authentication. */
    readonly mutualAuthenticationAnnotation: pulumi.Output<string>;
    /** When the CA and the client certificate end (RFC 3339, from the tls provider): the expiry notices read them. */
    readonly validityEndTime: { ca: pulumi.Output<string>; client: pulumi.Output<string> };

    constructor(name: string, args: OriginProofArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:environment:OriginProof", name, { environment: args.environment }, opts);
        const parent = { parent: this };
        const names = environmentNames(args.environment);

        const caKey = new tls.PrivateKey(
            `${name}-ca`,
            { algorithm: CA_PROFILE.algorithm, rsaBits: CA_PROFILE.rsaBits },
            parent,
        );
        const ca = new tls.SelfSignedCert(
            `${name}-ca`,
            {
                privateKeyPem: pulumi.secret(caKey.privateKeyPem),
                subject: { commonName: `${names.label} origin-pull CA`, organization: "Osprey Strike" },
                isCaCertificate: true,
                // Signs leaf certificates only, no intermediate CAs.
                maxPathLength: 0,
                setSubjectKeyId: true,
                validityPeriodHours: CA_PROFILE.validityPeriodHours,
                earlyRenewalHours: CA_PROFILE.earlyRenewalHours,
                allowedUses: [...CA_PROFILE.allowedUses],
            },
            parent,
        );
        const clientKey = new tls.PrivateKey(
            `${name}-client`,
            { algorithm: CLIENT_PROFILE.algorithm, rsaBits: CLIENT_PROFILE.rsaBits },
            parent,
        );
        const csr = new tls.CertRequest(
            `${name}-client`,
            {
                privateKeyPem: pulumi.secret(clientKey.privateKeyPem),
                subject: { commonName: `${names.label} Cloudflare origin pull`, organization: "Osprey Strike" },
            },
            parent,
        );
        const client = new tls.LocallySignedCert(
            `${name}-client`,
            {
                certRequestPem: csr.certRequestPem,
                caCertPem: ca.certPem,
                caPrivateKeyPem: pulumi.secret(caKey.privateKeyPem),
                setSubjectKeyId: true,
                validityPeriodHours: CLIENT_PROFILE.validityPeriodHours,
                earlyRenewalHours: CLIENT_PROFILE.earlyRenewalHours,
                allowedUses: [...CLIENT_PROFILE.allowedUses],
            },
            parent,
        );
        // Known from state on every run after the first, so previews warn too.
        const now = new Date();
        const warnDays = args.warnDays ?? {
            ca: CA_PROFILE.warnDaysBeforeEnd,
            client: CLIENT_PROFILE.warnDaysBeforeEnd,
        };
        ca.validityEndTime.apply((end) => {
            const w = expiryWarning(`The ${names.label} origin-pull CA`, end, warnDays.ca, now);
            if (w) pulumi.log.warn(w, this);
        });
        client.validityEndTime.apply((end) => {
            const w = expiryWarning(`The ${names.label} origin-pull client certificate`, end, warnDays.client, now);
            if (w) pulumi.log.warn(`${w} (it renews itself in its last 30 days, safely: same CA)`, this);
        });

        // The bundle's bucket: private, encrypted, TLS only, versioned (the trust store pins the version it read).
        const account = aws.getCallerIdentityOutput({}, parent);
        const bucket = new aws.s3.Bucket(
            `${name}-ca-bundle`,
            {
                bucket: pulumi.interpolate`${names.trustStoreBucketPrefix}${account.accountId}`,
                forceDestroy: false,
                tags: { Name: names.trustStoreName },
            },
            parent,
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-ca-bundle`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            parent,
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-ca-bundle`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            parent,
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-ca-bundle`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            parent,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-ca-bundle`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            parent,
        );
        new aws.s3.BucketPolicy(
            `${name}-ca-bundle`,
            { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))) },
            { ...parent, dependsOn: [publicAccess] },
        );
        const object = new aws.s3.BucketObjectv2(
            `${name}-ca-bundle`,
            {
                bucket: bucket.id,
                key: CA_BUNDLE_KEY,
                content: ca.certPem.apply((pem) => caBundle([pem])),
                contentType: "application/x-pem-file",
            },
            { ...parent, dependsOn: [versioning] },
        );
        const trustStore = new aws.lb.TrustStore(
            name,
            {
                name: names.trustStoreName,
                caCertificatesBundleS3Bucket: bucket.id,
                caCertificatesBundleS3Key: object.key,
                // A new bundle is a new object version: the trust store is modified to read it (same ARN, no replacement).
                caCertificatesBundleS3ObjectVersion: object.versionId,
            },
            parent,
        );

        this.trustStoreArn = trustStore.arn;
        this.caCertificatePem = ca.certPem;
        this.clientCertificatePem = client.certPem;
        this.clientPrivateKeyPem = pulumi.secret(clientKey.privateKeyPem);
        this.mutualAuthenticationAnnotation = trustStore.arn.apply(mutualAuthenticationAnnotationValue);
        this.validityEndTime = { ca: ca.validityEndTime, client: client.validityEndTime };
        this.registerOutputs({ trustStoreArn: this.trustStoreArn });
    }
}
