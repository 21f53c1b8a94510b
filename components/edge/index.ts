/**
 * The Cloudflare edge of one environment (WAF, CDN and DDoS protection, Access, the Worker
 * twilio-webhook-fwd: docs/requirements.md, Topology): proxied DNS for the environment's hostnames pointing at its ALB,
 * Access in front of them, and
 * the webhook Worker. With `ownsZoneSettings` it also creates the zone/account singletons (EdgeZoneSingletons) whose
 * rules cover every environment; otherwise it takes the owner's one-time-PIN IdP ID from PlatformOutputs.
 *
 * Request paths:
 *   browser -> <app>.<env> (proxied, WAF) -> Access (Google Workspace / PIN / main's office bypass) -> ALB
 *   Twilio  -> hooks.<env>/webhooks/twilio (WAF, rate limit, no Access) -> Worker checks the signature
 *           -> api.<env>/webhooks/twilio with the service token -> Access (Service Auth only) -> ALB
 */
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { accessArgProblems, EdgeAccess } from "./access";
import {
    albIngressGroup,
    apiHostname,
    appHostnames,
    hostnameProblems,
    ORIGINLESS_AAAA,
    TWILIO_WEBHOOK_PATH,
    twilioWebhookUrl,
    webhookAccessDestination,
    webhookIngressHostname,
    webhookRoutePattern,
    workerName,
} from "./hostnames";
import { WebhookForwarder } from "./webhookForwarder";
import { OriginPull } from "./originPull";
import { bundleWorker } from "./workerBundle";
import { EdgeZoneSingletons } from "./zoneSingletons";
import { rateLimitProblem } from "./zoneRules";
import { refuseInvalidArgs } from "../invalidArgs";
import { cloudflareIdProblem } from "../../lib/validators";
import { ENVIRONMENTS, Env, environmentNames, isEnv } from "../../lib/naming";
import { problem, Problem, problemIf, under } from "../../lib/problems";

export interface EdgeAccessConfig {
    /** Google Workspace domain allowed to log in, e.g. osprey-strike.com. */
    googleWorkspaceDomain: string;
    /** OAuth client ID of the Google Workspace identity provider. */
    googleClientId: string;
    /** OAuth client secret (secret Output). */
    googleClientSecret: pulumi.Input<string>;
    /** External stakeholders admitted with an email one-time PIN. Default: none. */
    externalEmails: string[];
    /** Office/VPN CIDRs that bypass login; main only (demo: must be empty, or the constructor throws). */
    officeBypassCidrs: string[];
    /** Access session lifetime, hours or minutes, e.g. "12h". */
    sessionDuration: string;
    /** The Worker's service-token secret version; one more rotates it (docs/runbook.md "Rotations"). Default 1. */
    serviceTokenVersion?: number;
}

export interface EdgeArgs {
    environment: Env;
    /** The zone's apex, e.g. osprey-strike.com. */
    domain: string;
    /** The environment's DNS name, e.g. main.osprey-strike.com (web there; api, mcp, mock and hooks at <app>-<label>.<zone>). */
    environmentDomain: string;
    /** Cloudflare account ID (32 hex). */
    cloudflareAccountId: string;
    /** Cloudflare zone ID of `domain` (32 hex). */
    cloudflareZoneId: string;
    /** The ALB's DNS name; empty or absent to look it up by the AWS Load Balancer Controller's ingress-group tag. */
    albHostname?: string;
    access: EdgeAccessConfig;
    /** Twilio auth token (secret Output): becomes a secret binding of the Worker only. */
    twilioAuthToken: pulumi.Input<string>;
    /** true in the one stack that creates the zone settings, zone rulesets and the one-time-PIN IdP. */
    ownsZoneSettings: boolean;
    /** Requests per 10 s per IP per data center on the webhook path (used by the owner). Default 100. */
    webhookRateLimitRequests?: number;
    /** The owner's one-time-PIN IdP ID (PlatformOutputs.accessOneTimePinIdpId). Required iff ownsZoneSettings is false. */
    oneTimePinIdpId?: pulumi.Input<string>;
    /** The Cloudflare API token (secret Output): the origin-pull readiness checks read the deployment status with it. */
    cloudflareApiToken: pulumi.Input<string>;
    /** The environment's origin-pull client certificate (components/environment/originProof.ts); the key is a secret Output. */
    originPullCertificate: { certificatePem: pulumi.Input<string>; privateKeyPem: pulumi.Input<string> };
    /** The Worker's script. Default: bundleWorker() (functions/twilioWebhookForwarder.ts bundled by esbuild). */
    workerScript?: string;
}

export const DEFAULT_WEBHOOK_RATE_LIMIT_REQUESTS = 100;

/** Every problem with the args, each naming its field. */
export function edgeArgProblems(args: EdgeArgs): Problem[] {
    const problems = hostnameProblems(args.domain, args.environmentDomain);
    if (!isEnv(args.environment))
        problems.push(
            problem(
                "environment",
                `"${String(args.environment)}" is not one of ${ENVIRONMENTS.join(", ")} (lib/naming.ts)`,
            ),
        );
    for (const [field, value] of [
        ["cloudflareAccountId", args.cloudflareAccountId],
        ["cloudflareZoneId", args.cloudflareZoneId],
    ] as const) {
        problems.push(...problemIf(field, cloudflareIdProblem(value, field)));
    }
    if (args.ownsZoneSettings && args.oneTimePinIdpId !== undefined) {
        problems.push(
            problem(
                "oneTimePinIdpId",
                "must not be given when ownsZoneSettings is true (this stack creates the one-time-PIN IdP)",
            ),
        );
    }
    if (!args.ownsZoneSettings && args.oneTimePinIdpId === undefined) {
        problems.push(
            problem(
                "oneTimePinIdpId",
                "required when ownsZoneSettings is false (read it from the owner's PlatformOutputs.accessOneTimePinIdpId)",
            ),
        );
    }
    if (args.workerScript !== undefined && args.workerScript.trim() === "")
        problems.push(problem("workerScript", "is empty (omit it to bundle the Worker)"));
    problems.push(
        ...problemIf(
            "webhookRateLimitRequests",
            rateLimitProblem(args.webhookRateLimitRequests ?? DEFAULT_WEBHOOK_RATE_LIMIT_REQUESTS),
        ),
    );
    const hostnames = appHostnames(args.environment, args.environmentDomain).map((h) => h.hostname);
    problems.push(
        ...under(
            "access",
            accessArgProblems({
                environment: args.environment,
                officeBypassCidrs: args.access.officeBypassCidrs,
                sessionDuration: args.access.sessionDuration,
                hostnames,
                serviceTokenVersion: args.access.serviceTokenVersion,
            }),
        ),
    );
    return problems;
}

export class Edge extends pulumi.ComponentResource {
    /** The ALB DNS name the records point at (a secret Output). */
    readonly albHostname: pulumi.Output<string>;
    /**
     * The ALB's ARN, when it was looked up (absent with the albHostname override): the `signer` the API pins in
     * x-amzn-oidc-data (docs/auth.md).
     */
    readonly albArn?: pulumi.Output<string>;
    /** The same ALB's ARN suffix (`app/<name>/<id>`): the LoadBalancer dimension of its CloudWatch metrics. */
    readonly albArnSuffix?: pulumi.Output<string>;
    /** The hostnames behind Access, web first. */
    readonly hostnames: string[];
    /** Configure this URL in the Twilio console (it is what Twilio signs). */
    readonly twilioWebhookUrl: string;
    readonly workerName: string;
    readonly accessApplicationAud: pulumi.Output<string>;
    readonly webhookApplicationAud: pulumi.Output<string>;
    /** Only on the owner: export it as PlatformOutputs.accessOneTimePinIdpId. */
    readonly oneTimePinIdpId?: pulumi.Output<string>;

    constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        const hostnames = appHostnames(args.environment, args.environmentDomain);
        const rateLimit = args.webhookRateLimitRequests ?? DEFAULT_WEBHOOK_RATE_LIMIT_REQUESTS;
        super(
            "osprey:edge:Edge",
            name,
            {
                environment: args.environment,
                environmentDomain: args.environmentDomain,
                hostnames: hostnames.map((h) => h.hostname),
                ownsZoneSettings: args.ownsZoneSettings,
                officeBypassCidrs: args.access.officeBypassCidrs,
                sessionDuration: args.access.sessionDuration,
                webhookRateLimitRequests: rateLimit,
                // Whether the ALB name was given (its value is kept out of plain state: it is a secret output).
                albHostnameOverridden: Boolean(args.albHostname),
            },
            opts,
        );
        refuseInvalidArgs(this, "Edge", name, edgeArgProblems(args));
        const parent = { parent: this };
        const { cloudflareAccountId: accountId, cloudflareZoneId: zoneId } = args;

        // Secret: with mutual TLS the name alone no longer opens the ALB, but it stays out of plain state and outputs.
        const found = args.albHostname ? undefined : this.lookUpAlb(args.environment);
        this.albHostname = pulumi.secret(found ? found.dnsName : pulumi.output(args.albHostname ?? ""));
        this.albArn = found?.arn;
        this.albArnSuffix = found?.arnSuffix;

        // Origin proof: Cloudflare presents the environment's own client certificate to its ALB (mutual TLS, verify).
        const originPull = new OriginPull(
            `${name}-origin-pull`,
            {
                environment: args.environment,
                zoneId,
                hostnames,
                certificatePem: args.originPullCertificate.certificatePem,
                privateKeyPem: args.originPullCertificate.privateKeyPem,
                apiToken: args.cloudflareApiToken,
            },
            parent,
        );

        // Proxied: visitors resolve Cloudflare's addresses, and the ALB only accepts Cloudflare's ranges anyway. A hostname
        // goes live only once Cloudflare presents its origin-pull certificate (the ALB's mutual TLS refuses it before).
        for (const { app, hostname } of hostnames) {
            new cloudflare.DnsRecord(
                `${name}-${app}`,
                {
                    zoneId,
                    name: hostname,
                    type: "CNAME",
                    content: this.albHostname,
                    proxied: true,
                    ttl: 1, // "automatic": the only TTL a proxied record takes
                    comment: `${environmentNames(args.environment).label} ${app}; managed by Pulumi (components/edge)`,
                },
                { ...parent, dependsOn: [originPull.readiness[app]] },
            );
        }
        new cloudflare.DnsRecord(
            `${name}-hooks`,
            {
                zoneId,
                name: webhookIngressHostname(args.environmentDomain),
                type: "AAAA",
                content: ORIGINLESS_AAAA,
                proxied: true,
                ttl: 1,
                comment: `${environmentNames(args.environment).label} Twilio webhook ingress (Worker route only); managed by Pulumi (components/edge)`,
            },
            parent,
        );

        let oneTimePinIdpId: pulumi.Input<string>;
        if (args.ownsZoneSettings) {
            const singletons = new EdgeZoneSingletons(
                `${name}-zone`,
                { accountId, zoneId, webhookRateLimitRequests: rateLimit },
                parent,
            );
            this.oneTimePinIdpId = singletons.oneTimePinIdpId;
            oneTimePinIdpId = singletons.oneTimePinIdpId;
        } else {
            oneTimePinIdpId = args.oneTimePinIdpId as pulumi.Input<string>;
        }

        const access = new EdgeAccess(
            `${name}-access`,
            {
                environment: args.environment,
                accountId,
                hostnames: hostnames.map((h) => h.hostname),
                webhookDestination: webhookAccessDestination(args.environmentDomain),
                sessionDuration: args.access.sessionDuration,
                googleWorkspaceDomain: args.access.googleWorkspaceDomain,
                googleClientId: args.access.googleClientId,
                googleClientSecret: args.access.googleClientSecret,
                externalEmails: args.access.externalEmails,
                officeBypassCidrs: args.access.officeBypassCidrs,
                oneTimePinIdpId,
                serviceTokenVersion: args.access.serviceTokenVersion,
            },
            parent,
        );

        this.workerName = workerName(args.environment);
        new WebhookForwarder(
            `${name}-webhook-fwd`,
            {
                accountId,
                zoneId,
                scriptName: this.workerName,
                scriptContent: args.workerScript ?? bundleWorker(),
                routePattern: webhookRoutePattern(args.environmentDomain),
                originUrl: `https://${apiHostname(args.environmentDomain)}`,
                webhookPath: TWILIO_WEBHOOK_PATH,
                twilioAuthToken: args.twilioAuthToken,
                accessClientId: access.serviceTokenClientId,
                accessClientSecret: access.serviceTokenClientSecret,
            },
            parent,
        );

        this.hostnames = hostnames.map((h) => h.hostname);
        this.twilioWebhookUrl = twilioWebhookUrl(args.environmentDomain);
        this.accessApplicationAud = access.applicationAud;
        this.webhookApplicationAud = access.webhookApplicationAud;
        this.registerOutputs({ albHostname: this.albHostname, accessApplicationAud: this.accessApplicationAud });
    }

    /**
     * The ALB is created by the AWS Load Balancer Controller from the environment's ingress group, not by Pulumi, so it
     * is looked up by the controller's tags (ingress.k8s.aws/stack = group name, ingress.k8s.aws/resource =
     * LoadBalancer). Fails with the fix named when it does not exist yet (a first deploy).
     */
    private lookUpAlb(environment: Env): {
        dnsName: pulumi.Output<string>;
        arn: pulumi.Output<string>;
        arnSuffix: pulumi.Output<string>;
    } {
        const group = albIngressGroup(environment);
        const tags = { "ingress.k8s.aws/stack": group, "ingress.k8s.aws/resource": "LoadBalancer" };
        const lookup = aws.lb.getLoadBalancer({ tags }, { parent: this }).then(
            (lb) => lb,
            (err: unknown) => {
                throw new Error(
                    `Edge: no single ALB tagged ingress.k8s.aws/stack=${group} (${err instanceof Error ? err.message : String(err)}). ` +
                        `The AWS Load Balancer Controller creates it once ArgoCD has synced the ${group} ingresses; until then deploy with ` +
                        "`pulumi config set --path osprey-strike:edge.enabled false`, or set osprey-strike:edge.albHostname to the ALB's DNS name.",
                );
            },
        );
        const lb = pulumi.output(lookup);
        return { dnsName: lb.dnsName, arn: lb.arn, arnSuffix: lb.arnSuffix };
    }
}
