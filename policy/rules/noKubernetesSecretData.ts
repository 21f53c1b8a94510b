/**
 * Secrets never live in infrastructure state or Kubernetes manifests: AWS Secrets Manager holds them and
 * External Secrets syncs them in (docs/requirements.md, Secrets). A Secret with data created by Pulumi puts the value
 * in Pulumi state.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectOf } from "../lib/props";

const SECRET_TYPES = ["kubernetes:core/v1:Secret", "kubernetes:core/v1:SecretPatch"];

export const noKubernetesSecretData: ResourceValidationPolicy = {
    name: "no-kubernetes-secret-data",
    description:
        "The program creates no Kubernetes Secret with data or stringData; External Secrets delivers secrets from Secrets Manager.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Store the value in AWS Secrets Manager (osprey-strike/<env>/...) and deliver it with an ExternalSecret; create no Secret with data.",
    validateResource: (args, report) => {
        if (!SECRET_TYPES.includes(args.type)) return;
        for (const field of ["data", "stringData"]) {
            const keys = Object.keys(objectOf(args.props[field]) ?? {});
            if (keys.length > 0) {
                report(
                    `Secret sets ${field} (${keys.join(", ")}); the values would be stored in Pulumi state. Deliver them with an ExternalSecret from Secrets Manager instead.`,
                );
            }
        }
    },
};
