/**
 * Layer 2 of the four auth layers (docs/requirements.md, Auth layers): the ALB runs an OIDC flow against Keycloak
 * (layer 3) before any request
 * reaches a pod. This creates the environment's OWN client in the platform's realm and carries its secret to the AWS
 * Load Balancer Controller without anyone typing it:
 *
 *   keycloak.openid.Client (Keycloak generates the secret; the provider marks it secret)
 *     -> Secrets Manager osprey-strike/<env>/alb-oidc  {"clientID", "clientSecret"}  (secret Output, encrypted in state)
 *     -> ExternalSecret alb-oidc in osprey-<env> (ESO copies the JSON keys)
 *     -> Secret alb-oidc, read by the controller (namespace RBAC in namespace.ts) for the auth-idp-oidc annotation.
 *
 * The client: confidential, authorization-code ("standard") flow only; no implicit, direct-access (password) or
 * service-account grants; redirect URIs exactly https://<host>/oauth2/idpresponse for the environment's hostnames.
 * Its group-membership mapper puts full group paths into the `groups` claim of the ID token, access token and userinfo
 * (the ALB's x-amzn-oidc-data carries the userinfo claims; docs/auth.md).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { appExternalSecret } from "../data/externalSecrets";
import { recoveryWindowDays, secretManagerName } from "../data/secretCatalog";
import { albOidcAnnotationValue, albRedirectUris, GROUPS_CLAIM, GROUPS_FULL_PATH } from "../../lib/authContract";
import { Env, environmentNames } from "../../lib/naming";

export { keycloakEndpoints } from "../../lib/authContract";

export const ALB_OIDC_SECRET = "alb-oidc";

export interface AlbOidcClientArgs {
    environment: Env;
    /** The platform's realm (ID = name). */
    realmId: pulumi.Input<string>;
    /** The realm's issuer, https://<keycloak>/realms/<realm>. */
    issuerUrl: pulumi.Input<string>;
    /** The hostnames the environment's ALB authenticates (web, api, ...): one redirect URI each. */
    hostnames: string[];
    namespace: string;
    secretStoreName: string;
    /** Absent while the cluster's API is not reachable yet: only Keycloak and the Secrets Manager side are created. */
    k8sProvider?: k8s.Provider;
    /** What the ExternalSecret waits for (the namespace; the ESO chart and store when this stack installs them). */
    externalSecretsAfter?: pulumi.Resource[];
}

export class AlbOidcClient extends pulumi.ComponentResource {
    /** Value of the ingress annotation alb.ingress.kubernetes.io/auth-idp-oidc. */
    readonly ingressAnnotation: pulumi.Output<string>;
    /** The Keycloak client's ID (osprey-alb-<environment>). */
    readonly clientId: string;
    /** Secrets Manager name of the client credentials. */
    readonly secretName: string;

    constructor(name: string, args: AlbOidcClientArgs, opts?: pulumi.ComponentResourceOptions) {
        const names = environmentNames(args.environment);
        super(
            "osprey:environment:AlbOidcClient",
            name,
            { environment: args.environment, clientId: names.oidcClientId, hostnames: args.hostnames },
            opts,
        );
        const parent = { parent: this };
        this.clientId = names.oidcClientId;
        this.secretName = secretManagerName(args.environment, { name: ALB_OIDC_SECRET });

        const client = new keycloak.openid.Client(
            name,
            {
                realmId: args.realmId,
                clientId: names.oidcClientId,
                name: `ALB of ${names.label}`,
                description: `AWS ALB OIDC of ${names.label}; managed by Pulumi (components/environment/albOidc.ts)`,
                enabled: true,
                accessType: "CONFIDENTIAL",
                clientAuthenticatorType: "client-secret",
                // The ALB speaks the authorization-code flow and nothing else.
                standardFlowEnabled: true,
                implicitFlowEnabled: false,
                directAccessGrantsEnabled: false,
                serviceAccountsEnabled: false,
                oauth2DeviceAuthorizationGrantEnabled: false,
                standardTokenExchangeEnabled: false,
                validRedirectUris: albRedirectUris(args.hostnames),
                // The ALB has no logout endpoint of ours to return to, and calls Keycloak server to server (no CORS).
                validPostLogoutRedirectUris: [],
                webOrigins: [],
                consentRequired: false,
                // Tokens carry the groups (mapper below), not every realm role of the user.
                fullScopeAllowed: false,
                // No clientSecret input: Keycloak generates it, and it is only ever a secret Output.
            },
            parent,
        );
        new keycloak.openid.GroupMembershipProtocolMapper(
            `${name}-groups`,
            {
                realmId: args.realmId,
                // The client's resource ID (a UUID), not its clientId.
                clientId: client.id,
                name: "groups",
                claimName: GROUPS_CLAIM,
                fullPath: GROUPS_FULL_PATH,
                addToIdToken: true,
                addToAccessToken: true,
                addToUserinfo: true,
            },
            parent,
        );

        const secret = new aws.secretsmanager.Secret(
            name,
            {
                name: this.secretName,
                description: `ALB OIDC client ${names.oidcClientId} of ${names.label} in Keycloak (written by Pulumi from the Keycloak client)`,
                recoveryWindowInDays: recoveryWindowDays(args.environment),
            },
            parent,
        );
        new aws.secretsmanager.SecretVersion(
            name,
            {
                secretId: secret.id,
                secretString: pulumi.secret(
                    pulumi.jsonStringify({ clientID: client.clientId, clientSecret: client.clientSecret }),
                ),
            },
            parent,
        );
        if (args.k8sProvider) {
            const manifest = appExternalSecret({
                target: ALB_OIDC_SECRET,
                namespace: args.namespace,
                secretName: this.secretName,
                store: args.secretStoreName,
            });
            new k8s.apiextensions.CustomResource(name, manifest as unknown as k8s.apiextensions.CustomResourceArgs, {
                ...parent,
                provider: args.k8sProvider,
                dependsOn: args.externalSecretsAfter ?? [],
            });
        }
        this.ingressAnnotation = pulumi
            .output(args.issuerUrl)
            .apply((issuer) => albOidcAnnotationValue(issuer, ALB_OIDC_SECRET));
        this.registerOutputs({ ingressAnnotation: this.ingressAnnotation });
    }
}
