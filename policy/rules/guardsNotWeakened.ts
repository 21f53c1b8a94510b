/**
 * Resources whose only effect is to weaken a guard are reported wherever their target lives (inside the stack or
 * not: a resource policy never needs the target in the graph): an S3 public access block (bucket or account) with a
 * flag explicitly false, a Lambda permission for principal "*" without a source (except a signed webhook's function
 * URL, isSignedWebhookUrl), and a resource policy (SNS, SQS,
 * ECR, Secrets Manager, KMS) that allows "*" unconfined (no aws:SourceAccount/SourceArn/PrincipalOrgID/SourceVpce).
 *
 * Missing: an unset flag is AWS's default (false) but states nothing; s3-bucket-private-encrypted requires all four
 * true for the program's own buckets. Here only an explicit false is a weakening.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SIGNED_WEBHOOK_FUNCTIONS } from "../contract";
import { isConfined, principalsOf, statementsOf } from "../lib/policyDocument";

const BLOCKS = [
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
];
const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const RESOURCE_POLICIES: Record<string, string> = {
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:sns/topic:Topic": "policy",
};
const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";

/**
 * The one public Lambda permission that weakens nothing: on a function of SIGNED_WEBHOOK_FUNCTIONS (it verifies every
 * request's signature), confined to its function URL: `lambda:InvokeFunctionUrl` with FunctionUrlAuthType NONE, or
 * `lambda:InvokeFunction` with lambda:InvokedViaFunctionUrl (Lambda developer guide, "Control access to Lambda function
 * URLs": new function URLs need both). Any other action, function or missing confinement is still reported.
 */
function isSignedWebhookUrl(props: Record<string, unknown>): boolean {
    if (!(SIGNED_WEBHOOK_FUNCTIONS as readonly unknown[]).includes(props.function)) return false;
    return (
        (props.action === "lambda:InvokeFunctionUrl" && props.functionUrlAuthType === "NONE") ||
        (props.action === "lambda:InvokeFunction" && props.invokedViaFunctionUrl === true)
    );
}

export const guardsNotWeakened: ResourceValidationPolicy = {
    name: "guards-not-weakened",
    description:
        'No resource weakens a guard, wherever its target lives: no S3 public access block flag set false, no Lambda permission for "*" without a source, no SNS/SQS/ECR/Secrets Manager/KMS policy allowing "*" unconfined.',
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Set every public access block flag true; give Lambda permissions a service principal with sourceArn/sourceAccount; confine resource-policy grants with StringEquals aws:SourceAccount or name the principal.",
    validateResource: (args, report) => {
        if (BLOCKS.includes(args.type)) {
            const off = FLAGS.filter((f) => args.props[f] === false);
            if (off.length > 0)
                report(
                    `sets ${off.join(", ")} false on ${String(args.props.bucket ?? "the account")}: public access would no longer be blocked`,
                );
        }
        if (
            args.type === LAMBDA_PERMISSION &&
            args.props.principal === "*" &&
            !args.props.sourceArn &&
            !args.props.sourceAccount &&
            !isSignedWebhookUrl(args.props)
        ) {
            report(
                `lets any principal ("*") invoke function ${String(args.props.function)} with no sourceArn or sourceAccount`,
            );
        }
        const key = RESOURCE_POLICIES[args.type];
        if (key !== undefined && args.props[key] !== undefined && args.props[key] !== null) {
            for (const s of statementsOf(args.props[key]).filter((x) => x.effect === "Allow")) {
                if (principalsOf(s.principal).everyone && !isConfined(s))
                    report(`${s.sid} allows ${s.actions.join(", ")} to everyone ("*") with no confining condition`);
            }
        }
    },
};
