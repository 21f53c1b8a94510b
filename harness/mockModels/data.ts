/**
 * Mock models for the data layer, keyed by type token. Outputs follow the providers' real shapes:
 * - RDS (aws provider v7): the resource ID is the DbiResourceId (`db-` + 26 upper-case alphanumerics); endpoint
 *   `<identifier>.<12 lower-case alphanumerics>.<region>.rds.amazonaws.com:5432`; the managed master secret is
 *   `arn:aws:secretsmanager:<region>:<account>:secret:rds!db-<uuid>-<6 chars>`.
 * - Secrets Manager ARNs end in `-` + 6 random characters; a SecretVersion's ID is `<secret ARN>|<version UUID>`.
 * - ACM gives a wildcard and its base name the SAME validation CNAME (`_<32 hex>.<name>.` ->
 *   `_<32 hex>.<10 chars>.acm-validations.aws.`), and CertificateValidation refuses to start unless every validation
 *   record's FQDN is listed, as the provider does ("missing ... validation_record_fqdns").
 * - Kubernetes objects come back with the server's metadata (uid, resourceVersion, creationTimestamp).
 * Each model also enforces the provider-side rules the data layer could get wrong, so a bad input fails the run.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MockContext, ResourceModel } from "../mockCloud";
import { autoName, awsModel } from "./aws";

const CREATED_AT = "2026-01-15T09:30:00Z";
type Args = pulumi.runtime.MockResourceArgs;

function fail(args: Args, problem: string): never {
    throw new Error(`${args.type} ${args.name}: ${problem}`);
}

function requireInputs(args: Args, ...keys: string[]): void {
    const missing = keys.filter((k) => args.inputs[k] === undefined);
    if (missing.length > 0) fail(args, `missing required input(s) ${missing.join(", ")}`);
}

/** Deterministic characters from an alphabet (for AWS's random-looking suffixes). */
function chars(ctx: MockContext, seed: string, length: number, alphabet: string): string {
    const hex = ctx.hex(seed, length * 2);
    return Array.from({ length }, (_, i) => alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length]).join("");
}
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const MIXED_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function uuid(ctx: MockContext, seed: string): string {
    const h = ctx.hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const secretArn = (ctx: MockContext, name: string, seed: string) =>
    `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${name}-${chars(ctx, seed, 6, MIXED_ALNUM)}`;

// --- RDS ---
const rdsInstance: ResourceModel = (args, ctx) => {
    const i = args.inputs as Record<string, unknown>;
    requireInputs(args, "instanceClass", "engine", "identifier", "username");
    if (!String(i.instanceClass).startsWith("db.")) fail(args, `instanceClass "${String(i.instanceClass)}" is not a DB instance class`);
    if (i.manageMasterUserPassword === true && (i.password !== undefined || i.passwordWo !== undefined))
        fail(args, "password cannot be set with manageMasterUserPassword");
    if (i.skipFinalSnapshot !== true && !i.finalSnapshotIdentifier) fail(args, "final_snapshot_identifier is required when skip_final_snapshot is false");
    const allocated = Number(i.allocatedStorage ?? 0);
    if (i.maxAllocatedStorage !== undefined && Number(i.maxAllocatedStorage) !== 0 && Number(i.maxAllocatedStorage) < allocated)
        fail(args, "max_allocated_storage must be at least allocated_storage");
    const retention = Number(i.backupRetentionPeriod ?? 0);
    if (retention < 0 || retention > 35) fail(args, `backup_retention_period ${retention} is not 0-35`);
    const pi = i.performanceInsightsRetentionPeriod;
    if (pi !== undefined && !(pi === 7 || pi === 731 || Number(pi) % 31 === 0))
        fail(args, `performance_insights_retention_period ${String(pi)} is not 7, 731 or a multiple of 31`);
    if (pi !== undefined && i.performanceInsightsEnabled !== true) fail(args, "performance_insights_retention_period requires performance_insights_enabled");

    const identifier = String(i.identifier);
    const port = Number(i.port ?? 5432);
    const address = `${identifier}.${chars(ctx, "rds-account-region", 12, LOWER_ALNUM)}.${ctx.region}.rds.amazonaws.com`;
    const resourceId = `db-${chars(ctx, `${args.name}/dbi`, 26, UPPER_ALNUM)}`;
    const version = String(i.engineVersion ?? "");
    const state: Record<string, unknown> = {
        ...i,
        id: resourceId,
        resourceId,
        arn: `arn:aws:rds:${ctx.region}:${ctx.accountId}:db:${identifier}`,
        address,
        endpoint: `${address}:${port}`,
        port,
        // A major-only version runs that major's newest minor; 18.1 is the first RDS release of 18 (RDS extension table).
        engineVersionActual: version.includes(".") ? version : `${version}.1`,
        status: "available",
        availabilityZone: `${ctx.region}a`,
        masterUserSecrets:
            i.manageMasterUserPassword === true
                ? [
                      {
                          secretArn: secretArn(ctx, `rds!db-${uuid(ctx, `${args.name}/master-secret`)}`, `${args.name}/master-secret-suffix`),
                          kmsKeyId: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${uuid(ctx, "aws/secretsmanager")}`,
                          secretStatus: "active",
                      },
                  ]
                : [],
        tagsAll: i.tags,
    };
    return { id: resourceId, state };
};

const rdsSubnetGroup: ResourceModel = (args, ctx) => {
    const ids = (args.inputs.subnetIds ?? []) as string[];
    if (ids.length < 2) fail(args, "a DB subnet group needs subnets in at least two availability zones");
    for (const id of ids) if (!/^subnet-[0-9a-f]{17}$/.test(id)) fail(args, `"${id}" is not a subnet ID`);
    return awsModel({
        id: "name",
        autoName: true,
        arn: (c, _id, name) => `arn:aws:rds:${c.region}:${c.accountId}:subgrp:${name}`,
        extra: () => ({ supportedNetworkTypes: ["IPV4"] }),
    })(args, ctx);
};

const rdsParameterGroup: ResourceModel = (args, ctx) => {
    requireInputs(args, "family");
    if (!/^postgres\d+$/.test(String(args.inputs.family))) fail(args, `family "${String(args.inputs.family)}" is not a PostgreSQL family`);
    for (const p of (args.inputs.parameters ?? []) as { name: string; value: string; applyMethod?: string }[]) {
        if (p.applyMethod !== undefined && !["immediate", "pending-reboot"].includes(p.applyMethod))
            fail(args, `parameter ${p.name}: apply_method "${p.applyMethod}"`);
    }
    return awsModel({ id: "name", autoName: true, arn: (c, _id, name) => `arn:aws:rds:${c.region}:${c.accountId}:pg:${name}` })(args, ctx);
};

// --- Secrets Manager ---
const secret: ResourceModel = (args, ctx) => {
    const name = (args.inputs.name as string | undefined) ?? autoName(args, ctx);
    const w = args.inputs.recoveryWindowInDays;
    if (w !== undefined && Number(w) !== 0 && (Number(w) < 7 || Number(w) > 30)) fail(args, `recovery_window_in_days ${String(w)} is not 0 or 7-30`);
    const arn = secretArn(ctx, name, `${args.name}/suffix`);
    return { id: arn, state: { ...args.inputs, id: arn, arn, name, tagsAll: args.inputs.tags } };
};

const secretVersion: ResourceModel = (args, ctx) => {
    requireInputs(args, "secretId");
    const versionId = uuid(ctx, `${args.name}/version`);
    const id = `${String(args.inputs.secretId)}|${versionId}`;
    return { id, state: { ...args.inputs, id, arn: args.inputs.secretId, versionId, versionStages: ["AWSCURRENT"] } };
};

// --- random ---
function bytesOf(ctx: MockContext, seed: string, length: number): Buffer {
    return Buffer.from(ctx.hex(seed, length * 2).padEnd(length * 2, "0"), "hex");
}
const randomBytes: ResourceModel = (args, ctx) => {
    const length = Number(args.inputs.length);
    if (!Number.isInteger(length) || length < 1) fail(args, "length must be a positive integer");
    const b = bytesOf(ctx, `${args.name}/bytes`, length);
    return { id: "none", state: { ...args.inputs, base64: b.toString("base64"), hex: b.toString("hex") } };
};
const randomId: ResourceModel = (args, ctx) => {
    const b = bytesOf(ctx, `${args.name}/id`, Number(args.inputs.byteLength));
    const b64Url = b.toString("base64url");
    return {
        id: b64Url,
        state: { ...args.inputs, hex: b.toString("hex"), b64Std: b.toString("base64"), b64Url, dec: BigInt(`0x${b.toString("hex")}`).toString() },
    };
};

// --- S3 ---
const BUCKET_RE = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const bucket: ResourceModel = (args, ctx) => {
    const name = (args.inputs.bucket as string | undefined) ?? autoName(args, ctx);
    if (!BUCKET_RE.test(name)) fail(args, `"${name}" is not a valid bucket name`);
    const state = {
        ...args.inputs,
        id: name,
        bucket: name,
        arn: `arn:aws:s3:::${name}`,
        bucketDomainName: `${name}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${name}.s3.${ctx.region}.amazonaws.com`,
        region: ctx.region,
        tagsAll: args.inputs.tags,
    };
    return { id: name, state };
};
/** The bucket sub-resources' provider ID is the bucket's name. */
const bucketPart =
    (...required: string[]): ResourceModel =>
    (args) => {
        requireInputs(args, "bucket", ...required);
        if (args.inputs.policy !== undefined) JSON.parse(String(args.inputs.policy)); // the API refuses malformed JSON
        const id = String(args.inputs.bucket);
        return { id, state: { ...args.inputs, id } };
    };

// --- ACM ---
/** What each certificate must see validated, by ARN (CertificateValidation only sees the ARN, like the provider). */
const validationNamesByCertificate = new Map<string, string[]>();

const certificate: ResourceModel = (args, ctx) => {
    requireInputs(args, "domainName");
    const names = [String(args.inputs.domainName), ...((args.inputs.subjectAlternativeNames ?? []) as string[])];
    const arn = `arn:aws:acm:${ctx.region}:${ctx.accountId}:certificate/${uuid(ctx, `${args.name}/certificate`)}`;
    const options = names.map((domainName) => {
        const base = domainName.replace(/^\*\./, "");
        // Derived from the validated base name only: *.x and x get the same record, as ACM issues them.
        return {
            domainName,
            resourceRecordName: `_${ctx.hex(`acm/${base}/name`, 32)}.${base}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${ctx.hex(`acm/${base}/value`, 32)}.${chars(ctx, `acm/${base}/zone`, 10, LOWER_ALNUM)}.acm-validations.aws.`,
        };
    });
    validationNamesByCertificate.set(arn, [...new Set(options.map((o) => o.resourceRecordName.replace(/\.$/, "")))]);
    const state = {
        ...args.inputs,
        id: arn,
        arn,
        domainValidationOptions: options,
        status: "PENDING_VALIDATION",
        type: "AMAZON_ISSUED",
        keyAlgorithm: args.inputs.keyAlgorithm ?? "RSA_2048",
        validationEmails: [],
        tagsAll: args.inputs.tags,
    };
    return { id: arn, state };
};

const certificateValidation: ResourceModel = (args) => {
    requireInputs(args, "certificateArn");
    const arn = String(args.inputs.certificateArn);
    const expected = validationNamesByCertificate.get(arn);
    if (!expected) fail(args, `no certificate ${arn}`);
    const given = new Set(((args.inputs.validationRecordFqdns ?? []) as string[]).map((f) => f.replace(/\.$/, "")));
    const missing = expected.filter((n) => !given.has(n));
    if (given.size > 0 && missing.length > 0) fail(args, `1 or more domains had ${missing.length} missing validation_record_fqdns: ${missing.join(", ")}`);
    return { id: "2026-01-15 09:45:00 +0000 UTC", state: { ...args.inputs, id: "2026-01-15 09:45:00 +0000 UTC" } };
};

// --- Kubernetes ---
const k8sObject =
    (check: (args: Args) => void, status?: Record<string, unknown>): ResourceModel =>
    (args, ctx) => {
        const metadata = (args.inputs.metadata ?? {}) as Record<string, unknown>;
        if (!metadata.name || !metadata.namespace) fail(args, "namespaced objects need metadata.name and metadata.namespace");
        check(args);
        const id = `${String(metadata.namespace)}/${String(metadata.name)}`;
        const serverMeta = { ...metadata, uid: uuid(ctx, `${args.type}/${id}`), resourceVersion: "1", generation: 1, creationTimestamp: CREATED_AT };
        return { id, state: { ...args.inputs, metadata: serverMeta, ...(status ? { status } : {}) } };
    };

const externalSecret = k8sObject(
    (args) => {
        const spec = (args.inputs.spec ?? {}) as Record<string, unknown>;
        if (args.inputs.apiVersion !== "external-secrets.io/v1")
            fail(args, `apiVersion ${String(args.inputs.apiVersion)} is not served (ESO serves external-secrets.io/v1)`);
        if (!spec.secretStoreRef) fail(args, "spec.secretStoreRef is required");
        if (!spec.data && !spec.dataFrom) fail(args, "spec.data or spec.dataFrom is required");
    },
    { conditions: [{ type: "Ready", status: "True", reason: "SecretSynced" }], refreshTime: CREATED_AT, syncedResourceVersion: "1-0" },
);

const job = k8sObject(
    (args) => {
        const template = ((args.inputs.spec ?? {}) as { template?: { spec?: { containers?: { image?: string }[]; restartPolicy?: string } } }).template;
        const containers = template?.spec?.containers ?? [];
        if (containers.length === 0 || containers.some((c) => !c.image)) fail(args, "spec.template.spec.containers[*].image is required");
        if (!["Never", "OnFailure"].includes(String(template?.spec?.restartPolicy))) fail(args, 'a Job\'s restartPolicy must be "Never" or "OnFailure"');
    },
    { succeeded: 1, startTime: CREATED_AT, completionTime: CREATED_AT, conditions: [{ type: "Complete", status: "True" }] },
);

export const dataResourceModels: Record<string, ResourceModel> = {
    "aws:rds/instance:Instance": rdsInstance,
    "aws:rds/subnetGroup:SubnetGroup": rdsSubnetGroup,
    "aws:rds/parameterGroup:ParameterGroup": rdsParameterGroup,
    "aws:secretsmanager/secret:Secret": secret,
    "aws:secretsmanager/secretVersion:SecretVersion": secretVersion,
    "random:index/randomBytes:RandomBytes": randomBytes,
    "random:index/randomId:RandomId": randomId,
    "aws:s3/bucket:Bucket": bucket,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketPart(),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketPart("rule"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketPart("rules"),
    "aws:s3/bucketVersioning:BucketVersioning": bucketPart("versioningConfiguration"),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketPart("rules"),
    "aws:s3/bucketPolicy:BucketPolicy": bucketPart("policy"),
    "aws:acm/certificate:Certificate": certificate,
    "aws:acm/certificateValidation:CertificateValidation": certificateValidation,
    "kubernetes:external-secrets.io/v1:ExternalSecret": externalSecret,
    "kubernetes:batch/v1:Job": job,
};
export const dataComponentModels: Record<string, ResourceModel> = {};
