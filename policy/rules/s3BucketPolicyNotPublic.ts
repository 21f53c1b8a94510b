/**
 * Bucket policies grant nothing to everyone and nothing to other accounts: an Allow to "*" (unless confined by an
 * exact aws:SourceAccount / aws:SourceArn / aws:PrincipalOrgID / aws:SourceVpce condition), to an AWS account not in
 * trustedAccountIds, or to a service principal without such a condition (the confused deputy) is reported. Deny
 * statements (the TLS-only policy) pass. Judged on the policy resource itself, so a bucket outside the stack opened by
 * this program is reported too.
 *
 * Missing: a BucketPolicy without a readable document is reported.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isConfined, principalsOf, statementsOf } from "../lib/policyDocument";
import { TRUSTED_ACCOUNTS_SCHEMA } from "../lib/trust";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

export const s3BucketPolicyNotPublic: ResourceValidationPolicy = {
    name: "s3-bucket-policy-not-public",
    description:
        'S3 bucket policies allow nothing to "*", to AWS accounts outside trustedAccountIds, or to a service principal without a source condition.',
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Grant the workload through its IAM role (IRSA) instead of the bucket policy; keep only Deny statements (TLS only) there, or confine a service grant with StringEquals aws:SourceAccount.",
    configSchema: { properties: { ...TRUSTED_ACCOUNTS_SCHEMA } },
    validateResource: (args, report) => {
        if (args.type !== BUCKET_POLICY && !BUCKETS.includes(args.type)) return;
        if (BUCKETS.includes(args.type) && (args.props.policy === undefined || args.props.policy === null)) return; // no inline policy: nothing granted
        const { trustedAccountIds } = args.getConfig<{ trustedAccountIds: string[] }>();
        const statements = statementsOf(args.props.policy);
        if (statements.length === 0) {
            report(
                "the bucket policy document is missing or unreadable, so it cannot be shown not to grant public access",
            );
            return;
        }
        for (const s of statements.filter((x) => x.effect === "Allow")) {
            const p = principalsOf(s.principal);
            if (p.everyone && !isConfined(s)) report(`${s.sid} allows ${s.actions.join(", ")} to everyone ("*")`);
            for (const account of p.accounts.filter((a) => !trustedAccountIds.includes(a)))
                report(`${s.sid} allows ${s.actions.join(", ")} to account ${account} (not in trustedAccountIds)`);
            if (p.services.length > 0 && !isConfined(s))
                report(`${s.sid} allows ${p.services.join(", ")} without an aws:SourceAccount/aws:SourceArn condition`);
        }
    },
};
