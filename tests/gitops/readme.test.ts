/**
 * docs/first-deploy.md's "First deploy" is the one sequence whose every config key, output, secret, namespace, service and
 * Application exists in the program (names from their owners: config/settings.ts, lib/naming.ts, index.ts).
 */
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { Field, Fields } from "../../config/declare";
import { firstDeployMarkdown } from "../../lib/firstDeploy";
import { LAYERS, SECRETS } from "../../config/settings";
import { dexCallbackUrl } from "../../components/gitops/argocdValues";
import { ARGOCD_RELEASE } from "../../components/gitops/charts";
import { APP_SECRETS } from "../../components/data/secretCatalog";
import {
    APPS_BY_ENVIRONMENT,
    ARGOCD_NAMESPACE,
    DEPLOY_AGENT_TOKEN_SECRET_NAME,
    ENVIRONMENTS,
    environmentNames,
    GIT_READ_SECRET_NAME,
    GIT_WRITE_SECRET_NAME,
} from "../../lib/naming";

const ROOT = join(__dirname, "..", "..");
const readme = readFileSync(join(ROOT, "docs", "first-deploy.md"), "utf8");
/** README.md and every page under docs/, by path. */
const pages = new Map(
    ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)]
        .filter((f) => f.endsWith(".md"))
        .map((f) => [f, readFileSync(join(ROOT, f), "utf8")]),
);
const section = (title: string) => {
    const start = readme.indexOf(`\n## ${title}\n`);
    if (start < 0) throw new Error(`docs/first-deploy.md has no section "## ${title}"`);
    const end = readme.indexOf("\n## ", start + 1);
    return readme.slice(start, end < 0 ? undefined : end);
};
const firstDeploy = section("First deploy");
const all = (re: RegExp, text = firstDeploy) => [...text.matchAll(re)].map((m) => m[1]);

/** Whether `a.b.c` is a declared setting (a leaf) of the layers. */
function declared(path: string): boolean {
    const [layer, ...rest] = path.split(".");
    let f: Field | undefined = (LAYERS as unknown as Fields)[layer];
    for (const k of rest) f = f?.node === "group" ? f.fields[k] : undefined;
    return f?.node === "setting";
}

describe("docs/first-deploy.md, First deploy", () => {
    it("is the only first-deploy sequence in the docs (numbered steps, one list)", () => {
        expect(readme.match(/first deploy/gi)?.length).toBeGreaterThan(0);
        for (const [file, text] of pages) {
            expect([file, /\*\*The very first deploy\*\*|\*\*First deploy, in order\*\*/.test(text)]).toEqual([
                file,
                false,
            ]);
            if (file !== "docs/first-deploy.md")
                expect([file, text.includes(firstDeployMarkdown())]).toEqual([file, false]);
        }
        const steps = all(/^\s{0,1}(\d+)\. \*\*/gm).map(Number);
        expect(steps).toEqual(steps.map((_, i) => i + 1));
        expect(steps.length).toBeGreaterThanOrEqual(8);
    });

    it("sets and removes only declared settings, each pass a config value", () => {
        const keys = all(/osprey-strike:([A-Za-z.]+)/g);
        expect(keys.length).toBeGreaterThan(5);
        for (const k of new Set(keys)) expect([k, declared(k)]).toEqual([k, true]);
        for (const cmd of all(/`(pulumi config (?:set|rm) [^`]*)`/g).flatMap((c) => c.split("&&"))) {
            if (!/pulumi config/.test(cmd)) continue;
            expect(cmd).toMatch(/--path '?osprey-strike:[^\s']+'?( \S+)? --stack (main|demo)\s*$/);
        }
    });

    it("names only outputs the program exports", () => {
        const index = readFileSync(join(ROOT, "index.ts"), "utf8");
        for (const out of [
            "ciRoleArn",
            "outOfBandSecretNames",
            "gitCredentialSecretNames",
            "accessOneTimePinIdpId",
            "twilioWebhookUrl",
        ]) {
            expect(firstDeploy).toContain(`\`${out}\``);
            expect(index).toMatch(new RegExp(`\\b${out}:`));
        }
    });

    it("puts values only into secrets the program creates empty", () => {
        const created = new Set([
            GIT_READ_SECRET_NAME,
            GIT_WRITE_SECRET_NAME,
            DEPLOY_AGENT_TOKEN_SECRET_NAME,
            ...ENVIRONMENTS.flatMap((e) =>
                APP_SECRETS.filter((s) => !("generated" in s.source)).map((s) =>
                    environmentNames(e).secretName(s.name),
                ),
            ),
        ]);
        const ids = [
            ...all(/--secret-id (\S+)/g),
            ...all(/same command for `(osprey-strike\/[^`]+)`/g),
            ...all(/and `(osprey-strike\/argocd\/[^`]+)`/g),
        ];
        expect(ids.length).toBeGreaterThanOrEqual(3);
        for (const id of ids) expect([id, created.has(id)]).toEqual([id, true]);
    });

    it("reaches Argo CD at the service, namespace and callback the program configures, and syncs Applications that exist", () => {
        expect(firstDeploy).toContain(
            `kubectl port-forward -n ${ARGOCD_NAMESPACE} svc/${ARGOCD_RELEASE}-server 8080:443`,
        );
        expect(firstDeploy).toContain(dexCallbackUrl((LAYERS.argocd.fields.url.default as string) ?? ""));
        const synced = [...new Set(all(/`(\w+-demo)`/g))];
        expect(synced.sort()).toEqual(
            APPS_BY_ENVIRONMENT.demo.map((a) => environmentNames("demo").applicationName(a)).sort(),
        );
        for (const ns of all(/get ingress -n (\S+)/g))
            expect(ENVIRONMENTS.map((e) => environmentNames(e).namespace)).toContain(ns);
    });

    it("asks for the secrets the stack declares", () => {
        expect(section("Running it for real")).toContain("pulumi config set --secret");
        for (const s of Object.keys(SECRETS)) expect(section("Running it for real")).toContain(`osprey-strike:${s}`);
    });
});
