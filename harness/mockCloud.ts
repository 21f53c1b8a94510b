/**
 * The one mock cloud that both the tests and the offline plan run the program on. It echoes by default (after the
 * eks and awsx tests):
 *
 * - `newResource` returns `{ id, state: { ...inputs, id, arn, ...computed } }`. IDs, ARNs and auto-generated
 *   names come from the table in mockIds.ts (data, by type token); the few computed outputs the program reads that a
 *   template cannot express come from models/ (computed.ts for custom resources, remote.ts for remote components,
 *   which arrive as ONE resource with only their inputs). Nothing here re-checks provider rules: the rules live with
 *   their owners (config/, the components' argument checks, policy/).
 * - What a remote component creates inside it, the mock never sees; after the run, runOnMockCloud appends those
 *   children as models/remoteChildren.ts derives them from the component's recorded inputs (`modelled: true`), using
 *   `identify` for the IDs and ARNs they name.
 * - A resource type with no table entry and no model is accepted (echoed, with a plain hex ID): the program's graph
 *   is what the tests and policies judge, and an unknown type has nothing the mock could compute anyway. It is not
 *   silent: `knows(type)` is false, and the plan lists such types under "Modelled generically by the mock".
 * - A function call (invoke) with no model throws `Mock not implemented: <token>`: its result cannot be echoed.
 * - `pulumi:pulumi:StackReference` reads resolve from the outputs of a recorded run of another stack.
 *
 * Per-run state lives on the instance (nothing at module level): one MockCloud per program run.
 */
import * as crypto from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { MOCK_IDS, MockIdSpec } from "./mockIds";
import { computedModels } from "./models/computed";
import { remoteModels } from "./models/remote";
import { functionModels } from "./models/calls";

export const MOCK_ACCOUNT_ID = "123456789012"; // AWS documentation's example account ID

export interface StackOutputs {
    outputs: Record<string, unknown>;
    secretOutputNames: string[];
}

export interface MockContext {
    region: string;
    accountId: string;
    stack: string;
    /** Deterministic hex of the given length, derived from the run's stack and the seed (stable across runs, distinct per resource). */
    hex(seed: string, length: number): string;
    cloudflareRanges: { ipv4: string[]; ipv6: string[] };
    /** What exists outside Pulumi's state (MockCloudOptions.outOfBand); undefined: whatever the program looks up exists. */
    outOfBand?: OutOfBand;
}

/**
 * Objects no `pulumi up` creates but the program looks up: the ALBs the AWS Load Balancer Controller made, by ingress
 * group. The first-deploy rehearsal (harness/rehearsal.ts) says which exist at each pass; a plain run leaves it unset.
 */
export interface OutOfBand {
    loadBalancers: string[];
}

/** What the mock already derived for a resource: its physical ID, ARN (if any) and name. */
export interface Derived {
    id: string;
    arn?: string;
    name: string;
}

/** Computed outputs of one resource type, beyond the echoed inputs, id and ARN. */
export type ComputedModel = (
    args: pulumi.runtime.MockResourceArgs,
    ctx: MockContext,
    derived: Derived,
) => Record<string, unknown>;
export type FunctionModel = (inputs: Record<string, unknown>, ctx: MockContext) => Record<string, unknown>;

export interface MockCloudOptions {
    stack: string;
    region: string;
    cloudflareRanges: { ipv4: string[]; ipv6: string[] };
    /**
     * Outputs of other stacks by fully qualified name, for StackReferences; or a function that produces them on
     * first use (the runner runs the other stack in a child process).
     */
    stackOutputs?: Record<string, StackOutputs> | ((name: string) => StackOutputs | undefined);
    outOfBand?: OutOfBand;
}

export class NotImplementedError extends Error {
    constructor(token: string) {
        super(`Mock not implemented: ${token} (add a model for it in harness/models/calls.ts)`);
    }
}

/** Types the mock handles itself, whatever the table says. */
const BUILT_IN = ["pulumi:pulumi:Stack", "pulumi:pulumi:StackReference"];

const getPath = (o: unknown, path: string): unknown =>
    path
        .split(".")
        .reduce<unknown>(
            (v, k) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined),
            o,
        );

export class MockCloud implements pulumi.runtime.Mocks {
    readonly ctx: MockContext;
    /** StackReference outputs resolved so far in this run (from the options, or produced on first use). */
    private readonly stackOutputs = new Map<string, StackOutputs>();

    constructor(private readonly options: MockCloudOptions) {
        this.ctx = {
            region: options.region,
            accountId: MOCK_ACCOUNT_ID,
            stack: options.stack,
            cloudflareRanges: options.cloudflareRanges,
            ...(options.outOfBand ? { outOfBand: options.outOfBand } : {}),
            hex: (seed, length) => {
                let out = "";
                for (let i = 0; out.length < length; i++)
                    out += crypto
                        .createHash("sha256")
                        .update(`${options.stack}/${seed}${i ? `#${i}` : ""}`)
                        .digest("hex");
                return out.slice(0, length);
            },
        };
        if (typeof options.stackOutputs === "object")
            for (const [k, v] of Object.entries(options.stackOutputs)) this.stackOutputs.set(k, v);
    }

    /** Whether the mock has a table entry or a model for this type (false: echoed generically). */
    knows(type: string): boolean {
        return (
            BUILT_IN.includes(type) ||
            type.startsWith("pulumi:providers:") ||
            type in MOCK_IDS ||
            type in computedModels ||
            type in remoteModels
        );
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        if (args.type === "pulumi:pulumi:StackReference") return this.stackReference(args);
        if (args.type.startsWith("pulumi:providers:")) return { id: `${args.name}-provider-id`, state: args.inputs };
        if (args.type === "pulumi:pulumi:Stack") return { id: undefined, state: {} };
        if (args.custom === false) {
            // Components: our own (local) ones register no inputs, so this is {}; remote ones get their model's outputs.
            const model = remoteModels[args.type];
            const derived = { id: "", name: args.name };
            return { id: undefined, state: { ...args.inputs, ...model?.(args, this.ctx, derived) } };
        }
        const spec: MockIdSpec = MOCK_IDS[args.type] ?? {};
        const derived = this.derive(args, spec);
        const outputs = Object.fromEntries(
            Object.entries(spec.outputs ?? {}).map(([k, t]) => [k, this.expand(t, args, k, derived)]),
        );
        const state: Record<string, unknown> = {
            ...args.inputs,
            ...(spec.autoName ? { [spec.autoName]: derived.name } : {}),
            id: derived.id,
            ...(derived.arn !== undefined ? { arn: derived.arn } : {}),
            ...outputs,
            ...computedModels[args.type]?.(args, this.ctx, derived),
        };
        return { id: derived.id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const model = functionModels[args.token];
        if (!model) throw new NotImplementedError(args.token);
        return model(args.inputs as Record<string, unknown>, this.ctx);
    }

    /**
     * The physical ID, ARN and name this mock gives a custom resource of `type`, `name` and `inputs` (deterministic: the
     * same answer as its registration got). For the modelled children of remote components (models/remoteChildren.ts),
     * whose inputs name other resources by ARN.
     */
    identify(type: string, name: string, inputs: Record<string, unknown>): Derived {
        return this.derive({ type, name, inputs }, MOCK_IDS[type] ?? {});
    }

    private derive(args: pulumi.runtime.MockResourceArgs, spec: MockIdSpec): Derived {
        const given = spec.autoName ? args.inputs[spec.autoName] : args.inputs.name;
        const name =
            typeof given === "string"
                ? given
                : spec.autoName
                  ? `${args.name}-${this.ctx.hex(`${args.type}/${args.name}/name`, 7)}`
                  : args.name;
        const partial: Derived = { id: "", name };
        const idTemplate = spec.id ?? `${spec.idPrefix ?? ""}{hex:17}`;
        if (idTemplate.includes("{arn}")) {
            partial.arn = spec.arn && this.expand(spec.arn, args, "arn", partial);
            partial.id = this.expand(idTemplate, args, "id", partial);
        } else {
            partial.id = this.expand(idTemplate, args, "id", partial);
            partial.arn = spec.arn && this.expand(spec.arn, args, "arn", partial);
        }
        return partial;
    }

    /** Expands a mockIds.ts template (see there for the placeholders). */
    private expand(template: string, args: pulumi.runtime.MockResourceArgs, field: string, d: Derived): string {
        let n = 0;
        // The ID's first hex is seeded by type and name alone; every other placeholder also by field and position.
        const seed = () =>
            field === "id" && n++ === 0 ? `${args.type}/${args.name}` : `${args.type}/${args.name}/${field}/${n++}`;
        return template.replace(/\{(\w+)(?::([^}]+))?\}/g, (whole, key: string, arg?: string) => {
            switch (key) {
                case "region":
                    return this.ctx.region;
                case "account":
                    return this.ctx.accountId;
                case "name":
                    return d.name;
                case "id":
                    return d.id;
                case "arn":
                    return d.arn ?? "";
                case "hex":
                    return this.ctx.hex(seed(), Number(arg ?? 17));
                case "HEX":
                    return this.ctx.hex(seed(), Number(arg ?? 17)).toUpperCase();
                case "uuid": {
                    const h = this.ctx.hex(seed(), 32);
                    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
                }
                case "input":
                case "host": {
                    const v = getPath(args.inputs, arg ?? "");
                    const s = v === undefined ? args.name : String(v);
                    return key === "host" ? s.replace(/^https?:\/\//, "") : s;
                }
                default:
                    throw new Error(`mockIds.ts: unknown placeholder ${whole} for ${args.type}`);
            }
        });
    }

    private stackReference(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const name = String(args.inputs.name ?? args.name);
        let ref = this.stackOutputs.get(name);
        if (!ref && typeof this.options.stackOutputs === "function") {
            ref = this.options.stackOutputs(name);
            if (ref) this.stackOutputs.set(name, ref);
        }
        if (!ref) {
            const known = [...this.stackOutputs.keys()];
            throw new Error(
                `StackReference ${name}: no recorded run of that stack (known: ${known.join(", ") || "none"})`,
            );
        }
        return { id: name, state: { name, outputs: ref.outputs, secretOutputNames: ref.secretOutputNames } };
    }
}
