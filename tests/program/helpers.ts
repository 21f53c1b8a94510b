/** Small queries over a recorded resource graph, shared by the program tests. */
import { RecordedResource, isSecretEnvelope } from "../../tools/graph";

export const ofType = (resources: RecordedResource[], type: string) => resources.filter((r) => r.type === type);

export function one(resources: RecordedResource[], type: string, where: (r: RecordedResource) => boolean = () => true): RecordedResource {
    const found = ofType(resources, type).filter(where);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
    return found[0];
}

/** The unwrapped value of a possibly secret input. */
export const reveal = (v: unknown): unknown => (isSecretEnvelope(v) ? v.value : v);

/** The URN of the provider a resource was registered with (`<urn>::<id>` → `<urn>`). */
export const providerUrn = (r: RecordedResource) => r.provider?.split("::").slice(0, -1).join("::");

/** Custom resources of a package that the program created (reads excluded). */
export const createdOf = (resources: RecordedResource[], pkg: string) =>
    resources.filter((r) => r.custom && !r.read && r.type.startsWith(`${pkg}:`) && !r.type.startsWith("pulumi:providers:"));

/** Resources whose URN places them under a component of the given type token. */
export const under = (componentType: string) => (r: RecordedResource) => r.urn.includes(`${componentType}$`);
