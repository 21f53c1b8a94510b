/** Small queries over a recorded resource graph and the stack config, shared by every test that runs on the mock cloud. */
import { parseConfig, PlainConfig } from "../config/parse";
import { RecordedResource, isSecretEnvelope, unwrapSecrets } from "../harness/graph";
import { rawOf } from "./config/helpers";

/** Resources of a type the program registered (reads such as StackReferences excluded). */
export const ofType = (resources: RecordedResource[], type: string) =>
    resources.filter((r) => r.type === type && !r.read);

export function one(
    resources: RecordedResource[],
    type: string,
    where: (r: RecordedResource) => boolean = () => true,
): RecordedResource {
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
    resources.filter(
        (r) => r.custom && !r.read && r.type.startsWith(`${pkg}:`) && !r.type.startsWith("pulumi:providers:"),
    );

/** Resources whose URN places them under a component of the given type token. */
export const under = (componentType: string) => (r: RecordedResource) => r.urn.includes(`${componentType}$`);

/** The stack file's plain config, as the program reads it. */
export const stackConfig = (stack: "main" | "demo"): PlainConfig => parseConfig(rawOf(stack), stack);

/** The value with every secret envelope removed. */
export const revealDeep = unwrapSecrets;

/** Every string in a value, with secret envelopes left out (what a reader of plain inputs or state would see). */
export function plainStrings(v: unknown, out: string[] = []): string[] {
    if (isSecretEnvelope(v)) return out;
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => plainStrings(x, out));
    else if (v && typeof v === "object") Object.values(v).forEach((x) => plainStrings(x, out));
    return out;
}
