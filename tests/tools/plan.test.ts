/**
 * The offline plan as a user runs it (`npm run plan -- ...`): exit codes, the JSON contract, the
 * readable tree, and bad config stopping the program before any resource is registered. A plan of a stack file as it
 * stands (demo --json, main --json, main with a stricter pack) reads the invocation's shared run of that stack
 * (harness/sharedRuns.ts), the same run it would make, as does the account's other stack; the plans with --set or
 * another --config-file run the program themselves.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOADER_NODE_ARGS } from "../../harness/loader";
import { ROOT } from "../../harness/stackConfig";
import { policyReport } from "../../tools/planReport";
import { plan, planWith } from "./planCli";

interface PlanResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    dependsOn: string[];
    propertyDependencies: Record<string, string[]>;
}
/** A map whose second item is one column short: not YAML (the yaml package: all mapping items at the same column). */
const BAD_INDENT = "  osprey-strike:workloads:\n    apiReplicas: 1\n   webReplicas: 1\n";
let demo: ReturnType<typeof plan> | undefined;
/** One run of `--stack demo --json` shared by the tests that read it (each run costs seconds). */
const demoJson = () => (demo ??= plan("--stack", "demo", "--json"));

describe("npm run plan", () => {
    it("--stack demo --json prints exactly one JSON object of the documented shape", () => {
        const res = demoJson();
        expect(res.stderr).not.toMatch(/plan failed/);
        expect(res.status).toBe(0);
        const out = JSON.parse(res.stdout);
        expect(out.stack).toBe("demo");
        expect(Array.isArray(out.resources)).toBe(true);
        for (const r of out.resources)
            expect(Object.keys(r).sort()).toEqual([
                "dependsOn",
                "inputs",
                "name",
                "parent",
                "propertyDependencies",
                "type",
                "urn",
            ]);
        expect(out.mock).toEqual({ generic: [] }); // every type demo registers has a table entry or a model
        const stack = out.resources.find((r: { type: string }) => r.type === "pulumi:pulumi:Stack");
        expect(stack.parent).toBeNull();
        expect(stack.urn).toBe("urn:pulumi:demo::osprey-strike::pulumi:pulumi:Stack::osprey-strike-demo");
        expect(out.policies).toEqual({ violations: [] });
        expect(out.cost.monthlyUsd).toBeGreaterThan(0);
        // Demo is priced inside the account, after main: its egress pays in full (main took the 100 free GB).
        expect(out.cost.profile).toBe("default");
        expect(out.cost.account.stacks.map((s: { stack: string }) => s.stack)).toEqual(["main", "demo"]);
        expect(out.cost.account.stacks[1].monthlyUsd).toBe(out.cost.monthlyUsd);
        expect(out.cost.lines.find((l: { item: string }) => l.item.startsWith("internet egress")).item).toMatch(
            /0 GB of it in the account free tier/,
        );
        expect(out.cost.monthlyUsd).toBeCloseTo(
            out.cost.lines.reduce((n: number, l: { monthlyUsd: number }) => n + l.monthlyUsd, 0),
            2,
        );
        // Secrets never reach plan output, not even the offline placeholders.
        expect(res.stdout).not.toMatch(/offline-placeholder/);
        expect(res.stdout).toContain('"[secret]"');
    });

    it("--stack main --json survives a pipe whole (hundreds of KB) and passes every policy", () => {
        const res = plan("--stack", "main", "--json");
        expect(res.status).toBe(0);
        expect(res.stdout.length).toBeGreaterThan(128 * 1024);
        const out = JSON.parse(res.stdout);
        expect(out.stack).toBe("main");
        expect(out.policies.violations).toEqual([]);
        // @pulumi/eks's ManagedNodeGroup is a remote component whose outputs nothing reads: the mock echoes it, and says so.
        expect(out.mock).toEqual({ generic: ["eks:index:ManagedNodeGroup"] });
        // The remote components' children (harness/models/remoteChildren.ts) are marked, and only they.
        const nodeGroup = out.resources.find((r: { type: string }) => r.type === "aws:eks/nodeGroup:NodeGroup");
        expect(nodeGroup).toMatchObject({ name: "osprey-nodes", modelled: true });
        expect(
            out.resources
                .filter((r: { modelled?: boolean }) => r.modelled)
                .every((r: { parent: string }) => r.parent.includes("$eks:") || r.parent.includes("$awsx:")),
        ).toBe(true);
    });

    it("--set platform.cluster.nodeGroup.desiredSize=3 plans three nodes and keeps the rest of the layer", () => {
        const res = plan("--stack", "main", "--json", "--set", "platform.cluster.nodeGroup.desiredSize=3");
        expect(res.stderr).not.toMatch(/plan failed/);
        expect(res.status).toBe(0);
        const out = JSON.parse(res.stdout);
        type R = { type: string; urn: string; parent: string | null; inputs: Record<string, unknown> };
        const group = out.resources.find((r: R) => r.type === "eks:index:ManagedNodeGroup") as R;
        expect(group.inputs.scalingConfig).toEqual({ minSize: 2, desiredSize: 3, maxSize: 3 });
        // The node group the remote component creates (modelled from its inputs) asks EKS for three nodes too.
        const nodes = out.resources.find((r: R) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.parent === group.urn);
        expect(nodes.inputs.scalingConfig).toMatchObject({ desiredSize: 3 });
        // Merged into the layer: the stack file's admin role still gets its access entry.
        const cluster = out.resources.find((r: R) => r.type === "eks:index:Cluster") as R;
        expect(JSON.stringify(cluster.inputs.accessEntries)).toContain(
            "arn:aws:iam::123456789012:role/osprey-platform-admin",
        );
        // No mandatory violation; a third t3.medium takes main over the advisory monthly budget, and the pack says so.
        expect(out.policies.violations.filter((v: { level: string }) => v.level === "mandatory")).toEqual([]);
        expect(out.policies.violations.map((v: { policy: string }) => v.policy)).toEqual(["monthly-budget"]);
    });

    it("refuses a --set path the settings do not declare with exit 2, naming --set and not a stack file", () => {
        const res = plan("--stack", "main", "--set", "platform.cluster.nodeGroup.desiredSze=3");
        expect(res.status).toBe(2);
        expect(res.stdout).toBe("");
        expect(res.stderr).toMatch(/^--set platform\.cluster\.nodeGroup\.desiredSze: unknown setting/);
        expect(res.stderr).not.toMatch(/Pulumi\.main\.yaml|plan failed/);
    });

    it("prints the pack's verdict on a graph without violations in one line", () => {
        // Main's own verdict is the --json test's `violations: []`; the human run below uses a stricter pack.
        expect(policyReport([])).toBe("Policies (policy/policies.ts): no violations");
    });

    // One human run of main serves two tests (each run of the program costs seconds): a stricter pack config than the
    // program's makes the plan exit 3, and the plan is still printed whole.
    let strict: ReturnType<typeof plan> | undefined;
    const mainStrict = () => {
        if (strict) return strict;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-"));
        const packConfig = path.join(dir, "pack-config.json");
        // The office bypass ranges (Pulumi.main.yaml) are a /24 and a /28: over a share of 1e-9 they "cover the internet".
        fs.writeFileSync(packConfig, JSON.stringify({ "access-no-everyone": { maxAddressShare: 1e-9 } }));
        return (strict = plan("--stack", "main", "--policy-config", packConfig));
    };

    it("--stack main starts and ends with the summary, warns of the placeholders there, and keeps every line to 120 columns", () => {
        const res = mainStrict();
        const lines = res.stdout.trimEnd().split("\n");
        const head = lines.slice(0, 20).join("\n");
        const tail = lines.slice(-20).join("\n");
        for (const block of [head, tail]) {
            expect(block).toMatch(/^== Summary/m);
            expect(block).toMatch(/^ {2}stack {6}main \(environment main, cost profile default\)$/m);
            expect(block).toMatch(/^ {2}creates {4}\d+ cloud resources: aws \d+, kubernetes \d+, cloudflare \d+/m);
            expect(block).toMatch(
                /^ {2}cost {7}\$\d+\.\d\d\/month for stack main; \$\d+\.\d\d\/month for the account \(main \$\d+\.\d\d, demo \$\d+\.\d\d\)$/m,
            );
            expect(block).toMatch(
                /^ {4}- 13 placeholder\(s\) in Pulumi\.main\.yaml and the shared values \(config\/shared\.ts\), which a real/m,
            );
        }
        // The full placeholder block, once, with what to set for each key.
        expect(res.stdout).toMatch(
            /^== Warnings ==$[\s\S]*^ {6}osprey-strike:platform\.ci\.repository: set your application repository/m,
        );
        expect(lines.filter((l) => l.length > 120)).toEqual([]);
        // The by-type table counts cloud resources only: no component, provider or read.
        const table = res.stdout.slice(
            res.stdout.indexOf("Resources by type"),
            res.stdout.indexOf("\n\n", res.stdout.indexOf("Resources by type")),
        );
        expect(table).not.toMatch(/^ {2}(osprey:|pulumi:providers:|pulumi:pulumi:)/m);
        expect(table).toMatch(/^ {2}pulumi-nodejs:dynamic\/osprey:OriginPullReadiness\s+\d+$/m); // a dynamic resource is a cloud resource
    });

    it("--stack main prints a tree grouped by component, counts per type and outputs", () => {
        const res = mainStrict();
        expect(res.stderr).not.toMatch(/plan failed/);
        expect(res.stdout).toMatch(/^Offline plan of stack "main" on the mock cloud/);
        expect(res.stdout).toMatch(/osprey-strike-main {2}\[pulumi:pulumi:Stack\]/);
        expect(res.stdout).toMatch(
            /├─ osprey {2}\[osprey:platform:Platform\]|└─ osprey {2}\[osprey:platform:Platform\]/,
        );
        expect(res.stdout).toMatch(
            /Resources by type \(cloud resources only[\s\S]*aws:ec2\/managedPrefixList:ManagedPrefixList\s+2\n/,
        );
        expect(res.stdout).toContain(
            "Modelled generically by the mock (outputs echo inputs): eks:index:ManagedNodeGroup\n",
        );
        expect(res.stdout).toMatch(/└─ osprey-nodes {2}aws:eks\/nodeGroup:NodeGroup {2}\(modelled child\)\n/);
        // The cost table: grouped by layer with subtotals, the stack's total, then the account's (main and demo, one free tier).
        expect(res.stdout).toMatch(
            /Estimated monthly cost of stack main, profile default[\s\S]*^platform:$[\s\S]*NAT gateway[\s\S]*subtotal platform[\s\S]*TOTAL stack main\s+\$\d+\.\d\d/m,
        );
        expect(res.stdout).toMatch(
            /^ {2}stack main\s+\$\d+\.\d\d\n {2}stack demo\s+\$\d+\.\d\d\n {2}account total\s+\$\d+\.\d\d$/m,
        );
        expect(res.stdout).toMatch(/Stack outputs:[\s\S]*vpcId: "vpc-[0-9a-f]{17}"/);
        expect(res.stdout).not.toMatch(/offline-placeholder/);
    });

    it("refuses an unknown cost profile or date with the usage line (exit 2), before any run", () => {
        for (const args of [
            ["--profile", "cheap"],
            ["--as-of", "2026-13-45"],
        ]) {
            const res = plan("--stack", "main", ...args);
            expect(res.status).toBe(2);
            expect(res.stderr).toMatch(/--profile takes one of default, lean|--as-of takes YYYY-MM-DD/);
            expect(res.stderr).toMatch(/^usage: npm run plan/m);
        }
    });

    it("stops on bad config with exit 2 and ONE message naming every bad key, before any resource", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-"));
        const file = path.join(dir, "Pulumi.demo.yaml");
        // An office bypass on demo, a zone of its own (every stack shares the zone: config/shared.ts), no API replica.
        const bad = fs
            .readFileSync(path.join(ROOT, "Pulumi.demo.yaml"), "utf8")
            .concat("  osprey-strike:access:\n    officeBypassCidrs: [203.0.113.0/24]\n")
            .concat("  osprey-strike:zone:\n    domain: osprey-demo.com\n")
            .concat("  osprey-strike:workloads:\n    apiReplicas: 0\n");
        fs.writeFileSync(file, bad);
        const res = plan("--stack", "demo", "--json", "--config-file", file);
        expect(res.status).toBe(2);
        expect(res.stdout).toBe("");
        expect(res.stderr).toMatch(/Stack configuration is invalid \(3 problems\); nothing was created/);
        for (const key of ["access.officeBypassCidrs", "workloads.apiReplicas", "zone.domain"])
            expect(res.stderr).toContain(`osprey-strike:${key}:`);
        expect(res.stderr).toMatch(
            /osprey-strike:zone\.domain: "osprey-demo\.com" differs from the value every stack shares/,
        );
    });

    it("refuses bad settings and a stack outside the account before any program or SDK loads", () => {
        // A probe loaded first reports, as the plan exits, how many @pulumi modules it loaded.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-"));
        const probe = path.join(dir, "probe.js");
        fs.writeFileSync(
            probe,
            'process.on("exit", () => process.stderr.write("@pulumi modules: " + ' +
                'Object.keys(require.cache).filter((k) => k.includes("/node_modules/@pulumi/")).length + "\\n"));',
        );
        const probed = (...args: string[]) => planWith(["--require", probe], ...args);
        // As the program reads it: main's file, the lean profile's layers (dual-stack ALB, IPv6 on), then --set.
        const bad = probed("--stack", "main", "--profile", "lean", "--set", "platform.network.ipv6=false");
        expect(bad.status).toBe(2);
        expect(bad.stderr).toMatch(/Stack configuration is invalid \(1 problem\)/);
        expect(bad.stderr).toContain("osprey-strike:alb.ipAddressType:");
        expect(bad.stderr).toMatch(/^@pulumi modules: 0$/m);
        const outside = probed("--stack", "foo", "--config-file", path.join(ROOT, "Pulumi.demo.yaml"));
        expect(outside.status).toBe(2);
        expect(outside.stderr).toMatch(
            /^stack "foo" has no Pulumi\.foo\.yaml, so it is not part of the account's estimate/,
        );
        expect(outside.stderr).toMatch(/^@pulumi modules: 0$/m);
    });

    it("exits 3 on a mandatory violation and names the policy and the resource (a stricter pack config than the program's)", () => {
        const res = mainStrict();
        expect(res.status).toBe(3);
        expect(res.stdout).toMatch(/^Policies \(policy\/policies.ts\): 1 violation\(s\), 1 mandatory$/m);
        // The message is wrapped at 120 columns: read it with the continuation lines joined.
        expect(res.stdout.replace(/\n {6}(?!at )/g, " ")).toMatch(
            /\[mandatory\] access-no-everyone: Access policy with decision bypass includes ip ranges 203\.0\.113\.0\/24, 198\.51\.100\.16\/28/,
        );
        expect(res.stdout).toMatch(
            /^ {6}at cloudflare:index\/zeroTrustAccessPolicy:ZeroTrustAccessPolicy::main-access-office-bypass$/m,
        );
        expect(res.stdout).toMatch(/^ {2}policies {3}1 violation\(s\), 1 mandatory \(exit 3\): access-no-everyone$/m);
    });

    it("rejects a missing --stack with usage", () => {
        const res = plan("--json");
        expect(res.status).toBe(2);
        expect(res.stderr).toMatch(/--stack is required/);
    });

    it("--help prints the usage and the options on stdout and exits 0", () => {
        const res = plan("--help");
        expect(res.status).toBe(0);
        expect(res.stdout).toMatch(/^usage: npm run plan -- --stack/);
        for (const opt of ["--json", "--profile", "--config-file", "--set", "--first-deploy", "Exit codes"])
            expect(res.stdout).toContain(opt);
    });

    it("loads no Pulumi SDK before the arguments, the stack file and its settings are accepted (a refusal answers at once)", () => {
        // What tools/plan.ts imports statically, transitively: the harness, pack and rehearsals load only once it runs.
        const probe =
            'require("./tools/plan.ts"); process.stdout.write(JSON.stringify(Object.keys(require.cache)' +
            '.filter((k) => k.includes("/node_modules/@pulumi/")).slice(0, 3)))';
        const res = spawnSync(process.execPath, [...LOADER_NODE_ARGS, "-e", probe], {
            cwd: ROOT,
            encoding: "utf8",
        });
        expect(res.stderr).toBe("");
        expect(JSON.parse(res.stdout)).toEqual([]);
    });

    it("--profile lean --print-config prints the pulumi config commands for the real stack and runs nothing", () => {
        const res = plan("--stack", "demo", "--profile", "lean", "--print-config");
        expect(res.status).toBe(0);
        expect(res.stdout).toMatch(/^# Make stack demo match cost profile lean \(config\/profiles\.ts\)/);
        expect(res.stdout).toContain(
            "pulumi config set --path osprey-strike:data.database.instanceClass db.t4g.micro --stack demo\n",
        );
        expect(res.stdout).toMatch(/^# alb\.ipAddressType: also set alb\.ingress\.kubernetes\.io\/ip-address-type/m);
        expect(res.stdout).not.toMatch(/Offline plan/);
    });

    // Each refusal: exit 2, one message naming the file (and line) and the fix, no stack trace, nothing on stdout.
    const refused = (res: ReturnType<typeof plan>) => {
        expect(res.status).toBe(2);
        expect(res.stdout).toBe("");
        expect(res.stderr).not.toMatch(/^\s+at /m);
        expect(res.stderr).not.toMatch(/plan failed/);
    };

    it("refuses a stack without a file, listing only real stack files (not the .deploy.yaml settings)", () => {
        const res = plan("--stack", "prod");
        refused(res);
        expect(res.stderr).toMatch(
            /stack "prod" has no stack file Pulumi\.prod\.yaml; known stacks: demo, main\. .*copy Pulumi\.demo\.yaml/,
        );
        expect(res.stderr).not.toMatch(/deploy/);
    });

    it("refuses a stack file that is not YAML, naming the file, the line and the fix", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-"));
        const file = path.join(dir, "Pulumi.demo.yaml");
        fs.writeFileSync(file, fs.readFileSync(path.join(ROOT, "Pulumi.demo.yaml"), "utf8") + BAD_INDENT);
        const res = plan("--stack", "demo", "--config-file", file);
        refused(res);
        const line =
            fs
                .readFileSync(file, "utf8")
                .split("\n")
                .findIndex((l) => l.startsWith("   webReplicas:")) + 1;
        expect(res.stderr).toMatch(
            new RegExp(`^Pulumi\\.demo\\.yaml:${line}:\\d+: not valid YAML \\(.+\\); fix that line of `),
        );
    });

    it("refuses a stack file for an environment the program does not know, saying which exist and where one is added", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-"));
        const file = path.join(dir, "Pulumi.prod.yaml");
        fs.writeFileSync(
            file,
            fs
                .readFileSync(path.join(ROOT, "Pulumi.demo.yaml"), "utf8")
                .replace("environment: demo", "environment: prod"),
        );
        const res = plan("--stack", "prod", "--config-file", file);
        refused(res);
        expect(res.stderr).toMatch(
            /Pulumi\.prod\.yaml: osprey-strike:environment "prod" is not an environment this program knows; the environments are main, demo\. .*lib\/naming\.ts/,
        );
    });
});

describe("npm run plan -- --json: dependencies, as URNs", () => {
    const resources = () => JSON.parse(demoJson().stdout).resources as PlanResource[];
    const one = (type: string, name: string) => {
        const found = resources().filter((r) => r.type === type && r.name === name);
        expect(found.map((r) => r.urn)).toHaveLength(1);
        return found[0];
    };
    const within = (urn: string, ancestor: string): boolean => {
        const byUrn = new Map(resources().map((r) => [r.urn, r]));
        for (let u: string | null | undefined = urn; u; u = byUrn.get(u)?.parent) if (u === ancestor) return true;
        return false;
    };

    it("orders demo's Edge after its Environment (index.ts: dependsOn: [environment]): it depends on every resource inside it", () => {
        const environment = one("osprey:environment:Environment", "demo");
        const edge = one("osprey:edge:Edge", "demo");
        const inside = resources()
            .filter((r) => r.urn !== environment.urn && within(r.urn, environment.urn) && !r.type.startsWith("osprey:"))
            .map((r) => r.urn);
        expect(inside.length).toBeGreaterThan(10);
        expect([...edge.dependsOn].sort()).toEqual([...inside].sort());
    });

    it("runs demo's PostGIS Job after the ExternalSecret that delivers its connection, which waits for the database", () => {
        const job = one("kubernetes:batch/v1:Job", "demo-postgis-job");
        // Its connection is the bootstrap Secret (master + app role credentials), not the apps' db-connection.
        const connection = one("kubernetes:external-secrets.io/v1:ExternalSecret", "demo-secrets-db-bootstrap");
        const db = one("aws:rds/instance:Instance", "demo-db");
        expect(job.dependsOn).toContain(connection.urn);
        expect(connection.propertyDependencies.spec).toContain(db.urn);
    });

    it("validates demo's certificate only with its DNS validation records (propertyDependencies of validationRecordFqdns)", () => {
        const validation = one("aws:acm/certificateValidation:CertificateValidation", "demo-cert");
        const records = resources().filter(
            (r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && r.name.startsWith("demo-cert-validation-"),
        );
        expect(records.length).toBeGreaterThan(0);
        expect([...validation.propertyDependencies.validationRecordFqdns].sort()).toEqual(
            records.map((r) => r.urn).sort(),
        );
        expect(validation.propertyDependencies.certificateArn).toEqual([
            one("aws:acm/certificate:Certificate", "demo-cert").urn,
        ]);
    });
});
