/**
 * `npm run bench`: measurements reported as ratios from one run, never asserted in tests.
 *  - offline plan wall time per stack, beside the floor: a process that only imports the SDKs the
 *    program imports (what no amount of work on our code can beat);
 *  - extra sections register themselves in BENCHES below.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./stackConfig";

const TSX = require.resolve("tsx/cli");

function timeNode(args: string[], label: string): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
    return ms;
}

export interface BenchRow {
    name: string;
    value: string;
    note?: string;
}

function planBench(): BenchRow[] {
    const sdks = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx", "@pulumi/cloudflare", "@pulumi/eks", "@pulumi/kubernetes"];
    const floorScript = sdks.map((s) => `require(${JSON.stringify(s)});`).join("");
    const floor = timeNode([TSX, "-e", floorScript], "floor");
    const rows: BenchRow[] = [{ name: "floor: tsx + import the SDKs", value: `${floor.toFixed(0)} ms`, note: "1.00x" }];
    for (const stack of ["main", "demo"]) {
        const ms = timeNode([TSX, path.join(ROOT, "tools", "plan.ts"), "--stack", stack, "--json"], `plan ${stack}`);
        rows.push({
            name: `offline plan --stack ${stack}`,
            value: `${ms.toFixed(0)} ms`,
            note: `${(ms / floor).toFixed(2)}x floor${stack === "demo" ? " (includes a run of main for the StackReference)" : ""}`,
        });
    }
    return rows;
}

export const BENCHES: { title: string; run: () => BenchRow[] | Promise<BenchRow[]> }[] = [{ title: "Offline plan wall time (one run each)", run: planBench }];

async function main() {
    for (const bench of BENCHES) {
        const rows = await bench.run();
        const w = Math.max(...rows.map((r) => r.name.length));
        const v = Math.max(...rows.map((r) => r.value.length));
        process.stdout.write(`\n${bench.title}\n`);
        for (const r of rows) process.stdout.write(`  ${r.name.padEnd(w)}  ${r.value.padStart(v)}  ${r.note ?? ""}\n`);
    }
}

main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
});
