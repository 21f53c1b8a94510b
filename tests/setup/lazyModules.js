// Stand-ins that load a module on first use, for modules most test files load and never touch (jest.config.js
// `moduleNameMapper` sends exactly those requests here): @pulumi/pulumi's TypeScript, Arborist and Automation API, and
// the namespaces of the generated SDKs.
//
// @pulumi/pulumi's closure serializer, which a CallbackFunction runs, requires TypeScript (9 MB, runtime/closure/
// parseFunction.js: `require("../../typescript-shim")`) and npm's Arborist (runtime/closure/codePaths.js:
// `require("@npmcli/arborist")`, about 700 modules with pacote, sigstore and make-fetch-happen) when it loads, and it
// loads with the SDK. jest loads every module again for each test file, so each file paid for both although only the
// few that serialize a function use them. Here the module loads when the serializer first reads a property of it (a
// `ts.` call, `new arborist.Arborist`): the same module, later. tests/harness/lazyModules.test.ts holds both.
const fs = require("node:fs");
const path = require("node:path");

/**
 * An object that loads `load()` on first access and from then on answers for it: reads, writes, deletes, `in` and key
 * listing go to the module (what Pulumi's closure code does with TypeScript's namespace object). With `esModule`, a
 * read of `__esModule` answers true without loading, as a compiled TypeScript module's would: `__importStar` reads it
 * as soon as the module is required.
 */
function lazyObject(load, { esModule = false } = {}) {
    const traps = forwardTo(load);
    if (!esModule) return new Proxy({}, traps);
    return new Proxy({}, { ...traps, get: (target, key) => (key === "__esModule" ? true : traps.get(target, key)) });
}

/** Proxy traps that answer every operation from `load()`, loaded on first use. */
function forwardTo(load) {
    let real;
    const target = () => (real ??= load());
    return {
        get: (_, key) => Reflect.get(target(), key),
        set: (_, key, value) => Reflect.set(target(), key, value),
        defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
        deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
        has: (_, key) => Reflect.has(target(), key),
        ownKeys: () => Reflect.ownKeys(target()),
        getOwnPropertyDescriptor: (_, key) => {
            const d = Reflect.getOwnPropertyDescriptor(target(), key);
            return d && { ...d, configurable: true };
        },
    };
}

/**
 * The exports of a generated Pulumi SDK's index (@pulumi/aws, @pulumi/awsx, @pulumi/kubernetes), each loaded when first
 * read. The index requires every namespace (`const ec2 = __importStar(require("./ec2")); exports.ec2 = ec2;`, 237 of
 * them in @pulumi/aws), and jest runs all of them again in every test file that imports the package: about 0.2 s of
 * CPU per file, though a program uses a dozen. Here a read goes to the module the index takes that export from:
 * - a namespace (a directory of the package with an index.js): `aws.ec2` is ./ec2;
 * - a function or class the index lazy-loads (`utilities.lazyLoad(exports, ["getRegion", ...], () => require(...))`)
 *   or re-exports (`__exportStar(require("./provider"), exports)`): `aws.getRegionOutput` is ./getRegion's;
 * - anything else (key listing, a name none of those has) loads the whole index and answers from it, and so does every
 *   read after a write (a spy).
 * `__esModule` answers true, as the index's does. tests/harness/lazyModules.test.ts checks every export of the three
 * indexes against the real one. Not run: what the index does besides exporting, its `registerResourcePackage` (which
 * the SDK reads only to rebuild a provider from a resource reference an engine sends back; the mock cloud sends none)
 * and the `registerResourceModule` of a namespace no one reads (no resource of it exists to be referenced).
 */
function lazyNamespaces(pkg) {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    const index = path.join(dir, "index.js");
    const source = fs.readFileSync(index, "utf8");
    const namespaces = new Set(
        fs
            .readdirSync(dir, { withFileTypes: true })
            .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "index.js")))
            .map((d) => d.name),
    );
    const lazyLoaded = new Map();
    for (const [, names, request] of source.matchAll(
        /lazyLoad\(exports, \[([^\]]*)\], \(\) => require\("([^"]+)"\)\)/g,
    ))
        for (const name of JSON.parse(`[${names}]`)) lazyLoaded.set(name, request);
    const reexported = [...source.matchAll(/__exportStar\(require\("([^"]+)"\), exports\)/g)].map((m) => m[1]);
    const load = (request) => require(path.join(dir, request));
    // The target is a plain object: a Proxy checks its answers against its target's own properties, and a lazy target
    // would load to answer that check.
    const whole = forwardTo(() => require(index));
    // Once anything writes to the exports (a test's jest.spyOn or replaceProperty), every read is the whole index's, so
    // a read sees the write.
    let written = false;
    const writing =
        (trap) =>
        (...args) => {
            written = true;
            return trap(...args);
        };
    return new Proxy(
        {},
        {
            ...whole,
            set: writing(whole.set),
            defineProperty: writing(whole.defineProperty),
            deleteProperty: writing(whole.deleteProperty),
            get: (target, key) => {
                if (key === "__esModule") return true;
                if (written || typeof key !== "string") return whole.get(target, key);
                if (namespaces.has(key)) return load(key);
                if (lazyLoaded.has(key)) return load(lazyLoaded.get(key))[key];
                const from = reexported.map(load).find((mod) => Object.prototype.hasOwnProperty.call(mod, key));
                return from ? from[key] : whole.get(target, key);
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

module.exports = { lazyObject, lazyClass, lazyNamespaces, fromPulumi, PULUMI_DIR };
