/**
 * Argo CD Image Updater 1.x (pure): the chart's values, the IAM policy of its IRSA role, and the ImageUpdater
 * resource that tells it what to watch. Sources: the chart's values.yaml at 1.2.4 (tests/gitops/charts/), the
 * ImageUpdater CRD the chart ships (same folder), and the v1.2.2 docs (basics/authentication.md, update-methods.md).
 *
 * - ECR credentials: an `ext:` script (the image ships aws-cli) that asks ECR for a token with the pod's IRSA role.
 *   ECR tokens last 12 hours; `credsexpire` makes Image Updater run the script again after 6, well inside that life,
 *   instead of caching the first token until the pod restarts.
 * - Write-back by git to main's overlay (`kustomization` = the Application's own path): the default write-back edits
 *   the Application object, which this program owns and would revert on the next `pulumi up`.
 * - Digest strategy on the mutable tag branch-main: the tag stays, its digest moves, Image Updater commits the digest.
 */
import { App, ARGOCD_NAMESPACE, BRANCH_MAIN_TAG, ECR_REPOSITORY_PREFIX, Env, environmentNames, imageName } from "../../lib/naming";
import { GITOPS_RESOURCES, IMAGE_UPDATER_SERVICE_ACCOUNT } from "./charts";

/** Re-run the ECR login script after this long (ECR authorization tokens are valid for 12 hours). */
export const ECR_CREDS_EXPIRE = "6h";
export const ECR_TOKEN_HOURS = 12;
export const ECR_AUTH_SCRIPT = "ecr-login.sh";
/** The Secret (in osprey-argocd) Image Updater pushes with, written by External Secrets. */
export const IMAGE_UPDATER_GIT_SECRET = "image-updater-git";
export const IMAGE_UPDATER_API_VERSION = "argocd-image-updater.argoproj.io/v1alpha1";

/** `<account>.dkr.ecr.<region>.amazonaws.com` from a repository URL. */
export function ecrRegistryHost(repositoryUrl: string): string {
    const m = /^(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com)\//.exec(repositoryUrl);
    if (!m) throw new Error(`"${repositoryUrl}" is not an ECR repository URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>)`);
    return m[1];
}

/** The script prints exactly one line `AWS:<password>` (Image Updater's ext: contract; ECR's token decodes to that). */
export function ecrAuthScript(region: string): string {
    return [
        "#!/bin/sh",
        "set -eu",
        `aws ecr get-authorization-token --region ${region} --output text --query 'authorizationData[0].authorizationToken' | base64 -d`,
        "",
    ].join("\n");
}

export function imageUpdaterValues(args: { region: string; registryHost: string; roleArn: string }) {
    return {
        config: {
            "git.user": "argocd-image-updater",
            "git.email": "argocd-image-updater@users.noreply.github.com",
            "log.level": "info",
            registries: [
                {
                    name: "ECR",
                    api_url: `https://${args.registryHost}`,
                    prefix: args.registryHost,
                    ping: true,
                    default: true,
                    credentials: `ext:/scripts/${ECR_AUTH_SCRIPT}`,
                    credsexpire: ECR_CREDS_EXPIRE,
                },
            ],
        },
        authScripts: { enabled: true, scripts: { [ECR_AUTH_SCRIPT]: ecrAuthScript(args.region) } },
        serviceAccount: { create: true, name: IMAGE_UPDATER_SERVICE_ACCOUNT, annotations: { "eks.amazonaws.com/role-arn": args.roleArn } },
        resources: GITOPS_RESOURCES.imageUpdater,
    };
}

/**
 * The role's policy: read image metadata of our repositories only. GetAuthorizationToken is the one ECR action that
 * takes no resource (AWS: "the resource must be *"); the token it returns lets nothing through that the other
 * statement does not allow.
 */
export function imageUpdaterEcrPolicy(region: string, accountId: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            {
                Sid: "ReadOurRepositories",
                Effect: "Allow",
                Action: ["ecr:BatchGetImage", "ecr:DescribeImages", "ecr:ListImages", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer"],
                Resource: `arn:aws:ecr:${region}:${accountId}:repository/${ECR_REPOSITORY_PREFIX}*`,
            },
        ],
    };
}

/**
 * One ImageUpdater per auto-deployed environment, in Argo CD's namespace (it selects Applications of its own
 * namespace only). One applicationRef per Application, by exact name: two updaters matching one Application
 * would thrash it (Image Updater docs, configuration/applications.md).
 */
export function imageUpdaterMetadata(environment: Env) {
    return { name: environmentNames(environment).argocdProject, namespace: ARGOCD_NAMESPACE, labels: { "osprey-strike.com/environment": environment } };
}

export function imageUpdaterManifest(args: { environment: Env; apps: readonly App[]; repositoryUrls: Record<string, string>; branch: string }) {
    return {
        apiVersion: IMAGE_UPDATER_API_VERSION,
        kind: "ImageUpdater" as const,
        metadata: imageUpdaterMetadata(args.environment),
        spec: imageUpdaterSpec(args),
    };
}

export function imageUpdaterSpec(args: { environment: Env; apps: readonly App[]; repositoryUrls: Record<string, string>; branch: string }) {
    const names = environmentNames(args.environment);
    return {
        commonUpdateSettings: { updateStrategy: "digest", forceUpdate: false },
        writeBackConfig: {
            method: `git:secret:${ARGOCD_NAMESPACE}/${IMAGE_UPDATER_GIT_SECRET}`,
            gitConfig: { branch: args.branch, writeBackTarget: "kustomization" },
        },
        applicationRefs: args.apps.map((app) => {
            const url = args.repositoryUrls[app];
            if (!url) throw new Error(`ImageUpdater ${names.argocdProject}: no ECR repository for ${app}`);
            return {
                namePattern: names.applicationName(app),
                images: [{ alias: app, imageName: `${url}:${BRANCH_MAIN_TAG}`, manifestTargets: { kustomize: { name: imageName(app) } } }],
            };
        }),
    };
}
