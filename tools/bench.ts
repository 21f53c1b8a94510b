/**
 * `npm run bench`: measurements reported as ratios from one run, never asserted in tests.
 *  - offline plan wall time per stack, as a ratio of the floor: a process that only imports the SDKs the program
 *    imports (floorSdks: what the plan loads before any of this repository's code matters); each plan runs its own
 *    program only, the account's other stack coming from the plan cache (tools/planCache.ts) that an untimed
 *    `--account` plan fills first; five rounds, the floor and both plans one after the other in each, the ratio the
 *    median of each round's plan over its floor;
 *  - the IP-sync Lambda archive's size and the AWS calls a no-op run and a one-range change make;
 *  - the monthly cost of both cost profiles (config/profiles.ts) per stack and for the account, beside the
 *    requirements' cost table (tools/costReport.ts; the same figures as docs/cost.md).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startCloudflareIpsFake } from "../harness/fakes/cloudflareIpsFake";
import { startEc2QueryFake } from "../harness/fakes/ec2QueryFake";
import {
    CLOUDFLARE_IPV4_CIDRS,
    CLOUDFLARE_IPV6_CIDRS,
    PREVIOUS_CLOUDFLARE_IPV4_CIDRS,
} from "../harness/fixtures/cloudflareIps";
import { invokeArchive, WrittenArchive } from "../harness/lambdaArchive";
import { ROOT } from "../harness/stackConfig";
import { LOADER_NODE_ARGS, loaderArgs } from "../harness/loader";
import { computeProfiles, COST_AS_OF, renderBench } from "./costReport";
import packageJson from "../package.json";

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

/** Rounds of the floor and both plans, interleaved so that the machine's drift falls on all three alike. */
const PLAN_ROUNDS = 5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The SDKs the program imports, which the floor imports: every Pulumi and AWS SDK package among package.json's
 * `dependencies` (tests/tools/bench.test.ts holds each to be imported by the program's own code).
 */
export function floorSdks(): string[] {
    return Object.keys(packageJson.dependencies).filter((p) => p.startsWith("@pulumi/") || p.startsWith("@aws-sdk/"));
}

function planBench(): BenchRow[] {
    const floorScript = floorSdks()
        .map((s) => `require(${JSON.stringify(s)});`)
        .join("");
    // Both as `npm run plan` runs (package.json): node with the project's loader (harness/loader.ts).
    const floorArgs = [...LOADER_NODE_ARGS, "-e", floorScript];
    const plan = (stack: string, ...extra: string[]) =>
        loaderArgs(path.join(ROOT, "tools", "plan.ts"), "--stack", stack, "--json", ...extra);
    // Warm-up, not timed: one plan with --account runs the other stack once and leaves both stacks' runs in the plan cache
    // (tools/planCache.ts), as any earlier plan of the same tree and settings would.
    timeNode(plan("main", "--account"), "plan main --account (warm-up)");
    const times: Record<"floor" | "main" | "demo", number[]> = { floor: [], main: [], demo: [] };
    for (let round = 0; round < PLAN_ROUNDS; round++) {
        times.floor.push(timeNode(floorArgs, "floor"));
        for (const stack of ["main", "demo"] as const) times[stack].push(timeNode(plan(stack), `plan ${stack}`));
    }
    const floor = median(times.floor);
    const rows: BenchRow[] = [
        { name: "floor: loader + import the SDKs", value: `${floor.toFixed(0)} ms`, note: "1.00x" },
    ];
    for (const stack of ["main", "demo"] as const) {
        // Each round's plan over the same round's floor, timed one after the other, so a machine that slows down
        // between rounds slows both; the median of those ratios.
        const ratios = times[stack].map((ms, round) => ms / times.floor[round]);
        const [low, high] = [Math.min(...ratios), Math.max(...ratios)].map((r) => r.toFixed(2));
        // One program per plan: main's prices demo from the cache; demo's answers its StackReference from it.
        const cached = stack === "demo" ? "main's outputs" : "demo's run";
        const note = `${median(ratios).toFixed(2)}x floor (rounds ${low}x to ${high}x; ${cached} from the plan cache)`;
        rows.push({ name: `offline plan --stack ${stack}`, value: `${median(times[stack]).toFixed(0)} ms`, note });
    }
    return rows;
}

/** The IP-sync Lambda as shipped: archive size, and the AWS calls a no-op and a one-range change cost. */
async function lambdaBench(): Promise<BenchRow[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-bench-ipsync-"));
    const written = spawnSync(process.execPath, loaderArgs(path.join(ROOT, "harness", "lambdaArchive.ts"), dir), {
        cwd: ROOT,
        encoding: "utf8",
    });
    if (written.status !== 0) throw new Error(`writing the archive failed:\n${written.stderr}`);
    const archive = JSON.parse(written.stdout) as WrittenArchive;
    const cf = await startCloudflareIpsFake();
    const ec2 = await startEc2QueryFake();
    try {
        // The function's own variables (reviewed aggregates, caps), then the loopback endpoints and this run's lists.
        const env = (v4: string, v6: string) => ({
            ...archive.environment,
            AWS_REGION: "us-east-1",
            AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKE0000",
            AWS_SECRET_ACCESS_KEY: "fake-secret-for-loopback-bench",
            AWS_ENDPOINT_URL_EC2: ec2.endpoint,
            IPV4_PREFIX_LIST_ID: v4,
            IPV6_PREFIX_LIST_ID: v6,
            CLOUDFLARE_IPS_URL: cf.url,
        });
        const calls = () => {
            const byAction = new Map<string, number>();
            for (const c of ec2.calls) byAction.set(c.action, (byAction.get(c.action) ?? 0) + 1);
            return `${ec2.calls.length} EC2 calls (${[...byAction].map(([a, n]) => `${a} ${n}`).join(", ")}) + ${cf.requests.length} Cloudflare GET`;
        };
        const scenario = async (ipv4: string[]) => {
            const v4 = ec2.addPrefixList({ addressFamily: "IPv4", entries: ipv4, maxEntries: 30 });
            const v6 = ec2.addPrefixList({ addressFamily: "IPv6", entries: CLOUDFLARE_IPV6_CIDRS, maxEntries: 15 });
            ec2.clearCalls();
            const before = cf.requests.length;
            const run = await invokeArchive(archive, env(v4, v6));
            if (run.error) throw new Error(`archive run failed: ${run.error}`);
            return `${calls().replace(/\+ \d+ Cloudflare/, `+ ${cf.requests.length - before} Cloudflare`)}; added ${run.result?.added.length}, removed ${run.result?.removed.length}`;
        };
        const noop = await scenario(CLOUDFLARE_IPV4_CIDRS);
        const changed = await scenario(PREVIOUS_CLOUDFLARE_IPV4_CIDRS);
        return [
            {
                name: "archive (serialized handler, nothing bundled)",
                value: `${archive.totalBytes} B`,
                note: `${(archive.totalBytes / 102400).toFixed(2)}x the 100 KB target; files: ${archive.files.map((f) => f.name).join(", ")}`,
            },
            { name: "no-op run", value: "", note: noop },
            { name: "one range changed (/12 split into /13 + /14)", value: "", note: changed },
        ];
    } finally {
        await cf.stop();
        await ec2.stop();
    }
}

export const BENCHES: { title: string; run: () => BenchRow[] | Promise<BenchRow[]>; text?: () => string }[] = [
    {
        title: `Offline plan wall time (${PLAN_ROUNDS} interleaved rounds: median ms, median of each round's ratio)`,
        run: planBench,
    },
    { title: "Cloudflare IP-sync Lambda (archive run in plain node against loopback fakes)", run: lambdaBench },
    {
        title: `Monthly cost, us-east-1 on-demand, priced for ${COST_AS_OF}: the requirements' cost table beside both profiles (one account, main first)`,
        run: () => [],
        text: () => renderBench(computeProfiles(new Date(`${COST_AS_OF}T00:00:00Z`))),
    },
];

async function main() {
    for (const bench of BENCHES) {
        if (bench.text) {
            process.stdout.write(`\n${bench.title}\n${bench.text()}\n`);
            continue;
        }
        const rows = await bench.run();
        const w = Math.max(...rows.map((r) => r.name.length));
        const v = Math.max(...rows.map((r) => r.value.length));
        process.stdout.write(`\n${bench.title}\n`);
        for (const r of rows) process.stdout.write(`  ${r.name.padEnd(w)}  ${r.value.padStart(v)}  ${r.note ?? ""}\n`);
    }
}

if (require.main === module) {
    main().catch((e: unknown) => {
        process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
        process.exit(1);
    });
}
