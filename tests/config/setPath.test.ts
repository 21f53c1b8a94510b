/**
 * `--set` as `pulumi config set --path` takes it (config/setPath.ts): a dotted path with [n] indexes into the layer,
 * values read as the setting's type, merged into the layer and never replacing it, and every refusal naming `--set`
 * (not a stack file the user never touched). The values come from Pulumi.main.yaml (adminRoleArns) and from
 * config/settings.ts (the node group's fields).
 */
import { applySets, parseSet, SetError } from "../../config/setPath";
import { loadStackConfig } from "../../harness/stackConfig";
import { parseConfig } from "../../config/parse";
import { PROJECT } from "../../lib/naming";

const main = loadStackConfig("main").config;
const layer = (config: Record<string, string>, key: string) =>
    JSON.parse(config[`${PROJECT}:${key}`]) as Record<string, Record<string, unknown>>;
const refusal = (sets: string[]): string => {
    try {
        applySets(main, sets);
    } catch (e) {
        if (e instanceof SetError) return e.message;
        throw e;
    }
    throw new Error(`--set ${sets.join(" ")} was not refused`);
};
const bare = (config: Record<string, string>) =>
    Object.fromEntries(
        Object.entries(config)
            .filter(([k]) => k.startsWith(`${PROJECT}:`))
            .map(([k, v]) => [k.slice(PROJECT.length + 1), v]),
    );

describe("--set <path>=<value>", () => {
    it("parses Pulumi's path syntax: dots, [n] indexes, quoted keys and a namespace", () => {
        expect(parseSet("platform.cluster.adminRoleArns[0]=x")).toMatchObject({
            key: `${PROJECT}:platform`,
            path: ["cluster", "adminRoleArns", 0],
            raw: "x",
        });
        expect(parseSet('osprey-strike:zone["domain"]=a.b')).toMatchObject({
            key: `${PROJECT}:zone`,
            path: ["domain"],
        });
        expect(parseSet("aws:region=eu-west-1")).toMatchObject({ key: "aws:region", path: [], raw: "eu-west-1" });
    });

    it("sets a nested setting inside the layer and keeps the rest of it (adminRoleArns stays)", () => {
        const out = applySets(main, ["platform.cluster.nodeGroup.desiredSize=3"]);
        const platform = layer(out, "platform");
        expect(platform.cluster.nodeGroup).toEqual({ desiredSize: 3 });
        expect(platform.cluster.adminRoleArns).toEqual(layer(main, "platform").cluster.adminRoleArns);
        expect(platform.ci).toEqual(layer(main, "platform").ci);
        // What the program then reads: three nodes, the stack file's admin role still there.
        const cfg = parseConfig(bare(out), "main");
        if (!cfg.ownsPlatform) throw new Error("main owns the platform");
        expect(cfg.platform.cluster.nodeGroup.desiredSize).toBe(3);
        expect(cfg.platform.cluster.adminRoleArns).toEqual(["arn:aws:iam::123456789012:role/osprey-platform-admin"]);
    });

    it("merges a map given for a whole layer instead of replacing the layer", () => {
        const out = applySets(main, ['platform={"cluster":{"kubernetesVersion":"1.34"}}']);
        const cluster = layer(out, "platform").cluster;
        expect(cluster.kubernetesVersion).toBe("1.34");
        expect(cluster.adminRoleArns).toEqual(["arn:aws:iam::123456789012:role/osprey-platform-admin"]);
    });

    it("reads a string setting as written (1.36 stays a version) and other settings as YAML scalars", () => {
        const out = applySets(main, ["platform.cluster.kubernetesVersion=1.36", "platform.network.ipv6=true"]);
        expect(layer(out, "platform").cluster.kubernetesVersion).toBe("1.36");
        expect(layer(out, "platform").network.ipv6).toBe(true);
    });

    it("sets and appends list items by index, checking the item", () => {
        const role = "arn:aws:iam::123456789012:role/second-admin";
        expect(
            layer(applySets(main, [`platform.cluster.adminRoleArns[1]=${role}`]), "platform").cluster.adminRoleArns,
        ).toEqual(["arn:aws:iam::123456789012:role/osprey-platform-admin", role]);
        expect(refusal([`platform.cluster.adminRoleArns[3]=${role}`])).toMatch(
            /^--set platform\.cluster\.adminRoleArns\[3\]: index 3 is past the end/,
        );
        expect(refusal(["platform.cluster.adminRoleArns[0]=not-an-arn"])).toMatch(
            /^--set platform\.cluster\.adminRoleArns\[0\]: .*not an IAM role ARN/,
        );
    });

    it("refuses an unknown path naming --set and the path, never a stack file", () => {
        const msg = refusal(["platform.cluster.nodeGroup.desiredSze=3"]);
        expect(msg).toMatch(/^--set platform\.cluster\.nodeGroup\.desiredSze: unknown setting/);
        expect(msg).toContain("desiredSize");
        expect(msg).not.toMatch(/Pulumi\.main\.yaml/);
        expect(refusal(["platform.cluster.kubernetesVersion.minor=1"])).toMatch(
            /^--set platform\.cluster\.kubernetesVersion\.minor: .*is a setting, not a map/,
        );
        expect(refusal(["nosuch.key=1"])).toMatch(/^--set nosuch\.key: unknown key nosuch/);
        expect(refusal(['platform={"cluster":{"nodeGroup":{"size":3}}}'])).toMatch(
            /^--set platform\.cluster\.nodeGroup\.size: unknown setting/,
        );
    });

    it("refuses a value the setting does not take, naming --set", () => {
        expect(refusal(["platform.cluster.nodeGroup.desiredSize=three"])).toBe(
            '--set platform.cluster.nodeGroup.desiredSize: "three" is not an integer',
        );
        expect(refusal(["platform.cluster.nodeGroup.capacityType=RESERVED"])).toMatch(
            /^--set platform\.cluster\.nodeGroup\.capacityType: "RESERVED" is not one of/,
        );
    });
});
