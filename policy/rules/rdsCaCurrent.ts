/**
 * Clients that verify the server (sslmode=verify-full) trust only the roots they were given, so the CA an instance
 * uses must be named, not left to RDS's default of the day, and must not be about to expire: an expired CA ends
 * every verified connection at once (rds-ca-2019 did so on 2024-08-22).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { RDS_ENDPOINT_TYPES, rdsKind } from "../lib/rds";
import { daysUntil, RDS_CA_VALID_UNTIL } from "../supportCalendars";

export const rdsCaCurrent: ResourceValidationPolicy = {
    name: "rds-ca-current",
    description:
        "RDS instances and Aurora cluster instances name their CA (caCertIdentifier), one whose roots stay valid for at least minValidDays (default 365).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Set caCertIdentifier: "rds-ca-rsa2048-g1" (or rds-ca-rsa4096-g1, rds-ca-ecc384-g1) and give the clients that CA\'s root (components/data/rdsCa.ts). Changing the CA restarts the instance unless applied in the maintenance window.',
    configSchema: { properties: { minValidDays: { type: "number", default: 365 } } },
    validateResource: (args, report) => {
        if (!RDS_ENDPOINT_TYPES.includes(args.type)) return;
        const { minValidDays } = args.getConfig<{ minValidDays: number }>();
        const id: unknown = args.props.caCertIdentifier;
        const today = new Date();
        const known = Object.keys(RDS_CA_VALID_UNTIL).join(", ");
        const current = Object.entries(RDS_CA_VALID_UNTIL)
            .filter(([, until]) => daysUntil(until, today) >= minValidDays)
            .map(([ca]) => ca)
            .join(", ");
        if (typeof id !== "string" || id === "") {
            report(
                `${rdsKind(args.type)} sets no caCertIdentifier: RDS picks its default CA, which the clients' bundle may not hold; name one of ${current}`,
            );
            return;
        }
        const until = RDS_CA_VALID_UNTIL[id];
        if (until === undefined) {
            report(
                `caCertIdentifier "${id}" is not a CA this pack knows (${known}); add its expiry to policy/supportCalendars.ts from AWS's bundle`,
            );
            return;
        }
        const days = daysUntil(until, today);
        if (days < 0)
            report(`caCertIdentifier ${id} expired on ${until}: verified connections fail; move to rds-ca-rsa2048-g1`);
        else if (days < minValidDays)
            report(
                `caCertIdentifier ${id} expires on ${until}, in ${days} days (< minValidDays ${minValidDays}); plan the rotation now`,
            );
    },
};
