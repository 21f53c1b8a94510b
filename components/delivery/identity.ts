/**
 * Keyless cloud access for Pulumi Deployments (README, Delivery). Pulumi Cloud issues each deployment an OIDC token
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
import { Env, environmentNames, PLATFORM_SECRET_PREFIX } from "../../lib/naming";
import { deployOperationsProblem, pulumiOrganizationProblem } from "../../lib/deliveryRules";
import { refuseInvalidArgs } from "../invalidArgs";

export const PULUMI_OIDC_HOST = "api.pulumi.com/oidc";
/** The operations a subject may name (Pulumi docs: "all of the valid operations on a stack"). */
export type { DeployOperation } from "../../lib/deliveryRules";
import type { DeployOperation } from "../../lib/deliveryRules";

export interface DeploymentSubject {
    organization: string;
    project: string;
    stack: string;
}

/** The subject Pulumi Deployments puts in the token for one operation (the scope is always write for deployments). */
export const deploymentSubject = (s: DeploymentSubject, operation: DeployOperation): string =>
    `pulumi:deploy:org:${s.organization}:project:${s.project}:stack:${s.stack}:operation:${operation}:scope:write`;

/** The trust policy of one stack's deployment role (pure, tested). */
export function pulumiDeployTrustPolicy(providerArn: string, subject: DeploymentSubject, operations: readonly DeployOperation[]) {
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

interface Statement {
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
const ADMIN_POLICIES = ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/IAMFullAccess", "arn:aws:iam::aws:policy/PowerUserAccess"];

/**
 * What a deployment of the stack may do: the services the stack manages, in its region and account, and IAM only for
 * the roles, policies, instance profiles and OIDC providers the program creates. Never "*", "iam:*" or NotAction.
 * Could not be narrowed (README, Delivery): resource names (Pulumi auto-names most resources, so IAM and S3 are
 * account-wide, not name-prefixed); a deployment that may create roles and policies can in principle create a more
 * powerful one (the guard below denies editing the deployment roles and attaching admin policies; a permissions
 * boundary on every program role would close the rest).
 */
export function deployPermissions(a: DeployPermissionsArgs): { Version: string; Statement: Statement[] } {
    const inRegion = { StringEquals: { "aws:RequestedRegion": a.region } };
    const arn = (service: string, rest: string) => `arn:aws:${service}:${a.region}:${a.accountId}:${rest}`;
    const iam = (rest: string) => `arn:aws:iam::${a.accountId}:${rest}`;
    // The environment's own services: ALB security group, database, bucket, secrets, certificate, Valkey, alarms.
    const environment: Statement[] = [
        {
            Sid: "ReadEverywhereInRegion",
            Effect: "Allow",
            Action: ["ec2:Describe*", "eks:Describe*", "eks:List*", "elasticloadbalancing:Describe*", "tag:GetResources", "ssm:GetParameter*"],
            Resource: "*",
            Condition: inRegion,
        },
        { Sid: "WhoAmI", Effect: "Allow", Action: ["sts:GetCallerIdentity"], Resource: "*" },
        {
            Sid: "EnvironmentServicesInRegion",
            Effect: "Allow",
            Action: ["rds:*", "elasticache:*", "acm:*", "logs:*", "cloudwatch:*", "sns:*", "kms:*"],
            Resource: [arn("rds", "*"), arn("elasticache", "*"), arn("acm", "*"), arn("logs", "*"), arn("cloudwatch", "*"), arn("sns", "*"), arn("kms", "*")],
        },
        // Create calls that have no resource ARN yet (kms:CreateKey, rds:Create*Group, ...) are authorized on "*".
        {
            Sid: "CreateWithoutArnInRegion",
            Effect: "Allow",
            Action: [
                "kms:CreateKey",
                "kms:ListAliases",
                "kms:ListKeys",
                "acm:RequestCertificate",
                "acm:ListCertificates",
                "rds:Describe*",
                "elasticache:Describe*",
            ],
            Resource: "*",
            Condition: inRegion,
        },
        {
            Sid: "SecurityGroupsInRegion",
            Effect: "Allow",
            Action: [
                "ec2:CreateSecurityGroup",
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
            Resource: "*",
            Condition: inRegion,
        },
        {
            // Its own environment's secrets, and the platform's for the owner: never the other environment's (issue 12).
            // Not rds!* either: RDS creates and rotates the master secrets itself; the program only names their ARNs.
            Sid: "OwnSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:*"],
            Resource: [
                arn("secretsmanager", `secret:${environmentNames(a.environment).secretPrefix}*`),
                ...(a.ownsPlatform ? [arn("secretsmanager", `secret:${PLATFORM_SECRET_PREFIX}*`)] : []),
            ],
        },
        { Sid: "SecretsWithoutArn", Effect: "Allow", Action: ["secretsmanager:GetRandomPassword", "secretsmanager:ListSecrets"], Resource: "*" },
        // Bucket ARNs carry no account: the account is pinned by condition instead.
        { Sid: "BucketsOfThisAccount", Effect: "Allow", Action: ["s3:*"], Resource: "*", Condition: { StringEquals: { "aws:ResourceAccount": a.accountId } } },
        {
            Sid: "TrustStores",
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
            Resource: arn("elasticloadbalancing", "truststore/*"),
        },
        {
            Sid: "ProgramRolesAndPolicies",
            Effect: "Allow",
            Action: [
                "iam:GetRole",
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:UpdateRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole",
                "iam:GetRolePolicy",
                "iam:PutRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:AttachRolePolicy",
                "iam:DetachRolePolicy",
                "iam:GetPolicy",
                "iam:GetPolicyVersion",
                "iam:ListPolicyVersions",
                "iam:CreatePolicy",
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:TagPolicy",
                "iam:GetOpenIDConnectProvider",
            ],
            Resource: [iam("role/*"), iam("policy/*"), "arn:aws:iam::aws:policy/*", iam("oidc-provider/*")],
        },
        {
            Sid: "PassRolesToTheProgramsServices",
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
                },
            },
        },
    ];
    // Guards: IAM evaluates an explicit Deny over any Allow, whatever order the statements are in.
    const guards: Statement[] = [
        {
            Sid: "NeverTheDeployRoles",
            Effect: "Deny",
            Action: ["iam:*"],
            Resource: a.protectedRoleNames.map((n) => iam(`role/${n}`)),
        },
        {
            Sid: "NeverAttachAdmin",
            Effect: "Deny",
            Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
            Resource: "*",
            Condition: { ArnEquals: { "iam:PolicyARN": ADMIN_POLICIES } },
        },
    ];
    // The platform's owner also builds the VPC, EKS, ECR, the IP-sync Lambda, the jumpbox and the agent.
    const platform: Statement[] = [
        {
            Sid: "PlatformServicesInRegion",
            Effect: "Allow",
            Action: ["ec2:*", "eks:*", "ecr:*", "lambda:*", "events:*", "autoscaling:Describe*"],
            Resource: "*",
            Condition: inRegion,
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
                "iam:GetInstanceProfile",
                "iam:CreateInstanceProfile",
                "iam:DeleteInstanceProfile",
                "iam:AddRoleToInstanceProfile",
                "iam:RemoveRoleFromInstanceProfile",
                "iam:TagInstanceProfile",
            ],
            Resource: [iam("oidc-provider/*"), iam("instance-profile/*")],
        },
        {
            Sid: "ServiceLinkedRoles",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: iam("role/aws-service-role/*"),
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
export function deploymentIdentityArgProblems(args: DeploymentIdentityArgs): string[] {
    const problems: string[] = [];
    const org = args.subject.organization === "" ? "is empty (the OIDC audience)" : pulumiOrganizationProblem(args.subject.organization);
    if (org) problems.push(`subject.organization: ${org}`);
    const operations = deployOperationsProblem(args.operations);
    if (operations) problems.push(`operations: ${operations}`);
    const s = args.maxSessionSeconds;
    if (!Number.isInteger(s) || s < 3600 || s > 43200) problems.push(`maxSessionSeconds: ${s} is outside IAM's 3600 to 43200`);
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
                assumeRolePolicy: providerArn.apply((arn) => JSON.stringify(pulumiDeployTrustPolicy(arn, args.subject, args.operations))),
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
