/**
 * The `twilio-webhook-fwd` Worker (functions/twilioWebhookForwarder.ts) on its route. Twilio cannot log in to Access,
 * so the Worker checks X-Twilio-Signature and forwards signed requests to the Access-protected webhook path with the
 * service token. Every credential is a secret_text binding fed by a secret Output: never in the script, never plain
 * in the inputs or the state. The script itself is the esbuild bundle of the function, uploaded as an ES module.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

export interface WebhookForwarderArgs {
    /** Cloudflare account ID (32 hex). */
    accountId: string;
    /** Cloudflare zone ID (32 hex). */
    zoneId: string;
    /** Script name, e.g. twilio-webhook-fwd-main. */
    scriptName: string;
    /** The bundled ES module (bundleWorker()). Must not contain any secret. */
    scriptContent: string;
    /** Worker route pattern, e.g. hooks.main.osprey-strike.com/webhooks/twilio*. */
    routePattern: string;
    /** Base URL the Worker forwards to, e.g. https://api.main.osprey-strike.com (plain text: not a secret). */
    originUrl: string;
    /** The one path the Worker accepts and forwards to (TWILIO_WEBHOOK_PATH); every other path is refused. */
    webhookPath: string;
    /** Twilio auth token (secret Output from config). */
    twilioAuthToken: pulumi.Input<string>;
    /** Access service token client ID. */
    accessClientId: pulumi.Input<string>;
    /** Access service token client secret (secret Output). */
    accessClientSecret: pulumi.Input<string>;
}

/** Name of the module part the script is uploaded as; mainModule marks it an ES module Worker. */
export const WORKER_MAIN_MODULE = "twilio-webhook-fwd.mjs";
/** Content type of an ES module Worker upload (a classic script would be application/javascript). */
export const WORKER_MODULE_CONTENT_TYPE = "application/javascript+module";
/**
 * Runtime behaviour date. The date of the workerd release the Worker's tests run in (miniflare 4.20260426.0), so
 * production runs the semantics the tests checked.
 */
export const WORKER_COMPATIBILITY_DATE = "2026-04-26";

/** The binding names the Worker reads (functions/twilioWebhookForwarder.ts `Env`). */
export const SECRET_BINDINGS = ["TWILIO_AUTH_TOKEN", "CF_ACCESS_CLIENT_ID", "CF_ACCESS_CLIENT_SECRET"] as const;

export class WebhookForwarder extends pulumi.ComponentResource {
    readonly scriptName: pulumi.Output<string>;
    readonly routeId: pulumi.Output<string>;

    constructor(name: string, args: WebhookForwarderArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            "osprey:edge:WebhookForwarder",
            name,
            { scriptName: args.scriptName, routePattern: args.routePattern, originUrl: args.originUrl },
            opts,
        );
        const parent = { parent: this };
        const secretText = (bindingName: string, value: pulumi.Input<string>) => ({
            name: bindingName,
            type: "secret_text",
            text: pulumi.secret(value),
        });

        const script = new cloudflare.WorkersScript(
            name,
            {
                accountId: args.accountId,
                scriptName: args.scriptName,
                content: args.scriptContent,
                mainModule: WORKER_MAIN_MODULE,
                contentType: WORKER_MODULE_CONTENT_TYPE,
                compatibilityDate: WORKER_COMPATIBILITY_DATE,
                bindings: [
                    secretText("TWILIO_AUTH_TOKEN", args.twilioAuthToken),
                    secretText("CF_ACCESS_CLIENT_ID", args.accessClientId),
                    secretText("CF_ACCESS_CLIENT_SECRET", args.accessClientSecret),
                    { name: "ORIGIN_URL", type: "plain_text", text: args.originUrl },
                    { name: "WEBHOOK_PATH", type: "plain_text", text: args.webhookPath },
                ],
                observability: { enabled: true },
            },
            parent,
        );

        // Off the workers.dev subdomain: there the zone's WAF and rate limit do not apply.
        new cloudflare.WorkersScriptSubdomain(
            `${name}-workers-dev`,
            { accountId: args.accountId, scriptName: script.scriptName, enabled: false, previewsEnabled: false },
            parent,
        );

        const route = new cloudflare.WorkersRoute(
            `${name}-route`,
            { zoneId: args.zoneId, pattern: args.routePattern, script: script.scriptName },
            parent,
        );

        this.scriptName = script.scriptName;
        this.routeId = route.id;
        this.registerOutputs({ scriptName: this.scriptName, routeId: this.routeId });
    }
}
