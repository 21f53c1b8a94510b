/**
 * Pulumi.<stack>.deploy.yaml, checked against the schema the Pulumi CLI reads them with (fixtures/deploymentSettingsSchema.json,
 * derived from pulumi/pulumi v3.248.0's yaml struct tags; its "source" says where): every key known and of its type, main
 * deploying on push with a paths filter, no pull-request previews (they would run branch code with the one
 * write role the settings can name), demo never deploying on push, each stack's own OIDC role, one agent pool, and the
 * policy pack, installed from its lockfile, in every run.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { deploymentSubject } from "../../components/delivery/deployRoles";
import { deployRoleName, ENVIRONMENTS, PROJECT } from "../../lib/naming";
import { editCommand, readDeploySettings } from "../../tools/deploySettings";

const ROOT = join(__dirname, "..", "..");
/**
 * The Dockerfile lines of each executor image (pulumi-docker-containers at tag 3.248.0, recorded in fixtures/) that
 * install the AWS CLI and Node.js, by image name.
 */
const EXECUTOR_DOCKERFILES: Record<string, string> = Object.fromEntries(
    readFileSync(join(__dirname, "fixtures", "executorImages-3.248.0.txt"), "utf8")
        .split(/^== /m)
        .slice(1)
        .map((block) => [block.split(" ")[0], block]),
);
type FieldType = string | { struct: string };
interface Schema {
    root: Record<string, { struct: string }>;
    structs: Record<string, Record<string, { type: FieldType; omitempty: boolean }>>;
}
const schema = JSON.parse(readFileSync(join(__dirname, "fixtures", "deploymentSettingsSchema.json"), "utf8")) as Schema;
const file = (stack: string) => join(ROOT, `Pulumi.${stack}.deploy.yaml`);
const settings = Object.fromEntries(ENVIRONMENTS.map((s) => [s, readDeploySettings(file(s))]));

/** Every problem of a value against a struct of the schema (unknown keys, wrong types, missing required keys). */
function problems(value: unknown, struct: string, path: string): string[] {
    const fields = schema.structs[struct];
    if (typeof value !== "object" || value === null || Array.isArray(value))
        return [`${path}: not an object (${struct})`];
    const out: string[] = [];
    const v = value as Record<string, unknown>;
    for (const [k, child] of Object.entries(v)) {
        const f = fields[k];
        if (!f) {
            out.push(`${path}.${k}: not a key of ${struct}`);
            continue;
        }
        const t = f.type;
        if (typeof t === "object") out.push(...problems(child, t.struct, `${path}.${k}`));
        else if (t === "string" && typeof child !== "string") out.push(`${path}.${k}: not a string`);
        else if (t === "boolean" && typeof child !== "boolean") out.push(`${path}.${k}: not a boolean`);
        else if (t === "string[]" && !(Array.isArray(child) && child.every((c) => typeof c === "string")))
            out.push(`${path}.${k}: not a list of strings`);
    }
    // Keys without omitempty are written by the CLI; those a file must hold where their struct appears (roleArn, sessionName, branch).
    for (const [k, f] of Object.entries(fields))
        if (!f.omitempty && typeof f.type === "string" && f.type === "string" && !(k in v))
            out.push(`${path}.${k}: missing`);
    return out;
}

describe("the deployment settings schema (test data)", () => {
    it("is the CLI's settings document: root settings, the OIDC and GitHub structs with their yaml keys", () => {
        expect(schema.root).toEqual({ settings: { struct: "DeploymentSettings" } });
        expect(Object.keys(schema.structs.DeploymentSettings).sort()).toEqual([
            "agentPoolID",
            "executorContext",
            "gitHub",
            "operationContext",
            "sourceContext",
            "tag",
        ]);
        expect(Object.keys(schema.structs.OperationContextAWSOIDCConfiguration).sort()).toEqual([
            "duration",
            "policyArns",
            "roleArn",
            "sessionName",
        ]);
        expect(schema.structs.SourceContextGit.repoUrl).toBeDefined();
        expect(schema.structs.OperationContext.operation).toBeUndefined(); // yaml:"-": the file never names the operation
    });

    it("finds a wrong key (the checker can fail)", () => {
        expect(problems({ github: {}, gitHub: { deployCommit: true } }, "DeploymentSettings", "settings")).toEqual([
            "settings.github: not a key of DeploymentSettings",
            "settings.gitHub.deployCommit: not a key of DeploymentSettingsGitHub",
        ]);
        expect(problems({ operationContext: { oidc: { aws: { roleARN: "x" } } } }, "DeploymentSettings", "s")).toEqual(
            expect.arrayContaining([
                "s.operationContext.oidc.aws.roleARN: not a key of OperationContextAWSOIDCConfiguration",
                "s.operationContext.oidc.aws.roleArn: missing",
            ]),
        );
    });
});

describe.each(ENVIRONMENTS)("Pulumi.%s.deploy.yaml", (stack) => {
    const s = settings[stack];

    it("holds only keys the CLI reads, each of its type", () => {
        expect(problems(s, "DeploymentSettings", "settings")).toEqual([]);
    });

    it("assumes this stack's own deployment role by OIDC (the name the program gives it)", () => {
        const aws = s.operationContext?.oidc?.aws;
        expect(aws?.roleArn).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:role/${deployRoleName(stack)}$`));
        // AWS STS: RoleSessionName is 2-64 characters of [\w+=,.@-].
        expect(aws?.sessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
        expect(aws?.policyArns).toBeUndefined();
    });

    it("runs on the agent pool inside the VPC (hosted runners cannot reach the private API)", () => {
        expect(s.agentPoolID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(s.agentPoolID).toBe(settings.main.agentPoolID); // one pool, one agent, both stacks
    });

    it("builds the repository's main branch and never previews a pull request (branch code would run with the write role)", () => {
        expect(s.gitHub?.repository).toBe("osprey-strike/osprey-strike");
        expect(s.sourceContext?.git?.branch).toBe("refs/heads/main");
        expect(s.gitHub?.previewPullRequests).toBe(false);
    });

    it("names one role for every operation: the schema has no per-operation role, so a read-only preview role is not expressible", () => {
        // Why previews are off rather than given a read-only role: the settings' only AWS role is
        // operationContext.oidc.aws.roleArn, and the operation itself is never part of the file (yaml:"-").
        const oidc = schema.structs.OperationContextOIDCConfiguration ?? {};
        expect(Object.keys(oidc)).toContain("aws");
        const roleKeys = Object.entries(schema.structs)
            .flatMap(([struct, fields]) => Object.keys(fields).map((k) => `${struct}.${k}`))
            .filter((k) => /role/i.test(k));
        expect(roleKeys).toEqual(["OperationContextAWSOIDCConfiguration.roleArn"]);
    });

    it("runs the policy pack before every operation, installed from its lockfile", () => {
        const pre = s.operationContext?.preRunCommands ?? [];
        expect(pre).toContain("npm ci");
        expect(pre).toContain("npm ci --prefix policy");
        expect(pre.some((c) => /npm (install|i)\b/.test(c))).toBe(false); // npm install resolves versions; npm ci only reads the lockfile
        expect(existsSync(join(ROOT, "policy", "package-lock.json"))).toBe(true);
        expect(pre.indexOf("npm ci --prefix policy")).toBeLessThan(pre.findIndex((c) => c.includes("--policy-pack")));
        expect(pre).toContain(
            `pulumi preview --stack organization/${PROJECT}/${stack} --policy-pack policy --non-interactive`,
        );
        // The executor would otherwise run its own npm install over ours.
        expect(s.operationContext?.options?.skipInstallDependencies).toBe(true);
    });

    it("pins the executor to the CLI that reads this file (the SDK's version; push was removed in 3.251.0)", () => {
        const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        expect(s.executorContext?.executorImage?.reference).toMatch(
            new RegExp(
                `^pulumi/pulumi:${pkg.dependencies["@pulumi/pulumi"].replace(/\./g, "\\.")}(@sha256:[0-9a-f]{64})?$`,
            ),
        );
        const [major, minor] = pkg.dependencies["@pulumi/pulumi"].split(".").map(Number);
        expect(major === 3 && minor < 251).toBe(true);
    });

    it("runs on an image that has the AWS CLI the program shells out to, and checks for it first", () => {
        // @pulumi/eks 4.3.0 asserts a compatible AWS CLI when it builds a cluster (nodejs/eks/dependencies.ts) and its
        // kubeconfig runs `aws eks get-token`: an image without it fails every deployment once the agent takes over.
        const image = (s.executorContext?.executorImage?.reference ?? "").replace(/[:@].*$/, "");
        const dockerfile = EXECUTOR_DOCKERFILES[image];
        expect([image, dockerfile !== undefined]).toEqual([image, true]);
        expect(dockerfile).toMatch(
            /awscli\.amazonaws\.com\/awscli-exe-linux-.*\n.*unzip awscliv2\.zip[^\n]*\n.*\.\/aws\/install/,
        );
        expect(s.operationContext?.preRunCommands?.[0]).toBe("aws --version");
    });

    it("has a paths filter of this program's files only, each of which exists", () => {
        const paths = s.gitHub?.paths ?? [];
        expect(paths).toEqual(
            expect.arrayContaining([
                "index.ts",
                "Pulumi.yaml",
                `Pulumi.${stack}.yaml`,
                "components/**",
                "config/**",
                "lib/**",
                "policy/**",
            ]),
        );
        for (const p of paths) expect(existsSync(join(ROOT, p.replace(/\/\*\*$/, "")))).toBe(true);
        // Image Updater commits digests to kubernetes/ on every merge: they must not trigger a deployment.
        expect(paths.some((p) => p.startsWith("kubernetes"))).toBe(false);
        // The other stack's settings file does not deploy this one.
        expect(paths.filter((p) => /^Pulumi\.\w+\.yaml$/.test(p) && p !== "Pulumi.yaml")).toEqual([
            `Pulumi.${stack}.yaml`,
        ]);
    });
});

describe("the docs say what the files do (docs/delivery.md, docs/runbook.md)", () => {
    const docs = [join("docs", "delivery.md"), join("docs", "runbook.md")].map((f) =>
        readFileSync(join(ROOT, f), "utf8"),
    );
    it("the pack is installed from its lockfile, never with npm install --prefix policy", () => {
        for (const d of docs) {
            expect(d).toContain("npm ci --prefix policy");
            expect(d).not.toContain("npm install --prefix policy");
        }
    });
    it("pull requests are not previewed, and the reviewer reads the offline plans", () => {
        expect(docs[0]).toContain("`previewPullRequests: false`");
        expect(docs[0]).not.toContain("previewPullRequests: true");
        expect(docs[0]).toMatch(/on every pull request, the \*\*offline plans\*\* of both stacks/);
    });
});

describe("push to deploy", () => {
    it("main deploys on push to its branch", () => {
        expect(settings.main.gitHub?.deployCommits).toBe(true);
    });
    it("demo never deploys on push (promoted by hand)", () => {
        expect(settings.demo.gitHub?.deployCommits).toBe(false);
    });
});

describe("tools/deploySettings.ts (the same settings for CLIs without push)", () => {
    it("turns each file into `pulumi deployment settings edit` flags", () => {
        const main = editCommand(settings.main, `organization/${PROJECT}/main`);
        expect(main.slice(0, 6)).toEqual([
            "pulumi",
            "deployment",
            "settings",
            "edit",
            "--stack",
            `organization/${PROJECT}/main`,
        ]);
        expect(main).toContain("--push-to-deploy=true");
        expect(main).toContain("--preview-prs=false");
        expect(main[main.indexOf("--oidc-aws-role-arn") + 1]).toBe(settings.main.operationContext?.oidc?.aws?.roleArn);
        expect(main[main.indexOf("--runner-pool") + 1]).toBe(settings.main.agentPoolID);
        expect(main.filter((a) => a === "--path-filter")).toHaveLength(settings.main.gitHub?.paths?.length ?? -1);
        expect(editCommand(settings.demo, `organization/${PROJECT}/demo`)).toContain("--push-to-deploy=false");
    });
});

describe("the subject the role trusts matches what the settings deploy", () => {
    it("names organization/project/stack as the files' --stack does", () => {
        expect(deploymentSubject({ organization: "organization", project: PROJECT, stack: "main" }, "update")).toBe(
            "pulumi:deploy:org:organization:project:osprey-strike:stack:main:operation:update:scope:write",
        );
    });
});
