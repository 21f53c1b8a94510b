/**
 * ExternalSecret manifests (external-secrets.io/v1), as plain objects (pure: no Pulumi imports). They carry
 * references only: ESO reads the values from Secrets Manager with its own IAM role and writes the Kubernetes
 * Secrets, so no secret value passes through Pulumi or its state.
 */

import { ENVIRONMENT_SECRET_STORE } from "../../lib/naming";
import { RDS_CA_PATH } from "./rdsCa";

export const ESO_API_VERSION = "external-secrets.io/v1";
/** Each environment's namespaced SecretStore (components/environment/secretStore.ts); usable only from its namespace. */
export const DEFAULT_SECRET_STORE = ENVIRONMENT_SECRET_STORE;
/** Application secrets change rarely (a person puts a new value); an hour bounds how long a new one takes. */
export const APP_SECRET_REFRESH = "1h";
/** RDS rotates the managed master password (every 7 days by default): pick up the new one within 15 minutes. */
export const DB_SECRET_REFRESH = "15m";
export const DB_CONNECTION_SECRET = "db-connection";
/** The Secret only the bootstrap Job reads: the RDS master credentials plus the application role's. */
export const DB_BOOTSTRAP_SECRET = "db-bootstrap";
/** The application's own database role (not the master user): LOGIN, no superuser, no CREATEDB/CREATEROLE. */
export const DB_APP_USER = "osprey_app";
/** Last path segment of the application role's Secrets Manager secret (JSON {"username", "password"}). */
export const DB_APP_SECRET = "db-app";

export interface ExternalSecretManifest {
    apiVersion: typeof ESO_API_VERSION;
    kind: "ExternalSecret";
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: Record<string, unknown>;
}

/**
 * Metadata of the data layer's Kubernetes objects: each ExternalSecret (and, by ESO's default, the Secret it writes:
 * same name) and the RDS CA ConfigMap.
 */
export function dataObjectMetadata(name: string, namespace: string, component: "app-secret" | "database") {
    return {
        name,
        namespace,
        labels: {
            "app.kubernetes.io/part-of": "osprey-strike",
            "app.kubernetes.io/component": component,
            "app.kubernetes.io/managed-by": "pulumi",
        },
    };
}

/** A namespaced SecretStore: ESO resolves it in the ExternalSecret's own namespace, so no environment can use another's. */
export const storeRef = (store: string) => ({ kind: "SecretStore" as const, name: store });

/** Copies every key of a JSON secret (`dataFrom.extract`) into Secret `target`. */
export function appExternalSecret(args: {
    target: string;
    namespace: string;
    secretName: string;
    store: string;
}): ExternalSecretManifest {
    return {
        apiVersion: ESO_API_VERSION,
        kind: "ExternalSecret",
        metadata: dataObjectMetadata(args.target, args.namespace, "app-secret"),
        spec: {
            refreshInterval: APP_SECRET_REFRESH,
            secretStoreRef: storeRef(args.store),
            // Owner: the Secret is ESO's and goes with the ExternalSecret; Retain: if Secrets Manager loses the value,
            // the pods keep the last good one instead of losing their configuration.
            target: { name: args.target, creationPolicy: "Owner", deletionPolicy: "Retain" },
            dataFrom: [{ extract: { key: args.secretName } }],
        },
    };
}

export interface DbConnection {
    host: string;
    port: number;
    dbName: string;
    /** ARN of the RDS-managed master secret: JSON {"username", "password"}. Reaches only the bootstrap Job. */
    masterSecretArn: string;
    /** Secrets Manager name of the application role's secret (JSON {"username", "password"}; Pulumi-generated, not rotated). */
    appSecretName: string;
}

/**
 * The database connection as libpq's variables (PGHOST ... PGSSLMODE) plus DATABASE_URL. Host, port and name are
 * not secret and are written into the template; user and password are the APPLICATION role's (osprey_app, created by
 * the bootstrap Job), never the master user's: RDS rotates the master password every 7 days, the application role's
 * password is generated once by Pulumi and survives that rotation without a restart.
 * sslmode=verify-full against the region's RDS roots (rdsCa.ts), which every pod reading this Secret mounts at
 * RDS_CA_PATH from the ConfigMap the Data component writes: the chain and the host name are checked, not only TLS.
 * The parameter group refuses non-TLS connections anyway (rds.force_ssl=1).
 */
export const DB_TLS = { PGSSLMODE: "verify-full", PGSSLROOTCERT: RDS_CA_PATH } as const;
/** The ESO template pipeline that escapes a value for a URL's user info (see DATABASE_URL). */
const URL_USERINFO = 'urlquery | replace "+" "%20"';
export function dbConnectionExternalSecret(args: {
    namespace: string;
    store: string;
    db: DbConnection;
}): ExternalSecretManifest {
    const { host, port, dbName, appSecretName } = args.db;
    const literal = (s: string) => {
        if (s.includes("{{") || s.includes("}}"))
            throw new Error(`db connection: "${s}" would be read as a template expression`);
        return s;
    };
    return {
        apiVersion: ESO_API_VERSION,
        kind: "ExternalSecret",
        metadata: dataObjectMetadata(DB_CONNECTION_SECRET, args.namespace, "database"),
        spec: {
            refreshInterval: DB_SECRET_REFRESH,
            secretStoreRef: storeRef(args.store),
            target: {
                name: DB_CONNECTION_SECRET,
                creationPolicy: "Owner",
                deletionPolicy: "Retain",
                template: {
                    engineVersion: "v2",
                    type: "Opaque",
                    data: {
                        PGHOST: literal(host),
                        PGPORT: String(port),
                        PGDATABASE: literal(dbName),
                        PGUSER: "{{ .username }}",
                        PGPASSWORD: "{{ .password }}",
                        ...DB_TLS,
                        // urlquery (Go's url.QueryEscape) %-encodes what is special in a URL, but writes a space as "+",
                        // which libpq and Go's net/url (pgx) read in a URL's user info as a literal "+"; a literal "+" is
                        // already %2B, so every "+" left is a space, and replace (sprig's, in ESO's v2 templates) makes it %20.
                        DATABASE_URL: `postgres://{{ .username | ${URL_USERINFO} }}:{{ .password | ${URL_USERINFO} }}@${literal(host)}:${port}/${literal(dbName)}?sslmode=${DB_TLS.PGSSLMODE}&sslrootcert=${DB_TLS.PGSSLROOTCERT}`,
                    },
                },
            },
            data: [
                { secretKey: "username", remoteRef: { key: appSecretName, property: "username" } },
                { secretKey: "password", remoteRef: { key: appSecretName, property: "password" } },
            ],
        },
    };
}

/**
 * What the bootstrap Job (and nothing else) reads: libpq's variables for the MASTER user (it creates the extension and
 * the application role) and APP_USER/APP_PASSWORD, the role it creates or re-passwords. Refreshed like the connection,
 * so a run after a master rotation uses the new master password.
 */
export function dbBootstrapExternalSecret(args: {
    namespace: string;
    store: string;
    db: DbConnection;
}): ExternalSecretManifest {
    const conn = dbConnectionExternalSecret(args);
    const { masterSecretArn, appSecretName } = args.db;
    const template = (conn.spec.target as { template: { data: Record<string, string> } }).template.data;
    return {
        ...conn,
        metadata: dataObjectMetadata(DB_BOOTSTRAP_SECRET, args.namespace, "database"),
        spec: {
            refreshInterval: DB_SECRET_REFRESH,
            secretStoreRef: storeRef(args.store),
            target: {
                name: DB_BOOTSTRAP_SECRET,
                creationPolicy: "Owner",
                deletionPolicy: "Delete",
                template: {
                    engineVersion: "v2",
                    type: "Opaque",
                    data: {
                        PGHOST: template.PGHOST,
                        PGPORT: template.PGPORT,
                        PGDATABASE: template.PGDATABASE,
                        PGUSER: "{{ .username }}",
                        PGPASSWORD: "{{ .password }}",
                        ...DB_TLS,
                        APP_USER: "{{ .appUsername }}",
                        APP_PASSWORD: "{{ .appPassword }}",
                    },
                },
            },
            data: [
                { secretKey: "username", remoteRef: { key: masterSecretArn, property: "username" } },
                { secretKey: "password", remoteRef: { key: masterSecretArn, property: "password" } },
                { secretKey: "appUsername", remoteRef: { key: appSecretName, property: "username" } },
                { secretKey: "appPassword", remoteRef: { key: appSecretName, property: "password" } },
            ],
        },
    };
}
