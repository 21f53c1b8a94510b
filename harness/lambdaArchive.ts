/**
 * The IP-sync Lambda exactly as Pulumi would upload it: runs stack main on the mock cloud, takes the
 * serialized CallbackFunction archive from the recorded aws:lambda/function:Function, writes it out,
 * and runs its handler in a plain node process, as the nodejs22.x runtime would: the only package it can
 * resolve is the one that runtime provides (@aws-sdk/client-ec2), linked into the archive's node_modules.
 *
 *   npx tsx harness/lambdaArchive.ts <dir>     writes the archive into <dir> and prints its files and sizes
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { RecordedResource, isRecordedArchive } from "./graph";
import { runProgram } from "./runProgram";
import { sharedProgramRun, sharedRunsDir } from "./sharedRuns";
import { ROOT } from "./stackConfig";

/** Packages the Lambda nodejs22.x runtime provides (the AWS SDK for JavaScript v3): the clients our handlers use. */
export const RUNTIME_PROVIDED = ["@aws-sdk/client-ec2", "@aws-sdk/client-sns", "@aws-sdk/client-secrets-manager"];

export interface WrittenArchive {
    dir: string;
    /** The function's `handler` input, e.g. "__index.handler". */
    handler: string;
    files: { name: string; bytes: number }[];
    totalBytes: number;
    /** The function's own environment variables as the program sets them (aggregates, caps, pinned URL, list ids). */
    environment: Record<string, string>;
}

export function writeArchive(fn: RecordedResource, dir: string): WrittenArchive {
    const code = fn.inputs.code;
    if (!isRecordedArchive(code)) throw new Error(`${fn.urn}: code is not an inline archive`);
    const files: { name: string; bytes: number }[] = [];
    for (const [name, asset] of Object.entries(code.__archive)) {
        const a = asset as { __asset?: string; text?: string };
        if (a.__asset !== "text" || a.text === undefined)
            throw new Error(`${fn.urn}: archive member ${name} is not inline text`);
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), a.text);
        files.push({ name, bytes: Buffer.byteLength(a.text) });
    }
    for (const pkg of RUNTIME_PROVIDED) {
        const link = path.join(dir, "node_modules", pkg);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(ROOT, "node_modules", pkg), link, "dir");
    }
    const environment = (fn.inputs.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {};
    return {
        dir,
        handler: String(fn.inputs.handler),
        files,
        totalBytes: files.reduce((n, f) => n + f.bytes, 0),
        environment,
    };
}

/** Finds the IP-sync function in a recorded graph. */
export function ipSyncFunction(resources: RecordedResource[]): RecordedResource {
    const fns = resources.filter(
        (r) =>
            r.type === "aws:lambda/function:Function" &&
            /IPV4_PREFIX_LIST_ID/.test(JSON.stringify(r.inputs.environment)),
    );
    if (fns.length !== 1) throw new Error(`expected one IP-sync function, found ${fns.length}`);
    return fns[0];
}

export interface ArchiveRun {
    status: number | null;
    /** The handler's resolved value, or undefined when it threw. */
    result?: { added: string[]; removed: string[]; refused?: string[]; notify?: boolean; summary?: string };
    error?: string;
    stdout: string;
    stderr: string;
}

/**
 * Invokes the written archive's handler once in a fresh `node` (no tsx, no jest), with the given environment.
 * Asynchronous on purpose: fakes served from this process must keep answering while the child runs.
 */
export async function invokeArchive(
    archive: WrittenArchive,
    env: Record<string, string>,
    event: unknown = {},
): Promise<ArchiveRun> {
    const [file, exportName] = archive.handler.split(".");
    const script = `
        const m = require(${JSON.stringify(path.join(archive.dir, file))});
        m[${JSON.stringify(exportName)}](${JSON.stringify(event)}).then(
            (r) => { process.stdout.write("RESULT " + JSON.stringify(r) + "\\n"); },
            (e) => { process.stdout.write("ERROR " + JSON.stringify(String(e && e.message || e)) + "\\n"); process.exitCode = 1; });`;
    const child = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const p = spawn(process.execPath, ["-e", script], {
            cwd: archive.dir,
            // A clean environment: only what the Lambda service would set, plus the function's own variables.
            env: { PATH: process.env.PATH ?? "", NODE_NO_WARNINGS: "1", ...env },
            timeout: 90_000,
        });
        let stdout = "";
        let stderr = "";
        p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        p.on("error", reject);
        p.on("close", (status) => resolve({ status, stdout, stderr }));
    });
    const line = (prefix: string) =>
        child.stdout
            .split("\n")
            .find((l) => l.startsWith(prefix))
            ?.slice(prefix.length);
    const result = line("RESULT ");
    const error = line("ERROR ");
    return {
        status: child.status,
        result: result ? JSON.parse(result) : undefined,
        error: error ? JSON.parse(error) : undefined,
        stdout: child.stdout,
        stderr: child.stderr,
    };
}

if (require.main === module) {
    const dir = process.argv[2];
    if (!dir) {
        process.stderr.write("usage: npx tsx harness/lambdaArchive.ts <dir>\n");
        process.exit(64);
    }
    // Under jest (a bench test), main's run of this invocation is shared; by hand, main runs here.
    (sharedRunsDir() ? sharedProgramRun("main") : runProgram({ stack: "main" })).then(
        (run) => {
            fs.mkdirSync(dir, { recursive: true });
            const a = writeArchive(ipSyncFunction(run.resources), path.resolve(dir));
            process.stdout.write(JSON.stringify(a) + "\n", () => process.exit(0));
        },
        (e: unknown) => {
            process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
            process.exit(1);
        },
    );
}
