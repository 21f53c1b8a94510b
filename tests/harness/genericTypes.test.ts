/**
 * A resource type the mock has neither a table entry nor a model for is accepted, echoed, and listed by the run as
 * modelled generically (what the plan prints); a type in the table is not listed; local components never are.
 */
import * as pulumi from "@pulumi/pulumi";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";

/** A custom resource of any type token (CustomResource itself is abstract). */
class Raw extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(type, name, props, opts);
    }
}

let run: ProgramRun;
beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "generic",
        program: () => {
            const parent = new pulumi.ComponentResource("osprey:test:Local", "local");
            const unknown = new Raw("test:index:Unknown", "u", { size: 3 }, { parent });
            new Raw("aws:iam/role:Role", "r", { description: unknown.id }, { parent });
            return { echoed: (unknown as unknown as { size: pulumi.Output<number> }).size };
        },
    });
});

it("lists only the unknown custom type as modelled generically", () => {
    expect(run.mock).toEqual({ generic: ["test:index:Unknown"] });
});

it("echoes the unknown type's inputs back as its outputs", () => {
    expect(run.outputs.outputs.echoed).toBe(3);
});
