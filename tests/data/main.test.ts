/**
 * The Data component for environment main (Pulumi.main.yaml: deletion protection on, 7 days of backups) on the mock
 * cloud: every point of the database, the secrets and their delivery, the bucket and the certificate, asserted on
 * the recorded inputs.
 */
import { Data } from "../../components/data";
import { commonName } from "../../components/data/rdsCa";
import { DB_CONNECTION_SECRET } from "../../components/data/externalSecrets";
import { BOOTSTRAP_SQL, POSTGIS_SQL } from "../../components/data/postgisJob";
import { DB_BOOTSTRAP_SECRET } from "../../components/data/externalSecrets";
import { isSecretEnvelope } from "../../harness/graph";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import {
    certificatesOfBundle,
    CLUSTER,
    dataArgsFrom,
    one,
    ofType,
    parseJson,
    plainStrings,
    RDS_MASTER_SECRET_ARN_RE,
    rdsAddressRe,
    revealDeep,
    stackConfig,
    T,
    testK8sProvider,
} from "./helpers";

const cfg = stackConfig("main");
let run: ProgramRun;

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "main",
        program: () => {
            const data = new Data("main", dataArgsFrom(cfg, testK8sProvider()));
            return {
                dbEndpoint: data.dbEndpoint,
                dbMasterSecretArn: data.dbMasterSecretArn,
                bucketName: data.bucketName,
                certificateArn: data.certificateArn,
                apiRoleArn: data.apiRoleArn,
                appSecretArns: data.appSecretArns,
            };
        },
    });
});

const out = () => run.outputs.outputs;
const db = () => one(run.resources, T.instance);

describe("database", () => {
    it("is RDS PostgreSQL 18 (major only, automatic minor upgrades) on the configured class, gp3 with an autoscaling ceiling", () => {
        expect(cfg.data.database.engineVersion).toBe("18");
        expect(db().inputs).toMatchObject({
            identifier: "osprey-main",
            engine: "postgres",
            engineVersion: "18",
            autoMinorVersionUpgrade: true,
            allowMajorVersionUpgrade: false,
            instanceClass: "db.t4g.small",
            storageType: "gp3",
            allocatedStorage: 20,
            maxAllocatedStorage: 100,
            storageEncrypted: true,
            copyTagsToSnapshot: true,
        });
    });

    it("keeps main safe: deletion protection, 7 days of backups, a final snapshot on delete", () => {
        expect(db().inputs).toMatchObject({
            deletionProtection: true,
            backupRetentionPeriod: 7,
            skipFinalSnapshot: false,
        });
        expect(db().inputs.finalSnapshotIdentifier).toMatch(/^osprey-main-final-[0-9a-f]{8}$/);
    });

    it("never sees a password: RDS manages it in Secrets Manager; IAM auth on; private; Performance Insights free tier", () => {
        const i = db().inputs;
        expect(i).toMatchObject({
            manageMasterUserPassword: true,
            iamDatabaseAuthenticationEnabled: true,
            publiclyAccessible: false,
            port: 5432,
        });
        expect(i).toMatchObject({ performanceInsightsEnabled: true, performanceInsightsRetentionPeriod: 7 });
        expect(i.password).toBeUndefined();
        expect(i.passwordWo).toBeUndefined();
        expect(out().dbMasterSecretArn).toMatch(RDS_MASTER_SECRET_ARN_RE);
    });

    it("exports the endpoint in RDS's <address>:5432 form", () => {
        const [address, port] = String(out().dbEndpoint).split(":");
        expect(address).toMatch(rdsAddressRe("osprey-main"));
        expect(port).toBe("5432");
    });

    it("uses a subnet group of exactly the environment's own data subnets", () => {
        const group = one(run.resources, T.subnetGroup);
        expect(group.inputs.subnetIds).toEqual(CLUSTER.dataSubnetIds);
        expect(db().propertyDependencies.dbSubnetGroupName).toEqual([group.urn]);
    });

    it("admits 5432 only from the cluster's node security group, with no CIDR rule and no egress", () => {
        const sg = one(run.resources, T.sg, (r) => r.name === "main-db");
        expect(sg.inputs.vpcId).toBe(CLUSTER.vpcId);
        expect(sg.inputs.ingress ?? []).toEqual([]);
        expect(sg.inputs.egress ?? []).toEqual([]);
        const rules = ofType(run.resources, T.ingress).filter((r) =>
            r.propertyDependencies.securityGroupId?.includes(sg.urn),
        );
        expect(rules).toHaveLength(1);
        expect(rules[0].inputs).toMatchObject({
            ipProtocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            referencedSecurityGroupId: CLUSTER.nodeSecurityGroupId,
        });
        expect(rules[0].inputs.cidrIpv4).toBeUndefined();
        expect(rules[0].inputs.cidrIpv6).toBeUndefined();
        expect(ofType(run.resources, T.egress)).toEqual([]);
        expect(db().propertyDependencies.vpcSecurityGroupIds).toEqual([sg.urn]);
    });

    it("forces TLS and logs slow statements through a postgres18 parameter group", () => {
        const pg = one(run.resources, T.parameterGroup);
        expect(pg.inputs.family).toBe("postgres18");
        expect(pg.inputs.parameters).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ name: "rds.force_ssl", value: "1" }),
                expect.objectContaining({
                    name: "log_min_duration_statement",
                    value: String(cfg.data.database.slowStatementMs),
                }),
            ]),
        );
        expect(db().propertyDependencies.parameterGroupName).toEqual([pg.urn]);
    });
});

describe("PostGIS", () => {
    it("runs CREATE EXTENSION IF NOT EXISTS postgis in a Job in osprey-main, after the database and its connection Secret", () => {
        const job = one(run.resources, T.job);
        const spec = job.inputs.spec as { template: { spec: { containers: { command: string[] }[] } } };
        expect((job.inputs.metadata as { namespace: string }).namespace).toBe("osprey-main");
        expect(
            (spec.template.spec.containers[0] as unknown as { env: { name: string; value?: string }[] }).env,
        ).toContainEqual({
            name: "BOOTSTRAP_SQL",
            value: BOOTSTRAP_SQL,
        });
        expect(BOOTSTRAP_SQL.startsWith(POSTGIS_SQL)).toBe(true);
        const dbConnection = one(
            run.resources,
            T.externalSecret,
            (r) => (r.inputs.metadata as { name: string }).name === DB_BOOTSTRAP_SECRET,
        );
        // dependsOn a component expands to its children: the instance itself must be among them.
        expect(job.dependencies).toEqual(expect.arrayContaining([dbConnection.urn, db().urn]));
        expect(job.provider).toMatch(/pulumi:providers:kubernetes::k8s::/);
    });
});

describe("application secrets", () => {
    const secrets = () => ofType(run.resources, T.secret);

    it("lives under osprey-strike/main/ with main's 30-day recovery window", () => {
        expect(
            secrets()
                .map((s) => s.inputs.name)
                .sort(),
        ).toEqual([
            "osprey-strike/main/app-encryption-key",
            "osprey-strike/main/db-app",
            "osprey-strike/main/render-api",
        ]);
        for (const s of secrets()) expect(s.inputs.recoveryWindowInDays).toBe(30);
        expect(out().appSecretArns).toEqual(
            expect.arrayContaining([
                expect.stringMatching(
                    /^arn:aws:secretsmanager:us-east-1:123456789012:secret:osprey-strike\/main\/app-encryption-key-[A-Za-z0-9]{6}$/,
                ),
            ]),
        );
    });

    it("generates the encryption key (32 random bytes) and stores it only inside a secret envelope", () => {
        const bytes = one(run.resources, T.randomBytes);
        expect(bytes.inputs.length).toBe(32);
        const version = one(run.resources, T.secretVersion, (r) => r.name.endsWith("app-encryption-key"));
        expect(isSecretEnvelope(version.inputs.secretString)).toBe(true);
        const key = Buffer.from(String(parseJson(version.inputs.secretString).ENCRYPTION_KEY), "base64");
        expect(key).toHaveLength(32);
        // The value appears nowhere in plain text: not in any input of any resource.
        const visible = run.resources.flatMap((r) => plainStrings(r.inputs)).join("\n");
        expect(visible).not.toContain(key.toString("base64"));
    });

    it("creates the Render credentials EMPTY, for a person to set", () => {
        const render = one(run.resources, T.secret, (r) => r.inputs.name === "osprey-strike/main/render-api");
        const versions = ofType(run.resources, T.secretVersion).filter((v) =>
            v.propertyDependencies.secretId?.includes(render.urn),
        );
        expect(versions).toEqual([]);
    });

    it("delivers each through an ExternalSecret (v1) from osprey-main's own aws-secrets-manager SecretStore", () => {
        for (const name of ["app-encryption-key", "render-api"]) {
            const es = one(
                run.resources,
                T.externalSecret,
                (r) => (r.inputs.metadata as { name: string }).name === name,
            );
            expect(es.inputs.apiVersion).toBe("external-secrets.io/v1");
            expect(es.inputs.metadata).toMatchObject({ namespace: "osprey-main" });
            expect(es.inputs.spec).toMatchObject({
                secretStoreRef: { kind: "SecretStore", name: "aws-secrets-manager" },
                target: { name, creationPolicy: "Owner" },
                dataFrom: [{ extract: { key: `osprey-strike/main/${name}` } }],
            });
            expect(es.provider).toMatch(/pulumi:providers:kubernetes::k8s::/);
        }
    });

    it("delivers the apps' connection: host, port and name in the template, user and password of the app role, not the master", () => {
        const es = one(
            run.resources,
            T.externalSecret,
            (r) => (r.inputs.metadata as { name: string }).name === DB_CONNECTION_SECRET,
        );
        const spec = es.inputs.spec as {
            data: { secretKey: string; remoteRef: { key: string; property: string } }[];
            target: { template: { data: Record<string, string> } };
        };
        const address = String(out().dbEndpoint).split(":")[0];
        expect(spec.target.template.data).toMatchObject({
            PGHOST: address,
            PGPORT: "5432",
            PGDATABASE: "osprey",
            PGUSER: "{{ .username }}",
            PGPASSWORD: "{{ .password }}",
            PGSSLMODE: "verify-full",
            PGSSLROOTCERT: "/etc/osprey/rds-ca/rds-ca.pem",
        });
        expect(spec.data).toEqual([
            { secretKey: "username", remoteRef: { key: "osprey-strike/main/db-app", property: "username" } },
            { secretKey: "password", remoteRef: { key: "osprey-strike/main/db-app", property: "password" } },
        ]);
        // The master secret reaches only the bootstrap Job's Secret.
        const withMaster = ofType(run.resources, T.externalSecret).filter((r) =>
            JSON.stringify(r.inputs).includes(String(out().dbMasterSecretArn)),
        );
        expect(withMaster.map((r) => (r.inputs.metadata as { name: string }).name)).toEqual([DB_BOOTSTRAP_SECRET]);
    });

    it("verifies the database: the instance pinned to rds-ca-rsa2048-g1, its region's roots in a ConfigMap the Job mounts and waits for", () => {
        expect(db().inputs.caCertIdentifier).toBe("rds-ca-rsa2048-g1");
        const cm = one(
            run.resources,
            "kubernetes:core/v1:ConfigMap",
            (r) => (r.inputs.metadata as { name: string }).name === "rds-ca-bundle",
        );
        expect((cm.inputs.metadata as { namespace: string }).namespace).toBe("osprey-main");
        const pem = (cm.inputs.data as Record<string, string>)["rds-ca.pem"];
        const certs = certificatesOfBundle(pem);
        // The mock's region is us-east-1: its three current roots (AWS RDS user guide, "Certificate authorities").
        expect(certs.map(commonName).sort()).toEqual([
            "Amazon RDS us-east-1 Root CA ECC384 G1",
            "Amazon RDS us-east-1 Root CA RSA2048 G1",
            "Amazon RDS us-east-1 Root CA RSA4096 G1",
        ]);
        for (const c of certs) expect(c.ca && c.verify(c.publicKey) && new Date(c.validTo) > new Date()).toBe(true);
        const job = one(run.resources, "kubernetes:batch/v1:Job");
        expect(job.dependencies).toContain(cm.urn);
        const pod = (
            job.inputs.spec as { template: { spec: { volumes: unknown[]; containers: { volumeMounts: unknown[] }[] } } }
        ).template.spec;
        expect(pod.volumes).toEqual([{ name: "rds-ca", configMap: { name: "rds-ca-bundle" } }]);
        expect(pod.containers[0].volumeMounts).toEqual([
            { name: "rds-ca", mountPath: "/etc/osprey/rds-ca", readOnly: true },
        ]);
    });

    it("creates no Kubernetes Secret itself", () => {
        expect(run.resources.filter((r) => r.type.startsWith("kubernetes:core/v1:Secret"))).toEqual([]);
    });
});

describe("attachments bucket", () => {
    const byBucket = (type: string) => one(run.resources, type);

    it("is named per environment and account, never force-destroyed", () => {
        expect(out().bucketName).toBe("osprey-strike-main-attachments-123456789012");
        expect(byBucket(T.bucket).inputs.forceDestroy).toBe(false);
    });

    it("blocks every form of public access and disables ACLs", () => {
        expect(byBucket(T.pab).inputs).toMatchObject({
            bucket: out().bucketName,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(byBucket(T.ownership).inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    });

    it("encrypts with SSE-S3, versions objects and expires old versions and abandoned uploads", () => {
        expect(byBucket(T.sse).inputs.rules).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        expect(byBucket(T.versioning).inputs.versioningConfiguration).toEqual({ status: "Enabled" });
        const [rule] = byBucket(T.lifecycle).inputs.rules as Record<string, unknown>[];
        expect(rule).toMatchObject({
            status: "Enabled",
            noncurrentVersionExpiration: { noncurrentDays: cfg.data.attachmentsNoncurrentVersionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        });
    });

    it("denies every request that is not over TLS", () => {
        const policy = parseJson(byBucket(T.bucketPolicy).inputs.policy) as { Statement: Record<string, unknown>[] };
        const arn = `arn:aws:s3:::${String(out().bucketName)}`;
        expect(policy.Statement).toEqual([
            expect.objectContaining({
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
        ]);
    });

    it("is reachable only by the API's service account osprey-main/api, through IRSA", () => {
        const role = one(run.resources, T.role);
        expect(role.inputs.name).toBe("osprey-strike-main-api");
        expect(out().apiRoleArn).toBe("arn:aws:iam::123456789012:role/osprey-strike-main-api");
        const trust = parseJson(role.inputs.assumeRolePolicy) as { Statement: Record<string, unknown>[] };
        expect(trust.Statement).toEqual([
            {
                Effect: "Allow",
                Principal: { Federated: CLUSTER.oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${CLUSTER.oidcIssuerHost}:sub`]: "system:serviceaccount:osprey-main:api",
                        [`${CLUSTER.oidcIssuerHost}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ]);
        const access = parseJson(one(run.resources, T.rolePolicy).inputs.policy) as {
            Statement: { Action: string[]; Resource: string[] }[];
        };
        const arn = `arn:aws:s3:::${String(out().bucketName)}`;
        expect(access.Statement.flatMap((s) => s.Resource).sort()).toEqual([arn, `${arn}/*`]);
        expect(access.Statement.flatMap((s) => s.Action).sort()).toEqual([
            "s3:AbortMultipartUpload",
            "s3:DeleteObject",
            "s3:GetObject",
            "s3:ListBucket",
            "s3:PutObject",
        ]);
    });
});

describe("certificate", () => {
    it("covers the environment domain, its wildcard and the ALB's app hostnames one level under the zone", () => {
        const cert = one(run.resources, T.cert);
        expect(cert.inputs).toMatchObject({ domainName: "main.osprey-strike.com", validationMethod: "DNS" });
        expect([...(cert.inputs.subjectAlternativeNames as string[])].sort()).toEqual([
            "*.main.osprey-strike.com",
            "api-main.osprey-strike.com",
            "mcp-main.osprey-strike.com",
            "mock-main.osprey-strike.com",
        ]);
    });

    it("validates through one DNS-only Cloudflare record per validated name (wildcard and apex share one)", () => {
        const records = ofType(run.resources, T.dns);
        // 5 names on the certificate, 4 distinct validation records.
        expect(records).toHaveLength(4);
        for (const r of records) {
            expect(r.inputs).toMatchObject({ zoneId: cfg.zone.zoneId, type: "CNAME", proxied: false, ttl: 60 });
            expect(r.inputs.name).toMatch(/^_[0-9a-f]{32}\.[a-z0-9.-]+[a-z]$/);
            expect(r.inputs.content).toMatch(/^_[0-9a-f]{32}\.[a-z0-9]{10}\.acm-validations\.aws$/);
        }
        expect(new Set(records.map((r) => r.inputs.name)).size).toBe(4);
        const validation = one(run.resources, T.certValidation);
        expect([...(validation.inputs.validationRecordFqdns as string[])].sort()).toEqual(
            records.map((r) => String(r.inputs.name)).sort(),
        );
        expect(out().certificateArn).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]{36}$/);
    });
});

it("registers its summary args without secrets on the Data component", () => {
    const data = one(run.resources, "osprey:data:Data");
    expect(revealDeep(data.inputs)).toMatchObject({
        environment: "main",
        namespace: "osprey-main",
        database: { deletionProtection: true, backupRetentionDays: 7 },
    });
});
