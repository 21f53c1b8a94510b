/**
 * The edge's names, as data (pure: no Pulumi imports): which hostnames each environment serves, where Twilio
 * posts, which Worker forwards it. Resources are generated from this by the Edge component.
 */
import { App, APPS_BY_ENVIRONMENT, Env, environmentNames } from "../../lib/naming";
import { problem, Problem } from "../../lib/problems";

export { APPS_BY_ENVIRONMENT };

/**
 * Twilio's webhook path on the api hostname. A constant, not config: the zone's one rate-limit rule (owned by one
 * stack, path-only on the free plan) must cover every environment's webhook path, so the path must not differ per stack.
 */
export const TWILIO_WEBHOOK_PATH = "/webhooks/twilio";

/**
 * First label of the hostname Twilio posts to. It cannot be the api hostname itself: Cloudflare evaluates Access
 * BEFORE a Worker route runs ("Traffic blocked by Access never reaches the Worker"), and Twilio cannot send an Access
 * service token, so the Worker's own hostname is outside Access and the Worker forwards to the Access-protected api path.
 */
export const WEBHOOK_INGRESS_LABEL = "hooks";

/**
 * Content of the Worker-only hostname's DNS record: Cloudflare's documented "originless" placeholder (proxied AAAA
 * 100::, from the IPv6 discard prefix), so nothing but the Worker route answers there.
 */
export const ORIGINLESS_AAAA = "100::";

export interface EdgeHostname {
    app: App;
    hostname: string;
}

const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A sibling of the environment's hostname, ONE level under the zone: `api` + `main.osprey-strike.com` →
 * `api-main.osprey-strike.com`. Not `api.main.osprey-strike.com`: Cloudflare's Universal SSL certificate covers
 * the apex and one level below it only, so a second-level name would fail TLS at the edge unless the zone buys
 * Advanced Certificate Manager.
 */
export function siblingHostname(label: string, environmentDomain: string): string {
    const [first, ...rest] = environmentDomain.split(".");
    return `${label}-${first}.${rest.join(".")}`;
}

/** web at <environmentDomain>, the others at <app>-<environment label>.<zone>. */
export function appHostnames(environment: Env, environmentDomain: string): EdgeHostname[] {
    return APPS_BY_ENVIRONMENT[environment].map((app) => ({
        app,
        hostname: app === "web" ? environmentDomain : siblingHostname(app, environmentDomain),
    }));
}

export function apiHostname(environmentDomain: string): string {
    return siblingHostname("api", environmentDomain);
}

export function webhookIngressHostname(environmentDomain: string): string {
    return siblingHostname(WEBHOOK_INGRESS_LABEL, environmentDomain);
}

/** The URL to configure in the Twilio console (what Twilio signs). */
export function twilioWebhookUrl(environmentDomain: string): string {
    return `https://${webhookIngressHostname(environmentDomain)}${TWILIO_WEBHOOK_PATH}`;
}

/**
 * The path part of the Worker route. The trailing `*` is needed for the query string: "route pattern matching
 * considers the entire request URL, including the query parameter string ... the only way to have a route pattern
 * match URLs with query parameters is to terminate it with a wildcard" (developers.cloudflare.com/workers/configuration/
 * routing/routes, "Matching behavior"), and Twilio's JSON webhooks carry ?bodySHA256=. The `*` also matches
 * /webhooks/twilioX and /webhooks/twilio/...: the Worker refuses every path but TWILIO_WEBHOOK_PATH itself, and the
 * rate-limit rule covers the same set (zoneRules.ts webhookRateLimitExpression).
 */
export const WEBHOOK_ROUTE_PATH = `${TWILIO_WEBHOOK_PATH}*`;

/** Worker route: WEBHOOK_ROUTE_PATH on the ingress hostname. */
export function webhookRoutePattern(environmentDomain: string): string {
    return `${webhookIngressHostname(environmentDomain)}${WEBHOOK_ROUTE_PATH}`;
}

/** The Access application that admits only the Worker's service token: the webhook path on the api hostname. */
export function webhookAccessDestination(environmentDomain: string): string {
    return `${apiHostname(environmentDomain)}${TWILIO_WEBHOOK_PATH}`;
}

/** Worker script name per environment, so main and demo never overwrite each other's script. */
export function workerName(environment: Env): string {
    return environmentNames(environment).workerName;
}

/** The AWS Load Balancer Controller tags the ALB of ingress group G with ingress.k8s.aws/stack=G. */
export function albIngressGroup(environment: Env): string {
    return environmentNames(environment).ingressGroup;
}

/** Problems with the names (each naming the field), for the component to throw on. */
export function hostnameProblems(domain: string, environmentDomain: string): Problem[] {
    const problems: Problem[] = [];
    const labels = environmentDomain.split(".");
    if (!labels.every((l) => LABEL_RE.test(l)) || labels.length < 2) {
        problems.push(problem("environmentDomain", `"${environmentDomain}" is not a lower-case DNS name`));
    }
    if (environmentDomain !== domain && !environmentDomain.endsWith(`.${domain}`)) {
        problems.push(problem("environmentDomain", `"${environmentDomain}" is not inside the zone "${domain}"`));
    } else if (labels.length !== domain.split(".").length + 1) {
        problems.push(
            problem(
                "environmentDomain",
                `"${environmentDomain}" must be exactly one label under "${domain}" (Universal SSL covers one level)`,
            ),
        );
    }
    return problems;
}
