/**
 * Lambda functions pin a runtime AWS still supports (a default can change under you: Node 24 dropped
 * callback-style handlers), and their role carries no *FullAccess managed policy (aws.lambda.CallbackFunction
 * attaches LambdaFullAccess, S3FullAccess and more when given no role). A stack policy, because the role and
 * its attachments are separate resources tied to the function through its `role` input.
 *
 * Fails closed: a function whose role is not a role in this stack (an ARN of a role made elsewhere, or none) is
 * reported: its managed policies cannot be seen, so "no *FullAccess" cannot be shown.
 * Unknown during preview: `runtime` is read through the engine's proxy (the SDK's advisory); a `role` unknown
 * during preview is normally tied to its Role by the input's dependency; one that is unknown with no dependency
 * is not judged (it is judged at update, when known).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "../lib/graph";
import { managedPoliciesOf, resolveRole } from "../lib/iam";
import { peek, UNKNOWN } from "../lib/props";

const FUNCTION = "aws:lambda/function:Function";

/**
 * Runtimes in standard support on 2026-11-28 with a deprecation date after it, from the AWS Lambda runtimes
 * page (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, as tracked by endoflife.date/aws-lambda):
 * nodejs22.x 2027-04-30, nodejs24.x 2028-04-30, python3.12 2028-10-31, python3.13 and 3.14 2029-06-30,
 * java25 2029-06-30, ruby3.4 2028-03-31, dotnet10 2028-11-14, provided.al2023 (Amazon Linux 2023, 2029-06-30).
 * Left out: nodejs20.x (deprecated 2026-04-30), python3.10/3.11 (2026-06-30), dotnet8 (2026-11-10).
 * Review when AWS announces a deprecation; override with the supportedRuntimes config meanwhile.
 */
export const SUPPORTED_LAMBDA_RUNTIMES = [
    "nodejs22.x",
    "nodejs24.x",
    "python3.12",
    "python3.13",
    "python3.14",
    "java25",
    "ruby3.4",
    "dotnet10",
    "provided.al2023",
];

const isFullAccess = (arn: string) => /FullAccess$/.test(arn);

export const lambdaRuntimeAndRole: StackValidationPolicy = {
    name: "lambda-runtime-and-role",
    description:
        "Lambda functions set an explicit, supported runtime (container images excepted), and their role carries no *FullAccess managed policy.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set runtime explicitly to a supported identifier (e.g. nodejs22.x), and give the function its own role with an inline least-privilege policy " +
        "(AWSLambdaBasicExecutionRole at most as a managed one); never rely on CallbackFunction's default role.",
    configSchema: {
        properties: {
            supportedRuntimes: { type: "array", items: { type: "string" }, default: SUPPORTED_LAMBDA_RUNTIMES },
        },
    },
    validateStack: (args, report) => {
        const { supportedRuntimes } = args.getConfig<{ supportedRuntimes: string[] }>();
        for (const fn of ofType(args.resources, FUNCTION)) {
            if (peek(fn.props, "packageType") !== "Image") {
                const runtime = fn.props.runtime;
                if (runtime === undefined || runtime === null || runtime === "")
                    report(`function ${fn.name} sets no runtime; pin one of ${supportedRuntimes.join(", ")}`, fn.urn);
                else if (!supportedRuntimes.includes(String(runtime)))
                    report(
                        `function ${fn.name} runs ${String(runtime)}, not a supported runtime (${supportedRuntimes.join(", ")})`,
                        fn.urn,
                    );
            }
            const role = resolveRole(args.resources, fn, "role");
            if (!role) {
                const value = peek(fn.props, "role");
                if (value === UNKNOWN) continue;
                report(
                    typeof value === "string" && value !== ""
                        ? `function ${fn.name}'s role ${value} is not a role in this stack, so its managed policies cannot be checked; create the role in the program`
                        : `function ${fn.name} sets no role; give it its own role in the program with a least-privilege inline policy`,
                    fn.urn,
                );
                continue;
            }
            for (const { arn, via } of managedPoliciesOf(args.resources, role)) {
                if (isFullAccess(arn))
                    report(
                        `function ${fn.name}'s role ${role.name} carries ${arn} (attached by ${via}); replace it with a least-privilege inline policy`,
                        fn.urn,
                    );
            }
        }
    },
};
