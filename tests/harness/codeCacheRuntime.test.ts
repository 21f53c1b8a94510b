/**
 * The V8 code cache jest's runtime keeps per worker (tests/setup/codeCacheRuntime.js): jest is configured to use it, a
 * second context gets the first one's cache and the same code, and what must not reuse a cache does not (another
 * source under the same name, a cache V8 rejects, a module only jest's own compile can report).
 */
import * as path from "node:path";
import * as vm from "node:vm";

interface Executor {
    environment: { getVmContext(): vm.Context | null };
    injectedModuleParameters: string[];
    dynamicImport(...args: unknown[]): Promise<unknown>;
}
type Compile = (source: string, filename: string) => ((...args: unknown[]) => unknown) | null;
interface CodeCacheModule {
    cachedCompile(executor: Executor, jestCompile: Compile, source: string, filename: string): ReturnType<Compile>;
    caches: Map<string, { source: string; data: Buffer }>;
    stats: { produced: number; used: number; rejected: number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require("../setup/codeCacheRuntime.js") as CodeCacheModule; // this file's own copy: its own map and counts

const executorIn = (context: vm.Context): Executor => ({
    environment: { getVmContext: () => context },
    injectedModuleParameters: ["module", "exports"],
    dynamicImport: () => Promise.reject(new Error("not used")),
});
/** Compiles and runs `source` as a module in a fresh context; returns its exports. */
function load(source: string, filename: string, jestCompile: Compile = jest.fn()): unknown {
    const fn = runtime.cachedCompile(executorIn(vm.createContext({})), jestCompile, source, filename)!;
    const module = { exports: {} as unknown };
    fn(module, module.exports);
    return module.exports;
}
// Enough code that V8 compiles part of it eagerly (an immediately invoked function).
const SOURCE = "module.exports = (function () { let n = 0; for (let i = 1; i <= 10; i++) n += i * i; return n; })();";

beforeEach(() => {
    runtime.caches.clear();
    Object.assign(runtime.stats, { produced: 0, used: 0, rejected: 0 });
});

it("is jest's runtime here (jest.config.js)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require("../../jest.config.js") as { runtime?: string };
    expect(config.runtime).toBe("<rootDir>/tests/setup/codeCacheRuntime.js");
});

it("makes a cache in the first context and hands it to the next, which runs the same code", () => {
    expect(load(SOURCE, "/m/a.js")).toBe(385);
    expect(runtime.stats).toEqual({ produced: 1, used: 0, rejected: 0 });
    expect(load(SOURCE, "/m/a.js")).toBe(385);
    expect(load(SOURCE, "/m/a.js")).toBe(385);
    expect(runtime.stats).toEqual({ produced: 1, used: 2, rejected: 0 });
});

it("never hands a module another source's cache, even one of the same length (V8 checks only the length)", () => {
    load(SOURCE, "/m/a.js");
    const other = SOURCE.replace("i * i", "i + i"); // same length
    expect(other).toHaveLength(SOURCE.length);
    expect(load(other, "/m/a.js")).toBe(110);
    expect(runtime.stats).toEqual({ produced: 2, used: 0, rejected: 0 });
    expect(runtime.caches.get("/m/a.js")!.source).toBe(other);
});

it("compiles as usual when V8 rejects a cache, and makes a fresh one", () => {
    runtime.caches.set("/m/a.js", { source: SOURCE, data: Buffer.from("not a code cache") });
    expect(load(SOURCE, "/m/a.js")).toBe(385);
    expect(runtime.stats).toEqual({ produced: 1, used: 0, rejected: 1 });
    expect(load(SOURCE, "/m/a.js")).toBe(385);
    expect(runtime.stats.used).toBe(1);
});

it("leaves to jest's own compile what it cannot compile (jest reports ESM syntax and syntax errors its way)", () => {
    const jestCompile = jest.fn(() => null);
    runtime.cachedCompile(executorIn(vm.createContext({})), jestCompile, "export const x = 1;", "/m/esm.js");
    expect(jestCompile).toHaveBeenCalledWith("export const x = 1;", "/m/esm.js");
    expect(runtime.caches.size).toBe(0);
});

it("leaves a disposed environment to jest's own compile (it answers null)", () => {
    const jestCompile = jest.fn(() => null);
    const disposed: Executor = { ...executorIn(vm.createContext({})), environment: { getVmContext: () => null } };
    expect(runtime.cachedCompile(disposed, jestCompile, SOURCE, path.join("/m", "a.js"))).toBeNull();
    expect(jestCompile).toHaveBeenCalled();
});
