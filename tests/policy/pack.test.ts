/**
 * The pack as a whole: every policy is well formed (name, description, remediation, level), the security
 * invariants are mandatory, one policy per rule file, and the pack's boundaries hold (policy/ trusts nothing it
 * checks; nothing imports index.ts, which starts a server).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { checkPolicyConfig, policyConfig } from "../../harness/policyRunner";

const ROOT = path.resolve(__dirname, "../..");
const POLICY_DIR = path.join(ROOT, "policy");
const isStack = (p: object): p is StackValidationPolicy =>
    typeof (p as StackValidationPolicy).validateStack === "function";

/** The brief's list: security invariants are mandatory; the allow-listed EKS endpoint and the budget advise. */
const EXPECTED: Record<string, { level: "mandatory" | "advisory"; kind: "resource" | "stack" }> = {
    "alb-ingress-cloudflare-only": { level: "mandatory", kind: "resource" },
    "alb-rules-cloudflare-only": { level: "mandatory", kind: "stack" },
    "rds-not-publicly-accessible": { level: "mandatory", kind: "resource" },
    "rds-storage-encrypted": { level: "mandatory", kind: "resource" },
    "rds-backup-retention": { level: "mandatory", kind: "resource" },
    "rds-deletion-protection-main": { level: "mandatory", kind: "resource" },
    "rds-ca-current": { level: "mandatory", kind: "resource" },
    "k8s-namespace-default-deny": { level: "mandatory", kind: "stack" },
    "eks-private-endpoint": { level: "mandatory", kind: "resource" },
    "eks-public-endpoint-allowlisted": { level: "advisory", kind: "resource" },
    "no-kubernetes-secret-data": { level: "mandatory", kind: "resource" },
    "github-oidc-trust-pinned": { level: "mandatory", kind: "resource" },
    "keycloak-client-code-flow-only": { level: "mandatory", kind: "resource" },
    "demo-access-no-bypass": { level: "mandatory", kind: "stack" },
    "no-auth-disabling-env": { level: "mandatory", kind: "resource" },
    "lambda-runtime-and-role": { level: "mandatory", kind: "stack" },
    "s3-bucket-private-encrypted": { level: "mandatory", kind: "stack" },
    "ecr-scan-on-push": { level: "mandatory", kind: "resource" },
    "ec2-imdsv2-no-public-ip": { level: "mandatory", kind: "resource" },
    "required-tags": { level: "mandatory", kind: "resource" },
    "monthly-budget": { level: "advisory", kind: "stack" },
    "redis-at-three-replicas": { level: "mandatory", kind: "stack" },
    "sg-ingress-not-internet": { level: "mandatory", kind: "stack" },
    "access-no-everyone": { level: "mandatory", kind: "resource" },
    "k8s-ingress-cloudflare-oidc": { level: "mandatory", kind: "resource" },
    "s3-bucket-policy-not-public": { level: "mandatory", kind: "resource" },
    "snapshots-not-shared": { level: "mandatory", kind: "resource" },
    "restore-test-private": { level: "mandatory", kind: "resource" },
    "iam-trust-pinned": { level: "mandatory", kind: "resource" },
    "iam-no-admin": { level: "mandatory", kind: "resource" },
    "iam-role-boundary": { level: "mandatory", kind: "resource" },
    "guards-not-weakened": { level: "mandatory", kind: "resource" },
    "unique-cloud-identity": { level: "mandatory", kind: "stack" },
    "alarms-notify": { level: "mandatory", kind: "resource" },
};

function tsFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" || e.name === "bin" ? [] : tsFiles(p);
        return e.name.endsWith(".ts") ? [p] : [];
    });
}
/** Relative import specifiers of a file, resolved to absolute paths. */
const relativeImports = (file: string) =>
    [...fs.readFileSync(file, "utf8").matchAll(/(?:from\s+|require\()\s*["'](\.{1,2}\/[^"']*)["']/g)].map((m) =>
        path.resolve(path.dirname(file), m[1]),
    );

describe("every policy", () => {
    it("is the brief's list, each with the expected level and kind", () => {
        expect(
            Object.fromEntries(
                policies.map((p) => [p.name, { level: p.enforcementLevel, kind: isStack(p) ? "stack" : "resource" }]),
            ),
        ).toEqual(EXPECTED);
    });

    it.each(policies.map((p) => [p.name, p] as const))(
        "%s has a kebab-case name, a description, remediation and a severity",
        (_name, p) => {
            expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
            expect(p.description.length).toBeGreaterThan(30);
            expect(p.remediationSteps?.length).toBeGreaterThan(30);
            expect(["low", "medium", "high", "critical"]).toContain(p.severity);
            expect(isStack(p) || typeof (p as ResourceValidationPolicy).validateResource === "function").toBe(true);
        },
    );

    it("declares configSchema defaults that its own schema accepts", () => {
        const withConfig = policies.filter((p) => p.configSchema);
        expect(withConfig.map((p) => p.name).sort()).toEqual(
            [
                "access-no-everyone",
                "alb-ingress-cloudflare-only",
                "eks-private-endpoint",
                "eks-public-endpoint-allowlisted",
                "iam-trust-pinned",
                "k8s-namespace-default-deny",
                "s3-bucket-policy-not-public",
                "sg-ingress-not-internet",
                "demo-access-no-bypass",
                "ec2-imdsv2-no-public-ip",
                "github-oidc-trust-pinned",
                "lambda-runtime-and-role",
                "monthly-budget",
                "rds-backup-retention",
                "rds-ca-current",
                "rds-deletion-protection-main",
                "redis-at-three-replicas",
            ].sort(),
        );
        const defaults = Object.fromEntries(withConfig.map((p) => [p.name, policyConfig(p)]));
        expect(() => checkPolicyConfig(policies, defaults)).not.toThrow();
        for (const p of withConfig)
            expect(Object.keys(policyConfig(p)).sort()).toEqual(Object.keys(p.configSchema!.properties).sort());
    });
});

describe("pack layout and boundaries", () => {
    it("has one policy per file under policy/rules (kubernetes.ts only re-exports AUTH_SWITCHES)", async () => {
        const ruleFiles = fs
            .readdirSync(path.join(POLICY_DIR, "rules"))
            .filter((f) => f.endsWith(".ts") && f !== "kubernetes.ts");
        expect(ruleFiles).toHaveLength(policies.length);
        for (const f of ruleFiles) {
            const module = (await import(path.join(POLICY_DIR, "rules", f))) as Record<string, unknown>;
            const exported = Object.values(module).filter((v) => policies.includes(v as never));
            expect([f, exported.length]).toEqual([f, 1]);
        }
    });

    it("imports nothing from components/ or tools/ (a pack that trusts the code it checks checks nothing)", () => {
        for (const file of tsFiles(POLICY_DIR)) {
            for (const target of relativeImports(file))
                expect([file, target.startsWith(POLICY_DIR + path.sep)]).toEqual([file, true]);
        }
    });

    it("constructs the pack only in index.ts, which nothing imports (constructing a PolicyPack starts a server)", () => {
        const index = fs.readFileSync(path.join(POLICY_DIR, "index.ts"), "utf8");
        expect(index).toMatch(/new PolicyPack\("osprey-strike", \{ policies \}\)/);
        const importers = ["components", "tools", "harness", "tests", "policy", "functions", "config"]
            .filter((d) => fs.existsSync(path.join(ROOT, d)))
            .flatMap((d) => tsFiles(path.join(ROOT, d)))
            .concat([path.join(ROOT, "index.ts"), path.join(ROOT, "wiring.ts")].filter(fs.existsSync))
            .filter((f) =>
                relativeImports(f).some(
                    (t) =>
                        t === path.join(POLICY_DIR, "index") ||
                        t === path.join(POLICY_DIR, "index.ts") ||
                        t === POLICY_DIR,
                ),
            );
        expect(importers).toEqual([]);
        for (const file of tsFiles(POLICY_DIR).filter((f) => !f.endsWith("index.ts")))
            expect(fs.readFileSync(file, "utf8")).not.toMatch(/new PolicyPack\(/);
    });

    it("declares a nodejs pack whose dependencies match the program's versions", () => {
        const yaml = YAML.parse(fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8")) as {
            runtime: string;
            description: string;
        };
        expect(yaml.runtime).toBe("nodejs");
        expect(yaml.description.length).toBeGreaterThan(30);
        const pack = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8"));
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        expect(pack.name).toBe("osprey-strike-policy");
        expect(pack.dependencies).toEqual({
            "@pulumi/policy": root.devDependencies["@pulumi/policy"],
            "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"],
        });
        expect(pack.devDependencies).toEqual({ typescript: root.devDependencies.typescript });
    });
});
