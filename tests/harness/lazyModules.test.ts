/**
 * The stand-ins jest gives @pulumi/pulumi for TypeScript and npm's Arborist (tests/setup/lazyModules.js): importing the
 * SDK loads neither, and each loads, and answers as the module itself, once the closure serializer uses it.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazyClass, lazyObject } = require("../setup/lazyModules.js") as {
    lazyObject<T extends object>(load: () => T): T;
    lazyClass<T>(load: () => T): T;
};

const ROOT = path.join(__dirname, "..", "..");
/** The modules this file's registry has loaded that belong to `pkg` (jest's require.cache is its module registry). */
const loaded = (pkg: string) => Object.keys(require.cache).filter((k) => k.includes(`/node_modules/${pkg}/`));

describe("@pulumi/pulumi under jest", () => {
    it("loads neither TypeScript nor Arborist with the SDK, only their stand-ins", () => {
        expect(typeof pulumi.runtime.serializeFunction).toBe("function");
        expect(loaded("typescript")).toEqual([]);
        expect(loaded("@npmcli/arborist")).toEqual([]);
        const standIns = Object.keys(require.cache).filter((k) => k.startsWith(path.join(ROOT, "tests", "setup")));
        expect(standIns.map((k) => path.basename(k)).sort()).toEqual(
            expect.arrayContaining(["lazyArborist.js", "lazyTypescript.js"]),
        );
    });

    it("serializes a function (TypeScript's parser) and lists the code paths (Arborist), loading each then", async () => {
        const serialized = await pulumi.runtime.serializeFunction(() => 6 * 7, { isFactoryFunction: false });
        expect(serialized.text).toContain("6 * 7");
        expect(loaded("typescript")).toEqual([expect.stringMatching(/typescript\/lib\/typescript\.js$/)]);

        // What a CallbackFunction packs: this project's production dependencies, found by Arborist from package.json.
        const paths = await pulumi.runtime.computeCodePaths({});
        expect([...paths.keys()]).toEqual(expect.arrayContaining(["node_modules/@aws-sdk/client-ec2"]));
        expect(loaded("@npmcli/arborist")).toEqual(
            expect.arrayContaining([expect.stringMatching(/@npmcli\/arborist\/lib\/index\.js$/)]),
        );
    });
});

describe("the stand-ins", () => {
    class Real {
        static kind = "real";
        constructor(readonly arg: number) {}
    }

    it("load nothing until used, then once, and answer as the module", () => {
        const load = jest.fn(() => ({ answer: 42, Real }));
        const mod = lazyObject(load);
        expect(load).not.toHaveBeenCalled();
        expect(mod.answer).toBe(42);
        expect("Real" in mod).toBe(true);
        expect(Object.keys(mod)).toEqual(["answer", "Real"]);
        expect({ ...mod }).toEqual({ answer: 42, Real });
        mod.answer = 43;
        expect(mod.answer).toBe(43);
        expect(load).toHaveBeenCalledTimes(1);
    });

    it("construct the real class (instanceof holds) and read its statics", () => {
        const load = jest.fn(() => Real);
        const Lazy = lazyClass(load);
        expect(load).not.toHaveBeenCalled();
        const made = new Lazy(7);
        expect(made).toBeInstanceOf(Real);
        expect(made.arg).toBe(7);
        expect(Lazy.kind).toBe("real");
        class Sub extends Lazy {}
        const sub = new Sub(8);
        expect(sub).toBeInstanceOf(Sub);
        expect(sub).toBeInstanceOf(Real);
        expect(sub.arg).toBe(8);
    });
});
