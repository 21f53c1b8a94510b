/**
 * Keyless cloud access for Pulumi Deployments (docs/delivery.md). Pulumi Cloud issues each deployment an OIDC token
 * (issuer https://api.pulumi.com/oidc, audience = the Pulumi organization, subject
 * `pulumi:deploy:org:<org>:project:<project>:stack:<stack>:operation:<operation>:scope:write`; Pulumi docs,
 * "Deployments > OIDC > AWS" and the subject-claim examples of the Azure page) and exchanges it for this role.
 *
 * One provider per account (the platform's owner creates it, or names an existing one); one role per stack, created
 * by that stack, with a fixed name (lib/naming.ts deployRoleName) so Pulumi.<stack>.deploy.yaml can name its ARN.
 * The trust pins the audience and one EXACT subject per allowed operation (StringEquals, no wildcard), so a token of
 * another stack, project or organization, or of a destroy or a preview, cannot assume it. No preview: a pull-request
 * preview runs the branch's code, and the settings can name only this one role (lib/deliveryRules.ts PREVIEW_REFUSED).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Env, ENVIRONMENTS, environmentNames, PLATFORM_SECRET_PREFIX, PROJECT } from "../../lib/naming";
import { boundaryArn, databaseArn, environmentResources, RDS_SECRET_TAG } from "./boundary";
import { deployOperationsProblem, pulumiOrganizationProblem } from "../../lib/deliveryRules";
import { refuseInvalidArgs } from "../invalidArgs";

export const PULUMI_OIDC_HOST = "api.pulumi.com/oidc";
/** The operations a subject may name (Pulumi docs: "all of the valid operations on a stack"). */
export type { DeployOperation } from "../../lib/deliveryRules";
import type { DeployOperation } from "../../lib/deliveryRules";
import { problem, Problem, problemIf } from "../../lib/problems";

export interface DeploymentSubject {
    organization: string;
    project: string;
    stack: string;
}

/** The subject Pulumi Deployments puts in the token for one operation (the scope is always write for deployments). */
export const deploymentSubject = (s: DeploymentSubject, operation: DeployOperation): string =>
    `pulumi:deploy:org:${s.organization}:project:${s.project}:stack:${s.stack}:operation:${operation}:scope:write`;

/** The trust policy of one stack's deployment role (pure, tested). */
export function pulumiDeployTrustPolicy(
    providerArn: string,
    subject: DeploymentSubject,
    operations: readonly DeployOperation[],
) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PulumiDeploymentsOfThisStack",
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${PULUMI_OIDC_HOST}:aud`]: subject.organization,
                        [`${PULUMI_OIDC_HOST}:sub`]: operations.map((o) => deploymentSubject(subject, o)),
                    },
                },
            },
        ],
    };
}

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
];

/**
 * What a deployment of the stack may do: each statement scoped to the stack's own resources, by
 * physical name prefix (lib/naming.ts: buckets osprey-strike-<env>-*, db:osprey-<env>, truststore/osprey-<env>-*,
 * secrets osprey-strike/<env>/, auto-named groups <env>-*) or, where the name is AWS's (security groups, certificates,
 * roles), by the `environment` tag the aws provider's defaultTags put on every taggable resource
 * (components/providers.ts standardTags): aws:ResourceTag on existing resources, aws:RequestTag on creation.
 * Roles: created, edited and deleted only when they carry the environment's permissions boundary (iam:PermissionsBoundary,
 * components/delivery/boundary.ts), which itself denies IAM writes and the other environment. Never "*", "iam:*" or
 * NotAction (iam-no-admin). Not scoped, and why, is said at each statement (docs/delivery.md).
 */
export function deployPermissions(a: DeployPermissionsArgs): { Version: string; Statement: Statement[] } {
    const inRegion = { StringEquals: { "aws:RequestedRegion": a.region } };
    const arn = (service: string, rest: string) => `arn:aws:${service}:${a.region}:${a.accountId}:${rest}`;
    const iam = (rest: string) => `arn:aws:iam::${a.accountId}:${rest}`;
    const env = a.environment;
    const n = environmentNames(env);
    const others = ENVIRONMENTS.filter((e) => e !== env);
    const ownTag = (key: "ResourceTag" | "RequestTag") => ({ [`aws:${key}/environment`]: env });
    const boundary = boundaryArn(env, a.accountId);
    // The environment's serving-path alarms and origin-pull notice rules (components/alarms), named osprey-<env>-*. Not
    // for the platform's owner: its PlatformServicesInRegion already has cloudwatch:* and events:* (and its inline
    // policy must stay under IAM's 10,240 characters).
    const ownAlarms: Statement[] = a.ownsPlatform
        ? []
        : [
              {
                  Sid: "OwnAlarmsAndNotices",
                  Effect: "Allow",
                  Action: [
                      "cloudwatch:PutMetricAlarm",
                      "cloudwatch:DeleteAlarms",
                      "cloudwatch:DescribeAlarms",
                      "cloudwatch:TagResource",
                      "cloudwatch:UntagResource",
                      "cloudwatch:ListTagsForResource",
                      "events:PutRule",
                      "events:DeleteRule",
                      "events:DescribeRule",
                      "events:PutTargets",
                      "events:RemoveTargets",
                      "events:ListTargetsByRule",
                      "events:TagResource",
                      "events:UntagResource",
                      "events:ListTagsForResource",
                  ],
                  Resource: [arn("cloudwatch", `alarm:${n.label}-*`), arn("events", `rule/${n.label}-*`)],
              },
          ];
    const environment: Statement[] = [
        ...ownAlarms,
        {
            // Reads carry no data (descriptions, tags, parameters, key metadata); most Describe/List actions support
            // only "*". One statement for all of them: the role's inline policy must stay under IAM's 10,240 characters.
            Sid: "ReadEverywhereInRegion",
            Effect: "Allow",
            Action: [
                "ec2:Describe*",
                "eks:Describe*",
                "eks:List*",
                "elasticloadbalancing:Describe*",
                "rds:Describe*",
                "rds:ListTagsForResource",
                "elasticache:Describe*",
                "acm:ListCertificates",
                "tag:GetResources",
                "ssm:GetParameter*",
                // Key metadata only (no Decrypt, no grant): what a new master secret's creation asks of its key.
                "kms:DescribeKey",
                // No ARN to scope by: a list of names, and a random string that reads nothing.
                "secretsmanager:ListSecrets",
                "secretsmanager:GetRandomPassword",
            ],
            Resource: "*",
            Condition: inRegion,
        },
        { Sid: "WhoAmI", Effect: "Allow", Action: ["sts:GetCallerIdentity"], Resource: "*" },
        {
            // The database (identifier osprey-<env>), its final snapshots, and its auto-named subnet and parameter
            // groups (<env>-db-*); the ElastiCache groups of the session cache (<env>-*).
            Sid: "OwnDatabaseAndCache",
            Effect: "Allow",
            Action: ["rds:*", "elasticache:*"],
            Resource: [
                arn("rds", `db:${n.databaseIdentifier}`),
                arn("rds", `snapshot:${n.databaseIdentifier}-*`),
                arn("rds", `subgrp:${env}-*`),
                arn("rds", `pg:${env}-*`),
                // Its RDS event subscription (components/alarms, osprey-<env>-rds-events).
                arn("rds", `es:${n.label}-*`),
                arn("elasticache", `replicationgroup:${env}-*`),
                arn("elasticache", `cluster:${env}-*`),
                arn("elasticache", `subnetgroup:${env}-*`),
                arn("elasticache", `usergroup:${env}-*`),
            ],
        },
        {
            // Certificates have AWS-chosen ARNs (a UUID): by tag. RequestCertificate has no resource type.
            Sid: "OwnCertificates",
            Effect: "Allow",
            Action: ["acm:*"],
            Resource: arn("acm", "certificate/*"),
            Condition: { StringEquals: ownTag("ResourceTag") },
        },
        {
            Sid: "NewCertificates",
            Effect: "Allow",
            Action: ["acm:RequestCertificate", "acm:AddTagsToCertificate"],
            Resource: "*",
            Condition: { StringEquals: { ...ownTag("RequestTag"), ...inRegion.StringEquals } },
        },
        {
            // Security groups have AWS-chosen IDs: created only tagged with the environment, changed only when they carry it.
            Sid: "NewSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:CreateSecurityGroup"],
            Resource: arn("ec2", "security-group/*"),
            Condition: { StringEquals: ownTag("RequestTag") },
        },
        // CreateSecurityGroup is also authorized on the VPC it is created in (the platform's; a group is not a way into it).
        {
            Sid: "NewSecurityGroupsInTheVpc",
            Effect: "Allow",
            Action: ["ec2:CreateSecurityGroup"],
            Resource: arn("ec2", "vpc/*"),
        },
        {
            Sid: "OwnSecurityGroups",
            Effect: "Allow",
            Action: [
                "ec2:DeleteSecurityGroup",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:ModifySecurityGroupRules",
                "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
                "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                "ec2:CreateTags",
                "ec2:DeleteTags",
            ],
            Resource: arn("ec2", "security-group/*"),
            Condition: { StringEquals: ownTag("ResourceTag") },
        },
        {
            // The rule resources of aws.vpc.SecurityGroupIngressRule (authorized with the group above), tagged at creation.
            Sid: "RulesOfOwnSecurityGroups",
            Effect: "Allow",
            Action: [
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:ModifySecurityGroupRules",
                "ec2:CreateTags",
                "ec2:DeleteTags",
            ],
            Resource: arn("ec2", "security-group-rule/*"),
        },
        {
            Sid: "TagOnCreate",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: arn("ec2", "security-group/*"),
            Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", ...ownTag("RequestTag") } },
        },
        {
            // Its own environment's secrets, and the platform's for the owner: never the other environment's
            // (docs/requirements.md, Isolation).
            Sid: "OwnSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:*"],
            Resource: [
                arn("secretsmanager", `secret:${n.secretPrefix}*`),
                ...(a.ownsPlatform ? [arn("secretsmanager", `secret:${PLATFORM_SECRET_PREFIX}*`)] : []),
            ],
        },
        {
            // A database created (or replaced) with manageMasterUserPassword: RDS creates its master secret, rds!db-<uuid>,
            // with the caller's permissions, which must include CreateSecret and TagResource on it and kms:DescribeKey of
            // the secret's key, aws/secretsmanager here (RDS user guide, "Password management with Amazon RDS and AWS
            // Secrets Manager", permissions required for Secrets Manager integration). CreateSecret cannot reach an
            // existing secret; no read, no write of a value, no delete (RDS deletes the secret with its database).
            Sid: "MasterSecretOfItsNewDatabase",
            Effect: "Allow",
            Action: ["secretsmanager:CreateSecret", "secretsmanager:TagResource"],
            Resource: arn("secretsmanager", "secret:rds!db-*"),
        },
        {
            // Bucket ARNs carry no account: the account is pinned by condition as well as the name.
            Sid: "OwnBuckets",
            Effect: "Allow",
            Action: ["s3:*"],
            Resource: [`arn:aws:s3:::${n.bucketNamePrefix}*`, `arn:aws:s3:::${n.bucketNamePrefix}*/*`],
            Condition: { StringEquals: { "aws:ResourceAccount": a.accountId } },
        },
        {
            Sid: "OwnTrustStore",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:CreateTrustStore",
                "elasticloadbalancing:ModifyTrustStore",
                "elasticloadbalancing:DeleteTrustStore",
                "elasticloadbalancing:AddTrustStoreRevocations",
                "elasticloadbalancing:RemoveTrustStoreRevocations",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags",
            ],
            Resource: arn("elasticloadbalancing", `truststore/${n.label}-*`),
        },
        {
            // Reads of roles and policies (refresh, diffs); the boundary's own document included.
            Sid: "ReadIdentity",
            Effect: "Allow",
            Action: [
                "iam:GetRole",
                "iam:ListRoleTags",
                "iam:ListPolicyTags",
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole",
                "iam:GetRolePolicy",
                "iam:GetPolicy",
                "iam:GetPolicyVersion",
                "iam:ListPolicyVersions",
                "iam:GetOpenIDConnectProvider",
                "iam:GetInstanceProfile",
            ],
            Resource: [
                iam("role/*"),
                iam("policy/*"),
                "arn:aws:iam::aws:policy/*",
                iam("oidc-provider/*"),
                iam("instance-profile/*"),
            ],
        },
        {
            // Only with the boundary, only tagged with the environment (a role's name is Pulumi's auto-name).
            Sid: "CreateRolesOnlyWithTheBoundary",
            Effect: "Allow",
            Action: ["iam:CreateRole"],
            Resource: iam("role/*"),
            Condition: { StringEquals: { "iam:PermissionsBoundary": boundary, ...ownTag("RequestTag") } },
        },
        {
            // Changes only to roles that carry the boundary and the environment's tag (not the other's, not an unbounded one).
            Sid: "EditRolesOnlyWithTheBoundary",
            Effect: "Allow",
            Action: [
                "iam:DeleteRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:PutRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:PutRolePermissionsBoundary",
            ],
            Resource: iam("role/*"),
            Condition: { StringEquals: { "iam:PermissionsBoundary": boundary, ...ownTag("ResourceTag") } },
        },
        {
            // Likewise, and AWS managed policies only (the program creates no customer managed policy but the boundary).
            Sid: "AttachAwsPoliciesOnlyWithTheBoundary",
            Effect: "Allow",
            Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
            Resource: iam("role/*"),
            Condition: {
                StringEquals: { "iam:PermissionsBoundary": boundary, ...ownTag("ResourceTag") },
                ArnLike: { "iam:PolicyARN": "arn:aws:iam::aws:policy/*" },
            },
        },
        {
            Sid: "TagAndDescribeOwnRoles",
            Effect: "Allow",
            Action: ["iam:UpdateRole", "iam:UpdateRoleDescription", "iam:TagRole", "iam:UntagRole"],
            Resource: iam("role/*"),
            Condition: { StringEquals: ownTag("ResourceTag") },
        },
        {
            Sid: "PassOwnRolesToTheProgramsServices",
            Effect: "Allow",
            Action: ["iam:PassRole"],
            Resource: iam("role/*"),
            Condition: {
                StringEquals: {
                    "iam:PassedToService": [
                        "ec2.amazonaws.com",
                        "lambda.amazonaws.com",
                        "eks.amazonaws.com",
                        "rds.amazonaws.com",
                        "monitoring.rds.amazonaws.com",
                    ],
                    ...ownTag("ResourceTag"),
                },
            },
        },
    ];
    // Guards: IAM evaluates an explicit Deny over any Allow, whatever order the statements are in.
    const otherResources = others.map((o) => environmentResources(o, a.region, a.accountId));
    const guards: Statement[] = [
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
            Condition: { ArnEquals: { "iam:PolicyARN": ADMIN_POLICIES } },
        },
        {
            // The boundaries (every environment's) change only by an operator, as the deployment roles do.
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
            Resource: ENVIRONMENTS.map((e) => boundaryArn(e, a.accountId)),
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
            ],
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceTag/environment": others } },
        },
    ];
    // The platform's owner also builds the VPC, EKS, ECR, the IP-sync Lambda (its key, topics, logs, alarms), the
    // jumpbox and the agent. Not scoped further: these are the platform's alone (demo creates none), and EC2's and
    // EKS's create calls are authorized on resources that do not exist yet; demo's groups are denied by tag above.
    const platform: Statement[] = [
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
    return { Version: "2012-10-17", Statement: [...environment, ...(a.ownsPlatform ? platform : []), ...guards] };
}

export interface DeploymentIdentityArgs {
    subject: DeploymentSubject;
    operations: DeployOperation[];
    /** Create the account's Pulumi OIDC provider here (the platform's owner, unless existingProviderArn names one). */
    createProvider: boolean;
    existingProviderArn: string;
    environment: Env;
    ownsPlatform: boolean;
    region: string;
    roleName: string;
    /** Names of every stack's deployment role (none may edit another). */
    protectedRoleNames: string[];
    maxSessionSeconds: number;
}

/** Every problem with the args, each naming its field (a top-level component: it checks its own args). */
export function deploymentIdentityArgProblems(args: DeploymentIdentityArgs): Problem[] {
    const org =
        args.subject.organization === ""
            ? "is empty (the OIDC audience)"
            : pulumiOrganizationProblem(args.subject.organization);
    const problems = [
        ...problemIf("subject.organization", org),
        ...problemIf("operations", deployOperationsProblem(args.operations)),
    ];
    const s = args.maxSessionSeconds;
    if (!Number.isInteger(s) || s < 3600 || s > 43200)
        problems.push(problem("maxSessionSeconds", `${s} is outside IAM's 3600 to 43200`));
    return problems;
}

export class DeploymentIdentity extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly providerArn: pulumi.Output<string>;

    constructor(name: string, args: DeploymentIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:delivery:DeploymentIdentity", name, { subject: args.subject, operations: args.operations }, opts);
        refuseInvalidArgs(this, "DeploymentIdentity", name, deploymentIdentityArgProblems(args));
        const parent = { parent: this };
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const providerArn =
            args.existingProviderArn !== ""
                ? pulumi.output(args.existingProviderArn)
                : args.createProvider
                  ? new aws.iam.OpenIdConnectProvider(
                        `${name}-pulumi-oidc`,
                        { url: `https://${PULUMI_OIDC_HOST}`, clientIdLists: [args.subject.organization] },
                        parent,
                    ).arn
                  : // The owner's provider (one per account and URL): its ARN follows from the account.
                    pulumi.interpolate`arn:aws:iam::${accountId}:oidc-provider/${PULUMI_OIDC_HOST}`;
        const role = new aws.iam.Role(
            name,
            {
                name: args.roleName,
                description: `Pulumi Deployments of ${args.subject.organization}/${args.subject.project}/${args.subject.stack} (${args.operations.join(", ")})`,
                assumeRolePolicy: providerArn.apply((arn) =>
                    JSON.stringify(pulumiDeployTrustPolicy(arn, args.subject, args.operations)),
                ),
                maxSessionDuration: args.maxSessionSeconds,
            },
            parent,
        );
        new aws.iam.RolePolicy(
            name,
            {
                role: role.name,
                policy: accountId.apply((account) =>
                    JSON.stringify(
                        deployPermissions({
                            environment: args.environment,
                            ownsPlatform: args.ownsPlatform,
                            region: args.region,
                            accountId: account,
                            protectedRoleNames: args.protectedRoleNames,
                        }),
                    ),
                ),
            },
            parent,
        );
        this.roleArn = role.arn;
        this.providerArn = providerArn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
