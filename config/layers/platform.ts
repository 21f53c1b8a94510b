/** The shared platform, set only in the stack that owns it: `platform` (config/settings.ts). */
import { choice, flag, group, integer, list, text } from "../declare";
import { gravitonInstanceTypeProblem } from "../../lib/clusterRules";
import {
    gitBranchProblem,
    githubRepositoryProblem,
    ipv4CidrProblem,
    ipv6CidrProblem,
    privateBlockProblem,
} from "../../lib/validators";
import {
    durationProblem,
    realmGroupsProblem,
    realmNameProblem,
    SYSTEM_ADMINISTRATOR_GROUP,
} from "../../lib/authContract";
import {
    REVIEWED_CLOUDFLARE_IPV4_AGGREGATES,
    REVIEWED_CLOUDFLARE_IPV6_AGGREGATES,
} from "../../lib/cloudflareAggregates";
import { agentVersionProblem } from "../../lib/deliveryRules";
import { STOCK, email, scheduleProblem, notTheInternet, aggregatesProblem } from "./checks";
import { CLUSTER_SETTINGS } from "./platformCluster";
import { pulumiCronProblem } from "../../lib/driftRules";

export const PLATFORM_SETTINGS = group(
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
        cluster: CLUSTER_SETTINGS,
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
                ssoSessionIdleTimeout: text("Keycloak SSO session idle timeout (the refresh token expires with it).", {
                    default: "8h",
                    check: durationProblem,
                }),
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
                            replaceWith: "your Image Updater GitHub App's ID (the App's settings page, About: App ID)",
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
                requiredApprovals: integer("Approving reviews a pull request to the deployed branch needs.", 1, 10, {
                    default: 1,
                }),
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
                            "true (default): a daily drift detection per stack (operation detect-drift, which deployments.operations must admit), its failures and every failed update to the alarm topic. false: none (drift is then seen only when someone runs the program).",
                            { default: true },
                        ),
                        driftCron: text(
                            "When each stack's drift detection runs: 5-field cron in UTC (Pulumi Cloud schedules). Default 05:00 daily, before the working day.",
                            { default: "0 5 * * *", check: pulumiCronProblem },
                        ),
                        previewCron: text(
                            "When each stack's scheduled preview would run (program-time warnings and the policy pack): 5-field cron in UTC, or empty (the default) for none. Off because a scheduled preview's token carries operation:preview, which the deployment role refuses (deployments.operations: a pull-request preview carries the same subject); the dated warnings page through their own notices instead (docs/operate.md).",
                            { default: "", check: (v) => (v === "" ? undefined : pulumiCronProblem(v)) },
                        ),
                    },
                ),
            },
        ),
    },
    "platform-owner",
);
