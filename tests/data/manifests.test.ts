/**
 * The data layer's pure manifests and documents: the PostGIS Job (SQL, pinned image, non-root, password from a
 * Secret, limits; validated against the Kubernetes batch/v1 schema), the ExternalSecrets (validated against ESO's
 * schema; v1 is v1beta1 promoted unchanged, and the installed models stop at v1beta1), the IAM and bucket
 * policies, and the out-of-band secret command.
 */
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret";
import { Job } from "kubernetes-models/batch/v1/Job";
import { appExternalSecret, dbConnectionExternalSecret } from "../../components/data/externalSecrets";
import {
    apiBucketAccessPolicy,
    irsaTrustPolicy,
    issuerHostPath,
    tlsOnlyBucketPolicy,
} from "../../components/data/policies";
import {
    BOOTSTRAP_SQL,
    imagePinProblem,
    POSTGIS_SQL,
    postgisJobManifest,
    postgisJobName,
    POSTGRES_CLIENT_IMAGE,
} from "../../components/data/postgisJob";
import { APP_SECRETS, putSecretValueCommand } from "../../components/data/secretCatalog";

describe("PostGIS Job", () => {
    const job = postgisJobManifest({ namespace: "osprey-main" });
    const pod = job.spec.template.spec;
    const container = pod.containers[0];

    it("runs exactly the idempotent bootstrap script on stdin, stopping on error", () => {
        expect(POSTGIS_SQL).toBe("CREATE EXTENSION IF NOT EXISTS postgis;");
        expect(container.command).toEqual([
            "sh",
            "-c",
            'printf "%s\\n" "$BOOTSTRAP_SQL" | exec psql --no-psqlrc --set=ON_ERROR_STOP=1 --file=-',
        ]);
        expect(container.env.find((e) => e.name === "BOOTSTRAP_SQL")).toEqual({
            name: "BOOTSTRAP_SQL",
            value: BOOTSTRAP_SQL,
        });
        const lines = BOOTSTRAP_SQL.split("\n");
        expect(lines[0]).toBe(POSTGIS_SQL);
        // The role is created without privileges beyond LOGIN, and the password is never spliced into the text. No
        // NOSUPERUSER/NOREPLICATION: only a superuser may name them, and RDS's master is not one (bootstrapPostgres.test.ts
        // runs the script as such a master and checks the role's attributes).
        expect(BOOTSTRAP_SQL).toMatch(/WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L', :'app_user', :'app_password'/);
        expect(BOOTSTRAP_SQL).not.toMatch(/SUPERUSER|REPLICATION/);
        expect(BOOTSTRAP_SQL).not.toMatch(/rds_superuser|GRANT ALL/);
    });

    it("uses a version-pinned postgres 18 client image", () => {
        expect(container.image).toBe(POSTGRES_CLIENT_IMAGE);
        expect(imagePinProblem(POSTGRES_CLIENT_IMAGE)).toBeUndefined();
        expect(POSTGRES_CLIENT_IMAGE).toMatch(/postgres:18\.\d+-alpine/);
    });

    it.each(["postgres:latest", "postgres:18", "postgres:18-alpine", "postgres", "postgres@sha256:abc"])(
        "refuses the unpinned image %s",
        (image) => {
            expect(imagePinProblem(image)).toMatch(/is not pinned/);
            expect(() => postgisJobManifest({ namespace: "osprey-main", image })).toThrow(/image: .* is not pinned/);
        },
    );

    it("accepts a digest pin", () => {
        expect(imagePinProblem(`public.ecr.aws/docker/library/postgres@sha256:${"a".repeat(64)}`)).toBeUndefined();
    });

    it("runs as the image's non-root postgres user (uid 70) with nothing to escalate", () => {
        expect(pod.securityContext).toEqual({
            runAsNonRoot: true,
            runAsUser: 70,
            runAsGroup: 70,
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(container.securityContext).toEqual({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        });
        expect(pod.automountServiceAccountToken).toBe(false);
    });

    it("reads the master and the app role's credentials from the db-bootstrap Secret (no one else's) by secretKeyRef", () => {
        for (const key of ["PGPASSWORD", "APP_PASSWORD"]) {
            expect(container.env.find((e) => e.name === key)).toEqual({
                name: key,
                valueFrom: { secretKeyRef: { name: "db-bootstrap", key } },
            });
        }
        expect(
            container.env
                .filter((e) => "value" in e)
                .map((e) => e.name)
                .sort(),
        ).toEqual(["BOOTSTRAP_SQL", "PGAPPNAME", "PGCONNECT_TIMEOUT"]);
    });

    it("retries a few times, stops within 15 minutes and cleans up a day after", () => {
        expect(job.spec).toMatchObject({ backoffLimit: 4, activeDeadlineSeconds: 900, ttlSecondsAfterFinished: 86400 });
        expect(pod.restartPolicy).toBe("Never");
    });

    it("is a valid batch/v1 Job", () => {
        expect(() => new Job(job as never).validate()).not.toThrow();
    });

    it("is named after what it runs: same inputs, same Job; a new image, a new Job", () => {
        expect(job.metadata.name).toBe(postgisJobName(POSTGRES_CLIENT_IMAGE));
        expect(job.metadata.name).toMatch(/^postgis-extension-[0-9a-f]{8}$/);
        expect(postgisJobName("postgres:18.3-alpine3.23")).not.toBe(job.metadata.name);
    });
});

describe("ExternalSecrets", () => {
    const validate = (m: { spec: unknown }) =>
        new ExternalSecret({
            apiVersion: "external-secrets.io/v1beta1",
            kind: "ExternalSecret",
            metadata: { name: "x" },
            spec: m.spec,
        } as never).validate();
    const arn =
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0d6c2f4e-9a1b-4c3d-8e5f-1a2b3c4d5e6f-AbC123";

    it("extracts an application secret's whole JSON into a Secret of the same name", () => {
        const m = appExternalSecret({
            target: "render-api",
            namespace: "osprey-demo",
            secretName: "osprey-strike/demo/render-api",
            store: "aws-secrets-manager",
        });
        expect(m.apiVersion).toBe("external-secrets.io/v1");
        expect(m.spec).toEqual({
            refreshInterval: "1h",
            secretStoreRef: { kind: "SecretStore", name: "aws-secrets-manager" },
            target: { name: "render-api", creationPolicy: "Owner", deletionPolicy: "Retain" },
            dataFrom: [{ extract: { key: "osprey-strike/demo/render-api" } }],
        });
        expect(() => validate(m)).not.toThrow();
    });

    it("builds the apps' connection from the application role's secret, never the master's, URL-escaping the credentials", () => {
        const host = "osprey-main.abcdefghijkl.us-east-1.rds.amazonaws.com";
        const m = dbConnectionExternalSecret({
            namespace: "osprey-main",
            store: "aws-secrets-manager",
            db: {
                host,
                port: 5432,
                dbName: "osprey",
                masterSecretArn: arn,
                appSecretName: "osprey-strike/main/db-app",
            },
        });
        expect(JSON.stringify(m)).not.toContain(arn);
        expect(m.spec.data).toEqual([
            { secretKey: "username", remoteRef: { key: "osprey-strike/main/db-app", property: "username" } },
            { secretKey: "password", remoteRef: { key: "osprey-strike/main/db-app", property: "password" } },
        ]);
        const template = (m.spec.target as { template: { engineVersion: string; data: Record<string, string> } })
            .template;
        expect(template.engineVersion).toBe("v2");
        expect(template.data.DATABASE_URL).toBe(
            `postgres://{{ .username | urlquery | replace "+" "%20" }}:{{ .password | urlquery | replace "+" "%20" }}@${host}:5432/osprey?sslmode=verify-full&sslrootcert=/etc/osprey/rds-ca/rds-ca.pem`,
        );
        // The same verification for libpq's variables (psql, pgx): the chain against the mounted roots and the host name.
        expect(template.data).toMatchObject({
            PGSSLMODE: "verify-full",
            PGSSLROOTCERT: "/etc/osprey/rds-ca/rds-ca.pem",
        });
        expect(m.spec.refreshInterval).toBe("15m");
        expect(() => validate(m)).not.toThrow();
    });

    it("refuses a value that would be read as a template expression", () => {
        expect(() =>
            dbConnectionExternalSecret({
                namespace: "n",
                store: "s",
                db: { host: "{{ .password }}", port: 5432, dbName: "osprey", masterSecretArn: arn, appSecretName: "a" },
            }),
        ).toThrow(/template expression/);
    });
});

describe("policies", () => {
    it("strips the scheme of the issuer URL for IRSA condition keys", () => {
        expect(issuerHostPath("https://oidc.eks.us-east-1.amazonaws.com/id/ABC")).toBe(
            "oidc.eks.us-east-1.amazonaws.com/id/ABC",
        );
        expect(issuerHostPath("oidc.eks.us-east-1.amazonaws.com/id/ABC")).toBe(
            "oidc.eks.us-east-1.amazonaws.com/id/ABC",
        );
    });

    it("pins sub and aud with StringEquals", () => {
        const doc = irsaTrustPolicy({
            oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
            oidcProviderUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
            namespace: "osprey-main",
            serviceAccount: "api",
        });
        const cond = doc.Statement[0].Condition as Record<string, Record<string, string>>;
        expect(Object.keys(cond)).toEqual(["StringEquals"]);
        expect(cond.StringEquals).toEqual({
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:osprey-main:api",
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
        });
    });

    it("grants the API this bucket only, and no Secrets Manager", () => {
        const doc = apiBucketAccessPolicy("arn:aws:s3:::b");
        const text = JSON.stringify(doc);
        expect(text).not.toMatch(/secretsmanager|"\*"|s3:\*/);
        expect(doc.Statement.flatMap((s) => s.Resource as string[])).toEqual(["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
    });

    it("denies insecure transport to the bucket and its objects", () => {
        expect(tlsOnlyBucketPolicy("arn:aws:s3:::b").Statement[0]).toMatchObject({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
            Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        });
    });
});

describe("secret catalog", () => {
    it("generates what is ours and leaves third-party credentials to a person", () => {
        const byName = Object.fromEntries(APP_SECRETS.map((s) => [s.name, s]));
        expect("generated" in byName["app-encryption-key"].source).toBe(true);
        expect("external" in byName["render-api"].source).toBe(true);
    });

    it("documents the exact put-secret-value command", () => {
        const render = APP_SECRETS.find((s) => s.name === "render-api")!;
        expect(putSecretValueCommand("demo", render, "us-east-1")).toBe(
            `aws secretsmanager put-secret-value --region us-east-1 --secret-id osprey-strike/demo/render-api --secret-string '{"RENDER_API_KEY":"<RENDER_API_KEY>"}'`,
        );
    });
});
