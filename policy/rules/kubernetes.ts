/**
 * Kubernetes: secrets come from AWS Secrets Manager through External Secrets, never from Pulumi (state would
 * hold them); and no workload switches authentication off (the seed's build-tag rule, enforced at preview).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { arrayOf, objectOf, Props } from "../lib/props";

export const noKubernetesSecretData: ResourceValidationPolicy = {
    name: "no-kubernetes-secret-data",
    description: "The program creates no Kubernetes Secret with data or stringData; External Secrets delivers them from Secrets Manager.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Store the value in AWS Secrets Manager under osprey-strike/<env>/ and deliver it with an ExternalSecret.",
    validateResource: (args, report) => {
        if (args.type !== "kubernetes:core/v1:Secret") return;
        const has = (v: unknown) => Object.keys(objectOf(v) ?? {}).length > 0;
        if (has(args.props.data) || has(args.props.stringData)) report("a Kubernetes Secret with data would put the value in Pulumi state");
    },
};

/** The variables the seed's dev build honours; a production binary ignores them, and we never set them off. */
export const AUTH_SWITCHES = ["ALB_SIGNATURE_VALIDATION_ENABLED", "WEBHOOK_AUTH_ENABLED"];
const FALSY = /^(false|0|no|off)$/i;
const WORKLOADS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"];

function podSpecOf(kind: string, p: Props): Props | undefined {
    const spec = objectOf(p.spec);
    if (kind === "Pod") return spec;
    if (kind === "CronJob") return objectOf(objectOf(objectOf(objectOf(spec?.jobTemplate)?.spec)?.template)?.spec);
    return objectOf(objectOf(spec?.template)?.spec);
}

function offSwitches(vars: [string, unknown][]): string[] {
    return vars.filter(([k, v]) => AUTH_SWITCHES.includes(k) && typeof v === "string" && FALSY.test(v.trim())).map(([k, v]) => `${k}=${String(v)}`);
}

export const noAuthDisablingEnv: ResourceValidationPolicy = {
    name: "no-auth-disabling-env",
    description: "No workload, ConfigMap or Lambda sets ALB_SIGNATURE_VALIDATION_ENABLED or WEBHOOK_AUTH_ENABLED to false.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Remove the variable: production binaries enforce auth regardless (build tags), and mock auth belongs to dev builds only.",
    validateResource: (args, report) => {
        const [pkg, , kind = ""] = args.type.split(":");
        let found: string[] = [];
        if (pkg === "kubernetes" && WORKLOADS.includes(kind)) {
            const spec = podSpecOf(kind, args.props as Props);
            const containers = [...arrayOf<Props>(spec?.containers), ...arrayOf<Props>(spec?.initContainers)];
            found = offSwitches(containers.flatMap((c) => arrayOf<Props>(c.env).map((e) => [String(e.name), e.value] as [string, unknown])));
        } else if (args.type === "kubernetes:core/v1:ConfigMap") {
            found = offSwitches(Object.entries(objectOf(args.props.data) ?? {}));
        } else if (args.type === "aws:lambda/function:Function") {
            found = offSwitches(Object.entries(objectOf(objectOf(args.props.environment)?.variables) ?? {}));
        }
        for (const f of found) report(`${f} turns authentication off`);
    },
};
