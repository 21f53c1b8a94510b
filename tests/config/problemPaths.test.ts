/**
 * The config loader's refusals carry their problems as data (lib/problems.ts: pulumi's InputPropertyErrorDetails
 * shape): each propertyPath is the fully qualified key and path as `pulumi config set --path` takes it, a rule the
 * cluster component shares is re-rooted from its own function (lib/clusterRules.ts endpointProblems), and the printed
 * message is built from the same data. Values: Pulumi.main.yaml / Pulumi.demo.yaml, changed one field at a time.
 */
import { ConfigError, parseConfig } from "../../config/parse";
import { applySets, SetError } from "../../config/setPath";
import { endpointAccessProblem } from "../../lib/clusterRules";
import { formatProblem, Problem } from "../../lib/problems";
import { loadStackConfig } from "../../harness/stackConfig";
import { rawOf } from "./helpers";

const refusedBy = (raw: Record<string, string | undefined>, stack: string): ConfigError => {
    try {
        parseConfig(raw, stack);
    } catch (e) {
        if (e instanceof ConfigError) return e;
        throw e;
    }
    throw new Error(`stack ${stack} was not refused`);
};
const withLayer = (raw: Record<string, string>, layer: string, edit: (v: Record<string, unknown>) => void) => {
    const v = JSON.parse(raw[layer] ?? "{}") as Record<string, unknown>; // a layer the file leaves out: its defaults
    edit(v);
    return { ...raw, [layer]: JSON.stringify(v) };
};
const paths = (ps: readonly Problem[]) => ps.map((p) => p.propertyPath);

describe("ConfigError problems as data", () => {
    it("names the cluster endpoint's allow-list at its config path, with the cluster component's own reason", () => {
        const raw = withLayer(rawOf("main"), "platform", (p) => {
            const cluster = p.cluster as { endpoint: unknown };
            cluster.endpoint = { publicAccess: true, publicAccessCidrs: [] };
        });
        const error = refusedBy(raw, "main");
        expect(error.problems).toEqual([
            {
                propertyPath: "osprey-strike:platform.cluster.endpoint.publicAccessCidrs",
                reason: endpointAccessProblem(true, []),
            },
        ]);
        expect(error.message).toContain(
            `\n  - osprey-strike:platform.cluster.endpoint.publicAccessCidrs: ${endpointAccessProblem(true, [])}`,
        );
    });

    it("names a value of the wrong type at its path, and a whole-map rule at the map", () => {
        const raw = withLayer(rawOf("main"), "workloads", (w) => {
            w.apiReplicas = "two";
            w.quota = { limitsCpu: "100m" }; // below any default request
        });
        const error = refusedBy(raw, "main");
        expect(paths(error.problems)).toEqual(["osprey-strike:workloads.apiReplicas", "osprey-strike:workloads.quota"]);
        expect(error.problems[0].reason).toBe('"two" is not an integer');
        expect(error.problems[1].reason).toMatch(/^limitsCpu 100m is below requestsCpu /);
    });

    it("prints exactly the problems it carries, one `<path>: <reason>` line each", () => {
        const raw = withLayer(rawOf("demo"), "gitops", (g) => {
            g.autoSync = true;
        });
        const error = refusedBy(raw, "demo");
        expect(paths(error.problems)).toEqual(["osprey-strike:gitops.autoSync"]);
        expect(error.message.split("\n").slice(1)).toEqual(error.problems.map((p) => `  - ${formatProblem(p)}`));
    });
});

describe("--set refusals as data", () => {
    const main = loadStackConfig("main").config;
    const setRefusal = (sets: string[]): SetError => {
        try {
            applySets(main, sets);
        } catch (e) {
            if (e instanceof SetError) return e;
            throw e;
        }
        throw new Error(`--set ${sets.join(" ")} was not refused`);
    };

    it("names the path as written after --set, and the message is built from it", () => {
        const error = setRefusal(["platform.cluster.nodeGroup.desiredSize=two"]);
        expect(error.errors).toEqual([
            { propertyPath: "platform.cluster.nodeGroup.desiredSize", reason: '"two" is not an integer' },
        ]);
        expect(error.message).toBe('--set platform.cluster.nodeGroup.desiredSize: "two" is not an integer');
    });

    it("names each unknown key of a map given at once", () => {
        const error = setRefusal(['platform.cluster.nodeGroup={"desiredSize":2,"size":3}']);
        expect(paths(error.errors)).toEqual(["platform.cluster.nodeGroup.size"]);
    });
});
