/**
 * Seed: "No direct EKS API exposure to the internet" - the jumpbox is the way in. A public endpoint without
 * an allow-list is open to 0.0.0.0/0.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { EKS_REMEDIATION, endpointOf, isOpenToAll } from "../lib/eksEndpoint";
import { Props } from "../lib/props";

export const eksPrivateEndpoint: ResourceValidationPolicy = {
    name: "eks-private-endpoint",
    description: "The EKS API endpoint is not public to the whole internet (public with no allow-list, or with 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: EKS_REMEDIATION,
    validateResource: (args, report) => {
        const e = endpointOf(args.type, args.props as Props);
        if (!e || !isOpenToAll(e)) return;
        const why =
            e.cidrs.length === 0
                ? "public with no publicAccessCidrs (AWS then allows 0.0.0.0/0; an unset endpointPublicAccess means public)"
                : `public to ${e.cidrs.join(", ")}`;
        report(`the EKS API endpoint is ${why}. ${EKS_REMEDIATION}`);
    },
};
