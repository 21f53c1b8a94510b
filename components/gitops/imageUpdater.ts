/**
 * Argo CD Image Updater 1.x (pure): the chart's values, the IAM policy of its IRSA role, and the ImageUpdater
 * resource that tells it what to watch. Sources: the chart's values.yaml at 1.2.4 (tests/gitops/charts/), the
 * ImageUpdater CRD the chart ships (same folder), and the v1.2.2 docs (basics/authentication.md, update-methods.md).
 *
 * - ECR credentials: an `ext:` script (the image ships aws-cli) that asks ECR for a token with the pod's IRSA role.
 *   ECR tokens last 12 hours; `credsexpire` makes Image Updater run the script again after 6, well inside that life,
 *   instead of caching the first token until the pod restarts. The CLI gets a home of its own (see awsCliEnv).
 * - Write-back by git to main's overlay (`kustomization` = the Application's own path): the default write-back edits
 *   the Application object, which this program owns and would revert on the next `pulumi up`.
 * - Digest strategy on the mutable tag branch-main: the tag stays, its digest moves, Image Updater commits the digest.
 */
import {
    App,
    ARGOCD_NAMESPACE,
    BRANCH_MAIN_TAG,
    ECR_REPOSITORY_PREFIX,
    Env,
    environmentNames,
    imageName,
} from "../../lib/naming";
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
    if (!m)
        throw new Error(
            `"${repositoryUrl}" is not an ECR repository URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>)`,
        );
    return m[1];
}

/**
 * Image Updater kills an `ext:` script after 10 s (registry-scanner/pkg/image/credentials.go at v1.2.2,
 * `argoexec.RunCommandExt(cmd, argoexec.CmdOpts{Timeout: 10 * time.Second})`) and then returns an error, whatever
 * the script printed.
 */
export const EXT_SCRIPT_TIMEOUT_SECONDS = 10;
/**
 * Fail inside that kill, with the CLI's own message: per attempt a 2 s TCP connect and a 2 s wait for the answer
 * (`--cli-connect-timeout`, `--cli-read-timeout`; the CLI puts them in the session's default client config, "used
 * by all clients created from then on", so the IRSA login's STS call too: aws-cli 2.36.7
 * awscli/customizations/globalargs.py), and 2 attempts (AWS_MAX_ATTEMPTS below; standard mode's first back-off is at
 * most 1 s). Unreachable network: the first call gives up after two 2 s connects and one back-off, 5 s at most. The CLI's defaults (60 s each,
 * 3 attempts) would always lose to the kill, and the kill's log line says only "timeout after 10s".
 */
export const AWS_CLI_CONNECT_TIMEOUT_SECONDS = 2;
export const AWS_CLI_READ_TIMEOUT_SECONDS = 2;
export const AWS_CLI_MAX_ATTEMPTS = 2;

/**
 * The script prints exactly one line `AWS:<password>` (Image Updater's ext: contract, github.com/argoproj-labs/argocd-image-updater docs/basics/authentication.md at
 * v1.2.2: one line, with its newline; ECR's token decodes to that). Two steps, not one pipeline: `aws ... | base64 -d`
 * under sh exits with base64's status, so a failing CLI printed nothing and exited 0, and Image Updater, which
 * keeps stderr only when the script fails, logged "invalid script output" without the CLI's error (issue #720's
 * symptom). Now the CLI's failure is the script's, with its stderr in Image Updater's log.
 */
export function ecrAuthScript(region: string): string {
    return [
        "#!/bin/sh",
        "set -eu",
        `token=$(aws ecr get-authorization-token --region ${region} --cli-connect-timeout ${AWS_CLI_CONNECT_TIMEOUT_SECONDS} --cli-read-timeout ${AWS_CLI_READ_TIMEOUT_SECONDS} --output text --query 'authorizationData[0].authorizationToken')`,
        `creds=$(printf '%s' "$token" | base64 -d)`,
        `case "$creds" in AWS:?*) ;; *) echo "ECR's token did not decode to AWS:<password>" >&2; exit 1 ;; esac`,
        `printf '%s\n' "$creds"`,
        "",
    ].join("\n");
}

/**
 * Where the AWS CLI may write. The image runs as uid 1000 with HOME=/app (its Dockerfile at v1.2.2: `adduser --home
 * "/app"`, `USER 1000`), and chart 1.2.4 makes the root filesystem read-only (values.yaml `securityContext.
 * readOnlyRootFilesystem: true`). AWS CLI v2 caches the credentials of the IRSA login (assume-role-with-web-identity)
 * under `~/.aws/cli/cache`, creating the folder first (aws-cli 2.36.7 awscli/customizations/assumerole.py,
 * `CACHE_DIR = os.path.expanduser(os.path.join('~', '.aws', 'cli', 'cache'))`; botocore's JSONFileCache
 * `os.makedirs` on write), so every login failed with `[Errno 30] Read-only file system: '/app/.aws'`
 * (argoproj-labs/argocd-image-updater issue #720, open, reported against 0.13.0). That folder has no setting of
 * its own: only HOME moves it. Issue #112 reports AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE alone leave the CLI
 * on `$HOME/.aws`.
 */
export const AWS_CLI_HOME = "/aws-cli";
export const AWS_CLI_HOME_VOLUME = "aws-cli-home";

/**
 * The container's extra environment (the chart's `extraEnv`, which its values.yaml says the auth scripts see too).
 * HOME for the whole container is safe: Image Updater runs git with HOME=/dev/null (ext/git/client.go at v1.2.2,
 * runCmdOutput) and gpg with its own GNUPGHOME; ssh takes the home of the passwd entry (/app, where the chart
 * mounts /app/.ssh), not HOME.
 */
export function awsCliEnv(): { name: string; value: string }[] {
    return [
        { name: "HOME", value: AWS_CLI_HOME },
        // Read, never written by a login; named so the CLI's files are all under the emptyDir whatever HOME becomes.
        { name: "AWS_CONFIG_FILE", value: `${AWS_CLI_HOME}/.aws/config` },
        { name: "AWS_SHARED_CREDENTIALS_FILE", value: `${AWS_CLI_HOME}/.aws/credentials` },
        // No pager (CLI v2's default is `less`): the script's output must reach Image Updater untouched.
        { name: "AWS_PAGER", value: "" },
        // Fail fast: two attempts with standard mode's short back-off, for the STS and the ECR call alike.
        { name: "AWS_RETRY_MODE", value: "standard" },
        { name: "AWS_MAX_ATTEMPTS", value: String(AWS_CLI_MAX_ATTEMPTS) },
        // IRSA or nothing: without it the chain would wait on the node's metadata service and log in as the node.
        { name: "AWS_EC2_METADATA_DISABLED", value: "true" },
    ];
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
        // The chart's own `volumes`/`volumeMounts` (values.yaml at 1.2.4); the root filesystem stays read-only.
        extraEnv: awsCliEnv(),
        volumes: [{ name: AWS_CLI_HOME_VOLUME, emptyDir: { sizeLimit: "16Mi" } }],
        volumeMounts: [{ name: AWS_CLI_HOME_VOLUME, mountPath: AWS_CLI_HOME }],
        serviceAccount: {
            create: true,
            name: IMAGE_UPDATER_SERVICE_ACCOUNT,
            annotations: { "eks.amazonaws.com/role-arn": args.roleArn },
        },
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
                Action: [
                    "ecr:BatchGetImage",
                    "ecr:DescribeImages",
                    "ecr:ListImages",
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:GetDownloadUrlForLayer",
                ],
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
    return {
        name: environmentNames(environment).argocdProject,
        namespace: ARGOCD_NAMESPACE,
        labels: { "osprey-strike.com/environment": environment },
    };
}

export function imageUpdaterManifest(args: {
    environment: Env;
    apps: readonly App[];
    repositoryUrls: Record<string, string>;
    branch: string;
}) {
    return {
        apiVersion: IMAGE_UPDATER_API_VERSION,
        kind: "ImageUpdater" as const,
        metadata: imageUpdaterMetadata(args.environment),
        spec: imageUpdaterSpec(args),
    };
}

export function imageUpdaterSpec(args: {
    environment: Env;
    apps: readonly App[];
    repositoryUrls: Record<string, string>;
    branch: string;
}) {
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
                images: [
                    {
                        alias: app,
                        imageName: `${url}:${BRANCH_MAIN_TAG}`,
                        manifestTargets: { kustomize: { name: imageName(app) } },
                    },
                ],
            };
        }),
    };
}
