/** Cluster and compute policies: a compliant, a non-compliant and a missing-property case each. */
import { unknown } from "@pulumi/pulumi/output";
import { check, checkStack, res, violationsOf } from "./helpers";

const EKS = "eks:index:Cluster";
const AWS_EKS = "aws:eks/cluster:Cluster";

describe("eks-private-endpoint", () => {
    it("passes a private endpoint (component and aws resource spellings)", async () => {
        expect(
            await check("eks-private-endpoint", {
                type: EKS,
                props: { endpointPublicAccess: false, endpointPrivateAccess: true },
            }),
        ).toEqual([]);
        expect(
            await check("eks-private-endpoint", {
                type: AWS_EKS,
                props: { vpcConfig: { endpointPublicAccess: false } },
            }),
        ).toEqual([]);
    });
    it("flags public with 0.0.0.0/0 and public with no allow-list", async () => {
        expect(
            await check("eks-private-endpoint", {
                type: AWS_EKS,
                props: { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } },
            }),
        ).toEqual([expect.stringContaining("0.0.0.0/0")]);
        expect(await check("eks-private-endpoint", { type: EKS, props: { endpointPublicAccess: true } })).toHaveLength(
            1,
        );
    });
    it("treats an unset endpointPublicAccess as public (@pulumi/eks: Default is `true`)", async () => {
        expect(await check("eks-private-endpoint", { type: EKS, props: {} })).toEqual([
            expect.stringContaining("no publicAccessCidrs"),
        ]);
        expect(await check("eks-private-endpoint", { type: AWS_EKS, props: {} })).toHaveLength(1);
    });
    it("leaves an allow-listed public endpoint to the advisory policy", async () => {
        expect(
            await check("eks-private-endpoint", { type: EKS, props: { publicAccessCidrs: ["203.0.113.0/24"] } }),
        ).toEqual([]);
    });
});

describe("eks-public-endpoint-allowlisted (advisory)", () => {
    it("passes a private endpoint", async () =>
        expect(
            await check("eks-public-endpoint-allowlisted", { type: EKS, props: { endpointPublicAccess: false } }),
        ).toEqual([]));
    it("warns on a public endpoint limited to an allow-list", async () => {
        expect(
            await check("eks-public-endpoint-allowlisted", {
                type: EKS,
                props: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
            }),
        ).toEqual([expect.stringContaining("public to 203.0.113.0/24")]);
    });
    it("stays silent when unset (public to all: the mandatory policy's case, reported once)", async () => {
        expect(await check("eks-public-endpoint-allowlisted", { type: AWS_EKS, props: {} })).toEqual([]);
    });
});

describe("ec2-imdsv2-no-public-ip", () => {
    const INSTANCE = "aws:ec2/instance:Instance";
    const TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    it("passes IMDSv2 without a public IP (the jumpbox's shape), and a template with the endpoint disabled", async () => {
        expect(
            await check("ec2-imdsv2-no-public-ip", {
                type: INSTANCE,
                props: { metadataOptions: { httpTokens: "required" }, associatePublicIpAddress: false },
            }),
        ).toEqual([]);
        expect(
            await check("ec2-imdsv2-no-public-ip", {
                type: TEMPLATE,
                props: { metadataOptions: { httpEndpoint: "disabled" } },
            }),
        ).toEqual([]);
    });
    it("flags IMDSv1 and a public IP, on instances and launch template interfaces", async () => {
        expect(
            await check("ec2-imdsv2-no-public-ip", {
                type: INSTANCE,
                props: { metadataOptions: { httpTokens: "optional" }, associatePublicIpAddress: true },
            }),
        ).toHaveLength(2);
        const template = {
            metadataOptions: { httpTokens: "required" },
            networkInterfaces: [{ associatePublicIpAddress: "true" }],
        };
        expect(await check("ec2-imdsv2-no-public-ip", { type: TEMPLATE, props: template })).toEqual([
            expect.stringContaining("associatePublicIpAddress"),
        ]);
    });
    it("allows a public IP when configured to", async () => {
        expect(
            await check(
                "ec2-imdsv2-no-public-ip",
                {
                    type: INSTANCE,
                    props: { metadataOptions: { httpTokens: "required" }, associatePublicIpAddress: true },
                },
                { allowPublicIp: true },
            ),
        ).toEqual([]);
    });
    it("flags unset metadataOptions (EC2 then defaults to optional tokens)", async () => {
        expect(await check("ec2-imdsv2-no-public-ip", { type: TEMPLATE, props: {} })).toEqual([
            expect.stringContaining('not "required"'),
        ]);
    });
});

describe("ecr-scan-on-push", () => {
    const REPO = "aws:ecr/repository:Repository";
    it("passes scanOnPush: true", async () =>
        expect(
            await check("ecr-scan-on-push", {
                type: REPO,
                props: { imageScanningConfiguration: { scanOnPush: true } },
            }),
        ).toEqual([]));
    it("flags scanOnPush: false", async () =>
        expect(
            await check("ecr-scan-on-push", {
                type: REPO,
                props: { imageScanningConfiguration: { scanOnPush: false } },
            }),
        ).toHaveLength(1));
    it("flags an unset scanning configuration", async () =>
        expect(await check("ecr-scan-on-push", { type: REPO, props: {} })).toHaveLength(1));
});

describe("lambda-runtime-and-role", () => {
    const FN = "aws:lambda/function:Function";
    const ROLE = "aws:iam/role:Role";
    const ATTACH = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    // Under the mock cloud an autonamed role's ARN is arn:aws:iam::123456789012:role/<name>-<suffix> (harness/mockIds.ts).
    const ARN = "arn:aws:iam::123456789012:role/osprey-sync-eb26c9c";

    function fnWithRole(
        attachments: string[],
        fnProps: Record<string, unknown> = { runtime: "nodejs22.x", role: ARN },
    ) {
        const role = res({ type: ROLE, name: "osprey-sync", props: { assumeRolePolicy: "{}" } });
        const fn = res({ type: FN, name: "osprey-sync", props: fnProps, deps: { role: [role] } });
        return [
            role,
            fn,
            ...attachments.map((policyArn) =>
                res({ type: ATTACH, props: { policyArn, role: "osprey-sync-eb26c9c" }, deps: { role: [role] } }),
            ),
        ];
    }

    it("passes a supported runtime and a role with only the basic execution policy, and a container image without runtime", async () => {
        expect(
            await checkStack(
                "lambda-runtime-and-role",
                fnWithRole(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]),
            ),
        ).toEqual([]);
        const [role, fn] = fnWithRole([], { packageType: "Image", imageUri: "x", role: ARN });
        expect(await checkStack("lambda-runtime-and-role", [role, fn])).toEqual([]);
    });

    it("flags a deprecated runtime and a *FullAccess policy, through attachments or managedPolicyArns, on the function", async () => {
        const records = fnWithRole(["arn:aws:iam::aws:policy/AmazonS3FullAccess"], {
            runtime: "nodejs20.x",
            role: ARN,
        });
        const v = await checkStack("lambda-runtime-and-role", records);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("runs nodejs20.x"),
            expect.stringContaining("AmazonS3FullAccess"),
        ]);
        expect(v.every((x) => x.urn === records[1].urn)).toBe(true);
        const inline = res({
            type: ROLE,
            props: { name: "sync", managedPolicyArns: ["arn:aws:iam::aws:policy/AWSLambda_FullAccess"] },
        });
        // No dependency recorded: the role is found by the name in the function's role ARN.
        const fn = res({ type: FN, props: { runtime: "python3.13", role: "arn:aws:iam::123456789012:role/sync" } });
        expect(await checkStack("lambda-runtime-and-role", [inline, fn])).toEqual([
            { message: expect.stringContaining("AWSLambda_FullAccess"), urn: fn.urn },
        ]);
    });

    it("honours a configured runtime list", async () => {
        const v = await checkStack("lambda-runtime-and-role", fnWithRole([]), { supportedRuntimes: ["python3.13"] });
        expect(v).toEqual([expect.objectContaining({ message: expect.stringContaining("runs nodejs22.x") })]);
    });

    it("handles missing properties: no runtime and no role are flagged; a role outside the stack cannot be checked and is flagged", async () => {
        expect(await checkStack("lambda-runtime-and-role", [res({ type: FN, props: {} })])).toEqual([
            expect.objectContaining({ message: expect.stringContaining("sets no runtime") }),
            expect.objectContaining({ message: expect.stringContaining("sets no role") }),
        ]);
        expect(
            await checkStack("lambda-runtime-and-role", [
                res({ type: ROLE, props: { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } }),
                res({ type: FN, props: { runtime: "nodejs22.x" } }),
            ]),
        ).toEqual([expect.objectContaining({ message: expect.stringContaining("sets no role") })]);
        const external = res({
            type: FN,
            props: { runtime: "nodejs22.x", role: "arn:aws:iam::123456789012:role/made-elsewhere" },
        });
        expect(await checkStack("lambda-runtime-and-role", [external])).toEqual([
            {
                message: expect.stringContaining(
                    "role arn:aws:iam::123456789012:role/made-elsewhere is not a role in this stack",
                ),
                urn: external.urn,
            },
        ]);
    });
    it("does not judge a role unknown during preview with no dependency (judged at update)", async () => {
        expect(
            await violationsOf("lambda-runtime-and-role", [
                res({ type: FN, props: { runtime: "nodejs22.x", role: unknown } }),
            ]),
        ).toEqual([]);
    });
});
