/**
 * The settings, one owner (config/settings.ts): defaults per environment, stack files that carry only differences,
 * settings refused where they would do nothing, every problem in ONE message, literal types, and Pulumi.yaml
 * generated from the declaration. Expected values come from docs/requirements.md (Environments: two api replicas on
 * main, one on demo; Backups) and from the stack files.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, parseConfig } from "../../config/parse";
import { pulumiYaml } from "../../tools/writePulumiYaml";
import { rawOf, problemsOf } from "./helpers";
import { formatProblem } from "../../lib/problems";
import { plan } from "../tools/planCli";

const ROOT = path.resolve(__dirname, "../..");
const main = rawOf("main");
const demo = rawOf("demo");
const withLayer = (raw: Record<string, string>, layer: string, value: unknown) => ({
    ...raw,
    [layer]: JSON.stringify(value),
});

describe("defaults", () => {
    const m = parseConfig(main, "main");
    const d = parseConfig(demo, "demo");

    it("follow the requirements per environment: 2 api replicas on main, 1 on demo; a week of backups on main, a day on demo", () => {
        expect([m.workloads.apiReplicas, d.workloads.apiReplicas]).toEqual([2, 1]);
        expect([m.data.database.backupRetentionDays, d.data.database.backupRetentionDays]).toEqual([7, 1]);
        expect([m.data.database.deletionProtection, d.data.database.deletionProtection]).toEqual([true, false]);
    });

    it("give the required platform: two t3.medium nodes, one NAT gateway, PostgreSQL 18", () => {
        if (!m.ownsPlatform) throw new Error("main must own the platform");
        expect(m.platform.cluster.nodeGroup).toMatchObject({ instanceTypes: ["t3.medium"], desiredSize: 2 });
        expect(m.platform.network.natGatewayStrategy).toBe("Single");
        expect(m.data.database.engineVersion).toBe("18");
    });

    it("derive ownership and names: main owns the platform, demo reads it; hostnames from the naming module", () => {
        expect([m.ownsPlatform, d.ownsPlatform]).toEqual([true, false]);
        expect(d.platform).toBeUndefined();
        expect([m.environmentDomain, d.environmentDomain]).toEqual([
            "main.osprey-strike.com",
            "demo.osprey-strike.com",
        ]);
    });

    it("let a stack file override one setting inside a layer and keep the layer's other defaults", () => {
        const c = parseConfig(withLayer(demo, "workloads", { apiReplicas: 3 }), "demo");
        expect(c.workloads).toMatchObject({ apiReplicas: 3, webReplicas: 1 });
        expect(c.workloads.quota.pods).toBe(15);
    });
});

describe("stack files carry only what differs", () => {
    it.each(["main", "demo"])("Pulumi.%s.yaml sets no layer setting to its own default", (stack) => {
        const raw = rawOf(stack);
        const defaults = parseConfig(
            Object.fromEntries(
                Object.entries(raw).filter(([k]) => !["workloads", "data", "edge", "kubernetes"].includes(k)),
            ),
            stack,
        );
        for (const layer of ["workloads", "data", "edge", "kubernetes"] as const) {
            if (raw[layer] === undefined) continue;
            const set = JSON.parse(raw[layer]) as Record<string, unknown>;
            for (const [k, v] of Object.entries(set))
                expect([layer, k, v]).not.toEqual([layer, k, (defaults[layer] as Record<string, unknown>)[k]]);
        }
    });
});

describe("refusals, each naming the key and the fix", () => {
    it("refuses a platform setting in a stack that does not own the platform, naming the key, the stack and where it belongs", () => {
        const problems = problemsOf(
            withLayer(demo, "platform", { cluster: { nodeGroup: { instanceTypes: ["t3.large"] } } }),
        );
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(
            /^osprey-strike:platform\.cluster\.nodeGroup\.instanceTypes: set in stack "demo", which does not own the platform/,
        );
        expect(problems[0]).toMatch(
            /set it in the stack file of the owning stack \(main\) and remove it from Pulumi\.demo\.yaml/,
        );
    });

    it("refuses an unknown setting inside a layer, listing the layer's settings", () => {
        expect(problemsOf(withLayer(main, "workloads", { apiReplica: 2 }))).toEqual([
            expect.stringMatching(
                /^osprey-strike:workloads\.apiReplica: unknown setting; workloads takes apiReplicas, webReplicas, quota$/,
            ),
        ]);
    });

    it("refuses a platformStack that is not <org>/<project>/<stack>", () => {
        expect(problemsOf({ ...rawOf("demo"), platformStack: "main" })).toEqual([
            'osprey-strike:platformStack: "main" is not "<org>/osprey-strike/<stack>"',
        ]);
    });

    it("refuses an unknown top-level key", () => {
        expect(problemsOf({ ...main, nodeInstanceTypes: '["t3.large"]' })).toEqual([
            expect.stringMatching(/^osprey-strike:nodeInstanceTypes: unknown key/),
        ]);
    });

    it("refuses a choice outside its values, and a wrong type", () => {
        const problems = problemsOf(
            withLayer(main, "platform", {
                network: { natGatewayStrategy: "Two" },
                cluster: { nodeGroup: { desiredSize: "two" } },
                ci: { repository: "a/b" },
                repositoryRules: { botAppId: 1, maintainersTeamId: 2 },
                argocd: JSON.parse(main.platform).argocd,
            }),
        );
        expect(problems).toEqual([
            'osprey-strike:platform.network.natGatewayStrategy: "Two" is not one of "Single", "OnePerAz"',
            'osprey-strike:platform.cluster.nodeGroup.desiredSize: "two" is not an integer',
        ]);
    });

    it("reports every problem in one message, before anything is created, without echoing a secret", () => {
        const raw = {
            ...withLayer(demo, "access", {
                googleWorkspaceDomain: "x",
                googleClientId: "y",
                officeBypassCidrs: ["0.0.0.0/0"],
            }),
            environment: "prod",
        };
        let error: unknown;
        try {
            parseConfig(raw, "demo");
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        const problems = (error as ConfigError).problems.map(formatProblem);
        expect(problems.length).toBeGreaterThanOrEqual(4);
        expect(problems.join("\n")).toMatch(/osprey-strike:environment: "prod" is not one of "main", "demo"/);
        expect(problems.join("\n")).toMatch(
            /osprey-strike:access\.officeBypassCidrs: item 0 "0\.0\.0\.0\/0" admits the whole internet/,
        );
        expect((error as Error).message).not.toContain(main.cloudflareApiToken ?? "offline-placeholder");
    });

    it("refuses a bypass on demo (demo always requires authentication) and deletion protection off on main", () => {
        expect(
            problemsOf(
                withLayer(demo, "access", { ...JSON.parse(demo.access), officeBypassCidrs: ["203.0.113.0/24"] }),
            ),
        ).toEqual([
            expect.stringMatching(/^osprey-strike:access\.officeBypassCidrs: demo always requires authentication/),
        ]);
        expect(problemsOf(withLayer(main, "data", { database: { deletionProtection: false } }))).toEqual([
            expect.stringMatching(/^osprey-strike:data\.database\.deletionProtection: must be true for main/),
        ]);
    });

    it("judges CIDR lists by coverage: ranges that together cover the internet are refused like a /0", () => {
        const access = (cidrs: string[]) =>
            withLayer(main, "access", { ...JSON.parse(main.access ?? "{}"), officeBypassCidrs: cidrs });
        expect(problemsOf(access(["0.0.0.0/1", "128.0.0.0/1"]))).toEqual([
            expect.stringMatching(
                /^osprey-strike:access\.officeBypassCidrs: the ranges together cover 99\.\d% of IPv4 .*whole internet/,
            ),
        ]);
        expect(problemsOf(access(["2000::/4", "3000::/4"]))).toEqual([
            expect.stringMatching(/together cover 12\.5% of IPv6/),
        ]);
        // IPv4-mapped IPv6 covers IPv4 (RFC 4291 2.5.5.2).
        expect(problemsOf(access(["::ffff:0:0/96"]))).toEqual([expect.stringMatching(/of IPv4/)]);
        expect(problemsOf(access(["203.0.113.0/24", "198.51.100.0/24"]))).toEqual([]);
        const eks = (cidrs: string[]) =>
            withLayer(main, "platform", {
                ...JSON.parse(main.platform),
                cluster: {
                    ...JSON.parse(main.platform).cluster,
                    endpoint: { publicAccess: true, publicAccessCidrs: cidrs },
                },
            });
        const halves = Array.from({ length: 16 }, (_, i) => `${i * 16}.0.0.0/4`);
        expect(problemsOf(eks(halves))).toEqual([
            expect.stringMatching(
                /^osprey-strike:platform\.cluster\.endpoint\.publicAccessCidrs: the ranges together cover/,
            ),
        ]);
        expect(problemsOf(eks(["203.0.113.0/24"]))).toEqual([]);
    });

    it("refuses reviewed Cloudflare aggregates that are empty, malformed or wide enough to be the internet", () => {
        const ipSync = (v: Record<string, unknown>) =>
            withLayer(main, "platform", {
                ...JSON.parse(main.platform),
                ipSync: { ...(JSON.parse(main.platform).ipSync ?? {}), ...v },
            });
        expect(problemsOf(ipSync({ reviewedIpv4Aggregates: [] }))).toEqual([
            expect.stringMatching(/reviewedIpv4Aggregates: list at least one reviewed/),
        ]);
        expect(problemsOf(ipSync({ reviewedIpv4Aggregates: ["104.16.0.0/13", "1.0.0.0/8"] }))).toEqual([
            expect.stringMatching(/reviewedIpv4Aggregates: the ranges together cover/),
        ]);
        expect(problemsOf(ipSync({ reviewedIpv6Aggregates: ["2400:cb00::/32", "nope"] }))).toEqual([
            expect.stringMatching(/reviewedIpv6Aggregates: item 1/),
        ]);
    });

    it("requires the platform's required settings only where the platform is owned", () => {
        const { platform: _platform, ...noPlatform } = main;
        expect(problemsOf(noPlatform)).toEqual([
            expect.stringMatching(/^osprey-strike:platform\.ci\.repository: missing/),
            expect.stringMatching(/^osprey-strike:platform\.repositoryRules\.botAppId: missing/),
            expect.stringMatching(/^osprey-strike:platform\.repositoryRules\.maintainersTeamId: missing/),
        ]);
        expect(problemsOf(demo)).toEqual([]);
    });
});

describe("Pulumi.yaml", () => {
    it("is generated from config/settings.ts (run `npx tsx tools/writePulumiYaml.ts` after changing a setting)", () => {
        expect(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")).toBe(pulumiYaml());
    });
});

describe("the offline plan", () => {
    it("exits 2 naming the key when Pulumi.demo.yaml sets a platform setting", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "osprey-")), "Pulumi.demo.yaml");
        fs.writeFileSync(
            file,
            fs.readFileSync(path.join(ROOT, "Pulumi.demo.yaml"), "utf8") +
                "  osprey-strike:platform:\n    cluster:\n      nodeGroup:\n        instanceTypes: [t3.large]\n",
        );
        const child = plan("--stack", "demo", "--config-file", file);
        expect(child.status).toBe(2);
        expect(child.stderr).toMatch(
            /osprey-strike:platform\.cluster\.nodeGroup\.instanceTypes: set in stack "demo", which does not own the platform/,
        );
    });
});
