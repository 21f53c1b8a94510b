/**
 * Stack demo on the mock cloud: it adds environment demo onto the platform of a recorded run of main,
 * through a StackReference, and creates no platform of its own.
 */
import { StackOutputs } from "../../harness/mockCloud";
import { environmentNetworkPolicies } from "../../components/environment/networkPolicy";
import { clusterServiceCidr } from "../../lib/networkLayout";
import { RecordedResource } from "../../harness/graph";
import { runPolicies } from "../../harness/policyRunner";
import { outputsOfStackInChild, ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { isSecretEnvelope } from "../../harness/graph";
import { one, ofType, providerUrn, reveal, under } from "../graphHelpers";
import { describeAuthChain, prefixListIdentityCheck, T } from "./authChain";
import { gitopsChecks } from "../gitops/programChecks";

const ALB = under("osprey:environment:AlbSecurityGroup");

const MAIN = "organization/osprey-strike/main";
let main: StackOutputs;
let run: ProgramRun;
let r: RecordedResource[];
beforeAll(async () => {
    // Demo's run read main's outputs through its StackReference; these are the same outputs (main's shared run).
    run = await sharedProgramRun("demo");
    main = outputsOfStackInChild(MAIN);
    r = run.resources;
});

describe("stack demo", () => {
    it("reads main's outputs through the StackReference named in Pulumi.demo.yaml", () => {
        const refs = r.filter((x) => x.type === "pulumi:pulumi:StackReference");
        expect(refs.map((x) => [x.name, x.read])).toEqual([[MAIN, true]]);
    });

    it.each([
        "awsx:ec2:Vpc",
        "aws:ec2/managedPrefixList:ManagedPrefixList",
        "aws:lambda/function:Function",
        "eks:index:Cluster",
        "aws:eks/cluster:Cluster",
    ])("creates no platform resource of its own: no %s", (type) => expect(ofType(r, type)).toHaveLength(0));

    it("puts demo's ALB security group in main's VPC, admitting HTTPS only from main's Cloudflare lists", () => {
        const sg = one(r, "aws:ec2/securityGroup:SecurityGroup", ALB);
        expect(sg.inputs.vpcId).toBe(main.outputs.vpcId);
        expect(sg.inputs.description).toMatch(/osprey-demo/);
        const ingress = ofType(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(ALB);
        expect(new Set(ingress.map((i) => i.inputs.prefixListId))).toEqual(
            new Set([main.outputs.cloudflareIpv4PrefixListId, main.outputs.cloudflareIpv6PrefixListId]),
        );
        for (const rule of ingress)
            expect(rule.inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 443, toPort: 443 });
    });

    it("fronts demo with Access and never a bypass policy", () => {
        const policies = ofType(r, "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy");
        expect(policies.length).toBeGreaterThan(0);
        for (const p of policies) expect(p.inputs.decision).not.toBe("bypass");
        expect(
            ofType(r, "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication").length,
        ).toBeGreaterThan(0);
    });

    it("binds the Worker's credentials as secrets only, and uses main's one-time-PIN provider", () => {
        const script = one(r, "cloudflare:index/workersScript:WorkersScript");
        expect(isSecretEnvelope(script.inputs.bindings)).toBe(true);
        const bindings = reveal(script.inputs.bindings) as { name: string; type: string }[];
        for (const name of ["TWILIO_AUTH_TOKEN", "CF_ACCESS_CLIENT_ID", "CF_ACCESS_CLIENT_SECRET"]) {
            expect(bindings.find((b) => b.name === name)?.type).toBe("secret_text");
        }
        expect(JSON.stringify(reveal(script.inputs.content))).not.toMatch(/offline-placeholder/);
        expect(
            ofType(r, "cloudflare:index/zeroTrustAccessIdentityProvider:ZeroTrustAccessIdentityProvider").map(
                (i) => i.inputs.type,
            ),
        ).toEqual(["google-apps"]);
        expect(JSON.stringify(r.filter((x) => x.type.includes("zeroTrustAccess")).map((x) => x.inputs))).toContain(
            String(main.outputs.accessOneTimePinIdpId),
        );
    });

    it("reaches main's cluster with a Kubernetes provider built from main's secret kubeconfig", () => {
        const provider = one(r, "pulumi:providers:kubernetes");
        expect(isSecretEnvelope(provider.inputs.kubeconfig)).toBe(true);
        expect(main.secretOutputNames).toContain("kubeconfig");
        const k8s = r.filter((x) => x.type.startsWith("kubernetes:"));
        expect(k8s.length).toBeGreaterThan(5);
        for (const res of k8s) expect(providerUrn(res)).toBe(provider.urn);
        expect(one(r, "kubernetes:core/v1:Namespace").inputs.metadata).toMatchObject({ name: "osprey-demo" });
    });

    it("owns its data: one database admitting only main's node security group, one bucket, one certificate", () => {
        const db = one(r, "aws:rds/instance:Instance");
        expect(db.inputs).toMatchObject({
            engine: "postgres",
            publiclyAccessible: false,
            storageEncrypted: true,
            backupRetentionPeriod: 1,
        });
        const dbIngress = ofType(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
            (x) => x.inputs.fromPort === 5432,
        );
        expect(dbIngress.map((x) => x.inputs.referencedSecurityGroupId)).toEqual([main.outputs.nodeSecurityGroupId]);
        // In demo's own data subnets, which main's stack laid out for it (lib/networkLayout.ts), not main's.
        const dataSubnetIds = main.outputs.dataSubnetIds as Record<string, string[]>;
        expect(one(r, "aws:rds/subnetGroup:SubnetGroup").inputs.subnetIds).toEqual(dataSubnetIds.demo);
        expect(dataSubnetIds.demo).not.toEqual(dataSubnetIds.main);
        // One attachments bucket; the other holds only the origin-pull CA bundle (OriginProof).
        expect(
            ofType(r, "aws:s3/bucket:Bucket").filter((b) => !under("osprey:environment:OriginProof")(b)),
        ).toHaveLength(1);
        expect(ofType(r, "aws:acm/certificate:Certificate")).toHaveLength(1);
        expect(ofType(r, "kubernetes:core/v1:Secret")).toHaveLength(0);
    });

    it("puts its namespace behind default-deny NetworkPolicies naming the platform's public subnets and demo's own data subnets", () => {
        const nps = ofType(r, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        expect(nps.map((n) => (n.inputs.metadata as { name: string; namespace: string }).namespace)).toEqual(
            Array(6).fill("osprey-demo"),
        );
        const byName = (xs: { name: string; spec: unknown }[]) => Object.fromEntries(xs.map((x) => [x.name, x.spec]));
        const recorded = nps.map((n) => ({ name: (n.inputs.metadata as { name: string }).name, spec: n.inputs.spec }));
        const addresses = {
            vpcCidr: String(main.outputs.vpcCidr),
            serviceCidr: clusterServiceCidr(String(main.outputs.vpcCidr)),
            publicSubnetCidrs: main.outputs.publicSubnetCidrs as string[],
            dataSubnetCidrs: (main.outputs.dataSubnetCidrs as Record<string, string[]>).demo,
        };
        // lib/networkLayout.ts for the default 10.40.0.0/16 over two AZs: demo's data /27s from .128 of the last /24.
        expect(addresses.dataSubnetCidrs).toEqual(["10.40.255.128/27", "10.40.255.160/27"]);
        expect(byName(recorded)).toEqual(byName(environmentNetworkPolicies(addresses)));
    });

    it("writes its own ALB security group on its namespace, where the platform's admission policy checks every Ingress against it", () => {
        const ns = one(r, "kubernetes:core/v1:Namespace");
        const annotations = (ns.inputs.metadata as { annotations: Record<string, string> }).annotations;
        expect(annotations).toEqual({ "osprey-strike.com/alb-security-group": run.outputs.outputs.albSecurityGroupId });
        expect(String(run.outputs.outputs.albSecurityGroupId)).toMatch(/^sg-[0-9a-f]{17}$/);
    });

    it("writes no policy onto a role main owns; its own reader gets its database master secret, by exact ARN", () => {
        const policies = ofType(r, "aws:iam/rolePolicy:RolePolicy");
        const ownRoles = new Set(ofType(r, "aws:iam/role:Role").map((x) => x.urn));
        for (const p of policies) {
            const from = p.propertyDependencies.role ?? [];
            expect([p.name, from.some((u) => ownRoles.has(u))]).toEqual([p.name, true]);
        }
        const grant = one(r, "aws:iam/rolePolicy:RolePolicy", (x) => x.name === "demo-secret-store-reader");
        const doc = JSON.parse(grant.inputs.policy as string) as { Statement: { Resource: string }[] };
        expect(doc.Statement.map((s) => s.Resource)).toEqual([
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:osprey-strike/demo/*",
            run.outputs.outputs.dbMasterSecretArn,
        ]);
    });

    describeAuthChain("demo", () => ({ run, r }));

    it("creates no realm objects of its own: the platform stack owns the realm, demo only its client", () => {
        for (const type of [T.realm, T.group, T.google]) expect(ofType(r, type)).toHaveLength(0);
        expect(one(r, T.client).inputs.realmId).toBe(main.outputs.keycloakRealm);
    });

    it("tags demo's resources as environment demo", () => {
        const provider = one(r, "pulumi:providers:aws");
        expect(JSON.parse(provider.inputs.defaultTags as string).tags).toMatchObject({
            environment: "demo",
            stack: "demo",
        });
    });

    it("exports its own environment's values but not the platform contract", () => {
        expect(run.outputs.outputs.environmentName).toBe("demo");
        expect(run.outputs.outputs.albSecurityGroupId).toMatch(/^sg-/);
        expect(run.outputs.outputs.vpcId).toBeUndefined();
    });

    it("passes every policy of the pack (no false positives on the program's own graph)", async () => {
        expect(await runPolicies(r)).toEqual([]);
    });

    prefixListIdentityCheck(() => r);
});

gitopsChecks(
    "demo",
    () => run,
    () => main.outputs as Record<string, unknown>,
);
