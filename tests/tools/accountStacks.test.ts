/**
 * The account's stacks (tools/costAccount.ts): a third stack file the program cannot price (an unknown environment, not
 * YAML) is left out and named, so it never breaks the plans of main and demo (they price every stack file). Pure: no run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, stackNames } from "../../harness/stackConfig";
import { accountStackFiles, platformOwnerProblem } from "../../tools/costAccount";

function projectWith(extra: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-account-"));
    for (const f of [
        "Pulumi.yaml",
        "Pulumi.main.yaml",
        "Pulumi.demo.yaml",
        "Pulumi.main.deploy.yaml",
        "Pulumi.demo.deploy.yaml",
    ]) {
        fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    }
    for (const [f, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), text);
    return dir;
}

describe("the account's stacks", () => {
    it("are the Pulumi.<stack>.yaml files, never the Deployments settings Pulumi.<stack>.deploy.yaml", () => {
        expect(stackNames(projectWith({}))).toEqual(["demo", "main"]);
        expect(accountStackFiles(projectWith({}))).toEqual({
            stacks: [
                { stack: "main", environment: "main", platformStack: "" },
                { stack: "demo", environment: "demo", platformStack: "organization/osprey-strike/main" },
            ],
            skipped: [],
        });
    });

    it("leave out a Pulumi.prod.yaml copied from demo with environment prod, and a file that is not YAML, naming each", () => {
        const demo = fs.readFileSync(path.join(ROOT, "Pulumi.demo.yaml"), "utf8");
        const dir = projectWith({
            "Pulumi.prod.yaml": demo.replace("environment: demo", "environment: prod"),
            // The second item of a map one column short: not YAML.
            "Pulumi.broken.yaml": `${demo}  osprey-strike:workloads:\n    apiReplicas: 1\n   webReplicas: 1\n`,
        });
        const { stacks, skipped } = accountStackFiles(dir);
        expect(stacks.map((s) => s.stack)).toEqual(["main", "demo"]);
        expect(skipped.map((s) => s.stack)).toEqual(["broken", "prod"]);
        expect(skipped[0].problem).toMatch(/^Pulumi\.broken\.yaml:\d+:\d+: not valid YAML/);
        expect(skipped[1].problem).toMatch(
            /^Pulumi\.prod\.yaml: osprey-strike:environment "prod" is not an environment .* main, demo\. .*lib\/naming\.ts/,
        );
    });

    it("refuse demo when main's file was left out (its StackReference would run it), naming both files", () => {
        const main = fs.readFileSync(path.join(ROOT, "Pulumi.main.yaml"), "utf8");
        const dir = projectWith({ "Pulumi.main.yaml": main.replace("environment: main", "environment: staging") });
        const { stacks, skipped } = accountStackFiles(dir);
        const demo = stacks.find((s) => s.stack === "demo")!;
        expect(platformOwnerProblem(demo, stacks, skipped)).toMatch(
            /^Pulumi\.demo\.yaml: osprey-strike:platformStack "organization\/osprey-strike\/main" names stack main, which cannot be run for its outputs: Pulumi\.main\.yaml: osprey-strike:environment "staging"/,
        );
        const ok = accountStackFiles(projectWith({}));
        expect(platformOwnerProblem(ok.stacks[1], ok.stacks, ok.skipped)).toBeUndefined();
    });
});
