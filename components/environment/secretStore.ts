/**
 * One environment's path to its secrets (docs/requirements.md, Isolation: secrets): an IAM role that only this
 * environment's reader
 * service account can assume (IRSA, `sub` pinned to `system:serviceaccount:osprey-<env>:external-secrets-reader`),
 * allowed to read only `osprey-strike/<env>/*` and the environment's own RDS-managed master secret (exact ARN), and
 * a namespaced External Secrets `SecretStore` in the environment's namespace that authenticates as that service
 * account (`auth.jwt.serviceAccountRef`). A SecretStore is namespaced: ESO resolves `secretStoreRef: { kind:
 * SecretStore }` in the ExternalSecret's own namespace, and a SecretStore's serviceAccountRef cannot name another
 * namespace, so an ExternalSecret in osprey-demo can reach only demo's role. The environment's own stack creates and
 * owns all of it: nothing here writes onto a role another stack owns.
 *
 * ESO's jwt auth asks the API server for a token of the named service account (audience sts.amazonaws.com) and calls
 * AssumeRoleWithWebIdentity with the role ARN in the service account's `eks.amazonaws.com/role-arn` annotation
 * (external-secrets docs, "AWS Secrets Manager", EKS Service Account credentials).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createIrsaRole } from "../cluster/irsa";
import { ENVIRONMENT_SECRET_STORE, Env, environmentNames, SECRET_READER_SERVICE_ACCOUNT } from "../../lib/naming";

/** The actions ESO's AWS Secrets Manager provider calls to read a secret (external-secrets docs, IAM policy). */
export const SECRET_READ_ACTIONS = [
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
    "secretsmanager:ListSecretVersionIds",
] as const;

/** The environment reader's policy (pure): its own Secrets Manager path and its own database's master secret. */
export function environmentSecretsPolicy(region: string, accountId: string, env: Env, dbMasterSecretArn: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadOwnEnvironmentSecrets",
                Effect: "Allow",
                Action: [...SECRET_READ_ACTIONS],
                Resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:${environmentNames(env).secretPrefix}*`,
            },
            {
                Sid: "ReadOwnDatabaseMasterSecret",
                Effect: "Allow",
                Action: [...SECRET_READ_ACTIONS],
                Resource: dbMasterSecretArn,
            },
        ],
    };
}

/** The namespaced SecretStore manifest (pure). */
export function environmentSecretStoreManifest(env: Env, region: string) {
    return {
        apiVersion: "external-secrets.io/v1" as const,
        kind: "SecretStore" as const,
        metadata: {
            name: ENVIRONMENT_SECRET_STORE,
            namespace: environmentNames(env).namespace,
            labels: { "app.kubernetes.io/part-of": "osprey-strike" },
        },
        spec: {
            provider: {
                aws: {
                    service: "SecretsManager",
                    region,
                    auth: { jwt: { serviceAccountRef: { name: SECRET_READER_SERVICE_ACCOUNT } } },
                },
            },
        },
    };
}

export interface EnvironmentSecretStoreArgs {
    environment: Env;
    oidcProviderArn: pulumi.Input<string>;
    /** OIDC issuer URL of the cluster (with or without https://). */
    oidcProviderUrl: pulumi.Input<string>;
    /** The environment's own RDS-managed master secret. */
    dbMasterSecretArn: pulumi.Input<string>;
    /** Absent while the cluster's API is not reachable yet: only the IAM role is created. */
    k8sProvider?: k8s.Provider;
    /** What the Kubernetes objects wait for: the namespace and, where this stack installs it, the ESO chart (its CRDs). */
    after?: pulumi.Resource[];
}

export class EnvironmentSecretStore extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    /** Name of the SecretStore in the environment's namespace. */
    readonly storeName = ENVIRONMENT_SECRET_STORE;
    /** The SecretStore itself (empty without a Kubernetes provider): what the environment's ExternalSecrets wait for. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: EnvironmentSecretStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:environment:EnvironmentSecretStore",
            name,
            { environment: args.environment, store: ENVIRONMENT_SECRET_STORE },
            opts,
        );
        const parent = { parent: this };
        const names = environmentNames(args.environment);
        const region = aws.getRegionOutput({}, parent).region;
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const role = createIrsaRole(
            `${name}-reader`,
            {
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: pulumi.output(args.oidcProviderUrl).apply((u) => u.replace(/^https:\/\//, "")),
                serviceAccount: { namespace: names.namespace, name: SECRET_READER_SERVICE_ACCOUNT },
                description: `External Secrets reader of ${names.label}: ${names.secretPrefix}* and its own RDS master secret only`,
                policy: pulumi
                    .all([region, accountId, args.dbMasterSecretArn])
                    .apply(([r, acct, db]) => JSON.stringify(environmentSecretsPolicy(r, acct, args.environment, db))),
            },
            parent,
        );
        this.ready = [];
        if (args.k8sProvider) {
            const k8s_ = { parent: this, provider: args.k8sProvider, dependsOn: args.after ?? [] };
            const sa = new k8s.core.v1.ServiceAccount(
                `${name}-reader`,
                {
                    metadata: {
                        name: SECRET_READER_SERVICE_ACCOUNT,
                        namespace: names.namespace,
                        annotations: { "eks.amazonaws.com/role-arn": role.arn },
                        labels: { "app.kubernetes.io/part-of": "osprey-strike" },
                    },
                    // No pod runs as it: ESO only requests tokens for it.
                    automountServiceAccountToken: false,
                },
                k8s_,
            );
            const manifest = region.apply((r) => environmentSecretStoreManifest(args.environment, r));
            const store = new k8s.apiextensions.CustomResource(
                `${name}-store`,
                {
                    apiVersion: "external-secrets.io/v1",
                    kind: "SecretStore",
                    metadata: manifest.metadata,
                    spec: manifest.spec,
                },
                { ...k8s_, dependsOn: [...(args.after ?? []), sa] },
            );
            this.ready.push(store);
        }
        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
