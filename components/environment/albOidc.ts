/**
 * Layer 2 of the seed's four auth layers: the ALB runs an OIDC flow against Keycloak before any request reaches
 * a pod. The AWS Load Balancer Controller reads the OIDC client's credentials from a Kubernetes Secret in the
 * ingress's namespace (keys clientID and clientSecret). The client secret comes from stack config as a secret
 * Output, is stored in Secrets Manager, and reaches the namespace through External Secrets, never as a
 * Pulumi-created Kubernetes Secret.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appExternalSecret } from "../data/externalSecrets";
import { recoveryWindowDays, secretManagerName } from "../data/secretCatalog";
import { Env, environmentNames } from "../../lib/naming";

export const ALB_OIDC_SECRET = "alb-oidc";

export interface AlbOidcClientArgs {
    environment: Env;
    /** Keycloak realm issuer, e.g. https://auth.osprey-strike.com/realms/osprey. */
    issuerUrl: string;
    /** The environment's OIDC client ID in Keycloak. */
    clientId: string;
    /** Its client secret (secret Output from config). */
    clientSecret: pulumi.Input<string>;
    namespace: string;
    secretStoreName: string;
    /** Absent while the cluster's API is not reachable yet: only the Secrets Manager side is created. */
    k8sProvider?: k8s.Provider;
}

/** Keycloak's OpenID Connect endpoints for a realm issuer (Keycloak's documented paths under /protocol/openid-connect). */
export function keycloakEndpoints(issuerUrl: string) {
    const base = `${issuerUrl.replace(/\/+$/, "")}/protocol/openid-connect`;
    return { issuer: issuerUrl, authorizationEndpoint: `${base}/auth`, tokenEndpoint: `${base}/token`, userInfoEndpoint: `${base}/userinfo` };
}

export class AlbOidcClient extends pulumi.ComponentResource {
    /** Value of the ingress annotation alb.ingress.kubernetes.io/auth-idp-oidc. */
    readonly ingressAnnotation: string;

    constructor(name: string, args: AlbOidcClientArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:environment:AlbOidcClient", name, { environment: args.environment, issuerUrl: args.issuerUrl, clientId: args.clientId }, opts);
        const parent = { parent: this };
        const secretName = secretManagerName(args.environment, { name: ALB_OIDC_SECRET });
        const secret = new aws.secretsmanager.Secret(
            name,
            {
                name: secretName,
                description: `ALB OIDC client of ${environmentNames(args.environment).label} in Keycloak`,
                recoveryWindowInDays: recoveryWindowDays(args.environment),
            },
            parent,
        );
        new aws.secretsmanager.SecretVersion(
            name,
            { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify({ clientID: args.clientId, clientSecret: args.clientSecret })) },
            parent,
        );
        if (args.k8sProvider) {
            const manifest = appExternalSecret({ target: ALB_OIDC_SECRET, namespace: args.namespace, secretName, store: args.secretStoreName });
            new k8s.apiextensions.CustomResource(name, manifest as unknown as k8s.apiextensions.CustomResourceArgs, { ...parent, provider: args.k8sProvider });
        }
        this.ingressAnnotation = JSON.stringify({ ...keycloakEndpoints(args.issuerUrl), secretName: ALB_OIDC_SECRET });
        this.registerOutputs({});
    }
}
