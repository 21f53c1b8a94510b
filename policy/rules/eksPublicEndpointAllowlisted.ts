/**
 * A public endpoint limited to an allow-list is not open to the world (eks-private-endpoint passes it), but
 * it still exposes the API's login surface to those ranges: worth a warning, not a blocked deploy.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { EKS_REMEDIATION, endpointOf, isOpenToAll } from "../lib/eksEndpoint";
import { Props } from "../lib/props";
import { MAX_SHARE_SCHEMA } from "../lib/securityGroups";

export const eksPublicEndpointAllowlisted: ResourceValidationPolicy = {
    name: "eks-public-endpoint-allowlisted",
    description: "Advisory: the EKS API endpoint is public, although limited to an allow-list.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: EKS_REMEDIATION,
    configSchema: { properties: { ...MAX_SHARE_SCHEMA } },
    validateResource: (args, report) => {
        const { maxAddressShare } = args.getConfig<{ maxAddressShare: number }>();
        const e = endpointOf(args.type, args.props as Props);
        if (!e || !e.isPublic || isOpenToAll(e, maxAddressShare)) return;
        report(`the EKS API endpoint is public to ${e.cidrs.join(", ")}. ${EKS_REMEDIATION}`);
    },
};
