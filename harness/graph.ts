/**
 * Pulumi's secret envelope, as a secret crosses the RPC boundary (runtime/rpc.ts specialSigKey / specialSecretSig).
 * Declared here, where nothing loads the SDK (the plan's printer reads secrets without it); checkInternals
 * (harness/pulumiInternals.ts) fails by name if the SDK's values ever differ.
 */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d" as const;
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270" as const;

/**
 * The resource graph the offline plan records: one entry per resource the program registers
 * (or reads, for StackReferences), exactly as the engine would hand it to a policy pack.
 */
export interface RecordedResource {
    /** The URN the mock monitor assigned, e.g. `urn:pulumi:demo::osprey-strike::osprey:edge:Edge$cloudflare:index/dnsRecord:DnsRecord::demo-web`. */
    urn: string;
    /** The type token, e.g. `aws:ec2/securityGroup:SecurityGroup`. */
    type: string;
    /** The logical name given to the resource constructor. */
    name: string;
    /** URN of the parent resource, or undefined for the root stack resource. */
    parent?: string;
    /** Inputs as registered. Secret values arrive wrapped in Pulumi's secret envelope (see `isSecretEnvelope`). */
    inputs: Record<string, unknown>;
    /** `true` for custom (provider) resources, `false` for component resources. */
    custom: boolean;
    /** Provider reference `<providerUrn>::<providerId>` when an explicit provider was used. */
    provider?: string;
    /** For components (remote ones above all): package name to provider reference, which children inherit. */
    providers?: Record<string, string>;
    /** `true` for a remote (multi-language) component, which the mock sees as one resource with only its inputs. */
    remote?: boolean;
    /** URNs this resource depends on explicitly (the `dependsOn` option, and the parent's for a read). */
    dependencies: string[];
    /** Per input property, the URNs it depends on. */
    propertyDependencies: Record<string, string[]>;
    /** Input properties whose changes the engine ignores (`ignoreChanges` resource option). */
    ignoreChanges?: string[];
    /** `true` when this entry came from a read (e.g. `pulumi:pulumi:StackReference`), not a registration. */
    read?: boolean;
    /** `true` with the `protect` option: the engine refuses to delete or replace it (`pulumi destroy` stops before it). */
    protect?: boolean;
    /**
     * `true` for a child of a remote component that the mock never saw registered: harness/models/remoteChildren.ts
     * derived it from the component's recorded inputs (what the pinned @pulumi/eks or @pulumi/awsx creates inside it,
     * which a real preview reports with the component as parent). Judged and priced like any resource.
     */
    modelled?: boolean;
}

/**
 * Pulumi's unknown (a value not known during preview): the SDK's one `Unknown` instance, branded with this member
 * (output.ts `Unknown.isInstance`: `utils.isInstance(obj, "__pulumiUnknown")`, a member that is `true`). Declared here
 * for the same reason as the secret envelope: the policy runner reads graphs without loading the SDK.
 */
export const UNKNOWN_BRAND = "__pulumiUnknown" as const;

/** Whether a value is the SDK's unknown; checkInternals holds this to the SDK's own isUnknown. */
export function isUnknown(v: unknown): boolean {
    return v !== null && v !== undefined && (v as Record<string, unknown>)[UNKNOWN_BRAND] === true;
}

export function isSecretEnvelope(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_SIG_VALUE;
}

/** The value with every secret envelope removed, at any depth (what a policy sees as props). */
export function unwrapSecrets(v: unknown): unknown {
    if (isSecretEnvelope(v)) return unwrapSecrets(v.value);
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (typeof v === "object" && v !== null)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    return v;
}

/** How an asset or archive input is recorded: plain data, so the graph serializes and tests can read code. */
export type RecordedAsset =
    | { __asset: "text"; text: string }
    | { __asset: "file" | "remote"; path: string }
    | { __archive: Record<string, RecordedAsset | RecordedArchive> }
    | RecordedArchive;
export type RecordedArchive =
    { __archive: "file" | "remote"; path: string } | { __archive: Record<string, RecordedAsset | RecordedArchive> };

export function isRecordedArchive(v: unknown): v is { __archive: Record<string, unknown> } {
    return typeof v === "object" && v !== null && typeof (v as { __archive?: unknown }).__archive === "object";
}
