/**
 * The environment's statements of a deployment role's policy (deployPermissions.ts assembles them): its own resources,
 * by physical name prefix or by the `environment` tag. Pure.
 */
import { PLATFORM_SECRET_PREFIX } from "../../lib/naming";
import type { PermissionScope, Statement } from "./deployPermissions";

/** Every statement for the stack's own environment (the platform's owner adds platformStatements). */
export function environmentStatements({
    a,
    inRegion,
    arn,
    iam,
    env,
    n,
    ownTag,
    boundary,
}: PermissionScope): Statement[] {
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
                        // The restore rehearsal's AWS Backup role (components/data/restoreRehearsal.ts).
                        "backup.amazonaws.com",
                    ],
                    ...ownTag("ResourceTag"),
                },
            },
        },
    ];
    return environment;
}
