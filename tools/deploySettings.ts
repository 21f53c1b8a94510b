/**
 * Applies a stack's Pulumi.<stack>.deploy.yaml (docs/delivery.md) with CLIs that no longer read the file: Pulumi CLI
 * 3.251.0 removed the hidden `pulumi deployment settings push` (pulumi/pulumi#23480); `pulumi deployment settings edit`
 * takes the same settings as flags (pkg/cmd/pulumi/deployment/deployment_settings_edit.go). This prints that command.
 *
 *   npx tsx tools/deploySettings.ts --stack main [--org <organization>]     # prints the edit command; run it yourself
 *
 * With CLI 3.248.0 (this repository's SDK pin) `pulumi deployment settings push --stack <org>/osprey-strike/<stack> --yes`
 * reads the file directly.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { PROJECT } from "../lib/naming";

/** The part of the file's `settings:` this program uses (the schema: tests/delivery/fixtures/deploymentSettingsSchema.json). */
export interface DeploySettings {
    agentPoolID?: string;
    sourceContext?: { git?: { repoUrl?: string; branch?: string; repoDir?: string } };
    gitHub?: {
        repository?: string;
        deployCommits?: boolean;
        previewPullRequests?: boolean;
        pullRequestTemplate?: boolean;
        paths?: string[];
    };
    executorContext?: { executorImage?: { reference?: string } };
    operationContext?: {
        preRunCommands?: string[];
        options?: { skipInstallDependencies?: boolean; skipIntermediateDeployments?: boolean; shell?: string };
        oidc?: { aws?: { roleArn?: string; sessionName?: string; duration?: string; policyArns?: string[] } };
    };
}

/** Reads Pulumi.<stack>.deploy.yaml and returns its `settings:` (throws naming the file when the root is wrong). */
export function readDeploySettings(file: string): DeploySettings {
    const doc: unknown = parse(readFileSync(file, "utf8"));
    const settings = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>).settings : undefined;
    if (typeof settings !== "object" || settings === null)
        throw new Error(`${file}: the root must be "settings:" (workspace.ProjectStackDeployment)`);
    return settings as DeploySettings;
}

const quote = (s: string) => (/^[A-Za-z0-9_./:=@,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The argv of `pulumi deployment settings edit` that sets what the file sets (pure, tested). */
export function editCommand(s: DeploySettings, stackRef: string): string[] {
    const argv = ["pulumi", "deployment", "settings", "edit", "--stack", stackRef];
    const flag = (name: string, v: string | boolean | undefined) => {
        if (v === undefined) return;
        argv.push(typeof v === "boolean" ? `--${name}=${v}` : `--${name}`, ...(typeof v === "boolean" ? [] : [v]));
    };
    flag("github-repo", s.gitHub?.repository);
    flag("branch", s.sourceContext?.git?.branch);
    flag("folder", s.sourceContext?.git?.repoDir);
    flag("push-to-deploy", s.gitHub?.deployCommits ?? false);
    flag("preview-prs", s.gitHub?.previewPullRequests ?? false);
    flag("pr-template", s.gitHub?.pullRequestTemplate ?? false);
    for (const p of s.gitHub?.paths ?? []) flag("path-filter", p);
    flag("runner-pool", s.agentPoolID);
    flag("executor-image", s.executorContext?.executorImage?.reference);
    for (const c of s.operationContext?.preRunCommands ?? []) flag("pre-run-command", c);
    const o = s.operationContext?.options;
    if (o?.skipInstallDependencies !== undefined) flag("skip-install-deps", o.skipInstallDependencies);
    if (o?.skipIntermediateDeployments !== undefined)
        flag("skip-intermediate-deployments", o.skipIntermediateDeployments);
    flag("shell", o?.shell);
    const aws = s.operationContext?.oidc?.aws;
    flag("oidc-aws-role-arn", aws?.roleArn);
    flag("oidc-aws-session-name", aws?.sessionName);
    flag("oidc-aws-duration", aws?.duration);
    for (const p of aws?.policyArns ?? []) flag("oidc-aws-policy-arn", p);
    return argv;
}

function main(argv: string[]): void {
    const at = (name: string) => {
        const i = argv.indexOf(name);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const stack = at("--stack");
    if (!stack) throw new Error("usage: npx tsx tools/deploySettings.ts --stack <main|demo> [--org <organization>]");
    const org = at("--org") ?? "organization";
    const settings = readDeploySettings(`Pulumi.${stack}.deploy.yaml`);
    console.log(editCommand(settings, `${org}/${PROJECT}/${stack}`).map(quote).join(" "));
}

if (require.main === module) main(process.argv.slice(2));
