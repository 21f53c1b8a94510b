/**
 * The environment's ACM certificate for its ALB (certificates validated by DNS:
 * docs/requirements.md, What the infrastructure includes), validated through DNS-only records in the Cloudflare
 * zone. Cloudflare connects to the ALB with Full (strict) TLS, so the certificate must name every hostname the ALB serves.
 *
 * One validation record per distinct validated name: ACM hands a wildcard and its base name the same CNAME, so
 * `*.main.x` and `main.x` share one record. The set of names is known when the program starts, so the records are
 * created with fixed logical names (validationRecordKeys), never inside an apply; only their contents wait for ACM.
 */
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { certificateNames, validationRecordKeys } from "../../lib/dataRules";
import { Env, environmentNames } from "../../lib/naming";

export interface CertificateArgs {
    environment: Env;
    /** e.g. main.osprey-strike.com: the certificate's subject; `*.<environmentDomain>` is added. */
    environmentDomain: string;
    /** Every other hostname the environment's ALB serves (api-main.osprey-strike.com, ...). */
    albHostnames: readonly string[];
    /** Cloudflare zone ID (32 hex) where the validation records go. */
    cloudflareZoneId: string;
}

/** A short TTL, so a re-issued validation value is seen quickly; DNS only, as ACM must see the CNAME itself. */
export const VALIDATION_RECORD_TTL = 60;
const noTrailingDot = (s: string) => s.replace(/\.$/, "");

export class Certificate extends pulumi.ComponentResource {
    /** ARN of the ISSUED certificate (resolves once validation has completed). */
    readonly certificateArn: pulumi.Output<string>;
    readonly names: string[];

    constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        const { domainName, subjectAlternativeNames } = certificateNames(args.environmentDomain, args.albHostnames);
        const names = [domainName, ...subjectAlternativeNames];
        super(
            "osprey:data:Certificate",
            name,
            { environment: args.environment, names, cloudflareZoneId: args.cloudflareZoneId },
            opts,
        );
        const parent = { parent: this };
        this.names = names;

        const certificate = new aws.acm.Certificate(
            name,
            {
                domainName,
                subjectAlternativeNames,
                validationMethod: "DNS",
                keyAlgorithm: "RSA_2048",
                tags: { Name: `${environmentNames(args.environment).label}` },
            },
            // A new certificate is issued before the old one goes, so the ALB always has one.
            { ...parent, deleteBeforeReplace: false },
        );

        const records = validationRecordKeys(names).map((key) => {
            const option = certificate.domainValidationOptions.apply((options) => {
                const found =
                    options.find((o) => o.domainName === key) ?? options.find((o) => o.domainName === `*.${key}`);
                if (!found) throw new Error(`Certificate ${name}: ACM returned no DNS validation option for ${key}`);
                return found;
            });
            return new cloudflare.DnsRecord(
                `${name}-validation-${key}`,
                {
                    zoneId: args.cloudflareZoneId,
                    // ACM writes FQDNs with a trailing dot; Cloudflare stores names and targets without one.
                    name: option.resourceRecordName.apply(noTrailingDot),
                    type: option.resourceRecordType,
                    content: option.resourceRecordValue.apply(noTrailingDot),
                    ttl: VALIDATION_RECORD_TTL,
                    proxied: false,
                    comment: `ACM DNS validation of ${key} (${environmentNames(args.environment).label}); managed by Pulumi (components/data)`,
                },
                parent,
            );
        });

        const validation = new aws.acm.CertificateValidation(
            name,
            { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.name) },
            { ...parent, customTimeouts: { create: "45m" } },
        );
        this.certificateArn = validation.certificateArn;
        this.registerOutputs({ certificateArn: this.certificateArn });
    }
}
