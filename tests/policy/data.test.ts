/** Data-at-rest policies (RDS, S3): a compliant, a non-compliant and a missing-property case each. */
import { unknown } from "@pulumi/pulumi/output";
import { awsProvider, check, checkStack, res, violationsOf } from "./helpers";

const RDS = "aws:rds/instance:Instance";
const safe = { publiclyAccessible: false, storageEncrypted: true, backupRetentionPeriod: 7, deletionProtection: true };
const main = awsProvider("main");
const demo = awsProvider("demo");

describe("rds-not-publicly-accessible", () => {
    it("passes a private instance", async () =>
        expect(await check("rds-not-publicly-accessible", { type: RDS, props: safe })).toEqual([]));
    it("flags publiclyAccessible: true", async () => {
        expect(
            await check("rds-not-publicly-accessible", { type: RDS, props: { ...safe, publiclyAccessible: true } }),
        ).toEqual([expect.stringContaining("publiclyAccessible is true")]);
    });
    it("treats unset as the AWS default (false)", async () =>
        expect(await check("rds-not-publicly-accessible", { type: RDS, props: {} })).toEqual([]));
});

describe("rds-ca-current", () => {
    // Expiries: policy/supportCalendars.ts (the roots' notAfter in AWS's bundles; rds-ca-2019 ended 2024-08-22).
    it("passes the program's pinned rds-ca-rsa2048-g1 (valid to 2061)", async () =>
        expect(await check("rds-ca-current", { type: RDS, props: { caCertIdentifier: "rds-ca-rsa2048-g1" } })).toEqual(
            [],
        ));
    it("flags an unset CA: RDS's default of the day may not be in the clients' bundle", async () =>
        expect(await check("rds-ca-current", { type: RDS, props: {} })).toEqual([
            "RDS instance sets no caCertIdentifier: RDS picks its default CA, which the clients' bundle may not hold; name one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1",
        ]));
    it("flags the expired rds-ca-2019 and a CA it does not know", async () => {
        expect(await check("rds-ca-current", { type: RDS, props: { caCertIdentifier: "rds-ca-2019" } })).toEqual([
            expect.stringContaining("expired on 2024-08-22"),
        ]);
        expect(await check("rds-ca-current", { type: RDS, props: { caCertIdentifier: "rds-ca-2015" } })).toEqual([
            expect.stringContaining("not a CA this pack knows"),
        ]);
    });
    it("flags a CA expiring within minValidDays (a window set far past 2061)", async () =>
        expect(
            await check(
                "rds-ca-current",
                { type: RDS, props: { caCertIdentifier: "rds-ca-rsa2048-g1" } },
                { minValidDays: 365 * 100 },
            ),
        ).toEqual([expect.stringMatching(/expires on 2061-05-19, in \d+ days/)]));
    it("judges Aurora cluster instances too", async () =>
        expect(await check("rds-ca-current", { type: "aws:rds/clusterInstance:ClusterInstance", props: {} })).toEqual([
            expect.stringContaining("Aurora cluster instance"),
        ]));
});

describe("rds-storage-encrypted", () => {
    it("passes an encrypted instance", async () =>
        expect(await check("rds-storage-encrypted", { type: RDS, props: safe })).toEqual([]));
    it("flags storageEncrypted: false", async () =>
        expect(await check("rds-storage-encrypted", { type: RDS, props: { storageEncrypted: false } })).toHaveLength(
            1,
        ));
    it("flags unset (a new instance is then unencrypted)", async () =>
        expect(await check("rds-storage-encrypted", { type: RDS, props: {} })).toEqual([
            expect.stringContaining("undefined"),
        ]));
});

describe("rds-backup-retention", () => {
    it("passes 7 days against the default minimum of 1", async () =>
        expect(await check("rds-backup-retention", { type: RDS, props: safe })).toEqual([]));
    it("flags 0 days (backups off) and a period under a configured minimum", async () => {
        expect(await check("rds-backup-retention", { type: RDS, props: { backupRetentionPeriod: 0 } })).toHaveLength(1);
        expect(await check("rds-backup-retention", { type: RDS, props: safe }, { minBackupRetentionDays: 14 })).toEqual(
            [expect.stringContaining("at least 14 day(s)")],
        );
    });
    it("flags an unset period", async () =>
        expect(await check("rds-backup-retention", { type: RDS, props: {} })).toHaveLength(1));
});

describe("rds-deletion-protection-main", () => {
    const run = (props: Record<string, unknown>, provider = main) =>
        check("rds-deletion-protection-main", { type: RDS, props, provider });
    it("passes main with deletion protection, and demo without", async () => {
        expect(await run(safe)).toEqual([]);
        expect(await run({ ...safe, deletionProtection: false }, demo)).toEqual([]);
    });
    it("flags main without deletion protection (environment from the provider's default tags, or the instance's own tags)", async () => {
        expect(await run({ ...safe, deletionProtection: false })).toEqual([
            expect.stringContaining("environment main"),
        ]);
        expect(
            await check("rds-deletion-protection-main", { type: RDS, props: { tags: { environment: "main" } } }),
        ).toHaveLength(1);
    });
    it("handles missing properties: unset on main is a violation; no environment anywhere is reported (fails closed)", async () => {
        expect(await run({})).toHaveLength(1);
        expect(await check("rds-deletion-protection-main", { type: RDS, props: safe })).toEqual([
            expect.stringContaining("the instance's environment cannot be determined, so it may be one of main"),
        ]);
        // A provider without the environment tag is no better than none.
        const untagged = awsProvider("main", { project: "osprey-strike" });
        expect(
            await check("rds-deletion-protection-main", { type: RDS, props: safe, provider: untagged }),
        ).toHaveLength(1);
    });
    it("reads own tags only when the provider does not say (they may be unknown during preview)", async () => {
        expect(
            await violationsOf("rds-deletion-protection-main", [
                main,
                res({ type: RDS, provider: main, props: { ...safe, tags: unknown } }),
            ]),
        ).toEqual([]);
        expect(
            await violationsOf("rds-deletion-protection-main", [res({ type: RDS, props: { ...safe, tags: unknown } })]),
        ).toEqual([expect.objectContaining({ level: "advisory" })]);
    });
});

describe("s3-bucket-private-encrypted", () => {
    const BUCKET = "aws:s3/bucket:Bucket";
    const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    const flags = {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    };
    const rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
    const bucket = (
        props: Record<string, unknown> = { bucket: "osprey-strike-main-attachments" },
        name = "attachments",
    ) => res({ type: BUCKET, name, props });

    it("passes a bucket with all four flags and default encryption, tied by dependency or by bucket name", async () => {
        const b = bucket();
        expect(
            await checkStack("s3-bucket-private-encrypted", [
                b,
                res({ type: PAB, props: flags, deps: { bucket: [b] } }),
                res({ type: SSE, props: { rules }, deps: { bucket: [b] } }),
            ]),
        ).toEqual([]);
        const byName = [
            b,
            res({ type: PAB, props: { ...flags, bucket: "osprey-strike-main-attachments" } }),
            res({ type: SSE, props: { rules, bucket: "osprey-strike-main-attachments" } }),
        ];
        expect(await checkStack("s3-bucket-private-encrypted", byName)).toEqual([]);
    });

    it("flags a block with a flag off, and encryption configured for another bucket", async () => {
        const b = bucket();
        const other = bucket({ bucket: "someone-else" }, "other");
        const v = await checkStack("s3-bucket-private-encrypted", [
            b,
            res({ type: PAB, props: { ...flags, restrictPublicBuckets: false }, deps: { bucket: [b] } }),
            res({ type: SSE, props: { rules }, deps: { bucket: [other] } }),
            other,
        ]);
        expect(v.filter((x) => x.urn === b.urn).map((x) => x.message)).toEqual([
            expect.stringContaining("without all of"),
            expect.stringContaining("no server-side encryption configuration"),
        ]);
    });

    it("accepts an account-wide public access block with all four flags", async () => {
        const b = bucket();
        const account = res({ type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", props: flags });
        expect(
            await checkStack("s3-bucket-private-encrypted", [
                b,
                account,
                res({ type: SSE, props: { rules }, deps: { bucket: [b] } }),
            ]),
        ).toEqual([]);
    });

    it("handles missing properties: a bare bucket and an encryption config without rules are both flagged", async () => {
        expect(await checkStack("s3-bucket-private-encrypted", [bucket({})])).toHaveLength(2);
        const b = bucket();
        const v = await checkStack("s3-bucket-private-encrypted", [
            b,
            res({ type: PAB, props: flags, deps: { bucket: [b] } }),
            res({ type: SSE, props: {}, deps: { bucket: [b] } }),
        ]);
        expect(v).toEqual([{ message: expect.stringContaining("without a default algorithm"), urn: b.urn }]);
    });
});

describe("restore-test-private", () => {
    const SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
    const selection = (restoreMetadataOverrides?: Record<string, string>, protectedResourceType = "RDS") => ({
        type: SELECTION,
        props: { protectedResourceType, restoreMetadataOverrides },
    });
    const good = { vpcSecurityGroupIds: '["sg-0123456789abcdef0"]', publiclyAccessible: "false" };

    it("passes a private copy behind a named security group", async () =>
        expect(await check("restore-test-private", selection(good))).toEqual([]));
    it("flags a public copy, whatever the key's case", async () => {
        expect(await check("restore-test-private", selection({ ...good, publiclyAccessible: "true" }))).toEqual([
            expect.stringContaining('publiclyAccessible is "true"'),
        ]);
        expect(
            await check(
                "restore-test-private",
                selection({ vpcSecurityGroupIds: good.vpcSecurityGroupIds, PubliclyAccessible: "TRUE" }),
            ),
        ).toEqual([expect.stringContaining("would be public")]);
    });
    it("flags no security group (RDS's default group) and one that is not a JSON array", async () => {
        expect(await check("restore-test-private", selection({ publiclyAccessible: "false" }))).toEqual([
            expect.stringContaining("sets no vpcSecurityGroupIds"),
        ]);
        expect(await check("restore-test-private", selection(undefined))).toEqual([
            expect.stringContaining("sets no vpcSecurityGroupIds"),
        ]);
        expect(await check("restore-test-private", selection({ vpcSecurityGroupIds: "sg-0123456789abcdef0" }))).toEqual(
            [expect.stringContaining("not a JSON array")],
        );
    });
    it("leaves other resource types alone (an EBS restore test has no such keys)", async () =>
        expect(await check("restore-test-private", selection(undefined, "EBS"))).toEqual([]));
});
