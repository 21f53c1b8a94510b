// Stand-ins that load a module on first use, for the two modules @pulumi/pulumi loads with every import and most test
// files never touch (jest.config.js `moduleNameMapper` sends exactly those requests here).
//
// @pulumi/pulumi's closure serializer, which a CallbackFunction runs, requires TypeScript (9 MB, runtime/closure/
// parseFunction.js: `require("../../typescript-shim")`) and npm's Arborist (runtime/closure/codePaths.js:
// `require("@npmcli/arborist")`, about 700 modules with pacote, sigstore and make-fetch-happen) when it loads, and it
// loads with the SDK. jest loads every module again for each test file, so each file paid for both although only the
// few that serialize a function use them. Here the module loads when the serializer first reads a property of it (a
// `ts.` call, `new arborist.Arborist`): the same module, later. tests/harness/lazyModules.test.ts holds both.
const path = require("node:path");

/**
 * An object that loads `load()` on first access and from then on answers for it: reads, writes, deletes, `in` and key
 * listing go to the module (what Pulumi's closure code does with TypeScript's namespace object).
 */
function lazyObject(load) {
    let real;
    const target = () => (real ??= load());
    return new Proxy(
        {},
        {
            get: (_, key) => Reflect.get(target(), key),
            set: (_, key, value) => Reflect.set(target(), key, value),
            deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
            has: (_, key) => Reflect.has(target(), key),
            ownKeys: () => Reflect.ownKeys(target()),
            getOwnPropertyDescriptor: (_, key) => {
                const d = Reflect.getOwnPropertyDescriptor(target(), key);
                return d && { ...d, configurable: true };
            },
        },
    );
}

/**
 * A class that loads on first `new` (a subclass's `new` included), call or property read (a static). Only those: a
 * Proxy over a stand-in function cannot report the real class's own `prototype`, which is all @npmcli/arborist's
 * users in @pulumi/pulumi need (`new arborist.Arborist(...)`).
 */
function lazyClass(load) {
    return new Proxy(function lazy() {}, {
        construct: (_, args, newTarget) => Reflect.construct(load(), args, newTarget),
        apply: (_, self, args) => Reflect.apply(load(), self, args),
        get: (_, key) => Reflect.get(load(), key),
    });
}

/** @pulumi/pulumi's own directory: the requests these stand in for are its requests, resolved from there. */
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** The module a request names, resolved from @pulumi/pulumi. */
const fromPulumi = (request) => require.resolve(request, { paths: [PULUMI_DIR] });

module.exports = { lazyObject, lazyClass, fromPulumi, PULUMI_DIR };
