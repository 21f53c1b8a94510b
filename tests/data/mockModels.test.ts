/**
 * The data layer's mock models return the providers' real output shapes and refuse what the providers refuse,
 * so the component tests above assert against something that behaves like the cloud.
 */
import { MockCloud } from "../../harness/mockCloud";
import { CLOUDFLARE_IPS_FIXTURE } from "../../harness/fixtures/cloudflareIps";
import { RDS_MASTER_SECRET_ARN_RE, rdsAddressRe } from "./helpers";

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
        expect(state.engineVersionActual).toMatch(/^18\.\d+$/);
    });

    it.each([
        ["a password with a managed password", { password: "hunter2" }, /password cannot be set with manageMasterUserPassword/],
        ["no final snapshot name", { finalSnapshotIdentifier: undefined }, /final_snapshot_identifier is required/],
        ["a ceiling below the allocation", { maxAllocatedStorage: 10 }, /max_allocated_storage must be at least allocated_storage/],
        ["a paid Performance Insights retention that does not exist", { performanceInsightsRetentionPeriod: 30 }, /not 7, 731 or a multiple of 31/],
        ["a non-DB class", { instanceClass: "t4g.small" }, /not a DB instance class/],
    ])("refuses %s", (_what, change, message) => {
        expect(() => create("aws:rds/instance:Instance", "bad", { ...DB, ...change })).toThrow(message);
    });
});

describe("ACM", () => {
    const names = { domainName: "main.osprey-strike.com", subjectAlternativeNames: ["*.main.osprey-strike.com", "api-main.osprey-strike.com"] };
    const cert = create("aws:acm/certificate:Certificate", "main-cert", names);
    const options = cert.state.domainValidationOptions as Record<string, string>[];
    const byDomain = Object.fromEntries(options.map((o) => [o.domainName, o]));

    it("gives the wildcard and its apex the same CNAME, as ACM does, and other names their own", () => {
        expect(options).toHaveLength(3);
        expect(byDomain["*.main.osprey-strike.com"].resourceRecordName).toBe(byDomain["main.osprey-strike.com"].resourceRecordName);
        expect(byDomain["api-main.osprey-strike.com"].resourceRecordName).not.toBe(byDomain["main.osprey-strike.com"].resourceRecordName);
        for (const o of options) {
            expect(o.resourceRecordType).toBe("CNAME");
            expect(o.resourceRecordName).toMatch(new RegExp(`^_[0-9a-f]{32}\\.${o.domainName.replace(/^\*\./, "").replace(/\./g, "\\.")}\\.$`));
            expect(o.resourceRecordValue).toMatch(/^_[0-9a-f]{32}\.[a-z0-9]{10}\.acm-validations\.aws\.$/);
        }
        expect(cert.id).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]{36}$/);
    });

    it("validates only when every validation record is listed (trailing dots aside)", () => {
        const fqdns = [...new Set(options.map((o) => o.resourceRecordName))];
        expect(() =>
            create("aws:acm/certificateValidation:CertificateValidation", "ok", {
                certificateArn: cert.id,
                validationRecordFqdns: fqdns.map((f) => f.slice(0, -1)),
            }),
        ).not.toThrow();
        expect(() =>
            create("aws:acm/certificateValidation:CertificateValidation", "short", { certificateArn: cert.id, validationRecordFqdns: fqdns.slice(1) }),
        ).toThrow(/missing validation_record_fqdns/);
    });
});

describe("Secrets Manager, random, Kubernetes", () => {
    it("suffixes secret ARNs with 6 random characters", () => {
        const { id } = create("aws:secretsmanager/secret:Secret", "s", { name: "osprey-strike/main/render-api" });
        expect(id).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:osprey-strike\/main\/render-api-[A-Za-z0-9]{6}$/);
    });

    it("returns `length` random bytes", () => {
        const { state } = create("random:index/randomBytes:RandomBytes", "k", { length: 32 });
        expect(Buffer.from(String(state.base64), "base64")).toHaveLength(32);
        expect(state.hex).toMatch(/^[0-9a-f]{64}$/);
    });

    it("refuses an ExternalSecret in an API version ESO no longer serves", () => {
        const es = {
            apiVersion: "external-secrets.io/v1beta1",
            kind: "ExternalSecret",
            metadata: { name: "x", namespace: "osprey-main" },
            spec: { secretStoreRef: { name: "s" }, dataFrom: [] },
        };
        expect(() => create("kubernetes:external-secrets.io/v1:ExternalSecret", "x", es)).toThrow(/not served/);
    });

    it("refuses a Job that would restart forever", () => {
        const job = {
            metadata: { name: "j", namespace: "osprey-main" },
            spec: { template: { spec: { restartPolicy: "Always", containers: [{ name: "c", image: "i:1.0" }] } } },
        };
        expect(() => create("kubernetes:batch/v1:Job", "j", job)).toThrow(/restartPolicy/);
    });
});
