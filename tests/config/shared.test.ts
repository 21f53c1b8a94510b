/**
 * The facts every stack shares (config/shared.ts), written once: Pulumi.yaml carries them as project-level values, the
 * harness hands them to a stack as the engine does (a stack's key replaces the project's whole value), the program
 * completes a layer a stack sets only in part, and refuses a stack that sets one of them differently, naming the key.
 * The engine's rules come from pulumi/pulumi sdk/go/common/workspace (project-level `value:` may be a map and applies
 * to a stack whose file does not set the key; a stack's value of the key wins whole).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { ConfigError, loadConfig } from "../../config";
import { parseConfig } from "../../config/parse";
import { applyShared, SHARED, SHARED_PATHS } from "../../config/shared";
import { loadStackConfig, ROOT, stackNames, StackFileError } from "../../harness/stackConfig";
import { rawOf } from "./helpers";
import { formatProblem } from "../../lib/problems";

/** What loadConfig refuses for a stack's config (under mocks, as the program runs it). */
async function refusalOf(stack: string, config: Record<string, string>, secretKeys: string[]): Promise<string[]> {
    await pulumi.runtime.setMocks(
        { newResource: () => ({ id: undefined, state: {} }), call: () => ({}) },
        "osprey-strike",
        stack,
        true,
    );
    pulumi.runtime.setAllConfig(config, secretKeys);
    try {
        loadConfig();
    } catch (e) {
        if (e instanceof ConfigError) return e.problems.map(formatProblem);
        throw e;
    }
    return [];
}

describe("the shared facts", () => {
    it("are every stack's through Pulumi.yaml: demo's file sets none of them and still gets each", () => {
        const demo = loadStackConfig("demo").config;
        for (const [layer, value] of Object.entries(SHARED))
            expect(JSON.parse(demo[`osprey-strike:${layer}`])).toEqual(value);
        const cfg = parseConfig(rawOf("demo"), "demo");
        expect(cfg.zone).toEqual(SHARED.zone);
        expect(cfg.keycloak.url).toBe(SHARED.keycloak.url);
    });

    it("are read as the engine hands them: a stack's key replaces Pulumi.yaml's whole map; the program completes it", () => {
        // Pulumi.main.yaml sets osprey-strike:access for the office bypass alone: that map is what the engine passes.
        expect(JSON.parse(loadStackConfig("main").config["osprey-strike:access"])).toEqual({
            officeBypassCidrs: ["203.0.113.0/24", "198.51.100.16/28"],
        });
        const cfg = parseConfig(rawOf("main"), "main");
        expect(cfg.access).toMatchObject({
            ...SHARED.access,
            officeBypassCidrs: ["203.0.113.0/24", "198.51.100.16/28"],
        });
    });

    it("are set in no stack file (Pulumi.yaml alone carries them)", () => {
        for (const stack of stackNames()) {
            const file = YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
                config: Record<string, unknown>;
            };
            const set = SHARED_PATHS.filter((p) => {
                const [layer, field] = p.split(".");
                const v = file.config[`osprey-strike:${layer}`];
                return typeof v === "object" && v !== null && field in v;
            });
            expect({ stack, set }).toEqual({ stack, set: [] });
        }
    });

    it("refuse demo when its file sets one differently, naming the key; the same value restated passes", async () => {
        const { config, secretKeys } = loadStackConfig("demo");
        const zone = { ...SHARED.zone, domain: "osprey-demo.com" };
        const problems = await refusalOf("demo", { ...config, "osprey-strike:zone": JSON.stringify(zone) }, secretKeys);
        expect(problems).toEqual([
            expect.stringMatching(
                /^osprey-strike:zone\.domain: "osprey-demo\.com" differs from the value every stack shares \("osprey-strike\.com": Pulumi\.yaml, written from config\/shared\.ts\); remove it from Pulumi\.demo\.yaml/,
            ),
        ]);
        const org = { organization: "another-org" };
        expect(
            await refusalOf("demo", { ...config, "osprey-strike:deployments": JSON.stringify(org) }, secretKeys),
        ).toEqual([expect.stringMatching(/^osprey-strike:deployments\.organization: "another-org" differs/)]);
        expect(
            await refusalOf("demo", { ...config, "osprey-strike:zone": JSON.stringify(SHARED.zone) }, secretKeys),
        ).toEqual([]);
    });

    it("lists each differing field once and fills only the missing ones", () => {
        const { raw, problems } = applyShared(
            { access: JSON.stringify({ googleClientId: "1-x.apps.googleusercontent.com", sessionDuration: "4h" }) },
            "demo",
        );
        expect(problems).toHaveLength(1);
        expect(formatProblem(problems[0])).toMatch(/^osprey-strike:access\.googleClientId: /);
        expect(JSON.parse(raw.access as string)).toEqual({
            googleClientId: "1-x.apps.googleusercontent.com", // kept: the parser checks it, the loader refuses it
            sessionDuration: "4h",
            googleWorkspaceDomain: SHARED.access.googleWorkspaceDomain,
            externalEmails: SHARED.access.externalEmails,
        });
    });

    it("are refused in Pulumi.yaml with both a default and a value, as Pulumi refuses them", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osprey-shared-"));
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            "name: osprey-strike\nruntime: nodejs\nconfig:\n  zone:\n    default: {}\n    value: {}\n",
        );
        fs.writeFileSync(path.join(dir, "Pulumi.demo.yaml"), "config: {}\n");
        expect(() => loadStackConfig("demo", dir)).toThrow(StackFileError);
        expect(() => loadStackConfig("demo", dir)).toThrow(
            /project config 'zone' cannot have both a 'default' and 'value'/,
        );
    });
});
