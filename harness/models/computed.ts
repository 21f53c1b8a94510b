/**
 * Computed outputs the program reads that a template in mockIds.ts cannot express: values derived from inputs
 * (an RDS endpoint from the identifier and port, ACM's validation records per name, random values of the requested
 * length, the secret Keycloak generates for a confidential client, @pulumi/tls PEMs as placeholders). Each returns only the computed outputs; the mock cloud echoes the inputs and adds id and ARN.
 * Nothing here re-checks what the provider would refuse: those rules live with their owners (config/, the
 * components' argument checks, policy/).
 */
import * as crypto from "node:crypto";
import type { ComputedModel, MockContext } from "../mockCloud";
import { unwrapSecrets } from "../graph";

/** Deterministic characters from an alphabet (for AWS's random-looking suffixes). */
function chars(ctx: MockContext, seed: string, length: number, alphabet: string): string {
    const hex = ctx.hex(seed, length * 2);
    return Array.from({ length }, (_, i) => alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length]).join(
        "",
    );
}
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const MIXED_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function uuidOf(ctx: MockContext, seed: string): string {
    const h = ctx.hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function bytesOf(ctx: MockContext, seed: string, length: number): Buffer {
    return Buffer.from(ctx.hex(seed, length * 2).padEnd(length * 2, "0"), "hex");
}

/**
 * RDS (aws provider v7): endpoint `<identifier>.<12 lower-case alphanumerics>.<region>.rds.amazonaws.com:<port>`;
 * the managed master secret `arn:aws:secretsmanager:<region>:<account>:secret:rds!db-<uuid>-<6 chars>`.
 */
const rdsInstance: ComputedModel = (args, ctx, { id }) => {
    const i = args.inputs as Record<string, unknown>;
    const port = Number(i.port ?? 5432);
    const address = `${String(i.identifier)}.${chars(ctx, "rds-account-region", 12, LOWER_ALNUM)}.${ctx.region}.rds.amazonaws.com`;
    const secretName = `rds!db-${uuidOf(ctx, `${args.name}/master-secret`)}-${chars(ctx, `${args.name}/master-secret-suffix`, 6, MIXED_ALNUM)}`;
    return {
        resourceId: id,
        address,
        endpoint: `${address}:${port}`,
        port,
        masterUserSecrets:
            i.manageMasterUserPassword === true
                ? [
                      {
                          secretArn: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${secretName}`,
                          kmsKeyId: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${uuidOf(ctx, "aws/secretsmanager")}`,
                          secretStatus: "active",
                      },
                  ]
                : [],
    };
};

/** ACM gives a wildcard and its base name the SAME validation CNAME, as ACM issues them; other names their own. */
const certificate: ComputedModel = (args, ctx) => {
    const names = [String(args.inputs.domainName), ...((args.inputs.subjectAlternativeNames ?? []) as string[])];
    return {
        domainValidationOptions: names.map((domainName) => {
            const base = domainName.replace(/^\*\./, "");
            return {
                domainName,
                resourceRecordName: `_${ctx.hex(`acm/${base}/name`, 32)}.${base}.`,
                resourceRecordType: "CNAME",
                resourceRecordValue: `_${ctx.hex(`acm/${base}/value`, 32)}.${chars(ctx, `acm/${base}/zone`, 10, LOWER_ALNUM)}.acm-validations.aws.`,
            };
        }),
    };
};

/** RandomPassword: a value of the requested length and alphabet (the provider marks `result` secret). */
const randomPassword: ComputedModel = (args, ctx) => {
    const length = Number(args.inputs.length);
    const alphabet =
        args.inputs.special === false
            ? "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*()-_=+[]{}<>:?";
    const seed = ctx.hex(`${args.name}/password`, 64);
    return {
        result: Array.from(
            { length },
            (_, i) => alphabet[parseInt(seed.slice((i * 2) % 62, ((i * 2) % 62) + 2), 16) % alphabet.length],
        ).join(""),
    };
};

const randomBytes: ComputedModel = (args, ctx) => {
    const b = bytesOf(ctx, `${args.name}/bytes`, Number(args.inputs.length));
    return { base64: b.toString("base64"), hex: b.toString("hex") };
};

const randomId: ComputedModel = (args, ctx) => {
    const b = bytesOf(ctx, `${args.name}/id`, Number(args.inputs.byteLength));
    return { hex: b.toString("hex"), b64Std: b.toString("base64"), b64Url: b.toString("base64url") };
};

/** Keycloak generates a confidential client's secret (32 alphanumerics) when none is given; the provider marks it secret. */
const keycloakClient: ComputedModel = (args, ctx) => ({
    clientSecret:
        typeof args.inputs.clientSecret === "string"
            ? args.inputs.clientSecret
            : chars(ctx, `${args.name}/client-secret`, 32, MIXED_ALNUM),
});

/**
 * @pulumi/tls: PEM-shaped placeholders, deterministic per resource, NOT real keys or certificates (the program only
 * passes them on; the real-certificate checks are in tests/environment/originProof.test.ts). A signed certificate
 * names its CA's PEM digest, so a graph check can tell which CA signed it.
 */
const pem = (label: string, body: string) =>
    `-----BEGIN ${label}-----\n${Buffer.from(body).toString("base64")}\n-----END ${label}-----\n`;
/** Digest of an input's value (secret inputs reach the mock in Pulumi's envelope: digest what is inside). */
const digest = (v: unknown) =>
    crypto
        .createHash("sha256")
        .update(String(unwrapSecrets(v)))
        .digest("hex")
        .slice(0, 16);
/** The provider's validity window: from creation (the run's day, for stable output) for validityPeriodHours. */
function validity(args: { inputs: Record<string, unknown> }) {
    const start = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
    const end = new Date(start.getTime() + Number(args.inputs.validityPeriodHours) * 3_600_000);
    return {
        validityStartTime: start.toISOString().replace(".000", ""),
        validityEndTime: end.toISOString().replace(".000", ""),
        readyForRenewal: false,
    };
}
const tlsPrivateKey: ComputedModel = (args, ctx) => ({
    privateKeyPem: pem("PRIVATE KEY", `mock ${String(args.inputs.algorithm)} key ${ctx.hex(`${args.name}/key`, 32)}`),
    publicKeyPem: pem("PUBLIC KEY", `mock public key ${ctx.hex(`${args.name}/key`, 32)}`),
});
const tlsCertRequest: ComputedModel = (args) => ({
    certRequestPem: pem("CERTIFICATE REQUEST", `mock CSR ${args.name} key ${digest(args.inputs.privateKeyPem)}`),
});
const tlsSelfSignedCert: ComputedModel = (args) => ({
    certPem: pem("CERTIFICATE", `mock CA ${args.name} key ${digest(args.inputs.privateKeyPem)}`),
    ...validity(args),
});
const tlsLocallySignedCert: ComputedModel = (args) => ({
    certPem: pem("CERTIFICATE", `mock certificate ${args.name} issued by ${digest(args.inputs.caCertPem)}`),
    ...validity(args),
});

export const computedModels: Record<string, ComputedModel> = {
    "aws:rds/instance:Instance": rdsInstance,
    "aws:acm/certificate:Certificate": certificate,
    "random:index/randomPassword:RandomPassword": randomPassword,
    "random:index/randomBytes:RandomBytes": randomBytes,
    "random:index/randomId:RandomId": randomId,
    "keycloak:openid/client:Client": keycloakClient,
    "tls:index/privateKey:PrivateKey": tlsPrivateKey,
    "tls:index/certRequest:CertRequest": tlsCertRequest,
    "tls:index/selfSignedCert:SelfSignedCert": tlsSelfSignedCert,
    "tls:index/locallySignedCert:LocallySignedCert": tlsLocallySignedCert,
};
