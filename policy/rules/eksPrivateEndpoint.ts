/**
 * The EKS API is never exposed to the internet; the jumpbox is the way in
 * (docs/requirements.md, Access to the cluster and CI). A public endpoint without
 * an allow-list is open to 0.0.0.0/0.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { EKS_REMEDIATION, endpointOf, isOpenToAll } from "../lib/eksEndpoint";
import { internetProblem } from "../lib/cidrCoverage";
import { Props } from "../lib/props";
import { MAX_SHARE_SCHEMA } from "../lib/securityGroups";

export const eksPrivateEndpoint: ResourceValidationPolicy = {
    name: "eks-private-endpoint",
    description:
        "The EKS API endpoint is not public to the whole internet (public with no allow-list, or with an allow-list that together covers the internet by maxAddressShare).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: EKS_REMEDIATION,
    configSchema: { properties: { ...MAX_SHARE_SCHEMA } },
    validateResource: (args, report) => {
        const { maxAddressShare } = args.getConfig<{ maxAddressShare: number }>();
        const e = endpointOf(args.type, args.props as Props);
        if (!e || !isOpenToAll(e, maxAddressShare)) return;
        const why =
            e.cidrs.length === 0
                ? "public with no publicAccessCidrs (AWS then allows 0.0.0.0/0; an unset endpointPublicAccess means public)"
                : `public to ${e.cidrs.join(", ")}, which ${internetProblem(e.cidrs, maxAddressShare)}`;
        report(`the EKS API endpoint is ${why}. ${EKS_REMEDIATION}`);
    },
};
