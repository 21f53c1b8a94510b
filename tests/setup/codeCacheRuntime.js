// jest's module runtime (config `runtime`) with a V8 code cache kept for the life of a worker.
//
// jest gives each test file a fresh module registry and vm context and compiles every module it loads again
// (vm.compileFunction, no cache). A file here that loads the Pulumi SDKs also loads TypeScript (which @pulumi/pulumi's
// closure serializer requires), semver, gRPC and more: about 20 MB of JavaScript, half a second of compiling per file
// on these machines (a CPU profile of ten files: 7.3 s of 43 s in internalCompileFunction). V8 reuses compiled code
// across contexts through its code cache: the first file of a worker to load a module produces the cache, every later
// file of that worker hands it back and V8 deserializes instead of parsing (typescript.js: 133 ms to 11 ms).
//
// What is compiled does not change. V8 checks a cache against its own version and flags and rejects it otherwise; the
// module then compiles as it would have, and a fresh cache is made (below: the one flag a test run changes is set
// first). V8 checks only the source's length, so the source itself is compared here. A module jest cannot compile this
// way (ESM syntax, a syntax error) goes to jest's own compile, which reports it as jest does.
// tests/harness/codeCacheRuntime.test.ts holds each of these.
const v8 = require("node:v8");
const vm = require("node:vm");
const Runtime = require("jest-runtime").default;

// The flag @pulumi/pulumi's closure serializer sets when it loads (runtime/closure/v8Hooks.js), set before the first
// module compiles: V8 rejects a cache made under other flags, so the worker's first test file would otherwise make
// every cache it produced before that point (about a thousand modules) once more.
v8.setFlagsFromString("--allow-natives-syntax");

/** filename -> { source, data }: the source a cache was made from, and the cache. One map per worker process. */
const caches = new Map();
/** What the cache did in this worker. */
const stats = { produced: 0, used: 0, rejected: 0 };

class CodeCacheRuntime extends Runtime {
    constructor(...args) {
        super(...args);
        const executor = this.executor;
        if (typeof executor?.compile !== "function" || !Array.isArray(executor.injectedModuleParameters))
            throw new Error(
                "tests/setup/codeCacheRuntime.js: jest-runtime no longer has executor.compile; update it for this jest, " +
                    "or remove `runtime` from jest.config.js",
            );
        const jestCompile = executor.compile.bind(executor);
        executor.compile = (source, filename) => cachedCompile(executor, jestCompile, source, filename);
    }
}

function cachedCompile(executor, jestCompile, source, filename) {
    const context = executor.environment.getVmContext();
    if (context == null) return jestCompile(source, filename);
    const entry = caches.get(filename);
    const cachedData = entry !== undefined && entry.source === source ? entry.data : undefined;
    const compile = (cache) =>
        vm.compileFunction(source, executor.injectedModuleParameters, {
            filename,
            parsingContext: context,
            // As jest's own compile: a dynamic import() inside a CommonJS module goes to its ESM loader.
            importModuleDynamically: async (specifier, _fn, attributes, ...rest) =>
                executor.dynamicImport(specifier, filename, context, attributes, rest[0]),
            ...(cache ? { cachedData: cache } : { produceCachedData: true }),
        });
    let fn;
    try {
        fn = compile(cachedData);
    } catch {
        return jestCompile(source, filename);
    }
    if (cachedData && !fn.cachedDataRejected) {
        stats.used++;
        return fn;
    }
    if (cachedData) {
        stats.rejected++;
        fn = compile(undefined);
    }
    if (fn.cachedDataProduced) {
        caches.set(filename, { source, data: fn.cachedData });
        stats.produced++;
    }
    return fn;
}

module.exports = CodeCacheRuntime;
// For tests/harness/codeCacheRuntime.test.ts, which loads its own copy of this file (its own map and counts).
module.exports.cachedCompile = cachedCompile;
module.exports.caches = caches;
module.exports.stats = stats;
