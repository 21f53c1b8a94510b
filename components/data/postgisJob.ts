/**
 * The Kubernetes Job that enables PostGIS in the environment's database (pure: no Pulumi imports). PostGIS is an
 * extension, not an engine: RDS ships it, and someone with rds_superuser (the master user) must run CREATE
 * EXTENSION once per database. `IF NOT EXISTS` makes every re-run a no-op, so the Job can run again safely.
 * The Job runs inside the cluster, the only place the database admits connections from, and reads the connection
 * (password included) from the ESO-delivered Secret: no credential passes through Pulumi.
 */
import * as crypto from "node:crypto";
import { DB_BOOTSTRAP_SECRET } from "./externalSecrets";
import { RDS_CA_CONFIGMAP, RDS_CA_MOUNT_DIR } from "./rdsCa";

export const POSTGIS_SQL = "CREATE EXTENSION IF NOT EXISTS postgis;";

/**
 * The bootstrap script psql runs as the master user (the only holder of the master credentials): PostGIS, then the
 * application role, created if missing and given its current password every run (so a new generated password takes
 * effect on the next deploy), with exactly what the apps need: CONNECT and TEMPORARY on the database, USAGE and
 * CREATE on schema public (the api runs its own migrations). No superuser, CREATEDB or CREATEROLE; not in
 * rds_superuser. Name and password come from the environment (psql's \getenv, psql 15+) and are quoted by format()
 * (%I identifier, %L literal), so neither is ever spliced into SQL text.
 * The ALTER says NOCREATEDB NOCREATEROLE but not NOSUPERUSER or NOREPLICATION: PostgreSQL lets only a superuser name
 * those two attributes in ALTER ROLE, even to turn them off, and RDS's master user is not one (rds_superuser is a
 * role, not the attribute): the statement would fail with "must be superuser to alter superuser roles or change
 * superuser attribute". The master cannot give a role either attribute anyway, and CREATE ROLE's defaults are off;
 * tests/data/bootstrapPostgres.test.ts runs this script as such a master against a real PostgreSQL and checks them.
 */
export const BOOTSTRAP_SQL = [
    POSTGIS_SQL,
    "\\getenv app_user APP_USER",
    "\\getenv app_password APP_PASSWORD",
    "SELECT format('CREATE ROLE %I LOGIN', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \\gexec",
    "SELECT format('ALTER ROLE %I WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L', :'app_user', :'app_password') \\gexec",
    "SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), :'app_user') \\gexec",
    "SELECT format('GRANT USAGE, CREATE ON SCHEMA public TO %I', :'app_user') \\gexec",
].join("\n");

/**
 * psql from the official postgres image, version-pinned (docker-library/postgres 18/alpine3.23: PG_VERSION 18.2),
 * pulled from ECR Public's mirror of Docker Official Images to avoid Docker Hub's anonymous pull limits.
 * Pin a digest here (`...@sha256:<digest>`) once you have resolved it from the registry.
 */
export const POSTGRES_CLIENT_IMAGE = "public.ecr.aws/docker/library/postgres:18.2-alpine3.23";
/** The postgres user in the Alpine image (uid/gid 70, from the image's Dockerfile). */
export const POSTGRES_ALPINE_UID = 70;

/** How the Job behaves when it fails, and how long it stays for its logs to be read. */
export const JOB_LIMITS = {
    /** Retries of a failing psql (e.g. the database still starting), with the Job controller's exponential back-off. */
    backoffLimit: 4,
    /** Hard stop for the whole Job, including time waiting for ESO to write the Secret. */
    activeDeadlineSeconds: 900,
    /** Removed a day after it finishes: long enough to read the logs of a failure. */
    ttlSecondsAfterFinished: 86400,
} as const;

/** An image reference pinned to an exact version tag (x.y[-variant]) or a digest, never `latest` or a bare major. */
export function imagePinProblem(image: string): string | undefined {
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
    const tag = /:([^/:@]+)$/.exec(image)?.[1];
    if (tag && /^\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?$/.test(tag)) return undefined;
    return `"${image}" is not pinned; use an exact version tag like postgres:18.2-alpine3.23 or a digest (@sha256:...)`;
}

export interface PostgisJobArgs {
    namespace: string;
    image?: string;
    /** The Secret with PGHOST ... PGPASSWORD (master) and APP_USER, APP_PASSWORD. Default "db-bootstrap". */
    connectionSecretName?: string;
}

/**
 * The Job's name carries a hash of what it runs: a new image or statement gives a new Job (and a new run); the same
 * inputs give the same name, so an unchanged program never re-runs it.
 */
export function postgisJobName(image: string, sql = BOOTSTRAP_SQL): string {
    return `postgis-extension-${crypto.createHash("sha256").update(`${image}\n${sql}`).digest("hex").slice(0, 8)}`;
}

export function postgisJobManifest(args: PostgisJobArgs) {
    const image = args.image ?? POSTGRES_CLIENT_IMAGE;
    const pin = imagePinProblem(image);
    if (pin) throw new Error(`PostGIS job: image: ${pin}`);
    const secret = args.connectionSecretName ?? DB_BOOTSTRAP_SECRET;
    const fromSecret = (name: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key: name } } });
    const labels = {
        "app.kubernetes.io/name": "postgis-extension",
        "app.kubernetes.io/part-of": "osprey-strike",
        "app.kubernetes.io/managed-by": "pulumi",
    };
    return {
        apiVersion: "batch/v1" as const,
        kind: "Job" as const,
        metadata: { name: postgisJobName(image), namespace: args.namespace, labels },
        spec: {
            ...JOB_LIMITS,
            template: {
                metadata: { labels },
                spec: {
                    restartPolicy: "Never",
                    automountServiceAccountToken: false,
                    securityContext: {
                        runAsNonRoot: true,
                        runAsUser: POSTGRES_ALPINE_UID,
                        runAsGroup: POSTGRES_ALPINE_UID,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    containers: [
                        {
                            name: "psql",
                            image,
                            // ON_ERROR_STOP: a failed statement exits non-zero, so the Job fails visibly instead of "succeeding".
                            // The script arrives in an environment variable and goes to psql on stdin (no file to mount).
                            command: [
                                "sh",
                                "-c",
                                'printf "%s\\n" "$BOOTSTRAP_SQL" | exec psql --no-psqlrc --set=ON_ERROR_STOP=1 --file=-',
                            ],
                            env: [
                                ...[
                                    "PGHOST",
                                    "PGPORT",
                                    "PGDATABASE",
                                    "PGUSER",
                                    "PGPASSWORD",
                                    "PGSSLMODE",
                                    "PGSSLROOTCERT",
                                    "APP_USER",
                                    "APP_PASSWORD",
                                ].map(fromSecret),
                                { name: "BOOTSTRAP_SQL", value: BOOTSTRAP_SQL },
                                { name: "PGCONNECT_TIMEOUT", value: "10" },
                                { name: "PGAPPNAME", value: "osprey-postgis-extension" },
                            ],
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                readOnlyRootFilesystem: true,
                                capabilities: { drop: ["ALL"] },
                            },
                            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                            // The RDS roots PGSSLROOTCERT names (sslmode=verify-full).
                            volumeMounts: [{ name: "rds-ca", mountPath: RDS_CA_MOUNT_DIR, readOnly: true }],
                        },
                    ],
                    volumes: [{ name: "rds-ca", configMap: { name: RDS_CA_CONFIGMAP } }],
                },
            },
        },
    };
}
