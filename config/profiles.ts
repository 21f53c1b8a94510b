/**
 * Cost profiles: named sets of settings, per stack, that the plan (`--profile <name>`), `npm run bench` and the
 * docs/cost.md's figures compute. A profile only sets keys declared in config/settings.ts, in the stack files'
 * shape (layer → group → key), so `pulumi config set --path` reproduces it; tests parse every profile.
 *
 * - default: no overrides. The required topology (docs/requirements.md, Cost): t3.medium × 2 nodes, db.t4g.small for
 * each environment, one ALB per
 *   environment (IPv4), one NAT gateway, control-plane logs api + audit + authenticator for 30 days, gp3 node volumes.
 * - lean: the same capabilities for less: Graviton nodes (t4g.medium: same 2 vCPU / 4 GiB, arm64 images needed),
 *   ALBs without public IPv4 (IPv6 VPC, Cloudflare reaches the origin over IPv6), demo's database one class
 *   smaller (db.t4g.micro, 1 GiB RAM: stakeholder demos only), control-plane logs audit + authenticator
 *   (who did what, who logged in; the api server's diagnostic log is dropped) kept 30 days, container logs only
 *   (Fluent Bit; no Container Insights metrics, so no node CPU, memory or readiness alarms) kept 7 days.
 */
export const PROFILE_NAMES = ["default", "lean"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Layer objects (as in a stack file under `osprey-strike:<layer>`), deep-merged over the stack file's. */
export type Overlay = Record<string, Record<string, unknown>>;

export const PROFILES: Readonly<Record<ProfileName, { description: string; main: Overlay; demo: Overlay }>> = {
    default: { description: "the required topology with the settings' defaults", main: {}, demo: {} },
    lean: {
        description:
            "Graviton nodes, ALBs without public IPv4, demo on db.t4g.micro, control-plane logs audit + authenticator, container logs only (no Container Insights metrics, no node alarms) kept 7 days",
        main: {
            alb: { ipAddressType: "dualstack-without-public-ipv4" },
            platform: {
                network: { ipv6: true },
                cluster: {
                    nodeGroup: { instanceTypes: ["t4g.medium"] },
                    controlPlaneLogs: { types: ["audit", "authenticator"] },
                    observability: { containerInsights: false, containerLogRetentionDays: 7 },
                },
            },
        },
        demo: {
            alb: { ipAddressType: "dualstack-without-public-ipv4" },
            data: { database: { instanceClass: "db.t4g.micro" } },
        },
    },
};

export const isProfileName = (v: string): v is ProfileName => (PROFILE_NAMES as readonly string[]).includes(v);

/** Deep-merges `overlay` into `base` (objects merge key by key; anything else replaces). Pure. */
export function mergeOverlay(base: unknown, overlay: unknown): unknown {
    if (
        typeof base !== "object" ||
        base === null ||
        Array.isArray(base) ||
        typeof overlay !== "object" ||
        overlay === null ||
        Array.isArray(overlay)
    ) {
        return overlay;
    }
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(overlay)) out[k] = k in out ? mergeOverlay(out[k], v) : v;
    return out;
}

/** What a setting needs besides its config value (printed as a comment under its command). */
const SETTING_NOTES: Readonly<Record<string, string>> = {
    "alb.ipAddressType":
        "also set alb.ingress.kubernetes.io/ip-address-type in kubernetes/components/alb-<environment> (a test keeps them equal); needs platform.network.ipv6 on main first",
    "platform.cluster.nodeGroup.instanceTypes":
        "Graviton nodes are arm64: every image must be built for arm64 (multi-arch) first",
};

/** A value as `pulumi config set --path` takes it: "true", "false" and integers become booleans and numbers there. */
const configValue = (v: unknown): { text: string; type?: string } => {
    if (typeof v === "boolean" || typeof v === "number") return { text: String(v) };
    const text = String(v);
    return /^(true|false|-?\d+)$/.test(text) ? { text, type: "string" } : { text };
};

const shellQuote = (s: string) => (/^[A-Za-z0-9_.:/@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The `pulumi config set --path` commands that make a real stack match a profile (the overlay the plan applies): one per
 * leaf, and a list first removed (`pulumi config rm --path`) so the profile's list replaces the stack file's rather than
 * overwriting its first items. Pulumi's CLI docs (pulumi config set): with --path, "true"/"false" and integers are stored
 * as booleans and numbers, so a string that looks like one gets `--type string`. Pure.
 */
export function profileConfigCommands(
    profile: ProfileName,
    stack: string,
    environment: "main" | "demo",
    project = "osprey-strike",
): string[] {
    const out: string[] = [];
    const set = (path: string, v: unknown) => {
        const { text, type } = configValue(v);
        out.push(
            `pulumi config set --path ${shellQuote(`${project}:${path}`)} ${shellQuote(text)}${type ? ` --type ${type}` : ""} --stack ${stack}`,
        );
    };
    const walk = (path: string, v: unknown) => {
        if (Array.isArray(v)) {
            out.push(`pulumi config rm --path ${shellQuote(`${project}:${path}`)} --stack ${stack}`);
            v.forEach((x, i) => set(`${path}[${i}]`, x));
        } else if (typeof v === "object" && v !== null) {
            for (const [k, x] of Object.entries(v)) walk(`${path}.${k}`, x);
        } else {
            set(path, v);
        }
    };
    for (const [layer, v] of Object.entries(PROFILES[profile][environment])) walk(layer, v);
    return out;
}

/** The notes of the settings a profile sets for a stack (SETTING_NOTES), as shell comments. */
export function profileConfigNotes(profile: ProfileName, environment: "main" | "demo"): string[] {
    const paths: string[] = [];
    const walk = (path: string, v: unknown) => {
        if (typeof v === "object" && v !== null && !Array.isArray(v))
            for (const [k, x] of Object.entries(v)) walk(`${path}.${k}`, x);
        else paths.push(path);
    };
    for (const [layer, v] of Object.entries(PROFILES[profile][environment])) walk(layer, v);
    return paths.filter((p) => SETTING_NOTES[p]).map((p) => `# ${p}: ${SETTING_NOTES[p]}`);
}
