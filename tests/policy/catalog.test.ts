/**
 * The guardrails catalog (docs/requirements.md, Guardrails), one describe per policy: compliant, non-compliant and
 * missing-property cases, each
 * changing one field of a baseline. Plus the coverage measure every CIDR rule shares.
 */
import { coverageOf, internetProblem, parseCidrBlock } from "../../policy/lib/cidrCoverage";
import { check } from "./helpers";
import { CLOUDFLARE_IPV4_CIDRS } from "../../harness/fixtures/cloudflareIps";
import { SIGNED_WEBHOOK_FUNCTIONS } from "../../policy/contract";

describe("coverage (policy/lib/cidrCoverage.ts)", () => {
    it("measures the union per family, overlaps once, private space not counted", () => {
        expect(coverageOf(["0.0.0.0/1", "128.0.0.0/1"]).ipv4).toBeGreaterThan(0.99);
        expect(coverageOf(["8.0.0.0/8", "8.0.0.0/9"]).ipv4).toBeCloseTo(1 / 256, 6);
        expect(coverageOf(["10.0.0.0/8", "192.168.0.0/16"]).ipv4).toBe(0);
        expect(coverageOf(["2000::/3"]).ipv6).toBeCloseTo(1 / 8, 6);
        // IPv4-mapped IPv6 (RFC 4291 2.5.5.2) covers IPv4.
        expect(coverageOf(["::ffff:0:0/96"]).ipv4).toBeGreaterThan(0.99);
        expect(coverageOf(["::ffff:8.8.8.0/120"]).ipv4).toBeCloseTo(256 / 2 ** 32, 8);
        expect(coverageOf(["not-a-cidr", 7]).unparsed).toEqual(["not-a-cidr"]);
    });

    it("parses both families and masks host bits", () => {
        expect(parseCidrBlock("1.2.3.4/24")).toEqual({ family: 4, start: 0x01020300n, size: 256n });
        expect(parseCidrBlock("2001:db8::1/64")?.size).toBe(2n ** 64n);
        for (const bad of ["1.2.3/24", "1.2.3.4/33", "::/129", "1.2.3.04/8", "gg::/8", ""])
            expect(parseCidrBlock(bad)).toBeUndefined();
    });

    it("calls a set the internet above the share, Cloudflare's own list below it", () => {
        expect(internetProblem(Array.from({ length: 16 }, (_, i) => `${i * 16}.0.0.0/4`))).toMatch(/of IPv4/);
        expect(internetProblem(["1.0.0.0/8"])).toMatch(/0\.4% of IPv4/);
        // Cloudflare's 15 IPv4 ranges (harness/fixtures/cloudflareIps.ts) must pass the default share.
        expect(CLOUDFLARE_IPV4_CIDRS).toHaveLength(15);
        expect(internetProblem(CLOUDFLARE_IPV4_CIDRS)).toBeUndefined();
        expect(internetProblem(["1.0.0.0/8"], 0.01)).toBeUndefined();
    });
});

const SG = "aws:ec2/securityGroup:SecurityGroup";
describe("alb-ingress-cloudflare-only judges coverage, not spelling", () => {
    const run = (props: Record<string, unknown>, config?: Record<string, unknown>) =>
        check("alb-ingress-cloudflare-only", { type: SG, props }, config);
    const rule = (cidrBlocks: string[]) => ({ ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks }] });
    it("passes a narrow range; flags two halves of the internet; passes a group with no ingress", async () => {
        expect(await run(rule(["203.0.113.0/24"]))).toEqual([]);
        expect(await run(rule(["0.0.0.0/1", "128.0.0.0/1"]))).toEqual([
            expect.stringMatching(/together cover 99\.\d% of IPv4/),
        ]);
        expect(await run({})).toEqual([]);
    });
    it("honours the configured share", async () => {
        expect(await run(rule(["1.0.0.0/8"]))).toHaveLength(1);
        expect(await run(rule(["1.0.0.0/8"]), { maxAddressShare: 0.01 })).toEqual([]);
    });
});

describe("eks-private-endpoint judges coverage", () => {
    const run = (props: Record<string, unknown>) => check("eks-private-endpoint", { type: "eks:index:Cluster", props });
    it("passes an office allow-list, flags sixteen /4s, flags a public endpoint with no list", async () => {
        expect(await run({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] })).toEqual([]);
        expect(
            await run({
                endpointPublicAccess: true,
                publicAccessCidrs: Array.from({ length: 16 }, (_, i) => `${i * 16}.0.0.0/4`),
            }),
        ).toEqual([expect.stringMatching(/together cover/)]);
        expect(await run({ endpointPublicAccess: true })).toEqual([expect.stringMatching(/no publicAccessCidrs/)]);
    });
});

describe("rds-* cover Aurora", () => {
    it("flags a public Aurora cluster instance, an unencrypted cluster, a cluster without backups; passes compliant ones", async () => {
        const ci = "aws:rds/clusterInstance:ClusterInstance";
        const cl = "aws:rds/cluster:Cluster";
        expect(
            await check("rds-not-publicly-accessible", { type: ci, props: { publiclyAccessible: true } }),
        ).toHaveLength(1);
        expect(await check("rds-not-publicly-accessible", { type: ci, props: {} })).toEqual([]);
        expect(await check("rds-storage-encrypted", { type: cl, props: { storageEncrypted: true } })).toEqual([]);
        expect(await check("rds-storage-encrypted", { type: cl, props: {} })).toEqual([
            expect.stringMatching(/storageEncrypted is undefined/),
        ]);
        expect(await check("rds-backup-retention", { type: cl, props: { backupRetentionPeriod: 0 } })).toHaveLength(1);
        expect(await check("rds-backup-retention", { type: cl, props: { backupRetentionPeriod: 7 } })).toEqual([]);
    });
});

describe("snapshots-not-shared", () => {
    const run = (type: string, props: Record<string, unknown>) => check("snapshots-not-shared", { type, props });
    it("passes an unshared snapshot (sharedAccounts missing or empty)", async () => {
        expect(await run("aws:rds/snapshot:Snapshot", {})).toEqual([]);
        expect(await run("aws:rds/clusterSnapshot:ClusterSnapshot", { sharedAccounts: [] })).toEqual([]);
    });
    it("flags a snapshot shared with an account or with all (public), and an EBS volume permission", async () => {
        expect(await run("aws:rds/snapshot:Snapshot", { sharedAccounts: ["all"] })).toEqual([
            expect.stringMatching(/everyone \(all: public\)/),
        ]);
        expect(await run("aws:rds/clusterSnapshot:ClusterSnapshot", { sharedAccounts: ["210987654321"] })).toEqual([
            expect.stringMatching(/210987654321/),
        ]);
        expect(
            await run("aws:ebs/snapshotCreateVolumePermission:SnapshotCreateVolumePermission", {
                snapshotId: "snap-1",
                accountId: "210987654321",
            }),
        ).toHaveLength(1);
    });
});

const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
describe("s3-bucket-policy-not-public", () => {
    const run = (policy: unknown, config?: Record<string, unknown>) =>
        check(
            "s3-bucket-policy-not-public",
            { type: "aws:s3/bucketPolicy:BucketPolicy", props: { bucket: "b", policy } },
            config,
        );
    const tlsOnly = {
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    it("passes the TLS-only Deny policy and a confined service grant", async () => {
        expect(await run(doc(tlsOnly))).toEqual([]);
        const logging = {
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        };
        expect(await run(doc(logging))).toEqual([]);
    });
    it("flags everyone, another account, an unconfined service; a listed account passes", async () => {
        expect(await run(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }))).toEqual([
            expect.stringMatching(/to everyone/),
        ]);
        expect(
            await run(doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" })),
        ).toHaveLength(1);
        const other = doc({
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::210987654321:root" },
            Action: "s3:*",
            Resource: "*",
        });
        expect(await run(other)).toEqual([expect.stringMatching(/account 210987654321/)]);
        expect(await run(other, { trustedAccountIds: ["210987654321"] })).toEqual([]);
        expect(
            await run(
                doc({
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: "*",
                }),
            ),
        ).toHaveLength(1);
    });
    it("reports a missing or unreadable document", async () => {
        expect(await run(undefined)).toEqual([expect.stringMatching(/missing or unreadable/)]);
        expect(await run("{not json")).toHaveLength(1);
    });
});

describe("iam-trust-pinned", () => {
    const run = (assumeRolePolicy: unknown, config?: Record<string, unknown>) =>
        check("iam-trust-pinned", { type: "aws:iam/role:Role", props: { assumeRolePolicy } }, config);
    const oidc = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC";
    it("passes a service principal and an IRSA trust pinned with StringEquals on sub", async () => {
        expect(
            await run(
                doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
            ),
        ).toEqual([]);
        const irsa = {
            Effect: "Allow",
            Principal: { Federated: oidc },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:osprey-main:api",
                    "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
                },
            },
        };
        expect(await run(doc(irsa))).toEqual([]);
    });
    it("flags any principal, an unlisted account, and OIDC without an exact sub", async () => {
        expect(await run(doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }))).toEqual([
            expect.stringMatching(/any principal/),
        ]);
        expect(
            await run(doc({ Effect: "Allow", Principal: { AWS: "210987654321" }, Action: "sts:AssumeRole" })),
        ).toEqual([expect.stringMatching(/210987654321/)]);
        expect(
            await run(doc({ Effect: "Allow", Principal: { AWS: "210987654321" }, Action: "sts:AssumeRole" }), {
                trustedAccountIds: ["210987654321"],
            }),
        ).toEqual([]);
        const loose = {
            Effect: "Allow",
            Principal: { Federated: oidc },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringLike: { "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "*" } },
        };
        expect(await run(doc(loose))).toEqual([expect.stringMatching(/without a StringEquals condition on its :sub/)]);
    });
    it("reports a role without a trust policy", async () => {
        expect(await run(undefined)).toEqual([expect.stringMatching(/no readable assumeRolePolicy/)]);
    });
});

describe("iam-no-admin", () => {
    const run = (type: string, props: Record<string, unknown>) => check("iam-no-admin", { type, props });
    it("passes a least-privilege inline policy and a read-only attachment", async () => {
        expect(
            await run("aws:iam/rolePolicy:RolePolicy", {
                role: "r",
                policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
            }),
        ).toEqual([]);
        expect(
            await run("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "r",
                policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            }),
        ).toEqual([]);
    });
    it("flags AdministratorAccess anywhere (even on a role outside the stack), *, iam:* and NotAction", async () => {
        expect(
            await run("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "someone-elses-role",
                policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            }),
        ).toHaveLength(1);
        expect(
            await run("aws:iam/userPolicyAttachment:UserPolicyAttachment", {
                user: "u",
                policyArn: "arn:aws:iam::aws:policy/IAMFullAccess",
            }),
        ).toHaveLength(1);
        expect(
            await run("aws:iam/role:Role", { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }),
        ).toHaveLength(1);
        expect(
            await run("aws:iam/policy:Policy", { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }),
        ).toEqual([expect.stringMatching(/allows \*/)]);
        expect(
            await run("aws:iam/rolePolicy:RolePolicy", {
                policy: doc({ Effect: "Allow", Action: ["iam:*"], Resource: "*" }),
            }),
        ).toHaveLength(1);
        expect(
            await run("aws:iam/rolePolicy:RolePolicy", {
                policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
            }),
        ).toEqual([expect.stringMatching(/NotAction/)]);
        expect(
            await run("aws:iam/role:Role", {
                inlinePolicies: [{ name: "x", policy: doc({ Effect: "Allow", Action: "*:*", Resource: "*" }) }],
            }),
        ).toHaveLength(1);
    });
    it("reports a policy resource with no document", async () => {
        expect(await run("aws:iam/rolePolicy:RolePolicy", { role: "r" })).toEqual([
            expect.stringMatching(/missing or unreadable/),
        ]);
    });
});

describe("access-no-everyone", () => {
    const ap = "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy";
    const run = (props: Record<string, unknown>) => check("access-no-everyone", { type: ap, props });
    it("passes an email-domain policy and the Worker's own service token", async () => {
        expect(await run({ decision: "allow", includes: [{ emailDomain: { domain: "osprey-strike.com" } }] })).toEqual(
            [],
        );
        expect(await run({ decision: "non_identity", includes: [{ serviceToken: { tokenId: "t" } }] })).toEqual([]);
    });
    it("flags everyone in every decision, any valid service token, and ip ranges covering the internet", async () => {
        for (const decision of ["allow", "bypass", "non_identity"])
            expect(await run({ decision, includes: [{ everyone: {} }] })).toEqual([
                expect.stringMatching(/includes everyone/),
            ]);
        expect(await run({ decision: "non_identity", includes: [{ anyValidServiceToken: {} }] })).toHaveLength(1);
        expect(
            await run({ decision: "bypass", includes: [{ ip: { ip: "0.0.0.0/1" } }, { ip: { ip: "128.0.0.0/1" } }] }),
        ).toEqual([expect.stringMatching(/cover/)]);
        const app = "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication";
        expect(
            await check("access-no-everyone", {
                type: app,
                props: { policies: [{ decision: "allow", includes: [{ everyone: {} }] }] },
            }),
        ).toHaveLength(1);
    });
    it("passes a policy with no includes (admits nobody)", async () => {
        expect(await run({ decision: "allow" })).toEqual([]);
    });
});

describe("k8s-ingress-cloudflare-oidc", () => {
    const ING = "kubernetes:networking.k8s.io/v1:Ingress";
    const A = "alb.ingress.kubernetes.io/";
    const spec = (path: string, pathType = path === "/webhooks/twilio" ? "Exact" : "Prefix") => ({
        rules: [{ host: "api-main.osprey-strike.com", http: { paths: [{ path, pathType }] } }],
    });
    const guarded = { [`${A}security-groups`]: "sg-0123", [`${A}auth-type`]: "oidc", [`${A}auth-idp-oidc`]: "{}" };
    const run = (annotations: Record<string, string> | undefined, path = "/", pathType?: string) =>
        check("k8s-ingress-cloudflare-oidc", {
            type: ING,
            props: { metadata: annotations ? { name: "i", annotations } : { name: "i" }, spec: spec(path, pathType) },
        });
    it("passes a guarded Ingress and the webhook-only Ingress without OIDC", async () => {
        expect(await run(guarded)).toEqual([]);
        expect(
            await run({ [`${A}security-groups`]: "sg-0123", [`${A}auth-type`]: "none" }, "/webhooks/twilio"),
        ).toEqual([]);
    });
    it("flags a missing Cloudflare-only group, missing OIDC off the webhook path, and a LoadBalancer Service", async () => {
        expect(await run({ ...guarded, [`${A}security-groups`]: "" })).toEqual([
            expect.stringMatching(/security-groups/),
        ]);
        expect(await run({ [`${A}security-groups`]: "sg-0123", [`${A}auth-type`]: "none" }, "/")).toEqual([
            expect.stringMatching(/no ALB OIDC/),
        ]);
        // The webhook path as a prefix (or without pathType) also serves /webhooks/twilio/../x: not exempt.
        for (const pathType of ["Prefix", "ImplementationSpecific"])
            expect(
                await run(
                    { [`${A}security-groups`]: "sg-0123", [`${A}auth-type`]: "none" },
                    "/webhooks/twilio",
                    pathType,
                ),
            ).toEqual([expect.stringMatching(/no ALB OIDC.*pathType Exact/)]);
        expect(
            await check("k8s-ingress-cloudflare-oidc", {
                type: "kubernetes:core/v1:Service",
                props: { spec: { type: "LoadBalancer" } },
            }),
        ).toHaveLength(1);
        expect(
            await check("k8s-ingress-cloudflare-oidc", {
                type: "kubernetes:core/v1:Service",
                props: { spec: { type: "ClusterIP" } },
            }),
        ).toEqual([]);
    });
    it("reports an Ingress with no annotations at all (both guards missing)", async () => {
        expect(await run(undefined)).toHaveLength(2);
    });
});

describe("guards-not-weakened (targets outside the stack included)", () => {
    const run = (type: string, props: Record<string, unknown>) => check("guards-not-weakened", { type, props });
    it("passes full public access blocks, a scoped Lambda permission and a named-principal topic policy", async () => {
        expect(
            await run("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
                bucket: "x",
                blockPublicAcls: true,
                blockPublicPolicy: true,
            }),
        ).toEqual([]);
        expect(
            await run("aws:lambda/permission:Permission", {
                principal: "events.amazonaws.com",
                function: "f",
                sourceArn: "arn:aws:events:::rule/r",
            }),
        ).toEqual([]);
        expect(
            await run("aws:sns/topicPolicy:TopicPolicy", {
                arn: "t",
                policy: doc({
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: "*",
                }),
            }),
        ).toEqual([]);
    });
    it("flags a block turned off on a bucket the stack does not own, the account block off, a public Lambda permission, an open key policy", async () => {
        expect(
            await run("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
                bucket: "someone-elses-bucket",
                blockPublicPolicy: false,
            }),
        ).toEqual([expect.stringMatching(/blockPublicPolicy false on someone-elses-bucket/)]);
        expect(
            await run("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", { restrictPublicBuckets: false }),
        ).toHaveLength(1);
        expect(await run("aws:lambda/permission:Permission", { principal: "*", function: "f" })).toHaveLength(1);
        expect(
            await run("aws:kms/key:Key", {
                policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }),
            }),
        ).toHaveLength(1);
    });
    it("admits a public permission only for a signed webhook's function URL (SIGNED_WEBHOOK_FUNCTIONS)", async () => {
        const [receiver] = SIGNED_WEBHOOK_FUNCTIONS;
        const url = {
            principal: "*",
            function: receiver,
            action: "lambda:InvokeFunctionUrl",
            functionUrlAuthType: "NONE",
        };
        const viaUrl = {
            principal: "*",
            function: receiver,
            action: "lambda:InvokeFunction",
            invokedViaFunctionUrl: true,
        };
        expect(await run("aws:lambda/permission:Permission", url)).toEqual([]);
        expect(await run("aws:lambda/permission:Permission", viaUrl)).toEqual([]);
        // Another function, the URL with IAM auth, a plain invoke, or an invoke not confined to the URL: reported.
        expect(await run("aws:lambda/permission:Permission", { ...url, function: "osprey-sync-e018004" })).toHaveLength(
            1,
        );
        expect(await run("aws:lambda/permission:Permission", { ...url, functionUrlAuthType: "AWS_IAM" })).toHaveLength(
            1,
        );
        expect(await run("aws:lambda/permission:Permission", { ...viaUrl, invokedViaFunctionUrl: false })).toHaveLength(
            1,
        );
        expect(await run("aws:lambda/permission:Permission", { ...viaUrl, action: "lambda:GetFunction" })).toHaveLength(
            1,
        );
    });
    it("treats unset flags and a key without a policy as no weakening", async () => {
        expect(await run("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", { bucket: "x" })).toEqual([]);
        expect(await run("aws:kms/key:Key", {})).toEqual([]);
    });
});
