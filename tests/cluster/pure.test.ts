/**
 * The cluster layer's pure logic, without the mock cloud: the EKS support calendar (fixed dates from the AWS
 * release calendar), value checks, kubeconfig rewriting, IRSA trust, ECR lifecycle and ESO policy documents.
 */
import * as fc from "fast-check";
import { externalSecretsPolicy } from "../../components/cluster/addons";
import { untaggedLifecyclePolicy } from "../../components/cluster/ecr";
import { platformArgProblems } from "../../components/platform";
import { identitySettings, platformSettings } from "../../wiring";
import { stackConfig } from "../graphHelpers";
import { podSecurityLabels } from "../../components/environment/namespace";
import { irsaTrustPolicy } from "../../components/cluster/irsa";
import { clusterNameOf, throughTunnel } from "../../components/cluster/kubeconfig";
import { quotaProblems } from "../../lib/quota";
import { EKS_STANDARD_SUPPORT_END, supportStatus, supportWarning } from "../../components/cluster/supportCalendar";
import * as v from "../../lib/clusterRules";
import { clusterCrossChecks } from "../../config/clusterChecks";
import { eksKubeconfig } from "../../harness/models/remote";
import { formatProblem } from "../../lib/problems";

const day = (iso: string) => new Date(`${iso}T09:30:00Z`);

describe("EKS support calendar (AWS release calendar: 1.33 ends 2026-07-29, 1.34 2026-12-02, 1.35 2027-03-27)", () => {
    it("records the calendar's end-of-standard-support dates", () => {
        expect(EKS_STANDARD_SUPPORT_END).toMatchObject({
            "1.33": "2026-07-29",
            "1.34": "2026-12-02",
            "1.35": "2027-03-27",
        });
    });

    it("is silent more than 90 days ahead", () => {
        expect(supportStatus("1.35", day("2026-12-26"))).toEqual({
            kind: "standard",
            endsOn: "2027-03-27",
            daysLeft: 91,
        });
        expect(supportWarning("1.35", day("2026-12-26"))).toBeUndefined();
    });

    it("warns from 90 days ahead, naming the date and the extra cost", () => {
        expect(supportStatus("1.35", day("2026-12-27"))).toEqual({
            kind: "ending-soon",
            endsOn: "2027-03-27",
            daysLeft: 90,
        });
        expect(supportWarning("1.34", day("2026-11-28"))).toBe(
            "EKS standard support for Kubernetes 1.34 ends on 2026-12-02 (in 4 days); after that extended support costs about $365/month more ($0.60/h instead of $0.10/h). Plan the upgrade and raise kubernetesVersion.",
        );
    });

    it("counts the end date itself as extended support (billing starts at the beginning of that UTC day)", () => {
        expect(supportStatus("1.34", day("2026-12-02"))).toEqual({
            kind: "extended",
            endedOn: "2026-12-02",
            daysAgo: 0,
        });
        expect(supportStatus("1.34", day("2026-12-01"))).toMatchObject({ kind: "ending-soon", daysLeft: 1 });
        expect(supportWarning("1.33", day("2026-08-08"))).toMatch(
            /^EKS standard support for Kubernetes 1\.33 ended on 2026-07-29 \(10 days ago\)/,
        );
    });

    it("asks for a table row for a version it does not know", () => {
        expect(supportStatus("1.40", day("2026-11-28"))).toEqual({ kind: "unknown" });
        expect(supportWarning("1.40", day("2026-11-28"))).toMatch(/not in the EKS support calendar table/);
    });
});

describe("value checks", () => {
    it.each([["1.35"], ["1.29"]])("accepts Kubernetes version %s", (x) =>
        expect(v.kubernetesVersionProblem(x)).toBeUndefined(),
    );
    it.each([["v1.35"], ["1.35.2"], ["1.3"], ["latest"]])("refuses Kubernetes version %s", (x) =>
        expect(v.kubernetesVersionProblem(x)).toMatch(/minor version/),
    );

    it("accepts role ARNs (with paths, other partitions) and refuses users, sessions and junk", () => {
        expect(v.iamRoleArnProblem("arn:aws:iam::123456789012:role/platform-admin")).toBeUndefined();
        expect(v.iamRoleArnProblem("arn:aws:iam::123456789012:role/teams/ops/admin")).toBeUndefined();
        expect(v.iamRoleArnProblem("arn:aws-us-gov:iam::123456789012:role/admin")).toBeUndefined();
        expect(v.iamRoleArnProblem("arn:aws:iam::123456789012:user/alice")).toMatch(/IAM user/);
        expect(v.iamRoleArnProblem("arn:aws:sts::123456789012:assumed-role/admin/alice")).toMatch(/STS session/);
        expect(v.iamRoleArnProblem("arn:aws:iam::1234:role/admin")).toMatch(/not an IAM role ARN/);
    });

    it("tells Graviton from x86 types and refuses mixed node groups", () => {
        expect(["t4g.nano", "m7g.large", "c7gn.xlarge", "r8g.medium"].every(v.isGraviton)).toBe(true);
        expect(["t3.medium", "m6i.large", "c6in.2xlarge", "g5.xlarge"].some(v.isGraviton)).toBe(false);
        expect(v.gravitonInstanceTypeProblem("t3.nano")).toMatch(/not a Graviton/);
        expect(v.nodeArchitecture(["t4g.medium", "m7g.large"])).toBe("arm64");
        expect(() => v.nodeArchitecture(["t3.medium", "t4g.medium"])).toThrow(/mix arm64 and x86_64/);
    });

    it("orders node sizes min <= desired <= max, min at least 1", () => {
        expect(v.nodeSizesProblem(2, 2, 3)).toBeUndefined();
        expect(v.nodeSizesProblem(3, 2, 4)).toMatch(/min <= desired <= max/);
        expect(v.nodeSizesProblem(1, 4, 3)).toMatch(/min <= desired <= max/);
        expect(v.nodeSizesProblem(0, 1, 1)).toMatch(/at least 1/);
    });

    it("parses Kubernetes quantities (millicores; binary and decimal bytes)", () => {
        expect([v.cpuMillicores("1500m"), v.cpuMillicores("1.5"), v.cpuMillicores("2")]).toEqual([1500, 1500, 2000]);
        expect([v.memoryBytes("1536Mi"), v.memoryBytes("1.5Gi".replace(".5", "")), v.memoryBytes("1G")]).toEqual([
            1536 * 2 ** 20,
            2 ** 30,
            1e9,
        ]);
        expect(v.memoryQuantityProblem("512m")).toMatch(/"m" means milli/);
        expect(v.cpuQuantityProblem("0")).toMatch(/zero/);
        expect(v.cpuQuantityProblem("2 cores")).toMatch(/not a CPU quantity/);
    });

    it("refuses quota limits below requests", () => {
        const q = { requestsCpu: "2", requestsMemory: "4Gi", limitsCpu: "1500m", limitsMemory: "4095Mi", pods: 10 };
        expect(quotaProblems(q).map(formatProblem)).toEqual([
            "limitsCpu 1500m is below requestsCpu 2",
            "limitsMemory 4095Mi is below requestsMemory 4Gi",
        ]);
        expect(quotaProblems({ ...q, limitsCpu: "2", limitsMemory: "4Gi" })).toEqual([]);
    });

    it("accepts only loopback tunnel URLs", () => {
        expect(v.apiTunnelUrlProblem("https://127.0.0.1:8443")).toBeUndefined();
        expect(v.apiTunnelUrlProblem("")).toBeUndefined();
        expect(v.apiTunnelUrlProblem("http://127.0.0.1:8443")).toMatch(/local tunnel URL/);
        expect(v.apiTunnelUrlProblem("https://10.0.0.5:443")).toMatch(/local tunnel URL/);
    });
});

describe("Platform argument problems (the cluster's, reported by the top-level Platform)", () => {
    const cfg = stackConfig("main");
    const owned = cfg.ownsPlatform ? cfg.platform : fail("main owns the platform");
    const good = {
        ...platformSettings(owned, cfg, "us-east-1"),
        identity: identitySettings(owned, cfg, { accessGoogleClientSecret: "unused" }),
    };
    const withCluster = (c: Partial<typeof good.cluster>) => ({ ...good, cluster: { ...good.cluster, ...c } });

    it("accepts main's settings", () => expect(platformArgProblems(good)).toEqual([]));
    it("refuses a public endpoint without an allow-list, and 0.0.0.0/0 in it", () => {
        expect(
            platformArgProblems(withCluster({ endpoint: { publicAccess: true, publicAccessCidrs: [] } })).map(
                formatProblem,
            ),
        ).toEqual([
            expect.stringMatching(/^cluster\.endpoint\.publicAccessCidrs: a public endpoint needs an allow-list/),
        ]);
        expect(
            platformArgProblems(
                withCluster({ endpoint: { publicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } }),
            ).map(formatProblem),
        ).toEqual([expect.stringMatching(/^cluster\.endpoint\.publicAccessCidrs: .*admits the whole internet/)]);
    });
    it("words the endpoint rule as the config loader does: one function, one wording", () => {
        const at = "osprey-strike:platform.cluster.endpoint.publicAccessCidrs";
        for (const endpoint of [
            { publicAccess: true, publicAccessCidrs: [] },
            { publicAccess: false, publicAccessCidrs: ["203.0.113.0/24"] },
        ]) {
            const reason = v.endpointAccessProblem(endpoint.publicAccess, endpoint.publicAccessCidrs)!;
            expect(platformArgProblems(withCluster({ endpoint })).map(formatProblem)).toEqual([
                `cluster.endpoint.publicAccessCidrs: ${reason}`,
            ]);
            expect(clusterCrossChecks({ cluster: { ...owned.cluster, endpoint } }).map(formatProblem)).toContain(
                `${at}: ${reason}`,
            );
        }
    });
    it("lists every problem at once, each naming its field", () => {
        const problems = platformArgProblems({
            ...withCluster({
                kubernetesVersion: "1.35.1",
                adminRoleArns: ["arn:aws:iam::123456789012:user/bob"],
                nodeGroup: { ...good.cluster.nodeGroup, minSize: 4 },
                jumpboxInstanceType: "t3.nano",
                ecrUntaggedImagesToKeep: 0,
                secretsManagerPrefix: "*",
            }),
            network: { ...good.network, availabilityZoneCount: 1 },
            ci: { ...good.ci, repository: "osprey/*", branch: "release/*" },
            identity: { ...good.identity, accessTokenLifespan: "5 minutes", groups: ["admins"] },
        });
        expect(problems.map((p) => p.propertyPath)).toEqual([
            "network.availabilityZoneCount",
            "cluster.kubernetesVersion",
            "cluster.adminRoleArns",
            "cluster.nodeGroup",
            "cluster.jumpboxInstanceType",
            "cluster.ecrUntaggedImagesToKeep",
            "cluster.secretsManagerPrefix",
            "identity.accessTokenLifespan",
            "identity.groups",
            "ci.repository",
            "ci.branch",
        ]);
    });
});

describe("kubeconfig", () => {
    const kc = JSON.stringify(
        eksKubeconfig(
            "osprey",
            "https://ABCDEF0123456789ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com",
            "Q0E=",
            "us-east-1",
        ),
    );

    it("finds the cluster name in the get-token command", () => expect(clusterNameOf(kc)).toBe("osprey"));

    it("points at the tunnel but keeps verifying the API server's name", () => {
        const t = JSON.parse(throughTunnel(kc, "https://127.0.0.1:8443"));
        expect(t.clusters[0].cluster).toEqual({
            server: "https://127.0.0.1:8443",
            "tls-server-name": "ABCDEF0123456789ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com".toLowerCase(),
            "certificate-authority-data": "Q0E=",
        });
        expect(t.users).toEqual(JSON.parse(kc).users);
        expect(throughTunnel(kc, "")).toBe(kc);
    });

    it("refuses a kubeconfig without an EKS token command", () => {
        const other = JSON.stringify({
            clusters: [{ name: "k", cluster: { server: "https://x" } }],
            users: [{ name: "u", user: { token: "t" } }],
        });
        expect(() => clusterNameOf(other)).toThrow(/--cluster-name/);
    });
});

describe("policy documents", () => {
    it("IRSA trust: one statement, web identity from the OIDC provider, sub and aud pinned with StringEquals", () => {
        fc.assert(
            fc.property(
                fc.constantFrom("kube-system", "external-secrets", "osprey-main"),
                fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
                (ns, sa) => {
                    const issuer = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
                    const arn = `arn:aws:iam::123456789012:oidc-provider/${issuer}`;
                    const p = irsaTrustPolicy(arn, issuer, { namespace: ns, name: sa });
                    expect(p.Statement).toEqual([
                        {
                            Effect: "Allow",
                            Principal: { Federated: arn },
                            Action: "sts:AssumeRoleWithWebIdentity",
                            Condition: {
                                StringEquals: {
                                    [`${issuer}:sub`]: `system:serviceaccount:${ns}:${sa}`,
                                    [`${issuer}:aud`]: "sts.amazonaws.com",
                                },
                            },
                        },
                    ]);
                },
            ),
        );
        expect(() => irsaTrustPolicy("arn", "https://oidc.eks.x", { namespace: "a", name: "b" })).toThrow(
            /without|must not include/,
        );
    });

    it("ECR: expires untagged images beyond the count (never by age)", () => {
        expect(untaggedLifecyclePolicy(10).rules).toEqual([
            expect.objectContaining({
                selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 10 },
                action: { type: "expire" },
            }),
        ]);
    });

    it("ESO: read-only actions on the project's prefix only", () => {
        const p = externalSecretsPolicy("us-east-1", "123456789012", "osprey-strike/");
        expect(p.Statement.filter((s) => s.Effect === "Allow").map((s) => s.Resource)).toEqual([
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:osprey-strike/*",
        ]);
        // ... but never the deployments' own secrets (the agent's token, the webhook's HMAC key).
        expect(p.Statement.filter((s) => s.Effect === "Deny").map((s) => s.Resource)).toEqual([
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:osprey-strike/platform/deployments/*",
        ]);
    });

    it("Pod Security labels pin every mode to the cluster's version", () => {
        const l = podSecurityLabels("1.35");
        expect(
            Object.entries(l)
                .filter(([k]) => k.endsWith("-version"))
                .map(([, x]) => x),
        ).toEqual(["v1.35", "v1.35", "v1.35"]);
    });
});
