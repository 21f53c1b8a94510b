/**
 * The computed outputs the program reads (harness/models/computed.ts, harness/mockIds.ts) come back in the providers'
 * real shapes. The mock no longer refuses what a provider would: those rules are tested at their owners (see the
 * harness's commit message and tests/data/*).
 */
import { MockCloud } from "../../harness/mockCloud";
import { CLOUDFLARE_IPS_FIXTURE } from "../../harness/fixtures/cloudflareIps";
import { RDS_MASTER_SECRET_ARN_RE, rdsAddressRe } from "../data/helpers";

const cloud = new MockCloud({ stack: "main", region: "us-east-1", cloudflareRanges: CLOUDFLARE_IPS_FIXTURE });
const create = (type: string, name: string, inputs: Record<string, unknown>) =>
    cloud.newResource({ type, name, inputs, custom: true }) as { id: string; state: Record<string, unknown> };

const DB = {
    identifier: "osprey-main",
    engine: "postgres",
    engineVersion: "18",
    instanceClass: "db.t4g.small",
    username: "osprey_admin",
    allocatedStorage: 20,
    maxAllocatedStorage: 100,
    manageMasterUserPassword: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "osprey-main-final-0a1b2c3d",
    performanceInsightsEnabled: true,
    performanceInsightsRetentionPeriod: 7,
    backupRetentionPeriod: 7,
};

describe("RDS instance", () => {
    const { id, state } = create("aws:rds/instance:Instance", "main-db", DB);

    it("has the DbiResourceId as its ID, and RDS's endpoint, ARN and managed-secret shapes", () => {
        expect(id).toMatch(/^db-[A-Z0-9]{26}$/);
        expect(state.address).toMatch(rdsAddressRe("osprey-main"));
        expect(state.endpoint).toBe(`${String(state.address)}:5432`);
        expect(state.arn).toBe("arn:aws:rds:us-east-1:123456789012:db:osprey-main");
        const [secret] = state.masterUserSecrets as Record<string, string>[];
        expect(secret.secretArn).toMatch(RDS_MASTER_SECRET_ARN_RE);
        expect(secret.kmsKeyId).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
        expect(secret.secretStatus).toBe("active");
    });
});

describe("ACM", () => {
    const names = {
        domainName: "main.osprey-strike.com",
        subjectAlternativeNames: ["*.main.osprey-strike.com", "api-main.osprey-strike.com"],
    };
    const cert = create("aws:acm/certificate:Certificate", "main-cert", names);
    const options = cert.state.domainValidationOptions as Record<string, string>[];
    const byDomain = Object.fromEntries(options.map((o) => [o.domainName, o]));

    it("gives the wildcard and its apex the same CNAME, as ACM does, and other names their own", () => {
        expect(options).toHaveLength(3);
        expect(byDomain["*.main.osprey-strike.com"].resourceRecordName).toBe(
            byDomain["main.osprey-strike.com"].resourceRecordName,
        );
        expect(byDomain["api-main.osprey-strike.com"].resourceRecordName).not.toBe(
            byDomain["main.osprey-strike.com"].resourceRecordName,
        );
        for (const o of options) {
            expect(o.resourceRecordType).toBe("CNAME");
            expect(o.resourceRecordName).toMatch(
                new RegExp(`^_[0-9a-f]{32}\\.${o.domainName.replace(/^\*\./, "").replace(/\./g, "\\.")}\\.$`),
            );
            expect(o.resourceRecordValue).toMatch(/^_[0-9a-f]{32}\.[a-z0-9]{10}\.acm-validations\.aws\.$/);
        }
        expect(cert.id).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]{36}$/);
    });
});

describe("Secrets Manager and random", () => {
    it("suffixes secret ARNs with 6 random characters", () => {
        const { id } = create("aws:secretsmanager/secret:Secret", "s", { name: "osprey-strike/main/render-api" });
        expect(id).toMatch(
            /^arn:aws:secretsmanager:us-east-1:123456789012:secret:osprey-strike\/main\/render-api-[A-Za-z0-9]{6}$/,
        );
    });

    it("returns `length` random bytes", () => {
        const { state } = create("random:index/randomBytes:RandomBytes", "k", { length: 32 });
        expect(Buffer.from(String(state.base64), "base64")).toHaveLength(32);
        expect(state.hex).toMatch(/^[0-9a-f]{64}$/);
    });
});
