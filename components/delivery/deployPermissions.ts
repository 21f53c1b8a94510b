/**
 * The inline policy of a stack's deployment role (components/delivery/deployRoles.ts creates the role): what a
 * deployment of the stack may do, assembled from the environment's statements (environmentPermissions.ts), the
 * platform's (the owning stack only) and the guards every role carries. Pure, tested (tests/delivery).
 */
import { Env, ENVIRONMENTS, environmentNames, PROJECT } from "../../lib/naming";
import { boundaryArn, databaseArn, environmentResources, RDS_SECRET_TAG } from "./boundary";
import { environmentStatements } from "./environmentPermissions";

/** One statement of an identity policy this folder writes (the deployment roles', the permissions boundary). */
export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface DeployPermissionsArgs {
    /** The stack's environment: its deployments manage only that environment's secrets (osprey-strike/<env>/). */
    environment: Env;
    /** The stack owns the platform (VPC, EKS, ECR, Lambda, the jumpbox) besides its environment. */
    ownsPlatform: boolean;
    region: string;
    accountId: string;
    /** Names of the deployment roles (all stacks): no deployment may edit one. */
    protectedRoleNames: string[];
}

/** AWS managed policies no deployment may attach (the pack's iam-no-admin list, repeated as an IAM guard). */
const ADMIN_POLICIES = [
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/IAMFullAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
];
/** Services whose service-linked roles the platform's resources need (EKS, its node groups, ELB, RDS, Auto Scaling). */
const SERVICE_LINKED = [
    "eks.amazonaws.com",
    "eks-nodegroup.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "rds.amazonaws.com",
    "autoscaling.amazonaws.com",
    // AWS Backup's own, and the one restore testing deletes its throwaway instances with (components/data/
    // restoreRehearsal.ts). Unverified offline: the restore-testing service name, from the AWS Backup developer guide's
    // "Using service-linked roles for AWS Backup" as remembered.
    "backup.amazonaws.com",
    "restore-testing.backup.amazonaws.com",
];

/** What every part of the policy is written from: the args and the names, ARNs and conditions derived from them. */
export function permissionScope(a: DeployPermissionsArgs) {
    const inRegion = { StringEquals: { "aws:RequestedRegion": a.region } };
    const arn = (service: string, rest: string) => `arn:aws:${service}:${a.region}:${a.accountId}:${rest}`;
    const iam = (rest: string) => `arn:aws:iam::${a.accountId}:${rest}`;
    const env = a.environment;
    const n = environmentNames(env);
    const others = ENVIRONMENTS.filter((e) => e !== env);
    const ownTag = (key: "ResourceTag" | "RequestTag") => ({ [`aws:${key}/environment`]: env });
    const boundary = boundaryArn(env, a.accountId);
    return { a, inRegion, arn, iam, env, n, others, ownTag, boundary };
}
export type PermissionScope = ReturnType<typeof permissionScope>;

/** Denies every role carries. IAM evaluates an explicit Deny over any Allow, whatever order the statements are in. */
function guardStatements({ a, arn, iam, others }: PermissionScope): Statement[] {
    const otherResources = others.map((o) => environmentResources(o, a.region, a.accountId));
    // Each deployment role's managed policy (deployServicesPolicyName): an operator changes it, as the role itself.
    const servicesPolicies = a.protectedRoleNames.map((r) => iam(`policy/${deployServicesPolicyName(r)}`));
    return [
        {
            Sid: "NeverTheDeployRoles",
            Effect: "Deny",
            Action: ["iam:*"],
            Resource: a.protectedRoleNames.map((r) => iam(`role/${r}`)),
        },
        {
            Sid: "NeverAttachAdmin",
            Effect: "Deny",
            Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
            Resource: "*",
            // ... nor a deployment role's own managed policy: attached elsewhere it would lend that role's reach.
            Condition: { ArnEquals: { "iam:PolicyARN": [...ADMIN_POLICIES, ...servicesPolicies] } },
        },
        {
            // The boundaries (every environment's) and the deployment roles' managed policies change only by an
            // operator, as the deployment roles do.
            Sid: "NeverTheBoundaries",
            Effect: "Deny",
            Action: [
                "iam:CreatePolicy",
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
                "iam:TagPolicy",
                "iam:UntagPolicy",
            ],
            Resource: [...ENVIRONMENTS.map((e) => boundaryArn(e, a.accountId)), ...servicesPolicies],
        },
        {
            // The other environment's master secret (its name says nothing of the environment: RDS's tag does).
            Sid: "NeverTheOtherEnvironmentsMasterSecret",
            Effect: "Deny",
            Action: ["secretsmanager:*"],
            Resource: arn("secretsmanager", "secret:rds!*"),
            Condition: {
                StringEquals: { [RDS_SECRET_TAG]: others.map((o) => databaseArn(o, a.region, a.accountId)) },
            },
        },
        {
            Sid: "NeverUnboundARole",
            Effect: "Deny",
            Action: ["iam:DeleteRolePermissionsBoundary"],
            Resource: iam("role/*"),
        },
        {
            // The other environment's named resources, whatever an Allow above (or the owner's ec2:*) says.
            Sid: "NeverTheOtherEnvironmentByName",
            Effect: "Deny",
            Action: [...new Set(otherResources.flatMap((o) => o.service))],
            Resource: otherResources.flatMap((o) =>
                o.resources.flatMap((r) => (r.startsWith("arn:aws:s3:::") ? [r, `${r}/*`] : [r])),
            ),
        },
        {
            // ... and the resources tagged with it (security groups, certificates, roles: the owner's ec2:* included).
            Sid: "NeverTheOtherEnvironmentByTag",
            Effect: "Deny",
            // Not CreateSecurityGroup: it is also authorized on the VPC, which is the platform's and tagged main.
            Action: [
                "ec2:DeleteSecurityGroup",
                "ec2:AuthorizeSecurityGroup*",
                "ec2:RevokeSecurityGroup*",
                "ec2:ModifySecurityGroupRules",
                "ec2:UpdateSecurityGroupRuleDescriptions*",
                "ec2:CreateTags",
                "ec2:DeleteTags",
                "acm:*",
                "rds:*",
                "elasticache:*",
                "kms:*",
                "iam:*Role*",
                "backup:*",
            ],
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceTag/environment": others } },
        },
    ];
}

/**
 * The platform's owner also builds the VPC, EKS, ECR, the IP-sync Lambda (its key, topics, logs, alarms), the jumpbox
 * and the agent. Not scoped further: these are the platform's alone (demo creates none), and EC2's and EKS's create
 * calls are authorized on resources that do not exist yet; demo's groups are denied by tag (guardStatements).
 */
function platformStatements({ a, inRegion, iam }: PermissionScope): Statement[] {
    return [
        {
            Sid: "PlatformServicesInRegion",
            Effect: "Allow",
            Action: [
                "ec2:*",
                "eks:*",
                "ecr:*",
                "lambda:*",
                "events:*",
                "autoscaling:Describe*",
                "kms:*",
                "sns:*",
                "logs:*",
                "cloudwatch:*",
            ],
            Resource: "*",
            Condition: inRegion,
        },
        {
            // The account's budget (components/alarms/budget.ts): Budgets is global, its ARNs carry no region.
            Sid: "AccountBudget",
            Effect: "Allow",
            Action: [
                "budgets:ViewBudget",
                "budgets:ModifyBudget",
                "budgets:TagResource",
                "budgets:UntagResource",
                "budgets:ListTagsForResource",
            ],
            Resource: `arn:aws:budgets::${a.accountId}:budget/${PROJECT}-*`,
        },
        {
            Sid: "PlatformIdentity",
            Effect: "Allow",
            Action: [
                "iam:CreateOpenIDConnectProvider",
                "iam:DeleteOpenIDConnectProvider",
                "iam:UpdateOpenIDConnectProviderThumbprint",
                "iam:AddClientIDToOpenIDConnectProvider",
                "iam:RemoveClientIDFromOpenIDConnectProvider",
                "iam:TagOpenIDConnectProvider",
                "iam:CreateInstanceProfile",
                "iam:DeleteInstanceProfile",
                "iam:AddRoleToInstanceProfile",
                "iam:RemoveRoleFromInstanceProfile",
                "iam:TagInstanceProfile",
            ],
            Resource: [iam("oidc-provider/*"), iam("instance-profile/*")],
        },
        {
            // Service-linked roles carry no boundary (AWS creates them, trusting only the service, with AWS's policy).
            Sid: "ServiceLinkedRoles",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: iam("role/aws-service-role/*"),
            Condition: { StringEquals: { "iam:AWSServiceName": SERVICE_LINKED } },
        },
    ];
}

/**
 * The environment's restore rehearsal (components/data/restoreRehearsal.ts): its vault by name (<label>-db), its
 * backup plan, selection and restore testing plan (AWS names them by ID, so by the environment tag the provider's
 * defaultTags put on them; the other environment's are also denied by tag and name in guardStatements). Never a
 * recovery point's deletion or lifecycle: no action here removes a backup (tests/iam deployRows).
 */
function backupStatements({ arn, n, ownTag }: PermissionScope): Statement[] {
    const plans = ["backup:CreateBackupPlan", "backup:CreateRestoreTestingPlan"];
    return [
        {
            Sid: "OwnBackupVault",
            Effect: "Allow",
            Action: [
                "backup:CreateBackupVault",
                "backup:DescribeBackupVault",
                "backup:DeleteBackupVault",
                "backup:TagResource",
                "backup:UntagResource",
                "backup:ListTags",
            ],
            Resource: arn("backup", `backup-vault:${n.label}-*`),
        },
        {
            // What CreateBackupVault asks of the storage behind it (AWS Backup's API reference, CreateBackupVault).
            Sid: "BackupVaultStorage",
            Effect: "Allow",
            Action: ["backup-storage:MountCapsule"],
            Resource: "*",
        },
        {
            Sid: "NewBackupPlans",
            Effect: "Allow",
            Action: [...plans, "backup:TagResource"],
            Resource: [arn("backup", "backup-plan:*"), arn("backup", "restore-testing-plan:*")],
            Condition: { StringEquals: ownTag("RequestTag") },
        },
        {
            // The vault's own key (main's deployments already hold kms:*, the platform's): created with its
            // environment's tag, then managed by that tag. Never scheduled for deletion by a deployment.
            Sid: "NewEnvironmentKeys",
            Effect: "Allow",
            Action: ["kms:CreateKey", "kms:TagResource"],
            Resource: "*",
            Condition: { StringEquals: ownTag("RequestTag") },
        },
        {
            Sid: "OwnEnvironmentKeys",
            Effect: "Allow",
            Action: [
                "kms:DescribeKey",
                "kms:GetKeyPolicy",
                "kms:GetKeyRotationStatus",
                "kms:ListResourceTags",
                "kms:EnableKeyRotation",
                "kms:CreateGrant",
                "kms:TagResource",
                "kms:UntagResource",
            ],
            Resource: "*",
            Condition: { StringEquals: ownTag("ResourceTag") },
        },
        {
            // Selections are authorized on their plan.
            Sid: "OwnBackupPlans",
            Effect: "Allow",
            Action: [
                "backup:GetBackupPlan",
                "backup:UpdateBackupPlan",
                "backup:DeleteBackupPlan",
                "backup:CreateBackupSelection",
                "backup:GetBackupSelection",
                "backup:DeleteBackupSelection",
                "backup:GetRestoreTestingPlan",
                "backup:UpdateRestoreTestingPlan",
                "backup:DeleteRestoreTestingPlan",
                "backup:CreateRestoreTestingSelection",
                "backup:GetRestoreTestingSelection",
                "backup:UpdateRestoreTestingSelection",
                "backup:DeleteRestoreTestingSelection",
                "backup:ListTags",
                "backup:UntagResource",
            ],
            Resource: [arn("backup", "backup-plan:*"), arn("backup", "restore-testing-plan:*")],
            Condition: { StringEquals: ownTag("ResourceTag") },
        },
    ];
}

/**
 * The role's two documents. IAM caps a role's inline policies at 10,240 characters in all and a managed policy at
 * 6,144 (IAM User Guide, "IAM and AWS STS quotas"): the environment's statements and the guards are the inline policy;
 * the services the environment may switch on (the restore rehearsal) and the platform's statements are a customer
 * managed policy of the role's own (deployServicesPolicyName), which no deployment may edit or attach elsewhere.
 * Every Deny is inline: IAM evaluates it over the Allows of both.
 */
export function deployPolicyDocuments(a: DeployPermissionsArgs): {
    inline: { Version: string; Statement: Statement[] };
    managed: { Version: string; Statement: Statement[] };
} {
    const scope = permissionScope(a);
    return {
        inline: { Version: "2012-10-17", Statement: [...environmentStatements(scope), ...guardStatements(scope)] },
        managed: {
            Version: "2012-10-17",
            Statement: [...backupStatements(scope), ...(a.ownsPlatform ? platformStatements(scope) : [])],
        },
    };
}

/** A deployment role's managed policy (deployPolicyDocuments), named after the role. */
export const deployServicesPolicyName = (roleName: string): string => `${roleName}-services`;

/**
 * What a deployment of the stack may do (both documents as one, the form the tests reason about): each statement scoped to the stack's own resources, by
 * physical name prefix (lib/naming.ts: buckets osprey-strike-<env>-*, db:osprey-<env>, truststore/osprey-<env>-*,
 * secrets osprey-strike/<env>/, auto-named groups <env>-*) or, where the name is AWS's (security groups, certificates,
 * roles), by the `environment` tag the aws provider's defaultTags put on every taggable resource
 * (components/providers.ts standardTags): aws:ResourceTag on existing resources, aws:RequestTag on creation.
 * Roles: created, edited and deleted only when they carry the environment's permissions boundary (iam:PermissionsBoundary,
 * components/delivery/boundary.ts), which itself denies IAM writes and the other environment. Never "*", "iam:*" or
 * NotAction (iam-no-admin). Not scoped, and why, is said at each statement (docs/delivery.md).
 */
export function deployPermissions(a: DeployPermissionsArgs): { Version: string; Statement: Statement[] } {
    const scope = permissionScope(a);
    return {
        Version: "2012-10-17",
        Statement: [
            ...environmentStatements(scope),
            ...backupStatements(scope),
            ...(a.ownsPlatform ? platformStatements(scope) : []),
            ...guardStatements(scope),
        ],
    };
}
