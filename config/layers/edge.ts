/** The layers a request meets first: the Cloudflare zone, Access, the edge, the ALB and Keycloak (config/settings.ts). */
import { choice, eachItem, flag, group, integer, list, perEnv, text } from "../declare";
import { dnsNameProblem, ipv4CidrProblem, ipv6CidrProblem, keycloakUrlProblem } from "../../lib/validators";
import { ALB_IP_ADDRESS_TYPES } from "../../lib/costSwitches";
import { STOCK, isDocumentationEmail, isDocumentationRange, domain, hex32, email, notTheInternet } from "./checks";

export const EDGE_LAYERS = {
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
} as const;
