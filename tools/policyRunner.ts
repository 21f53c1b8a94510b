/**
 * Runs the CrossGuard policies (policy/policies.ts) over a recorded resource graph the way the engine hands
 * resources to a policy pack during `pulumi preview --policy-pack policy`: props with secrets unwrapped,
 * the explicit provider resolved, parents and dependencies resolved for stack policies, config defaults
 * taken from each policy's configSchema. Used by the offline plan and by the policy tests.
 */
import type { EnforcementLevel, Policy, PolicyProviderResource, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies as defaultPolicies } from "../policy/policies";
import { RecordedResource, unwrapSecrets } from "./graph";

export interface Violation {
    policy: string;
    level: EnforcementLevel;
    urn: string;
    message: string;
}

export interface RunPoliciesOptions {
    /** Per policy name: config values (and `enforcementLevel`) overriding the configSchema defaults. */
    config?: Record<string, Record<string, unknown>>;
    policies?: (ResourceValidationPolicy | StackValidationPolicy)[];
}

class NotApplicable extends Error {}


function configOf(policy: Policy, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const defaults = Object.fromEntries(
        Object.entries(policy.configSchema?.properties ?? {}).map(([k, schema]) => [k, (schema as { default?: unknown }).default]),
    );
    return { ...defaults, ...overrides };
}

const typeHelpers = (type: string) => ({
    isType: (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === type,
    asType: (cls: unknown, props: unknown) => ((cls as { __pulumiType?: string }).__pulumiType === type ? props : undefined),
    notApplicable: (reason?: string): never => {
        throw new NotApplicable(reason);
    },
});

/** Builds the PolicyResource view of every analyzed resource (reads such as StackReferences are not analyzed). */
export function policyResources(recorded: RecordedResource[]): PolicyResource[] {
    const analyzed = recorded.filter((r) => !r.read);
    const byUrn = new Map<string, PolicyResource>();
    const providerOf = (ref?: string): PolicyProviderResource | undefined => {
        const urn = ref?.split("::").slice(0, -1).join("::");
        const p = recorded.find((r) => r.urn === urn);
        return p && { type: p.type, props: unwrapSecrets(p.inputs) as Record<string, unknown>, urn: p.urn, name: p.name };
    };
    for (const r of analyzed) {
        byUrn.set(r.urn, {
            type: r.type,
            props: unwrapSecrets(r.inputs) as Record<string, unknown>,
            urn: r.urn,
            name: r.name,
            opts: { protect: false, ignoreChanges: r.ignoreChanges ?? [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], parent: r.parent },
            provider: providerOf(r.provider),
            dependencies: [],
            propertyDependencies: {},
            ...typeHelpers(r.type),
        } as unknown as PolicyResource);
    }
    for (const r of analyzed) {
        const pr = byUrn.get(r.urn) as { parent?: PolicyResource; dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
        pr.parent = r.parent ? byUrn.get(r.parent) : undefined;
        pr.dependencies = r.dependencies.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) {
            pr.propertyDependencies[k] = urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
        }
    }
    return [...byUrn.values()];
}

export async function runPolicies(recorded: RecordedResource[], options: RunPoliciesOptions = {}): Promise<Violation[]> {
    const resources = policyResources(recorded);
    const violations: Violation[] = [];
    for (const policy of options.policies ?? defaultPolicies) {
        const overrides = options.config?.[policy.name] ?? {};
        const level = (overrides.enforcementLevel as EnforcementLevel | undefined) ?? policy.enforcementLevel ?? "advisory";
        if (level === "disabled") continue;
        const config = configOf(policy, overrides);
        const stackTags = new Map<string, string>();
        try {
            if ("validateStack" in policy) {
                await policy.validateStack(
                    { resources, stackTags, getConfig: () => config, notApplicable: typeHelpers("").notApplicable } as never,
                    (message, urn) => violations.push({ policy: policy.name, level, urn: urn ?? "", message }),
                );
                continue;
            }
            const validations = [policy.validateResource ?? []].flat();
            for (const r of resources) {
                for (const validate of validations) {
                    try {
                        await validate(
                            { ...r, stackTags, getConfig: () => config } as never,
                            (message, urn) => violations.push({ policy: policy.name, level, urn: urn ?? r.urn, message }),
                        );
                    } catch (e) {
                        if (!(e instanceof NotApplicable)) throw e;
                    }
                }
            }
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw new Error(`policy ${policy.name} crashed: ${(e as Error).stack ?? String(e)}`);
        }
    }
    return violations;
}
