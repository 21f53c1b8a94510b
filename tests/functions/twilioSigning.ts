/**
 * Signing side of the Worker tests: what Twilio would put in X-Twilio-Signature, computed by the twilio package
 * (twilio-node's getExpectedTwilioSignature), for bodies parsed the way a Node back end parses them.
 */
import { parse as parseQuery } from "node:querystring";
// twilio-node's webhook module alone: its index also declares the REST client (750 files for tsc to read).
import * as twilio from "twilio/lib/webhooks/webhooks";
import { TEST_AUTH_TOKEN } from "../../harness/fixtures/twilioVectors";

/** application/x-www-form-urlencoded, as Twilio sends it. */
export const FORM = "application/x-www-form-urlencoded; charset=UTF-8";

export const formBody = (pairs: ReadonlyArray<readonly [string, string]>): string =>
    new URLSearchParams(pairs.map(([key, value]): [string, string] => [key, value])).toString();

/**
 * The body as node:querystring parses it (repeated keys become arrays, as with express.urlencoded). The arrays are
 * copied into this realm: jest runs tests in a vm context, and twilio-node's `paramValue instanceof Array` is false
 * for arrays made by the core module's realm, which would silently sign "a,b" instead of each value.
 */
export function parseLikeNode(body: string): Record<string, string | string[]> {
    const params: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of Object.entries(parseQuery(body))) {
        params[key] = Array.isArray(value) ? [...value] : (value ?? "");
    }
    return params;
}

export const signForm = (url: string, body: string, token = TEST_AUTH_TOKEN): string =>
    twilio.getExpectedTwilioSignature(token, url, parseLikeNode(body));

export const signUrlOnly = (url: string, token = TEST_AUTH_TOKEN): string =>
    twilio.getExpectedTwilioSignature(token, url, {});
