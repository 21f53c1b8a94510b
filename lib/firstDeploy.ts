/**
 * The first deploy, from an empty account, as data: the one definition that docs/first-deploy.md is rendered from
 * (tests/tools/firstDeploy.test.ts compares them) and that the rehearsal (harness/rehearsal.ts, `npm run plan --
 * --first-deploy`) walks on the mock cloud. Each step is prose for the operator, and where it runs `pulumi up`, the
 * config changes of that pass (`pulumi config set/rm --path`, kept in the stack file as Pulumi keeps them); what a
 * step needs from earlier steps, and what it brings into the world that no `pulumi up` creates (images in ECR, the
 * ALB the controller makes, a secret's value), are data too, so the rehearsal can refuse an order that cannot work.
 *
 * Why passes at all: the EKS API is private (the jumpbox that reaches it is created by the first pass), and the edge
 * needs the ALB that the AWS Load Balancer Controller creates from the Ingresses that the second pass syncs.
 */
import { DEPLOY_AGENT_TOKEN_SECRET_NAME, deployRoleName, environmentNames, PROJECT } from "./naming";

export type StackName = "main" | "demo";

/** `pulumi config set --path <project>:<path> <value>`, or `pulumi config rm --path` when value is undefined. */
export interface ConfigChange {
    path: string;
    /** `{account}` stands for the AWS account ID (docs/first-deploy.md shows `<account>`, the rehearsal the mock's). */
    value?: string;
}

/** Something outside Pulumi's state that a step brings about. */
export type Fact =
    | "images pushed" // branch-main of every app in ECR
    | `ALB of ${string}` // the controller created the ingress group's ALB
    | `secret values of ${StackName}` // the out-of-band secrets hold values
    | "agent token"; // the deployment agent's pool token is in its secret

export type Need =
    /** A stack output that an earlier pass exported. */
    | { output: string; stack: StackName }
    /** A resource an earlier pass created, by type and physical name (`name`, or `metadata.name` for Kubernetes). */
    | { resource: string; name: string; stack: StackName }
    /** Every secret named in a stack output (a list of names) exists. */
    | { secretsNamedBy: string; stack: StackName }
    | { fact: Fact };

export interface Pass {
    stack: StackName;
    config: ConfigChange[];
}

export interface Step {
    title: string;
    /** Markdown; `{command}` is replaced by the pass's command line, `{config}` by the config-only changes'. */
    text: string;
    pass?: Pass;
    /** Config changes without a `pulumi up` (kept in the stack files for the next run, e.g. Pulumi Deployments'). */
    config?: Pass[];
    /** Checked after the step's pass (if any) ran: what must exist by the end of this step. */
    needs?: Need[];
    provides?: Fact[];
}

const k8s = (p: string) => `kubernetes.${p}`;
const TUNNEL = "https://127.0.0.1:8443";
const main = environmentNames("main");
const demo = environmentNames("demo");

export const FIRST_DEPLOY: Step[] = [
    {
        title: "Before anything",
        text:
            'create the Google SAML app (docs/gitops.md, "The way in": ACS URL and Entity ID\n' +
            "`https://localhost:8080/api/dex/callback`) and put its SSO URL and certificate into `Pulumi.main.yaml`\n" +
            "(`argocd.sso.ssoUrl`, `argocd.sso.caData` = `base64 -w0 GoogleIDPCertificate.pem`); set `gitops.repoUrl` and\n" +
            "`deployments.organization` in `config/shared.ts` (then `npx tsx tools/writePulumiYaml.ts`), and the four\n" +
            'secrets of each stack ("Running it for real").',
    },
    {
        title: "main, pass 1: the platform without Kubernetes",
        text:
            "(the private API is reachable only through the jumpbox this pass creates) and without the edge (no ALB yet):\n" +
            "{command}\n" +
            "creates the VPC, EKS (CoreDNS as a managed add-on), the jumpbox, ECR, the CI role, the IP sync, main's database,\n" +
            "secrets, bucket and certificate, the deployment role `" +
            deployRoleName("main") +
            "`. **Who runs it**: one IAM role of yours that *is* in\n" +
            "`platform.cluster.adminRoleArns`, for this and every later step from the workstation: EKS gives the cluster's\n" +
            "creator no access entry of its own here (a transform turns off the one @pulumi/eks 4.3.0 always asks for,\n" +
            "pulumi-eks #2373), so every access is an entry in code, and the plan warns a principal that is not listed\n" +
            '(docs/runbook.md, "The cluster\'s creator").',
        pass: {
            stack: "main",
            config: [
                { path: k8s("enabled"), value: "false" },
                { path: "edge.enabled", value: "false" },
            ],
        },
        needs: [
            { output: "jumpboxInstanceId", stack: "main" },
            { output: "ciRoleArn", stack: "main" },
        ],
    },
    {
        title: "Images",
        text: "give CI the `ciRoleArn` output and merge to main once, so `branch-main` of api, web, mock and mcp is in ECR.",
        needs: [
            { output: "ciRoleArn", stack: "main" },
            ...["api", "web", "mock", "mcp"].map((app) => ({
                resource: "aws:ecr/repository:Repository",
                name: `${PROJECT}/${app}`,
                stack: "main" as const,
            })),
        ],
        provides: ["images pushed"],
    },
    {
        title: "main, pass 2: the cluster's contents",
        text:
            'open the tunnel ("Reaching the cluster"), then\n' +
            "{command}\n" +
            "creates the Load Balancer Controller, External Secrets and its store, main's namespace and ExternalSecrets, the\n" +
            "PostGIS Job, Argo CD, Image Updater, the AppProject `osprey-main` and main's four Applications. They sync at once\n" +
            "(automated; from a private repository once the next step has filled `git-read`, within Argo CD's 3-minute refresh).",
        pass: {
            stack: "main",
            config: [{ path: k8s("apiTunnelUrl"), value: TUNNEL }, { path: k8s("enabled") }],
        },
    },
    {
        title: "Out-of-band secrets",
        text:
            "(the `outOfBandSecretNames` and `gitCredentialSecretNames` outputs):\n" +
            '`aws secretsmanager put-secret-value --secret-id osprey-strike/main/render-api --secret-string \'{"RENDER_API_KEY":"..."}\'`,\n' +
            "and the same command for `osprey-strike/platform/argocd/git-read` and `osprey-strike/platform/argocd/git-write` with\n" +
            '`\'{"username":"x-access-token","password":"<token>"}\'`.',
        needs: [
            { secretsNamedBy: "outOfBandSecretNames", stack: "main" },
            { secretsNamedBy: "gitCredentialSecretNames", stack: "main" },
        ],
        provides: ["secret values of main"],
    },
    {
        title: "Wait for main's ALB",
        text:
            "the controller creates it from the Ingresses of main's Applications:\n" +
            "`kubectl get ingress -n osprey-main web -o jsonpath='{.status.loadBalancer.ingress[0].hostname}'`\n" +
            "prints `k8s-ospreymain-...elb.amazonaws.com` once it exists.",
        needs: [
            { resource: "kubernetes:helm.sh/v3:Release", name: "aws-load-balancer-controller", stack: "main" },
            { resource: "kubernetes:argoproj.io/v1alpha1:Application", name: "web-main", stack: "main" },
            { fact: "images pushed" },
            { fact: "secret values of main" },
        ],
        provides: [`ALB of ${main.ingressGroup}`],
    },
    {
        title: "main, pass 3: the edge",
        text:
            "{command}\n" +
            "(the edge finds the ALB by its ingress-group tag; this pass also exports `accessOneTimePinIdpId`, which demo needs).\n" +
            "If the zone already has a managed-WAF or rate-limit ruleset or a one-time-PIN provider made in the dashboard,\n" +
            "`pulumi import` them into main before this pass.",
        pass: { stack: "main", config: [{ path: "edge.enabled" }] },
        needs: [{ output: "accessOneTimePinIdpId", stack: "main" }],
    },
    {
        title: "demo, pass 1: everything but the edge",
        text:
            "(the tunnel still open; main's platform exists):\n" +
            "{command},\n" +
            'then `aws secretsmanager put-secret-value --secret-id osprey-strike/demo/render-api --secret-string \'{"RENDER_API_KEY":"..."}\'`.\n' +
            "It also creates demo's deployment role `" +
            deployRoleName("demo") +
            "`.",
        pass: {
            stack: "demo",
            config: [
                { path: k8s("apiTunnelUrl"), value: TUNNEL },
                { path: "edge.enabled", value: "false" },
            ],
        },
        needs: [{ secretsNamedBy: "outOfBandSecretNames", stack: "demo" }],
        provides: ["secret values of demo"],
    },
    {
        title: "Sync demo by hand",
        text:
            "(demo is never synced automatically): in Argo CD (`kubectl port-forward -n osprey-argocd svc/argocd-server 8080:443`,\n" +
            "`https://localhost:8080`, as a deployer) press Sync on `web-demo` and `api-demo`; or\n" +
            '`kubectl -n osprey-argocd patch application web-demo --type merge -p \'{"operation":{"sync":{}}}\'` (and `api-demo`).\n' +
            "The controller creates **demo's ALB**; wait for it with\n" +
            "`kubectl get ingress -n osprey-demo web -o jsonpath='{.status.loadBalancer.ingress[0].hostname}'`.",
        needs: [
            { resource: "kubernetes:argoproj.io/v1alpha1:Application", name: "web-demo", stack: "demo" },
            { resource: "kubernetes:argoproj.io/v1alpha1:Application", name: "api-demo", stack: "demo" },
            { resource: "kubernetes:helm.sh/v3:Release", name: "aws-load-balancer-controller", stack: "main" },
            { fact: "images pushed" },
            { fact: "secret values of demo" },
        ],
        provides: [`ALB of ${demo.ingressGroup}`],
    },
    {
        title: "demo, pass 2: the edge",
        text: "{command}.",
        pass: { stack: "demo", config: [{ path: "edge.enabled" }] },
    },
    {
        title: "Twilio",
        text:
            "paste each stack's `twilioWebhookUrl` into the Twilio console. Smoke test:\n" +
            "`curl -i https://api-main.osprey-strike.com/webhooks/twilio` without a token answers 403 from Access.",
        needs: [
            { output: "twilioWebhookUrl", stack: "main" },
            { output: "twilioWebhookUrl", stack: "demo" },
        ],
    },
    {
        title: "main, pass 4: the way to deploy from git",
        text:
            "the deployment agent inside the VPC, and cluster rights for both deployment roles (EKS access entries need\n" +
            "their roles to exist, so only now):\n" +
            "{command},\n" +
            'then put the agent pool\'s token (docs/runbook.md, "The deployment agent"):\n' +
            "`aws secretsmanager put-secret-value --secret-id " +
            DEPLOY_AGENT_TOKEN_SECRET_NAME +
            " --secret-string '<pool token>'`.",
        pass: {
            stack: "main",
            config: [
                { path: "platform.deployments.agent.enabled", value: "true" },
                {
                    path: "platform.cluster.adminRoleArns[1]",
                    value: `arn:aws:iam::{account}:role/${deployRoleName("main")}`,
                },
                {
                    path: "platform.cluster.adminRoleArns[2]",
                    value: `arn:aws:iam::{account}:role/${deployRoleName("demo")}`,
                },
            ],
        },
        needs: [
            { resource: "aws:iam/role:Role", name: deployRoleName("main"), stack: "main" },
            { resource: "aws:iam/role:Role", name: deployRoleName("demo"), stack: "demo" },
            { resource: "aws:secretsmanager/secret:Secret", name: DEPLOY_AGENT_TOKEN_SECRET_NAME, stack: "main" },
        ],
        provides: ["agent token"],
    },
    {
        title: "Hand over to Pulumi Deployments",
        text:
            "the agent reaches the API directly, so the stack files that deployments use must not name the tunnel:\n" +
            "{config};\n" +
            'commit both stack files, then push the deployment settings (docs/runbook.md, "Pushing deployment settings").\n' +
            "From here on, a change reaches the stacks through git (docs/delivery.md).",
        needs: [{ fact: "agent token" }],
        config: [
            { stack: "main", config: [{ path: k8s("apiTunnelUrl") }] },
            { stack: "demo", config: [{ path: k8s("apiTunnelUrl") }] },
        ],
    },
];

const configCommands = (pass: Pass, account: string) => {
    const key = (path: string) => `${PROJECT}:${path}`;
    return pass.config.map((c) =>
        c.value === undefined
            ? `pulumi config rm --path ${key(c.path)} --stack ${pass.stack}`
            : `pulumi config set --path ${quoteArg(key(c.path))} ${c.value.replace("{account}", account)} --stack ${pass.stack}`,
    );
};

/** The command line of a pass, as docs/first-deploy.md shows it. */
export function passCommand(pass: Pass, account = "<account>"): string {
    return `\`${[...configCommands(pass, account), `pulumi up --stack ${pass.stack}`].join(" && ")}\``;
}

const quoteArg = (s: string) => (/[[\]]/.test(s) ? `'${s}'` : s);

/** docs/first-deploy.md's numbered list. */
export function firstDeployMarkdown(): string {
    return FIRST_DEPLOY.map((step, i) => {
        const config = `\`${(step.config ?? []).flatMap((p) => configCommands(p, "<account>")).join(" && ")}\``;
        const text = step.text
            .replace("{command}", step.pass ? passCommand(step.pass) : "")
            .replace("{config}", config);
        const body = `${i + 1}. **${step.title}**${/^[(:]/.test(text) ? " " : ": "}${text}`;
        // Continuation lines indented under the number, as Markdown lists need.
        return body.split("\n").join(`\n${" ".repeat(String(i + 1).length + 2)}`);
    }).join("\n");
}
