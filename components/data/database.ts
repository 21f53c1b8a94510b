/**
 * The environment's RDS PostgreSQL 18 instance with PostGIS, one per environment (docs/requirements.md, Topology).
 * Reachable only from the cluster's nodes on 5432, only over TLS, in its own data subnets.
 * The master password is created and rotated by RDS in Secrets Manager (`manageMasterUserPassword`): no password
 * ever passes through this program or its state.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    backupRetentionProblem,
    DB_PORT,
    deletionProtectionProblem,
    engineMajorProblem,
    engineVersionFormatProblem,
    instanceClassProblem,
    maxStorageProblem,
    parameterGroupFamily,
    PERFORMANCE_INSIGHTS_FREE_RETENTION_DAYS,
    slowStatementMsProblem,
    storageGbProblem,
} from "../../lib/dataRules";
import { RDS_CA_IDENTIFIER } from "./rdsCa";
import { Env, environmentNames } from "../../lib/naming";
import { Problem, problemIf } from "../../lib/problems";

export interface DatabaseSettings {
    /** RDS instance class, e.g. "db.t4g.small" (must be in KNOWN_DB_INSTANCE_CLASSES). */
    instanceClass: string;
    /** PostgreSQL version: "18" (newest 18.x, with automatic minor upgrades) or "18.1". */
    engineVersion: string;
    /** Allow a major other than 18. Default false. */
    allowOtherMajorVersion?: boolean;
    /** Initial gp3 storage, GiB (20 to 65536). */
    allocatedStorageGb: number;
    /** Storage autoscaling ceiling, GiB; at least allocatedStorageGb. */
    maxAllocatedStorageGb: number;
    /** Automated backup retention, days (1 to 35). */
    backupRetentionDays: number;
    /** RDS deletion protection; must be true on main. */
    deletionProtection: boolean;
    /** Statements slower than this are logged (log_min_duration_statement), ms. */
    slowStatementMs: number;
}

export interface DatabaseArgs extends DatabaseSettings {
    environment: Env;
    vpcId: pulumi.Input<string>;
    /**
     * The environment's own data subnets (at least two AZs, as RDS requires of a DB subnet group): addresses no other
     * environment's database has, so its namespace's NetworkPolicy can allow 5432 to these alone.
     */
    dataSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The cluster nodes' security group: the only source admitted on 5432. */
    nodeSecurityGroupId: pulumi.Input<string>;
    /** The database created in the instance. Default "osprey". */
    dbName?: string;
    /** The master user's name (its password lives only in the RDS-managed secret). Default "osprey_admin". */
    masterUsername?: string;
}

export const DEFAULT_DB_NAME = "osprey";
export const DEFAULT_MASTER_USERNAME = "osprey_admin";

/** Every problem with the settings, each naming its arg. */
export function databaseSettingsProblems(environment: Env, s: DatabaseSettings): Problem[] {
    const checks: [string, string | undefined][] = [
        ["instanceClass", instanceClassProblem(s.instanceClass)],
        [
            "engineVersion",
            engineVersionFormatProblem(s.engineVersion) ??
                engineMajorProblem(s.engineVersion, s.allowOtherMajorVersion ?? false),
        ],
        ["allocatedStorageGb", storageGbProblem(s.allocatedStorageGb)],
        [
            "maxAllocatedStorageGb",
            storageGbProblem(s.maxAllocatedStorageGb) ??
                maxStorageProblem(s.allocatedStorageGb, s.maxAllocatedStorageGb),
        ],
        ["backupRetentionDays", backupRetentionProblem(s.backupRetentionDays)],
        ["deletionProtection", deletionProtectionProblem(environment, s.deletionProtection)],
        ["slowStatementMs", slowStatementMsProblem(s.slowStatementMs)],
    ];
    return checks.flatMap(([field, p]) => problemIf(field, p));
}

export class Database extends pulumi.ComponentResource {
    /** `<address>:5432`. */
    readonly endpoint: pulumi.Output<string>;
    readonly address: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly arn: pulumi.Output<string>;
    readonly identifier: pulumi.Output<string>;
    /** ARN of the RDS-managed master secret (JSON {"username","password"}), rotated by RDS. */
    readonly masterSecretArn: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** What a point-in-time restore must be given to land like this one (docs/runbook.md, "Restore main's database"). */
    readonly subnetGroupName: pulumi.Output<string>;
    readonly parameterGroupName: pulumi.Output<string>;
    readonly instanceClass: string;
    readonly dbName: string;
    readonly masterUsername: string;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        const { vpcId, dataSubnetIds, nodeSecurityGroupId, ...summary } = args;
        super("osprey:data:Database", name, summary, opts);
        const parent = { parent: this };
        const env = args.environment;
        const identifier = environmentNames(env).databaseIdentifier;
        this.dbName = args.dbName ?? DEFAULT_DB_NAME;
        this.masterUsername = args.masterUsername ?? DEFAULT_MASTER_USERNAME;

        const sg = new aws.ec2.SecurityGroup(
            `${name}-db`,
            {
                description: `RDS ${environmentNames(env).label}: PostgreSQL from the EKS nodes only`,
                vpcId,
                // No egress rules: the database never initiates connections.
                tags: { Name: `${identifier}-db`, "osprey:role": "database" },
            },
            parent,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-db-from-nodes`,
            {
                securityGroupId: sg.id,
                description: "PostgreSQL from the EKS node security group (pods use the node ENIs)",
                ipProtocol: "tcp",
                fromPort: DB_PORT,
                toPort: DB_PORT,
                referencedSecurityGroupId: nodeSecurityGroupId,
            },
            parent,
        );

        const subnetGroup = new aws.rds.SubnetGroup(
            `${name}-db`,
            {
                description: `${environmentNames(env).label}: its own data subnets only`,
                subnetIds: dataSubnetIds,
                tags: { Name: `${identifier}-db` },
            },
            parent,
        );

        const family = parameterGroupFamily(args.engineVersion);
        const parameters = new aws.rds.ParameterGroup(
            `${name}-db-${family}`,
            {
                family,
                description: `${environmentNames(env).label}: TLS only, slow statements logged`,
                parameters: [
                    // Both are dynamic parameters: applied without a reboot.
                    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
                    {
                        name: "log_min_duration_statement",
                        value: String(args.slowStatementMs),
                        applyMethod: "immediate",
                    },
                ],
                tags: { Name: `${identifier}-${family}` },
            },
            parent,
        );

        // A final snapshot name that is new for every incarnation of the database, so destroying a re-created demo
        // database never collides with the snapshot its predecessor left behind.
        const snapshotSuffix = new random.RandomId(`${name}-final-snapshot-suffix`, { byteLength: 4 }, parent);

        const instance = new aws.rds.Instance(
            `${name}-db`,
            {
                // A fixed identifier: operators find osprey-main in the console, and a change that would replace the
                // instance fails on the name instead of silently creating a second, empty database.
                identifier,
                engine: "postgres",
                engineVersion: args.engineVersion,
                autoMinorVersionUpgrade: true,
                allowMajorVersionUpgrade: false,
                // No surprise Extended Support charges when a major reaches its end of standard support.
                engineLifecycleSupport: "open-source-rds-extended-support-disabled",
                instanceClass: args.instanceClass,
                storageType: "gp3",
                allocatedStorage: args.allocatedStorageGb,
                maxAllocatedStorage: args.maxAllocatedStorageGb,
                storageEncrypted: true,
                dbName: this.dbName,
                username: this.masterUsername,
                manageMasterUserPassword: true,
                iamDatabaseAuthenticationEnabled: true,
                // Pinned, not RDS's default of the day: the apps' bundle (rdsCa.ts) is built for this CA's region root.
                caCertIdentifier: RDS_CA_IDENTIFIER,
                port: DB_PORT,
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [sg.id],
                parameterGroupName: parameters.name,
                publiclyAccessible: false,
                multiAz: false,
                backupRetentionPeriod: args.backupRetentionDays,
                copyTagsToSnapshot: true,
                deleteAutomatedBackups: false,
                deletionProtection: args.deletionProtection,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: pulumi.interpolate`${identifier}-final-${snapshotSuffix.hex}`,
                performanceInsightsEnabled: true,
                performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_FREE_RETENTION_DAYS,
                tags: { Name: identifier },
            },
            // Where RDS refuses to delete it, Pulumi refuses to try (and to replace it): `pulumi destroy` of main stops
            // here, before anything else goes, until the operator unprotects it (docs/runbook.md, "Tear down").
            { ...parent, protect: args.deletionProtection },
        );

        this.endpoint = instance.endpoint;
        this.address = instance.address;
        this.port = instance.port;
        this.arn = instance.arn;
        this.identifier = instance.identifier;
        this.masterSecretArn = instance.masterUserSecrets.apply((secrets) => {
            const arn = secrets?.[0]?.secretArn;
            if (!arn)
                throw new Error(
                    `Database ${name}: RDS returned no master user secret; is manageMasterUserPassword on?`,
                );
            return arn;
        });
        this.securityGroupId = sg.id;
        this.subnetGroupName = subnetGroup.name;
        this.parameterGroupName = parameters.name;
        this.instanceClass = args.instanceClass;
        this.registerOutputs({ endpoint: this.endpoint, masterSecretArn: this.masterSecretArn });
    }
}
