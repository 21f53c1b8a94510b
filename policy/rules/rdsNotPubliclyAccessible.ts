/**
 * The databases sit in private subnets and admit only the EKS nodes' security group; a public endpoint
 * would put PostgreSQL's login one security-group mistake away from the internet.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { RDS_ENDPOINT_TYPES } from "../lib/rds";

export const rdsNotPubliclyAccessible: ResourceValidationPolicy = {
    name: "rds-not-publicly-accessible",
    description: "RDS instances and Aurora cluster instances are never publicly accessible.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Set publiclyAccessible: false (the AWS default) and reach the database from the cluster or through the jumpbox.",
    validateResource: (args, report) => {
        if (!RDS_ENDPOINT_TYPES.includes(args.type)) return;
        // Unset means false (aws_db_instance default), so only an explicit true is a violation.
        if (args.props.publiclyAccessible === true) {
            report("publiclyAccessible is true; set it to false (the instance must only be reachable inside the VPC)");
        }
    },
};
