/**
 * The permissions boundary of a stack (docs/delivery.md): one customer managed policy per environment,
 * `osprey-strike-<env>-boundary` (lib/naming.ts), that every role the stack creates carries. A boundary caps what a
 * role's own policies can grant (IAM User Guide, "Permissions boundaries for IAM entities": the effective permissions
 * are the intersection), so the deployment role, which may create roles only with this boundary
 * (components/delivery/deployRoles.ts, condition iam:PermissionsBoundary), cannot create a role stronger than it: not one
 * that writes IAM, and not one that reaches the other environment, whatever inline policy it puts on it.
 *
 * Allowed: the services the program's workload roles call (their inline policies and the AWS managed policies the
 * node and jumpbox roles attach), tested against the recorded roles in tests/iam. Denied: IAM writes, and the other
 * environment's (and, for a stack that does not own the platform, the platform's) named resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Env, ENVIRONMENTS, environmentNames, PLATFORM_SECRET_PREFIX, permissionsBoundaryName } from "../../lib/naming";
import type { Statement } from "./deployPermissions";

export interface BoundaryArgs {
    environment: Env;
    /** The stack also owns the platform (EKS nodes, add-ons, the IP-sync Lambda, CI, the jumpbox). */
    ownsPlatform: boolean;
    region: string;
    accountId: string;
}

/**
 * Services an environment's roles call: the External Secrets reader (Secrets Manager) and the api (its bucket);
 * kms:Decrypt for secrets or objects under a customer managed key.
 */
const ENVIRONMENT_SERVICES = [
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
    "secretsmanager:ListSecretVersionIds",
    "s3:*",
    "kms:Decrypt",
];
/**
 * Services the platform's roles call: EC2/ELB/ACM/WAF/Shield/Cognito (the AWS Load Balancer Controller's policy,
 * components/cluster/albControllerIamPolicy.json), ECR (CI, nodes, Image Updater), EKS (AmazonEKSWorkerNodePolicy),
 * SSM (AmazonSSMManagedInstanceCore on the jumpbox), logs (Lambda, the CloudWatch agent) and Container Insights metrics,
 * SNS and KMS (the IP-sync function), the platform's
 * secrets (External Secrets, the agent), and the controller's IAM: two reads, and the one write a workload makes, the ELB
 * service-linked role, which the controller's policy creates if it is missing. tests/iam grantsTheBoundaryTakes checks
 * every unconditioned grant of the recorded roles against it (it found the two reads missing).
 */
const PLATFORM_SERVICES = [
    "ec2:*",
    "elasticloadbalancing:*",
    "acm:*",
    "wafv2:*",
    "waf-regional:*",
    "shield:*",
    "cognito-idp:DescribeUserPoolClient",
    "ecr:*",
    "eks:*",
    "eks-auth:*",
    // The EKS cluster service role's two Auto Scaling actions (AmazonEKSClusterPolicy).
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:UpdateAutoScalingGroup",
    "ssm:*",
    "ssmmessages:*",
    "ec2messages:*",
    "logs:*",
    // The CloudWatch agent's Container Insights metrics (its own policy narrows it to that namespace).
    "cloudwatch:PutMetricData",
    "sns:*",
    "kms:*",
    "secretsmanager:*",
    "tag:GetResources",
    // The controller's two IAM reads (server certificates for listeners).
    "iam:ListServerCertificates",
    "iam:GetServerCertificate",
];

/**
 * Every IAM write, listed by name where a prefix would also catch iam:CreateServiceLinkedRole (the one the platform's
 * controller needs; a service-linked role trusts only its service and carries only AWS's policy).
 */
export const IAM_WRITES = [
    "iam:Add*",
    "iam:Attach*",
    "iam:ChangePassword",
    "iam:CreateAccessKey",
    "iam:CreateGroup",
    "iam:CreateInstanceProfile",
    "iam:CreateLoginProfile",
    "iam:CreateOpenIDConnectProvider",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:CreateRole",
    "iam:CreateSAMLProvider",
    "iam:CreateServiceSpecificCredential",
    "iam:CreateUser",
    "iam:CreateVirtualMFADevice",
    "iam:Deactivate*",
    "iam:Delete*",
    "iam:Detach*",
    "iam:Enable*",
    "iam:PassRole",
    "iam:Put*",
    "iam:Remove*",
    "iam:Reset*",
    "iam:Set*",
    "iam:Tag*",
    "iam:Untag*",
    "iam:Update*",
    "iam:Upload*",
];

/** The tag RDS puts on the master secret it manages: the database's ARN (RDS user guide, "Password management with Secrets Manager"). */
export const RDS_SECRET_TAG = "aws:ResourceTag/aws:rds:primaryDBInstanceArn";
export const databaseArn = (env: Env, region: string, accountId: string): string =>
    `arn:aws:rds:${region}:${accountId}:db:${environmentNames(env).databaseIdentifier}`;

/** The named resources of an environment that no one else's role may reach. */
export function environmentResources(
    env: Env,
    region: string,
    accountId: string,
): { service: string[]; resources: string[] } {
    const n = environmentNames(env);
    const arn = (service: string, rest: string) => `arn:aws:${service}:${region}:${accountId}:${rest}`;
    return {
        // Trust stores: writes only (the platform's load balancer controller, which serves both environments, may
        // describe any; it never modifies one).
        service: [
            "secretsmanager:*",
            "s3:*",
            "rds:*",
            "elasticache:*",
            "elasticloadbalancing:ModifyTrustStore",
            "elasticloadbalancing:DeleteTrustStore",
            "elasticloadbalancing:AddTrustStoreRevocations",
            "elasticloadbalancing:RemoveTrustStoreRevocations",
            "cloudwatch:*",
            "events:*",
            "backup:*",
        ],
        resources: [
            arn("secretsmanager", `secret:${n.secretPrefix}*`),
            `arn:aws:s3:::${n.bucketNamePrefix}*`,
            arn("rds", `db:${n.databaseIdentifier}`),
            arn("rds", `snapshot:${n.databaseIdentifier}-*`),
            arn("elasticloadbalancing", `truststore/${n.label}-*`),
            arn("elasticache", `replicationgroup:${env}-*`),
            // Its serving-path alarms, RDS event subscription and notice rules (components/alarms).
            arn("cloudwatch", `alarm:${n.label}-*`),
            arn("rds", `es:${n.label}-*`),
            arn("events", `rule/${n.label}-*`),
            // Its restore rehearsal's vault (components/data/restoreRehearsal.ts).
            arn("backup", `backup-vault:${n.label}-*`),
        ],
    };
}

/**
 * What AWS Backup's service role of an environment's restore rehearsal calls (components/data/restoreRehearsal.ts
 * rehearsalRolePolicy), on that environment's resources only: RDS's reads; ModifyDBInstance on its own database (AWS
 * Backup sets the retention); a point-in-time restore from its own database into AWS Backup's throwaway instance, with
 * its own subnet and parameter groups; tags on the throwaway; its vault; keys tagged with its environment. Never
 * ModifyDBInstance on a throwaway (whose password it would reset) and never a restore from a snapshot: a bounded role of
 * one environment must not reach the other's data through AWS Backup's or RDS's snapshots, whose names carry no
 * environment (tests/iam boundedStarRows).
 */
function restoreRehearsalStatements(a: BoundaryArgs): Statement[] {
    const rds = (rest: string) => `arn:aws:rds:${a.region}:${a.accountId}:${rest}`;
    const n = environmentNames(a.environment);
    const own = rds(`db:${n.databaseIdentifier}`);
    const throwaway = rds("db:awsbackup-restore-test-*");
    return [
        {
            Sid: "RestoreRehearsalReads",
            Effect: "Allow",
            Action: [
                "rds:DescribeDBInstances",
                "rds:DescribeDBInstanceAutomatedBackups",
                "rds:DescribeDBSnapshots",
                "rds:ListTagsForResource",
            ],
            Resource: "*",
        },
        { Sid: "RestoreRehearsalRetention", Effect: "Allow", Action: ["rds:ModifyDBInstance"], Resource: own },
        {
            Sid: "RestoreRehearsalIntoTheThrowaway",
            Effect: "Allow",
            Action: ["rds:RestoreDBInstanceToPointInTime"],
            Resource: [
                own,
                throwaway,
                rds(`subgrp:${a.environment}-*`),
                rds(`pg:${a.environment}-*`),
                rds("og:default:postgres-*"),
            ],
        },
        { Sid: "RestoreRehearsalTags", Effect: "Allow", Action: ["rds:AddTagsToResource"], Resource: throwaway },
        {
            Sid: "RestoreRehearsalVault",
            Effect: "Allow",
            Action: ["backup:DescribeBackupVault", "backup:CopyIntoBackupVault"],
            Resource: `arn:aws:backup:${a.region}:${a.accountId}:backup-vault:${n.label}-*`,
        },
        {
            Sid: "RestoreRehearsalKeys",
            Effect: "Allow",
            Action: ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant"],
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceTag/environment": a.environment } },
        },
    ];
}

/** The boundary's document (pure, tested). */
export function boundaryDocument(a: BoundaryArgs): { Version: string; Statement: Statement[] } {
    const others = ENVIRONMENTS.filter((e) => e !== a.environment).map((e) =>
        environmentResources(e, a.region, a.accountId),
    );
    const platformSecrets = `arn:aws:secretsmanager:${a.region}:${a.accountId}:secret:${PLATFORM_SECRET_PREFIX}*`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WhatTheWorkloadsCall",
                Effect: "Allow",
                Action: [...ENVIRONMENT_SERVICES, ...(a.ownsPlatform ? PLATFORM_SERVICES : [])],
                Resource: "*",
            },
            ...restoreRehearsalStatements(a),
            {
                Sid: "TheElbServiceLinkedRole",
                Effect: "Allow",
                Action: a.ownsPlatform ? ["iam:CreateServiceLinkedRole"] : [],
                Resource: `arn:aws:iam::${a.accountId}:role/aws-service-role/*`,
                Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
            },
            { Sid: "NoIamWrites", Effect: "Deny", Action: IAM_WRITES, Resource: "*" },
            {
                // The master secrets RDS creates are named rds!db-<uuid>, nothing of the environment in it: RDS tags each
                // with its database's ARN (aws:rds:primaryDBInstanceArn), so only the own database's stays readable
                // (fails closed: a secret without the tag is denied).
                Sid: "OnlyTheOwnDatabasesMasterSecret",
                Effect: "Deny",
                Action: ["secretsmanager:*"],
                Resource: `arn:aws:secretsmanager:${a.region}:${a.accountId}:secret:rds!*`,
                Condition: { StringNotEquals: { [RDS_SECRET_TAG]: databaseArn(a.environment, a.region, a.accountId) } },
            },
            {
                Sid: "NotTheOtherEnvironment",
                Effect: "Deny",
                Action: [...new Set(others.flatMap((o) => o.service))],
                Resource: [
                    ...others.flatMap((o) =>
                        o.resources.flatMap((r) => (r.startsWith("arn:aws:s3:::") ? [r, `${r}/*`] : [r])),
                    ),
                    // The platform's secrets are read only by the platform's roles (docs/requirements.md, Isolation).
                    ...(a.ownsPlatform ? [] : [platformSecrets]),
                ],
            },
        ].filter((s) => s.Action.length > 0) as Statement[],
    };
}

/** The ARN of an environment's boundary: fixed, so a policy can name it before the policy exists. */
export const boundaryArn = (env: Env, accountId: string): string =>
    `arn:aws:iam::${accountId}:policy/${permissionsBoundaryName(env)}`;

export interface PermissionsBoundaryArgs {
    environment: Env;
    ownsPlatform: boolean;
    region: string;
}

/** The stack's boundary policy; `bound` is the transformation that puts it on every role created under a component. */
export class PermissionsBoundary extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: PermissionsBoundaryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:delivery:PermissionsBoundary", name, { environment: args.environment }, opts);
        const parent = { parent: this };
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const policy = new aws.iam.Policy(
            name,
            {
                name: permissionsBoundaryName(args.environment),
                description: `Permissions boundary of every role stack ${args.environment} creates: no IAM writes, nothing of the other environment`,
                policy: accountId.apply((account) => JSON.stringify(boundaryDocument({ ...args, accountId: account }))),
            },
            parent,
        );
        this.arn = policy.arn;
        this.registerOutputs({ arn: this.arn });
    }

    /**
     * A resource transformation (Pulumi: `transformations`, applied to a component and all its children in this
     * program) that sets this boundary on every aws:iam/role:Role. It does not reach remote components' children (they
     * are built in the provider's process): boundTransform does.
     */
    bound(): pulumi.ResourceTransformation {
        const arn = this.arn;
        return (a) =>
            a.type === "aws:iam/role:Role"
                ? { props: { ...a.props, permissionsBoundary: arn }, opts: a.opts }
                : undefined;
    }

    /**
     * The same as a `transforms` entry (Pulumi's newer option, which the engine also runs on the children of packaged
     * components): it reaches @pulumi/eks's cluster service role (`<cluster>-eksRole`), the one role the program does
     * not create itself. A boundary on an existing role is an in-place change (iam:PutRolePermissionsBoundary): neither
     * the role nor the cluster is replaced. The boundary allows all of AmazonEKSClusterPolicy (tests/iam).
     */
    boundTransform(): pulumi.ResourceTransform {
        const arn = this.arn;
        return (a) =>
            a.type === "aws:iam/role:Role"
                ? { props: { ...a.props, permissionsBoundary: arn }, opts: a.opts }
                : undefined;
    }
}
