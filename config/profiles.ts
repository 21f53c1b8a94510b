/**
 * Cost profiles: named sets of settings, per stack, that the plan (`--profile <name>`), `npm run bench` and the
 * README's cost section compute. A profile only sets keys declared in config/settings.ts, in the stack files'
 * shape (layer → group → key), so `pulumi config set --path` reproduces it; tests parse every profile.
 *
 * - default: no overrides. The seed's topology: t3.medium × 2 nodes, db.t4g.small for each environment, one ALB per
 *   environment (IPv4), one NAT gateway, control-plane logs api + audit + authenticator for 30 days, gp3 node volumes.
 * - lean: the same capabilities for less: Graviton nodes (t4g.medium: same 2 vCPU / 4 GiB, arm64 images needed),
 *   ALBs without public IPv4 (IPv6 VPC, Cloudflare reaches the origin over IPv6), demo's database one class
 *   smaller (db.t4g.micro, 1 GiB RAM: stakeholder demos only), control-plane logs audit + authenticator
 *   (who did what, who logged in; the api server's diagnostic log is dropped) kept 30 days.
 */
export const PROFILE_NAMES = ["default", "lean"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Layer objects (as in a stack file under `osprey-strike:<layer>`), deep-merged over the stack file's. */
export type Overlay = Record<string, Record<string, unknown>>;

export const PROFILES: Readonly<Record<ProfileName, { description: string; main: Overlay; demo: Overlay }>> = {
    default: { description: "the seed's topology with the settings' defaults", main: {}, demo: {} },
    lean: {
        description: "Graviton nodes, ALBs without public IPv4, demo on db.t4g.micro, control-plane logs audit + authenticator",
        main: {
            alb: { ipAddressType: "dualstack-without-public-ipv4" },
            platform: {
                network: { ipv6: true },
                cluster: { nodeGroup: { instanceTypes: ["t4g.medium"] }, controlPlaneLogs: { types: ["audit", "authenticator"] } },
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
    if (typeof base !== "object" || base === null || Array.isArray(base) || typeof overlay !== "object" || overlay === null || Array.isArray(overlay)) {
        return overlay;
    }
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(overlay)) out[k] = k in out ? mergeOverlay(out[k], v) : v;
    return out;
}
