/**
 * Argo CD and its Image Updater in osprey-argocd, installed by the stack that owns the platform (the GitOps half
 * the platform owns; each environment's stack adds its own AppProject and Applications, ./environmentApps.ts).
 *
 * Helm releases, as for the other add-ons (components/cluster/addons.ts): the argo-cd chart generates a Redis
 * password and the Image Updater chart a webhook certificate at template time, which a Chart re-rendered on every
 * run would rotate. No Ingress: the way in is the jumpbox tunnel plus a port-forward (docs/gitops.md).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlatformNetworkPolicy } from "../cluster/platformNetworkPolicy";
import { clusterServiceCidr } from "../../lib/networkLayout";
import { createIrsaRole } from "../cluster/irsa";
import { issuerHostPath } from "../data/policies";
import { ArgoCdRbac, ArgoCdSso, argocdValues } from "./argocdValues";
import { ARGOCD_RELEASE, GITOPS_CHARTS, IMAGE_UPDATER_RELEASE, IMAGE_UPDATER_SERVICE_ACCOUNT } from "./charts";
import { repositoryExternalSecret, writeCredentialsExternalSecret } from "./gitCredentials";
import { ecrRegistryHost, IMAGE_UPDATER_GIT_SECRET, imageUpdaterEcrPolicy, imageUpdaterValues } from "./imageUpdater";
import { ARGOCD_NAMESPACE, GIT_READ_SECRET_NAME, GIT_WRITE_SECRET_NAME, PROJECT } from "../../lib/naming";
import { gitRepoUrlProblem, httpsUrlProblem } from "../../lib/gitopsRules";

export interface ArgoCdArgs {
    kubernetesProvider: k8s.Provider;
    region: string;
    /** The URL people open Argo CD at (default https://localhost:8080, the tunnel). */
    url: string;
    adminEnabled: boolean;
    sso: ArgoCdSso;
    rbac: ArgoCdRbac;
    /** The one repository Argo CD reads (and Image Updater writes). */
    repoUrl: string;
    oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (https://oidc.eks...). */
    oidcProviderUrl: pulumi.Input<string>;
    /** The platform's ECR repositories (app → URL): Image Updater's registry and the only repositories its role reads. */
    ecrRepositoryUrls: pulumi.Input<Record<string, string>>;
    /** The ClusterSecretStore the ExternalSecrets use, and what must exist before them (the ESO chart and the store). */
    clusterSecretStoreName: string;
    externalSecretsReady: pulumi.Resource[];
    /** The VPC block: the namespace's NetworkPolicies except it and the Service range chosen from it. */
    vpcCidr: pulumi.Input<string>;
}

export class ArgoCd extends pulumi.ComponentResource {
    /** Applications and AppProjects wait for this (its CRDs). */
    readonly argocdRelease: k8s.helm.v3.Release;
    /** The ImageUpdater resource waits for this (its CRD ships as a template of this chart). */
    readonly imageUpdaterRelease: k8s.helm.v3.Release;
    readonly imageUpdaterRoleArn: pulumi.Output<string>;
    /** Secrets Manager names to fill out of band. */
    readonly outOfBandSecretNames = [GIT_READ_SECRET_NAME, GIT_WRITE_SECRET_NAME];

    constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
        const {
            kubernetesProvider,
            oidcProviderArn: _arn,
            oidcProviderUrl: _url,
            ecrRepositoryUrls: _ecr,
            externalSecretsReady: _ready,
            vpcCidr: _vpc,
            sso,
            ...summary
        } = args;
        super("osprey:gitops:ArgoCd", name, { ...summary, ssoUrl: sso.ssoUrl, charts: GITOPS_CHARTS }, opts);
        const problems = [
            httpsUrlProblem(args.url) && `url: ${httpsUrlProblem(args.url)}`,
            gitRepoUrlProblem(args.repoUrl) && `repoUrl: ${gitRepoUrlProblem(args.repoUrl)}`,
        ];
        const found = problems.filter((p): p is string => typeof p === "string");
        if (found.length > 0) throw new pulumi.ResourceError(`ArgoCd ${name}: ${found.join("; ")}`, this);

        const aws_ = { parent: this };
        const k8s_ = { parent: this, provider: kubernetesProvider };

        const namespace = new k8s.core.v1.Namespace(
            name,
            {
                metadata: {
                    name: ARGOCD_NAMESPACE,
                    labels: {
                        "app.kubernetes.io/part-of": PROJECT,
                        // The charts run restricted-compliant pods (their default security contexts).
                        "pod-security.kubernetes.io/enforce": "baseline",
                        "pod-security.kubernetes.io/warn": "restricted",
                    },
                },
            },
            k8s_,
        );

        this.argocdRelease = new k8s.helm.v3.Release(
            name,
            {
                name: ARGOCD_RELEASE,
                chart: GITOPS_CHARTS.argocd.chart,
                version: GITOPS_CHARTS.argocd.version,
                repositoryOpts: { repo: GITOPS_CHARTS.argocd.repo },
                namespace: ARGOCD_NAMESPACE,
                values: argocdValues({ url: args.url, adminEnabled: args.adminEnabled, sso, rbac: args.rbac }),
                atomic: true,
                cleanupOnFail: true,
                timeout: 900,
            },
            { ...k8s_, dependsOn: [namespace] },
        );
        // Default deny in the namespace; argocd-server only from its own namespace (components/cluster/platformNetworkPolicy.ts).
        new PlatformNetworkPolicy(
            `${name}-network-policy`,
            {
                groups: ["argocd"],
                addresses: pulumi
                    .output(args.vpcCidr)
                    .apply((vpcCidr) => ({ vpcCidr, serviceCidr: clusterServiceCidr(vpcCidr) })),
                kubernetesProvider,
            },
            { parent: this, dependsOn: [namespace] },
        );

        // --- Git credentials: Secrets Manager (empty, filled out of band) → External Secrets → osprey-argocd ---
        const esoAfter = [namespace, ...args.externalSecretsReady];
        const gitSecret = (suffix: string, secretName: string, description: string) =>
            new aws.secretsmanager.Secret(
                `${name}-${suffix}`,
                { name: secretName, description, recoveryWindowInDays: 7 },
                aws_,
            );
        gitSecret(
            "git-read",
            GIT_READ_SECRET_NAME,
            `Argo CD: read access to ${args.repoUrl} (JSON username, password)`,
        );
        gitSecret(
            "git-write",
            GIT_WRITE_SECRET_NAME,
            `Argo CD Image Updater: push access to ${args.repoUrl} (JSON username, password)`,
        );
        const repo = repositoryExternalSecret({
            repoUrl: args.repoUrl,
            secretName: GIT_READ_SECRET_NAME,
            store: args.clusterSecretStoreName,
        });
        new k8s.apiextensions.CustomResource(`${name}-git-read`, repo, { ...k8s_, dependsOn: esoAfter });
        const write = writeCredentialsExternalSecret({
            target: IMAGE_UPDATER_GIT_SECRET,
            secretName: GIT_WRITE_SECRET_NAME,
            store: args.clusterSecretStoreName,
        });
        new k8s.apiextensions.CustomResource(`${name}-git-write`, write, { ...k8s_, dependsOn: esoAfter });

        // --- Image Updater: IRSA role that reads only our ECR repositories ---
        const registryHost = pulumi.output(args.ecrRepositoryUrls).apply((urls) => {
            const hosts = [...new Set(Object.values(urls).map(ecrRegistryHost))];
            if (hosts.length !== 1)
                throw new pulumi.ResourceError(
                    `ArgoCd ${name}: the ECR repositories span ${hosts.length} registries, expected one`,
                    this,
                );
            return hosts[0];
        });
        const role = createIrsaRole(
            `${name}-image-updater`,
            {
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: pulumi.output(args.oidcProviderUrl).apply(issuerHostPath),
                serviceAccount: { namespace: ARGOCD_NAMESPACE, name: IMAGE_UPDATER_SERVICE_ACCOUNT },
                description: "Argo CD Image Updater (IRSA): read image metadata of the osprey-strike ECR repositories",
                policy: registryHost.apply((host) =>
                    JSON.stringify(imageUpdaterEcrPolicy(args.region, host.split(".")[0])),
                ),
            },
            aws_,
        );
        this.imageUpdaterRoleArn = role.arn;
        this.imageUpdaterRelease = new k8s.helm.v3.Release(
            `${name}-image-updater`,
            {
                name: IMAGE_UPDATER_RELEASE,
                chart: GITOPS_CHARTS.imageUpdater.chart,
                version: GITOPS_CHARTS.imageUpdater.version,
                repositoryOpts: { repo: GITOPS_CHARTS.imageUpdater.repo },
                namespace: ARGOCD_NAMESPACE,
                values: pulumi
                    .all([registryHost, role.arn])
                    .apply(([host, roleArn]) =>
                        imageUpdaterValues({ region: args.region, registryHost: host, roleArn }),
                    ),
                atomic: true,
                cleanupOnFail: true,
                timeout: 600,
            },
            // It watches Applications: Argo CD's CRDs first.
            { ...k8s_, dependsOn: [this.argocdRelease] },
        );
        this.registerOutputs({ imageUpdaterRoleArn: this.imageUpdaterRoleArn });
    }
}
