/**
 * The zone- and account-wide singletons ONE stack owns (config ownsZoneSettings): Cloudflare keeps one value per zone
 * setting, one zone entry-point ruleset per phase, and one one-time-PIN identity provider per account, so a second
 * stack creating any of these would fight the first. The owner's rules therefore cover every environment's hostnames.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import {
    FREE_MANAGED_RULESET_ID,
    FREE_PLAN_RATE_LIMIT,
    URL_NORMALIZATION,
    webhookRateLimitExpression,
    ZONE_SETTINGS,
} from "./zoneRules";

export interface EdgeZoneSingletonsArgs {
    /** Cloudflare account ID (32 hex). */
    accountId: string;
    /** Cloudflare zone ID (32 hex). */
    zoneId: string;
    /** Requests per 10 s per client IP per data center on the webhook path before a 10 s block. */
    webhookRateLimitRequests: number;
}

export class EdgeZoneSingletons extends pulumi.ComponentResource {
    /** ID of the account's one-time-PIN identity provider; the other stack reads it through PlatformOutputs. */
    readonly oneTimePinIdpId: pulumi.Output<string>;
    readonly wafRulesetId: pulumi.Output<string>;
    readonly rateLimitRulesetId: pulumi.Output<string>;

    constructor(name: string, args: EdgeZoneSingletonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("osprey:edge:EdgeZoneSingletons", name, args, opts);
        const parent = { parent: this };

        for (const { settingId, value } of ZONE_SETTINGS) {
            new cloudflare.ZoneSetting(
                `${name}-${settingId.replace(/_/g, "-")}`,
                { zoneId: args.zoneId, settingId, value },
                parent,
            );
        }

        // The origin gets the URL Access judged (zoneRules.ts URL_NORMALIZATION says why).
        new cloudflare.UrlNormalizationSettings(
            `${name}-url-normalization`,
            { zoneId: args.zoneId, type: URL_NORMALIZATION.type, scope: URL_NORMALIZATION.scope },
            parent,
        );

        const waf = new cloudflare.Ruleset(
            `${name}-waf-managed`,
            {
                zoneId: args.zoneId,
                kind: "zone",
                phase: "http_request_firewall_managed",
                name: "Osprey Strike managed WAF",
                description:
                    "Deploys the Cloudflare Free Managed Ruleset on every hostname of the zone (all environments).",
                rules: [
                    {
                        action: "execute",
                        actionParameters: { id: FREE_MANAGED_RULESET_ID },
                        expression: "true",
                        description: "Cloudflare Free Managed Ruleset",
                        enabled: true,
                    },
                ],
            },
            parent,
        );

        const rateLimit = new cloudflare.Ruleset(
            `${name}-rate-limit`,
            {
                zoneId: args.zoneId,
                kind: "zone",
                phase: "http_ratelimit",
                name: "Osprey Strike rate limits",
                description:
                    "The free plan's one rate-limiting rule: the Twilio webhook path on every hostname of the zone.",
                rules: [
                    {
                        // Blocks before the Worker runs: a flood would otherwise spend the Workers free-tier daily requests.
                        action: "block",
                        expression: webhookRateLimitExpression(),
                        description: "Twilio webhook path: per-IP request rate",
                        enabled: true,
                        ratelimit: {
                            characteristics: [...FREE_PLAN_RATE_LIMIT.characteristics],
                            period: FREE_PLAN_RATE_LIMIT.period,
                            requestsPerPeriod: args.webhookRateLimitRequests,
                            mitigationTimeout: FREE_PLAN_RATE_LIMIT.mitigationTimeout,
                        },
                    },
                ],
            },
            parent,
        );

        const otp = new cloudflare.ZeroTrustAccessIdentityProvider(
            `${name}-one-time-pin`,
            {
                accountId: args.accountId,
                name: "One-time PIN",
                type: "onetimepin",
                // The one-time PIN provider takes no settings; the API still requires the object.
                config: {},
            },
            parent,
        );

        this.oneTimePinIdpId = otp.id;
        this.wafRulesetId = waf.id;
        this.rateLimitRulesetId = rateLimit.id;
        this.registerOutputs({ oneTimePinIdpId: this.oneTimePinIdpId });
    }
}
