/**
 * Computed outputs the program reads that a template in mockIds.ts cannot express: values derived from inputs
 * (an RDS endpoint from the identifier and port, ACM's validation records per name, random values of the requested
 * length). Each returns only the computed outputs; the mock cloud echoes the inputs and adds id and ARN.
 * Nothing here re-checks what the provider would refuse: those rules live with their owners (config/, the
 * components' argument checks, policy/).
 */
import type { ComputedModel, MockContext } from "../mockCloud";

/** Deterministic characters from an alphabet (for AWS's random-looking suffixes). */
function chars(ctx: MockContext, seed: string, length: number, alphabet: string): string {
    const hex = ctx.hex(seed, length * 2);
    return Array.from({ length }, (_, i) => alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length]).join("");
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
    return { result: Array.from({ length }, (_, i) => alphabet[parseInt(seed.slice((i * 2) % 62, ((i * 2) % 62) + 2), 16) % alphabet.length]).join("") };
};

const randomBytes: ComputedModel = (args, ctx) => {
    const b = bytesOf(ctx, `${args.name}/bytes`, Number(args.inputs.length));
    return { base64: b.toString("base64"), hex: b.toString("hex") };
};

const randomId: ComputedModel = (args, ctx) => {
    const b = bytesOf(ctx, `${args.name}/id`, Number(args.inputs.byteLength));
    return { hex: b.toString("hex"), b64Std: b.toString("base64"), b64Url: b.toString("base64url") };
};

export const computedModels: Record<string, ComputedModel> = {
    "aws:rds/instance:Instance": rdsInstance,
    "aws:acm/certificate:Certificate": certificate,
    "random:index/randomPassword:RandomPassword": randomPassword,
    "random:index/randomBytes:RandomBytes": randomBytes,
    "random:index/randomId:RandomId": randomId,
};
