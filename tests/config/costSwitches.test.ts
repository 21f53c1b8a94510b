/**
 * The cost switches as settings (config/settings.ts) and the profiles built from them (config/profiles.ts): every
 * profile parses for both stacks, a dualstack ALB without an IPv6 VPC is refused naming both keys, bad log types
 * and retentions are refused, and the Kustomize ALB components carry the stack files' IP address type.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { mergeOverlay, PROFILE_NAMES, PROFILES } from "../../config/profiles";
import { parseConfig } from "../../config/parse";
import { ROOT } from "../../harness/stackConfig";
import { ENVIRONMENTS } from "../../lib/naming";
import { problemsOf, rawOf } from "./helpers";

/** A stack's raw config with a profile's layer objects merged in (as the plan's --profile does). */
function withOverlay(stack: "main" | "demo", overlay: Record<string, Record<string, unknown>>): Record<string, string> {
    const raw = rawOf(stack);
    for (const [layer, value] of Object.entries(overlay))
        raw[layer] = JSON.stringify(mergeOverlay(raw[layer] ? JSON.parse(raw[layer]) : {}, value));
    return raw;
}

describe("cost profiles", () => {
    it.each(PROFILE_NAMES.flatMap((p) => ENVIRONMENTS.map((e) => [p, e] as const)))(
        "profile %s parses for stack %s",
        (profile, env) => {
            expect(problemsOf(withOverlay(env, PROFILES[profile][env]))).toEqual([]);
        },
    );

    it("lean sets what its description says and nothing the demo stack may not set", () => {
        const main = parseConfig(withOverlay("main", PROFILES.lean.main), "main");
        expect(main.platform?.cluster.nodeGroup.instanceTypes).toEqual(["t4g.medium"]);
        expect(main.platform?.cluster.controlPlaneLogs).toEqual({
            types: ["audit", "authenticator"],
            retentionDays: 30,
        });
        expect(main.platform?.network.ipv6).toBe(true);
        expect(main.alb.ipAddressType).toBe("dualstack-without-public-ipv4");
        const demo = parseConfig(withOverlay("demo", PROFILES.lean.demo), "demo");
        expect(demo.data.database.instanceClass).toBe("db.t4g.micro");
        expect(demo.platform).toBeUndefined();
    });

    it("the default profile changes nothing: the settings' defaults are the required topology", () => {
        const main = parseConfig(rawOf("main"), "main");
        expect(main.platform?.cluster.nodeGroup).toMatchObject({
            instanceTypes: ["t3.medium"],
            desiredSize: 2,
            rootVolumeType: "gp3",
            rootVolumeSizeGb: 20,
        });
        expect(main.platform?.cluster.controlPlaneLogs).toEqual({
            types: ["api", "audit", "authenticator"],
            retentionDays: 30,
        });
        expect(main.alb.ipAddressType).toBe("ipv4");
        expect(main.platform?.network.ipv6).toBe(false);
        expect(parseConfig(rawOf("demo"), "demo").data.database.instanceClass).toBe("db.t4g.small");
    });
});

describe("cost switches refuse what cannot work", () => {
    it("refuses a dualstack ALB on the platform's stack without an IPv6 VPC, naming both keys", () => {
        const raw = withOverlay("main", { alb: { ipAddressType: "dualstack-without-public-ipv4" } });
        expect(problemsOf(raw)).toEqual([
            'osprey-strike:alb.ipAddressType: "dualstack-without-public-ipv4" needs IPv6 on the VPC and its public subnets; set osprey-strike:platform.network.ipv6 to true or the type to ipv4',
        ]);
    });

    it("refuses unknown control-plane log types, duplicates and retentions CloudWatch does not accept", () => {
        const logs = (v: Record<string, unknown>) =>
            problemsOf(withOverlay("main", { platform: { cluster: { controlPlaneLogs: v } } }));
        expect(logs({ types: ["audit", "kubelet"] })).toEqual([
            expect.stringMatching(/controlPlaneLogs\.types: .*has a type EKS does not know/),
        ]);
        expect(logs({ types: ["audit", "audit"] })).toEqual([expect.stringMatching(/lists a type twice/)]);
        expect(logs({ retentionDays: 10 })).toEqual([
            expect.stringMatching(/controlPlaneLogs\.retentionDays: 10 is not a CloudWatch retention/),
        ]);
        expect(logs({ types: [], retentionDays: 7 })).toEqual([]); // no control-plane logs at all is allowed (and costs nothing)
    });

    it("refuses a node root volume type other than gp3 or gp2", () => {
        expect(
            problemsOf(withOverlay("main", { platform: { cluster: { nodeGroup: { rootVolumeType: "io2" } } } })),
        ).toEqual([expect.stringMatching(/nodeGroup\.rootVolumeType: "io2" is not one of "gp3", "gp2"/)]);
    });
});

describe("the ALB's IP address type in the manifests", () => {
    it.each(ENVIRONMENTS)("kubernetes/components/alb-%s annotates the stack file's alb.ipAddressType", (env) => {
        const text = fs.readFileSync(
            path.join(ROOT, "kubernetes", "components", `alb-${env}`, "kustomization.yaml"),
            "utf8",
        );
        const annotated = /alb\.ingress\.kubernetes\.io\/ip-address-type: (\S+)/.exec(text)?.[1];
        expect(annotated).toBe(parseConfig(rawOf(env), env).alb.ipAddressType);
    });
});
