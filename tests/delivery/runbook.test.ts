/**
 * docs/runbook.md names only settings that exist (config/settings.ts), like tests/gitops/readme.test.ts for "First deploy":
 * every `pulumi config` command's key, every backticked layer path, every secret; the README links it.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { Field, Fields } from "../../config/declare";
import { LAYERS, PLATFORM_SECRETS, SECRETS, STACK } from "../../config/settings";
import { DEPLOY_AGENT_TOKEN_SECRET_NAME, deployRoleName, ENVIRONMENTS } from "../../lib/naming";
import { DOC_PAGES } from "../docPages";

const ROOT = join(__dirname, "..", "..");
const runbook = readFileSync(join(ROOT, "docs", "runbook.md"), "utf8");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

/** Whether `a.b.c` is a declared setting (a leaf) of the layers, a stack setting or a secret. */
function declared(path: string): boolean {
    if (path in SECRETS || path in PLATFORM_SECRETS || path in STACK) return true;
    const [layer, ...rest] = path.split(".");
    let f: Field | undefined = (LAYERS as unknown as Fields)[layer];
    for (const k of rest) f = f?.node === "group" ? f.fields[k] : undefined;
    return f?.node === "setting";
}
/** Whether `a.b` names a group of settings (a page may point at a whole group, e.g. `platform.cluster`). */
function declaredGroup(path: string): boolean {
    const [layer, ...rest] = path.split(".");
    let f: Field | undefined = (LAYERS as unknown as Fields)[layer];
    for (const k of rest) f = f?.node === "group" ? f.fields[k] : undefined;
    return f?.node === "group";
}
const configCommandKeys = (text: string) =>
    [...text.matchAll(/pulumi config (?:set|rm|get)(?: --secret| --path)* osprey-strike:([\w.]+)/g)].map((m) => m[1]);
const layerPaths = (text: string) =>
    [...text.matchAll(/`([a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)+)`/g)]
        .map((m) => m[1])
        .filter((p) => (p.split(".")[0] as string) in LAYERS);

describe("docs/runbook.md", () => {
    it("is linked from the README", () => {
        expect(readme).toContain("](docs/runbook.md)");
    });

    it("names only pulumi config keys the schema declares", () => {
        const keys = configCommandKeys(runbook);
        expect(keys.length).toBeGreaterThanOrEqual(6);
        expect(keys.filter((k) => !declared(k))).toEqual([]);
    });

    it("names only layer settings that exist, wherever it mentions them", () => {
        const paths = layerPaths(runbook);
        expect(paths).toEqual(
            expect.arrayContaining([
                "deployments.organization",
                "platform.cluster.adminRoleArns",
                "kubernetes.apiTunnelUrl",
            ]),
        );
        expect(paths.filter((k) => !declared(k))).toEqual([]);
    });

    it("the checks can fail: an invented key is caught", () => {
        expect(
            configCommandKeys("pulumi config set --path osprey-strike:deployments.orgName x").filter(
                (k) => !declared(k),
            ),
        ).toEqual(["deployments.orgName"]);
        expect(layerPaths("set `platform.deployments.agent.size`").filter((k) => !declared(k))).toEqual([
            "platform.deployments.agent.size",
        ]);
    });

    it("names the program's own names: the deployment roles and the agent's token secret", () => {
        for (const env of ENVIRONMENTS) expect(runbook).toContain(deployRoleName(env));
        expect(runbook).toContain(DEPLOY_AGENT_TOKEN_SECRET_NAME);
    });

    it("covers what the issue asks, section by section", () => {
        for (const h of [
            "Prerequisites in an empty account",
            "Bootstrap: main, then demo",
            "Pushing deployment settings",
            "Promoting demo",
            "Secrets",
            "Rotations",
            "Reaching the cluster",
            "Alarms",
            "Break-glass when Cloudflare is down: decided against",
        ]) {
            expect(runbook).toContain(`\n## ${h}\n`);
        }
        for (const s of Object.keys(SECRETS))
            expect(runbook).toContain(`pulumi config set --secret osprey-strike:${s}`);
    });
});

describe("every page of the docs (README.md and docs/*.md)", () => {
    it.each([...DOC_PAGES.keys()])("%s names only declared pulumi config keys and layer settings", (page) => {
        const text = DOC_PAGES.get(page)!;
        expect(configCommandKeys(text).filter((k) => !declared(k))).toEqual([]);
        // A segment that starts upper-case is a type (`keycloak.RealmUserProfile`), not a setting (camelCase).
        const settings = layerPaths(text).filter((k) => !k.split(".").some((seg) => /^[A-Z]/.test(seg)));
        expect(settings.filter((k) => !declared(k) && !declaredGroup(k))).toEqual([]);
    });

    it("the pages together name most of what a reader sets", () => {
        const keys = new Set([...DOC_PAGES.values()].flatMap((t) => [...configCommandKeys(t), ...layerPaths(t)]));
        expect(keys.size).toBeGreaterThanOrEqual(40);
    });
});
