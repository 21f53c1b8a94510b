/**
 * The one mock cloud that both the tests and the offline plan run the program on.
 *
 * - Every resource type and every provider function the program uses has a model here that returns
 *   outputs in the provider's real shape (IDs with the right prefixes, ARNs in the right format).
 *   Anything else throws `not implemented: <token>`, so a new resource type cannot slip through
 *   with made-up outputs.
 * - Remote components (awsx:ec2:Vpc, eks:index:Cluster, ...) arrive as ONE resource with their inputs;
 *   their models compute the outputs the real component would (subnets per AZ, kubeconfig, OIDC issuer).
 * - `pulumi:pulumi:StackReference` reads resolve from the outputs of a recorded run of another stack.
 */
import * as crypto from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { cloudflareComponentModels, cloudflareResourceModels } from "./mockModels/cloudflare";
import { clusterComponentModels, clusterResourceModels } from "./mockModels/cluster";
import { dataComponentModels, dataResourceModels } from "./mockModels/data";
import { remoteComponentModels } from "./mockModels/components";
import { functionModels } from "./mockModels/functions";
import { customResourceModels } from "./mockModels/resources";

/** Every model by token; a token defined twice is a bug in the models, caught at load. */
function merge(...maps: Record<string, ResourceModel>[]): Record<string, ResourceModel> {
    const out: Record<string, ResourceModel> = {};
    for (const m of maps) {
        for (const [token, model] of Object.entries(m)) {
            if (out[token]) throw new Error(`mock model for ${token} is defined twice`);
            out[token] = model;
        }
    }
    return out;
}
const RESOURCES = merge(customResourceModels, cloudflareResourceModels, clusterResourceModels, dataResourceModels);
const COMPONENTS = merge(remoteComponentModels, cloudflareComponentModels, clusterComponentModels, dataComponentModels);

export const MOCK_ACCOUNT_ID = "123456789012"; // AWS documentation's example account ID

export interface StackOutputs {
    outputs: Record<string, unknown>;
    secretOutputNames: string[];
}

export interface MockContext {
    region: string;
    accountId: string;
    stack: string;
    /** Deterministic hex of the given length, derived from the seed (stable across runs, distinct per resource). */
    hex(seed: string, length: number): string;
    cloudflareRanges: { ipv4: string[]; ipv6: string[] };
}

export type ResourceModel = (args: pulumi.runtime.MockResourceArgs, ctx: MockContext) => pulumi.runtime.MockResourceResult;
export type FunctionModel = (inputs: Record<string, unknown>, ctx: MockContext) => Record<string, unknown>;

export interface MockCloudOptions {
    stack: string;
    region: string;
    cloudflareRanges: { ipv4: string[]; ipv6: string[] };
    /** Outputs of other stacks by fully qualified name, for StackReferences. */
    stackOutputs?: Record<string, StackOutputs>;
}

export class NotImplementedError extends Error {
    constructor(token: string) {
        super(`not implemented: ${token} (add a model for it in tools/mockModels/)`);
    }
}

export class MockCloud implements pulumi.runtime.Mocks {
    readonly ctx: MockContext;

    constructor(private readonly options: MockCloudOptions) {
        this.ctx = {
            region: options.region,
            accountId: MOCK_ACCOUNT_ID,
            stack: options.stack,
            cloudflareRanges: options.cloudflareRanges,
            hex: (seed, length) => crypto.createHash("sha256").update(`${options.stack}/${seed}`).digest("hex").slice(0, length),
        };
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        if (args.type === "pulumi:pulumi:StackReference") return this.stackReference(args);
        if (args.type.startsWith("pulumi:providers:")) return { id: `${args.name}-provider-id`, state: args.inputs };
        if (args.type === "pulumi:pulumi:Stack") return { id: undefined, state: {} };
        if (args.custom === false) {
            const remote = COMPONENTS[args.type];
            if (remote) return remote(args, this.ctx);
            // Our own ComponentResources (osprey:*) hold no state of their own.
            if (args.type.startsWith("osprey:")) return { id: undefined, state: {} };
            throw new NotImplementedError(args.type);
        }
        const model = RESOURCES[args.type];
        if (!model) throw new NotImplementedError(args.type);
        return model(args, this.ctx);
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const model = functionModels[args.token];
        if (!model) throw new NotImplementedError(args.token);
        return model(args.inputs as Record<string, unknown>, this.ctx);
    }

    private stackReference(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const name = String(args.inputs.name ?? args.name);
        const ref = this.options.stackOutputs?.[name];
        if (!ref) {
            const known = Object.keys(this.options.stackOutputs ?? {});
            throw new Error(`StackReference ${name}: no recorded run of that stack (known: ${known.join(", ") || "none"})`);
        }
        return { id: name, state: { name, outputs: ref.outputs, secretOutputNames: ref.secretOutputNames } };
    }
}
