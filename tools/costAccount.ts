/**
 * The account's cost: every stack of this project (one Pulumi.<stack>.yaml each) priced together with ONE
 * always-free allowance, the platform's owner first (policy/cost/index.ts estimateAccountCost). Used by the plan (the
 * stack it ran plus the others, run in child processes: one program per process), by `npm run bench` and by
 * tools/costReport.ts, each for a cost profile (config/profiles.ts).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ENVIRONMENT_USAGE, estimateAccountCost, AccountEstimate, CostResource } from "../policy/cost";
import { PROFILES, ProfileName } from "../config/profiles";
import { loadStackConfig, ROOT, StackFileError, stackNames } from "../harness/stackConfig";
import { StackOutputs } from "../harness/mockCloud";
import type { ProgramRun } from "../harness/runProgram";
import { asJson, reusableSharedRun } from "../harness/sharedRuns";
import { ENVIRONMENTS, Env, isEnv, PROJECT } from "../lib/naming";
import { loaderArgs } from "../harness/loader";

export interface AccountStack {
    stack: string;
    environment: Env;
    /** Fully qualified platform stack ("<org>/osprey-strike/main"), "" for the owner. */
    platformStack: string;
}

/** A stack file left out of the account: its name and why (the plan prints it as a warning). */
export interface SkippedStack {
    stack: string;
    problem: string;
}

/**
 * The project's stacks from their stack files, platform owners first (the free tier's order). A stack file whose
 * environment the program does not know (a `Pulumi.prod.yaml` copied from demo with `environment: prod`) or that does
 * not parse is left out and named in `skipped`: it must not break the plans of the stacks that work.
 */
export function accountStackFiles(root = ROOT): { stacks: AccountStack[]; skipped: SkippedStack[] } {
    const stacks: AccountStack[] = [];
    const skipped: SkippedStack[] = [];
    for (const stack of stackNames(root)) {
        let cfg: Record<string, string>;
        try {
            cfg = loadStackConfig(stack, root).config;
        } catch (e) {
            if (!(e instanceof StackFileError)) throw e;
            skipped.push({ stack, problem: e.message });
            continue;
        }
        const environment = cfg[`${PROJECT}:environment`];
        if (!isEnv(environment)) {
            skipped.push({ stack, problem: unknownEnvironmentProblem(`Pulumi.${stack}.yaml`, environment) });
            continue;
        }
        stacks.push({ stack, environment, platformStack: cfg[`${PROJECT}:platformStack`] ?? "" });
    }
    stacks.sort(
        (a, b) => Number(a.platformStack !== "") - Number(b.platformStack !== "") || a.stack.localeCompare(b.stack),
    );
    return { stacks, skipped };
}

/** The stacks of the account (see accountStackFiles; the skipped ones are left out). */
export const accountStacks = (root = ROOT): AccountStack[] => accountStackFiles(root).stacks;

/**
 * A reader whose platform stack's file was left out (not YAML, unknown environment) cannot be planned: its StackReference
 * would run that file. The problem names both files; undefined when the owner is usable or the stack owns its platform.
 */
export function platformOwnerProblem(
    me: AccountStack,
    stacks: AccountStack[],
    skipped: SkippedStack[],
): string | undefined {
    if (me.platformStack === "" || ownerOf(me, stacks)) return undefined;
    const name = me.platformStack.split("/").pop()!;
    const bad = skipped.find((s) => s.stack === name);
    const why = bad ? bad.problem : `there is no Pulumi.${name}.yaml owning a platform (platformStack empty)`;
    return `Pulumi.${me.stack}.yaml: ${PROJECT}:platformStack "${me.platformStack}" names stack ${name}, which cannot be run for its outputs: ${why}`;
}

/** Why a stack file's environment is refused: which environments exist and where one is added. */
export function unknownEnvironmentProblem(file: string, environment: string | undefined): string {
    return (
        `${file}: ${PROJECT}:environment ${environment === undefined ? "is missing" : `"${environment}" is not an environment this program knows`}; ` +
        `the environments are ${ENVIRONMENTS.join(", ")}. Set one of them, or add the environment in lib/naming.ts (ENVIRONMENTS and APPS_BY_ENVIRONMENT) ` +
        `with its per-environment defaults (config/settings.ts), cost usage (policy/cost/types.ts ENVIRONMENT_USAGE) and overlays (kubernetes/)`
    );
}

/** What the estimator reads of a run: created resources (not reads) with inputs and property dependencies. */
export const costInputs = (run: Pick<ProgramRun, "resources">): CostResource[] =>
    run.resources
        .filter((r) => !r.read)
        .map((r) => ({
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: r.inputs,
            propertyDependencies: r.propertyDependencies,
        }));

export interface ChildRun {
    outputs: StackOutputs;
    resources: CostResource[];
}

/**
 * Runs one stack in a child process (harness/runProgram.ts --run-of) with a profile and, for a reader, its platform's outputs.
 * Under jest, the invocation's shared run of the stack answers when it is this very run (harness/sharedRuns.ts).
 */
export function runStackInChild(
    s: AccountStack,
    profile: ProfileName,
    stackOutputs?: Record<string, StackOutputs>,
): ChildRun {
    const shared = sharedChildRun(s, profile, stackOutputs);
    if (shared) return shared;
    const args = loaderArgs(
        path.join(ROOT, "harness", "runProgram.ts"),
        "--run-of",
        s.stack,
        "--overlay",
        JSON.stringify(PROFILES[profile][s.environment]),
    );
    if (stackOutputs) args.push("--stack-outputs", JSON.stringify(stackOutputs));
    const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (child.status !== 0)
        throw new Error(
            `running stack ${s.stack} (profile ${profile}) for the account's cost failed:\n${child.stderr}`,
        );
    return JSON.parse(child.stdout) as ChildRun;
}

/** Under jest: the invocation's shared run of the stack, when it is this very run (harness/sharedRuns.ts); else undefined. */
export function sharedChildRun(
    s: AccountStack,
    profile: ProfileName,
    stackOutputs?: Record<string, StackOutputs>,
): ChildRun | undefined {
    const shared = reusableSharedRun(s.stack, { overlay: PROFILES[profile][s.environment], stackOutputs });
    return shared ? asJson({ outputs: shared.outputs, resources: costInputs(shared) }) : undefined; // what --run-of prints
}

/** Prices exactly `stacks` (in the account's order) from their runs; runs nothing. */
export function priceAccount(stacks: AccountStack[], runs: Record<string, ChildRun>, asOf: Date): AccountEstimate {
    return estimateAccountCost(
        stacks.map((s) => ({
            stack: s.stack,
            resources: runs[s.stack].resources,
            usage: ENVIRONMENT_USAGE[s.environment],
        })),
        { asOf },
    );
}

export interface AccountCost extends AccountEstimate {
    profile: ProfileName;
    environments: Record<string, Env>;
}

/** The owning stack of a reader's platformStack ("<org>/osprey-strike/main" → main). */
export function ownerOf(s: AccountStack, stacks: AccountStack[]): AccountStack | undefined {
    return s.platformStack === ""
        ? undefined
        : stacks.find((o) => o.platformStack === "" && s.platformStack.split("/").pop() === o.stack);
}

/** Prices the account: `known` are runs already made (the plan's own, its platform's); the other stacks run in children. */
export function accountCost(profile: ProfileName, asOf: Date, known: Record<string, ChildRun> = {}): AccountCost {
    const stacks = accountStacks();
    const runs = new Map<string, ChildRun>(Object.entries(known));
    for (const s of stacks) {
        if (runs.has(s.stack)) continue;
        const owner = ownerOf(s, stacks);
        const ownerRun = owner ? runs.get(owner.stack) : undefined;
        runs.set(s.stack, runStackInChild(s, profile, ownerRun ? { [s.platformStack]: ownerRun.outputs } : undefined));
    }
    const estimate = priceAccount(stacks, Object.fromEntries(runs), asOf);
    return { ...estimate, profile, environments: Object.fromEntries(stacks.map((s) => [s.stack, s.environment])) };
}
