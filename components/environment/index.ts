/**
 * One application environment (main or demo) on the shared platform: what each environment owns by
 * itself, in the order a request meets it: the ALB's security group, the namespace its workloads run in,
 * its data (RDS, secrets, bucket, certificate) and, from 3 api replicas, its Valkey. It registers exactly
 * the policy pack's EnvironmentFacts (policy/contract.ts) as its inputs so policies can read them (the
 * workloads themselves are synced by ArgoCD, not created here).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_SECRET_STORE } from "../cluster";
import { NamespaceQuota, quotaProblems } from "../../lib/quota";
import { cloudflareIdProblem, dnsNameProblem, keycloakUrlProblem } from "../../lib/validators";
import { refuseInvalidArgs } from "../invalidArgs";
import { EnvironmentNamespace } from "./namespace";
import { Data, DataArgs, dataSettingsProblems } from "../data";
import { secretManagerName } from "../data/secretCatalog";
import { COMPONENT_TYPES, environmentFacts } from "../../policy/contract";
import type { PlatformOutputs } from "../platform";
import { AlbOidcClient } from "./albOidc";
import { AlbSecurityGroup } from "./albSecurityGroup";
import { OriginProof } from "./originProof";
import { appHostnames } from "../edge/hostnames";
import { keycloakIssuer } from "../../lib/identity";
import { needsSessionCache, SessionCache } from "./sessionCache";
import { ENVIRONMENTS, Env, environmentNames, isEnv } from "../../lib/naming";
import type { AlbIpAddressType } from "../../lib/costSwitches";

export interface EnvironmentArgs {
    environment: Env;
    /** The environment's DNS name, e.g. main.osprey-strike.com. */
    environmentDomain: string;
    /** Go API replicas (seed: 2 on main, 1 on demo). From 3 on, the environment gets Valkey (seed's scaling roadmap). */
    apiReplicas: number;
    /** Next.js web replicas. */
    webReplicas: number;
    /** Cloudflare zone ID, for the certificate's DNS validation records. */
    cloudflareZoneId: string;
    platform: PlatformOutputs;
    /** The stack's Kubernetes provider and namespace settings; undefined while kubernetesEnabled is false. */
    kubernetes?: {
        provider: k8s.Provider;
        version: pulumi.Input<string>;
        quota: NamespaceQuota;
        /** The ESO chart and its store when this stack installs them (the platform's owner); empty otherwise. */
        externalSecretsReady?: pulumi.Resource[];
    };
    /** The Keycloak server and the platform's realm the environment's ALB client lives in (auth layers 2 and 3). */
    oidc: { keycloakUrl: string; realmId: pulumi.Input<string> };
    /** The ALB's IP address type (config alb.ipAddressType). Default ipv4. */
    albIpAddressType?: AlbIpAddressType;
    /** Database and bucket settings (config keys db*, attachments*). */
    data: Pick<DataArgs, "database" | "attachmentsNoncurrentVersionDays" | "postgisJobImage">;
}

/** Every problem with the args, each naming its field; Environment refuses them all at once, before any resource. */
export function environmentArgProblems(args: EnvironmentArgs): string[] {
    const problems: string[] = [];
    if (!isEnv(args.environment)) {
        // The rest derive names from the environment: nothing more can be judged.
        return [`environment: "${String(args.environment)}" is not one of ${ENVIRONMENTS.join(", ")} (lib/naming.ts)`];
    }
    const domain = dnsNameProblem(args.environmentDomain);
    if (domain) problems.push(`environmentDomain: ${domain}`);
    const zone = cloudflareIdProblem(args.cloudflareZoneId, "Cloudflare zone ID");
    if (zone) problems.push(`cloudflareZoneId: ${zone}`);
    for (const field of ["apiReplicas", "webReplicas"] as const) {
        if (!Number.isInteger(args[field]) || args[field] < 1) problems.push(`${field}: ${args[field]} must be a positive integer`);
    }
    const keycloak = keycloakUrlProblem(args.oidc.keycloakUrl);
    if (keycloak) problems.push(`oidc.keycloakUrl: ${keycloak}`);
    if (args.kubernetes) problems.push(...quotaProblems(args.kubernetes.quota).map((p) => `kubernetes.quota.${p}`));
    if (!domain) problems.push(...dataSettingsProblems(args.environment, args.environmentDomain, args.data).map((p) => `data.${p}`));
    return problems;
}

export class Environment extends pulumi.ComponentResource {
    readonly albSecurityGroupId: pulumi.Output<string>;
    readonly namespace: string;
    readonly data: Data;
    readonly sessionCacheEndpoint?: pulumi.Output<string>;
    /** Value for the ingress annotation alb.ingress.kubernetes.io/auth-idp-oidc. */
    readonly albOidcAnnotation: pulumi.Output<string>;
    /** The realm's issuer and the ALB's client ID: the `iss` and `client` of x-amzn-oidc-data. */
    readonly keycloakIssuerUrl: pulumi.Output<string>;
    readonly albOidcClientId: string;
    /** The origin-pull trust store (ingress annotation alb.ingress.kubernetes.io/mutual-authentication). */
    readonly albTrustStoreArn: pulumi.Output<string>;
    readonly albMutualAuthenticationAnnotation: pulumi.Output<string>;
    /** The client certificate Cloudflare presents on origin pulls (the key is a secret Output), for the Edge. */
    readonly originPullCertificate: { certificatePem: pulumi.Output<string>; privateKeyPem: pulumi.Output<string> };

    constructor(name: string, args: EnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
        const { platform, kubernetes, data: dataSettings, oidc } = args;
        super(COMPONENT_TYPES.environment, name, environmentFacts(args), opts);
        refuseInvalidArgs(this, "Environment", name, environmentArgProblems(args));
        this.namespace = environmentNames(args.environment).namespace;
        const alb = new AlbSecurityGroup(
            `${name}-alb`,
            {
                environment: args.environment,
                vpcId: platform.vpcId,
                vpcCidr: platform.vpcCidr,
                ipv4PrefixListId: platform.cloudflareIpv4PrefixListId,
                ipv6PrefixListId: platform.cloudflareIpv6PrefixListId,
                ipAddressType: args.albIpAddressType,
            },
            { parent: this },
        );
        const namespace = kubernetes
            ? new EnvironmentNamespace(
                  `${name}-namespace`,
                  { environment: args.environment, quota: kubernetes.quota, kubernetesVersion: kubernetes.version, kubernetesProvider: kubernetes.provider },
                  { parent: this },
              )
            : undefined;
        const externalSecretsAfter = namespace ? [namespace, ...(kubernetes?.externalSecretsReady ?? [])] : undefined;
        this.data = new Data(
            name,
            {
                ...dataSettings,
                environment: args.environment,
                environmentDomain: args.environmentDomain,
                vpcId: platform.vpcId,
                privateSubnetIds: platform.privateSubnetIds,
                nodeSecurityGroupId: platform.nodeSecurityGroupId,
                oidcProviderArn: platform.oidcProviderArn,
                oidcProviderUrl: platform.oidcProviderUrl,
                cloudflareZoneId: args.cloudflareZoneId,
                k8sProvider: kubernetes?.provider,
                externalSecretsAfter,
                clusterSecretStoreName: CLUSTER_SECRET_STORE.name,
            },
            // The ExternalSecrets and the PostGIS Job need the namespace first.
            { parent: this, dependsOn: namespace ? [namespace] : [] },
        );
        if (kubernetes) {
            // ESO reads only osprey-strike/* by its own policy; the RDS-managed master secret (rds!db-...) is granted
            // here, by exact ARN, by the environment that owns the database.
            new aws.iam.RolePolicy(
                `${name}-eso-db-secret`,
                {
                    role: platform.externalSecretsRoleArn.apply((arn) => arn.split("/").pop() ?? ""),
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "ReadDatabaseMasterSecret",
                                Effect: "Allow",
                                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                                Resource: this.data.dbMasterSecretArn,
                            },
                        ],
                    }),
                },
                { parent: this },
            );
        }
        this.keycloakIssuerUrl = pulumi.output(oidc.realmId).apply((realm) => keycloakIssuer(oidc.keycloakUrl, realm));
        const oidcClient = new AlbOidcClient(
            `${name}-alb-oidc`,
            {
                environment: args.environment,
                realmId: oidc.realmId,
                issuerUrl: this.keycloakIssuerUrl,
                hostnames: appHostnames(args.environment, args.environmentDomain).map((h) => h.hostname),
                namespace: this.namespace,
                clusterSecretStoreName: CLUSTER_SECRET_STORE.name,
                k8sProvider: kubernetes?.provider,
                externalSecretsAfter,
            },
            { parent: this, dependsOn: namespace ? [namespace] : [] },
        );
        this.albOidcAnnotation = oidcClient.ingressAnnotation;
        this.albOidcClientId = oidcClient.clientId;
        const originProof = new OriginProof(`${name}-origin-proof`, { environment: args.environment }, { parent: this });
        this.albTrustStoreArn = originProof.trustStoreArn;
        this.albMutualAuthenticationAnnotation = originProof.mutualAuthenticationAnnotation;
        this.originPullCertificate = { certificatePem: originProof.clientCertificatePem, privateKeyPem: originProof.clientPrivateKeyPem };
        if (needsSessionCache(args.apiReplicas)) {
            const cache = new SessionCache(
                `${name}-valkey`,
                {
                    environment: args.environment,
                    vpcId: platform.vpcId,
                    privateSubnetIds: platform.privateSubnetIds,
                    clientSecurityGroupId: platform.nodeSecurityGroupId,
                    secretName: secretManagerName(args.environment, { name: "valkey" }),
                },
                { parent: this },
            );
            this.sessionCacheEndpoint = cache.primaryEndpoint;
        }
        this.albSecurityGroupId = alb.securityGroupId;
        this.registerOutputs({ albSecurityGroupId: this.albSecurityGroupId });
    }
}
