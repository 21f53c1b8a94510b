/**
 * The offline plan: runs index.ts on the mock cloud with a stack's config and prints what the program
 * would register, as a tree grouped by component with counts per type (or one JSON object with --json).
 *
 *   npm run plan -- --stack demo [--json] [--profile default|lean] [--as-of YYYY-MM-DD] [--config-file path] [--set path=value ...] [--policy-config pack-config.json] [--account]
 *   npm run plan -- --first-deploy
 *   npm run plan -- --stack main --upgrade-to <1.N>
 *
 * The CrossGuard policies (policy/policies.ts) run over the recorded graph, and the cost estimate is printed: this
 * stack's lines grouped by layer, then the account's total (every stack of the project, sharing one free tier, the
 * platform's owner first), for a cost profile (config/profiles.ts). Each stack's program runs at most once: the other
 * stacks' runs come from the plan cache (tools/planCache.ts) when current, or run in a child for a reader's platform or
 * with --account; an account the plan cannot price from current runs is shown as "not priced", never an old figure. The JSON
 * carries each resource's dependencies (`dependsOn`, `propertyDependencies`, as URNs), `modelled: true` on the children
 * of remote components that harness/models/remoteChildren.ts derived from their inputs (the tree says "(modelled child)"),
 * and, under `mock.generic`, the resource types the mock cloud echoed without a table entry or model (harness/mockIds.ts).
 * `--first-deploy` walks docs/first-deploy.md (lib/firstDeploy.ts) on the mock cloud instead (harness/rehearsal.ts).
 * `--upgrade-to` rehearses the shared cluster's upgrade to that minor instead (tools/upgradePlan.ts).
 * Exit codes: 0 success (and `--help`); 2 a refusal: invalid configuration (the message lists every problem), a stack
 * file that is missing, not YAML or for an unknown environment, a component's refusal (pulumi.ResourceError), or a bad
 * argument (one message, no stack trace); 3 a
 * mandatory policy violation (the plan is still printed); 4 the first-deploy rehearsal found a step that cannot work;
 * 5 the upgrade rehearsal found a problem (each is named); 1 anything else (a bug: the stack trace is printed).
 */
import * as fs from "node:fs";
import { createHash } from "node:crypto";
import { RecordedResource, isSecretEnvelope } from "../harness/graph";
import { runProgram } from "../harness/runProgram";
import { formatAccountCost, formatCostTable } from "../policy/cost";
import { runPolicies, Violation } from "../harness/policyRunner";
import {
    isProfileName,
    PROFILE_NAMES,
    PROFILES,
    ProfileName,
    profileConfigCommands,
    profileConfigNotes,
} from "../config/profiles";
import { StackOutputs } from "../harness/mockCloud";
import {
    AccountStack,
    accountStackFiles,
    platformOwnerProblem,
    ChildRun,
    costInputs,
    ownerOf,
    priceAccount,
    runStackInChild,
    sharedChildRun,
    unknownEnvironmentProblem,
} from "./costAccount";
import { readCachedRun, runKey, writeCachedRun } from "./planCache";
import { asJson } from "../harness/sharedRuns";
import { loadStackConfig, ROOT, StackFileError } from "../harness/stackConfig";
import { isEnv, PROJECT } from "../lib/naming";
import { placeholdersIn } from "../config/placeholders";
import * as path from "node:path";
import { rehearseFirstDeploy, RehearsalResult } from "../harness/rehearsal";
import { runUpgradePlan, UPGRADE_USAGE, UpgradeUsageError } from "./upgradePlan";
import { applySets, SetError } from "../config/setPath";

export const USAGE =
    "usage: npm run plan -- --stack <main|demo> [--json] [--profile <default|lean> [--print-config]] [--as-of <YYYY-MM-DD>]\n" +
    "                       [--config-file <Pulumi.<stack>.yaml>] [--set <path>=<value> ...]\n" +
    "                       [--policy-config <pack-config.json>]\n" +
    "                       [--account]\n" +
    "       npm run plan -- --first-deploy\n" +
    "       npm run plan -- --stack main --upgrade-to <1.N>\n" +
    "       npm run plan -- --help";

export const HELP = [
    "Runs index.ts on a mock cloud with the stack's config (Pulumi.<stack>.yaml) and prints what it would create: a summary,",
    "the resource tree, counts per type, the policy verdict, the monthly cost and the outputs. Nothing is created.",
    "  --stack, -s <name>        the stack (its file Pulumi.<name>.yaml)",
    "  --json                    one JSON object instead (docs/plan.md)",
    "  --profile <name>          a cost profile of config/profiles.ts, applied to every stack of the account",
    "  --print-config            with --profile: print the `pulumi config set --path` commands that make the real",
    "                            stack match the profile, and run nothing",
    "  --as-of <YYYY-MM-DD>      read the support calendars for that day",
    "  --config-file <file>      plan another settings file",
    "  --set <path>=<value>      set one setting for this plan, as `pulumi config set --path`: platform.cluster.nodeGroup.",
    "                            desiredSize=3, a list item [0]; merged into the layer; a map or list as JSON",
    "  --policy-config <file>    the policy pack's config",
    "  --account                 price the whole account: run each other stack whose cached run (node_modules/.cache/",
    "                            osprey-plan) is missing or stale; without it such an account is shown as not priced",
    "  --first-deploy            rehearse docs/first-deploy.md on the mock cloud (exit 4 if a step cannot work)",
    "  --upgrade-to <1.N>        with --stack main: rehearse the cluster's upgrade to that minor (exit 5 naming each problem)",
    "Exit codes: 0 ok; 2 a refusal (bad config, stack file or argument); 3 a mandatory policy violation; 4 first deploy;",
    "5 upgrade rehearsal.",
].join("\n");

interface Args {
    stack: string;
    json: boolean;
    outputs: boolean;
    configFile?: string;
    /** `--set path=value`, in order: merged into the config for this plan only, as `pulumi config set --path` (config/setPath.ts). */
    set: string[];
    /** `--policy-config <file>`: the pack's config as `pulumi preview --policy-pack-config` takes it ({ "<policy>": { key: value } }). */
    policyConfigFile?: string;
    /** `--profile`: the cost profile (config/profiles.ts) applied to every stack of the account. Default "default". */
    profile: ProfileName;
    /** `--as-of`: the day the support calendars are read for (default today). */
    asOf: Date;
    /** `--print-config`: print the `pulumi config set --path` commands that make the real stack match `--profile`. */
    printConfig: boolean;
    /** `--account`: run every other stack of the account that has no current cached run (and cache it), so the account is priced. */
    account: boolean;
}

function parseArgs(argv: string[]): Args {
    const args: Partial<Args> = {
        json: false,
        outputs: false,
        set: [],
        profile: "default",
        asOf: new Date(),
        printConfig: false,
        account: false,
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--stack" || a === "-s") args.stack = argv[++i];
        else if (a.startsWith("--stack=")) args.stack = a.slice(8);
        else if (a === "--json") args.json = true;
        else if (a === "--outputs") args.outputs = true;
        else if (a === "--print-config") args.printConfig = true;
        else if (a === "--account") args.account = true;
        else if (a === "--config-file") args.configFile = argv[++i];
        else if (a === "--policy-config") args.policyConfigFile = argv[++i];
        else if (a === "--profile") {
            const p = argv[++i] ?? "";
            if (!isProfileName(p))
                throw new UsageError(`--profile takes one of ${PROFILE_NAMES.join(", ")}, got "${p}"`);
            args.profile = p;
        } else if (a === "--as-of") {
            const d = argv[++i] ?? "";
            if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
                throw new UsageError(`--as-of takes YYYY-MM-DD, got "${d}"`);
            args.asOf = new Date(`${d}T00:00:00Z`);
        } else if (a === "--set") {
            const kv = argv[++i] ?? "";
            if (kv.indexOf("=") < 1) throw new UsageError(`--set takes <path>=<value>, got "${kv}"`);
            args.set!.push(kv);
        } else throw new UsageError(`unknown argument "${a}"`);
    }
    if (!args.stack) throw new UsageError("--stack is required");
    return args as Args;
}

class UsageError extends Error {}

/**
 * Replaces every secret with a marker (secrets never reach plan output, not even placeholders) and every
 * inline asset's text with its size and digest (a reviewer compares digests, not 50 KB of serialized code).
 */
export function redact(v: unknown): unknown {
    if (isSecretEnvelope(v)) return "[secret]";
    if (typeof v === "object" && v !== null && (v as { __asset?: unknown }).__asset === "text") {
        const text = (v as { text: string }).text;
        return {
            __asset: "text",
            bytes: Buffer.byteLength(text),
            sha256: createHash("sha256").update(text).digest("hex"),
        };
    }
    if (Array.isArray(v)) return v.map(redact);
    if (typeof v === "object" && v !== null)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]));
    return v;
}

/**
 * One resource of the JSON plan. `dependsOn` is the explicit dependencies of the register request (the `dependsOn`
 * option, components expanded by the SDK to the resources inside them); `propertyDependencies` maps each input
 * property that depends on other resources to their URNs (properties without dependencies are left out).
 */
export function planResource(r: RecordedResource) {
    const propertyDependencies = Object.fromEntries(
        Object.entries(r.propertyDependencies).filter(([, urns]) => urns.length > 0),
    );
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        inputs: redact(r.inputs),
        dependsOn: r.dependencies,
        propertyDependencies,
        // A remote component's child the mock never saw, modelled from the component's inputs (harness/models/remoteChildren.ts).
        ...(r.modelled ? { modelled: true } : {}),
    };
}

function tree(resources: RecordedResource[]): string {
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const lines: string[] = [];
    const walk = (parent: string | undefined, prefix: string) => {
        const kids = children.get(parent) ?? [];
        kids.forEach((r, i) => {
            const last = i === kids.length - 1;
            const label = r.custom ? `${r.name}  ${r.type}` : `${r.name}  [${r.type}]`;
            const note = r.read ? "  (read)" : r.modelled ? "  (modelled child)" : "";
            lines.push(`${prefix}${parent === undefined ? "" : last ? "└─ " : "├─ "}${label}${note}`);
            walk(r.urn, parent === undefined ? "" : prefix + (last ? "   " : "│  "));
        });
    };
    walk(undefined, "");
    return lines.join("\n");
}

/** A cloud resource the plan would create: custom, not a read, not a provider (components and providers are Pulumi's own). */
export const isCloudResource = (r: Pick<RecordedResource, "custom" | "read" | "type">): boolean =>
    r.custom && !r.read && !r.type.startsWith("pulumi:providers:");

/** Counts per type over the cloud resources only (isCloudResource); the total is theirs. */
export function counts(resources: RecordedResource[]): string {
    const cloud = resources.filter(isCloudResource);
    const byType = new Map<string, number>();
    for (const r of cloud) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const rows = [...byType.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    const width = Math.max(...rows.map(([t]) => t.length));
    return (
        rows.map(([t, n]) => `  ${t.padEnd(width)}  ${String(n).padStart(3)}`).join("\n") +
        `\n  ${"total".padEnd(width)}  ${String(cloud.length).padStart(3)}`
    );
}

export const WIDTH = 120;

/** Shortens a line to WIDTH columns, marking the cut (the JSON has every value whole). */
export const shorten = (line: string, width = WIDTH): string =>
    line.length <= width ? line : `${line.slice(0, width - 2)} …`;

/** Word-wraps prose to WIDTH: the first line starts with `first`, the others with `next`. */
export function wrap(text: string, first = "", next = `${first}  `, width = WIDTH): string[] {
    const lines: string[] = [];
    let line = first;
    let empty = true;
    for (const word of text.split(/ +/)) {
        if (!empty && line.length + 1 + word.length > width) {
            lines.push(line);
            line = next + word;
        } else line = empty ? line + word : `${line} ${word}`;
        empty = false;
    }
    lines.push(line);
    return lines.map((l) => shorten(l, width));
}

export interface PlanSummary {
    stack: string;
    environment: string;
    profile: string;
    resources: RecordedResource[];
    violations: Violation[];
    stackUsd: number;
    account: PlanAccount;
    warnings: string[];
}

/**
 * The account's figure as the plan shows it: priced only from current runs of every stack (this plan's, the cache's
 * for exactly these inputs, or a run made now). Otherwise `priced: false`, no total, and the stacks it lacks: an old
 * figure is never shown as current.
 */
export type PlanAccount =
    | { priced: true; stacks: { stack: string; monthlyUsd: number }[]; monthlyUsd: number }
    | { priced: false; missing: string[]; stacks: []; monthlyUsd: null };

/** What the plan says instead of a figure for an account it could not price from current runs. */
export const notPricedText = (missing: string[]): string =>
    `account: not priced (run with --account; no current cached run of ${missing.join(", ")})`;

/** The summary block the human plan starts and ends with: what a reviewer needs in twenty lines. */
export function summaryBlock(s: PlanSummary, title: string): string[] {
    const cloud = s.resources.filter(isCloudResource);
    const families = new Map<string, number>();
    for (const r of cloud) families.set(r.type.split(":")[0], (families.get(r.type.split(":")[0]) ?? 0) + 1);
    const byFamily = [...families.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([f, n]) => `${f} ${n}`);
    const mandatory = s.violations.filter((v) => v.level === "mandatory").length;
    const verdict =
        s.violations.length === 0
            ? "no violations (0 mandatory)"
            : `${s.violations.length} violation(s), ${mandatory} mandatory${mandatory > 0 ? " (exit 3)" : ""}: ${[...new Set(s.violations.map((v) => v.policy))].join(", ")}`;
    const usd = (v: number) => `$${v.toFixed(2)}`;
    return [
        `== ${title} ==`,
        `  stack      ${s.stack} (environment ${s.environment}, cost profile ${s.profile})`,
        ...wrap(`${cloud.length} cloud resources: ${byFamily.join(", ")}`, "  creates    ", " ".repeat(13)),
        ...wrap(verdict, "  policies   ", " ".repeat(13)),
        s.account.priced
            ? `  cost       ${usd(s.stackUsd)}/month for stack ${s.stack}; ${usd(s.account.monthlyUsd)}/month for the account (${s.account.stacks.map((x) => `${x.stack} ${usd(x.monthlyUsd)}`).join(", ")})`
            : `  cost       ${usd(s.stackUsd)}/month for stack ${s.stack}; ${notPricedText(s.account.missing)}`,
        `  warnings   ${s.warnings.length === 0 ? "none" : `${s.warnings.length} (each in full under "Warnings" after the summary at the top)`}`,
        // Each warning's first paragraph: the detail lines stay in the Warnings section.
        ...s.warnings.flatMap((w) => wrap(w.split("\n")[0], "    - ", "      ")),
    ].map((l) => shorten(l));
}

export function policyReport(violations: Violation[]): string {
    if (violations.length === 0) return "Policies (policy/policies.ts): no violations";
    const lines = violations.map((v) => `  [${v.level}] ${v.policy}: ${v.message}\n      ${v.urn || "(stack)"}`);
    const mandatory = violations.filter((v) => v.level === "mandatory").length;
    return `Policies (policy/policies.ts): ${violations.length} violation(s), ${mandatory} mandatory\n${lines.join("\n")}`;
}

/**
 * The policy report for the human plan: the verdict line, then each violation's message wrapped to WIDTH and where it
 * is as `type::name` (the URN's last segment; the JSON has the whole URN).
 */
export function policyLines(violations: Violation[]): string[] {
    const [verdict] = policyReport(violations).split("\n");
    return [
        ...wrap(verdict),
        ...violations.flatMap((v) => [
            ...wrap(`[${v.level}] ${v.policy}: ${v.message}`, "  ", "      "),
            ...wrap(
                `at ${
                    v.urn
                        ? v.urn
                              .split("$")
                              .pop()!
                              .replace(/^urn:pulumi:[^:]*::[^:]*::/, "")
                        : "(stack)"
                }`,
                "      ",
                "        ",
            ),
        ]),
    ];
}

/** Writes to stdout and waits until it is flushed: a pipe would otherwise lose the tail at process.exit. */
const writeOut = (text: string) =>
    new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));

/** The rehearsal's report: one line per step, its problems under it, and the verdict. */
export function rehearsalReport(r: RehearsalResult): string {
    const lines = [
        "First deploy (docs/first-deploy.md), rehearsed on the mock cloud: each pass is the whole program with the stack's config at that step",
        "",
    ];
    for (const s of r.steps) {
        lines.push(`${s.problems.length === 0 ? "ok  " : "FAIL"} ${String(s.number).padStart(2)}. ${s.title}`);
        for (const p of s.problems) lines.push(`         ${p}`);
    }
    lines.push(
        `${r.handover.length === 0 ? "ok  " : "FAIL"}     the stack files left for Pulumi Deployments: no tunnel, every switch on`,
    );
    for (const p of r.handover) lines.push(`         ${p}`);
    const failed = r.steps.filter((s) => s.problems.length > 0).length + (r.handover.length > 0 ? 1 : 0);
    lines.push(
        "",
        r.ok
            ? `First deploy: all ${r.steps.length} steps hold.`
            : `First deploy: ${failed} step(s) cannot work as written.`,
    );
    return lines.join("\n");
}

async function main() {
    const argv = process.argv.slice(2);
    if (argv.includes("--help") || argv.includes("-h")) {
        await writeOut(`${USAGE}\n\n${HELP}\n`);
        return;
    }
    if (argv.includes("--first-deploy")) {
        if (argv.length > 1) throw new UsageError("--first-deploy takes no other argument");
        const r = await rehearseFirstDeploy();
        await writeOut(rehearsalReport(r) + "\n");
        process.exitCode = r.ok ? 0 : 4;
        return;
    }
    if (argv.some((a) => a === "--upgrade-to" || a.startsWith("--upgrade-to="))) {
        try {
            process.exitCode = await runUpgradePlan(argv, writeOut);
        } catch (e) {
            throw e instanceof UpgradeUsageError ? new UsageError(`${e.message}\n${UPGRADE_USAGE}`) : e;
        }
        return;
    }
    const args = parseArgs(argv);
    // The stack's own file first: missing, not YAML or for an environment the program does not know is one message (exit 2).
    const ownFile = args.configFile ? path.basename(args.configFile) : `Pulumi.${args.stack}.yaml`;
    // Every --set is checked here (an unknown path or a bad value names --set, exit 2) before anything runs.
    const ownConfig = applySets(loadStackConfig(args.stack, ROOT, args.configFile).config, args.set);
    const ownEnvironment = ownConfig[`${PROJECT}:environment`];
    if (!isEnv(ownEnvironment)) throw new StackFileError(unknownEnvironmentProblem(ownFile, ownEnvironment));
    if (args.printConfig) {
        // The profile outside the plan: what to run against the real stack (nothing runs here).
        const commands = profileConfigCommands(args.profile, args.stack, ownEnvironment);
        const head = `# Make stack ${args.stack} match cost profile ${args.profile} (config/profiles.ts): ${PROFILES[args.profile].description}`;
        const body =
            commands.length > 0
                ? [...commands, ...profileConfigNotes(args.profile, ownEnvironment)]
                : ["# nothing to set: the profile is the settings' defaults"];
        await writeOut([head, ...body].join("\n") + "\n");
        return;
    }
    // The account: this stack and the project's others. A reader's platform runs first (in a child), so its outputs
    // answer this stack's StackReference and its resources take the account's free tier first. A stack file the account
    // cannot price (another environment, not YAML) is left out with a warning: it never breaks this stack's plan.
    const { stacks, skipped } = accountStackFiles();
    const warnings = skipped.map((s) => `not priced in the account: ${s.problem}`);
    // The stock stack files' stand-ins still present (config/placeholders.ts): a real preview/up refuses until each is replaced.
    const bare = Object.fromEntries(
        Object.entries(ownConfig)
            .filter(([k]) => k.startsWith(`${PROJECT}:`))
            .map(([k, v]) => [k.slice(PROJECT.length + 1), v]),
    );
    const placeholders = placeholdersIn(bare);
    if (placeholders.length > 0) {
        warnings.push(
            `${placeholders.length} placeholder(s) in ${ownFile} and the shared values (config/shared.ts), which a real pulumi preview/up refuses (docs/first-deploy.md "Running it for real"): ` +
                `${placeholders.map((p) => p.key.slice(PROJECT.length + 1)).join(", ")}\n` +
                placeholders.map((p) => `${p.key}: set ${p.replaceWith}`).join("\n"),
        );
    }
    const me = stacks.find((s) => s.stack === args.stack);
    const ownerProblem = me ? platformOwnerProblem(me, stacks, skipped) : undefined;
    if (ownerProblem) throw new StackFileError(ownerProblem);
    // Each stack's program runs at most once here: this stack's in this process; another's only when no current run of it
    // is at hand (tools/planCache.ts, or the test invocation's shared run), and then only for a reader's platform (its
    // StackReference needs the outputs) or with --account.
    const day = args.asOf.toISOString().slice(0, 10);
    const keyOf = (s: AccountStack, ownerOutputs?: StackOutputs) =>
        runKey({
            stack: s.stack,
            profile: args.profile,
            overlay: PROFILES[args.profile][s.environment],
            asOf: day,
            ...(ownerOutputs ? { ownerOutputs: asJson(ownerOutputs) } : {}),
        });
    const otherRun = (
        s: AccountStack,
        ownerOutputs: StackOutputs | undefined,
        runIt: boolean,
    ): ChildRun | undefined => {
        const refs = ownerOutputs ? { [s.platformStack]: ownerOutputs } : undefined;
        const key = keyOf(s, ownerOutputs);
        const current = readCachedRun(s.stack, args.profile, key) ?? sharedChildRun(s, args.profile, refs);
        if (current || !runIt) return current;
        const fresh = runStackInChild(s, args.profile, refs);
        writeCachedRun(s.stack, args.profile, key, fresh);
        return fresh;
    };
    const known: Record<string, ChildRun> = {};
    let stackOutputs: Record<string, StackOutputs> | undefined;
    const owner = me && !args.outputs ? ownerOf(me, stacks) : undefined;
    if (me && owner) {
        known[owner.stack] = otherRun(owner, undefined, true)!;
        stackOutputs = { [me.platformStack]: known[owner.stack].outputs };
    }
    // The program's warnings (pulumi.log.warn prints "warning: [runtime] ..." without an engine) go into the summary, not
    // above the plan where they scroll away; the JSON leaves stderr as it is.
    const programWarnings: string[] = [];
    const consoleWarn = console.warn;
    if (!args.json && !args.outputs) {
        console.warn = (...a: unknown[]) => {
            const text = a.map(String).join(" ");
            if (text.startsWith("warning: [runtime] ")) programWarnings.push(`program: ${text.slice(19)}`);
            else consoleWarn(...a);
        };
    }
    const run = await runProgram({
        stack: args.stack,
        configFile: args.configFile,
        configSets: args.set,
        ...(me ? { overlay: PROFILES[args.profile][me.environment] } : {}),
        ...(stackOutputs ? { stackOutputs } : {}),
    });
    console.warn = consoleWarn;
    if (args.outputs) {
        await writeOut(JSON.stringify(run.outputs) + "\n");
        return;
    }
    const resources = run.resources.map(planResource);
    const policyConfig = args.policyConfigFile
        ? (JSON.parse(fs.readFileSync(args.policyConfigFile, "utf8")) as Record<string, Record<string, unknown>>)
        : undefined;
    const violations = await runPolicies(run.resources, { config: policyConfig });
    const mandatory = violations.filter((v) => v.level === "mandatory");
    process.exitCode = mandatory.length > 0 ? 3 : 0;
    known[args.stack] = asJson({ outputs: run.outputs, resources: costInputs(run) });
    // This run is the stack file's own (no --set, no --config-file): the next plan of another stack may use it.
    if (me && args.set.length === 0 && !args.configFile)
        writeCachedRun(me.stack, args.profile, keyOf(me, stackOutputs?.[me.platformStack]), known[args.stack]);
    const missing: string[] = [];
    for (const s of stacks) {
        if (known[s.stack]) continue;
        const sOwner = ownerOf(s, stacks);
        const ownerOutputs = sOwner ? known[sOwner.stack]?.outputs : undefined;
        const r = sOwner && !ownerOutputs ? undefined : otherRun(s, ownerOutputs, args.account);
        if (r) known[s.stack] = r;
        else missing.push(s.stack);
    }
    const account = priceAccount(
        stacks.filter((s) => known[s.stack]),
        known,
        args.asOf,
    );
    const mine = account.stacks.find((s) => s.stack === args.stack);
    if (!mine) {
        throw new StackFileError(
            `stack "${args.stack}" has no Pulumi.${args.stack}.yaml, so it is not part of the account's estimate; plan it as --stack <the stack the file belongs to> --config-file ${ownFile}, or create Pulumi.${args.stack}.yaml`,
        );
    }
    const perStack = account.stacks.map((s) => ({ stack: s.stack, monthlyUsd: s.estimate.monthlyUsd }));
    const accountFigure: PlanAccount =
        missing.length === 0
            ? { priced: true, stacks: perStack, monthlyUsd: account.monthlyUsd }
            : { priced: false, missing, stacks: [], monthlyUsd: null };
    const cost = { ...mine.estimate, profile: args.profile, account: accountFigure };
    if (args.json) {
        const outputs = Object.fromEntries(
            Object.entries(run.outputs.outputs).map(([k, v]) => [
                k,
                run.outputs.secretOutputNames.includes(k) ? "[secret]" : v,
            ]),
        );
        await writeOut(
            JSON.stringify({ stack: run.stack, resources, outputs, policies: { violations }, cost, mock: run.mock }) +
                "\n",
        );
        return;
    }
    const summary: PlanSummary = {
        stack: run.stack,
        environment: ownEnvironment,
        profile: args.profile,
        resources: run.resources,
        violations,
        stackUsd: mine.estimate.monthlyUsd,
        account: accountFigure,
        warnings: [...programWarnings, ...warnings],
    };
    const shortened = "(a line cut at 120 columns ends in …; --json has every value whole)";
    const out = [
        `Offline plan of stack "${run.stack}" on the mock cloud (nothing was created; no cloud was contacted)`,
        "",
        ...summaryBlock(summary, "Summary"),
        "",
        ...(summary.warnings.length > 0
            ? [
                  "== Warnings ==",
                  ...summary.warnings.flatMap((w) =>
                      w
                          .split("\n")
                          .flatMap((para, i) =>
                              wrap(para.trim(), i === 0 ? "  - " : "      ", i === 0 ? "    " : "        "),
                          ),
                  ),
                  "",
              ]
            : []),
        `== Resource tree (components in [brackets]) ${shortened} ==`,
        ...tree(run.resources)
            .split("\n")
            .map((l) => shorten(l)),
        "",
        "Resources by type (cloud resources only: components, providers and reads are not counted):",
        counts(run.resources),
        "",
        ...policyLines(violations),
        "",
        ...wrap(`Modelled generically by the mock (outputs echo inputs): ${run.mock.generic.join(", ") || "none"}`),
        "",
        ...wrap(
            `Estimated monthly cost of stack ${run.stack}, profile ${args.profile} (us-east-1 on-demand list prices, 730 h; usage-priced lines state their assumption):`,
        ),
        formatCostTable(mine.estimate, `TOTAL stack ${run.stack}`, WIDTH),
        "",
        ...wrap(
            `The account (every stack of this project, one free tier, the platform's owner first), profile ${args.profile}: ${PROFILES[args.profile].description}`,
        ),
        ...(accountFigure.priced ? [formatAccountCost(perStack)] : wrap(notPricedText(missing), "  ", "    ")),
        "",
        `Stack outputs: ${shortened}`,
        ...Object.keys(run.outputs.outputs).map((k) =>
            shorten(
                `  ${k}: ${run.outputs.secretOutputNames.includes(k) ? "[secret]" : JSON.stringify(run.outputs.outputs[k])}`,
            ),
        ),
        "",
        ...summaryBlock(summary, `Summary of stack ${run.stack} (as at the top)`),
    ];
    await writeOut(out.join("\n") + "\n");
}

// Run as a command only (tests import policyReport).
if (require.main === module) {
    main().then(
        () => process.exit(process.exitCode ?? 0),
        (err: unknown) => {
            if (err instanceof UsageError) {
                process.stderr.write(`${err.message}\n${USAGE}\n`);
                process.exit(2);
            }
            const e = err as Error;
            if (e?.name === "ConfigError" || err instanceof StackFileError || err instanceof SetError) {
                process.stderr.write(`${e.message}\n`);
                process.exit(2);
            }
            // A component's refusal (pulumi.ResourceError, or its subclass InvalidArgumentsError of bad args) names the
            // setting and the fix: its stack adds nothing. It is a refusal like bad config (exit 2); anything else is a
            // bug, printed with its stack (exit 1).
            const refusals = ["ResourceError", "InvalidArgumentsError"];
            const refusal = refusals.includes(e?.constructor?.name) || refusals.includes(e?.name);
            process.stderr.write(`plan failed: ${refusal ? e.message : (e?.stack ?? String(err))}\n`);
            process.exit(refusal ? 2 : 1);
        },
    );
}
