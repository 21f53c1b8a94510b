/**
 * IAM roles for service accounts (IRSA): a role only ONE Kubernetes service account can assume, through the
 * cluster's OIDC provider. Both conditions matter: `sub` pins the namespace and service account (without it
 * any pod in the cluster could take the role), `aud` pins the token's audience to STS.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy } from "../../lib/iamPolicies";

export interface ServiceAccountRef {
    namespace: string;
    name: string;
}

/** The trust policy document (pure): lib/iamPolicies.ts, shared with the attachments' role. */
export { irsaTrustPolicy };

export interface IrsaRoleArgs {
    oidcProviderArn: pulumi.Input<string>;
    /** OIDC issuer without https:// (eks.Cluster's `oidcIssuer`). */
    oidcIssuer: pulumi.Input<string>;
    serviceAccount: ServiceAccountRef;
    description: string;
    /** The role's inline policy document (JSON). */
    policy: pulumi.Input<string>;
}

/** The role and its inline policy; returns the role. */
export function createIrsaRole(name: string, args: IrsaRoleArgs, opts: pulumi.CustomResourceOptions): aws.iam.Role {
    const role = new aws.iam.Role(
        name,
        {
            description: args.description,
            assumeRolePolicy: pulumi
                .all([args.oidcProviderArn, args.oidcIssuer])
                .apply(([arn, issuer]) => JSON.stringify(irsaTrustPolicy(arn, issuer, args.serviceAccount))),
            tags: { "osprey:service-account": `${args.serviceAccount.namespace}/${args.serviceAccount.name}` },
        },
        opts,
    );
    new aws.iam.RolePolicy(name, { role: role.name, policy: args.policy }, opts);
    return role;
}
