/**
 * Every setting the program reads, declared once: type, default and description, grouped by layer in the order
 * of the request path, so a stack file reads like the architecture. Pure (no Pulumi imports): config/index.ts
 * feeds it what Pulumi holds, tests feed it the stack files, tools/writePulumiYaml.ts documents it in Pulumi.yaml.
 *
 * A stack file carries only what differs from these defaults for its environment. The `platform` group applies
 * only to the stack that owns the shared platform; another stack that sets any of it is refused (it would do
 * nothing there).
 */
import { choice, eachItem, flag, group, integer, list, perEnv, text } from "./declare";
import {
    apiTunnelUrlProblem,
    cpuQuantityProblem,
    gravitonInstanceTypeProblem,
    iamRoleArnProblem,
    instanceTypeProblem,
    kubernetesVersionProblem,
    memoryQuantityProblem,
} from "../lib/clusterRules";
import {
    backupRetentionProblem,
    DEFAULT_ENGINE_VERSION,
    DEFAULT_INSTANCE_CLASS,
    engineVersionFormatProblem,
    instanceClassProblem,
    slowStatementMsProblem,
    storageGbProblem,
} from "../lib/dataRules";
import { ENVIRONMENTS, PROJECT } from "../lib/naming";
import {
    cloudflareIdProblem,
    dnsNameProblem,
    gitBranchProblem,
    githubRepositoryProblem,
    ipv4CidrProblem,
    ipv6CidrProblem,
    keycloakUrlProblem,
    privateBlockProblem,
    stackNameProblem,
} from "../lib/validators";
import { durationProblem, realmGroupsProblem, realmNameProblem, SYSTEM_ADMINISTRATOR_GROUP } from "../lib/authContract";
import { internetProblem } from "../policy/lib/cidrCoverage";
import { REVIEWED_CLOUDFLARE_IPV4_AGGREGATES, REVIEWED_CLOUDFLARE_IPV6_AGGREGATES } from "../lib/cloudflareAggregates";
import {
    caDataProblem,
    gitPathProblem,
    gitRevisionProblem,
    gitRepoUrlProblem,
    httpsUrlProblem,
    rbacSubjectProblem,
    samlSsoUrlProblem,
} from "../lib/gitopsRules";
import { agentVersionProblem, deployOperationsProblem, pulumiOrganizationProblem } from "../lib/deliveryRules";
import { pulumiCronProblem } from "../lib/driftRules";
import { ALB_IP_ADDRESS_TYPES, CLOUDWATCH_RETENTION_DAYS, EKS_LOG_TYPES } from "../lib/costSwitches";

/** A retention CloudWatch Logs accepts (PutRetentionPolicy's list). */
const cloudwatchRetentionProblem = (v: number) =>
    CLOUDWATCH_RETENTION_DAYS.includes(v)
        ? undefined
        : `${v} is not a CloudWatch retention; use one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The stand-ins the stock stack files carry (their `placeholder` declarations below): AWS's documentation account
 * (IAM user guide, "AWS account identifiers": 123456789012), Cloudflare IDs of the right shape, and a repository name
 * that is not the adopter's.
 */
const STOCK = {
    awsAccountId: "123456789012",
    cloudflareAccountId: "0123456789abcdef0123456789abcdef",
    cloudflareZoneId: "fedcba9876543210fedcba9876543210",
    repository: "osprey-strike/osprey-strike",
    githubAppId: 100001,
    githubTeamId: 100002,
} as const;

/** RFC 2606 reserves example.com, .net and .org for documentation: no one reads that mail. */
const isDocumentationEmail = (v: string) => /@(.+\.)?example\.(com|net|org)$/i.test(v);

/** RFC 5737's IPv4 documentation blocks and RFC 3849's IPv6 prefix: no real office egresses from them. */
const isDocumentationRange = (v: string) =>
    /^(192\.0\.2|198\.51\.100|203\.0\.113)\./.test(v) || /^2001:0?db8:/i.test(v);

/**
 * The stock SAML certificate is self-signed with CN=placeholder-google-saml-idp (Pulumi.main.yaml's comment): the name is
 * in the DER under the PEM's base64 under caData's.
 */
function isPlaceholderCertificate(caData: string): boolean {
    const pem = Buffer.from(caData, "base64").toString("utf8");
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""), "base64");
    return der.includes("placeholder-google-saml-idp");
}

const domain = dnsNameProblem;
const hex32 = (what: string) => (v: string) => cloudflareIdProblem(v, what);
const email = (v: string) => (EMAIL_RE.test(v) ? undefined : `"${v}" is not an email address`);

/** EventBridge schedule expressions: rate(1 hour) (singular for 1, plural otherwise) or a six-field cron(). */
function scheduleProblem(v: string): string | undefined {
    const rate = /^rate\(([1-9]\d*) (minute|hour|day)(s?)\)$/.exec(v);
    if (rate && (rate[1] === "1") === (rate[3] === "")) return undefined;
    if (/^cron\(\S+( \S+){5}\)$/.test(v)) return undefined;
    return `"${v}" is not an EventBridge schedule; use rate(1 hour), rate(30 minutes) or cron(0 * * * ? *)`;
}

/**
 * A list of ranges is judged by what it covers together (the pack's own measure, policy/lib/cidrCoverage.ts): two
 * halves of the internet are refused like a /0.
 */
const notTheInternet = (vs: string[]): string | undefined => {
    const why = internetProblem(vs);
    return why === undefined ? undefined : `the ranges ${why}; list only your office's or VPN's own ranges`;
};

/** Reviewed aggregates: at least one, each a well-formed CIDR of the family. */
const aggregatesProblem =
    (cidr: (s: string) => string | undefined) =>
    (vs: string[]): string | undefined =>
        vs.length === 0
            ? "list at least one reviewed Cloudflare aggregate (an empty list would refuse every addition)"
            : eachItem(cidr)(vs);

/** The stack model: plain keys, declared with their types in Pulumi.yaml. */
export const STACK = {
    environment: choice(
        "The application environment this stack deploys: main (continuous, auto-deploys on merge) or demo (stakeholder demos, manually promoted).",
        ENVIRONMENTS,
    ),
    platformStack: text(
        `The stack that owns the shared platform, "<org>/${PROJECT}/<stack>", read through a StackReference. Empty (the default): this stack owns the platform (VPC, EKS, ECR, CI identity, IP sync, the zone's singletons).`,
        {
            default: "",
            check: (v) => (v === "" ? undefined : stackNameProblem(v)?.replace("<project>", PROJECT)),
            placeholder: {
                is: (v) => v.startsWith("organization/"),
                replaceWith: `your Pulumi organization in place of "organization" (<org>/${PROJECT}/main)`,
            },
        },
    ),
} as const;

/** Secrets: plain keys (`pulumi config set --secret`), declared `secret: true` in Pulumi.yaml, never printed. */
export const SECRETS = {
    cloudflareApiToken: "Cloudflare API token (DNS, Zone settings, WAF, Access, Workers edit).",
    accessGoogleClientSecret: "OAuth client secret of the Google identity provider used by Access.",
    twilioAuthToken: "Twilio auth token the webhook Worker verifies X-Twilio-Signature with.",
    keycloakAdminClientSecret:
        "Secret of the Keycloak admin client (keycloak.adminClientId, client-credentials grant) Pulumi configures the realm and the ALB clients with.",
} as const;
export type SecretKey = keyof typeof SECRETS;

/**
 * Secrets of the platform's stack alone, refused in any other (no other stack may hold them). Not declared in
 * Pulumi.yaml: Pulumi requires a declared key without a default on every stack of the project.
 */
export const PLATFORM_SECRETS = {
    githubToken:
        "GitHub token of the provider that manages the repository's rulesets (platform.repositoryRules): a fine-grained token of that one repository with Administration read and write, nothing else (docs/delivery.md).",
} as const;
export type PlatformSecretKey = keyof typeof PLATFORM_SECRETS;

/** The layers: one structured key each (`osprey-strike:<layer>`), in the order a request meets them. */
export const LAYERS = {
    zone: group("The Cloudflare zone and account both environments live in.", {
        domain: text(
            "The apex domain of the zone; environment <env> is served at <env>.<domain>, its other apps at <app>-<env>.<domain>.",
            {
                check: domain,
            },
        ),
        accountId: text("Cloudflare account ID that owns the zone, Access and Workers.", {
            check: hex32("Cloudflare account ID"),
            placeholder: {
                is: (v) => v === STOCK.cloudflareAccountId,
                replaceWith: "your Cloudflare account ID (dashboard: the zone's Overview, API section)",
            },
        }),
        zoneId: text("Cloudflare zone ID of domain.", {
            check: hex32("Cloudflare zone ID"),
            placeholder: {
                is: (v) => v === STOCK.cloudflareZoneId,
                replaceWith: "your zone's ID (dashboard: the zone's Overview, API section)",
            },
        }),
    }),
    access: group("Cloudflare Access (auth layer 1): who may reach the environment at all.", {
        googleWorkspaceDomain: text("Google Workspace domain whose users may log in.", { check: domain }),
        googleClientId: text("OAuth client ID of the Google identity provider.", {
            check: (v) =>
                v.endsWith(".apps.googleusercontent.com")
                    ? undefined
                    : `"${v}" is not a Google OAuth client ID (<id>.apps.googleusercontent.com)`,
            placeholder: {
                is: (v) => /^0+-/.test(v),
                replaceWith: "the client ID of your Google OAuth client (Google Cloud console > Credentials)",
            },
        }),
        externalEmails: list("External stakeholders (not in Google Workspace) allowed in with an email one-time PIN.", {
            default: [],
            check: eachItem(email),
            placeholder: {
                is: (vs) => vs.some(isDocumentationEmail),
                replaceWith: "your stakeholders' emails, or an empty list",
            },
        }),
        officeBypassCidrs: list(
            "Office/VPN CIDRs that skip login (main only: demo always requires authentication, docs/requirements.md, Auth layers).",
            {
                default: [],
                check: (vs) =>
                    eachItem((v) => (v.includes(":") ? ipv6CidrProblem(v) : ipv4CidrProblem(v)))(vs) ??
                    notTheInternet(vs),
                placeholder: {
                    is: (vs) => vs.some(isDocumentationRange),
                    replaceWith: "your office's or VPN's egress ranges, or an empty list",
                },
            },
        ),
        sessionDuration: text("How long an Access session lasts before re-authentication, e.g. 12h or 30m.", {
            default: perEnv({ main: "12h", demo: "8h" }),
            check: (v) =>
                /^\d+(h|m)$/.test(v) && parseInt(v, 10) > 0 ? undefined : `"${v}" is not a duration like 12h or 30m`,
        }),
        serviceTokenVersion: integer(
            "Version of the Twilio Worker's Access service-token secret: raise it by one to rotate the secret (Cloudflare issues a new one; the Worker's binding moves in the same update). Never lower it.",
            1,
            1000,
            { default: 1 },
        ),
    }),
    edge: group("The edge (Cloudflare DNS, WAF, the Twilio Worker) in front of the environment's ALB.", {
        enabled: flag(
            "false only for a stack's first deploy, before the AWS Load Balancer Controller has created the environment's ALB; the edge is then skipped (docs/first-deploy.md).",
            { default: true },
        ),
        albHostname: text(
            "The ALB's DNS name; empty (default) to look it up by the controller's tag ingress.k8s.aws/stack=osprey-<environment>.",
            {
                default: "",
                check: (v) =>
                    v === "" || !dnsNameProblem(v)
                        ? undefined
                        : `"${v}" is not a DNS name; set the ALB's (k8s-....elb.amazonaws.com) or leave it empty`,
            },
        ),
    }),
    alb: group(
        "The environment's ALB, made by the AWS Load Balancer Controller from the Ingresses of its ingress group osprey-<environment>.",
        {
            ipAddressType: choice(
                "ALB IP address type (annotation alb.ingress.kubernetes.io/ip-address-type in kubernetes/components/alb-<environment>): ipv4 (default; one public IPv4 per AZ, $3.65/month each), dualstack, or dualstack-without-public-ipv4 (no public IPv4: Cloudflare reaches the ALB over IPv6; needs platform.network.ipv6 on the platform's stack).",
                ALB_IP_ADDRESS_TYPES,
                { default: "ipv4" },
            ),
        },
    ),
    keycloak: group(
        "The existing Keycloak server (auth layer 3) this program configures: the platform stack owns the realm (platform.identity), each stack its ALB's client osprey-alb-<environment> (auth layer 2).",
        {
            url: text(
                "Base URL of the Keycloak server (Keycloak 17+: realms at /realms/<realm>), e.g. https://auth.osprey-strike.com. Publicly resolvable, public CA (the ALB calls it).",
                {
                    check: keycloakUrlProblem,
                },
            ),
            adminRealm: text("Realm of the admin client Pulumi logs in with (client-credentials).", {
                default: "master",
            }),
            adminClientId: text(
                "Client ID of that admin client: confidential, service accounts on, with realm-management's manage-realm, manage-clients and manage-users (or master's admin role) on the osprey realm. Its secret: keycloakAdminClientSecret.",
                { default: "osprey-pulumi" },
            ),
        },
    ),
    workloads: group("The environment's workloads (synced by Argo CD) and its namespace's ResourceQuota.", {
        apiReplicas: integer(
            "Go API replicas (2 on main, 1 on demo). At 3 or more the environment gets Valkey (in-process state needs a shared cache).",
            1,
            20,
            {
                default: perEnv({ main: 2, demo: 1 }),
            },
        ),
        webReplicas: integer("Next.js web replicas.", 1, 20, { default: perEnv({ main: 2, demo: 1 }) }),
        quota: group(
            "ResourceQuota of the environment's namespace. Two t3.medium nodes give ~3.8 vCPU / ~6.8 GiB for both environments and the add-ons; demo has half of main's (one API replica, no mock or MCP).",
            {
                requestsCpu: text("Total CPU requests (Kubernetes quantity, e.g. 1500m).", {
                    default: perEnv({ main: "1500m", demo: "750m" }),
                    check: cpuQuantityProblem,
                }),
                requestsMemory: text("Total memory requests (e.g. 3Gi).", {
                    default: perEnv({ main: "3Gi", demo: "1536Mi" }),
                    check: memoryQuantityProblem,
                }),
                limitsCpu: text("Total CPU limits (at least the requests).", {
                    default: perEnv({ main: "3", demo: "1500m" }),
                    check: cpuQuantityProblem,
                }),
                limitsMemory: text("Total memory limits (at least the requests).", {
                    default: perEnv({ main: "6Gi", demo: "3Gi" }),
                    check: memoryQuantityProblem,
                }),
                pods: integer("Maximum pods.", 1, 200, { default: perEnv({ main: 30, demo: 15 }) }),
            },
        ),
    }),
    data: group("The environment's data: RDS PostgreSQL 18 + PostGIS, and the attachments bucket.", {
        database: group("The environment's RDS PostgreSQL instance.", {
            instanceClass: text("RDS instance class, e.g. db.t4g.small (~$0.032/h single-AZ).", {
                default: DEFAULT_INSTANCE_CLASS,
                check: instanceClassProblem,
            }),
            engineVersion: text(
                'PostgreSQL engine version: a major ("18": the newest 18.x, kept current by automatic minor upgrades, so they never fight the stack file) or major.minor ("18.1").',
                { default: DEFAULT_ENGINE_VERSION, check: engineVersionFormatProblem },
            ),
            allowOtherMajorVersion: flag(
                "true to allow an engineVersion whose major is not 18 (the required PostgreSQL 18); a deliberate decision.",
                {
                    default: false,
                },
            ),
            allocatedStorageGb: integer("Initial gp3 storage, GiB.", 20, 65536, {
                default: 20,
                check: storageGbProblem,
            }),
            maxAllocatedStorageGb: integer(
                "Storage autoscaling ceiling, GiB; at least allocatedStorageGb.",
                20,
                65536,
                {
                    default: perEnv({ main: 100, demo: 50 }),
                    check: storageGbProblem,
                },
            ),
            backupRetentionDays: integer(
                "Days RDS keeps automated backups: a week on main (real data), a day on demo (rebuilt for demos).",
                1,
                35,
                {
                    default: perEnv({ main: 7, demo: 1 }),
                    check: backupRetentionProblem,
                },
            ),
            deletionProtection: flag(
                "RDS deletion protection; must stay true on main. Demo may be torn down (a final snapshot is still taken).",
                {
                    default: perEnv({ main: true, demo: false }),
                },
            ),
            slowStatementMs: integer(
                "Statements slower than this many milliseconds are logged (log_min_duration_statement).",
                1,
                60000,
                {
                    default: 500,
                    check: slowStatementMsProblem,
                },
            ),
        }),
        attachmentsNoncurrentVersionDays: integer(
            "Days the attachments bucket keeps a replaced or deleted object version before S3 expires it.",
            1,
            3650,
            {
                default: perEnv({ main: 30, demo: 7 }),
            },
        ),
    }),
    alarms: group(
        'Thresholds of the serving path\'s alarms (components/alarms), each sent to the platform\'s alarm topic. Periods and statistics follow AWS\'s CloudWatch "Recommended alarms" page (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html); where it says "depends on your situation", the default is ours and says why.',
        {
            elb5xxPerMinute: integer(
                "ALB-generated 5XX responses (HTTPCode_ELB_5XX_Count, Sum per minute) that alarm when exceeded 5 minutes running. 0: any. Default 0: with mutual TLS in front, every 5XX the ALB itself makes is a request no target could take.",
                0,
                100000,
                { default: 0 },
            ),
            target5xxPerMinute: integer(
                "Target 5XX responses (HTTPCode_Target_5XX_Count, Sum per minute over the ALB) that alarm when exceeded 5 minutes running. Default 5: a low-traffic system, where a few errors a minute for 5 minutes is a fault, not noise.",
                0,
                100000,
                { default: 5 },
            ),
            unhealthyTargets: integer(
                "Unhealthy targets in any one target group (UnHealthyHostCount, Maximum) that alarm when exceeded 5 minutes running. Default 0: every replica counts at 1-2 replicas.",
                0,
                100,
                { default: 0 },
            ),
            targetResponseP90Ms: integer(
                "p90 of TargetResponseTime over the ALB, milliseconds, that alarms when exceeded 5 minutes running. Default 2000.",
                10,
                60000,
                { default: 2000 },
            ),
            rdsFreeStoragePercent: integer(
                "FreeStorageSpace (Minimum) below this percent of data.database.allocatedStorageGb alarms (5 minutes running). Default 10, the page's figure; storage autoscaling acts at 10% of the CURRENT size, so this fires when autoscaling did not help.",
                1,
                90,
                { default: 10 },
            ),
            rdsFreeMemoryPercent: integer(
                "FreeableMemory (Average) below this percent of the instance class's memory alarms (15 minutes running). Default 25, the page's figure.",
                1,
                90,
                { default: 25 },
            ),
            rdsCpuPercent: integer(
                "CPUUtilization (Average) above this alarms (5 minutes running). Default 90, the page's figure.",
                1,
                100,
                {
                    default: 90,
                },
            ),
            rdsConnectionsPercent: integer(
                "DatabaseConnections (Average) above this percent of the class's default max_connections, LEAST(memory/9531392, 5000), alarms (5 minutes running). Default 80: the page says 90-95% of the real maximum; ours is computed from the class's nominal memory, above what RDS leaves the engine.",
                1,
                100,
                { default: 80 },
            ),
            acmDaysToExpiry: integer(
                "ACM DaysToExpiry (Minimum, daily) at or below this alarms. Default 44: ACM starts renewing a DNS-validated certificate 60 days ahead, so 44 days left means renewal has been failing for two weeks.",
                1,
                365,
                { default: 44 },
            ),
            originPullClientDaysToExpiry: integer(
                "Days before the origin-pull client certificate ends that the plan warns and the scheduled notice is sent. Default 60 (it renews itself on the first pulumi up in its last 30 days).",
                31,
                700,
                { default: 60 },
            ),
            originPullCaDaysToExpiry: integer(
                "Days before the origin-pull CA ends that the plan warns and the scheduled notice is sent. Default 365 (its rotation is a two-CA change, docs/auth.md).",
                31,
                3000,
                { default: 365 },
            ),
        },
    ),
    kubernetes: group("How this stack reaches the shared cluster's private API.", {
        enabled: flag(
            "false only for the platform's first deploy: EKS, the jumpbox and ECR are created but no Kubernetes resources, because the private API is reachable only through the jumpbox that run creates. true afterwards.",
            { default: true },
        ),
        apiTunnelUrl: text(
            "Local end of the jumpbox's SSM port forward to the EKS API (https://127.0.0.1:8443) when pulumi runs outside the VPC; empty inside it. TLS still verifies the cluster's name.",
            { default: "", check: apiTunnelUrlProblem },
        ),
    }),
    gitops: group(
        "GitOps: where Argo CD takes this environment's manifests from, and how they reach the cluster (docs/gitops.md).",
        {
            repoUrl: text(
                "HTTPS URL of the Git repository that holds the Kustomize tree, e.g. https://github.com/<owner>/<repo>.git. The environment's AppProject admits this repository only.",
                {
                    check: gitRepoUrlProblem,
                    placeholder: {
                        is: (v) => v.replace(/\.git$/, "").toLowerCase() === `https://github.com/${STOCK.repository}`,
                        replaceWith:
                            "the HTTPS URL of your repository that holds kubernetes/ (https://github.com/<owner>/<repo>.git)",
                    },
                },
            ),
            revision: text("The branch Argo CD tracks (and Image Updater commits to).", {
                default: "main",
                check: gitRevisionProblem,
            }),
            path: text(
                "The Kustomize tree's directory in the repository; each Application syncs <path>/<app>/overlays/<environment>.",
                {
                    default: "kubernetes",
                    check: gitPathProblem,
                },
            ),
            autoSync: flag(
                "Argo CD syncs automatically, with prune and self-heal (main: merge to main and the change is live). false: a person presses Sync (demo, promoted by hand; refused on demo).",
                { default: perEnv({ main: true, demo: false }) },
            ),
            imageUpdates: flag(
                "Argo CD Image Updater commits the digest of each new branch-main image to this environment's overlays (main only; refused on demo, and without autoSync).",
                { default: perEnv({ main: true, demo: false }) },
            ),
        },
    ),
    deployments: group(
        "Pulumi Deployments of this stack (docs/delivery.md): the Pulumi OIDC identity provider's audience and this stack's own deployment role.",
        {
            organization: text(
                "The Pulumi Cloud organization that runs this stack's deployments: the OIDC audience and the org in the role's subject. Empty: no deployment role (deploy from a workstation only).",
                {
                    default: "",
                    check: pulumiOrganizationProblem,
                    placeholder: {
                        is: (v) => v === "organization",
                        replaceWith: "your Pulumi Cloud organization, or empty for no deployment role",
                    },
                },
            ),
            operations: list(
                "The deployment operations the role may be assumed for (its trust pins one exact subject per operation). destroy is left out on purpose: a person destroys, with their own credentials. preview is refused: a pull-request preview would run the branch's code with this write role (docs/delivery.md); the update's own policy preview runs as operation:update.",
                { default: ["update", "refresh"], check: deployOperationsProblem },
            ),
            sessionSeconds: integer(
                "Maximum session of the deployment role, seconds (IAM: 3600 to 43200).",
                3600,
                43200,
                { default: 3600 },
            ),
        },
    ),
    argocd: group(
        "Argo CD and its Image Updater, installed in osprey-argocd by the stack that owns the platform (docs/gitops.md); another stack that sets any of it is refused.",
        {
            url: text(
                "The URL people open Argo CD at. Default: through the jumpbox tunnel and a port-forward (docs/gitops.md), never a public endpoint. Dex's SAML ACS URL is <url>/api/dex/callback.",
                { default: "https://localhost:8080", check: httpsUrlProblem },
            ),
            adminEnabled: flag(
                "Break-glass only: true re-enables Argo CD's local admin account (initial password in Secret argocd-initial-admin-secret). false (default): SSO only.",
                { default: false },
            ),
            sso: group(
                "Dex's SAML connector for the Google Workspace SAML app (Admin console > Apps > Web and mobile apps > Add custom SAML app).",
                {
                    ssoUrl: text("The app's SSO URL, https://accounts.google.com/o/saml2/idp?idpid=<id>.", {
                        check: samlSsoUrlProblem,
                        placeholder: {
                            is: (v) => /idpid=C0+$/.test(v),
                            replaceWith: "your SAML app's SSO URL (Google Admin console > the Argo CD SAML app)",
                        },
                    }),
                    entityIssuer: text(
                        "The Entity ID entered in Google's app; empty (default) means <url>/api/dex/callback, the same as the ACS URL.",
                        {
                            default: "",
                            check: (v) => (v === "" ? undefined : httpsUrlProblem(v)),
                        },
                    ),
                    caData: text(
                        "Google's IdP certificate: the PEM downloaded from the app, base64-encoded on one line (base64 -w0 GoogleIDPCertificate.pem).",
                        {
                            check: caDataProblem,
                            placeholder: {
                                is: isPlaceholderCertificate,
                                replaceWith:
                                    "Google's IdP certificate of your SAML app, base64 -w0 GoogleIDPCertificate.pem",
                            },
                        },
                    ),
                },
            ),
            rbac: group(
                "Who may do what in Argo CD. Everyone else who logs in gets role:readonly. Groups arrive only if Google's app lists them under Group membership (docs/gitops.md).",
                {
                    adminEmails: list("Emails given role:admin.", { default: [], check: eachItem(rbacSubjectProblem) }),
                    adminGroups: list("Google groups given role:admin.", {
                        default: [],
                        check: eachItem(rbacSubjectProblem),
                    }),
                    deployerEmails: list(
                        "Emails that may sync, refresh and roll back the environments' Applications.",
                        {
                            default: [],
                            check: eachItem(rbacSubjectProblem),
                        },
                    ),
                    deployerGroups: list(
                        "Google groups that may sync, refresh and roll back the environments' Applications.",
                        {
                            default: [],
                            check: eachItem(rbacSubjectProblem),
                        },
                    ),
                },
            ),
        },
        "platform-owner",
    ),
    platform: group(
        "The shared platform: read only by the stack that owns it (platformStack empty). Another stack that sets any of it is refused.",
        {
            network: group("The VPC (awsx).", {
                cidrBlock: text("IPv4 block of the VPC (RFC 1918, /16 to /20).", {
                    default: "10.40.0.0/16",
                    check: privateBlockProblem,
                }),
                availabilityZoneCount: integer("Availability zones the public and private subnets span.", 2, 3, {
                    default: 2,
                }),
                natGatewayStrategy: choice(
                    "NAT gateways: Single (one, ~$37/month with its IP; awsx's default is one per AZ) or OnePerAz (zone-resilient).",
                    ["Single", "OnePerAz"] as const,
                    { default: "Single" },
                ),
                ipv6: flag(
                    "true to give the VPC an Amazon-provided IPv6 /56 and the public subnets IPv6 addresses: what ALBs of type dualstack-without-public-ipv4 need (saves their public IPv4, $7.30/month per ALB over 2 AZs); the Network adds the ::/0 routes awsx does not. Unverified by a preview.",
                    { default: false },
                ),
            }),
            ipSync: group("The Lambda that keeps the Cloudflare prefix lists in step with cloudflare.com/ips.", {
                schedule: text("EventBridge schedule, e.g. rate(1 hour) or cron(0 * * * ? *).", {
                    default: "rate(1 hour)",
                    check: scheduleProblem,
                }),
                alarmEmail: text("Email subscribed to the platform's alarm topic (IP-sync failures); empty for none.", {
                    default: "",
                    check: (v) => (v === "" ? undefined : email(v)),
                }),
                reviewedIpv4Aggregates: list(
                    "Reviewed Cloudflare IPv4 aggregates: the sync applies an addition only inside one of these and names any other (not applied). Seeded from cloudflare.com/ips-v4 (2026-12-01).",
                    {
                        default: [...REVIEWED_CLOUDFLARE_IPV4_AGGREGATES],
                        check: (vs) => aggregatesProblem(ipv4CidrProblem)(vs) ?? notTheInternet(vs),
                    },
                ),
                reviewedIpv6Aggregates: list(
                    "Reviewed Cloudflare IPv6 aggregates (as reviewedIpv4Aggregates). Seeded from cloudflare.com/ips-v6 (2026-12-01).",
                    {
                        default: [...REVIEWED_CLOUDFLARE_IPV6_AGGREGATES],
                        check: (vs) => aggregatesProblem(ipv6CidrProblem)(vs) ?? notTheInternet(vs),
                    },
                ),
                maxAdditionsPerRun: integer(
                    "Most entries one sync run may add over both lists; more is refused and alarms.",
                    1,
                    100,
                    { default: 5 },
                ),
                maxRemovalsPerRun: integer(
                    "Most entries one sync run may remove over both lists; more is refused and alarms.",
                    1,
                    100,
                    { default: 5 },
                ),
            }),
            budget: group("The account's AWS Budget (components/alarms/budget.ts), notifying the alarm topic.", {
                marginPercent: integer(
                    "Percent over the plan's own account estimate (config/accountEstimate.json, written by tools/costReport.ts) the monthly budget's limit is; notifications at 100% FORECASTED and ACTUAL. Default 20.",
                    0,
                    500,
                    { default: 20 },
                ),
            }),
            zoneSettings: group("The zone- and account-wide Cloudflare singletons the platform owner creates.", {
                webhookRateLimitRequests: integer(
                    "Requests per 10 s one client IP may send to the Twilio webhook path at one Cloudflare data center before a 10 s block (the free plan's only period).",
                    1,
                    10000,
                    { default: 100 },
                ),
            }),
            cluster: group("The EKS cluster, its node group, the jumpbox and ECR.", {
                kubernetesVersion: text(
                    "Kubernetes minor version, e.g. 1.35: one EKS offers (in the support calendar, policy/supportCalendars.ts, and not past its extended support). The program warns within 90 days of its end of EKS standard support (extended support costs ~$365/month more).",
                    { default: "1.35", check: kubernetesVersionProblem },
                ),
                allowUnlistedKubernetesVersion: flag(
                    "true to allow a kubernetesVersion that is not in the EKS support calendar (policy/supportCalendars.ts), e.g. a release EKS published after the table was updated; a deliberate decision. A version past its extended support is refused unless allowPastExtendedSupport.",
                    { default: false },
                ),
                supportNoticeDays: integer(
                    "Days before the pinned minor's end of EKS standard support when a one-time notice goes to the alarm topic (an EventBridge rule; docs/runbook.md). Default 90, as the program's warning (one unhurried upgrade cycle).",
                    1,
                    365,
                    { default: 90 },
                ),
                allowPastExtendedSupport: flag(
                    "true to allow a kubernetesVersion past the end of its EKS extended support (a cluster EKS has not yet upgraded itself, stepped up one minor at a time through such minors); a deliberate decision: the program then warns with the date extended support ended.",
                    { default: false },
                ),
                supportType: choice(
                    "EKS upgrade policy at the end of standard support: STANDARD (no extended-support charge) or EXTENDED ($0.60/h).",
                    ["STANDARD", "EXTENDED"] as const,
                    { default: "STANDARD" },
                ),
                endpoint: group("The EKS API endpoint.", {
                    publicAccess: flag(
                        "true to open the API publicly to publicAccessCidrs; false (default) keeps it private, reached through the jumpbox.",
                        {
                            default: false,
                        },
                    ),
                    publicAccessCidrs: list(
                        "IPv4 CIDRs allowed to the public endpoint (only with publicAccess; never 0.0.0.0/0).",
                        {
                            default: [],
                            check: (vs) => eachItem(ipv4CidrProblem)(vs) ?? notTheInternet(vs),
                        },
                    ),
                }),
                adminRoleArns: list(
                    "IAM role ARNs given cluster admin through EKS access entries, the role that runs pulumi up included: EKS gives the cluster's creator no entry of its own here (docs/runbook.md, \"The cluster's creator\").",
                    {
                        default: [],
                        check: eachItem(iamRoleArnProblem),
                        placeholder: {
                            is: (vs) => vs.some((v) => v.includes(`::${STOCK.awsAccountId}:`)),
                            replaceWith: "your admin role ARNs (arn:aws:iam::<your account>:role/<name>)",
                        },
                    },
                ),
                nodeGroup: group("The managed node group (two t3.medium by default).", {
                    instanceTypes: list("EC2 instance types, one CPU architecture.", {
                        default: ["t3.medium"],
                        check: (vs) =>
                            vs.length === 0 ? "list at least one instance type" : eachItem(instanceTypeProblem)(vs),
                    }),
                    capacityType: choice("ON_DEMAND or SPOT.", ["ON_DEMAND", "SPOT"] as const, {
                        default: "ON_DEMAND",
                    }),
                    minSize: integer("Minimum nodes (min <= desired <= max).", 1, 20, { default: 2 }),
                    desiredSize: integer("Desired nodes.", 1, 20, { default: 2 }),
                    maxSize: integer("Maximum nodes.", 1, 20, { default: 3 }),
                    rootVolumeType: choice(
                        "EBS type of each node's root volume, set in the node group's launch template: gp3 (default, $0.08/GB-month) or gp2 (EKS's own default without a template, $0.10).",
                        ["gp3", "gp2"] as const,
                        { default: "gp3" },
                    ),
                    rootVolumeSizeGb: integer("Size of each node's root volume, GiB (EKS's default is 20).", 20, 1000, {
                        default: 20,
                    }),
                    releaseVersion: text(
                        "EKS optimized AMI release of the nodes (<minor>.<patch>-<date>); empty (default): the newest for the cluster's minor, read from AWS's public SSM parameter at every preview, so a new AMI is a node group diff to approve.",
                        { default: "" },
                    ),
                }),
                addonVersions: group(
                    "Managed add-on versions; empty (default): the version EKS recommends for the cluster's Kubernetes minor (aws.eks.getAddonVersion), so raising kubernetesVersion moves them too.",
                    {
                        vpcCni: text("vpc-cni version to pin (v<x.y.z>-eksbuild.<n>), or empty.", { default: "" }),
                        coredns: text("coredns version to pin (v<x.y.z>-eksbuild.<n>), or empty.", { default: "" }),
                        cloudwatchObservability: text(
                            "amazon-cloudwatch-observability version to pin (v<x.y.z>-eksbuild.<n>), or empty.",
                            { default: "" },
                        ),
                        metricsServer: text("metrics-server version to pin (v<x.y.z>-eksbuild.<n>), or empty.", {
                            default: "",
                        }),
                    },
                ),
                observability: group(
                    "The cluster's signals (docs/operate.md): container logs and Container Insights metrics (the amazon-cloudwatch-observability add-on), metrics-server, and the alarms on them, each to the platform's alarm topic with its runbook section (docs/runbook.md, Alarms).",
                    {
                        containerInsights: flag(
                            "true (default): Container Insights metrics (enhanced observability, billed per observation, ~$10.50/month assumed) and the node alarms on them; false: container logs only (Fluent Bit), no node CPU, memory or readiness alarms (the lean profile).",
                            { default: true },
                        ),
                        containerLogRetentionDays: integer(
                            "Days CloudWatch keeps /aws/containerinsights/<cluster>/* (container logs and Container Insights' performance events; $0.03/GB-month kept).",
                            1,
                            3653,
                            { default: 30, check: cloudwatchRetentionProblem },
                        ),
                        alarms: group("Alarm thresholds and grace periods.", {
                            nodeCpuPercent: integer(
                                "Cluster-wide node CPU (Container Insights node_cpu_utilization, percent) that pages when sustained for pressureMinutes. 80: the warning level EKS operating guides use (devfloor9 EKS debugging guide, 'Node CPU Utilization (Warn Above 80%)').",
                                1,
                                100,
                                { default: 80 },
                            ),
                            nodeMemoryPercent: integer(
                                "Cluster-wide node memory (node_memory_utilization, percent) that pages when sustained. 85: the same guide's memory warning level ('Warn Above 85%'); the kubelet starts evicting at its memory.available hard threshold (100Mi by default) well above that.",
                                1,
                                100,
                                { default: 85 },
                            ),
                            pressureMinutes: integer(
                                "Minutes CPU or memory must stay above the threshold (a multiple of 5): a deployment's start-up spike is not a page.",
                                5,
                                1440,
                                { default: 15 },
                            ),
                            argocdGraceMinutes: integer(
                                "Window in which an Argo CD application that went Degraded (or a main application that went OutOfSync) must recover before it pages (a multiple of 5). 15: five of Argo CD's default 180 s reconciliations.",
                                5,
                                1440,
                                { default: 15 },
                            ),
                            imageUpdaterGraceMinutes: integer(
                                "Minutes Image Updater may keep failing to write a digest back before it pages (a multiple of 10). 30: fifteen of its default 2-minute cycles.",
                                10,
                                1440,
                                { default: 30 },
                            ),
                            externalSecretsGraceMinutes: integer(
                                "Minutes an ExternalSecret may keep failing to sync before it pages (a multiple of 30: External Secrets retries a failure with controller-runtime's backoff, at most 1,000 s apart). 60: two such windows.",
                                30,
                                1440,
                                { default: 60 },
                            ),
                        }),
                    },
                ),
                controlPlaneLogs: group(
                    "EKS control-plane logs in CloudWatch (/aws/eks/<cluster>/cluster, $0.50/GB ingested, $0.03/GB-month kept): which types and how long.",
                    {
                        types: list(
                            "Log types: any of api, audit, authenticator, controllerManager, scheduler (audit is who did what; the largest, ~25 GB/month assumed).",
                            {
                                default: ["api", "audit", "authenticator"],
                                check: (vs) =>
                                    vs.find((v) => !(EKS_LOG_TYPES as readonly string[]).includes(v)) !== undefined
                                        ? `${JSON.stringify(vs)} has a type EKS does not know; use any of ${EKS_LOG_TYPES.join(", ")}`
                                        : new Set(vs).size !== vs.length
                                          ? `${JSON.stringify(vs)} lists a type twice`
                                          : undefined,
                            },
                        ),
                        retentionDays: integer(
                            "Days CloudWatch keeps them (a value CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60, 90, ...).",
                            1,
                            3653,
                            { default: 30, check: cloudwatchRetentionProblem },
                        ),
                    },
                ),
                jumpboxInstanceType: text("Instance type of the jumpbox, Graviton (arm64 Amazon Linux 2023).", {
                    default: "t4g.nano",
                    check: gravitonInstanceTypeProblem,
                }),
                ecrUntaggedImagesToKeep: integer(
                    "Untagged images each ECR repository keeps, newest first (past branch-main digests to roll back to).",
                    1,
                    1000,
                    {
                        default: 10,
                    },
                ),
            }),
            identity: group(
                "The Keycloak realm both environments' ALBs log in to (auth layer 3), owned here; each stack owns its own client.",
                {
                    realm: text("Realm name (and ID); the issuer is <keycloak.url>/realms/<realm>.", {
                        default: "osprey",
                        check: realmNameProblem,
                    }),
                    accessTokenLifespan: text(
                        "Access token lifetime; the ALB refreshes user claims with the refresh token when it expires.",
                        {
                            default: "5m",
                            check: durationProblem,
                        },
                    ),
                    ssoSessionIdleTimeout: text(
                        "Keycloak SSO session idle timeout (the refresh token expires with it).",
                        {
                            default: "8h",
                            check: durationProblem,
                        },
                    ),
                    ssoSessionMaxLifespan: text(
                        "Keycloak SSO session maximum; the ALB session cookie lasts as long (auth-session-timeout 43200 s).",
                        {
                            default: "12h",
                            check: durationProblem,
                        },
                    ),
                    groups: list(
                        `Realm groups (top level); must include ${SYSTEM_ADMINISTRATOR_GROUP}, the API's system administrators. Members are assigned in Keycloak.`,
                        {
                            default: [SYSTEM_ADMINISTRATOR_GROUP],
                            check: realmGroupsProblem,
                        },
                    ),
                },
            ),
            ci: group("Keyless CI: GitHub Actions of one repository and branch push images through OIDC.", {
                repository: text("owner/repo whose workflows may assume the CI role.", {
                    check: githubRepositoryProblem,
                    placeholder: {
                        is: (v) => v.toLowerCase() === STOCK.repository,
                        replaceWith:
                            "your application repository, owner/repo: its workflows on the branch may push images (the CI role trusts them)",
                    },
                }),
                branch: text("The one branch whose workflows may assume the role (merges to it deploy).", {
                    default: "main",
                    check: gitBranchProblem,
                }),
                existingProviderArn: text(
                    "ARN of the account's existing GitHub OIDC provider (an account has one per URL); empty to create it.",
                    {
                        default: "",
                        check: (v) =>
                            v === "" ||
                            /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(v)
                                ? undefined
                                : `"${v}" is not arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`,
                    },
                ),
            }),
            repositoryRules: group(
                "GitHub rulesets of the repository that holds this program and the Kustomize tree (docs/delivery.md): a reviewed pull request before the deployed branch, no force push or deletion of it, and the Image Updater bot confined to the overlay kustomizations. Needs the secret githubToken.",
                {
                    enabled: flag(
                        "true (default): this stack manages the rulesets. false: none are managed here (then set them by hand as docs/delivery.md describes).",
                        { default: true },
                    ),
                    botAppId: integer(
                        "GitHub App ID of the Image Updater bot (its push credentials are this App's installation): the one bypass actor of the review ruleset, and confined by the push ruleset.",
                        1,
                        2147483647,
                        {
                            placeholder: {
                                is: (v) => v === STOCK.githubAppId,
                                replaceWith:
                                    "your Image Updater GitHub App's ID (the App's settings page, About: App ID)",
                            },
                        },
                    ),
                    maintainersTeamId: integer(
                        "Numeric ID of the GitHub team whose members may push any file to any branch (they reach the deployed branch only through a reviewed pull request).",
                        1,
                        2147483647,
                        {
                            placeholder: {
                                is: (v) => v === STOCK.githubTeamId,
                                replaceWith:
                                    "your maintainers team's numeric ID (gh api orgs/<org>/teams/<team-slug> --jq .id)",
                            },
                        },
                    ),
                    requiredApprovals: integer(
                        "Approving reviews a pull request to the deployed branch needs.",
                        1,
                        10,
                        { default: 1 },
                    ),
                },
            ),
            deployments: group(
                "What every stack's Pulumi Deployments share, owned here: the Pulumi OIDC provider and the deployment agent in the VPC.",
                {
                    existingOidcProviderArn: text(
                        "ARN of the account's existing IAM OIDC provider for api.pulumi.com/oidc (an account has one per URL); empty to create it here.",
                        {
                            default: "",
                            check: (v) =>
                                v === "" || /^arn:aws:iam::\d{12}:oidc-provider\/api\.pulumi\.com\/oidc$/.test(v)
                                    ? undefined
                                    : `"${v}" is not arn:aws:iam::<account>:oidc-provider/api.pulumi.com/oidc`,
                        },
                    ),
                    agent: group(
                        "The customer-managed deployment agent: an EC2 instance in a private subnet that polls Pulumi Cloud and runs deployments where the private EKS API is reachable (docs/delivery.md).",
                        {
                            enabled: flag(
                                "true creates the agent (costs money: see the plan's cost table). false (default): deployments cannot reach the cluster; run pulumi from a workstation through the jumpbox.",
                                { default: false },
                            ),
                            instanceType: text(
                                "Graviton instance type of the agent (it runs the executor image's npm ci and the program).",
                                {
                                    default: "t4g.medium",
                                    check: gravitonInstanceTypeProblem,
                                },
                            ),
                            version: text(
                                "Release of github.com/pulumi/customer-managed-deployment-agent the instance installs (v<version>/...-linux-arm64.tar.gz).",
                                { default: "0.0.5", check: agentVersionProblem },
                            ),
                            rootVolumeGib: integer(
                                "Root volume (gp3) of the agent: Docker images of the executor and node_modules.",
                                20,
                                200,
                                {
                                    default: 30,
                                },
                            ),
                        },
                    ),
                    driftWatch: group(
                        "Scheduled drift detection and previews of every stack of the project, and the webhook that pages their failures (components/delivery/driftWatch.ts, docs/operate.md). Needs deployments.organization.",
                        {
                            enabled: flag(
                                "true (default): a daily drift detection and a daily preview per stack, their failures to the alarm topic. false: none (program-time warnings and drift are then seen only when someone runs the program).",
                                { default: true },
                            ),
                            driftCron: text(
                                "When each stack's drift detection runs: 5-field cron in UTC (Pulumi Cloud schedules). Default 05:00 daily, before the working day.",
                                { default: "0 5 * * *", check: pulumiCronProblem },
                            ),
                            previewCron: text(
                                "When each stack's scheduled preview runs (program-time warnings and the policy pack): 5-field cron in UTC. Default 05:30 daily, after the drift run (one deployment at a time per stack).",
                                { default: "30 5 * * *", check: pulumiCronProblem },
                            ),
                        },
                    ),
                },
            ),
        },
        "platform-owner",
    ),
} as const;
