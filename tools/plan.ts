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
 *
 * The command line is tools/planArgs.ts and the printed plan tools/planReport.ts. What runs a program (the harness, the
 * pack, the rehearsals) is loaded only once the arguments, the stack file and its settings are accepted: a refusal
 * answers without loading the Pulumi SDK.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { StackOutputs } from "../harness/mockCloud";
import { loadStackConfig, ROOT, runConfig, StackFileError } from "../harness/stackConfig";
import { checkStackConfig } from "../config/validate";
import { PROFILES, profileConfigCommands, profileConfigNotes } from "../config/profiles";
import { placeholdersIn } from "../config/placeholders";
import { applySets, SetError } from "../config/setPath";
import { isEnv, PROJECT } from "../lib/naming";
import {
    AccountStack,
    accountStackFiles,
    ChildRun,
    costInputs,
    ownerOf,
    platformOwnerProblem,
    priceAccount,
    runStackInChild,
    sharedChildRun,
    unknownEnvironmentProblem,
} from "./costAccount";
import { readCachedRun, runKey, writeCachedRun } from "./planCache";
import { asJson, reusableSharedRun } from "../harness/sharedRuns";
import { HELP, parseArgs, USAGE, UsageError } from "./planArgs";
import { PlanAccount, PlanSummary, planResource, planText, rehearsalReport } from "./planReport";

/**
 * A module loaded when it is needed, not at start (the header says why), synchronously: `require`, as the CommonJS
 * program's every other import compiles to.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(specifier: string): T => require(specifier) as T;

/** Writes to stdout and waits until it is flushed: a pipe would otherwise lose the tail at process.exit. */
const writeOut = (text: string) =>
    new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));

async function main() {
    const argv = process.argv.slice(2);
    if (argv.includes("--help") || argv.includes("-h")) {
        await writeOut(`${USAGE}\n\n${HELP}\n`);
        return;
    }
    if (argv.includes("--first-deploy")) {
        if (argv.length > 1) throw new UsageError("--first-deploy takes no other argument");
        const { rehearseFirstDeploy } = load<typeof import("../harness/rehearsal")>("../harness/rehearsal");
        const r = await rehearseFirstDeploy();
        await writeOut(rehearsalReport(r) + "\n");
        process.exitCode = r.ok ? 0 : 4;
        return;
    }
    if (argv.some((a) => a === "--upgrade-to" || a.startsWith("--upgrade-to="))) {
        const { runUpgradePlan, UPGRADE_USAGE, UpgradeUsageError } =
            load<typeof import("./upgradePlan")>("./upgradePlan");
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
    if (!me) {
        throw new StackFileError(
            `stack "${args.stack}" has no Pulumi.${args.stack}.yaml, so it is not part of the account's estimate; plan it as --stack <the stack the file belongs to> --config-file ${ownFile}, or create Pulumi.${args.stack}.yaml`,
        );
    }
    const ownerProblem = platformOwnerProblem(me, stacks, skipped);
    if (ownerProblem) throw new StackFileError(ownerProblem);
    // The settings exactly as the program will read them (harness/stackConfig.ts runConfig: the stack file, the profile's
    // layers, then --set), checked as the program checks them (config/validate.ts): bad config is one message (exit 2)
    // before any program or SDK loads.
    const overlay = PROFILES[args.profile][me.environment];
    const planned = runConfig(args.stack, { configFile: args.configFile, overlay, sets: args.set });
    checkStackConfig(planned.config, args.stack, { real: false });
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
    const owner = !args.outputs ? ownerOf(me, stacks) : undefined;
    if (owner) {
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
    // Under jest, the stack file's own run is the invocation's shared run of it (harness/sharedRuns.ts): the same program,
    // the same config, run once for every test and plan that asks.
    const shared =
        !args.configFile && args.set.length === 0
            ? reusableSharedRun(args.stack, { overlay, stackOutputs, quiet: true })
            : undefined;
    const run =
        shared ??
        (await load<typeof import("../harness/runProgram")>("../harness/runProgram").runProgram({
            stack: args.stack,
            configFile: args.configFile,
            configSets: args.set,
            overlay,
            ...(stackOutputs ? { stackOutputs } : {}),
        }));
    console.warn = consoleWarn;
    if (args.outputs) {
        await writeOut(JSON.stringify(run.outputs) + "\n");
        return;
    }
    const resources = run.resources.map(planResource);
    const policyConfig = args.policyConfigFile
        ? (JSON.parse(fs.readFileSync(args.policyConfigFile, "utf8")) as Record<string, Record<string, unknown>>)
        : undefined;
    const { runPolicies } = load<typeof import("../harness/policyRunner")>("../harness/policyRunner");
    const violations = await runPolicies(run.resources, { config: policyConfig });
    const mandatory = violations.filter((v) => v.level === "mandatory");
    process.exitCode = mandatory.length > 0 ? 3 : 0;
    known[args.stack] = asJson({ outputs: run.outputs, resources: costInputs(run) });
    // This run is the stack file's own (no --set, no --config-file): the next plan of another stack may use it.
    if (args.set.length === 0 && !args.configFile)
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
    const mine = account.stacks.find((s) => s.stack === args.stack)!; // me is one of stacks, and known has its run
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
    await writeOut(
        planText({
            stack: run.stack,
            profile: args.profile,
            summary,
            resources: run.resources,
            generic: run.mock.generic,
            estimate: mine.estimate,
            account: accountFigure,
            outputs: run.outputs,
        }) + "\n",
    );
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
