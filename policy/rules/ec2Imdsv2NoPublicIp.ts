/**
 * IMDSv1 answers any GET from the instance, so one SSRF hands out the instance role's credentials; IMDSv2
 * needs a PUT-issued token. The jumpbox lives in a private subnet and is reached through SSM
 * (docs/requirements.md, Access to the cluster and CI), so it
 * needs no public IP. Launch templates (node groups) carry the same settings for the instances they start.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { arrayOf, isTrue, objectOf, Props } from "../lib/props";

const INSTANCE = "aws:ec2/instance:Instance";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

/** IMDSv2 required, or the metadata endpoint switched off altogether. Unset means EC2's default: optional. */
function imdsProblem(props: Props): string | undefined {
    const options = objectOf(props.metadataOptions);
    if (options?.httpEndpoint === "disabled" || options?.httpTokens === "required") return undefined;
    return `metadataOptions.httpTokens is ${String(options?.httpTokens)}, not "required" (IMDSv1 lets an SSRF read the role's credentials)`;
}

/** Whether the instance (or any interface of the template) asks for a public IPv4 address. */
function wantsPublicIp(type: string, props: Props): boolean {
    if (type === INSTANCE) return isTrue(props.associatePublicIpAddress);
    // Launch template interfaces take the flag as a string ("true") in @pulumi/aws 7.
    return arrayOf<Props>(props.networkInterfaces).some((n) => isTrue(objectOf(n)?.associatePublicIpAddress));
}

export const ec2Imdsv2NoPublicIp: ResourceValidationPolicy = {
    name: "ec2-imdsv2-no-public-ip",
    description: "EC2 instances and launch templates require IMDSv2 and request no public IP (unless allowPublicIp).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Set metadataOptions: { httpTokens: "required" } and associatePublicIpAddress: false; place the instance in a private subnet and use SSM.',
    configSchema: { properties: { allowPublicIp: { type: "boolean", default: false } } },
    validateResource: (args, report) => {
        if (args.type !== INSTANCE && args.type !== LAUNCH_TEMPLATE) return;
        const props = args.props as Props;
        const imds = imdsProblem(props);
        if (imds) report(imds);
        const { allowPublicIp } = args.getConfig<{ allowPublicIp: boolean }>();
        if (!allowPublicIp && wantsPublicIp(args.type, props)) {
            report(
                "associatePublicIpAddress is true; keep instances in private subnets and reach them through SSM Session Manager",
            );
        }
    },
};
