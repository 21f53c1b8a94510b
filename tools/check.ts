/**
 * `npm run check`'s type check and lint, over ONE TypeScript program: the program `tsc --noEmit -p tsconfig.json`
 * builds, its diagnostics reported as tsc reports them, then ESLint (eslint.config.mjs, every file `eslint .` lints)
 * with that program as the type information its typed rules read (typescript-eslint's `parserOptions.programs`).
 * Run apart, tsc and ESLint's project service each build the same program over the SDKs' declarations (about 8,000
 * files), the larger part of both: 74 CPU-s apart against 50 together in one interleaved run on a 2-core machine.
 * Files under a nested tsconfig.json (policy/) are linted with that project's types, as the project service does.
 *
 * `npm run typecheck` and `npm run lint` still run each alone. Exit 1 when either finds an error (ESLint's warnings
 * are printed and do not fail, as `eslint .`), 2 on a broken tsconfig.json or command line.
 *
 * Usage: npm run check:code -- [--project <tsconfig>] [--config <eslint config>] [<file or pattern> ...]
 * (from the working directory; defaults: ./tsconfig.json, ESLint's own lookup of its config, and `.` as `eslint .`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ESLint } from "eslint";

export interface CheckResult {
    /** tsc's report (empty when clean) and ESLint's (stylish; empty when clean). */
    typeReport: string;
    lintReport: string;
    typeErrors: number;
    lintErrors: number;
}

/** The program tsc would build for `tsconfig` (noEmit), or throws naming the file and what is wrong with it. */
export function buildProgram(tsconfig: string): ts.Program {
    const parsed = ts.getParsedCommandLineOfConfigFile(
        tsconfig,
        { noEmit: true },
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(`${tsconfig}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
            },
        },
    );
    if (!parsed) throw new Error(`${tsconfig}: cannot be read`);
    if (parsed.errors.length > 0)
        throw new Error(ts.formatDiagnostics(parsed.errors, formatHost(path.dirname(tsconfig))));
    return ts.createProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        projectReferences: parsed.projectReferences,
        configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
    });
}

const formatHost = (cwd: string): ts.FormatDiagnosticsHost => ({
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => cwd,
    getNewLine: () => "\n",
});

/**
 * Type-checks `tsconfig`'s program, then lints `patterns` from `cwd` with its types (ESLint's config: eslint.config.mjs
 * found from `cwd`, or `configFile`).
 */
export async function check(opts: {
    tsconfig: string;
    patterns: string[];
    cwd: string;
    pretty: boolean;
    configFile?: string;
}): Promise<CheckResult> {
    const program = buildProgram(opts.tsconfig);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const host = formatHost(opts.cwd);
    const typeErrors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
    const typeReport =
        (diagnostics.length === 0
            ? ""
            : opts.pretty
              ? ts.formatDiagnosticsWithColorAndContext(diagnostics, host)
              : ts.formatDiagnostics(diagnostics, host)) +
        (typeErrors > 0 ? `\nFound ${typeErrors} error(s) (tsc --noEmit).\n` : "");

    // ESLint's project service types a file with the nearest tsconfig.json (policy/'s own for the policy pack);
    // typescript-eslint takes a file's types from the first program that holds it, so those programs come first.
    const nested = nestedTsconfigs(path.dirname(opts.tsconfig)).map(buildProgram);
    const eslint = new ESLint({
        cwd: opts.cwd,
        ...(opts.configFile ? { overrideConfigFile: opts.configFile } : {}),
        overrideConfig: [
            {
                files: ["**/*.ts"],
                languageOptions: { parserOptions: { projectService: false, programs: [...nested, program] } },
            },
        ],
    });
    const results = await eslint.lintFiles(opts.patterns);
    const lintReport = await (await eslint.loadFormatter("stylish")).format(results);
    const lintErrors = results.reduce((n, r) => n + r.errorCount, 0);
    return { typeReport, lintReport, typeErrors, lintErrors };
}

/** Every tsconfig.json below `root` (not `root`'s own, nor any under node_modules), deepest first. */
export function nestedTsconfigs(root: string): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            if (!e.isDirectory() || e.name === "node_modules" || e.name.startsWith(".")) continue;
            const sub = path.join(dir, e.name);
            walk(sub);
            if (fs.existsSync(path.join(sub, "tsconfig.json"))) found.push(path.join(sub, "tsconfig.json"));
        }
    };
    walk(root);
    return found;
}

/** The command line's options, or a message naming the flag that is missing its value or is not one. */
export function parseCheckArgs(
    argv: string[],
    cwd: string,
): { tsconfig: string; configFile?: string; patterns: string[] } {
    const rest = [...argv];
    const take = (flag: string): string | undefined => {
        const at = rest.indexOf(flag);
        if (at < 0) return undefined;
        const value = rest[at + 1];
        if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a file: ${flag} <path>`);
        rest.splice(at, 2);
        return path.resolve(cwd, value);
    };
    const tsconfig = take("--project") ?? path.join(cwd, "tsconfig.json");
    const configFile = take("--config");
    const unknown = rest.find((a) => a.startsWith("-"));
    if (unknown) throw new Error(`unknown option ${unknown}; the options are --project <tsconfig> and --config <file>`);
    return { tsconfig, ...(configFile ? { configFile } : {}), patterns: rest.length > 0 ? rest : ["."] };
}

if (require.main === module) {
    const cwd = process.cwd();
    Promise.resolve()
        .then(() => check({ ...parseCheckArgs(process.argv.slice(2), cwd), cwd, pretty: !!process.stdout.isTTY }))
        .then((r) => {
            process.stdout.write(r.typeReport + r.lintReport);
            process.exitCode = r.typeErrors + r.lintErrors > 0 ? 1 : 0;
        })
        .catch((e: unknown) => {
            process.stderr.write(`tools/check.ts: ${e instanceof Error ? e.message : String(e)}\n`);
            process.exitCode = 2;
        });
}
