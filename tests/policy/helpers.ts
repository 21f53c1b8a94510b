/** Builds recorded resources from a type token and props, and runs one policy over them (like compliance-policies' tests). */
import { RecordedResource } from "../../tools/graph";
import { runPolicies, Violation } from "../../tools/policyRunner";
import { policies } from "../../policy/policies";

let n = 0;
export interface Spec {
    type: string;
    props: Record<string, unknown>;
    name?: string;
    parent?: string;
    provider?: string;
    propertyDependencies?: Record<string, string[]>;
}

const STACK = "urn:pulumi:main::osprey-strike::pulumi:pulumi:Stack::osprey-strike-main";

export function res(spec: Spec): RecordedResource {
    const name = spec.name ?? `r${++n}`;
    const chain = spec.parent ? `${spec.parent.split("::")[2]}$${spec.type}` : `pulumi:pulumi:Stack$${spec.type}`;
    return {
        urn: `urn:pulumi:main::osprey-strike::${chain}::${name}`,
        type: spec.type,
        name,
        parent: spec.parent ?? STACK,
        inputs: spec.props,
        custom: !spec.type.startsWith("osprey:"),
        provider: spec.provider,
        dependencies: Object.values(spec.propertyDependencies ?? {}).flat(),
        propertyDependencies: spec.propertyDependencies ?? {},
    };
}

/** An explicit aws provider whose default tags name the environment, and the reference resources use. */
export function awsProvider(environment: string): { provider: RecordedResource; ref: string } {
    const provider = res({
        type: "pulumi:providers:aws",
        name: `aws-${environment}`,
        props: { region: "us-east-1", defaultTags: JSON.stringify({ tags: { project: "osprey-strike", environment, stack: environment } }) },
    });
    return { provider, ref: `${provider.urn}::provider-id` };
}

export async function violationsOf(policyName: string, resources: RecordedResource[], config?: Record<string, unknown>): Promise<Violation[]> {
    const policy = policies.find((p) => p.name === policyName);
    if (!policy) throw new Error(`no policy ${policyName}`);
    return runPolicies(resources, { policies: [policy], config: config ? { [policyName]: config } : undefined });
}
