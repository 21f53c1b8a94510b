/**
 * The cluster layer's config keys: the stack files' values and defaults, and every bad value refused with its key
 * named (all problems in ONE message, like every other layer).
 */
import { parseConfig } from "../../config/parse";
import { PROJECT } from "../../config/schema";
import { problemsOf, rawOf } from "./helpers";

const CLUSTER_KEYS = [
    "kubernetesVersion",
    "clusterSupportType",
    "clusterEndpointPublicAccess",
    "clusterPublicAccessCidrs",
    "clusterAdminRoleArns",
    "nodeInstanceTypes",
    "nodeCapacityType",
    "nodeMinSize",
    "nodeDesiredSize",
    "nodeMaxSize",
    "jumpboxInstanceType",
    "ecrUntaggedImagesToKeep",
    "kubernetesEnabled",
    "kubernetesApiTunnelUrl",
    "namespaceQuotaRequestsCpu",
    "namespaceQuotaRequestsMemory",
    "namespaceQuotaLimitsCpu",
    "namespaceQuotaLimitsMemory",
    "namespaceQuotaPods",
];

describe("stack files", () => {
    it("main: private endpoint, seed's two t3.medium on demand, t4g.nano jumpbox, pinned 1.35", () => {
        const c = parseConfig(rawOf("main"));
        expect([c.kubernetesVersion, c.clusterEndpointPublicAccess, c.clusterPublicAccessCidrs]).toEqual(["1.35", false, []]);
        expect([c.nodeInstanceTypes, c.nodeCapacityType, c.nodeMinSize, c.nodeDesiredSize, c.nodeMaxSize]).toEqual([["t3.medium"], "ON_DEMAND", 2, 2, 3]);
        expect([c.jumpboxInstanceType, c.kubernetesEnabled, c.kubernetesApiTunnelUrl]).toEqual(["t4g.nano", true, ""]);
    });

    it("both stacks pin the same Kubernetes version (demo's Pod Security labels follow main's cluster)", () => {
        expect(parseConfig(rawOf("demo")).kubernetesVersion).toBe(parseConfig(rawOf("main")).kubernetesVersion);
    });

    it("demo's namespace quota is smaller than main's", () => {
        const [m, d] = [parseConfig(rawOf("main")), parseConfig(rawOf("demo"))];
        expect([m.namespaceQuotaRequestsCpu, m.namespaceQuotaPods]).toEqual(["1500m", 30]);
        expect([d.namespaceQuotaRequestsCpu, d.namespaceQuotaPods]).toEqual(["750m", 15]);
    });

    it("defaults when unset: 1.35, STANDARD, private, t3.medium x 2 (min 2, max 3), t4g.nano, keep 10 untagged images", () => {
        const main = rawOf("main");
        const c = parseConfig(Object.fromEntries(Object.entries(main).filter(([k]) => !CLUSTER_KEYS.includes(k))));
        expect([c.kubernetesVersion, c.clusterSupportType, c.clusterEndpointPublicAccess, c.clusterAdminRoleArns]).toEqual(["1.35", "STANDARD", false, []]);
        expect([c.nodeInstanceTypes, c.nodeMinSize, c.nodeDesiredSize, c.nodeMaxSize, c.jumpboxInstanceType, c.ecrUntaggedImagesToKeep]).toEqual([
            ["t3.medium"],
            2,
            2,
            3,
            "t4g.nano",
            10,
        ]);
    });
});

describe("bad cluster config is refused with the key named", () => {
    const main = rawOf("main");
    const cases: [string, Record<string, string | undefined>, string, RegExp][] = [
        ["a patch version", { ...main, kubernetesVersion: "1.35.2" }, "kubernetesVersion", /not a Kubernetes minor version/],
        ["a v-prefixed version", { ...main, kubernetesVersion: "v1.35" }, "kubernetesVersion", /not a Kubernetes minor version/],
        ["an unknown support type", { ...main, clusterSupportType: "LTS" }, "clusterSupportType", /not one of "STANDARD", "EXTENDED"/],
        [
            "a public endpoint without CIDRs",
            { ...main, clusterEndpointPublicAccess: "true", clusterPublicAccessCidrs: "[]" },
            "clusterPublicAccessCidrs",
            /needs an allow-list/,
        ],
        [
            "a public endpoint open to the internet",
            { ...main, clusterEndpointPublicAccess: "true", clusterPublicAccessCidrs: '["0.0.0.0/0"]' },
            "clusterPublicAccessCidrs",
            /admits the whole internet/,
        ],
        [
            "CIDRs with a private endpoint",
            { ...main, clusterPublicAccessCidrs: '["203.0.113.0/24"]' },
            "clusterPublicAccessCidrs",
            /set only with clusterEndpointPublicAccess/,
        ],
        [
            "a CIDR with host bits",
            { ...main, clusterEndpointPublicAccess: "true", clusterPublicAccessCidrs: '["203.0.113.7/24"]' },
            "clusterPublicAccessCidrs",
            /host bits set/,
        ],
        ["an IAM user as admin", { ...main, clusterAdminRoleArns: '["arn:aws:iam::123456789012:user/alice"]' }, "clusterAdminRoleArns", /IAM user/],
        ["a malformed admin ARN", { ...main, clusterAdminRoleArns: '["arn:aws:iam::12345:role/admin"]' }, "clusterAdminRoleArns", /not an IAM role ARN/],
        ["no node instance type", { ...main, nodeInstanceTypes: "[]" }, "nodeInstanceTypes", /at least one instance type/],
        ["a bad instance type", { ...main, nodeInstanceTypes: '["medium"]' }, "nodeInstanceTypes", /not an EC2 instance type/],
        ["mixed architectures", { ...main, nodeInstanceTypes: '["t3.medium","t4g.medium"]' }, "nodeInstanceTypes", /mix arm64 and x86_64/],
        ["an unknown capacity type", { ...main, nodeCapacityType: "RESERVED" }, "nodeCapacityType", /not one of "ON_DEMAND", "SPOT"/],
        ["desired above max", { ...main, nodeDesiredSize: "4", nodeMaxSize: "3" }, "nodeMinSize/nodeDesiredSize/nodeMaxSize", /min <= desired <= max/],
        ["min above desired", { ...main, nodeMinSize: "3", nodeDesiredSize: "2" }, "nodeMinSize/nodeDesiredSize/nodeMaxSize", /min <= desired <= max/],
        ["a zero minimum", { ...main, nodeMinSize: "0" }, "nodeMinSize", /out of range/],
        ["an x86 jumpbox", { ...main, jumpboxInstanceType: "t3.nano" }, "jumpboxInstanceType", /not a Graviton/],
        ["keeping no untagged image", { ...main, ecrUntaggedImagesToKeep: "0" }, "ecrUntaggedImagesToKeep", /out of range/],
        ["a non-loopback tunnel", { ...main, kubernetesApiTunnelUrl: "https://10.40.1.5:443" }, "kubernetesApiTunnelUrl", /not a local tunnel URL/],
        ["a CPU quota in cores with a unit", { ...main, namespaceQuotaRequestsCpu: "2 cores" }, "namespaceQuotaRequestsCpu", /not a CPU quantity/],
        ["a memory quota in millibytes", { ...main, namespaceQuotaLimitsMemory: "6m" }, "namespaceQuotaLimitsMemory", /"m" means milli/],
        ["limits below requests", { ...main, namespaceQuotaLimitsCpu: "1" }, "namespaceQuota", /limitsCpu 1 is below requestsCpu 1500m/],
        ["a zero pod quota", { ...main, namespaceQuotaPods: "0" }, "namespaceQuotaPods", /out of range/],
    ];
    it.each(cases)("%s", (_what, raw, key, message) => {
        const problems = problemsOf(raw);
        const mine = problems.filter((p) => p.startsWith(`${PROJECT}:${key}:`));
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatch(message);
    });

    it("reports several cluster problems in one message", () => {
        const problems = problemsOf({ ...main, kubernetesVersion: "latest", jumpboxInstanceType: "t3.nano", nodeMinSize: "5" });
        expect(problems.filter((p) => /kubernetesVersion|jumpboxInstanceType|nodeMinSize/.test(p))).toHaveLength(3);
    });
});
