/**
 * The build-tag rule (docs/requirements.md, Build-tag security), enforced at preview: no workload, ConfigMap or Lambda
 * of ours sets an auth
 * switch to a false-y value ("false", "0", "no", "off", any case).
 *
 * Fails closed: a container that takes an auth switch through `valueFrom` (a ConfigMap or Secret key the policy
 * cannot read) is reported, since its value could be off.
 * Unknown during preview: values are read through the engine's proxy (the SDK's advisory).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AUTH_SWITCHES, isAuthOff } from "../lib/authSwitches";
import { arrayOf, has, objectOf, Props } from "../lib/props";

const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"];

/** The pod spec of a workload kind (Patch variants share the shape). */
function podSpecOf(kind: string, props: Props): Props | undefined {
    const spec = objectOf(props.spec);
    if (kind === "Pod") return spec;
    if (kind === "CronJob") return objectOf(objectOf(objectOf(objectOf(spec?.jobTemplate)?.spec)?.template)?.spec);
    return objectOf(objectOf(spec?.template)?.spec);
}

const OFF = "turns authentication off; remove it (production builds ignore it, dev builds would run unauthenticated)";

/** A message for every auth switch set off in a list of [name, value] pairs. */
const offSwitches = (vars: [string, unknown][]) =>
    vars.filter(([k, v]) => isAuthOff(k, v)).map(([k, v]) => `${k}=${String(v)} ${OFF}`);

function findings(type: string, props: Props): string[] {
    const [pkg, , rawKind = ""] = type.split(":");
    const kind = rawKind.replace(/Patch$/, "");
    if (pkg === "kubernetes" && WORKLOAD_KINDS.includes(kind)) {
        const spec = podSpecOf(kind, props);
        return [...arrayOf<Props>(spec?.containers), ...arrayOf<Props>(spec?.initContainers)].flatMap((c) => {
            const env = arrayOf<Props>(c.env);
            const indirect = env
                .filter(
                    (e) =>
                        (AUTH_SWITCHES as readonly string[]).includes(String(e.name)) &&
                        !has(e, "value") &&
                        has(e, "valueFrom"),
                )
                .map(
                    (e) =>
                        `${String(e.name)} from valueFrom, whose value this policy cannot read, so it may be off; remove the variable`,
                );
            return [...offSwitches(env.map((e) => [String(e.name), e.value])), ...indirect].map(
                (f) => `container ${String(c.name)}: ${f}`,
            );
        });
    }
    if (pkg === "kubernetes" && kind === "ConfigMap") return offSwitches(Object.entries(objectOf(props.data) ?? {}));
    if (type === "aws:lambda/function:Function")
        return offSwitches(Object.entries(objectOf(objectOf(props.environment)?.variables) ?? {}));
    return [];
}

export const noAuthDisablingEnv: ResourceValidationPolicy = {
    name: "no-auth-disabling-env",
    description: `No workload, ConfigMap or Lambda sets ${AUTH_SWITCHES.join(" or ")} to a false-y value.`,
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Remove the variable: production binaries enforce auth regardless (build tags); mock auth belongs in dev builds only.",
    validateResource: (args, report) => {
        for (const f of findings(args.type, args.props as Props)) {
            report(f);
        }
    },
};
