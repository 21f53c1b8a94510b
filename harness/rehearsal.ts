/**
 * The first-deploy rehearsal: walks lib/firstDeploy.ts's steps in order on the mock cloud, as an operator at a
 * workstation would run them, and refuses an order that cannot work. Each `pulumi up` pass is the whole program, run
 * in a child process from a fresh load, with the stack's config as the earlier `pulumi config set/rm --path` calls left it; demo's passes read
 * main's outputs as main's latest pass exported them; the ALBs the controller makes exist only from the step that
 * waits for them (the mock's getLoadBalancer answers "0 results" before that, as AWS would).
 *
 * After each step, against the world as the earlier steps left it (resources of every pass so far, latest outputs,
 * facts that steps without `pulumi up` brought about):
 * - a pass that talks to the cluster's private API from the workstation goes through the tunnel, and the jumpbox and
 *   cluster the tunnel needs were created by an EARLIER pass (the tunnel is open before the pass starts);
 * - an EKS access entry names a role this program creates only once an earlier pass created it (EKS refuses an
 *   access entry for a principal that does not exist);
 * - a pass destroys nothing an earlier pass of its stack created;
 * - the pack has no mandatory violation on the pass's graph;
 * - what the step needs exists (lib/firstDeploy.ts `needs`).
 * At the end, the stack files the rehearsal leaves are what Pulumi Deployments runs: no tunnel, every switch back on.
 */
import { RecordedResource } from "./graph";
import { MOCK_ACCOUNT_ID, StackOutputs } from "./mockCloud";
import type { ProgramRun, RunOptions } from "./runProgram";
import { runProgramsInChild } from "./sharedRuns";
import { loadStackConfig } from "./stackConfig";
import { runPolicies } from "./policyRunner";
import { ConfigChange, Fact, FIRST_DEPLOY, Need, Step, StackName } from "../lib/firstDeploy";
import { environmentNames, PROJECT } from "../lib/naming";

type Layered = Record<string, unknown>;

/** Applies `pulumi config set/rm --path <project>:<path>` to a loaded config (layer values are JSON strings). */
export function applyConfigChange(
    config: Record<string, string>,
    change: ConfigChange,
    account = MOCK_ACCOUNT_ID,
): void {
    const segments = change.path.split(/\.|(?=\[)/).map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
    const [layer, ...rest] = segments;
    const key = `${PROJECT}:${String(layer)}`;
    if (rest.length === 0) {
        if (change.value === undefined) delete config[key];
        else config[key] = change.value;
        return;
    }
    const root = (config[key] === undefined ? {} : JSON.parse(config[key])) as Layered;
    let node: Layered | unknown[] = root;
    for (const [i, s] of rest.slice(0, -1).entries()) {
        const next = (node as Layered)[s as string] ?? (typeof rest[i + 1] === "number" ? [] : {});
        (node as Layered)[s as string] = next;
        node = next as Layered;
    }
    const last = rest[rest.length - 1];
    if (change.value === undefined) {
        if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
        else delete (node as Layered)[last as string];
    } else {
        if (Array.isArray(node) && typeof last === "number" && last > node.length)
            throw new Error(
                `pulumi config set --path ${change.path}: index ${last} is past the end of a list of ${node.length}`,
            );
        (node as Layered)[last as string] = change.value.replace("{account}", account);
    }
    config[key] = JSON.stringify(root);
}

/**
 * The stacks' config at every pass (the stack file, then every earlier change of that stack, in order), and what each
 * stack file holds after the last step: what Pulumi Deployments runs from then on.
 */
export function passConfigs(steps: Step[]): {
    atPass: Map<Step, Record<string, string>>;
    final: Record<StackName, Record<string, string>>;
} {
    const current: Record<StackName, Record<string, string>> = {
        main: { ...loadStackConfig("main").config },
        demo: { ...loadStackConfig("demo").config },
    };
    const atPass = new Map<Step, Record<string, string>>();
    for (const step of steps) {
        for (const p of [...(step.pass ? [step.pass] : []), ...(step.config ?? [])])
            for (const c of p.config) applyConfigChange(current[p.stack], c);
        if (step.pass) atPass.set(step, { ...current[step.pass.stack] });
    }
    return { atPass, final: current };
}

/** Facts brought about by the steps before `index`. */
const factsBefore = (steps: Step[], index: number): Set<Fact> =>
    new Set(steps.slice(0, index).flatMap((s) => s.provides ?? []));

export interface PassRun {
    run?: ProgramRun;
    /** The run's error (a lookup of something that does not exist yet, a config error). */
    error?: string;
    config: Record<string, string>;
}

/**
 * Runs every pass: main's in one child process, in order (none reads another stack), then the other stacks' in another,
 * each reading main's outputs as main's latest pass before it exported them (harness/sharedRuns.ts runProgramsInChild:
 * each pass a whole program from a fresh load, a failed pass never followed by another in its process).
 */
export async function runPasses(steps: Step[] = FIRST_DEPLOY): Promise<Map<Step, PassRun>> {
    const configs = passConfigs(steps).atPass;
    const platformStackName = loadStackConfig("demo").config[`${PROJECT}:platformStack`];
    const passes = steps.flatMap((step, index) => (step.pass ? [{ step, index, stack: step.pass.stack }] : []));
    const options = (p: (typeof passes)[number], stackOutputs?: Record<string, StackOutputs>): RunOptions => {
        const facts = factsBefore(steps, p.index);
        const loadBalancers = (["main", "demo"] as const)
            .map((e) => environmentNames(e).ingressGroup)
            .filter((g) => facts.has(`ALB of ${g}`));
        return {
            stack: p.stack,
            configOverrides: configs.get(p.step)!,
            ...(stackOutputs ? { stackOutputs } : {}),
            outOfBand: { loadBalancers },
        };
    };
    const done = new Map<Step, PassRun>();
    const record = async (list: typeof passes, opts: RunOptions[]) =>
        (await runProgramsInChild(opts)).forEach((outcome, i) =>
            done.set(list[i].step, { config: configs.get(list[i].step)!, ...outcome }),
        );
    const mains = passes.filter((p) => p.stack === "main");
    await record(
        mains,
        mains.map((p) => options(p)),
    );
    const readers: typeof passes = [];
    const readerOptions: RunOptions[] = [];
    for (const p of passes.filter((q) => q.stack !== "main")) {
        const owner = mains.filter((m) => m.index < p.index).pop();
        const ownerRun = owner && done.get(owner.step)!.run;
        if (!ownerRun) {
            const error = `no earlier pass of main exported the outputs ${platformStackName} reads`;
            done.set(p.step, { config: configs.get(p.step)!, error });
            continue;
        }
        readers.push(p);
        readerOptions.push(options(p, { [platformStackName]: ownerRun.outputs }));
    }
    if (readers.length > 0) await record(readers, readerOptions);
    return new Map(passes.map((p) => [p.step, done.get(p.step)!]));
}

export interface StepReport {
    number: number;
    title: string;
    problems: string[];
}

/** The line of a child's error that says what went wrong (not the runner's header, not a stack frame). */
function firstCause(error: string): string {
    const lines = error.split("\n").map((l) => l.trim());
    return lines.find((l) => l !== "" && !/^running stack .* failed/.test(l) && !l.startsWith("at ")) ?? lines[0];
}

/**
 * The Helm release (by release name) whose chart installs the CRDs of an API group: a custom resource of that group can
 * be created only once the release exists (in an earlier pass, or in the same pass, which orders them itself).
 */
const CRD_RELEASES: Record<string, string> = {
    "argoproj.io": "argocd",
    "argocd-image-updater.argoproj.io": "argocd-image-updater",
    "external-secrets.io": "external-secrets",
    "elbv2.k8s.aws": "aws-load-balancer-controller",
};
const apiGroupOf = (type: string) => /^kubernetes:([^/]+)\/[^:]+:/.exec(type)?.[1];

const physicalName = (r: RecordedResource): unknown =>
    r.inputs.name ?? (r.inputs.metadata as { name?: unknown } | undefined)?.name ?? r.inputs.bucket;
const roleNameOf = (arn: string) => arn.split("/").pop() ?? arn;
const isClusterApi = (r: RecordedResource) => r.custom && r.type.startsWith("kubernetes:");

/** Access entry principals of a run: the eks component's `accessEntries`, and access entries as resources (its modelled children among them), once each. */
function accessEntryPrincipals(run: ProgramRun): string[] {
    const fromComponent = run.resources
        .filter((r) => r.type === "eks:index:Cluster")
        .flatMap((r) =>
            Object.values((r.inputs.accessEntries ?? {}) as Record<string, { principalArn?: unknown }>).map(
                (e) => e.principalArn,
            ),
        );
    const asResources = run.resources
        .filter((r) => r.type === "aws:eks/accessEntry:AccessEntry")
        .map((r) => r.inputs.principalArn);
    return [...new Set([...fromComponent, ...asResources].filter((p): p is string => typeof p === "string"))];
}

/** Checks the order of the steps against what their passes recorded (pure: the runs are given). */
export async function checkSequence(steps: Step[], runs: Map<Step, PassRun>): Promise<StepReport[]> {
    const world: Record<StackName, RecordedResource[]> = { main: [], demo: [] };
    const outputs: Partial<Record<StackName, StackOutputs>> = {};
    const previous: Partial<Record<StackName, ProgramRun>> = {};
    const facts = new Set<Fact>();
    // Roles the program creates (by name, any pass of any stack): an access entry for one needs it to exist first.
    const programRoles = new Set(
        [...runs.values()]
            .flatMap((p) => p.run?.resources ?? [])
            .flatMap((r) =>
                r.type === "aws:iam/role:Role" && typeof r.inputs.name === "string" ? [r.inputs.name] : [],
            ),
    );
    const has = (stack: StackName, type: string, name: string) =>
        world[stack].some((r) => r.type === type && physicalName(r) === name);
    const reports: StepReport[] = [];
    for (const [i, step] of steps.entries()) {
        const problems: string[] = [];
        const pass = step.pass ? runs.get(step) : undefined;
        if (step.pass && !pass) problems.push("its pass was not run");
        if (step.pass && pass?.error)
            problems.push(`pulumi up --stack ${step.pass.stack} fails: ${firstCause(pass.error)}`);
        if (step.pass && pass?.run) {
            const { stack } = step.pass;
            const run = pass.run;
            const tunnel = pass.config[`${PROJECT}:kubernetes`]
                ? (JSON.parse(pass.config[`${PROJECT}:kubernetes`]) as { apiTunnelUrl?: string }).apiTunnelUrl
                : undefined;
            if (run.resources.some(isClusterApi)) {
                if (!tunnel)
                    problems.push(
                        "it talks to the cluster's private API from a workstation without kubernetes.apiTunnelUrl (the jumpbox tunnel)",
                    );
                else {
                    if (!world.main.some((r) => r.type === "eks:index:Cluster"))
                        problems.push("it goes through the tunnel to a cluster no earlier pass created");
                    if (
                        !world.main.some(
                            (r) =>
                                r.type === "aws:ec2/instance:Instance" && r.parent?.includes("osprey:cluster:Jumpbox"),
                        )
                    )
                        problems.push("it goes through the jumpbox tunnel, but no earlier pass created the jumpbox");
                }
            }
            const releases = new Set(
                [...world.main, ...world.demo, ...run.resources]
                    .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
                    .map((r) => physicalName(r)),
            );
            const missingCrds = new Map<string, string>();
            for (const r of run.resources.filter(isClusterApi)) {
                const release = CRD_RELEASES[apiGroupOf(r.type) ?? ""];
                if (release && !releases.has(release)) missingCrds.set(r.type, release);
            }
            for (const [type, release] of missingCrds)
                problems.push(
                    `it creates ${type} objects, whose CRD the ${release} Helm release installs, which no earlier pass created`,
                );
            const existingRoles = new Set(
                [...world.main, ...world.demo].flatMap((r) =>
                    r.type === "aws:iam/role:Role" ? [physicalName(r)] : [],
                ),
            );
            for (const principal of accessEntryPrincipals(run)) {
                const name = roleNameOf(principal);
                if (programRoles.has(name) && !existingRoles.has(name))
                    problems.push(
                        `an EKS access entry names ${principal}, a role no earlier pass created (EKS refuses entries for principals that do not exist)`,
                    );
            }
            const before = previous[stack];
            if (before) {
                const now = new Set(run.resources.map((r) => r.urn));
                const gone = before.resources.filter((r) => !r.read && !now.has(r.urn));
                if (gone.length > 0)
                    problems.push(
                        `it destroys ${gone.length} resource(s) an earlier pass created, e.g. ${gone[0].urn}`,
                    );
            }
            const mandatory = (await runPolicies(run.resources)).filter((v) => v.level === "mandatory");
            for (const v of mandatory) problems.push(`policy ${v.policy}: ${v.message}`);
            world[stack] = [
                ...world[stack].filter((r) => !run.resources.some((n) => n.urn === r.urn)),
                ...run.resources,
            ];
            outputs[stack] = run.outputs;
            previous[stack] = run;
        }
        for (const need of step.needs ?? []) {
            const missing = missingNeed(need, { has, outputs, facts, world });
            if (missing) problems.push(missing);
        }
        for (const f of step.provides ?? []) facts.add(f);
        reports.push({ number: i + 1, title: step.title, problems });
    }
    return reports;
}

function missingNeed(
    need: Need,
    w: {
        has: (stack: StackName, type: string, name: string) => boolean;
        outputs: Partial<Record<StackName, StackOutputs>>;
        facts: Set<Fact>;
        world: Record<StackName, RecordedResource[]>;
    },
): string | undefined {
    if ("fact" in need)
        return w.facts.has(need.fact) ? undefined : `it needs "${need.fact}", which no earlier step brought about`;
    if ("output" in need)
        return w.outputs[need.stack]?.outputs[need.output] !== undefined
            ? undefined
            : `it needs output ${need.output} of ${need.stack}, which no pass so far exported`;
    if ("resource" in need)
        return w.has(need.stack, need.resource, need.name)
            ? undefined
            : `it needs ${need.resource} ${need.name} in ${need.stack}, which no pass so far created`;
    const names = w.outputs[need.stack]?.outputs[need.secretsNamedBy];
    if (!Array.isArray(names))
        return `it needs output ${need.secretsNamedBy} of ${need.stack}, which no pass so far exported`;
    const absent = names.filter(
        (n) => typeof n !== "string" || !w.has(need.stack, "aws:secretsmanager/secret:Secret", n),
    );
    return absent.length === 0 ? undefined : `it puts values into ${absent.join(", ")}, which no pass so far created`;
}

/** What the stack files hold after the last step, where Pulumi Deployments (on the agent, inside the VPC) cannot run it. */
export function handoverProblems(steps: Step[]): string[] {
    const problems: string[] = [];
    const { final } = passConfigs(steps);
    for (const stack of ["main", "demo"] as const) {
        for (const layer of ["kubernetes", "edge"]) {
            const raw = final[stack][`${PROJECT}:${layer}`];
            const v = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
            if (v.enabled !== undefined && v.enabled !== true && v.enabled !== "true")
                problems.push(`${stack}: ${layer}.enabled is left ${String(v.enabled)}`);
            if (layer === "kubernetes" && v.apiTunnelUrl)
                problems.push(`${stack}: kubernetes.apiTunnelUrl is left set; the agent reaches the API directly`);
        }
    }
    return problems;
}

export interface RehearsalResult {
    steps: StepReport[];
    handover: string[];
    ok: boolean;
}

export async function rehearseFirstDeploy(
    steps: Step[] = FIRST_DEPLOY,
): Promise<RehearsalResult & { runs: Map<Step, PassRun> }> {
    const runs = await runPasses(steps);
    const reports = await checkSequence(steps, runs);
    const handover = handoverProblems(steps);
    return {
        steps: reports,
        handover,
        ok: reports.every((r) => r.problems.length === 0) && handover.length === 0,
        runs,
    };
}
