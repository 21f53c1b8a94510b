/**
 * Cluster add-ons the platform owns: the AWS Load Balancer Controller (turns each environment's Ingress group
 * into its ALB) and External Secrets Operator (AWS Secrets Manager -> Kubernetes Secrets), each with its own
 * IRSA role, plus the platform's ClusterSecretStore (platform secrets only, usable only from the platform's own
 * namespaces). Environments do not use it: each has its own namespaced SecretStore and reader role, created by its
 * own stack (components/environment/secretStore.ts).
 *
 * Helm releases, not helm.v4.Chart: both charts render certificates or random values at template time (the
 * ALB controller's webhook certificate is generated with genCA unless cert-manager is used), so a Chart that
 * Pulumi re-renders on every run would show a diff, and rotate the certificate, on every `pulumi up`. A Release
 * is rendered by Helm once per change of chart version or values, and `helm history` works for the on-call.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import albControllerPolicy from "./albControllerIamPolicy.json";
import { createIrsaRole, ServiceAccountRef } from "./irsa";
import { ALB_CONTROLLER_SERVICE_ACCOUNT, IngressAdmission, policyBindingManifest } from "./ingressAdmission";
import { ARGOCD_NAMESPACE, PLATFORM_SECRET_PREFIX } from "../../lib/naming";
import { PlatformAddresses, PlatformNetworkPolicy } from "./platformNetworkPolicy";
import {
    accessEntryUsernamePrefix,
    EXTERNAL_SECRETS_SERVICE_ACCOUNT,
    imagePolicyManifest,
    ownedPolicyManifest,
} from "./workloadAdmission";

/**
 * Pinned charts. ALB controller chart 3.5.0 = controller v3.5.0 (aws/eks-charts stable/aws-load-balancer-controller
 * @ 5239609); its IAM policy is docs/install/iam_policy.json at tag v3.5.0 (unchanged since v2.13.0).
 * External Secrets chart 2.9.0 = ESO v2.9.0 (external-secrets/external-secrets tag helm-chart-2.9.0).
 */
export const CHARTS = {
    albController: {
        chart: "aws-load-balancer-controller",
        version: "3.5.0",
        repo: "https://aws.github.io/eks-charts",
    },
    externalSecrets: { chart: "external-secrets", version: "2.9.0", repo: "https://charts.external-secrets.io" },
} as const;

/**
 * The controller's service account: its IRSA trust names it, each environment's RBAC binds it, and the admission policy
 * trusts it alone with TargetGroupBindings (declared there, ingressAdmission.ts, which this module imports).
 */
export { ALB_CONTROLLER_SERVICE_ACCOUNT };
export { EXTERNAL_SECRETS_SERVICE_ACCOUNT };
/**
 * The service account whose IRSA role the platform's ClusterSecretStore reads with (ESO requests its token). ESO's own
 * controller service account carries NO role: a SecretStore without an auth block then has no AWS credentials at all
 * (and nodes keep IMDS at one hop, so the node role is out of a pod's reach too) instead of inheriting a reader.
 */
export const PLATFORM_SECRET_READER: ServiceAccountRef = {
    namespace: "external-secrets",
    name: "platform-secrets-reader",
};
/** ESO v2 serves external-secrets.io/v1 (v1beta1 is no longer served by the chart's CRDs). */
export const CLUSTER_SECRET_STORE = {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    name: "aws-secrets-manager",
} as const;
/** The only namespaces whose ExternalSecrets may use the platform's ClusterSecretStore (spec.conditions). */
export const PLATFORM_STORE_NAMESPACES: readonly string[] = [ARGOCD_NAMESPACE];

/** The platform ClusterSecretStore's manifest (pure): jwt auth as PLATFORM_SECRET_READER, usable only from PLATFORM_STORE_NAMESPACES. */
export function platformClusterSecretStoreSpec(region: string) {
    return {
        provider: {
            aws: {
                service: "SecretsManager",
                region,
                auth: {
                    jwt: {
                        serviceAccountRef: {
                            name: PLATFORM_SECRET_READER.name,
                            namespace: PLATFORM_SECRET_READER.namespace,
                        },
                    },
                },
            },
        },
        conditions: [{ namespaces: [...PLATFORM_STORE_NAMESPACES] }],
    };
}

export interface ClusterAddonsArgs {
    clusterName: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    /** The roles of the cluster's access entries (platform.cluster.adminRoleArns): Pulumi's identity in admission. */
    pulumiRoleArns: string[];
    /** The VPC block and the cluster's Service range: the controllers' NetworkPolicies name both. */
    addresses: PlatformAddresses;
    region: string;
    oidcProviderArn: pulumi.Input<string>;
    /** OIDC issuer without https://. */
    oidcIssuer: pulumi.Input<string>;
    /** The explicit provider every Kubernetes resource here uses. */
    kubernetesProvider: k8s.Provider;
    /** The platform store may read only secrets whose names start with this prefix, e.g. "osprey-strike/platform/". */
    secretsManagerPrefix: string;
    /**
     * The nodes the controllers run on. The releases wait for them, so `pulumi destroy` removes the controllers (and,
     * before them, everything they act on) while the nodes still run them: a Load Balancer Controller gone first leaves
     * its ALBs, their rules and ENIs behind, and the VPC cannot be deleted.
     */
    nodesReady?: pulumi.Resource[];
}

/** The read-only Secrets Manager policy of the platform store's reader, limited to the platform's name prefix (pure). */
export function externalSecretsPolicy(region: string, accountId: string, prefix: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadProjectSecrets",
                Effect: "Allow",
                Action: [
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:ListSecretVersionIds",
                ],
                Resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:${prefix}*`,
            },
            {
                // The deployments' secrets (the agent's pool token, the drift webhook's HMAC key) sit under the
                // platform's prefix but belong to the agent's instance and the webhook receiver: no ExternalSecret may
                // copy one into the cluster, where a namespace's reader could forge pages or run deployments.
                Sid: "NeverTheDeploymentsSecrets",
                Effect: "Deny",
                Action: ["secretsmanager:*"],
                Resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:${PLATFORM_SECRET_PREFIX}deployments/*`,
            },
        ],
    };
}

export class ClusterAddons extends pulumi.ComponentResource {
    readonly albControllerRoleArn: pulumi.Output<string>;
    readonly externalSecretsRoleArn: pulumi.Output<string>;
    /** The ClusterSecretStore, created after the ESO chart is ready: every ExternalSecret waits for it. */
    readonly secretStore: k8s.apiextensions.CustomResource;
    /**
     * Per environment, what its Ingresses need to become an ALB: the controller's release and the environment's
     * IngressClass. The environment's Applications wait for these, so on destroy Argo CD's cascade deletes the
     * Ingresses (and the controller the ALB) before the controller goes.
     */
    readonly ingressReady: Record<string, pulumi.Resource[]>;

    constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:cluster:ClusterAddons",
            name,
            { region: args.region, secretsManagerPrefix: args.secretsManagerPrefix, charts: CHARTS },
            opts,
        );
        const aws_ = { parent: this };
        const k8s_ = { parent: this, provider: args.kubernetesProvider, dependsOn: args.nodesReady ?? [] };
        const accountId = aws.getCallerIdentityOutput({}, aws_).accountId;

        // --- AWS Load Balancer Controller ---
        const albRole = createIrsaRole(
            `${name}-alb-controller`,
            {
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: args.oidcIssuer,
                serviceAccount: ALB_CONTROLLER_SERVICE_ACCOUNT,
                description: "AWS Load Balancer Controller (IRSA): the IAM policy AWS publishes for it",
                policy: JSON.stringify(albControllerPolicy),
            },
            aws_,
        );
        const albController = new k8s.helm.v3.Release(
            `${name}-alb-controller`,
            {
                name: CHARTS.albController.chart,
                chart: CHARTS.albController.chart,
                version: CHARTS.albController.version,
                repositoryOpts: { repo: CHARTS.albController.repo },
                namespace: ALB_CONTROLLER_SERVICE_ACCOUNT.namespace,
                values: {
                    clusterName: args.clusterName,
                    // Given, not discovered: nodes keep IMDS at one hop, so pods cannot ask the metadata service.
                    region: args.region,
                    vpcId: args.vpcId,
                    serviceAccount: {
                        create: true,
                        name: ALB_CONTROLLER_SERVICE_ACCOUNT.name,
                        annotations: { "eks.amazonaws.com/role-arn": albRole.arn },
                    },
                    // Secrets stay unreadable cluster-wide; each environment grants its own namespace (EnvironmentNamespace).
                    clusterSecretsPermissions: { allowAllSecrets: false },
                    // Ingress only: Services of type LoadBalancer are not ours to turn into NLBs behind Cloudflare's back.
                    enableServiceMutatorWebhook: false,
                },
                atomic: true,
                cleanupOnFail: true,
                timeout: 600,
            },
            k8s_,
        );

        // The environments' IngressClasses and the admission policy on their Ingresses
        // (docs/requirements.md, Isolation: ingress).
        const admission = new IngressAdmission(
            `${name}-ingress`,
            { kubernetesProvider: args.kubernetesProvider, albController },
            { parent: this },
        );
        // Pulumi's objects stay Pulumi's, and only our digest-pinned images run (components/cluster/workloadAdmission.ts).
        const pulumiUsers = args.pulumiRoleArns.map(accessEntryUsernamePrefix);
        const registry = accountId.apply((acct) => `${acct}.dkr.ecr.${args.region}.amazonaws.com`);
        for (const [suffix, manifest] of [
            ["owned-policy", pulumi.output(ownedPolicyManifest(pulumiUsers))],
            ["image-policy", registry.apply((r) => imagePolicyManifest(r, pulumiUsers))],
        ] as const) {
            const vap = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
                `${name}-${suffix}`,
                { metadata: manifest.metadata, spec: manifest.spec as never },
                { parent: this, provider: args.kubernetesProvider },
            );
            new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
                `${name}-${suffix}`,
                {
                    metadata: manifest.metadata,
                    spec: manifest.metadata.apply((m) => policyBindingManifest(m.name).spec),
                },
                { parent: this, provider: args.kubernetesProvider, dependsOn: [vap] },
            );
        }
        this.ingressReady = Object.fromEntries(
            Object.entries(admission.ingressClasses).map(([env, classes]) => [env, [albController, ...classes]]),
        );

        // Default deny for the controller's pods in kube-system (components/cluster/platformNetworkPolicy.ts).
        new PlatformNetworkPolicy(
            `${name}-alb-controller-network-policy`,
            { groups: ["alb-controller"], addresses: args.addresses, kubernetesProvider: args.kubernetesProvider },
            { parent: this, dependsOn: [albController] },
        );

        // --- External Secrets Operator ---
        const esoRole = createIrsaRole(
            `${name}-external-secrets`,
            {
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: args.oidcIssuer,
                serviceAccount: PLATFORM_SECRET_READER,
                description: `Platform ClusterSecretStore reader (IRSA): Secrets Manager secrets under ${args.secretsManagerPrefix} only`,
                policy: accountId.apply((acct) =>
                    JSON.stringify(externalSecretsPolicy(args.region, acct, args.secretsManagerPrefix)),
                ),
            },
            aws_,
        );
        const eso = new k8s.helm.v3.Release(
            `${name}-external-secrets`,
            {
                name: CHARTS.externalSecrets.chart,
                chart: CHARTS.externalSecrets.chart,
                version: CHARTS.externalSecrets.version,
                repositoryOpts: { repo: CHARTS.externalSecrets.repo },
                namespace: EXTERNAL_SECRETS_SERVICE_ACCOUNT.namespace,
                createNamespace: true,
                values: {
                    installCRDs: true,
                    // No role annotation: the controller has no AWS identity of its own (see PLATFORM_SECRET_READER).
                    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT.name },
                },
                atomic: true,
                cleanupOnFail: true,
                timeout: 600,
            },
            k8s_,
        );
        // ESO requests this service account's token (jwt auth) and assumes its role; no pod runs as it.
        const reader = new k8s.core.v1.ServiceAccount(
            `${name}-platform-secrets-reader`,
            {
                metadata: {
                    name: PLATFORM_SECRET_READER.name,
                    namespace: PLATFORM_SECRET_READER.namespace,
                    annotations: { "eks.amazonaws.com/role-arn": esoRole.arn },
                },
                automountServiceAccountToken: false,
            },
            // The chart creates the namespace.
            { ...k8s_, dependsOn: [eso] },
        );
        this.secretStore = new k8s.apiextensions.CustomResource(
            `${name}-secret-store`,
            {
                apiVersion: CLUSTER_SECRET_STORE.apiVersion,
                kind: CLUSTER_SECRET_STORE.kind,
                metadata: { name: CLUSTER_SECRET_STORE.name },
                spec: platformClusterSecretStoreSpec(args.region),
            },
            // The CRD arrives with the chart: the store cannot be created before it.
            { ...k8s_, dependsOn: [eso, reader] },
        );
        // Default deny in ESO's namespace (the chart creates it); its webhook stays reachable from the control plane.
        new PlatformNetworkPolicy(
            `${name}-external-secrets-network-policy`,
            { groups: ["external-secrets"], addresses: args.addresses, kubernetesProvider: args.kubernetesProvider },
            { parent: this, dependsOn: [eso] },
        );

        this.albControllerRoleArn = albRole.arn;
        this.externalSecretsRoleArn = esoRole.arn;
        this.registerOutputs({
            albControllerRoleArn: this.albControllerRoleArn,
            externalSecretsRoleArn: this.externalSecretsRoleArn,
        });
    }
}
