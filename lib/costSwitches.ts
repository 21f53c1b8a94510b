/**
 * Values the cost switches accept (config/settings.ts), shared with the components that apply them. Pure data.
 * What the estimator (policy/) also reads is declared once in policy/contract.ts (the pack imports nothing of ours).
 */
import { ALB_IP_ADDRESS_TYPES, AlbIpAddressType, EKS_LOG_TYPES, EksLogType } from "../policy/contract";

/** ALB IP address types the AWS Load Balancer Controller accepts (annotation alb.ingress.kubernetes.io/ip-address-type, controller v2.7+). */
export { ALB_IP_ADDRESS_TYPES };
export type { AlbIpAddressType };

/** EKS control-plane log types (EKS API `LogType`), declared once in the pack's contract (the estimator prices them). */
export { EKS_LOG_TYPES };
export type { EksLogType };

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy `retentionInDays`). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Narrows a validated string (config/settings.ts checks the list) to an EksLogType. */
export const isEksLogType = (v: string): v is EksLogType => (EKS_LOG_TYPES as readonly string[]).includes(v);
