/**
 * The stack configuration schema: every key the program reads, its type, its description and how it is
 * validated. This module is pure (no Pulumi imports): `config/index.ts` feeds it the raw strings Pulumi
 * holds, and tests feed it the stack files directly. Pulumi.yaml's `config:` section declares the same keys
 * (a test keeps the two in step).
 */
import { ipv4CidrProblem, ipv6CidrProblem, privateBlockProblem } from "./validators";

export const PROJECT = "osprey-strike";

export type ConfigType = "string" | "integer" | "boolean" | "array";

export interface KeySpec {
    type: ConfigType;
    description: string;
    /** Secret keys are read with getSecret and never printed; they have no default. */
    secret?: boolean;
    /** Default applied when the stack file does not set the key. Keys without a default are required. */
    default?: string | number | boolean | string[];
    /** Returns a problem (the fix included) or undefined. Runs on the parsed value. */
    check?: (value: never) => string | undefined;
}

const DOMAIN_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HEX32_RE = /^[0-9a-f]{32}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STACK_REF_RE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const domain = (v: string) =>
    DOMAIN_RE.test(v) ? undefined : `"${v}" is not a lower-case DNS name; set it like "osprey-strike.com" (no scheme, no trailing dot)`;
const hex32 = (what: string) => (v: string) =>
    HEX32_RE.test(v) ? undefined : `"${v}" is not a ${what} (32 lower-case hex characters, from the Cloudflare dashboard)`;
const atLeast = (min: number, max?: number) => (v: number) =>
    v < min || (max !== undefined && v > max)
        ? `${v} is out of range; use an integer ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`
        : undefined;
const oneOf = (...allowed: string[]) => (v: string) =>
    allowed.includes(v) ? undefined : `"${v}" is not one of ${allowed.map((a) => `"${a}"`).join(", ")}`;
const eachOf = (check: (s: string) => string | undefined) => (vs: string[]) =>
    vs.map((s, i) => {
        const p = check(s);
        return p && `item ${i} ${p}`;
    }).find((p) => p !== undefined);

/** EventBridge schedule expressions: rate(1 hour) (singular for 1, plural otherwise) or a six-field cron(). */
function scheduleProblem(v: string): string | undefined {
    const rate = /^rate\(([1-9]\d*) (minute|hour|day)(s?)\)$/.exec(v);
    if (rate && (rate[1] === "1") === (rate[3] === "")) return undefined;
    if (/^cron\(\S+( \S+){5}\)$/.test(v)) return undefined;
    return `"${v}" is not an EventBridge schedule; use rate(1 hour), rate(30 minutes) or cron(0 * * * ? *)`;
}

/** Every key, in the order Pulumi.yaml lists them. */
export const SCHEMA = {
    // --- the stack model ---
    environment: {
        type: "string",
        description: "The application environment this stack deploys: main (continuous, auto-deploys on merge) or demo (stakeholder demos, manually promoted).",
        check: oneOf("main", "demo"),
    },
    ownsPlatform: {
        type: "boolean",
        description: "true when this stack creates the shared platform (VPC, EKS, ArgoCD, ECR, CI identity, IP sync); false to attach to platformStack's.",
    },
    platformStack: {
        type: "string",
        description: "Fully qualified name (org/project/stack) of the stack that owns the shared platform; empty when ownsPlatform is true.",
        default: "",
        check: (v: string) => (v === "" || STACK_REF_RE.test(v) ? undefined : `"${v}" is not "<org>/osprey-strike/<stack>"`),
    },
    // --- naming and DNS ---
    domain: {
        type: "string",
        description: "The apex domain of the Cloudflare zone, e.g. osprey-strike.com.",
        check: domain,
    },
    environmentDomain: {
        type: "string",
        description: "The environment's DNS name under the zone, e.g. main.osprey-strike.com, exactly one label under the zone; other apps get <app>-main.osprey-strike.com.",
        check: domain,
    },
    // --- Cloudflare ---
    cloudflareAccountId: {
        type: "string",
        description: "Cloudflare account ID that owns the zone, Access and Workers.",
        check: hex32("Cloudflare account ID"),
    },
    cloudflareZoneId: {
        type: "string",
        description: "Cloudflare zone ID of domain.",
        check: hex32("Cloudflare zone ID"),
    },
    cloudflareApiToken: {
        type: "string",
        secret: true,
        description: "Cloudflare API token (DNS, Zone settings, WAF, Access, Workers edit). Secret.",
    },
    // --- Cloudflare Access (layer 1) ---
    accessGoogleWorkspaceDomain: {
        type: "string",
        description: "Google Workspace domain whose users may log in through Access.",
        check: domain,
    },
    accessGoogleClientId: {
        type: "string",
        description: "OAuth client ID of the Google identity provider used by Access.",
        check: (v: string) => (v.endsWith(".apps.googleusercontent.com") ? undefined : `"${v}" is not a Google OAuth client ID (<id>.apps.googleusercontent.com)`),
    },
    accessGoogleClientSecret: {
        type: "string",
        secret: true,
        description: "OAuth client secret of the Google identity provider used by Access. Secret.",
    },
    accessExternalEmails: {
        type: "array",
        description: "External stakeholders (not in Google Workspace) allowed in with an email one-time PIN.",
        default: [],
        check: eachOf((v) => (EMAIL_RE.test(v) ? undefined : `"${v}" is not an email address`)),
    },
    accessOfficeBypassCidrs: {
        type: "array",
        description: "Office/VPN CIDRs that bypass Access login (main only; demo always requires authentication).",
        default: [],
        check: eachOf((v) => (v.includes(":") ? ipv6CidrProblem(v) : ipv4CidrProblem(v))),
    },
    accessSessionDuration: {
        type: "string",
        description: "How long an Access session lasts before re-authentication, e.g. 12h or 30m.",
        default: "12h",
        check: (v: string) => (/^\d+(h|m)$/.test(v) && parseInt(v, 10) > 0 ? undefined : `"${v}" is not a duration like 12h or 30m`),
    },
    // --- Twilio webhooks ---
    twilioAuthToken: {
        type: "string",
        secret: true,
        description: "Twilio auth token the webhook Worker verifies X-Twilio-Signature with. Secret.",
    },
    // --- edge layer (Cloudflare DNS, zone singletons, webhook Worker): components/edge ---
    edgeEnabled: {
        type: "boolean",
        description: "false only for a stack's first deploy, before the AWS Load Balancer Controller has created the environment's ALB (ingress group osprey-<environment>); the edge layer (DNS, Access, Worker) is then skipped. true afterwards.",
        default: true,
    },
    ownsZoneSettings: {
        type: "boolean",
        description: "true in the ONE stack that owns the zone- and account-wide singletons (zone TLS settings, WAF managed and rate-limit rulesets, the one-time-PIN identity provider); must equal ownsPlatform, because the other stack reads the owner's IdP ID through the platform StackReference.",
    },
    albHostname: {
        type: "string",
        description: "DNS name of the environment's ALB the proxied records point at; empty to look it up by the AWS Load Balancer Controller's tag ingress.k8s.aws/stack=osprey-<environment>.",
        default: "",
        check: (v: string) => (v === "" || DOMAIN_RE.test(v) ? undefined : `"${v}" is not a lower-case DNS name; set the ALB's DNS name (k8s-....elb.amazonaws.com) or leave it empty to look it up`),
    },
    webhookRateLimitRequests: {
        type: "integer",
        description: "Requests per 10 seconds one client IP may send to the Twilio webhook path at one Cloudflare data center before it is blocked for 10 seconds (the free plan allows only a 10 s period and timeout). Read by the stack that owns the zone settings.",
        default: 100,
        check: atLeast(1, 10000),
    },
    // --- ALB OIDC (layer 2, against Keycloak) ---
    keycloakIssuerUrl: {
        type: "string",
        description: "OIDC issuer URL of the Keycloak realm the ALB authenticates against, e.g. https://auth.osprey-strike.com/realms/osprey.",
        check: (v: string) => (/^https:\/\/[a-z0-9.-]+(:\d+)?\/realms\/[A-Za-z0-9_-]+$/.test(v) ? undefined : `"${v}" is not https://<host>/realms/<realm>`),
    },
    keycloakClientSecret: {
        type: "string",
        secret: true,
        description: "Client secret of the environment's ALB OIDC client in Keycloak. Secret.",
    },
    // --- perimeter (platform-owning stack) ---
    vpcCidr: {
        type: "string",
        description: "IPv4 block of the platform VPC (RFC 1918, /16 to /20). Used only by the stack that owns the platform.",
        default: "10.40.0.0/16",
        check: (v: string) => privateBlockProblem(v),
    },
    availabilityZoneCount: {
        type: "integer",
        description: "Availability zones the VPC's public and private subnets span (2 or 3). Used only by the stack that owns the platform.",
        default: 2,
        check: atLeast(2, 3),
    },
    natGatewayStrategy: {
        type: "string",
        description: "NAT gateways for the private subnets: Single (one, ~$37/month with its IP) or OnePerAz (zone-resilient, one per AZ).",
        default: "Single",
        check: oneOf("Single", "OnePerAz"),
    },
    ipSyncSchedule: {
        type: "string",
        description: "EventBridge schedule of the Cloudflare IP-sync Lambda, e.g. rate(1 hour) or cron(0 * * * ? *).",
        default: "rate(1 hour)",
        check: (v: string) => scheduleProblem(v),
    },
    alarmEmail: {
        type: "string",
        description: "Email subscribed to the platform's alarm topic (IP-sync failures); empty for none.",
        default: "",
        check: (v: string) => (v === "" || EMAIL_RE.test(v) ? undefined : `"${v}" is not an email address; use one or leave it empty`),
    },
    // --- workloads ---
    apiReplicas: {
        type: "integer",
        description: "Go API replicas in this environment (seed: 2 on main, 1 on demo). At 3 or more the program adds Redis.",
        check: atLeast(1, 20),
    },
    webReplicas: {
        type: "integer",
        description: "Next.js web replicas in this environment.",
        default: 1,
        check: atLeast(1, 20),
    },
} satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof SCHEMA;
