/**
 * Keyless CI: GitHub Actions authenticates to AWS with GitHub's OIDC federation, no stored AWS keys, and the
 * role it assumes is scoped by repository and branch (docs/requirements.md, Access to the cluster and CI). The role may
 * push images to this project's ECR repositories and nothing else.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { gitBranchProblem, githubRepositoryProblem } from "../../lib/validators";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface CiIdentityArgs {
    /** "owner/repo" of the repository whose workflows may assume the role. */
    repository: string;
    /** The one branch whose workflows may assume it (main: merges deploy). */
    branch: string;
    /** ARN of an existing GitHub OIDC provider in the account (one per account); "" to create it here. */
    existingProviderArn: string;
    /** ECR repository name prefix the role may push to, e.g. "osprey-strike/". */
    ecrRepositoryPrefix: string;
    region: string;
}

/**
 * The trust policy: GitHub's OIDC provider, this repository and branch only, audience STS (pure, tested). The subject
 * is exact (StringEquals) and names a branch ref: never `pull_request` (any pull request's workflow, whatever it edits)
 * and never a wildcard, so only a workflow that runs on the branch after review may push images.
 */
export function githubTrustPolicy(providerArn: string, repository: string, branch: string) {
    const problem = githubRepositoryProblem(repository) ?? gitBranchProblem(branch);
    if (problem) throw new Error(`CI role: ${problem}; the trust names one repository and one branch exactly`);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${GITHUB_OIDC_HOST}:sub`]: `repo:${repository}:ref:refs/heads/${branch}`,
                        [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

export class CiIdentity extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly providerArn: pulumi.Output<string>;

    constructor(name: string, args: CiIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:platform:CiIdentity", name, { repository: args.repository, branch: args.branch }, opts);
        const parent = { parent: this };
        const providerArn =
            args.existingProviderArn !== ""
                ? pulumi.output(args.existingProviderArn)
                : new aws.iam.OpenIdConnectProvider(
                      name,
                      { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: ["sts.amazonaws.com"] },
                      parent,
                  ).arn;
        const role = new aws.iam.Role(
            name,
            {
                description: `GitHub Actions of ${args.repository}@${args.branch}: push images to ECR`,
                assumeRolePolicy: providerArn.apply((arn) =>
                    JSON.stringify(githubTrustPolicy(arn, args.repository, args.branch)),
                ),
                maxSessionDuration: 3600,
            },
            parent,
        );
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        new aws.iam.RolePolicy(
            name,
            {
                role: role.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        // GetAuthorizationToken supports no resource-level permissions.
                        { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                        {
                            Sid: "PushProjectImages",
                            Effect: "Allow",
                            Action: [
                                "ecr:BatchCheckLayerAvailability",
                                "ecr:BatchGetImage",
                                "ecr:GetDownloadUrlForLayer",
                                "ecr:InitiateLayerUpload",
                                "ecr:UploadLayerPart",
                                "ecr:CompleteLayerUpload",
                                "ecr:PutImage",
                            ],
                            Resource: pulumi.interpolate`arn:aws:ecr:${args.region}:${account}:repository/${args.ecrRepositoryPrefix}*`,
                        },
                    ],
                }),
            },
            parent,
        );
        this.roleArn = role.arn;
        this.providerArn = providerArn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
