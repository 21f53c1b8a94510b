/**
 * The Data component for environment demo (Pulumi.demo.yaml: deletion protection off, 1 day of backups, a lower
 * storage ceiling, a 7-day version window) on the mock cloud: demo's own values, its own names, nothing of main's.
 */
import { Data } from "../../components/data";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import {
    CLUSTER,
    dataArgsFrom,
    one,
    ofType,
    parseJson,
    rdsAddressRe,
    stackConfig,
    T,
    testK8sProvider,
} from "./helpers";

const cfg = stackConfig("demo");
let run: ProgramRun;

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "demo",
        program: () => {
            const data = new Data("demo", dataArgsFrom(cfg, testK8sProvider()));
            return {
                dbEndpoint: data.dbEndpoint,
                bucketName: data.bucketName,
                apiRoleArn: data.apiRoleArn,
                certificateArn: data.certificateArn,
            };
        },
    });
});

const out = () => run.outputs.outputs;

it("reads demo's own values from Pulumi.demo.yaml", () => {
    expect([
        cfg.data.database.deletionProtection,
        cfg.data.database.backupRetentionDays,
        cfg.data.database.maxAllocatedStorageGb,
        cfg.data.attachmentsNoncurrentVersionDays,
    ]).toEqual([false, 1, 50, 7]);
});

it("gives demo its own database: osprey-demo, deletable, 1 day of backups, still a final snapshot", () => {
    const db = one(run.resources, T.instance);
    expect(db.inputs).toMatchObject({
        identifier: "osprey-demo",
        deletionProtection: false,
        backupRetentionPeriod: 1,
        skipFinalSnapshot: false,
        maxAllocatedStorage: 50,
        engineVersion: "18",
        manageMasterUserPassword: true,
        storageEncrypted: true,
        publiclyAccessible: false,
    });
    expect(db.inputs.finalSnapshotIdentifier).toMatch(/^osprey-demo-final-[0-9a-f]{8}$/);
    expect(String(out().dbEndpoint).split(":")[0]).toMatch(rdsAddressRe("osprey-demo"));
});

it("puts demo's secrets under osprey-strike/demo/ with the shortest recovery window (demo is rebuilt)", () => {
    const secrets = ofType(run.resources, T.secret);
    expect(secrets.map((s) => s.inputs.name).sort()).toEqual([
        "osprey-strike/demo/app-encryption-key",
        "osprey-strike/demo/db-app",
        "osprey-strike/demo/render-api",
    ]);
    for (const s of secrets) expect(s.inputs.recoveryWindowInDays).toBe(7);
    for (const es of ofType(run.resources, T.externalSecret))
        expect(es.inputs.metadata).toMatchObject({ namespace: "osprey-demo" });
});

it("runs the PostGIS Job in osprey-demo", () => {
    expect(one(run.resources, T.job).inputs.metadata).toMatchObject({ namespace: "osprey-demo" });
});

it("has its own bucket, version window and IRSA role for osprey-demo/api", () => {
    expect(out().bucketName).toBe("osprey-strike-demo-attachments-123456789012");
    const [rule] = one(run.resources, T.lifecycle).inputs.rules as Record<string, unknown>[];
    expect(rule).toMatchObject({ noncurrentVersionExpiration: { noncurrentDays: 7 } });
    const trust = parseJson(one(run.resources, T.role).inputs.assumeRolePolicy) as {
        Statement: { Condition: { StringEquals: Record<string, string> } }[];
    };
    expect(trust.Statement[0].Condition.StringEquals[`${CLUSTER.oidcIssuerHost}:sub`]).toBe(
        "system:serviceaccount:osprey-demo:api",
    );
    expect(out().apiRoleArn).toBe("arn:aws:iam::123456789012:role/osprey-strike-demo-api");
});

it("certifies demo's names (web and api only, as the edge serves) with two validation records", () => {
    const cert = one(run.resources, T.cert);
    expect(cert.inputs.domainName).toBe("demo.osprey-strike.com");
    expect([...(cert.inputs.subjectAlternativeNames as string[])].sort()).toEqual([
        "*.demo.osprey-strike.com",
        "api-demo.osprey-strike.com",
    ]);
    const records = ofType(run.resources, T.dns);
    expect(records).toHaveLength(2);
    expect(
        records
            .map((r) => String(r.inputs.name))
            .every((n) => n.endsWith(".demo.osprey-strike.com") || n.endsWith(".api-demo.osprey-strike.com")),
    ).toBe(true);
});
