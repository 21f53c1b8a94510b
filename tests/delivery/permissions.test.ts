/**
 * The deployment roles' inline policy evaluated by an IAM simulator (@cloud-copilot/iam-simulate): what each stack's
 * deployments must be able to do is allowed, and what no deployment may do is denied (the guards win over the allows).
 * The decision tables per stack, on the recorded graphs, are in tests/iam (deployRows).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { deployPermissions } from "../../components/delivery/deployPermissions";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const ROLES = ["osprey-strike-deploy-main", "osprey-strike-deploy-demo"];
// main owns the platform; demo does not (the two stacks' deployments).
const policy = (ownsPlatform: boolean) =>
    deployPermissions({
        environment: ownsPlatform ? "main" : "demo",
        ownsPlatform,
        region: REGION,
        accountId: ACCOUNT,
        protectedRoleNames: ROLES,
    });

async function decide(
    ownsPlatform: boolean,
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal: `arn:aws:iam::${ACCOUNT}:role/${ownsPlatform ? ROLES[0] : ROLES[1]}`,
                action,
                resource: { resource, accountId: ACCOUNT },
                contextVariables: { "aws:RequestedRegion": REGION, ...context },
            },
            identityPolicies: [{ name: "deploy", policy: policy(ownsPlatform) }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        {},
    );
    if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
}

const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;

describe("what a deployment of the environment may do (demo's, on its own resources: names, tags, the boundary)", () => {
    const tag = { "aws:ResourceTag/environment": "demo" };
    it.each([
        ["rds:CreateDBInstance", arn("rds", "db:osprey-demo"), {}],
        ["secretsmanager:CreateSecret", arn("secretsmanager", "secret:osprey-strike/demo/render-api-AbCdEf"), {}],
        ["ec2:AuthorizeSecurityGroupIngress", arn("ec2", "security-group/sg-0123456789abcdef0"), tag],
        [
            "s3:CreateBucket",
            `arn:aws:s3:::osprey-strike-demo-attachments-${ACCOUNT}`,
            { "aws:ResourceAccount": ACCOUNT },
        ],
        [
            "iam:CreateRole",
            `arn:aws:iam::${ACCOUNT}:role/demo-api-1a2b3c`,
            {
                "iam:PermissionsBoundary": `arn:aws:iam::${ACCOUNT}:policy/osprey-strike-demo-boundary`,
                "aws:RequestTag/environment": "demo",
            },
        ],
        ["acm:RequestCertificate", "*", { "aws:RequestTag/environment": "demo" }],
        [
            "elasticloadbalancing:CreateTrustStore",
            arn("elasticloadbalancing", "truststore/osprey-demo-origin-pull/0123456789abcdef"),
            {},
        ],
        ["tag:GetResources", "*", {}],
    ] as [string, string, Record<string, string>][])("%s on %s: Allowed", async (action, resource, context) => {
        expect(await decide(false, action, resource, context)).toBe("Allowed");
    });
    it.each([
        ["ec2:AuthorizeSecurityGroupIngress", arn("ec2", "security-group/sg-0123456789abcdef0"), {}],
        ["s3:CreateBucket", "arn:aws:s3:::osprey-demo-attachments-1a2b3c", { "aws:ResourceAccount": ACCOUNT }],
        ["iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/demo-api-1a2b3c`, { "aws:RequestTag/environment": "demo" }],
        ["kms:CreateKey", "*", {}],
        ["logs:CreateLogGroup", arn("logs", "log-group:/aws/rds/instance/osprey-demo/postgresql"), {}],
    ] as [string, string, Record<string, string>][])(
        "%s on %s without its tag, name or boundary (or not its service): not Allowed",
        async (action, resource, context) => {
            expect(await decide(false, action, resource, context)).not.toBe("Allowed");
        },
    );
});

describe("what only the platform's owner may do", () => {
    it.each([
        ["eks:CreateCluster", "*"], // a wildcard-only action (IAM service authorization reference)
        ["eks:DeleteCluster", arn("eks", "cluster/osprey")],
        ["ecr:CreateRepository", arn("ecr", "repository/osprey-strike/api")],
        ["lambda:CreateFunction", arn("lambda", "function:osprey-sync")],
        ["ec2:CreateVpc", arn("ec2", "vpc/*")],
    ])("%s: Allowed for main, not for demo", async (action, resource) => {
        expect(await decide(true, action, resource)).toBe("Allowed");
        expect(await decide(false, action, resource)).not.toBe("Allowed");
    });
});

describe("what no deployment may do", () => {
    it.each([true, false])(
        "ownsPlatform=%s: edit a deployment role, attach AdministratorAccess, act in another region",
        async (owns) => {
            expect(
                await decide(owns, "iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/osprey-strike-deploy-main`),
            ).toBe("ExplicitlyDenied");
            expect(
                await decide(
                    owns,
                    "iam:UpdateAssumeRolePolicy",
                    `arn:aws:iam::${ACCOUNT}:role/osprey-strike-deploy-demo`,
                ),
            ).toBe("ExplicitlyDenied");
            expect(
                await decide(owns, "iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/demo-api-1a2b3c`, {
                    "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
                }),
            ).toBe("ExplicitlyDenied");
            expect(await decide(owns, "iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/intruder`)).not.toBe("Allowed");
            expect(await decide(owns, "iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/intruder`)).not.toBe(
                "Allowed",
            );
            expect(
                await decide(owns, "ec2:RunInstances", `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`, {
                    "aws:RequestedRegion": "eu-west-1",
                }),
            ).not.toBe("Allowed");
        },
    );
});

describe("secrets: each deployment manages its own environment's (and the owner the platform's), never the other's", () => {
    const secret = (path: string) => arn("secretsmanager", `secret:osprey-strike/${path}-AbCdEf`);
    it.each([
        [true, "main/render-api", "Allowed"],
        [true, "platform/argocd/git-read", "Allowed"],
        [true, "demo/render-api", "ExplicitlyDenied"],
        [false, "demo/render-api", "Allowed"],
        [false, "main/render-api", "ExplicitlyDenied"],
        [false, "platform/argocd/git-read", "ImplicitlyDenied"],
    ])("ownsPlatform=%s GetSecretValue on osprey-strike/%s: %s", async (owns, path, expected) => {
        expect(await decide(owns, "secretsmanager:GetSecretValue", secret(path))).toBe(expected);
    });
    it.each([true, false])(
        "ownsPlatform=%s: no RDS-managed master secret (RDS creates and rotates those itself)",
        async (owns) => {
            expect(
                await decide(
                    owns,
                    "secretsmanager:GetSecretValue",
                    arn("secretsmanager", "secret:rds!db-0f1e2d3c-AbCdEf"),
                ),
            ).not.toBe("Allowed");
        },
    );
});
