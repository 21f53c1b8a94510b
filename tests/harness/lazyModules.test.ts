/**
 * The stand-ins jest gives for modules most test files load and never use (tests/setup/lazyModules.js): @pulumi/pulumi's
 * TypeScript, Arborist and Automation API, and the namespaces of @pulumi/aws, @pulumi/awsx and @pulumi/kubernetes.
 * Importing loads none of them; each loads, and answers as the module itself, once used.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { useReadOnlyInspector } from "../../harness/pulumiInternals";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazyClass, lazyObject } = require("../setup/lazyModules.js") as {
    lazyObject<T extends object>(load: () => T, options?: { esModule?: boolean }): T;
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
        // As in a program run (harness/pulumiInternals.ts), without turning the debugger on.
        useReadOnlyInspector();
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

describe("the SDK indexes under jest", () => {
    /** What the real index exports, loaded by its path (the mapper sends only the package's name to the stand-in). */
    const realIndex = (pkg: string): Record<string, unknown> =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "index.js"));
    const ofNamespace = (pkg: string, ns: string) => loaded(`${pkg}/${ns}`);

    it.each([
        ["@pulumi/aws", "ec2", "s3", ["getCallerIdentityOutput", "Provider"]],
        ["@pulumi/awsx", "ec2", "classic", ["Provider"]],
        ["@pulumi/kubernetes", "core", "apps", ["Provider"]],
    ])(
        "%s loads a namespace when read (%s, not %s), and every export is the real index's",
        (pkg, used, unused, tops) => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const standIn = require(pkg) as Record<string, unknown>;
            expect(standIn.__esModule).toBe(true);
            expect(ofNamespace(pkg, used)).toEqual([]);
            expect(standIn[used]).toBeDefined();
            expect(ofNamespace(pkg, used).length).toBeGreaterThan(0);
            for (const name of tops) expect(typeof standIn[name]).toBe("function");
            expect(ofNamespace(pkg, unused)).toEqual([]);
            expect(loaded(pkg)).not.toContainEqual(expect.stringMatching(new RegExp(`${pkg}/index\\.js$`)));

            const real = realIndex(pkg);
            const keys = Object.keys(real);
            expect(keys).toEqual(expect.arrayContaining([used, unused, ...tops]));
            expect(keys.filter((k) => standIn[k] !== real[k])).toEqual([]);
            expect(Object.keys(standIn)).toEqual(keys);
        },
    );

    it("answers a spied export with the spy, and every read after from the whole index", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const standIn = require("@pulumi/aws") as { getRegionOutput: () => unknown };
        const spy = jest.spyOn(standIn, "getRegionOutput").mockReturnValue("spied");
        try {
            expect(standIn.getRegionOutput()).toBe("spied");
        } finally {
            spy.mockRestore();
        }
        expect(standIn.getRegionOutput).toBe(realIndex("@pulumi/aws").getRegionOutput);
    });

    it("stands in for the only copy of each SDK: the packages that require it resolve the root's", () => {
        const root = (pkg: string) => require.resolve(`${pkg}/package.json`);
        for (const [pkg, from] of [
            ["@pulumi/aws", "@pulumi/awsx"],
            ["@pulumi/aws", "@pulumi/eks"],
            ["@pulumi/kubernetes", "@pulumi/eks"],
            ["@pulumi/awsx", "@pulumi/eks"],
        ] as const) {
            const requester = path.dirname(require.resolve(`${from}/package.json`));
            expect([from, require.resolve(`${pkg}/package.json`, { paths: [requester] })]).toEqual([from, root(pkg)]);
        }
    });

    it("@pulumi/pulumi's Automation API loads when first read", () => {
        expect(loaded("@pulumi/pulumi/automation")).toEqual([]);
        expect(typeof pulumi.automation.LocalWorkspace.create).toBe("function");
        expect(loaded("@pulumi/pulumi/automation")).toContainEqual(expect.stringMatching(/automation\/index\.js$/));
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

    it("answer __esModule without loading when told the module is compiled TypeScript", () => {
        const load = jest.fn(() => ({ answer: 42 }));
        const mod = lazyObject(load, { esModule: true }) as { answer: number; __esModule?: boolean };
        expect(mod.__esModule).toBe(true);
        expect(load).not.toHaveBeenCalled();
        expect(mod.answer).toBe(42);
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
