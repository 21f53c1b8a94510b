/**
 * The offline plan's command line (tools/plan.ts): its usage and help texts (docs/plan.md and the docs tests read them)
 * and the parser. Nothing here loads the Pulumi SDK, so a refused argument answers at once.
 */
import { isProfileName, PROFILE_NAMES, ProfileName } from "../config/profiles";

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

export interface PlanArgs {
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

export function parseArgs(argv: string[]): PlanArgs {
    const args: Partial<PlanArgs> = {
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
    return args as PlanArgs;
}

/** A bad argument: the plan prints it with the usage line (exit 2). */
export class UsageError extends Error {}
