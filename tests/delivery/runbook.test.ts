/**
 * docs/runbook.md names only settings that exist (config/settings.ts), like tests/gitops/readme.test.ts for "First deploy":
 * every `pulumi config` command's key, every backticked layer path, every secret; the README links it.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { Field, Fields } from "../../config/declare";
import { LAYERS, PLATFORM_SECRETS, SECRETS, STACK } from "../../config/settings";
import { DEPLOY_AGENT_TOKEN_SECRET_NAME, deployRoleName, ENVIRONMENTS, environmentNames } from "../../lib/naming";
import { DOC_PAGES } from "../docPages";
import { RDS_CA_IDENTIFIER } from "../../components/data/rdsCa";

const ROOT = join(__dirname, "..", "..");
const runbook = readFileSync(join(ROOT, "docs", "runbook.md"), "utf8");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

/** Whether `a.b.c` is a declared setting (a leaf) of the layers, a stack setting or a secret. */
function declared(path: string): boolean {
    if (path in SECRETS || path in PLATFORM_SECRETS || path in STACK) return true;
    return fieldAt(path)?.node === "setting";
}
/** Whether `a.b` names a group of settings (a page may point at a whole group, e.g. `platform.cluster`). */
const declaredGroup = (path: string) => fieldAt(path)?.node === "group";
/** The declaration at a dotted path of the layers, or undefined. */
function fieldAt(path: string): Field | undefined {
    const [layer, ...rest] = path.split(".");
    let f: Field | undefined = (LAYERS as unknown as Fields)[layer];
    for (const k of rest) f = f?.node === "group" ? f.fields[k] : undefined;
    return f;
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

/**
 * "Restore main's database" names only what exists: every `pulumi stack output --stack main <key>` is an output of main's
 * recorded run, every `aws rds restore-db-instance-to-point-in-time` flag is one the AWS CLI takes (its synopsis,
 * https://docs.aws.amazon.com/cli/latest/reference/rds/restore-db-instance-to-point-in-time.html), and the CA, the
 * Application, the namespace and the Deployment are the program's own.
 */
describe("docs/runbook.md: Restore main's database", () => {
    const section = (() => {
        const start = runbook.indexOf("\n## Restore main's database\n");
        const end = runbook.indexOf("\n## ", start + 1);
        return start < 0 ? "" : runbook.slice(start, end);
    })();
    /** Flags of restore-db-instance-to-point-in-time, from the CLI reference's synopsis (those the procedure may use). */
    const RESTORE_FLAGS = new Set([
        "--source-db-instance-identifier",
        "--target-db-instance-identifier",
        "--restore-time",
        "--use-latest-restorable-time",
        "--db-instance-class",
        "--port",
        "--availability-zone",
        "--db-subnet-group-name",
        "--multi-az",
        "--no-multi-az",
        "--publicly-accessible",
        "--no-publicly-accessible",
        "--auto-minor-version-upgrade",
        "--storage-type",
        "--vpc-security-group-ids",
        "--enable-iam-database-authentication",
        "--db-parameter-group-name",
        "--deletion-protection",
        "--copy-tags-to-snapshot",
        "--max-allocated-storage",
    ]);
    const outputKeys = (text: string) => [...text.matchAll(/pulumi stack output --stack main (\w+)/g)].map((m) => m[1]);
    const restoreFlags = (text: string) => {
        const cmd = /aws rds restore-db-instance-to-point-in-time((?:[^\n]*\\\n)*[^\n]*)/.exec(text)?.[1] ?? "";
        return [...cmd.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]);
    };
    let outputs: Record<string, unknown>;
    beforeAll(async () => {
        const { sharedProgramRun } = await import("../../harness/sharedRuns");
        outputs = (await sharedProgramRun("main")).outputs.outputs;
    });

    it("reads only outputs main exports", () => {
        const keys = outputKeys(section);
        expect(keys).toEqual(
            expect.arrayContaining([
                "dbInstanceIdentifier",
                "dbSubnetGroupName",
                "dbSecurityGroupId",
                "dbParameterGroupName",
            ]),
        );
        expect(keys.filter((k) => !(k in outputs))).toEqual([]);
        expect(outputs.dbInstanceIdentifier).toBe(environmentNames("main").databaseIdentifier);
    });

    it("restores with flags the AWS CLI takes, into the database's own subnet group, security group and parameters", () => {
        const flags = restoreFlags(section);
        expect(flags).toEqual(
            expect.arrayContaining([
                "--source-db-instance-identifier",
                "--target-db-instance-identifier",
                "--db-subnet-group-name",
                "--vpc-security-group-ids",
                "--db-parameter-group-name",
                "--no-publicly-accessible",
            ]),
        );
        expect(flags.filter((f) => !RESTORE_FLAGS.has(f))).toEqual([]);
    });

    it("names the program's CA, Application, namespace and Deployment", () => {
        expect(section).toContain(`--ca-certificate-identifier ${RDS_CA_IDENTIFIER}`);
        expect(section).toContain(`application ${environmentNames("main").applicationName("api")} `);
        expect(section).toContain(`-n ${environmentNames("main").namespace} scale deployment/api`);
    });

    it("the checks can fail: an invented output and an invented flag are caught", () => {
        expect(outputKeys("pulumi stack output --stack main dbHost").filter((k) => !(k in outputs))).toEqual([
            "dbHost",
        ]);
        expect(
            restoreFlags("aws rds restore-db-instance-to-point-in-time \\\n  --target-db-instance-name x").filter(
                (f) => !RESTORE_FLAGS.has(f),
            ),
        ).toEqual(["--target-db-instance-name"]);
    });
});
