/**
 * The offline plan as a user runs it (`npm run plan -- ...`): exit codes, the JSON contract, the
 * readable tree, and bad config stopping the program before any resource is registered.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../../harness/stackConfig";

const plan = (...args: string[]) =>
    spawnSync(process.execPath, [require.resolve("tsx/cli"), path.join(ROOT, "tools", "plan.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });

describe("npm run plan", () => {
    it("--stack demo --json prints exactly one JSON object of the documented shape", () => {
        const res = plan("--stack", "demo", "--json");
        expect(res.stderr).not.toMatch(/plan failed/);
        expect(res.status).toBe(0);
        const out = JSON.parse(res.stdout);
        expect(out.stack).toBe("demo");
        expect(Array.isArray(out.resources)).toBe(true);
        for (const r of out.resources) expect(Object.keys(r).sort()).toEqual(["inputs", "name", "parent", "type", "urn"]);
        const stack = out.resources.find((r: { type: string }) => r.type === "pulumi:pulumi:Stack");
        expect(stack.parent).toBeNull();
        expect(stack.urn).toBe("urn:pulumi:demo::osprey-strike::pulumi:pulumi:Stack::osprey-strike-demo");
        expect(out.policies).toEqual({ violations: [] });
        expect(out.cost.monthlyUsd).toBeGreaterThan(0);
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
    });

    it("--stack main prints a tree grouped by component, counts per type and outputs", () => {
        const res = plan("--stack", "main");
        expect(res.status).toBe(0);
        expect(res.stdout).toMatch(/^Offline plan of stack "main" on the mock cloud/);
        expect(res.stdout).toMatch(/osprey-strike-main {2}\[pulumi:pulumi:Stack\]/);
        expect(res.stdout).toMatch(/├─ osprey {2}\[osprey:platform:Platform\]|└─ osprey {2}\[osprey:platform:Platform\]/);
        expect(res.stdout).toMatch(/Resources by type:[\s\S]*aws:ec2\/managedPrefixList:ManagedPrefixList\s+2\n/);
        expect(res.stdout).toMatch(/Policies \(policy\/policies.ts\): no violations/);
        expect(res.stdout).toMatch(/Estimated monthly cost of this stack[\s\S]*NAT gateway[\s\S]*TOTAL\s+\$\d+\.\d\d/);
        expect(res.stdout).toMatch(/Stack outputs:[\s\S]*vpcId: "vpc-[0-9a-f]{17}"/);
        expect(res.stdout).not.toMatch(/offline-placeholder/);
    });

    it("stops on bad config with exit 2 and ONE message naming every bad key, before any resource", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-plan-"));
        const file = path.join(dir, "Pulumi.demo.yaml");
        const bad = fs
            .readFileSync(path.join(ROOT, "Pulumi.demo.yaml"), "utf8")
            .replace("osprey-strike:accessOfficeBypassCidrs: []", "osprey-strike:accessOfficeBypassCidrs: [203.0.113.0/24]")
            .replace('osprey-strike:apiReplicas: "1"', 'osprey-strike:apiReplicas: "0"')
            .replace("osprey-strike:domain: osprey-strike.com", "osprey-strike:domain: osprey strike");
        fs.writeFileSync(file, bad);
        const res = plan("--stack", "demo", "--json", "--config-file", file);
        expect(res.status).toBe(2);
        expect(res.stdout).toBe("");
        expect(res.stderr).toMatch(/Stack configuration is invalid \(3 problems\); nothing was created/);
        for (const key of ["accessOfficeBypassCidrs", "apiReplicas", "domain"]) expect(res.stderr).toContain(`osprey-strike:${key}:`);
    });

    it("rejects a missing --stack with usage", () => {
        const res = plan("--json");
        expect(res.status).toBe(64);
        expect(res.stderr).toMatch(/--stack is required/);
    });
});
