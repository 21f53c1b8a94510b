/**
 * One application environment (main or demo) on the shared platform: what each environment owns by
 * itself, in the order a request meets it: the ALB's security group, the namespace its workloads run in,
 * its data (RDS, secrets, bucket, certificate) and, from 3 api replicas, its Valkey. It registers exactly
 * the policy pack's EnvironmentFacts (policy/contract.ts) as its inputs so policies can read them (the
 * workloads themselves are synced by ArgoCD, not created here).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NamespaceQuota, quotaProblems } from "../../lib/quota";
import { problem, Problem, problemIf, under } from "../../lib/problems";
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
import { keycloakIssuer } from "../../lib/authContract";
import { needsSessionCache, SessionCache } from "./sessionCache";
import { ENVIRONMENT_SECRET_STORE, ENVIRONMENTS, Env, environmentNames, isEnv } from "../../lib/naming";
import { EnvironmentSecretStore } from "./secretStore";
import { EnvironmentNetworkPolicy } from "./networkPolicy";
import { ALB_ON_UNAUTHENTICATED, PINNED_INGRESS_ANNOTATIONS } from "../cluster/ingressAdmission";
import { ALB } from "../gitops/applications";
import { clusterServiceCidr } from "../../lib/networkLayout";
import type { AlbIpAddressType } from "../../lib/costSwitches";

export interface EnvironmentArgs {
    environment: Env;
    /** The environment's DNS name, e.g. main.osprey-strike.com. */
    environmentDomain: string;
    /**
     * Go API replicas (2 on main, 1 on demo). From 3 on, the environment gets Valkey (docs/requirements.md, Scaling).
     */
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
    /** Days before the origin-pull CA / client certificate end that previews warn (OriginProofArgs.warnDays). */
    originPullWarnDays?: { ca: number; client: number };
}

/** Every problem with the args, each naming its field; Environment refuses them all at once, before any resource. */
export function environmentArgProblems(args: EnvironmentArgs): Problem[] {
    if (!isEnv(args.environment)) {
        // The rest derive names from the environment: nothing more can be judged.
        return [
            problem(
                "environment",
                `"${String(args.environment)}" is not one of ${ENVIRONMENTS.join(", ")} (lib/naming.ts)`,
            ),
        ];
    }
    const domain = dnsNameProblem(args.environmentDomain);
    const problems = [
        ...problemIf("environmentDomain", domain),
        ...problemIf("cloudflareZoneId", cloudflareIdProblem(args.cloudflareZoneId, "Cloudflare zone ID")),
    ];
    for (const field of ["apiReplicas", "webReplicas"] as const) {
        if (!Number.isInteger(args[field]) || args[field] < 1)
            problems.push(problem(field, `${args[field]} must be a positive integer`));
    }
    problems.push(...problemIf("oidc.keycloakUrl", keycloakUrlProblem(args.oidc.keycloakUrl)));
    if (args.kubernetes) problems.push(...under("kubernetes.quota", quotaProblems(args.kubernetes.quota)));
    if (!domain)
        problems.push(...under("data", dataSettingsProblems(args.environment, args.environmentDomain, args.data)));
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
    /** What the environment's Ingresses need before the admission policy can admit them: the namespace's published values. */
    readonly admissionReady: pulumi.Resource[] = [];
    /** When the origin-pull CA and client certificate end (RFC 3339): the expiry notices are scheduled from them. */
    readonly originPullValidityEndTime: { ca: pulumi.Output<string>; client: pulumi.Output<string> };
    /** The IAM role the environment's SecretStore reads with (its own secrets only). */
    readonly secretReaderRoleArn: pulumi.Output<string>;

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
                ipv4PrefixListId: platform.cloudflareIpv4PrefixListId,
                ipv6PrefixListId: platform.cloudflareIpv6PrefixListId,
                ipAddressType: args.albIpAddressType,
            },
            { parent: this },
        );
        const namespace = kubernetes
            ? new EnvironmentNamespace(
                  `${name}-namespace`,
                  {
                      environment: args.environment,
                      quota: kubernetes.quota,
                      kubernetesVersion: kubernetes.version,
                      kubernetesProvider: kubernetes.provider,
                      albSecurityGroupId: alb.securityGroupId,
                  },
                  { parent: this },
              )
            : undefined;
        // The environment's own secret reader and SecretStore (its stack owns the role; nothing is granted on the platform's),
        // made before the data so every ExternalSecret can wait for the store it names. The reader's policy needs the
        // database's master secret, which the data creates: a deferred Output, resolved once the data exists.
        const [dbMasterSecretArn, resolveDbMasterSecretArn] = pulumi.deferredOutput<string>();
        const storeAfter = namespace ? [namespace, ...(kubernetes?.externalSecretsReady ?? [])] : undefined;
        const secretStore = new EnvironmentSecretStore(
            `${name}-secret-store`,
            {
                environment: args.environment,
                oidcProviderArn: platform.oidcProviderArn,
                oidcProviderUrl: platform.oidcProviderUrl,
                dbMasterSecretArn,
                k8sProvider: kubernetes?.provider,
                after: storeAfter,
            },
            { parent: this, dependsOn: namespace ? [namespace] : [] },
        );
        this.secretReaderRoleArn = secretStore.roleArn;
        const externalSecretsAfter = storeAfter ? [...storeAfter, ...secretStore.ready] : undefined;
        // The environment's own slice of the platform's address plan (components/platform/dataSubnets.ts).
        const own =
            <T>(key: string) =>
            (all: Record<string, T>) => {
                const mine = all[args.environment];
                if (!mine)
                    throw new Error(
                        `Environment ${name}: the platform's ${key} has no ${args.environment}; update the platform's stack first`,
                    );
                return mine;
            };
        const dataSubnets = {
            subnetIds: platform.dataSubnetIds.apply(own("dataSubnetIds")),
            cidrBlocks: platform.dataSubnetCidrs.apply(own("dataSubnetCidrs")),
        };
        if (kubernetes) {
            new EnvironmentNetworkPolicy(
                `${name}-network-policy`,
                {
                    environment: args.environment,
                    addresses: pulumi
                        .all([platform.vpcCidr, platform.publicSubnetCidrs, dataSubnets.cidrBlocks])
                        .apply(([vpcCidr, publicSubnetCidrs, dataSubnetCidrs]) => ({
                            vpcCidr,
                            // The platform sets its cluster's Service range from the same block, by the same rule.
                            serviceCidr: clusterServiceCidr(vpcCidr),
                            publicSubnetCidrs,
                            dataSubnetCidrs,
                        })),
                    kubernetesProvider: kubernetes.provider,
                },
                { parent: this, dependsOn: namespace ? [namespace] : [] },
            );
        }
        this.data = new Data(
            name,
            {
                ...dataSettings,
                environment: args.environment,
                environmentDomain: args.environmentDomain,
                vpcId: platform.vpcId,
                dataSubnetIds: dataSubnets.subnetIds,
                nodeSecurityGroupId: platform.nodeSecurityGroupId,
                oidcProviderArn: platform.oidcProviderArn,
                oidcProviderUrl: platform.oidcProviderUrl,
                cloudflareZoneId: args.cloudflareZoneId,
                k8sProvider: kubernetes?.provider,
                externalSecretsAfter,
                secretStoreName: ENVIRONMENT_SECRET_STORE,
            },
            // The ExternalSecrets and the PostGIS Job need the namespace first.
            { parent: this, dependsOn: namespace ? [namespace] : [] },
        );
        resolveDbMasterSecretArn(this.data.dbMasterSecretArn);
        this.keycloakIssuerUrl = pulumi.output(oidc.realmId).apply((realm) => keycloakIssuer(oidc.keycloakUrl, realm));
        const oidcClient = new AlbOidcClient(
            `${name}-alb-oidc`,
            {
                environment: args.environment,
                realmId: oidc.realmId,
                issuerUrl: this.keycloakIssuerUrl,
                hostnames: appHostnames(args.environment, args.environmentDomain).map((h) => h.hostname),
                namespace: this.namespace,
                secretStoreName: ENVIRONMENT_SECRET_STORE,
                k8sProvider: kubernetes?.provider,
                externalSecretsAfter,
            },
            { parent: this, dependsOn: namespace ? [namespace] : [] },
        );
        this.albOidcAnnotation = oidcClient.ingressAnnotation;
        this.albOidcClientId = oidcClient.clientId;
        const originProof = new OriginProof(
            `${name}-origin-proof`,
            { environment: args.environment, warnDays: args.originPullWarnDays },
            { parent: this },
        );
        // The perimeter's values, published on the namespace for the platform's admission policy to pin every Ingress to
        // (PINNED_INGRESS_ANNOTATIONS): the same outputs the Applications feed the manifests. A patch, not the Namespace's
        // own input: the certificate comes from the data, which waits for the namespace.
        if (namespace && kubernetes) {
            const pinned: Record<string, pulumi.Input<string>> = {
                [`${ALB}/certificate-arn`]: this.data.certificateArn,
                [`${ALB}/mutual-authentication`]: originProof.mutualAuthenticationAnnotation,
                [`${ALB}/auth-idp-oidc`]: oidcClient.ingressAnnotation,
                [`${ALB}/auth-on-unauthenticated-request`]: ALB_ON_UNAUTHENTICATED,
            };
            this.admissionReady.push(
                new k8s.core.v1.NamespacePatch(
                    `${name}-namespace-perimeter`,
                    {
                        metadata: {
                            name: this.namespace,
                            annotations: Object.fromEntries(
                                PINNED_INGRESS_ANNOTATIONS.map((p) => [p.namespaceAnnotation, pinned[p.annotation]]),
                            ),
                        },
                    },
                    { parent: this, provider: kubernetes.provider, dependsOn: [namespace] },
                ),
            );
        }
        this.albTrustStoreArn = originProof.trustStoreArn;
        this.originPullValidityEndTime = originProof.validityEndTime;
        this.albMutualAuthenticationAnnotation = originProof.mutualAuthenticationAnnotation;
        this.originPullCertificate = {
            certificatePem: originProof.clientCertificatePem,
            privateKeyPem: originProof.clientPrivateKeyPem,
        };
        if (needsSessionCache(args.apiReplicas)) {
            const cache = new SessionCache(
                `${name}-valkey`,
                {
                    environment: args.environment,
                    vpcId: platform.vpcId,
                    dataSubnetIds: dataSubnets.subnetIds,
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
