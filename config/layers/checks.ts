/**
 * The checks and stand-ins the layers' settings share (config/settings.ts composes the layers): CloudWatch retentions,
 * e-mail addresses, the stock stack files' placeholders, EventBridge schedules, ranges that must not be the internet.
 */
import { eachItem } from "../declare";
import { cloudflareIdProblem, dnsNameProblem } from "../../lib/validators";
import { internetProblem } from "../../policy/lib/cidrCoverage";
import { CLOUDWATCH_RETENTION_DAYS } from "../../lib/costSwitches";

/** A retention CloudWatch Logs accepts (PutRetentionPolicy's list). */
export const cloudwatchRetentionProblem = (v: number) =>
    CLOUDWATCH_RETENTION_DAYS.includes(v)
        ? undefined
        : `${v} is not a CloudWatch retention; use one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`;

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The stand-ins the stock stack files carry (their `placeholder` declarations below): AWS's documentation account
 * (IAM user guide, "AWS account identifiers": 123456789012), Cloudflare IDs of the right shape, and a repository name
 * that is not the adopter's.
 */
export const STOCK = {
    awsAccountId: "123456789012",
    cloudflareAccountId: "0123456789abcdef0123456789abcdef",
    cloudflareZoneId: "fedcba9876543210fedcba9876543210",
    repository: "osprey-strike/osprey-strike",
    githubAppId: 100001,
    githubTeamId: 100002,
} as const;

/** RFC 2606 reserves example.com, .net and .org for documentation: no one reads that mail. */
export const isDocumentationEmail = (v: string) => /@(.+\.)?example\.(com|net|org)$/i.test(v);

/** RFC 5737's IPv4 documentation blocks and RFC 3849's IPv6 prefix: no real office egresses from them. */
export const isDocumentationRange = (v: string) =>
    /^(192\.0\.2|198\.51\.100|203\.0\.113)\./.test(v) || /^2001:0?db8:/i.test(v);

/**
 * The stock SAML certificate is self-signed with CN=placeholder-google-saml-idp (Pulumi.main.yaml's comment): the name is
 * in the DER under the PEM's base64 under caData's.
 */
export function isPlaceholderCertificate(caData: string): boolean {
    const pem = Buffer.from(caData, "base64").toString("utf8");
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""), "base64");
    return der.includes("placeholder-google-saml-idp");
}

export const domain = dnsNameProblem;
export const hex32 = (what: string) => (v: string) => cloudflareIdProblem(v, what);
export const email = (v: string) => (EMAIL_RE.test(v) ? undefined : `"${v}" is not an email address`);

/** EventBridge schedule expressions: rate(1 hour) (singular for 1, plural otherwise) or a six-field cron(). */
export function scheduleProblem(v: string): string | undefined {
    const rate = /^rate\(([1-9]\d*) (minute|hour|day)(s?)\)$/.exec(v);
    if (rate && (rate[1] === "1") === (rate[3] === "")) return undefined;
    if (/^cron\(\S+( \S+){5}\)$/.test(v)) return undefined;
    return `"${v}" is not an EventBridge schedule; use rate(1 hour), rate(30 minutes) or cron(0 * * * ? *)`;
}

/**
 * A list of ranges is judged by what it covers together (the pack's own measure, policy/lib/cidrCoverage.ts): two
 * halves of the internet are refused like a /0.
 */
export const notTheInternet = (vs: string[]): string | undefined => {
    const why = internetProblem(vs);
    return why === undefined ? undefined : `the ranges ${why}; list only your office's or VPN's own ranges`;
};

/** Reviewed aggregates: at least one, each a well-formed CIDR of the family. */
export const aggregatesProblem =
    (cidr: (s: string) => string | undefined) =>
    (vs: string[]): string | undefined =>
        vs.length === 0
            ? "list at least one reviewed Cloudflare aggregate (an empty list would refuse every addition)"
            : eachItem(cidr)(vs);
