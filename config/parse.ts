/**
 * Pure parsing and validation of what Pulumi holds for a stack. Collects EVERY problem so the engineer fixes the
 * stack file in one pass, then throws once, before any resource is registered.
 */
import { Field, Fields, Group, isPerEnv, Setting, ValueOf } from "./declare";
import { clusterCrossChecks, quotaCrossChecks } from "./clusterChecks";
import { dataCrossChecks } from "./dataChecks";
import { gitopsCrossChecks } from "./gitopsChecks";
import { LAYERS, PLATFORM_SECRETS, SECRETS, STACK } from "./settings";
import { githubRepositoryOfUrl } from "../lib/repositoryRules";
import { ENVIRONMENTS, Env, isEnv, PROJECT } from "../lib/naming";
import { durationSeconds } from "../lib/authContract";
import { applyShared } from "./shared";
import { formatProblem, problem, Problem, problemIf } from "../lib/problems";

type Layers = typeof LAYERS;
type Common = { [K in Exclude<keyof Layers, "platform" | "argocd">]: ValueOf<Layers[K]> };
export type PlatformSettings = ValueOf<Layers["platform"]>;
export type ArgocdSettings = ValueOf<Layers["argocd"]>;

/** The typed settings of one stack: defaults applied, every rule checked. */
export type PlainConfig = Common & {
    environment: Env;
    /** The environment's DNS name, `<environment>.<zone.domain>` (lib/naming.ts). */
    environmentDomain: string;
} & (
        | { ownsPlatform: true; platformStack: ""; platform: PlatformSettings; argocd: ArgocdSettings }
        | { ownsPlatform: false; platformStack: string; platform?: undefined; argocd?: undefined }
    );

/**
 * The stack's configuration refused, every problem at once. Each problem's propertyPath is the fully qualified config
 * key and path as `pulumi config set --path` takes it (`osprey-strike:platform.cluster.endpoint.publicAccessCidrs`,
 * `aws:region`); a rule over a whole map names the map (`osprey-strike:workloads.quota`). The message lists them.
 */
export class ConfigError extends Error {
    constructor(readonly problems: Problem[]) {
        super(
            `Stack configuration is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was created:\n` +
                problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

const key = (path: string) => `${PROJECT}:${path}`;

/** A raw value as Pulumi hands it over: top-level values are strings; values inside objects keep their JSON type. */
function coerce(raw: unknown, s: Setting<unknown>): { value?: unknown; problem?: string } {
    switch (s.kind) {
        case "string":
            return typeof raw === "string" ? { value: raw } : { problem: `${JSON.stringify(raw)} is not a string` };
        case "integer": {
            const n = typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
            return typeof n === "number" && Number.isInteger(n)
                ? { value: n }
                : { problem: `${JSON.stringify(raw)} is not an integer` };
        }
        case "boolean": {
            const b = raw === "true" ? true : raw === "false" ? false : raw;
            return typeof b === "boolean" ? { value: b } : { problem: `${JSON.stringify(raw)} is not true or false` };
        }
        case "list":
            return Array.isArray(raw) && raw.every((x) => typeof x === "string")
                ? { value: raw }
                : { problem: `${JSON.stringify(raw)} is not a list of strings (a YAML list in the stack file)` };
    }
}

/** The problem with one value given for a setting (its type, its choices and its check), or undefined. */
export function settingValueProblem(s: Setting<unknown>, raw: unknown): string | undefined {
    const { value, problem: typeProblem } = coerce(raw, s);
    return typeProblem ?? s.check?.(value as never);
}

/** Parses one field at `path`, collecting problems; `env` resolves per-environment defaults. */
function parseField(field: Field, raw: unknown, path: string, env: Env | undefined, problems: Problem[]): unknown {
    if (field.node === "group") return parseGroup(field, raw, path, env, problems);
    if (raw === undefined) {
        const d = field.default;
        if (d === undefined) {
            problems.push(problem(key(path), `missing; set it in the stack file (${field.description})`));
            return undefined;
        }
        return isPerEnv(d) ? (env ? d.perEnv[env] : undefined) : d;
    }
    const { value, problem: typeProblem } = coerce(raw, field);
    const p = typeProblem ?? field.check?.(value as never);
    if (p) {
        problems.push(problem(key(path), p));
        return undefined;
    }
    return value;
}

function parseGroup(
    g: Group<Fields>,
    raw: unknown,
    path: string,
    env: Env | undefined,
    problems: Problem[],
): Record<string, unknown> {
    let obj: Record<string, unknown> = {};
    if (typeof raw === "string") {
        try {
            raw = JSON.parse(raw);
        } catch {
            /* reported below */
        }
    }
    if (raw !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw))) {
        problems.push(
            problem(
                key(path),
                `${JSON.stringify(raw)} is not a map; write it as a YAML map of ${Object.keys(g.fields).join(", ")}`,
            ),
        );
    } else if (raw) {
        obj = raw as Record<string, unknown>;
    }
    for (const k of Object.keys(obj)) {
        if (!(k in g.fields))
            problems.push(
                problem(key(`${path}.${k}`), `unknown setting; ${path} takes ${Object.keys(g.fields).join(", ")}`),
            );
    }
    return Object.fromEntries(
        Object.entries(g.fields).map(([k, f]) => [k, parseField(f, obj[k], `${path}.${k}`, env, problems)]),
    );
}

/** Every leaf path set in a raw group value (for the message that names what a stack may not set). */
function setPaths(raw: unknown, path: string): string[] {
    let v = raw;
    if (typeof v === "string") {
        try {
            v = JSON.parse(v);
        } catch {
            return [path];
        }
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) return [path];
    return Object.entries(v).flatMap(([k, x]) => setPaths(x, `${path}.${k}`));
}

/**
 * @param raw   the stack's values keyed by bare key (no project prefix), as Pulumi holds them: strings, structured
 *              layers as JSON strings. Secret values are only checked for presence and never appear in a message.
 * @param stack the stack's name, for the messages.
 */
export function parseConfig(stackRaw: Record<string, string | undefined>, stack: string): PlainConfig {
    // The facts every stack shares (config/shared.ts), completed where the stack's map leaves them out (Pulumi replaces
    // a whole key, so main's `access` with its office bypass alone would lack them). A stack that sets one differently
    // is refused by config/index.ts (sharedProblems), naming the key.
    const { raw } = applyShared(stackRaw, stack);
    const problems: Problem[] = [];
    const known = new Set([
        ...Object.keys(STACK),
        ...Object.keys(SECRETS),
        ...Object.keys(PLATFORM_SECRETS),
        ...Object.keys(LAYERS),
    ]);
    for (const k of Object.keys(raw)) {
        if (!known.has(k))
            problems.push(
                problem(
                    key(k),
                    `unknown key; remove it from Pulumi.${stack}.yaml (config/settings.ts declares every key)`,
                ),
            );
    }
    const environment = parseField(STACK.environment, raw.environment, "environment", undefined, problems) as
        Env | undefined;
    const platformStack = parseField(STACK.platformStack, raw.platformStack, "platformStack", undefined, problems) as
        string | undefined;
    for (const s of Object.keys(SECRETS)) {
        if (!raw[s])
            problems.push(
                problem(
                    key(s),
                    `missing; set it with \`pulumi config set --secret ${key(s)} <value> --stack ${stack}\``,
                ),
            );
    }
    const env = isEnv(environment) ? environment : undefined;
    // Ownership follows the raw value, so a malformed platformStack is reported once (not as missing platform settings).
    const referenced = platformStack ?? raw.platformStack ?? "";
    const ownsPlatform = referenced === "";
    const out: Record<string, unknown> = {};
    for (const [name, g] of Object.entries(LAYERS) as [keyof Layers, Group<Fields>][]) {
        if (g.applies === "platform-owner" && !ownsPlatform) {
            for (const p of raw[name] === undefined ? [] : setPaths(raw[name], name)) {
                problems.push(
                    problem(
                        key(p),
                        `set in stack "${stack}", which does not own the platform (platformStack: ${referenced}), so it would have no effect; ` +
                            `set it in the stack file of the owning stack (${referenced.split("/").pop()}) and remove it from Pulumi.${stack}.yaml`,
                    ),
                );
            }
            continue;
        }
        out[name] = parseGroup(g, raw[name], name, env, problems);
    }
    // The platform's own secrets: present exactly where a setting of the platform's stack needs them.
    const rulesOn = (out.platform as { repositoryRules?: { enabled?: boolean } } | undefined)?.repositoryRules?.enabled;
    for (const s of Object.keys(PLATFORM_SECRETS)) {
        if (!ownsPlatform && raw[s] !== undefined)
            problems.push(
                problem(
                    key(s),
                    `set in stack "${stack}", which does not own the platform; only the platform's stack may hold it: \`pulumi config rm ${key(s)} --stack ${stack}\``,
                ),
            );
        if (ownsPlatform && rulesOn === true && !raw[s])
            problems.push(
                problem(
                    key(s),
                    `missing (platform.repositoryRules.enabled is true); set it with \`pulumi config set --secret ${key(s)} <value> --stack ${stack}\`, or set platform.repositoryRules.enabled to false`,
                ),
            );
    }
    const cfg = {
        ...out,
        environment,
        platformStack,
        ownsPlatform,
        environmentDomain:
            env && (out.zone as { domain?: string } | undefined)?.domain
                ? `${env}.${(out.zone as { domain: string }).domain}`
                : "",
    } as PlainConfig;
    problems.push(...crossChecks(cfg));
    if (problems.length > 0) throw new ConfigError(problems);
    return cfg;
}

/** Whether a parsed value has every leaf (a setting that failed to parse is undefined). */
const complete = (v: unknown): boolean =>
    v !== undefined && (typeof v !== "object" || v === null || Array.isArray(v) || Object.values(v).every(complete));

/** Rules that span settings; each runs when the settings it reads parsed, so one message still lists every problem. */
function crossChecks(c: PlainConfig): Problem[] {
    const problems: Problem[] = [];
    if (c.environment === "demo" && c.access?.officeBypassCidrs && c.access.officeBypassCidrs.length > 0) {
        problems.push(
            problem(
                key("access.officeBypassCidrs"),
                `demo always requires authentication (a stakeholder demo must never show an unauthenticated view); remove the list from the demo stack file`,
            ),
        );
    }
    if (c.keycloak?.url && c.zone?.domain) {
        problems.push(...problemIf(key("keycloak.url"), keycloakHostProblem(c.keycloak.url, c.zone.domain)));
    }
    if (c.ownsPlatform && complete(c.platform?.identity)) {
        const id = c.platform.identity;
        if (durationSeconds(id.ssoSessionIdleTimeout)! > durationSeconds(id.ssoSessionMaxLifespan)!) {
            problems.push(
                problem(
                    key("platform.identity.ssoSessionIdleTimeout"),
                    `${id.ssoSessionIdleTimeout} is longer than ssoSessionMaxLifespan (${id.ssoSessionMaxLifespan})`,
                ),
            );
        }
        if (durationSeconds(id.accessTokenLifespan)! > durationSeconds(id.ssoSessionIdleTimeout)!) {
            problems.push(
                problem(
                    key("platform.identity.accessTokenLifespan"),
                    `${id.accessTokenLifespan} outlives the SSO session idle timeout (${id.ssoSessionIdleTimeout}); keep it minutes`,
                ),
            );
        }
    }
    if (c.ownsPlatform && c.platform?.repositoryRules?.enabled === true && c.gitops?.repoUrl) {
        if (!githubRepositoryOfUrl(c.gitops.repoUrl))
            problems.push(
                problem(
                    key("platform.repositoryRules.enabled"),
                    `the rulesets are GitHub's, and gitops.repoUrl (${c.gitops.repoUrl}) is not https://github.com/<owner>/<repo>; set enabled to false and protect the repository by hand (docs/delivery.md)`,
                ),
            );
    }
    if (isEnv(c.environment) && complete(c.data)) problems.push(...dataCrossChecks(c)); // data layer: config/dataChecks.ts
    if (isEnv(c.environment) && complete(c.gitops)) problems.push(...gitopsCrossChecks(c.environment, c.gitops)); // GitOps layer: config/gitopsChecks.ts
    if (complete(c.workloads?.quota)) problems.push(...quotaCrossChecks(c.workloads.quota));
    if (c.ownsPlatform && complete(c.platform?.cluster)) problems.push(...clusterCrossChecks(c.platform)); // cluster layer: config/clusterChecks.ts
    // A dualstack ALB needs IPv6 public subnets; the platform's owner can check its own VPC (another stack: docs/configuration.md).
    if (
        c.ownsPlatform &&
        c.alb?.ipAddressType !== undefined &&
        c.alb.ipAddressType !== "ipv4" &&
        c.platform?.network?.ipv6 === false
    ) {
        problems.push(
            problem(
                key("alb.ipAddressType"),
                `"${c.alb.ipAddressType}" needs IPv6 on the VPC and its public subnets; set ${key("platform.network.ipv6")} to true or the type to ipv4`,
            ),
        );
    }
    // The agent runs deployments that assume their stack's OIDC role: without an organization there is none (docs/delivery.md).
    if (c.ownsPlatform && c.platform?.deployments?.agent?.enabled === true && c.deployments?.organization === "") {
        problems.push(
            problem(
                key("platform.deployments.agent.enabled"),
                `true needs ${key("deployments.organization")} (the agent's deployments assume this stack's OIDC role); set the Pulumi organization or turn the agent off`,
            ),
        );
    }
    // A drift run assumes the stack's deployment role as operation detect-drift: a role that refuses it fails every run,
    // and each failure pages (components/delivery/driftWatch.ts). Checked on the owner, whose file holds the watch.
    const watch = c.ownsPlatform ? c.platform?.deployments?.driftWatch : undefined;
    const operations = c.deployments?.operations;
    if (
        watch?.enabled === true &&
        c.deployments?.organization !== "" &&
        operations &&
        !operations.includes("detect-drift")
    ) {
        problems.push(
            problem(
                key("deployments.operations"),
                `lacks "detect-drift", which ${key("platform.deployments.driftWatch.enabled")} needs (each scheduled drift run assumes the deployment role as operation detect-drift); add it, or turn the drift watch off`,
            ),
        );
    }
    return problems;
}

/**
 * The ALB calls Keycloak's token and userinfo endpoints server to server, with no browser and no Access session: a
 * Keycloak host behind an environment's Access application would answer those calls with a login redirect and no one
 * could log in. Access covers each environment's hostname and its `<app>-<env>` siblings (components/edge/hostnames.ts),
 * so Keycloak may live in the zone (e.g. auth.<domain>) but not on one of those names.
 */
export function keycloakHostProblem(url: string, domain: string): string | undefined {
    const host = url.replace(/^https:\/\//, "").replace(/:\d+$/, "");
    for (const env of ENVIRONMENTS) {
        const envDomain = `${env}.${domain}`;
        const sibling = new RegExp(`^[a-z0-9-]+-${env}\\.${domain.replace(/\./g, "\\.")}$`);
        if (host === envDomain || host.endsWith(`.${envDomain}`) || sibling.test(host)) {
            return `"${host}" is a hostname of environment ${env}, behind its Cloudflare Access application; the ALB's server-to-server token and userinfo calls cannot pass Access. Serve Keycloak on its own name, e.g. https://auth.${domain}`;
        }
    }
    return undefined;
}
