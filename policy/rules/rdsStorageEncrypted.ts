/** Encryption at rest cannot be turned on for an existing instance in place: it has to be right at creation. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { RDS_STORAGE_TYPES } from "../lib/rds";

export const rdsStorageEncrypted: ResourceValidationPolicy = {
    name: "rds-storage-encrypted",
    description: "RDS instances and Aurora clusters encrypt their storage (storageEncrypted: true).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set storageEncrypted: true (optionally kmsKeyId). An existing unencrypted instance needs an encrypted snapshot copy and a restore.",
    validateResource: (args, report) => {
        if (!RDS_STORAGE_TYPES.includes(args.type)) return;
        // Unset means false for a new instance (aws_db_instance default).
        if (args.props.storageEncrypted !== true) {
            report(`storageEncrypted is ${String(args.props.storageEncrypted)}; set storageEncrypted: true`);
        }
    },
};
