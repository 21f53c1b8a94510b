/**
 * The modelled children of the remote components (harness/models/remoteChildren*.ts). Expected values come from the
 * upstream source each model cites: pulumi/pulumi-eks at v4.3.0 (nodejs/eks/cluster/cluster.ts, servicerole.ts,
 * cluster/authenticationMode.ts, nodes/securitygroup.ts, addons/cni-addon.ts, nodes/nodegroup.ts) and
 * pulumi/pulumi-awsx awsx/ec2/vpc.ts and subnetNaming.ts at e60adf3c. Main's shared run is read once; the input flips
 * call the models directly on a copy of the recorded component (no program run).
 */
import { createHash } from "node:crypto";
import { CLOUDFLARE_IPS_FIXTURE } from "../../harness/fixtures/cloudflareIps";
import type { RecordedResource } from "../../harness/graph";
import { MockCloud } from "../../harness/mockCloud";
import { awsxVpcChildren } from "../../harness/models/remoteChildrenAwsx";
import { eksClusterChildren } from "../../harness/models/remoteChildrenEks";
import { managedNodeGroupChildren } from "../../harness/models/remoteChildrenEksNodeGroup";
import { ChildContext, ModelledChild, UnmodelledBranchError } from "../../harness/models/remoteChildrenTypes";
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { platformSubnetLayout } from "../../lib/networkLayout";

let run: ProgramRun;
beforeAll(async () => {
    run = await sharedProgramRun("main");
});

const one = (type: string, name?: string): RecordedResource => {
    const found = run.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    expect(found).toHaveLength(1);
    return found[0];
};
const childrenOf = (parent: RecordedResource) => run.resources.filter((r) => r.parent === parent.urn);
const modelledUnder = (component: RecordedResource) =>
    run.resources.filter((r) => r.modelled && r.urn.includes(`${component.type}$`));

/** The model's context on a fresh mock of main (the same deterministic IDs as the shared run's). */
function ctxOf(resources: RecordedResource[]): ChildContext {
    const cloud = new MockCloud({ stack: "main", region: "us-east-1", cloudflareRanges: CLOUDFLARE_IPS_FIXTURE });
    return { ...cloud.ctx, resources, identify: (t, n, i) => cloud.identify(t, n, i) };
}
/** The recorded component with some inputs changed (undefined deletes one). */
const flipped = (r: RecordedResource, changes: Record<string, unknown>): RecordedResource => {
    const inputs = { ...r.inputs, ...changes };
    for (const [k, v] of Object.entries(changes)) if (v === undefined) delete inputs[k];
    return { ...r, inputs };
};
const named = (children: ModelledChild[], type: string) => children.filter((c) => c.type === type).map((c) => c.name);

describe("main's shared run holds the remote components' modelled children", () => {
    it("every modelled child hangs under a remote component, its URN chained under its parent's type chain, with the component's aws provider", () => {
        const modelled = run.resources.filter((r) => r.modelled);
        expect(modelled.length).toBeGreaterThan(30);
        const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        for (const r of modelled) {
            expect(r.modelled).toBe(true);
            const parent = byUrn.get(r.parent!)!;
            expect(parent).toBeDefined();
            expect(r.urn).toBe(`${parent.urn.split("::").slice(0, 3).join("::")}$${r.type}::${r.name}`);
            let root = parent;
            while (root.modelled) root = byUrn.get(root.parent!)!;
            expect(root.remote).toBe(true);
            if (r.custom && r.type.startsWith("aws:")) expect(r.provider).toBe(root.providers?.aws);
        }
        // Nothing else changed kind: the program's own resources carry no marker.
        expect(run.resources.filter((r) => !r.modelled).every((r) => !("modelled" in r))).toBe(true);
    });

    it("eks:index:Cluster: cluster.ts's aws:eks/cluster:Cluster `${name}-eksCluster` from the component's inputs", () => {
        const component = one("eks:index:Cluster", "osprey");
        const cluster = one("aws:eks/cluster:Cluster", "osprey-eksCluster");
        expect(cluster.parent).toBe(component.urn);
        expect(cluster.urn).toBe(
            "urn:pulumi:main::osprey-strike::osprey:cluster:EksCluster$eks:index:Cluster$aws:eks/cluster:Cluster::osprey-eksCluster",
        );
        const i = component.inputs;
        expect(cluster.inputs).toMatchObject({
            name: "osprey",
            version: i.version,
            upgradePolicy: { supportType: "STANDARD" },
            bootstrapSelfManagedAddons: true,
            vpcConfig: {
                endpointPrivateAccess: true,
                endpointPublicAccess: false,
                subnetIds: [...(i.publicSubnetIds as string[]), ...(i.privateSubnetIds as string[])], // public first, then private
            },
            // authenticationMode set: cluster.ts hard-codes bootstrapClusterCreatorAdminPermissions true; the program's transform
            // on the component (eksCluster.ts withoutCreatorAdmin) turns it off, and the harness runs it as the engine would.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            encryptionConfig: { provider: { keyArn: i.encryptionConfigKeyArn }, resources: ["secrets"] },
            enabledClusterLogTypes: i.enabledClusterLogTypes,
            // { Name: `${name}-eksCluster`, ...clusterTags, ...tags }: our tags' Name wins.
            tags: { Name: "osprey" },
        });
        expect(cluster.ignoreChanges).toEqual([
            "accessConfig.bootstrapClusterCreatorAdminPermissions",
            "bootstrapSelfManagedAddons",
        ]);
        // The model alone is upstream's: the transform, not the model, makes the difference.
        const upstream = eksClusterChildren(component, ctxOf(run.resources)).find(
            (c) => c.type === "aws:eks/cluster:Cluster",
        )!;
        expect(upstream.inputs.accessConfig).toEqual({
            authenticationMode: "API",
            bootstrapClusterCreatorAdminPermissions: true,
        });
    });

    it("eks:index:Cluster: the ServiceRole component `${name}-eksRole` with its role and one attachment named by sha1 of the policy", () => {
        const component = one("eks:index:Cluster", "osprey");
        const serviceRole = one("eks:index:ServiceRole", "osprey-eksRole");
        expect(serviceRole.parent).toBe(component.urn);
        expect(serviceRole.custom).toBe(false);
        const policy = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy";
        const role = one("aws:iam/role:Role", "osprey-eksRole-role");
        expect(childrenOf(serviceRole).map((r) => `${r.type} ${r.name}`)).toEqual([
            "aws:iam/role:Role osprey-eksRole-role",
            `aws:iam/rolePolicyAttachment:RolePolicyAttachment osprey-eksRole-${createHash("sha1").update(policy).digest("hex").slice(0, 8)}`,
        ]);
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).toEqual([
            {
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Effect: "Allow",
                Principal: { Service: ["eks.amazonaws.com"] },
            },
        ]);
        expect(one("aws:eks/cluster:Cluster", "osprey-eksCluster").inputs.roleArn).toMatch(
            /^arn:aws:iam::123456789012:role\/osprey-eksRole-role-[0-9a-f]{7}$/,
        );
    });

    it("eks:index:Cluster: both security groups with cluster.ts's and securitygroup.ts's rules", () => {
        const component = one("eks:index:Cluster", "osprey");
        const rules = childrenOf(component).filter((r) => r.type === "aws:ec2/securityGroupRule:SecurityGroupRule");
        expect(rules.map((r) => r.name)).toEqual([
            "osprey-eksClusterInternetEgressRule",
            "osprey-eksNodeIngressRule",
            "osprey-eksNodeClusterIngressRule",
            "osprey-eksExtApiServerClusterIngressRule",
            "osprey-eksNodeInternetEgressRule",
            "osprey-eksClusterIngressRule",
        ]);
        const nodeSg = one("aws:ec2/securityGroup:SecurityGroup", "osprey-nodeSecurityGroup");
        expect(nodeSg.inputs.tags).toEqual({ Name: "osprey", "kubernetes.io/cluster/osprey": "owned" });
        const toApi = rules.find((r) => r.name === "osprey-eksClusterIngressRule")!;
        expect(toApi.inputs).toMatchObject({ type: "ingress", fromPort: 443, toPort: 443, protocol: "tcp" });
        expect(toApi.propertyDependencies.securityGroupId).toEqual([
            one("aws:ec2/securityGroup:SecurityGroup", "osprey-eksClusterSecurityGroup").urn,
        ]);
        expect(toApi.propertyDependencies.sourceSecurityGroupId).toEqual([nodeSg.urn]);
    });

    it("eks:index:Cluster: access entries from accessEntries, each association a child of its entry; EKS's creator entry is no resource", () => {
        const component = one("eks:index:Cluster", "osprey");
        const given = component.inputs.accessEntries as Record<
            string,
            { principalArn: string; accessPolicies: Record<string, { policyArn: string }> }
        >;
        const entries = run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
        expect(entries.map((e) => e.name)).toEqual(Object.keys(given).map((k) => `osprey-${k}`));
        for (const [key, e] of Object.entries(given)) {
            const entry = one("aws:eks/accessEntry:AccessEntry", `osprey-${key}`);
            expect(entry.parent).toBe(component.urn);
            expect(entry.inputs).toEqual({ principalArn: e.principalArn, clusterName: "osprey" });
            expect(childrenOf(entry).map((a) => [a.name, a.inputs.policyArn])).toEqual(
                Object.entries(e.accessPolicies).map(([k, p]) => [`osprey-${key}-${k}`, p.policyArn]),
            );
        }
    });

    it("eks:index:Cluster: kube-proxy add-on and OIDC provider; no vpc-cni (useDefaultVpcCni) and no coredns (enabled false) of its own", () => {
        const component = one("eks:index:Cluster", "osprey");
        const addons = modelledUnder(component).filter((r) => r.type === "aws:eks/addon:Addon");
        expect(addons.map((a) => [a.name, a.inputs.addonName])).toEqual([["osprey-kube-proxy", "kube-proxy"]]);
        expect(
            one("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "osprey-oidcProvider").inputs.clientIdLists,
        ).toEqual(["sts.amazonaws.com"]);
        expect(run.resources.filter((r) => r.type === "eks:index:VpcCniAddon")).toEqual([]);
    });

    it("one vpc-cni add-on per cluster in the whole graph (EKS refuses a second with ResourceInUseException)", () => {
        const vpcCni = run.resources.filter(
            (r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === "vpc-cni",
        );
        expect(vpcCni.map((r) => r.inputs.clusterName)).toEqual(["osprey"]);
    });

    it("eks:index:ManagedNodeGroup: nodegroup.ts's aws:eks/nodeGroup:NodeGroup of the component's name, with our launch template", () => {
        const component = one("eks:index:ManagedNodeGroup", "osprey-nodes");
        const ng = one("aws:eks/nodeGroup:NodeGroup", "osprey-nodes");
        expect(ng.parent).toBe(component.urn);
        const i = component.inputs;
        expect(ng.inputs).toEqual({
            amiType: i.amiType,
            capacityType: i.capacityType,
            instanceTypes: i.instanceTypes,
            labels: i.labels,
            launchTemplate: i.launchTemplate,
            clusterName: "osprey",
            nodeRoleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\/osprey-nodes-[0-9a-f]{7}$/),
            scalingConfig: i.scalingConfig,
            subnetIds: i.subnetIds,
            // Given by the program (with a launch template upstream would leave them unset), and updateConfig set on this
            // child by the program's transform (eksCluster.ts oneNodeAtATime), which the harness runs as the engine does.
            version: i.version,
            releaseVersion: i.releaseVersion,
            updateConfig: { maxUnavailable: 1 },
        });
        expect(ng.propertyDependencies.launchTemplate).toEqual(component.propertyDependencies.launchTemplate);
        expect(ng.propertyDependencies.clusterName).toEqual([one("aws:eks/cluster:Cluster", "osprey-eksCluster").urn]);
    });

    it("awsx:ec2:Vpc: the VPC, its internet gateway, per AZ a public then a private subnet with route table, association and route; one NAT (Single)", () => {
        const component = one("awsx:ec2:Vpc", "osprey-vpc");
        const vpc = one("aws:ec2/vpc:Vpc", "osprey-vpc");
        expect(vpc.parent).toBe(component.urn);
        expect(vpc.inputs).toEqual({
            cidrBlock: "10.40.0.0/16",
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: "osprey-vpc" },
        });
        expect(one("aws:ec2/internetGateway:InternetGateway", "osprey-vpc").parent).toBe(vpc.urn);
        const subnets = childrenOf(vpc).filter((r) => r.type === "aws:ec2/subnet:Subnet");
        expect(subnets.map((s) => s.name)).toEqual([
            "osprey-vpc-public-1",
            "osprey-vpc-private-1",
            "osprey-vpc-public-2",
            "osprey-vpc-private-2",
        ]);
        const layout = platformSubnetLayout("10.40.0.0/16", 2);
        for (const s of subnets) {
            const [, type, az] = /-(public|private)-(\d)$/.exec(s.name)!;
            const laid = layout.find((l) => l.type.toLowerCase() === type && l.az === Number(az) - 1)!;
            expect(s.inputs).toMatchObject({
                cidrBlock: laid.cidrBlock,
                mapPublicIpOnLaunch: type === "public",
                tags: { Name: s.name, SubnetType: laid.type },
            });
            const [table] = childrenOf(s).filter((r) => r.type === "aws:ec2/routeTable:RouteTable");
            expect(table.name).toBe(s.name);
            expect(childrenOf(table).map((r) => r.type)).toEqual([
                "aws:ec2/routeTableAssociation:RouteTableAssociation",
                "aws:ec2/route:Route",
            ]);
        }
        const nat = one("aws:ec2/natGateway:NatGateway");
        expect([nat.name, nat.parent]).toEqual(["osprey-vpc-1", subnets[0].urn]);
        expect(one("aws:ec2/eip:Eip").parent).toBe(subnets[0].urn);
        const privateRoutes = run.resources.filter(
            (r) => r.type === "aws:ec2/route:Route" && r.name.includes("-private-"),
        );
        expect(privateRoutes.map((r) => r.propertyDependencies.natGatewayId)).toEqual([[nat.urn], [nat.urn]]);
        // The subnets' IDs are the ones the component reported (the cluster was given them).
        const cluster = one("eks:index:Cluster", "osprey");
        const assocOf = (name: string) =>
            one("aws:ec2/routeTableAssociation:RouteTableAssociation", name).inputs.subnetId;
        expect(["osprey-vpc-private-1", "osprey-vpc-private-2"].map(assocOf)).toEqual(cluster.inputs.privateSubnetIds);
    });
});

describe("the models follow upstream's branches when our inputs flip", () => {
    const cluster = () => one("eks:index:Cluster", "osprey");

    it("cluster.ts creates a VpcCniAddon wrapping an aws:eks/addon:Addon `${name}-vpc-cni` when useDefaultVpcCni is falsy", () => {
        for (const flip of [undefined, false]) {
            const children = eksClusterChildren(flipped(cluster(), { useDefaultVpcCni: flip }), ctxOf(run.resources));
            const component = children.find((c) => c.type === "eks:index:VpcCniAddon")!;
            expect([component.name, component.custom]).toEqual(["osprey-vpc-cni", false]);
            const addon = children.filter((c) => c.parent === component.urn);
            expect(addon.map((a) => [a.type, a.name, a.inputs.addonName, a.inputs.clusterName])).toEqual([
                ["aws:eks/addon:Addon", "osprey-vpc-cni", "vpc-cni", "osprey"],
            ]);
        }
        expect(named(eksClusterChildren(cluster(), ctxOf(run.resources)), "eks:index:VpcCniAddon")).toEqual([]);
    });

    it("kube-proxy follows kubeProxyAddonOptions.enabled, the OIDC provider createOidcProvider", () => {
        const children = eksClusterChildren(
            flipped(cluster(), { kubeProxyAddonOptions: { enabled: false }, createOidcProvider: false }),
            ctxOf(run.resources),
        );
        expect(named(children, "aws:eks/addon:Addon")).toEqual([]);
        expect(named(children, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")).toEqual([]);
    });

    it("refuses, by name, the branches it does not model (a default node group, CoreDNS, aws-auth)", () => {
        const ctx = ctxOf(run.resources);
        for (const [change, input] of [
            [{ skipDefaultNodeGroup: undefined }, /skipDefaultNodeGroup/],
            [{ corednsAddonOptions: { enabled: true } }, /corednsAddonOptions/],
            [{ authenticationMode: "API_AND_CONFIG_MAP" }, /authenticationMode/],
        ] as const) {
            expect(() => eksClusterChildren(flipped(cluster(), change), ctx)).toThrow(UnmodelledBranchError);
            expect(() => eksClusterChildren(flipped(cluster(), change), ctx)).toThrow(input);
        }
    });

    it("nodegroup.ts: without a launch template the node group takes the cluster's version; an IMDS option is refused", () => {
        const mng = one("eks:index:ManagedNodeGroup", "osprey-nodes");
        const [ng] = managedNodeGroupChildren(flipped(mng, { launchTemplate: undefined }), ctxOf(run.resources));
        expect(ng.inputs.version).toBe(cluster().inputs.version);
        expect(() => managedNodeGroupChildren(flipped(mng, { enableIMDSv2: true }), ctxOf(run.resources))).toThrow(
            /enableIMDSv2/,
        );
    });

    it("vpc.ts: OnePerAz makes an EIP and a NAT gateway `${name}-${i + 1}` per AZ, each private route to its own; None makes none and no private route", () => {
        const vpc = one("awsx:ec2:Vpc", "osprey-vpc");
        const perAz = awsxVpcChildren(flipped(vpc, { natGateways: { strategy: "OnePerAz" } }), ctxOf(run.resources));
        expect(named(perAz, "aws:ec2/natGateway:NatGateway")).toEqual(["osprey-vpc-1", "osprey-vpc-2"]);
        expect(named(perAz, "aws:ec2/eip:Eip")).toEqual(["osprey-vpc-1", "osprey-vpc-2"]);
        const nats = perAz.filter((c) => c.type === "aws:ec2/natGateway:NatGateway").map((c) => c.urn);
        const privateRoutes = perAz.filter((c) => c.type === "aws:ec2/route:Route" && c.name.includes("-private-"));
        expect(privateRoutes.map((r) => r.propertyDependencies.natGatewayId)).toEqual([[nats[0]], [nats[1]]]);
        const none = awsxVpcChildren(flipped(vpc, { natGateways: { strategy: "None" } }), ctxOf(run.resources));
        expect(named(none, "aws:ec2/natGateway:NatGateway")).toEqual([]);
        expect(named(none, "aws:ec2/route:Route")).toEqual(["osprey-vpc-public-1", "osprey-vpc-public-2"]);
    });
});
