/** Images CI pushes to ECR are scanned for known CVEs as they arrive, before ArgoCD Image Updater rolls them out. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectOf } from "../lib/props";

export const ecrScanOnPush: ResourceValidationPolicy = {
    name: "ecr-scan-on-push",
    description: "ECR repositories scan images on push (imageScanningConfiguration.scanOnPush: true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set imageScanningConfiguration: { scanOnPush: true } on the repository.",
    validateResource: (args, report) => {
        if (args.type !== "aws:ecr/repository:Repository") return;
        // Unset means no scanning (ECR's default).
        const scan = objectOf(args.props.imageScanningConfiguration)?.scanOnPush;
        if (scan !== true) report(`imageScanningConfiguration.scanOnPush is ${String(scan)}; set it to true`);
    },
};
