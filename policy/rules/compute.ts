/**
 * Compute: the EKS API is not on the internet (the jumpbox is the way in), instances use IMDSv2 and no
 * public IP, ECR scans on push, Lambdas pin a supported runtime and carry no *FullAccess policy.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { arrayOf, objectOf, Props } from "../lib/props";

/** eks:index:Cluster (remote component inputs) or aws:eks/cluster:Cluster (its child, in a real preview). */
function endpoint(type: string, p: Props): { isPublic: boolean; cidrs: string[] } | undefined {
    if (type === "eks:index:Cluster") {
        // @pulumi/eks defaults endpointPublicAccess to true when unset.
        return { isPublic: p.endpointPublicAccess !== false, cidrs: arrayOf<string>(p.publicAccessCidrs) };
    }
    if (type === "aws:eks/cluster:Cluster") {
        const vpc = objectOf(p.vpcConfig) ?? {};
        return { isPublic: vpc.endpointPublicAccess !== false, cidrs: arrayOf<string>(vpc.publicAccessCidrs) };
    }
    return undefined;
}
const openToAll = (cidrs: string[]) => cidrs.length === 0 || cidrs.includes("0.0.0.0/0");

export const eksEndpointPrivate: ResourceValidationPolicy = {
    name: "eks-endpoint-private",
    description: "The EKS API endpoint is private, or public only with an allow-list that is not 0.0.0.0/0.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Set endpointPublicAccess false (reach the API through the jumpbox), or list the CIDRs allowed to the public endpoint.",
    validateResource: (args, report) => {
        const e = endpoint(args.type, args.props as Props);
        if (e?.isPublic && openToAll(e.cidrs)) report("the EKS API endpoint is public to the whole internet (no allow-list, or 0.0.0.0/0)");
    },
};

export const eksEndpointPublicAllowListed: ResourceValidationPolicy = {
    name: "eks-endpoint-public-allowlisted",
    description: "Advisory: the EKS API endpoint is public, even if only to an allow-list.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Prefer endpointPublicAccess false and the SSM port-forwarding through the jumpbox (README).",
    validateResource: (args, report) => {
        const e = endpoint(args.type, args.props as Props);
        if (e?.isPublic && !openToAll(e.cidrs)) report(`the EKS API endpoint is public to ${e.cidrs.join(", ")}`);
    },
};

export const ec2Imdsv2NoPublicIp: ResourceValidationPolicy = {
    name: "ec2-imdsv2-no-public-ip",
    description: "EC2 instances and launch templates require IMDSv2 and get no public IP unless allowed.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set metadataOptions.httpTokens to \"required\" and associatePublicIpAddress to false.",
    configSchema: { properties: { allowPublicIp: { type: "boolean", default: false } } },
    validateResource: (args, report) => {
        if (args.type !== "aws:ec2/instance:Instance" && args.type !== "aws:ec2/launchTemplate:LaunchTemplate") return;
        const p = args.props as Props;
        if (objectOf(p.metadataOptions)?.httpTokens !== "required") report("metadataOptions.httpTokens is not \"required\" (IMDSv1 lets SSRF steal the instance role)");
        const { allowPublicIp } = args.getConfig<{ allowPublicIp: boolean }>();
        const publicIp = p.associatePublicIpAddress === true || arrayOf<Props>(p.networkInterfaces).some((n) => n.associatePublicIpAddress === true || n.associatePublicIpAddress === "true");
        if (publicIp && !allowPublicIp) report("the instance gets a public IP; keep it in a private subnet and reach it through SSM");
    },
};

export const ecrScanOnPush: ResourceValidationPolicy = {
    name: "ecr-scan-on-push",
    description: "ECR repositories scan images on push.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set imageScanningConfiguration.scanOnPush true.",
    validateResource: (args, report) => {
        if (args.type === "aws:ecr/repository:Repository" && objectOf(args.props.imageScanningConfiguration)?.scanOnPush !== true) {
            report("imageScanningConfiguration.scanOnPush is not true");
        }
    },
};

/** AWS Lambda runtimes in standard support as of 2026-11 (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html). */
export const SUPPORTED_LAMBDA_RUNTIMES = ["nodejs22.x", "nodejs24.x", "python3.12", "python3.13", "python3.14", "java21", "java25", "dotnet8", "provided.al2023", "ruby3.4"];

export const lambdaRuntime: ResourceValidationPolicy = {
    name: "lambda-explicit-supported-runtime",
    description: "Lambda functions pin an explicit runtime that AWS still supports (or are container images).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set runtime explicitly, e.g. nodejs22.x; a default can change under you (Node 24 drops callback handlers).",
    configSchema: { properties: { supportedRuntimes: { type: "array", items: { type: "string" }, default: SUPPORTED_LAMBDA_RUNTIMES } } },
    validateResource: (args, report) => {
        if (args.type !== "aws:lambda/function:Function" || args.props.packageType === "Image") return;
        const { supportedRuntimes } = args.getConfig<{ supportedRuntimes: string[] }>();
        const runtime = args.props.runtime;
        if (typeof runtime !== "string") report("no explicit runtime");
        else if (!supportedRuntimes.includes(runtime)) report(`runtime ${runtime} is not in the supported list (${supportedRuntimes.join(", ")})`);
    },
};

const isFullAccess = (arn: unknown) => typeof arn === "string" && /FullAccess$/.test(arn);

export const lambdaNoFullAccess: StackValidationPolicy = {
    name: "lambda-role-no-full-access",
    description: "No Lambda function's role carries a *FullAccess managed policy (aws.lambda.CallbackFunction attaches several unless given a role).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Give the function its own role with an inline least-privilege policy (see components/platform/ipSyncFunction.ts).",
    validateStack: (args, report) => {
        const roles = args.resources.filter((r) => r.type === "aws:iam/role:Role");
        for (const fn of args.resources.filter((r) => r.type === "aws:lambda/function:Function")) {
            // The function's role, by dependency (values may be unknown in preview), else by ARN or name.
            const role =
                (fn.propertyDependencies.role ?? []).find((d) => d.type === "aws:iam/role:Role") ??
                roles.find((r) => fn.props.role !== undefined && (r.props.arn === fn.props.role || String(fn.props.role).endsWith(`:role/${r.props.name}`)));
            if (!role) continue;
            const attached = args.resources.filter(
                (r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && (r.propertyDependencies.role ?? []).some((d) => d.urn === role.urn),
            );
            const arns = [...attached.map((a) => a.props.policyArn), ...arrayOf(role.props.managedPolicyArns)];
            for (const arn of arns.filter(isFullAccess)) report(`function ${fn.name}'s role ${role.name} carries ${String(arn)}`, fn.urn);
        }
    },
};
