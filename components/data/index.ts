/**
 * The data layer of one environment (docs/requirements.md, Topology, Secrets and What the
 * infrastructure includes): the database and its PostGIS step, the application secrets and
 * their delivery, the attachments bucket with the API's IRSA role, and the ALB's certificate.
 *
 *   pods (node SG) --5432/TLS--> RDS (own data subnets)     ESO --reads--> Secrets Manager osprey-strike/<env>/*, rds!db-*
 *   api (IRSA role) --TLS--> S3 attachments bucket           ALB <-- ACM cert (validated by Cloudflare DNS-only CNAMEs)
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appHostnames } from "../edge/hostnames";
import { AppSecrets } from "./appSecrets";
import { AttachmentsBucket, DEFAULT_NONCURRENT_VERSION_DAYS } from "./attachments";
import { Certificate } from "./certificate";
import { Database, DatabaseSettings, databaseSettingsProblems } from "./database";
import { PostgisExtension } from "./postgis";
import { imagePinProblem } from "./postgisJob";
import { RDS_CA_CONFIGMAP, RDS_CA_FILE, rdsCaBundle } from "./rdsCa";
import { dataObjectMetadata } from "./externalSecrets";
import { ACM_MAX_NAMES, certificateNames, noncurrentDaysProblem } from "../../lib/dataRules";
import { Env, environmentNames } from "../../lib/naming";
import { problem, Problem, problemIf, under } from "../../lib/problems";

export interface DataArgs {
    environment: Env;
    /** The environment's DNS name, e.g. main.osprey-strike.com. */
    environmentDomain: string;
    /** Platform VPC (PlatformOutputs.vpcId). */
    vpcId: pulumi.Input<string>;
    /** The environment's own data subnets (PlatformOutputs.dataSubnetIds[env]): the DB subnet group's only subnets. */
    dataSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The EKS nodes' security group (cluster layer): the only source the database admits. */
    nodeSecurityGroupId: pulumi.Input<string>;
    /** The cluster's IAM OIDC provider ARN (cluster layer), for the API's IRSA role. */
    oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (cluster layer). */
    oidcProviderUrl: pulumi.Input<string>;
    /** Cloudflare zone ID (32 hex) for the certificate's validation records. */
    cloudflareZoneId: string;
    /**
     * Provider of the shared cluster (built from the cluster layer's kubeconfig). Absent only while the cluster's API
     * is not reachable yet (the cluster layer's kubernetesEnabled=false): the ExternalSecrets and the PostGIS Job are
     * then skipped, and the next deploy with the provider creates them.
     */
    k8sProvider?: k8s.Provider;
    /**
     * What every ExternalSecret waits for: the namespace, and (in the stack that installs it) the ESO chart and its
     * ClusterSecretStore. Options on this component do not reach its children, so the list is handed down.
     */
    externalSecretsAfter?: pulumi.Resource[];
    /** The environment's namespaced SecretStore for AWS Secrets Manager. Default ENVIRONMENT_SECRET_STORE. */
    secretStoreName?: string;
    /** Database settings (from config keys db*). */
    database: DatabaseSettings;
    /** Days S3 keeps replaced or deleted attachment versions. Default 30. */
    attachmentsNoncurrentVersionDays?: number;
    /** psql image of the PostGIS Job, pinned. Default POSTGRES_CLIENT_IMAGE. */
    postgisJobImage?: string;
}

/**
 * Every problem with the data settings, each naming its field. Data is built by Environment, which reports these
 * (Data and its parts do not re-check).
 */
export function dataSettingsProblems(
    environment: Env,
    environmentDomain: string,
    s: Pick<DataArgs, "database" | "attachmentsNoncurrentVersionDays" | "postgisJobImage">,
): Problem[] {
    const problems = under("database", databaseSettingsProblems(environment, s.database));
    const image = s.postgisJobImage === undefined ? undefined : imagePinProblem(s.postgisJobImage);
    problems.push(...problemIf("postgisJobImage", image));
    const noncurrent = noncurrentDaysProblem(s.attachmentsNoncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS);
    problems.push(...problemIf("attachmentsNoncurrentVersionDays", noncurrent));
    const { domainName, subjectAlternativeNames } = certificateNames(
        environmentDomain,
        certificateHostnames(environment, environmentDomain),
    );
    const names = 1 + subjectAlternativeNames.length;
    if (names > ACM_MAX_NAMES)
        problems.push(
            problem(
                "environmentDomain",
                `${domainName}'s certificate needs ${names} names, over ACM's default quota of ${ACM_MAX_NAMES}`,
            ),
        );
    return problems;
}

/** The ALB hostnames the environment's certificate covers. */
function certificateHostnames(environment: Env, environmentDomain: string): string[] {
    return appHostnames(environment, environmentDomain).map((h) => h.hostname);
}

export class Data extends pulumi.ComponentResource {
    /** `<address>:5432` of the environment's database. */
    readonly dbEndpoint: pulumi.Output<string>;
    readonly dbAddress: pulumi.Output<string>;
    /** The RDS instance identifier (osprey-<env>): the alarms' DBInstanceIdentifier dimension. */
    readonly dbIdentifier: pulumi.Output<string>;
    /** The RDS instance's ARN: what AWS Backup protects (the restore rehearsal, components/data/restoreRehearsal.ts). */
    readonly dbArn: pulumi.Output<string>;
    /** The RDS-managed master secret (rds!db-...): ESO's role must be allowed to read it. */
    readonly dbMasterSecretArn: pulumi.Output<string>;
    /** The database's restore parameters (docs/runbook.md, "Restore main's database"). */
    readonly dbRestore: {
        instanceIdentifier: pulumi.Output<string>;
        instanceClass: string;
        subnetGroupName: pulumi.Output<string>;
        securityGroupId: pulumi.Output<string>;
        parameterGroupName: pulumi.Output<string>;
    };
    readonly bucketName: pulumi.Output<string>;
    /** The ISSUED certificate: reference it in the ingress annotation alb.ingress.kubernetes.io/certificate-arn. */
    readonly certificateArn: pulumi.Output<string>;
    /** The API's IRSA role: annotate service account osprey-<env>/api with eks.amazonaws.com/role-arn. */
    readonly apiRoleArn: pulumi.Output<string>;
    /** The application secrets' ARNs (ESO's role must be allowed to read them). */
    readonly appSecretArns: pulumi.Output<string[]>;
    /** Secrets a person must set with `aws secretsmanager put-secret-value` (docs/data.md). */
    readonly outOfBandSecretNames: string[];

    constructor(name: string, args: DataArgs, opts?: pulumi.ComponentResourceOptions) {
        const namespace = environmentNames(args.environment).namespace;
        super(
            "osprey:data:Data",
            name,
            {
                environment: args.environment,
                environmentDomain: args.environmentDomain,
                namespace,
                database: args.database,
                cloudflareZoneId: args.cloudflareZoneId,
                kubernetes: args.k8sProvider !== undefined,
            },
            opts,
        );
        const parent = { parent: this };

        const db = new Database(
            `${name}`,
            {
                environment: args.environment,
                vpcId: args.vpcId,
                dataSubnetIds: args.dataSubnetIds,
                nodeSecurityGroupId: args.nodeSecurityGroupId,
                ...args.database,
            },
            parent,
        );
        const secrets = new AppSecrets(
            `${name}-secrets`,
            {
                environment: args.environment,
                namespace,
                k8sProvider: args.k8sProvider,
                externalSecretsAfter: args.externalSecretsAfter,
                secretStoreName: args.secretStoreName,
                database: { host: db.address, port: db.port, dbName: db.dbName, masterSecretArn: db.masterSecretArn },
            },
            parent,
        );
        // The RDS roots of the stack's region, which every pod reading db-connection mounts (sslmode=verify-full). Public
        // certificates, not a secret: a ConfigMap in the namespace, written with it.
        const rdsCa = args.k8sProvider
            ? new k8s.core.v1.ConfigMap(
                  `${name}-rds-ca`,
                  {
                      metadata: dataObjectMetadata(RDS_CA_CONFIGMAP, namespace, "database"),
                      data: { [RDS_CA_FILE]: aws.getRegionOutput({}, parent).region.apply(rdsCaBundle) },
                  },
                  { ...parent, provider: args.k8sProvider, dependsOn: args.externalSecretsAfter },
              )
            : undefined;
        if (args.k8sProvider && secrets.dbBootstrap && rdsCa) {
            new PostgisExtension(
                `${name}-postgis`,
                {
                    namespace,
                    k8sProvider: args.k8sProvider,
                    image: args.postgisJobImage,
                    connectionSecretName: secrets.dbBootstrapSecretName,
                    waitFor: [db, secrets.dbBootstrap, rdsCa],
                },
                parent,
            );
        }
        const attachments = new AttachmentsBucket(
            `${name}`,
            {
                environment: args.environment,
                namespace,
                oidcProviderArn: args.oidcProviderArn,
                oidcProviderUrl: args.oidcProviderUrl,
                noncurrentVersionDays: args.attachmentsNoncurrentVersionDays,
            },
            parent,
        );
        // The ALB serves the edge's app hostnames (one level under the zone) besides the environment domain.
        const albHostnames = certificateHostnames(args.environment, args.environmentDomain);
        const certificate = new Certificate(
            `${name}-cert`,
            {
                environment: args.environment,
                environmentDomain: args.environmentDomain,
                albHostnames,
                cloudflareZoneId: args.cloudflareZoneId,
            },
            parent,
        );

        this.dbEndpoint = db.endpoint;
        this.dbAddress = db.address;
        this.dbIdentifier = db.identifier;
        this.dbArn = db.arn;
        this.dbMasterSecretArn = db.masterSecretArn;
        this.dbRestore = {
            instanceIdentifier: db.identifier,
            instanceClass: db.instanceClass,
            subnetGroupName: db.subnetGroupName,
            securityGroupId: db.securityGroupId,
            parameterGroupName: db.parameterGroupName,
        };
        this.bucketName = attachments.bucketName;
        this.certificateArn = certificate.certificateArn;
        this.apiRoleArn = attachments.apiRoleArn;
        this.appSecretArns = pulumi.all(secrets.secretArns);
        this.outOfBandSecretNames = secrets.outOfBandSecretNames;
        this.registerOutputs({
            dbEndpoint: this.dbEndpoint,
            dbMasterSecretArn: this.dbMasterSecretArn,
            bucketName: this.bucketName,
            certificateArn: this.certificateArn,
            apiRoleArn: this.apiRoleArn,
        });
    }
}
