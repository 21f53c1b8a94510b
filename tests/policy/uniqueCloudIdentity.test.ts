/**
 * unique-cloud-identity: one owner per key the cloud knows an object by (policy/lib/naturalKeys.ts). Each case builds
 * the two owners the way they arise (ours beside one a remote component makes, two names that differ only where the
 * cloud does not look), and a twin that differs where the cloud does look, which must pass.
 */
import { unknown } from "@pulumi/pulumi/output";
import { checkStack, res, violationsOf } from "./helpers";
import { RecordedResource } from "../../harness/graph";
import { CLOUDFLARE_IPS_FIXTURE } from "../../harness/fixtures/cloudflareIps";
import { MockCloud } from "../../harness/mockCloud";
import { modelRemoteChildren } from "../../harness/models/remoteChildren";
import { sharedProgramRun } from "../../harness/sharedRuns";

const run = (records: RecordedResource[]) => checkStack("unique-cloud-identity", records);
const pair = (type: string, a: Record<string, unknown>, b: Record<string, unknown>) => [
    res({ type, props: a }),
    res({ type, props: b }),
];

it("refuses a second vpc-cni add-on on one cluster, naming the identity and both owners (the first-up collision)", async () => {
    const eksComponent = res({ type: "eks:index:Cluster", name: "platform-cluster" });
    const theirs = res({
        type: "aws:eks/addon:Addon",
        name: "platform-cluster-vpc-cni",
        parent: eksComponent,
        props: { clusterName: "osprey-strike", addonName: "vpc-cni" },
    });
    const ours = res({
        type: "aws:eks/addon:Addon",
        name: "platform-vpc-cni",
        props: { clusterName: "osprey-strike", addonName: "vpc-cni" },
    });
    expect(await run([eksComponent, theirs, ours])).toEqual([
        {
            message: `EKS add-on (cluster osprey-strike, name vpc-cni) is claimed by 2 resources: ${theirs.urn}, ${ours.urn}`,
            urn: ours.urn,
        },
    ]);
    // Another add-on, or the same add-on on another cluster, is another identity.
    expect(
        await run([
            theirs,
            res({ type: "aws:eks/addon:Addon", props: { clusterName: "osprey-strike", addonName: "coredns" } }),
        ]),
    ).toEqual([]);
    expect(
        await run([
            theirs,
            res({ type: "aws:eks/addon:Addon", props: { clusterName: "other", addonName: "vpc-cni" } }),
        ]),
    ).toEqual([]);
});

it.each([
    [
        "EKS access entry",
        "aws:eks/accessEntry:AccessEntry",
        { clusterName: "c", principalArn: "arn:aws:iam::123456789012:role/admin" },
        { principalArn: "arn:aws:iam::123456789012:role/other" },
    ],
    [
        "IAM role (names are not case-sensitive)",
        "aws:iam/role:Role",
        { name: "osprey-strike-deploy-main" },
        { name: "osprey-strike-deploy-demo" },
    ],
    ["IAM inline policy", "aws:iam/rolePolicy:RolePolicy", { role: "r", name: "p" }, { role: "r2" }],
    [
        "IAM OIDC provider (one per issuer)",
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
        { url: "https://token.actions.githubusercontent.com" },
        { url: "https://api.pulumi.com/oidc" },
    ],
    [
        "security group name per VPC",
        "aws:ec2/securityGroup:SecurityGroup",
        { vpcId: "vpc-1", name: "alb" },
        { vpcId: "vpc-2" },
    ],
    [
        "Secrets Manager secret",
        "aws:secretsmanager/secret:Secret",
        { name: "osprey-strike/main/render-api" },
        { name: "osprey-strike/demo/render-api" },
    ],
    ["S3 bucket", "aws:s3/bucket:Bucket", { bucket: "osprey-attachments" }, { bucket: "osprey-attachments-demo" }],
    [
        "Helm release per namespace",
        "kubernetes:helm.sh/v3:Release",
        { namespace: "kube-system", name: "aws-load-balancer-controller" },
        { namespace: "other" },
    ],
    [
        "Kubernetes object",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        { metadata: { namespace: "osprey-demo", name: "default-deny" } },
        { metadata: { namespace: "osprey-main", name: "default-deny" } },
    ],
    [
        "Cloudflare DNS record",
        "cloudflare:index/dnsRecord:DnsRecord",
        { zoneId: "z", name: "api-main", type: "CNAME" },
        { zoneId: "z", name: "api-demo", type: "CNAME" },
    ],
    [
        "Cloudflare zone ruleset per phase",
        "cloudflare:index/ruleset:Ruleset",
        { zoneId: "z", kind: "zone", phase: "http_ratelimit" },
        { phase: "http_request_firewall_managed" },
    ],
])("%s: the same key twice is refused, a different key passes", async (_what, type, props, differ) => {
    expect(await run(pair(type, props, props))).toHaveLength(1);
    expect(await run(pair(type, props, { ...props, ...differ }))).toEqual([]);
});

it("compares as the cloud does: IAM names without case, DNS names without case or the final dot, issuers without scheme", async () => {
    expect(await run(pair("aws:iam/role:Role", { name: "Deploy" }, { name: "deploy" }))).toHaveLength(1);
    expect(
        await run(
            pair(
                "cloudflare:index/dnsRecord:DnsRecord",
                { zoneId: "z", name: "API.example.com.", type: "A", content: "192.0.2.1" },
                { zoneId: "z", name: "api.example.com", type: "A", content: "192.0.2.1" },
            ),
        ),
    ).toHaveLength(1);
    expect(
        await run(
            pair(
                "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
                { url: "https://oidc.eks.us-east-1.amazonaws.com/id/AB" },
                { url: "oidc.eks.us-east-1.amazonaws.com/id/ab" },
            ),
        ),
    ).toHaveLength(1);
});

it("a CNAME refuses any other record at its name; other types may share a name", async () => {
    const cname = { zoneId: "z", name: "web", type: "CNAME" };
    expect(await run(pair("cloudflare:index/dnsRecord:DnsRecord", cname, cname))).toHaveLength(1); // both keys collide, one report
    for (const type of ["A", "AAAA", "TXT"]) {
        const [a, b] = pair("cloudflare:index/dnsRecord:DnsRecord", cname, { ...cname, type });
        expect(await run([a, b])).toEqual([
            {
                message: `Cloudflare DNS name (a CNAME shares it with no other record) (zone z, name web) is claimed by 2 resources: ${a.urn}, ${b.urn}`,
                urn: b.urn,
            },
        ]);
    }
    expect(
        await run(pair("cloudflare:index/dnsRecord:DnsRecord", { ...cname, type: "A" }, { ...cname, type: "AAAA" })),
    ).toEqual([]);
    expect(
        await run(pair("cloudflare:index/dnsRecord:DnsRecord", { ...cname, type: "TXT" }, { ...cname, type: "MX" })),
    ).toEqual([]);
});

it("round robin is not a collision: records of one name and type with different contents; the same record twice is", async () => {
    const a = { zoneId: "z", name: "web", type: "A", content: "192.0.2.1" };
    expect(await run(pair("cloudflare:index/dnsRecord:DnsRecord", a, { ...a, content: "192.0.2.2" }))).toEqual([]);
    expect(await run(pair("cloudflare:index/dnsRecord:DnsRecord", a, { ...a, content: "192.0.2.1" }))).toHaveLength(1);
});

it("one access entry per principal, whatever the role ARN's path or case", async () => {
    const entry = (principalArn: string) => ({ clusterName: "c", principalArn });
    expect(
        await run(
            pair(
                "aws:eks/accessEntry:AccessEntry",
                entry("arn:aws:iam::123456789012:role/Admin"),
                entry("arn:aws:iam::123456789012:role/ops/admin"),
            ),
        ),
    ).toHaveLength(1);
});

it("one Kubernetes object whatever API version names it; patches and auto-named objects own no identity", async () => {
    const meta = { metadata: { namespace: "ns", name: "x" } };
    expect(
        await run([
            res({ type: "kubernetes:apps/v1:Deployment", props: meta }),
            res({ type: "kubernetes:apps/v1beta1:Deployment", props: meta }),
        ]),
    ).toHaveLength(1);
    expect(
        await run([
            res({ type: "kubernetes:apps/v1:Deployment", props: meta }),
            res({ type: "kubernetes:apps/v1:DeploymentPatch", props: meta }),
        ]),
    ).toEqual([]);
    expect(
        await run([
            res({ type: "kubernetes:core/v1:ConfigMap", props: meta }),
            res({ type: "kubernetes:v1:Secret", props: meta }),
        ]),
    ).toEqual([]);
    const unnamed = { metadata: { namespace: "ns" } };
    expect(await run(pair("kubernetes:core/v1:ConfigMap", unnamed, unnamed))).toEqual([]);
});

it("an identity unknown during preview compares by the resources it comes from", async () => {
    const vpc = res({ type: "aws:ec2/vpc:Vpc", name: "vpc" });
    const other = res({ type: "aws:ec2/vpc:Vpc", name: "vpc2" });
    const sg = (from: RecordedResource) =>
        res({
            type: "aws:ec2/securityGroup:SecurityGroup",
            props: { vpcId: unknown, name: "alb" },
            deps: { vpcId: [from] },
        });
    expect(await run([vpc, other, sg(vpc), sg(vpc)])).toHaveLength(1);
    expect(await run([vpc, other, sg(vpc), sg(other)])).toEqual([]);
    // An object's OWN name or type unknown (two ACM validation records whose names both come from one certificate) is
    // never compared: they are two records, not one.
    const cert = res({ type: "aws:acm/certificate:Certificate", name: "cert" });
    const validation = () =>
        res({
            type: "cloudflare:index/dnsRecord:DnsRecord",
            props: { zoneId: "z", name: unknown, type: unknown, content: unknown },
            deps: { name: [cert], type: [cert], content: [cert] },
        });
    expect(await run([cert, validation(), validation()])).toEqual([]);
    // No name (auto-named) or an unknown part with no source: not judged.
    expect(await run(pair("aws:iam/role:Role", {}, {}))).toEqual([]);
    expect(await run(pair("aws:iam/role:Role", { name: unknown }, { name: unknown }))).toEqual([]);
});

describe("over the program's own graphs, the remote components' modelled children included", () => {
    const policyName = "unique-cloud-identity";
    const vpcCniOwners = (resources: RecordedResource[]) =>
        resources.filter((r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === "vpc-cni").map((r) => r.urn);

    it.each(["main", "demo"])("%s's plan has one owner per identity", async (stack) => {
        expect(await violationsOf(policyName, (await sharedProgramRun(stack)).resources)).toEqual([]);
    });

    it("refuses the first-up collision when it comes back: @pulumi/eks's own vpc-cni beside ours, both named", async () => {
        const { resources } = await sharedProgramRun("main");
        // The eks component as it was before useDefaultVpcCni: true, its children modelled again from those inputs.
        const recorded = resources.filter((r) => !r.modelled);
        const reverted = recorded.map((r) => {
            if (r.type !== "eks:index:Cluster") return r;
            const inputs = { ...r.inputs };
            delete inputs.useDefaultVpcCni;
            return { ...r, inputs };
        });
        const cloud = new MockCloud({ stack: "main", region: "us-east-1", cloudflareRanges: CLOUDFLARE_IPS_FIXTURE });
        const graph = [
            ...reverted,
            ...modelRemoteChildren(reverted, { ...cloud.ctx, identify: (t, n, i) => cloud.identify(t, n, i) }),
        ];
        const owners = vpcCniOwners(graph);
        expect(owners).toHaveLength(2);
        const violations = await violationsOf(policyName, graph);
        expect(violations).toEqual([
            {
                policy: policyName,
                level: "mandatory",
                urn: owners[1],
                message: `EKS add-on (cluster osprey, name vpc-cni) is claimed by 2 resources: ${owners.join(", ")}`,
            },
        ]);
    });
});
