/**
 * The intended IAM decisions of both stacks (docs/requirements.md, Isolation: IAM, proven), as data, and the checks
 * every plan's IAM must pass.
 * Each row: a role (by logical name), a request, and the decision AWS must reach. Secret ARNs carry the 6-character
 * suffix Secrets Manager appends to every secret name (AWS docs, "Secrets Manager ARN format").
 */
import { ProgramRun } from "../../harness/runProgram";
import { RDS_SECRET_TAG, databaseArn } from "../../components/delivery/boundary";
import { MOCK_ACCOUNT_ID } from "../../harness/mockCloud";
import { RecordedResource, unwrapSecrets } from "../../harness/graph";
import {
    DEPLOY_AGENT_TOKEN_SECRET_NAME,
    DRIFT_WEBHOOK_SECRET_NAME,
    ENVIRONMENTS,
    Env,
    environmentNames,
    permissionsBoundaryName,
} from "../../lib/naming";
import {
    Decision,
    PolicyDocument,
    boundaryOf,
    decide,
    documentProblems,
    expand,
    iamDocuments,
    identityPoliciesOf,
    statements,
} from "./iamModel";

export const REGION = "us-east-1";
const ACCOUNT = MOCK_ACCOUNT_ID;
export const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
export const envSecret = (env: Env, name = "app-encryption-key") => secretArn(environmentNames(env).secretName(name));
/** An RDS-managed master secret that is not the environment's own (RDS names them rds!db-<uuid>). */
export const otherRdsSecret = secretArn("rds!db-00000000-0000-4000-8000-000000000000");
/** The master secret RDS creates for a new (or replacing) database: no tag yet. */
const newRdsSecret = secretArn("rds!db-11111111-1111-4111-8111-111111111111");
/** The key ID of the account's aws/secretsmanager key (a stand-in UUID). */
const AWS_SECRETSMANAGER_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";
export const bucketArn = (env: Env) => `arn:aws:s3:::${environmentNames(env).attachmentsBucketPrefix}${ACCOUNT}`;
export const prefixListArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:prefix-list/${id}`;
export const ecrRepositoryArn = (name: string) => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
/** rds-db:connect's resource: arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user> (RDS user guide, "IAM database access"). */
export const dbUserArn = (user: string) =>
    `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ/${user}`;

export interface Row {
    role: string;
    action: string;
    resource: string;
    /** "Denied": either kind of deny (the request must not be allowed; which statement stops it is not the point). */
    expect: Decision | "Denied";
    why: string;
    /** The request's context keys (tags, the boundary of the role acted on, the region). */
    context?: Record<string, string | string[]>;
    /** The resource's own policy, where the service consults one (KMS key policies). */
    resourcePolicy?: PolicyDocument;
}

/**
 * The statement of an AWS managed key's policy that lets the account's IAM policies read the key's metadata
 * ("Allow direct access to key metadata to the account": kms:Describe*, kms:Get*, kms:List*, kms:RevokeGrant on the
 * account's root; the key policy of aws/secretsmanager, as `aws kms get-key-policy` shows it).
 */
const AWS_MANAGED_KEY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "Allow direct access to key metadata to the account",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
            Action: ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
            Resource: "*",
        },
    ],
} as PolicyDocument;

/**
 * The key policy KMS gives a key created without one (AWS KMS developer guide, "Default key policy": the account's root
 * may do kms:*, so IAM policies decide): the restore rehearsal's vault key (components/data/restoreRehearsal.ts).
 */
const DEFAULT_KEY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "Enable IAM User Permissions",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ],
} as PolicyDocument;

const allow = (role: string, action: string, resource: string, why: string): Row => ({
    role,
    action,
    resource,
    expect: "Allowed",
    why,
});
// Either kind: since the boundary a workload role's own policy denies implicitly and its boundary explicitly.
const deny = (role: string, action: string, resource: string, why: string): Row => ({
    role,
    action,
    resource,
    expect: "Denied",
    why,
});

/** The tag RDS puts on the master secret of an environment's database (components/delivery/boundary.ts). */
export const masterSecretTag = (env: Env) => ({ [RDS_SECRET_TAG]: databaseArn(env, REGION, ACCOUNT) });

/** What one environment's own roles must and must not do (rows for the stack that owns that environment). */
export function environmentRows(env: Env, dbMasterSecretArn: string): Row[] {
    const reader = `${env}-secret-store-reader`;
    const api = `${env}-api`;
    const rows: Row[] = [
        allow(reader, "secretsmanager:GetSecretValue", envSecret(env), "its own application secret"),
        {
            ...allow(reader, "secretsmanager:GetSecretValue", dbMasterSecretArn, "its own database's master secret"),
            context: masterSecretTag(env),
        },
        deny(reader, "secretsmanager:GetSecretValue", otherRdsSecret, "another database's master secret"),
        deny(
            reader,
            "secretsmanager:GetSecretValue",
            secretArn("osprey-strike/platform/argocd-repo"),
            "the platform's secrets",
        ),
        deny(reader, "secretsmanager:PutSecretValue", envSecret(env), "read only"),
        allow(api, "s3:PutObject", `${bucketArn(env)}/attachments/a.pdf`, "its own bucket"),
        allow(api, "s3:ListBucket", bucketArn(env), "its own bucket"),
        deny(api, "s3:DeleteBucket", bucketArn(env), "objects only, never the bucket"),
        deny(api, "secretsmanager:GetSecretValue", envSecret(env), "the api reads secrets through ESO, not itself"),
        // Its database user is osprey_app, by password (components/data/externalSecrets.ts): no IAM token for any user,
        // least of all the master's.
        deny(api, "rds-db:connect", dbUserArn("osprey_admin"), "the master user"),
        deny(api, "rds-db:connect", dbUserArn("osprey_app"), "IAM database authentication is not used"),
    ];
    for (const other of ENVIRONMENTS.filter((e) => e !== env)) {
        rows.push(deny(reader, "secretsmanager:GetSecretValue", envSecret(other), `${other}'s application secret`));
        rows.push(
            deny(
                reader,
                "secretsmanager:GetSecretValue",
                envSecret(other, "alb-oidc"),
                `${other}'s OIDC client secret`,
            ),
        );
        rows.push(deny(api, "s3:GetObject", `${bucketArn(other)}/attachments/a.pdf`, `${other}'s bucket`));
    }
    return rows;
}

/** The platform's roles (stack main). */
export function platformRows(outputs: Record<string, unknown>): Row[] {
    const v4 = prefixListArn(String(outputs.cloudflareIpv4PrefixListId));
    const v6 = prefixListArn(String(outputs.cloudflareIpv6PrefixListId));
    const foreignList = prefixListArn("pl-0123456789abcdef0");
    const rows: Row[] = [
        allow("osprey-sync", "ec2:ModifyManagedPrefixList", v4, "the IPv4 Cloudflare list"),
        allow("osprey-sync", "ec2:ModifyManagedPrefixList", v6, "the IPv6 Cloudflare list"),
        deny("osprey-sync", "ec2:ModifyManagedPrefixList", foreignList, "any other prefix list"),
        deny("osprey-sync", "ec2:DeleteManagedPrefixList", v4, "modify only, never delete"),
        deny(
            "osprey-sync",
            "ec2:AuthorizeSecurityGroupIngress",
            `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0123456789abcdef0`,
            "no security group",
        ),
        allow("osprey-ci", "ecr:PutImage", ecrRepositoryArn("osprey-strike/api"), "this project's repository"),
        allow("osprey-ci", "ecr:GetAuthorizationToken", "*", "ECR login"),
        deny("osprey-ci", "ecr:PutImage", ecrRepositoryArn("another-project/api"), "another project's repository"),
        deny("osprey-ci", "ecr:PutImage", ecrRepositoryArn("osprey-strike-evil/api"), "a look-alike prefix"),
        deny("osprey-ci", "ecr:DeleteRepository", ecrRepositoryArn("osprey-strike/api"), "push only"),
        allow(
            "osprey-addons-external-secrets",
            "secretsmanager:GetSecretValue",
            secretArn("osprey-strike/platform/argocd-repo"),
            "platform secrets",
        ),
        // The deployments' secrets are read by the agent's instance and the webhook receiver, never by a workload: an
        // ExternalSecret must not copy them into the cluster (components/cluster/addons.ts externalSecretsPolicy).
        deny(
            "osprey-addons-external-secrets",
            "secretsmanager:GetSecretValue",
            secretArn(DEPLOY_AGENT_TOKEN_SECRET_NAME),
            "the deployment agent's pool token",
        ),
        deny(
            "osprey-addons-external-secrets",
            "secretsmanager:GetSecretValue",
            secretArn(DRIFT_WEBHOOK_SECRET_NAME),
            "the drift webhook's HMAC key",
        ),
    ];
    // The CloudWatch agent and Fluent Bit (components/cluster/observabilityRules.ts): this cluster's Container Insights
    // groups and metrics, nothing else.
    const agent = "osprey-observability-agent";
    const logGroup = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
    const app = logGroup("/aws/containerinsights/osprey/application");
    const metricNamespace = (ns: string) => ({ "cloudwatch:namespace": ns });
    rows.push(
        allow(agent, "logs:PutLogEvents", `${app}:log-stream:ip-10-0-1-1-application`, "container logs"),
        allow(agent, "logs:CreateLogStream", `${app}:log-stream:ip-10-0-1-1-application`, "a node's stream"),
        allow(
            agent,
            "logs:PutLogEvents",
            `${logGroup("/aws/containerinsights/osprey/performance")}:log-stream:ip-10-0-1-1`,
            "Container Insights' performance events",
        ),
        {
            ...allow(agent, "cloudwatch:PutMetricData", "*", "Container Insights metrics"),
            context: metricNamespace("ContainerInsights"),
        },
        {
            ...deny(agent, "cloudwatch:PutMetricData", "*", "the metrics our alarms read from the controllers' logs"),
            context: metricNamespace("Osprey/Cluster"),
        },
        deny(
            agent,
            "logs:PutLogEvents",
            `${logGroup("/aws/eks/osprey/cluster")}:log-stream:kube-apiserver-audit-1`,
            "the control-plane audit log",
        ),
        deny(
            agent,
            "logs:PutLogEvents",
            `${logGroup("/aws/containerinsights/other-cluster/application")}:log-stream:x`,
            "another cluster's groups",
        ),
        deny(agent, "logs:PutRetentionPolicy", app, "retention is the program's"),
        deny(agent, "logs:DeleteLogGroup", app, "never deletes logs"),
        deny(agent, "logs:DeleteLogStream", `${app}:log-stream:x`, "never deletes logs"),
        deny(
            agent,
            "ssm:GetParameter",
            `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/AmazonCloudWatch-linux`,
            "no SSM (the managed policy's)",
        ),
        deny(agent, "xray:PutTraceSegments", "*", "Application Signals is off (the managed policy's X-Ray)"),
        deny(agent, "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/anything`, "no escalation"),
    );
    for (const env of ENVIRONMENTS)
        rows.push(deny(agent, "secretsmanager:GetSecretValue", envSecret(env), `${env}'s secrets`));
    for (const env of ENVIRONMENTS) {
        rows.push(
            deny(
                "osprey-addons-external-secrets",
                "secretsmanager:GetSecretValue",
                envSecret(env),
                `${env}'s secrets are not the platform's`,
            ),
        );
    }
    return rows;
}

/**
 * The Pulumi webhook receiver (components/delivery/driftWatch.ts): publishes to the platform's alarm topic with its key,
 * reads its own secret, nothing else. The topic's ARN is main's output and its key the topic's own kmsMasterKeyId; the
 * secret is the one the function is configured to read.
 */
export function driftReceiverRows(run: ProgramRun): Row[] {
    const role = "osprey-drift-receiver";
    const outputs = run.outputs.outputs;
    const topic = String(outputs.alarmTopicArn);
    const created = run.resources.filter((r) => !r.read);
    const alarmTopic = created.find((r) => r.type === "aws:sns/topic:Topic" && r.name === "osprey-sync-alarms");
    const fn = created.find((r) => r.type === "aws:lambda/function:Function" && r.name === "osprey-drift-receiver");
    if (!alarmTopic || !fn) throw new Error("driftReceiverRows: the alarm topics or the receiver are missing");
    const inputsOf = (r: RecordedResource) => unwrapSecrets(r.inputs) as Record<string, unknown>;
    const key = String(inputsOf(alarmTopic).kmsMasterKeyId);
    // KMS consults the key's own policy: the alarm key's (components/platform/ipSyncFunction.ts alarmKeyPolicy).
    const keyResource = created.find((r) => r.type === "aws:kms/key:Key" && r.name === "osprey-sync-alarms");
    if (!keyResource) throw new Error("driftReceiverRows: the alarm key is missing");
    const keyPolicy = JSON.parse(String(inputsOf(keyResource).policy)) as PolicyDocument;
    const own = String(
        (unwrapSecrets(fn.inputs) as { environment: { variables: Record<string, string> } }).environment.variables
            .WEBHOOK_SECRET_ARN,
    );
    const otherTopic = arn("sns", "osprey-strike-other-topic");
    const otherKey = arn("kms", "key/00000000-0000-4000-8000-000000000000");
    const rows: Row[] = [
        allow(role, "sns:Publish", topic, "the platform's alarm topic"),
        {
            ...allow(role, "kms:GenerateDataKey", key, "the alarm topic's key, to publish to the encrypted topic"),
            resourcePolicy: keyPolicy,
        },
        allow(role, "secretsmanager:GetSecretValue", own, "its own webhook secret"),
        deny(role, "sns:Publish", otherTopic, "any other topic"),
        deny(role, "sns:SetTopicAttributes", topic, "publish only"),
        { ...deny(role, "kms:GenerateDataKey", otherKey, "any other key"), resourcePolicy: keyPolicy },
        {
            ...deny(role, "kms:ScheduleKeyDeletion", key, "uses the key, never administers it"),
            resourcePolicy: keyPolicy,
        },
        deny(role, "secretsmanager:PutSecretValue", own, "reads its secret, never writes it"),
        deny(role, "secretsmanager:GetSecretValue", String(outputs.dbMasterSecretArn), "main's database master secret"),
        deny(
            role,
            "secretsmanager:GetSecretValue",
            secretArn("osprey-strike/platform/argocd/git-write"),
            "the platform's other secrets (the Git write credential)",
        ),
        deny(
            role,
            "secretsmanager:GetSecretValue",
            secretArn("osprey-strike/platform/deployments/agent-pool-token"),
            "the deployment agent's pool token",
        ),
        deny(role, "iam:PassRole", roleArn("osprey-strike-deploy-main"), "no escalation"),
        deny(role, "lambda:UpdateFunctionCode", arn("lambda", "function:osprey-strike-pulumi-webhook"), "its own code"),
    ];
    for (const env of ENVIRONMENTS) {
        rows.push(deny(role, "secretsmanager:GetSecretValue", envSecret(env), `${env}'s application secret`));
        rows.push(deny(role, "secretsmanager:GetSecretValue", envSecret(env, "cloudflare-origin"), `${env}'s secrets`));
    }
    rows.push(deny(role, "s3:GetObject", object("demo"), "demo's bucket"));
    rows.push(deny(role, "rds:DeleteDBInstance", arn("rds", "db:osprey-demo"), "demo's database"));
    // The IP sync's change topic by its real ARN (the sync's success destination), not only a look-alike.
    const invokeConfig = created.find(
        (r) => r.type === "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    );
    const changes = (
        unwrapSecrets(invokeConfig?.inputs ?? {}) as { destinationConfig?: { onSuccess?: { destination?: string } } }
    ).destinationConfig?.onSuccess?.destination;
    if (!changes?.startsWith("arn:aws:sns:")) throw new Error("driftReceiverRows: the change topic's ARN is missing");
    rows.push(deny(role, "sns:Publish", changes, "the IP sync's change topic"));
    return rows;
}

/** The deployment role of every stack (components/delivery/deployRoles.ts), by logical name. */
export const DEPLOY_ROLE = "osprey-deploy";
/** Not a role of the run: a role the deployment could create, carrying the stack's boundary, with an inline Allow * on */
export const BOUNDED_STAR = "a role with the boundary and an inline Allow *";
const STAR: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const boundaryPolicyArn = (env: Env) => `arn:aws:iam::${ACCOUNT}:policy/${permissionsBoundaryName(env)}`;
const object = (env: Env) => `${bucketArn(env)}/attachments/a.pdf`;
const trustStore = (env: Env) =>
    arn("elasticloadbalancing", `truststore/${environmentNames(env).trustStoreName}/0123456789abcdef`);
const group = arn("ec2", "security-group/sg-0123456789abcdef0");
const tagged = (env: Env) => ({ "aws:ResourceTag/environment": env });
const row = (
    role: string,
    action: string,
    resource: string,
    expect: Row["expect"],
    why: string,
    context: Row["context"] = {},
): Row => ({
    role,
    action,
    resource,
    expect,
    why,
    context: { "aws:RequestedRegion": REGION, ...context },
});

/**
 * What a stack's deployment role may do to its own environment, and may not do to the other's:
 * the other environment's bucket objects, database snapshot, trust store, ALB security group and secrets, the
 * platform's secrets, and, for a stack that does not own the platform, ECR pushes and EKS access entries. Then the
 * escalations: a role without the boundary (or with another's), an inline policy on a role without it, the boundary
 * itself, the deployment roles.
 */
export function deployRows(env: Env, ownsPlatform: boolean): Row[] {
    const d = DEPLOY_ROLE;
    const own = environmentNames(env);
    const bound = { "iam:PermissionsBoundary": boundaryPolicyArn(env) };
    const rows: Row[] = [
        // The restore rehearsal (components/data/restoreRehearsal.ts), through the role's managed policy
        // (deployPolicyDocuments): its own vault and plans, never a recovery point's deletion.
        row(
            d,
            "backup:DeleteRecoveryPoint",
            arn("backup", "recovery-point:continuous:db-0123"),
            "Denied",
            "a recovery point",
        ),
        row(d, "backup:CreateBackupVault", arn("backup", `backup-vault:${own.label}-db`), "Allowed", "its own vault"),
        row(
            d,
            "backup:CreateRestoreTestingPlan",
            arn("backup", `restore-testing-plan:${own.label.replace(/-/g, "_")}_db_rehearsal-0123`),
            "Allowed",
            "its own restore testing plan, tagged with its environment",
            { "aws:RequestTag/environment": env, "aws:TagKeys": ["environment"] },
        ),
        row(
            d,
            "backup:CreateRestoreTestingPlan",
            arn("backup", "restore-testing-plan:untagged-0123"),
            "Denied",
            "a restore testing plan without its environment's tag",
        ),
        row(d, "kms:CreateKey", "*", "Allowed", "a key tagged with its environment", {
            "aws:RequestTag/environment": env,
            "aws:TagKeys": ["environment"],
        }),
        {
            ...row(
                d,
                "kms:CreateGrant",
                `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0000-4000-8000-000000000000`,
                "Allowed",
                "a grant on its own environment's key",
                tagged(env),
            ),
            resourcePolicy: DEFAULT_KEY_POLICY,
        },
        ...(ownsPlatform
            ? []
            : [
                  row(d, "kms:CreateKey", "*", "Denied", "an untagged key"),
                  {
                      ...row(
                          d,
                          "kms:ScheduleKeyDeletion",
                          `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0000-4000-8000-000000000000`,
                          "Denied",
                          "deleting its own environment's key",
                          tagged(env),
                      ),
                      resourcePolicy: DEFAULT_KEY_POLICY,
                  },
              ]),
        row(d, "iam:PassRole", roleArn(`${env}-db-backup-1a2b3c4`), "Allowed", "its own role to AWS Backup", {
            "iam:PassedToService": "backup.amazonaws.com",
            ...tagged(env),
        }),
        row(d, "s3:PutObject", object(env), "Allowed", "its own bucket's objects", { "aws:ResourceAccount": ACCOUNT }),
        row(d, "s3:PutBucketPolicy", bucketArn(env), "Allowed", "its own bucket", { "aws:ResourceAccount": ACCOUNT }),
        row(d, "rds:ModifyDBInstance", arn("rds", `db:${own.databaseIdentifier}`), "Allowed", "its own database"),
        row(
            d,
            "rds:CreateDBSnapshot",
            arn("rds", `db:${own.databaseIdentifier}`),
            "Allowed",
            "its own database's snapshot",
        ),
        row(
            d,
            "rds:CreateDBSubnetGroup",
            arn("rds", `subgrp:${env}-db-1a2b3c4`),
            "Allowed",
            "its own auto-named subnet group",
        ),
        row(d, "elasticloadbalancing:ModifyTrustStore", trustStore(env), "Allowed", "its own trust store"),
        // Its serving-path alarms, RDS event subscription and origin-pull notice rules (components/alarms).
        row(
            d,
            "cloudwatch:PutMetricAlarm",
            arn("cloudwatch", `alarm:${own.label}-rds-cpu`),
            "Allowed",
            "its own alarm",
        ),
        row(
            d,
            "rds:CreateEventSubscription",
            arn("rds", `es:${own.label}-rds-events`),
            "Allowed",
            "its own RDS event subscription",
        ),
        row(
            d,
            "events:PutTargets",
            arn("events", `rule/${own.label}-origin-pull-ca-expiry`),
            "Allowed",
            "its own notice rule",
        ),
        row(
            d,
            "cloudwatch:DeleteAlarms",
            arn("cloudwatch", "alarm:another-project-cpu"),
            ownsPlatform ? "Allowed" : "Denied",
            "another project's alarm (the platform's owner has cloudwatch:* in the region, unscoped: docs/delivery.md)",
        ),
        row(
            d,
            "ec2:AuthorizeSecurityGroupIngress",
            group,
            "Allowed",
            "a group tagged with its environment",
            tagged(env),
        ),
        row(
            d,
            "ec2:CreateSecurityGroup",
            arn("ec2", "security-group/*"),
            "Allowed",
            "a new group tagged with its environment",
            {
                "aws:RequestTag/environment": env,
            },
        ),
        row(d, "secretsmanager:PutSecretValue", envSecret(env), "Allowed", "its own secret"),
        // A database created or replaced with manageMasterUserPassword: RDS creates rds!db-<uuid> as the caller.
        row(d, "secretsmanager:CreateSecret", newRdsSecret, "Allowed", "its new database's master secret"),
        row(d, "secretsmanager:TagResource", newRdsSecret, "Allowed", "tags of its new database's master secret"),
        {
            ...row(d, "kms:DescribeKey", arn("kms", `key/${AWS_SECRETSMANAGER_KEY}`), "Allowed", "the secret's key"),
            resourcePolicy: AWS_MANAGED_KEY_POLICY,
        },
        row(
            d,
            "secretsmanager:GetSecretValue",
            otherRdsSecret,
            "Denied",
            "its own database's master password (a deployment never reads it)",
            masterSecretTag(env),
        ),
        ...ENVIRONMENTS.filter((o) => o !== env).flatMap((o) =>
            ["secretsmanager:TagResource", "secretsmanager:DeleteSecret", "secretsmanager:GetSecretValue"].map((a) =>
                row(
                    d,
                    a,
                    otherRdsSecret,
                    "ExplicitlyDenied",
                    `${o}'s database's master secret (by RDS's tag)`,
                    masterSecretTag(o),
                ),
            ),
        ),
        row(
            d,
            "acm:DeleteCertificate",
            arn("acm", "certificate/0f1e2d3c"),
            "Allowed",
            "a certificate tagged with its environment",
            tagged(env),
        ),
        row(
            d,
            "iam:CreateRole",
            roleArn(`${env}-api-1a2b3c4`),
            "Allowed",
            "a role with its boundary, tagged with its environment",
            {
                ...bound,
                "aws:RequestTag/environment": env,
            },
        ),
        row(d, "iam:PutRolePolicy", roleArn(`${env}-api-1a2b3c4`), "Allowed", "a policy on its own bounded role", {
            ...bound,
            ...tagged(env),
        }),
        row(
            d,
            "iam:AttachRolePolicy",
            roleArn(`${env}-api-1a2b3c4`),
            "Allowed",
            "an AWS managed policy on its own bounded role",
            {
                ...bound,
                ...tagged(env),
                "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            },
        ),
        row(
            d,
            "iam:AttachRolePolicy",
            roleArn(`${env}-api-1a2b3c4`),
            "Denied",
            "a customer managed policy, even on its own bounded role",
            {
                ...bound,
                ...tagged(env),
                "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/anything`,
            },
        ),
        // Resources of no environment of ours (another project's): the name scoping alone denies them (no guard names them).
        row(
            d,
            "s3:GetObject",
            "arn:aws:s3:::another-project-bucket/a.pdf",
            "Denied",
            "another project's bucket objects",
            { "aws:ResourceAccount": ACCOUNT },
        ),
        row(d, "rds:CreateDBSnapshot", arn("rds", "db:another-project"), "Denied", "another project's database"),
        row(
            d,
            "elasticloadbalancing:ModifyTrustStore",
            arn("elasticloadbalancing", "truststore/another-project/0123456789abcdef"),
            "Denied",
            "another trust store",
        ),
        row(d, "secretsmanager:GetSecretValue", secretArn("another-project/key"), "Denied", "another project's secret"),
        // Escalation.
        row(d, "iam:CreateRole", roleArn("escalate"), "Denied", "a role without the boundary", {
            "aws:RequestTag/environment": env,
        }),
        row(
            d,
            "iam:PutRolePolicy",
            roleArn("escalate"),
            "Denied",
            "an inline policy on a role without the boundary",
            tagged(env),
        ),
        row(
            d,
            "iam:AttachRolePolicy",
            roleArn("escalate"),
            "Denied",
            "a managed policy on a role without the boundary",
            tagged(env),
        ),
        row(
            d,
            "iam:UpdateAssumeRolePolicy",
            roleArn("escalate"),
            "Denied",
            "the trust of a role without the boundary",
            tagged(env),
        ),
        row(
            d,
            "iam:AttachRolePolicy",
            roleArn(`${env}-api-1a2b3c4`),
            "ExplicitlyDenied",
            "AdministratorAccess, even on a bounded role",
            {
                ...bound,
                ...tagged(env),
                "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
        ),
        row(
            d,
            "iam:DeleteRolePermissionsBoundary",
            roleArn(`${env}-api-1a2b3c4`),
            "ExplicitlyDenied",
            "taking the boundary off a role",
            {
                ...bound,
                ...tagged(env),
            },
        ),
        row(d, "iam:CreatePolicyVersion", boundaryPolicyArn(env), "ExplicitlyDenied", "rewriting its own boundary"),
        // Its own managed policy (components/delivery/deployRoles.ts): neither rewritten nor lent to another role.
        row(
            d,
            "iam:CreatePolicyVersion",
            `arn:aws:iam::${ACCOUNT}:policy/osprey-strike-deploy-${env}-services`,
            "ExplicitlyDenied",
            "rewriting its own managed policy",
        ),
        row(
            d,
            "iam:AttachRolePolicy",
            roleArn(`${env}-api-1a2b3c4`),
            "ExplicitlyDenied",
            "its own managed policy on a bounded role of its environment",
            {
                ...bound,
                ...tagged(env),
                "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/osprey-strike-deploy-${env}-services`,
            },
        ),
        row(d, "iam:DeletePolicy", boundaryPolicyArn(env), "ExplicitlyDenied", "deleting its own boundary"),
        row(
            d,
            "iam:CreatePolicy",
            `arn:aws:iam::${ACCOUNT}:policy/anything`,
            "Denied",
            "any customer managed policy (the program creates none but the boundary)",
        ),
        row(d, "iam:PutRolePolicy", roleArn(`osprey-strike-deploy-${env}`), "ExplicitlyDenied", "its own role"),
        row(d, "iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/intruder`, "Denied", "users"),
    ];
    for (const other of ENVIRONMENTS.filter((e) => e !== env)) {
        const names = environmentNames(other);
        const otherBound = { "iam:PermissionsBoundary": boundaryPolicyArn(other) };
        rows.push(
            row(
                d,
                "backup:CreateBackupVault",
                arn("backup", `backup-vault:${names.label}-db`),
                "Denied",
                `a vault in ${other}'s name`,
            ),
            row(
                d,
                "backup:DeleteRestoreTestingPlan",
                arn("backup", `restore-testing-plan:${names.label.replace(/-/g, "_")}_db_rehearsal-0123`),
                "Denied",
                `${other}'s restore testing plan (by its tag)`,
                { "aws:ResourceTag/environment": other },
            ),
            row(
                d,
                "backup:DeleteBackupVault",
                arn("backup", `backup-vault:${names.label}-db`),
                "Denied",
                `${other}'s vault`,
            ),
            row(
                d,
                "backup:DeleteBackupPlan",
                arn("backup", "backup-plan:01234567-89ab-4cde-8f01-23456789abcd"),
                "Denied",
                `${other}'s backup plan (by its tag)`,
                { "aws:ResourceTag/environment": other },
            ),
            row(d, "s3:GetObject", object(other), "Denied", `${other}'s bucket objects`, {
                "aws:ResourceAccount": ACCOUNT,
            }),
            row(
                d,
                "s3:PutObject",
                `arn:aws:s3:::${names.trustStoreBucketPrefix}${ACCOUNT}/ca.pem`,
                "Denied",
                `${other}'s CA bundle`,
                {
                    "aws:ResourceAccount": ACCOUNT,
                },
            ),
            row(
                d,
                "rds:CreateDBSnapshot",
                arn("rds", `db:${names.databaseIdentifier}`),
                "Denied",
                `a snapshot of ${other}'s database`,
                tagged(other),
            ),
            row(
                d,
                "rds:RestoreDBInstanceFromDBSnapshot",
                arn("rds", `snapshot:${names.databaseIdentifier}-final-1a2b`),
                "Denied",
                `${other}'s final snapshot`,
            ),
            row(
                d,
                "elasticloadbalancing:ModifyTrustStore",
                trustStore(other),
                "Denied",
                `swapping ${other}'s origin-pull CA`,
                tagged(other),
            ),
            row(
                d,
                "ec2:AuthorizeSecurityGroupIngress",
                group,
                "Denied",
                `ingress on ${other}'s ALB group`,
                tagged(other),
            ),
            row(
                d,
                "acm:DeleteCertificate",
                arn("acm", "certificate/0f1e2d3c"),
                "Denied",
                `${other}'s certificate`,
                tagged(other),
            ),
            row(
                d,
                "cloudwatch:DeleteAlarms",
                arn("cloudwatch", `alarm:${names.label}-alb-elb-5xx`),
                "Denied",
                `silencing ${other}'s alarm`,
            ),
            row(
                d,
                "rds:DeleteEventSubscription",
                arn("rds", `es:${names.label}-rds-events`),
                "Denied",
                `${other}'s RDS event subscription`,
            ),
            row(
                d,
                "events:RemoveTargets",
                arn("events", `rule/${names.label}-origin-pull-client-expiry`),
                "Denied",
                `${other}'s origin-pull notice`,
            ),
            row(d, "secretsmanager:GetSecretValue", envSecret(other), "Denied", `${other}'s secret`),
            row(
                d,
                "secretsmanager:PutSecretValue",
                envSecret(other, "alb-oidc"),
                "Denied",
                `${other}'s OIDC client secret`,
            ),
            row(d, "iam:CreateRole", roleArn("escalate"), "Denied", `a role with ${other}'s boundary`, {
                ...otherBound,
                "aws:RequestTag/environment": other,
            }),
            row(d, "iam:PutRolePolicy", roleArn(`${other}-api-1a2b3c4`), "Denied", `a policy on ${other}'s role`, {
                ...otherBound,
                ...tagged(other),
            }),
            row(d, "iam:PassRole", roleArn(`${other}-api-1a2b3c4`), "Denied", `passing ${other}'s role`, {
                ...tagged(other),
                "iam:PassedToService": "ec2.amazonaws.com",
            }),
            row(
                d,
                "iam:CreatePolicyVersion",
                boundaryPolicyArn(other),
                "ExplicitlyDenied",
                `rewriting ${other}'s boundary`,
            ),
            row(
                d,
                "iam:UpdateAssumeRolePolicy",
                roleArn(`osprey-strike-deploy-${other}`),
                "ExplicitlyDenied",
                `${other}'s deployment role`,
            ),
        );
    }
    // A group without the tag: the platform's owner manages EKS's own cluster group (EKS creates it, untagged) with ec2:*.
    rows.push(
        row(
            d,
            "ec2:AuthorizeSecurityGroupIngress",
            group,
            ownsPlatform ? "Allowed" : "Denied",
            "ingress on a group with no environment tag",
        ),
    );
    const platformSecret = secretArn("osprey-strike/platform/argocd/git-read");
    const cluster = arn("eks", "cluster/osprey");
    const platformExpect: Row["expect"] = ownsPlatform ? "Allowed" : "Denied";
    rows.push(
        row(d, "secretsmanager:GetSecretValue", platformSecret, platformExpect, "the platform's secrets"),
        row(d, "ecr:PutImage", ecrRepositoryArn("osprey-strike/api"), platformExpect, "pushing an image"),
        // The account's budget (components/alarms/budget.ts): the platform's owner only, and only the project's budgets.
        row(
            d,
            "budgets:ModifyBudget",
            `arn:aws:budgets::${ACCOUNT}:budget/osprey-strike-monthly`,
            platformExpect,
            "the account's budget",
        ),
        row(d, "budgets:ModifyBudget", `arn:aws:budgets::${ACCOUNT}:budget/finance-team`, "Denied", "another budget"),
        row(d, "eks:CreateAccessEntry", cluster, platformExpect, "an EKS access entry (cluster admin)"),
        row(
            d,
            "eks:AssociateAccessPolicy",
            arn("eks", `access-entry/osprey/role/${ACCOUNT}/intruder/0a1b2c3d-0000-4000-8000-000000000000`),
            platformExpect,
            "an EKS access policy on an entry",
        ),
    );
    return rows;
}

/**
 * The same escalation from the other side: whatever a deployment puts on a role it creates (an inline Allow *), the
 * boundary caps it. Own data stays reachable (the workloads need it); IAM writes and the other environment do not.
 */
export function boundedStarRows(env: Env, ownsPlatform: boolean): Row[] {
    const b = BOUNDED_STAR;
    const rows: Row[] = [
        row(b, "s3:GetObject", object(env), "Allowed", "its own bucket's objects"),
        row(b, "secretsmanager:GetSecretValue", envSecret(env), "Allowed", "its own secret"),
        row(
            b,
            "secretsmanager:GetSecretValue",
            otherRdsSecret,
            "Allowed",
            "its own database's master secret",
            masterSecretTag(env),
        ),
        row(b, "secretsmanager:GetSecretValue", otherRdsSecret, "Denied", "a master secret without its database's tag"),
        row(b, "iam:CreateRole", roleArn("escalate"), "Denied", "creating a role"),
        row(b, "iam:PutRolePolicy", roleArn("escalate"), "Denied", "an inline policy"),
        row(b, "iam:AttachRolePolicy", roleArn("escalate"), "Denied", "a managed policy"),
        row(b, "iam:PassRole", roleArn("escalate"), "Denied", "passing a role"),
        row(b, "iam:CreatePolicyVersion", boundaryPolicyArn(env), "Denied", "rewriting the boundary"),
        row(b, "iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/intruder`, "Denied", "keys"),
        row(
            b,
            "secretsmanager:GetSecretValue",
            secretArn("osprey-strike/platform/argocd/git-read"),
            ownsPlatform ? "Allowed" : "Denied",
            "the platform's secrets",
        ),
    ];
    const rds = (rest: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:${rest}`;
    rows.push(
        // The restore rehearsal's rights (boundary.ts restoreRehearsalStatements) reach no data by a snapshot or a
        // throwaway copy, whose names carry no environment: a bounded role cannot restore one or reset its password.
        row(
            b,
            "rds:RestoreDBInstanceToPointInTime",
            rds(`db:${environmentNames(env).databaseIdentifier}`),
            "Allowed",
            "a point-in-time restore of its own database",
        ),
        row(
            b,
            "rds:ModifyDBInstance",
            rds("db:awsbackup-restore-test-0123abcd"),
            "Denied",
            "a throwaway restored copy's settings (its master password)",
        ),
        row(
            b,
            "rds:RestoreDBInstanceFromDBSnapshot",
            rds("snapshot:awsbackup:job-0123abcd"),
            "Denied",
            "AWS Backup's snapshots",
        ),
        row(
            b,
            "kms:CreateGrant",
            `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0000-4000-8000-000000000000`,
            "Denied",
            "a key without its environment's tag",
        ),
    );
    for (const other of ENVIRONMENTS.filter((e) => e !== env)) {
        const names = environmentNames(other);
        rows.push(
            row(
                b,
                "rds:RestoreDBInstanceFromDBSnapshot",
                rds(`snapshot:rds:${names.databaseIdentifier}-2026-12-06-05-00`),
                "Denied",
                `${other}'s automated snapshots`,
            ),
            row(
                b,
                "rds:RestoreDBInstanceToPointInTime",
                rds(`db:${names.databaseIdentifier}`),
                "Denied",
                `${other}'s database, point in time`,
            ),
            row(
                b,
                "kms:CreateGrant",
                `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0000-4000-8000-000000000000`,
                "Denied",
                `a key tagged ${other}`,
                { "aws:ResourceTag/environment": other },
            ),
            row(b, "s3:GetObject", object(other), "Denied", `${other}'s bucket objects`),
            row(b, "secretsmanager:GetSecretValue", envSecret(other), "Denied", `${other}'s secret`),
            row(
                b,
                "secretsmanager:GetSecretValue",
                otherRdsSecret,
                "Denied",
                `${other}'s database's master secret`,
                masterSecretTag(other),
            ),
            row(
                b,
                "rds:CreateDBSnapshot",
                arn("rds", `db:${names.databaseIdentifier}`),
                "Denied",
                `a snapshot of ${other}'s database`,
            ),
            row(b, "elasticloadbalancing:ModifyTrustStore", trustStore(other), "Denied", `${other}'s trust store`),
        );
    }
    if (!ownsPlatform) {
        rows.push(
            row(b, "ecr:PutImage", ecrRepositoryArn("osprey-strike/api"), "Denied", "pushing an image"),
            row(b, "eks:CreateAccessEntry", arn("eks", "cluster/osprey"), "Denied", "an EKS access entry"),
            row(b, "ec2:AuthorizeSecurityGroupIngress", group, "Denied", "ingress on any group", tagged("main")),
        );
    }
    return rows;
}

/** The role a row names, exactly one in the run. */
export function roleNamed(run: ProgramRun, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === "aws:iam/role:Role" && r.name === name && !r.read);
    if (found.length !== 1) throw new Error(`expected one role ${name}, found ${found.length}`);
    return found[0];
}

/** The stack's boundary as recorded (components/delivery/boundary.ts). */
export function boundaryOfRun(run: ProgramRun): { name: string; policy: PolicyDocument } {
    const found = run.resources.filter(
        (r) => r.type === "aws:iam/policy:Policy" && r.urn.includes("osprey:delivery:PermissionsBoundary$"),
    );
    if (found.length !== 1) throw new Error(`expected one boundary policy, found ${found.length}`);
    return { name: found[0].name, policy: JSON.parse(String(unwrapSecrets(found[0].inputs.policy))) as PolicyDocument };
}

/** Each row decided for the role it names, as recorded (its policies, under its boundary), or for BOUNDED_STAR. */
export async function evaluate(run: ProgramRun, rows: Row[]): Promise<{ row: Row; got: Decision }[]> {
    return Promise.all(
        rows.map(async (row) => {
            if (row.role === BOUNDED_STAR) {
                return {
                    row,
                    got: await decide(
                        [{ name: "star", policy: STAR }],
                        row.action,
                        row.resource,
                        ACCOUNT,
                        row.context,
                        boundaryOfRun(run),
                        row.resourcePolicy,
                    ),
                };
            }
            const role = roleNamed(run, row.role);
            return {
                row,
                got: await decide(
                    identityPoliciesOf(run.resources, role),
                    row.action,
                    row.resource,
                    ACCOUNT,
                    row.context,
                    boundaryOf(run.resources, role),
                    row.resourcePolicy,
                ),
            };
        }),
    );
}

/** The rows whose decision is not the expected one (a "Denied" row accepts either kind of deny). */
export const mismatches = (results: { row: Row; got: Decision }[]) =>
    results
        .filter((r) => (r.row.expect === "Denied" ? r.got === "Allowed" : r.got !== r.row.expect))
        .map((r) => ({ ...r.row, got: r.got }));

/** Every IAM document of the run with its problems (empty when AWS's model accepts it). */
export async function documentReport(run: ProgramRun): Promise<{ where: string; problems: string[] }[]> {
    return Promise.all(
        iamDocuments(run.resources).map(async (d) => ({
            where: `${d.resource.type} ${d.resource.name} ${d.path}`,
            problems: await documentProblems(d.doc),
        })),
    );
}

/** Roles of the run that may read secrets of more than one environment (must be none). */
export async function rolesReadingSeveralEnvironments(run: ProgramRun): Promise<string[]> {
    const roles = run.resources.filter((r) => r.type === "aws:iam/role:Role" && !r.read);
    const bad: string[] = [];
    for (const role of roles) {
        const policies = identityPoliciesOf(run.resources, role);
        const readable = await Promise.all(
            ENVIRONMENTS.map((e) => decide(policies, "secretsmanager:GetSecretValue", envSecret(e), ACCOUNT)),
        );
        if (readable.filter((d) => d === "Allowed").length > 1) bad.push(role.name);
    }
    return bad;
}

/**
 * A request context that satisfies a statement's Condition, built from the condition itself: each positive operator's
 * key takes its first value (a `*` or `?` of a pattern made concrete); negated operators and `Null` need no key set
 * (a missing key satisfies them). Undefined when an operator is one this does not model, so the caller counts it.
 */
export function contextSatisfying(condition: unknown): Record<string, string | string[]> | undefined {
    const context: Record<string, string | string[]> = {};
    for (const [rawOperator, block] of Object.entries((condition ?? {}) as Record<string, Record<string, unknown>>)) {
        const operator = rawOperator.replace(/^For(Any|All)Value:/, "").replace(/IfExists$/, "");
        if (/Not|^Null$/.test(operator)) continue;
        if (
            !/^(String(Equals|EqualsIgnoreCase|Like)|Arn(Equals|Like)|Bool|Numeric\w*|Date\w*|IpAddress)$/.test(
                operator,
            )
        )
            return undefined;
        for (const [key, value] of Object.entries(block)) {
            const first = String(Array.isArray(value) ? value[0] : value);
            const concrete = /Like$/.test(operator) ? first.replace(/[*?]/g, "x") : first;
            context[key] =
                rawOperator.startsWith("ForAnyValue:") || rawOperator.startsWith("ForAllValues:")
                    ? [concrete]
                    : concrete;
        }
    }
    return context;
}

/**
 * What the boundary takes away from a bounded role of the run (must be nothing): every action of every Allow statement
 * of its own policies (wildcards expanded over AWS's action list), on each resource the statement names, that its
 * policies alone allow and the boundary does not. A conditioned statement is asked in a context that satisfies its
 * condition (contextSatisfying), so what it grants under its condition is held to the same rule; `checked` counts
 * them. (AWS managed policies attached to the node and jumpbox roles are not in the graph, and their documents are not
 * at hand offline: their services are listed in the boundary by name.)
 */
export async function grantsTheBoundaryTakes(run: ProgramRun, env: Env): Promise<string[]> {
    return (await boundaryTakes(run, env)).lost;
}

export async function boundaryTakes(
    run: ProgramRun,
    env: Env,
): Promise<{ lost: string[]; conditionedStatements: number; unmodelled: string[] }> {
    // The run's own master secret carries its database's tag on AWS; a conditioned statement adds what satisfies it.
    const lost: string[] = [];
    const unmodelled: string[] = [];
    let conditionedStatements = 0;
    for (const role of run.resources.filter((r) => r.type === "aws:iam/role:Role" && !r.read)) {
        const boundary = boundaryOf(run.resources, role);
        if (!boundary) continue;
        const policies = identityPoliciesOf(run.resources, role);
        for (const s of policies.flatMap((p) => statements(p.policy))) {
            if (s.Effect !== "Allow") continue;
            let context: Record<string, string | string[]> = masterSecretTag(env);
            if (s.Condition !== undefined) {
                const satisfying = contextSatisfying(s.Condition);
                if (!satisfying) {
                    unmodelled.push(`${role.name}: ${JSON.stringify(s.Condition)}`);
                    continue;
                }
                conditionedStatements++;
                context = { ...context, ...satisfying };
            }
            const resources = s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource];
            for (const pattern of s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action]) {
                const expanded = await expand(pattern);
                if (typeof expanded === "string") throw new Error(expanded);
                for (const action of expanded.actions.map((a) => `${expanded.service}:${a}`)) {
                    for (const resource of resources) {
                        // A resource of another type of the action (elasticloadbalancing's classic and V2 share a
                        // prefix, iamModel.ts MERGED_SERVICES): the simulator refuses it; AWS would not evaluate it either.
                        const request = context;
                        const alone = await decide(policies, action, resource, ACCOUNT, request).catch((e: Error) => {
                            if (e.message.includes("no.resource.types")) return "NotApplicable" as const;
                            throw e;
                        });
                        if (
                            alone === "Allowed" &&
                            (await decide(policies, action, resource, ACCOUNT, request, boundary)) !== "Allowed"
                        )
                            lost.push(`${role.name}: ${action} on ${resource}`);
                    }
                }
            }
        }
    }
    return { lost, conditionedStatements, unmodelled };
}

/** Roles of the run, but the deployment role, whose permissionsBoundary is not this stack's boundary (by its fixed ARN). */
export const rolesWithoutTheBoundary = (run: ProgramRun, env: Env): string[] =>
    run.resources
        .filter((r) => r.type === "aws:iam/role:Role" && !r.read && r.name !== DEPLOY_ROLE)
        .filter((r) => r.inputs.permissionsBoundary !== boundaryPolicyArn(env))
        .map((r) => r.name);

/** The AWS Backup service role of an environment's restore rehearsal (components/data/restoreRehearsal.ts). */
export const restoreRehearsalRole = (env: Env) => `${env}-restore-rehearsal-backup`;

/**
 * What the restore rehearsal's role must and must not do: back up and restore its own database, into AWS Backup's
 * throwaway instance only; never the other environment's database, never delete a database (AWS Backup's restore-testing
 * service-linked role deletes the throwaway instance), no secrets, no role to pass.
 */
export function restoreRehearsalRows(env: Env, dbMasterSecretArn: string): Row[] {
    const role = restoreRehearsalRole(env);
    const rds = (rest: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:${rest}`;
    const own = rds(`db:${environmentNames(env).databaseIdentifier}`);
    const throwaway = rds("db:awsbackup-restore-test-0123abcd");
    const vault = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${environmentNames(env).label}-db`;
    const rows: Row[] = [
        allow(role, "rds:ModifyDBInstance", own, "AWS Backup sets its own database's backup retention"),
        allow(role, "rds:RestoreDBInstanceToPointInTime", own, "a point-in-time restore from its own database"),
        allow(role, "rds:RestoreDBInstanceToPointInTime", throwaway, "into AWS Backup's throwaway instance"),
        deny(
            role,
            "rds:RestoreDBInstanceFromDBSnapshot",
            rds("snapshot:awsbackup:job-0123abcd"),
            "a snapshot restore (point in time only: snapshot names carry no environment)",
        ),
        allow(role, "backup:CopyIntoBackupVault", vault, "its own vault"),
        deny(
            role,
            "rds:RestoreDBInstanceToPointInTime",
            rds(`db:${environmentNames(env).label}-copy`),
            "any other target",
        ),
        deny(role, "rds:DeleteDBInstance", own, "its own database"),
        deny(
            role,
            "rds:DeleteDBInstance",
            throwaway,
            "the throwaway instance (AWS Backup's service-linked role deletes it)",
        ),
        deny(
            role,
            "rds:ModifyDBInstance",
            throwaway,
            "the throwaway instance's settings (publicly accessible, security groups)",
        ),
        deny(role, "backup:DeleteBackupVault", vault, "its vault"),
        deny(
            role,
            "backup:DeleteRecoveryPoint",
            `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:continuous:db-0123`,
            "a recovery point",
        ),
        deny(role, "secretsmanager:GetSecretValue", envSecret(env), "its environment's secrets"),
        {
            ...deny(role, "secretsmanager:GetSecretValue", dbMasterSecretArn, "its database's master secret"),
            context: masterSecretTag(env),
        },
        deny(role, "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/anything`, "no role to pass"),
        deny(
            role,
            "kms:Decrypt",
            `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0000-4000-8000-000000000000`,
            "another key, outside RDS",
        ),
    ];
    for (const other of ENVIRONMENTS.filter((e) => e !== env)) {
        const theirs = rds(`db:${environmentNames(other).databaseIdentifier}`);
        rows.push(
            deny(role, "rds:RestoreDBInstanceToPointInTime", theirs, `${other}'s database`),
            deny(
                role,
                "rds:RestoreDBInstanceFromDBSnapshot",
                rds(`snapshot:${environmentNames(other).databaseIdentifier}-final-0123abcd`),
                `${other}'s snapshots`,
            ),
            deny(role, "rds:ModifyDBInstance", theirs, `${other}'s database`),
            deny(role, "rds:DeleteDBInstance", theirs, `${other}'s database`),
            deny(role, "secretsmanager:GetSecretValue", envSecret(other), `${other}'s secrets`),
        );
    }
    return rows;
}
