/**
 * The cluster layer's platform part for the owning stack (Pulumi.main.yaml) on the mock cloud: EKS, node group,
 * explicit Kubernetes provider, add-ons with IRSA, the jumpbox and ECR. "Today" is pinned to 2027-01-15, 71 days
 * before 1.35's end of standard support (2027-03-27, EKS release calendar), so the cost warning must fire.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import { Cluster } from "../../components/cluster";
import { Platform } from "../../components/platform";
import { identitySettings, platformSettings } from "../../wiring";
import { isSecretEnvelope } from "../../harness/graph";
import { MOCK_ACCOUNT_ID, MockCloud } from "../../harness/mockCloud";
import {
    ENVIRONMENT_NAMESPACE_SELECTOR,
    EXPOSURE_POLICY_NAME,
    exposurePolicyManifest,
    INGRESS_POLICY_NAME,
    ingressPolicyManifest,
} from "../../components/cluster/ingressAdmission";
import { eksIdentity } from "../../harness/models/remote";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import {
    clusterArgsFrom,
    doc,
    kubernetesProviderOf,
    kubernetesResources,
    ofType,
    one,
    stackConfig,
    T,
    VPC,
} from "./helpers";
import { InvalidArgumentsError } from "../../components/invalidArgs";

const cfg = stackConfig("main");
const TODAY = new Date("2027-01-15T12:00:00Z");
const warnings: string[] = [];
let run: ProgramRun;
let refusal: unknown;

beforeAll(async () => {
    jest.spyOn(pulumi.log, "warn").mockImplementation(async (msg: string) => void warnings.push(msg));
    run = await runOnMockCloud({
        stack: "main",
        program: () => {
            const c = new Cluster("osprey", clusterArgsFrom(cfg, { today: TODAY }));
            // The top-level Platform refuses bad settings itself (the Cluster and its parts do not re-check).
            const settings = platformSettings(cfg.platform!, cfg, "us-east-1");
            try {
                new Platform("bad", {
                    ...settings,
                    identity: identitySettings(cfg.platform!, cfg, {
                        accessGoogleClientSecret: pulumi.secret("unused"),
                    }),
                    network: { ...settings.network, availabilityZoneCount: 1 },
                    cluster: { ...settings.cluster, jumpboxInstanceType: "t3.nano" },
                    cloudflareProvider: new cloudflare.Provider("bad-cloudflare", {
                        apiToken: pulumi.secret("unused"),
                    }),
                });
            } catch (e) {
                refusal = e;
            }
            return {
                kubeconfig: c.kubeconfig,
                clusterName: c.clusterName,
                oidcProviderArn: c.oidcProviderArn,
                jumpboxInstanceId: c.jumpboxInstanceId,
                nodeSecurityGroupId: c.nodeSecurityGroupId,
                clusterSecurityGroupId: c.clusterSecurityGroupId,
                ecrRepositoryUrls: c.ecrRepositoryUrls,
            };
        },
    });
});

it("Platform refuses bad settings as its own ResourceError, every problem named, before any cloud resource", () => {
    expect(refusal).toBeInstanceOf(pulumi.ResourceError);
    expect((refusal as Error).message).toMatch(
        /^Platform bad: invalid arguments:\n {2}- network\.availabilityZoneCount: 1 must be .*\n {2}- cluster\.jumpboxInstanceType: /,
    );
    // The same problems as data (pulumi.InputPropertyErrorDetails): paths into the Platform's args.
    expect(refusal).toBeInstanceOf(InvalidArgumentsError);
    expect((refusal as InvalidArgumentsError).errors.map((e) => e.propertyPath)).toEqual([
        "network.availabilityZoneCount",
        "cluster.jumpboxInstanceType",
    ]);
    expect(
        run.resources.filter((r) => r.custom && r.urn.includes("::bad") && !r.type.startsWith("pulumi:providers:")),
    ).toEqual([]);
});

const eks = () => one(run.resources, T.eks);
/** A resource reference as the recorder keeps it (the resource object, flattened): its type token and name. */
const refOf = (r: unknown) => {
    const x = r as { __pulumiType?: string; __name?: string };
    return { type: x.__pulumiType, name: x.__name };
};

describe("EKS", () => {
    it("keeps the API private: private endpoint on, public off, no CIDR list", () => {
        expect(eks().inputs).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
        expect(eks().inputs.publicAccessCidrs).toBeUndefined();
    });

    it("uses access entries only, with cluster admin for each configured role", () => {
        expect(eks().inputs.authenticationMode).toBe("API");
        const entries = Object.values(eks().inputs.accessEntries as Record<string, Record<string, unknown>>);
        expect(entries.map((e) => e.principalArn)).toEqual(cfg.platform!.cluster.adminRoleArns);
        for (const e of entries) {
            expect(e.accessPolicies).toEqual({
                admin: {
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                    accessScope: { type: "cluster" },
                },
            });
        }
    });

    it("pins the version, has no default node group, creates the OIDC provider, logs api/audit/authenticator", () => {
        expect(eks().inputs).toMatchObject({
            version: cfg.platform!.cluster.kubernetesVersion,
            skipDefaultNodeGroup: true,
            createOidcProvider: true,
            enabledClusterLogTypes: ["api", "audit", "authenticator"],
            upgradePolicy: { supportType: "STANDARD" },
            vpcId: VPC.vpcId,
            privateSubnetIds: VPC.privateSubnetIds,
            publicSubnetIds: VPC.publicSubnetIds,
            nodeAssociatePublicIpAddress: false,
        });
    });

    it("envelope-encrypts Secrets with a rotating KMS key, and keeps control-plane logs 30 days", () => {
        const key = one(run.resources, T.kmsKey);
        expect(key.inputs).toMatchObject({ enableKeyRotation: true });

        expect(eks().propertyDependencies.encryptionConfigKeyArn).toEqual([key.urn]);
        const logs = one(run.resources, T.logGroup, (r) => r.inputs.name === "/aws/eks/osprey/cluster");
        expect(logs.inputs).toMatchObject({ name: "/aws/eks/osprey/cluster", retentionInDays: 30 });
        expect(eks().dependencies).toContain(logs.urn);
    });

    it("launches the nodes from ONE launch template: IMDSv2 required, hop limit 1, encrypted gp3 root volumes, no diskSize", () => {
        const lt = one(run.resources, "aws:ec2/launchTemplate:LaunchTemplate");
        expect(lt.inputs.metadataOptions).toEqual({
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
            instanceMetadataTags: "disabled",
        });
        expect(lt.inputs.blockDeviceMappings).toEqual([
            {
                deviceName: "/dev/xvda",
                ebs: { volumeSize: 20, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
            },
        ]);
        // EKS picks the AMI (amiType) and the cluster security group: the template names neither.
        expect(lt.inputs.imageId).toBeUndefined();
        expect(lt.inputs.vpcSecurityGroupIds).toBeUndefined();
        const ng = one(run.resources, T.nodeGroup);
        expect(ng.inputs.diskSize).toBeUndefined();
        // Its latest version (computed by EC2: unknown on the mock), so a template change rolls the nodes.
        expect((ng.inputs.launchTemplate as { id: string }).id).toMatch(/^lt-/);
        expect(ng.propertyDependencies.launchTemplate).toContain(lt.urn);
    });

    it("runs one managed node group from config, in the private subnets, on the node role", () => {
        const ng = one(run.resources, T.nodeGroup);
        expect(ng.inputs).toMatchObject({
            instanceTypes: ["t3.medium"],
            capacityType: "ON_DEMAND",
            amiType: "AL2023_x86_64_STANDARD",
            scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 3 },
            subnetIds: VPC.privateSubnetIds,
        });
        // Resource references arrive as resources (no property dependencies): compare type and name.
        expect(refOf(ng.inputs.cluster)).toEqual({ type: T.eks, name: eks().name });
        const nodeRole = one(run.resources, T.iamRole, (r) => r.name === "osprey-nodes");
        expect(refOf(ng.inputs.nodeRole)).toEqual({ type: T.iamRole, name: nodeRole.name });
        const policies = ofType(run.resources, T.attachment)
            .filter((a) => a.name.startsWith("osprey-nodes-"))
            .map((a) => a.inputs.policyArn);
        expect(policies.sort()).toEqual(
            ["AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"].map(
                (p) => `arn:aws:iam::aws:policy/${p}`,
            ),
        );
    });

    it("reports the security group EKS puts on managed nodes and pods (read back from EKS), not @pulumi/eks's unused node group SG", () => {
        const ctx = new MockCloud({ stack: "main", region: "us-east-1", cloudflareRanges: { ipv4: [], ipv6: [] } }).ctx;
        expect(run.outputs.outputs.nodeSecurityGroupId).toBe(eksIdentity("osprey", ctx).managedSecurityGroupId);
        expect(run.outputs.outputs.nodeSecurityGroupId).not.toBe(run.outputs.outputs.clusterSecurityGroupId);
    });

    it("warns about the support end date for the pinned 'today'", () => {
        expect(
            warnings.some(
                (w) => w.includes("Kubernetes 1.35 ends on 2027-03-27 (in 71 days)") && w.includes("$365/month"),
            ),
        ).toBe(true);
    });
});

describe("Kubernetes provider", () => {
    it("every kubernetes:* resource names the explicit provider", () => {
        const k8s = kubernetesResources(run.resources);
        expect(k8s.length).toBeGreaterThanOrEqual(3);
        for (const r of k8s)
            expect({ type: r.type, provider: kubernetesProviderOf(run.resources, r)?.type }).toEqual({
                type: r.type,
                provider: T.k8sProvider,
            });
    });

    it("is built from the cluster's kubeconfig, as a secret, identified by the cluster name", () => {
        const p = one(run.resources, T.k8sProvider, (x) => !x.modelled); // not @pulumi/eks's own (a modelled child)
        expect(isSecretEnvelope(p.inputs.kubeconfig)).toBe(true);
        const kc = JSON.parse((p.inputs.kubeconfig as { value: string }).value);
        expect(kc.clusters[0].cluster.server).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\.us-east-1\.eks\.amazonaws\.com$/);
        expect(p.inputs.clusterIdentifier).toBe("osprey");
    });

    it("exports the kubeconfig as a secret output", () => {
        expect(run.outputs.secretOutputNames).toContain("kubeconfig");
        expect(run.outputs.outputs.clusterName).toBe("osprey");
    });
});

describe("add-ons", () => {
    const trusts = () =>
        ofType(run.resources, T.iamRole)
            .map(
                (r) =>
                    doc(r.inputs.assumeRolePolicy) as {
                        Statement: {
                            Principal: Record<string, string>;
                            Condition?: Record<string, Record<string, string>>;
                        }[];
                    },
            )
            .filter((d) => d.Statement.some((s) => s.Principal.Federated));

    it("every IRSA role trusts ONLY its service account through the cluster's OIDC provider (sub and aud, StringEquals)", () => {
        const issuer = String(run.outputs.outputs.oidcProviderArn).split(":oidc-provider/")[1];
        const subjects = trusts().map((d) => {
            expect(d.Statement).toHaveLength(1);
            const s = d.Statement[0];
            expect(s.Principal.Federated).toBe(run.outputs.outputs.oidcProviderArn);
            expect(Object.keys(s.Condition!)).toEqual(["StringEquals"]);
            expect(s.Condition!.StringEquals[`${issuer}:aud`]).toBe("sts.amazonaws.com");
            return s.Condition!.StringEquals[`${issuer}:sub`];
        });
        expect(subjects.sort()).toEqual([
            // The CloudWatch agent and Fluent Bit (one service account, components/cluster/observabilityRules.ts).
            "system:serviceaccount:amazon-cloudwatch:cloudwatch-agent",
            // The platform store's reader, not ESO's controller: the controller has no AWS identity
            // (docs/requirements.md, Isolation).
            "system:serviceaccount:external-secrets:platform-secrets-reader",
            "system:serviceaccount:kube-system:aws-load-balancer-controller",
        ]);
    });

    it("gives the ALB controller exactly the IAM policy AWS publishes (v3.5.0 iam_policy.json)", () => {
        const stored = JSON.parse(
            fs.readFileSync(path.join(__dirname, "../../components/cluster/albControllerIamPolicy.json"), "utf8"),
        );
        const policy = one(run.resources, T.rolePolicy, (r) => r.name === "osprey-addons-alb-controller");
        expect(doc(policy.inputs.policy)).toEqual(stored);
    });

    it("lets the platform store read only the platform's secrets, no environment's", () => {
        const policy = doc(
            one(run.resources, T.rolePolicy, (r) => r.name === "osprey-addons-external-secrets").inputs.policy,
        ) as {
            Statement: { Effect: string; Action: string[]; Resource: string }[];
        };
        const allows = policy.Statement.filter((s) => s.Effect === "Allow");
        expect(allows.map((s) => s.Resource)).toEqual([
            `arn:aws:secretsmanager:us-east-1:${MOCK_ACCOUNT_ID}:secret:osprey-strike/platform/*`,
        ]);
        expect(allows.flatMap((s) => s.Action).every((a) => /^secretsmanager:(Get|Describe|List)/.test(a))).toBe(true);
    });

    it("installs the pinned charts from their official repositories with the IRSA role annotated", () => {
        const releases = ofType(run.resources, T.release);
        expect(
            releases
                .map((r) => [
                    r.inputs.chart,
                    r.inputs.version,
                    (r.inputs.repositoryOpts as { repo: string }).repo,
                    r.inputs.namespace,
                ])
                .sort(),
        ).toEqual([
            ["aws-load-balancer-controller", "3.5.0", "https://aws.github.io/eks-charts", "kube-system"],
            ["external-secrets", "2.9.0", "https://charts.external-secrets.io", "external-secrets"],
        ]);
        const alb = releases.find((r) => r.inputs.chart === "aws-load-balancer-controller")!;
        const values = alb.inputs.values as Record<string, Record<string, unknown>>;
        expect(values).toMatchObject({
            clusterName: "osprey",
            region: "us-east-1",
            vpcId: VPC.vpcId,
            clusterSecretsPermissions: { allowAllSecrets: false },
        });
        const albRole = one(run.resources, T.iamRole, (r) => r.name === "osprey-addons-alb-controller");
        expect(alb.propertyDependencies.values).toContain(albRole.urn);
    });

    it("runs the VPC CNI as a managed add-on with its network-policy agent on", () => {
        const addon = one(run.resources, "aws:eks/addon:Addon", (a) => a.inputs.addonName === "vpc-cni");
        expect(addon.inputs).toMatchObject({
            clusterName: "osprey",
            addonName: "vpc-cni",
            resolveConflictsOnCreate: "OVERWRITE",
        });
        expect(JSON.parse(addon.inputs.configurationValues as string)).toEqual({ enableNetworkPolicy: "true" });
    });

    it("creates the admission policies with their Deny bindings, and one IngressClass + IngressClassParams per environment after the ALB chart", () => {
        const byName = (name: string) => (r: { inputs: Record<string, unknown> }) =>
            (r.inputs.metadata as { name: string }).name === name;
        for (const [name, manifest] of [
            [INGRESS_POLICY_NAME, ingressPolicyManifest()],
            [EXPOSURE_POLICY_NAME, exposurePolicyManifest()],
        ] as const) {
            const policy = one(
                run.resources,
                "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
                byName(name),
            );
            expect(policy.inputs).toEqual(manifest);
            const binding = one(
                run.resources,
                "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
                byName(name),
            );
            expect(binding.inputs.spec).toEqual({
                policyName: name,
                validationActions: ["Deny"],
                matchResources: { namespaceSelector: ENVIRONMENT_NAMESPACE_SELECTOR },
            });
            expect(binding.dependencies).toContain(policy.urn);
        }
        // With the owned-objects and image policies (tests/kubernetes/workloadAdmission.test.ts checks those two).
        expect(
            ofType(run.resources, "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy")
                .map((p) => (p.inputs.metadata as { name: string }).name)
                .sort(),
        ).toEqual([
            EXPOSURE_POLICY_NAME,
            "osprey-environment-images",
            INGRESS_POLICY_NAME,
            "osprey-environment-pulumi-owned",
        ]);
        const alb = one(run.resources, T.release, (r) => r.inputs.chart === "aws-load-balancer-controller");
        const params = ofType(run.resources, "kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams");
        expect(params.map((p) => (p.inputs.metadata as { name: string }).name).sort()).toEqual([
            "osprey-demo",
            "osprey-main",
        ]);
        for (const p of params) expect(p.dependencies).toContain(alb.urn);
        const classes = ofType(run.resources, "kubernetes:networking.k8s.io/v1:IngressClass");
        expect(classes.map((c) => c.inputs.spec)).toEqual(
            ["main", "demo"].map((e) => ({
                controller: "ingress.k8s.aws/alb",
                parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: `osprey-${e}` },
            })),
        );
    });

    it("creates the platform ClusterSecretStore after the ESO chart: jwt auth as its reader, usable only from osprey-argocd", () => {
        const store = one(run.resources, T.secretStore);
        expect(store.inputs).toMatchObject({
            apiVersion: "external-secrets.io/v1",
            kind: "ClusterSecretStore",
            spec: {
                provider: {
                    aws: {
                        service: "SecretsManager",
                        region: "us-east-1",
                        auth: {
                            jwt: {
                                serviceAccountRef: { name: "platform-secrets-reader", namespace: "external-secrets" },
                            },
                        },
                    },
                },
                conditions: [{ namespaces: ["osprey-argocd"] }],
            },
        });
        const eso = one(run.resources, T.release, (r) => r.inputs.chart === "external-secrets");
        // The controller's own service account carries no role: a SecretStore without auth gets no AWS identity.
        const sa = (eso.inputs.values as { serviceAccount: { annotations?: unknown } }).serviceAccount;
        expect(sa.annotations).toBeUndefined();
        expect(store.dependencies).toContain(eso.urn);
    });
});

describe("jumpbox", () => {
    const instance = () => one(run.resources, T.instance);

    it("is a t4g.nano in a private subnet, without a public IP, IMDSv2 only at one hop, encrypted gp3 root", () => {
        expect(instance().inputs).toMatchObject({
            instanceType: "t4g.nano",
            subnetId: VPC.privateSubnetIds[0],
            associatePublicIpAddress: false,
            metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
            rootBlockDevice: { volumeType: "gp3", encrypted: true },
        });
        expect(instance().inputs.ami).toMatch(/^ami-[0-9a-f]{17}$/);
        expect(instance().ignoreChanges).toEqual(["ami"]);
    });

    it("admits nothing: its security group has no inbound rule; the cluster security group admits 443 from it", () => {
        const sg = one(run.resources, T.sg, (r) => r.name === "osprey-jumpbox");
        expect(sg.inputs.ingress ?? []).toEqual([]);
        const intoJumpbox = ofType(run.resources, T.ingress).filter((r) =>
            r.propertyDependencies.securityGroupId?.includes(sg.urn),
        );
        expect(intoJumpbox).toEqual([]);
        const api = one(run.resources, T.ingress, (r) => r.name === "osprey-jumpbox-to-eks-api");
        expect(api.inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 443, toPort: 443 });
        expect(api.propertyDependencies.referencedSecurityGroupId).toEqual([sg.urn]);
        expect(api.propertyDependencies.securityGroupId).toEqual([eks().urn]);
    });

    it("has a role with ONLY AmazonSSMManagedInstanceCore", () => {
        const role = one(run.resources, T.iamRole, (r) => r.name === "osprey-jumpbox");
        const attached = ofType(run.resources, T.attachment).filter((a) =>
            a.propertyDependencies.role?.includes(role.urn),
        );
        expect(attached.map((a) => a.inputs.policyArn)).toEqual([
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        ]);
        expect(
            ofType(run.resources, T.rolePolicy).filter((p) => p.propertyDependencies.role?.includes(role.urn)),
        ).toEqual([]);
        expect(one(run.resources, T.profile).propertyDependencies.role).toEqual([role.urn]);
    });
});

describe("ECR", () => {
    it("has mutable, scanned, encrypted repositories for api, web, mock and mcp", () => {
        const repos = ofType(run.resources, T.ecr);
        expect(repos.map((r) => r.inputs.name).sort()).toEqual([
            "osprey-strike/api",
            "osprey-strike/mcp",
            "osprey-strike/mock",
            "osprey-strike/web",
        ]);
        for (const r of repos) {
            expect(r.inputs).toMatchObject({
                imageTagMutability: "MUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS" }],
            });
        }
        expect(run.outputs.outputs.ecrRepositoryUrls).toMatchObject({
            api: `${MOCK_ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/osprey-strike/api`,
        });
    });

    it("expires untagged images beyond the configured count", () => {
        const policies = ofType(run.resources, T.lifecycle);
        expect(policies).toHaveLength(4);
        for (const p of policies) {
            expect(doc(p.inputs.policy)).toMatchObject({
                rules: [
                    {
                        selection: {
                            tagStatus: "untagged",
                            countType: "imageCountMoreThan",
                            countNumber: cfg.platform!.cluster.ecrUntaggedImagesToKeep,
                        },
                        action: { type: "expire" },
                    },
                ],
            });
        }
    });
});

it("records the IAM policy file byte-for-byte as published (sha256 of kubernetes-sigs/aws-load-balancer-controller v3.5.0 docs/install/iam_policy.json)", () => {
    const bytes = fs.readFileSync(path.join(__dirname, "../../components/cluster/albControllerIamPolicy.json"));
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(
        "16f232c9d9f79366fe949c4550ad517a202380058a9e48d45a4e215044a20a6a",
    );
});
