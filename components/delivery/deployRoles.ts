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
import { Env } from "../../lib/naming";
import { deployPolicyDocuments, deployServicesPolicyName } from "./deployPermissions";
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
        const documents = accountId.apply((account) =>
            deployPolicyDocuments({
                environment: args.environment,
                ownsPlatform: args.ownsPlatform,
                region: args.region,
                accountId: account,
                protectedRoleNames: args.protectedRoleNames,
            }),
        );
        new aws.iam.RolePolicy(
            name,
            { role: role.name, policy: documents.apply((d) => JSON.stringify(d.inline)) },
            parent,
        );
        // The services part (deployPolicyDocuments): a customer managed policy of this role's own, which no
        // deployment may edit or attach elsewhere; like the role, an operator applies its changes.
        const services = new aws.iam.Policy(
            `${name}-services`,
            {
                name: deployServicesPolicyName(args.roleName),
                description: `The services a deployment of ${args.subject.stack} may manage beyond its inline policy`,
                policy: documents.apply((d) => JSON.stringify(d.managed)),
            },
            parent,
        );
        new aws.iam.RolePolicyAttachment(`${name}-services`, { role: role.name, policyArn: services.arn }, parent);
        this.roleArn = role.arn;
        this.providerArn = providerArn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
