/**
 * The environment's application secrets in AWS Secrets Manager (osprey-strike/<env>/...) and the ExternalSecrets
 * that deliver them, and the database connection, into namespace osprey-<env> (AWS Secrets Manager holds them,
 * External Secrets syncs them into Kubernetes Secrets: docs/requirements.md, Secrets). Pulumi creates
 * no Kubernetes Secret itself. Generated values are secret Outputs from creation to the SecretVersion.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    appExternalSecret,
    dbConnectionExternalSecret,
    DB_APP_SECRET,
    DB_APP_USER,
    DB_BOOTSTRAP_SECRET,
    DB_CONNECTION_SECRET,
    dbBootstrapExternalSecret,
    DEFAULT_SECRET_STORE,
    ESO_API_VERSION,
    dataObjectMetadata,
} from "./externalSecrets";

import { APP_SECRETS, AppSecretSpec, recoveryWindowDays, secretManagerName } from "./secretCatalog";
import { Env } from "../../lib/naming";

export interface AppSecretsArgs {
    environment: Env;
    /** The environment's namespace, osprey-<environment>; must exist (created with the cluster). */
    namespace: string;
    /**
     * Provider of the cluster the ExternalSecrets go to (ESO and its CRDs installed there). Absent: only the Secrets
     * Manager side is created (the platform's first deploy, before the cluster's API is reachable).
     */
    k8sProvider?: k8s.Provider;
    /** What every ExternalSecret waits for (the namespace; the ESO chart and store when this stack installs them). */
    externalSecretsAfter?: pulumi.Resource[];
    /** The environment's namespaced SecretStore backed by AWS Secrets Manager. Default ENVIRONMENT_SECRET_STORE. */
    secretStoreName?: string;
    /** The database the `db-connection` Secret describes. */
    database: {
        host: pulumi.Input<string>;
        port: pulumi.Input<number>;
        dbName: string;
        masterSecretArn: pulumi.Input<string>;
    };
    /** The secrets to create. Default APP_SECRETS. */
    secrets?: readonly AppSecretSpec[];
}

export class AppSecrets extends pulumi.ComponentResource {
    /** Secrets Manager ARNs of the application secrets, in catalog order (for the ESO role's policy). */
    readonly secretArns: pulumi.Output<string>[];
    /** Secrets Manager names of the secrets a person must set (created without a value). */
    readonly outOfBandSecretNames: string[];
    /** Name of the Kubernetes Secret holding PGHOST ... PGPASSWORD and DATABASE_URL. */
    readonly dbConnectionSecretName = DB_CONNECTION_SECRET;
    /** The db-connection ExternalSecret (consumers of that Secret depend on it); absent without a k8sProvider. */
    readonly dbConnection?: k8s.apiextensions.CustomResource;
    /** Name of the Kubernetes Secret only the bootstrap Job reads (master + application role credentials). */
    readonly dbBootstrapSecretName = DB_BOOTSTRAP_SECRET;
    /** The db-bootstrap ExternalSecret; absent without a k8sProvider. */
    readonly dbBootstrap?: k8s.apiextensions.CustomResource;

    constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        const specs = args.secrets ?? APP_SECRETS;
        const store = args.secretStoreName ?? DEFAULT_SECRET_STORE;
        super(
            "osprey:data:AppSecrets",
            name,
            {
                environment: args.environment,
                namespace: args.namespace,
                secretStoreName: store,
                secretNames: specs.map((s) => secretManagerName(args.environment, s)),
            },
            opts,
        );
        const parent = { parent: this };
        const k8sProvider = args.k8sProvider;
        const env = args.environment;

        this.secretArns = [];
        this.outOfBandSecretNames = [];
        for (const spec of specs) {
            const secretName = secretManagerName(env, spec);
            const secret = new aws.secretsmanager.Secret(
                `${name}-${spec.name}`,
                {
                    name: secretName,
                    description: spec.description,
                    recoveryWindowInDays: recoveryWindowDays(env),
                    tags: { "osprey:secret-source": "generated" in spec.source ? "pulumi" : "out-of-band" },
                },
                parent,
            );
            this.secretArns.push(secret.arn);
            const dependsOn: pulumi.Resource[] = [secret, ...(args.externalSecretsAfter ?? [])];
            if ("generated" in spec.source) {
                const values: Record<string, pulumi.Output<string>> = {};
                for (const g of spec.source.generated) {
                    // No keepers: the value is made once and never changes on its own (data encrypted with it must stay readable).
                    const bytes = new random.RandomBytes(
                        `${name}-${spec.name}-${g.key.toLowerCase()}`,
                        { length: g.bytes },
                        parent,
                    );
                    values[g.key] = pulumi.secret(bytes.base64);
                }
                dependsOn.push(
                    new aws.secretsmanager.SecretVersion(
                        `${name}-${spec.name}`,
                        { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify(values)) },
                        parent,
                    ),
                );
            } else {
                // Created EMPTY (no SecretVersion): ESO reports SecretSyncedError until a person puts the value.
                this.outOfBandSecretNames.push(secretName);
            }
            if (k8sProvider) {
                const m = appExternalSecret({
                    target: spec.k8sSecretName,
                    namespace: args.namespace,
                    secretName,
                    store,
                });
                this.externalSecret(`${name}-${spec.name}`, m.metadata, m.spec, {
                    parent: this,
                    provider: k8sProvider,
                    dependsOn,
                });
            }
        }

        const db = args.database;
        // The application's own database role: its name and a generated password (alphanumeric: safe in a URL and in
        // SQL literals either way), in Secrets Manager under the environment's prefix. The bootstrap Job creates it.
        const appSecretName = secretManagerName(env, { name: DB_APP_SECRET });
        const appSecret = new aws.secretsmanager.Secret(
            `${name}-${DB_APP_SECRET}`,
            {
                name: appSecretName,
                description: `Database role ${DB_APP_USER} the apps connect as (created by the bootstrap Job). Generated by Pulumi.`,
                recoveryWindowInDays: recoveryWindowDays(env),
                tags: { "osprey:secret-source": "pulumi" },
            },
            parent,
        );
        this.secretArns.push(appSecret.arn);
        const appPassword = new random.RandomPassword(
            `${name}-${DB_APP_SECRET}`,
            { length: 40, special: false },
            parent,
        );
        const appVersion = new aws.secretsmanager.SecretVersion(
            `${name}-${DB_APP_SECRET}`,
            {
                secretId: appSecret.id,
                secretString: pulumi.secret(
                    pulumi.jsonStringify({ username: DB_APP_USER, password: appPassword.result }),
                ),
            },
            parent,
        );
        if (k8sProvider) {
            // Metadata is plain (known in preview); only the spec waits for the database's address and secret ARN.
            const conn = pulumi.all([db.host, db.port, db.masterSecretArn]).apply(([host, port, masterSecretArn]) => ({
                namespace: args.namespace,
                store,
                db: { host, port, dbName: db.dbName, masterSecretArn, appSecretName },
            }));
            const metadata = dataObjectMetadata(DB_CONNECTION_SECRET, args.namespace, "database");
            this.dbConnection = this.externalSecret(
                `${name}-db-connection`,
                metadata,
                conn.apply((c) => dbConnectionExternalSecret(c).spec),
                { parent: this, provider: k8sProvider, dependsOn: [appVersion, ...(args.externalSecretsAfter ?? [])] },
            );
            this.dbBootstrap = this.externalSecret(
                `${name}-db-bootstrap`,
                dataObjectMetadata(DB_BOOTSTRAP_SECRET, args.namespace, "database"),
                conn.apply((c) => dbBootstrapExternalSecret(c).spec),
                { parent: this, provider: k8sProvider, dependsOn: [appVersion, ...(args.externalSecretsAfter ?? [])] },
            );
        }
        this.registerOutputs({ secretArns: this.secretArns });
    }

    private externalSecret(
        name: string,
        metadata: k8s.types.input.meta.v1.ObjectMeta,
        spec: pulumi.Input<Record<string, unknown>>,
        opts: pulumi.CustomResourceOptions,
    ) {
        return new k8s.apiextensions.CustomResource(
            name,
            { apiVersion: ESO_API_VERSION, kind: "ExternalSecret", metadata, spec },
            opts,
        );
    }
}
