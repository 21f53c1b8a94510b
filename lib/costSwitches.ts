/**
 * Values the cost switches accept (config/settings.ts), shared with the components that apply them. Pure data.
 * The estimator (policy/) keeps its own copies and a test checks they agree (the pack imports nothing of ours).
 */

/** ALB IP address types the AWS Load Balancer Controller accepts (annotation alb.ingress.kubernetes.io/ip-address-type, controller v2.7+). */
export const ALB_IP_ADDRESS_TYPES = ["ipv4", "dualstack", "dualstack-without-public-ipv4"] as const;
export type AlbIpAddressType = (typeof ALB_IP_ADDRESS_TYPES)[number];

/** EKS control-plane log types (EKS API `LogType`). */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
export type EksLogType = (typeof EKS_LOG_TYPES)[number];

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy `retentionInDays`). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Narrows a validated string (config/settings.ts checks the list) to an EksLogType. */
export const isEksLogType = (v: string): v is EksLogType => (EKS_LOG_TYPES as readonly string[]).includes(v);
