/**
 * Kubernetes objects in the graph that would open the cluster around the perimeter: an Ingress without the
 * Cloudflare-only ALB security group (annotation alb.ingress.kubernetes.io/security-groups) or without ALB OIDC
 * (auth-type oidc with auth-idp-oidc) - only an Ingress serving nothing but the Twilio webhook path (contract
 * OIDC_EXEMPT_PATHS), with pathType Exact, may skip OIDC (a Prefix rule would also serve /webhooks/twilio/../x, which
 * Cloudflare Access judged, normalized, as /x) - and a Service of type LoadBalancer (a load balancer outside the ALB's
 * group).
 * Annotation names: AWS Load Balancer Controller docs, "Ingress annotations".
 *
 * Missing: an Ingress without annotations lacks both and is reported.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { OIDC_EXEMPT_PATHS } from "../contract";
import { arrayOf, objectOf } from "../lib/props";

const INGRESS = [
    "kubernetes:networking.k8s.io/v1:Ingress",
    "kubernetes:networking.k8s.io/v1beta1:Ingress",
    "kubernetes:extensions/v1beta1:Ingress",
];
const SERVICE = "kubernetes:core/v1:Service";
const A = "alb.ingress.kubernetes.io/";

/**
 * Every path an Ingress serves, as `<pathType> <path>` ("" for a rule or default backend without paths: everything).
 * A path without pathType is ImplementationSpecific (Kubernetes networking/v1), which the controller treats as written.
 */
function pathsOf(spec: Record<string, unknown>): string[] {
    const paths = arrayOf(spec.rules).flatMap((rule) => {
        const http = objectOf(objectOf(rule)?.http);
        const ps = arrayOf(http?.paths).map((p) => {
            const path = objectOf(p);
            return `${String(path?.pathType ?? "ImplementationSpecific")} ${String(path?.path ?? "")}`;
        });
        return ps.length > 0 ? ps : [""];
    });
    return spec.defaultBackend !== undefined || spec.backend !== undefined || paths.length === 0
        ? [...paths, ""]
        : paths;
}

export const k8sIngressCloudflareOidc: ResourceValidationPolicy = {
    name: "k8s-ingress-cloudflare-oidc",
    description:
        "Every Ingress the program creates carries the Cloudflare-only ALB security group and ALB OIDC (only the Twilio webhook path may skip OIDC); no Service of type LoadBalancer.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Annotate the Ingress with alb.ingress.kubernetes.io/security-groups: <albSecurityGroupId> and auth-type: oidc with auth-idp-oidc (kubernetes/components/alb-<env>); expose Services as ClusterIP behind it.",
    validateResource: (args, report) => {
        if (args.type === SERVICE) {
            if (objectOf(args.props.spec)?.type === "LoadBalancer")
                report(
                    "Service of type LoadBalancer gets its own load balancer, outside the Cloudflare-only ALB; use ClusterIP behind the Ingress",
                );
            return;
        }
        if (!INGRESS.includes(args.type)) return;
        const annotations = objectOf(objectOf(args.props.metadata)?.annotations) ?? {};
        const sg = annotations[`${A}security-groups`];
        if (typeof sg !== "string" || sg.trim() === "")
            report(
                `no ${A}security-groups annotation: the controller would create an ALB security group open to 0.0.0.0/0`,
            );
        const exempt = pathsOf(objectOf(args.props.spec) ?? {}).every((p) =>
            OIDC_EXEMPT_PATHS.some((e) => p === `Exact ${e}`),
        );
        const oidc = annotations[`${A}auth-type`] === "oidc" && typeof annotations[`${A}auth-idp-oidc`] === "string";
        if (!oidc && !exempt)
            report(
                `no ALB OIDC (${A}auth-type: oidc with ${A}auth-idp-oidc) and it serves more than ${OIDC_EXEMPT_PATHS.join(", ")} (pathType Exact)`,
            );
    },
};
