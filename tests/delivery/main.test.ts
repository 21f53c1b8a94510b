/** Stack main (agent on): its deployment role, the account's Pulumi OIDC provider, the agent; pure permission checks; the docs' stack outputs exist. */
import { RecordedResource } from "../../harness/graph";
import { runPolicies } from "../../harness/policyRunner";
import { runProgramInChild, sharedProgramRun } from "../../harness/sharedRuns";
import { agentUserData } from "../../components/delivery/agent";
import { deployPermissions } from "../../components/delivery/deployPermissions";
import { DEPLOY_AGENT_TOKEN_SECRET_NAME } from "../../lib/naming";
import { allDocs } from "../docPages";
import { one, ofType, reveal, under } from "../graphHelpers";
import { deploymentRoleChecks, ID, ORG, trustOf } from "./checks";

const AGENT = under("osprey:delivery:DeploymentAgent");
let main: RecordedResource[];
let outputNames: Set<string>;
beforeAll(async () => {
    // The agent on (the default is off: the plan tests and demo.test.ts cover that graph).
    const run = await runProgramInChild({
        stack: "main",
        overlay: { platform: { deployments: { agent: { enabled: true } } } },
    });
    main = run.resources;
    const demo = await sharedProgramRun("demo");
    outputNames = new Set([...Object.keys(run.outputs.outputs), ...Object.keys(demo.outputs.outputs)]);
}, 120_000);

it("the docs ask only for stack outputs the program exports (main with the agent on, demo)", () => {
    const docs = allDocs();
    const asked = [...new Set([...docs.matchAll(/pulumi stack output\s+([A-Za-z]+)/g)].map((m) => m[1]))];
    expect(asked.length).toBeGreaterThanOrEqual(5);
    expect(asked.filter((name) => !outputNames.has(name))).toEqual([]);
});

deploymentRoleChecks("main", () => main);

describe("the Pulumi OIDC provider", () => {
    it("is created by the platform's owner, for audience = the org", () => {
        const p = one(main, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", ID);
        expect(p.inputs).toMatchObject({ url: "https://api.pulumi.com/oidc", clientIdLists: [ORG] });
    });
});

describe("the pack refuses a loosened trust (the test can fail)", () => {
    it("flags a role whose sub is only StringLike", async () => {
        const tampered = main.map((r) => {
            if (r.type !== "aws:iam/role:Role" || !ID(r)) return r;
            const t = trustOf(main);
            const sub = t.Statement[0].Condition.StringEquals["api.pulumi.com/oidc:sub"];
            const loose = {
                ...t.Statement[0],
                Condition: {
                    StringEquals: { "api.pulumi.com/oidc:aud": ORG },
                    StringLike: { "api.pulumi.com/oidc:sub": sub },
                },
            };
            return { ...r, inputs: { ...r.inputs, assumeRolePolicy: JSON.stringify({ ...t, Statement: [loose] }) } };
        });
        expect((await runPolicies(tampered)).map((v) => v.policy)).toContain("iam-trust-pinned");
    });
});

describe("permissions by stack", () => {
    const args = {
        region: "us-east-1",
        accountId: "123456789012",
        protectedRoleNames: ["osprey-strike-deploy-main", "osprey-strike-deploy-demo"],
    };
    const actions = (owns: boolean) =>
        deployPermissions({ ...args, environment: owns ? "main" : "demo", ownsPlatform: owns })
            .Statement.filter((s) => s.Effect === "Allow")
            .flatMap((s) => s.Action);
    it("only the platform's owner may manage EKS, ECR, Lambda and the VPC", () => {
        for (const a of ["eks:*", "ecr:*", "lambda:*", "ec2:*"]) {
            expect(actions(true)).toContain(a);
            expect(actions(false)).not.toContain(a);
        }
    });
    it("no deployment may edit a deployment role or attach an administrator policy", () => {
        const deny = deployPermissions({ ...args, environment: "main", ownsPlatform: true }).Statement.filter(
            (s) => s.Effect === "Deny",
        );
        expect(deny.map((s) => s.Resource)).toContainEqual([
            "arn:aws:iam::123456789012:role/osprey-strike-deploy-main",
            "arn:aws:iam::123456789012:role/osprey-strike-deploy-demo",
        ]);
        expect(JSON.stringify(deny)).toContain("arn:aws:iam::aws:policy/AdministratorAccess");
    });
});

describe("the deployment agent (platform.deployments.agent.enabled)", () => {
    it("runs in a private subnet, no public IP, IMDSv2 one hop, and may reach the EKS API", () => {
        const i = one(main, "aws:ec2/instance:Instance", AGENT);
        expect(i.inputs).toMatchObject({
            associatePublicIpAddress: false,
            metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        });
        const sg = one(main, "aws:ec2/securityGroup:SecurityGroup", AGENT);
        expect(sg.inputs.ingress ?? []).toEqual([]);
        const toApi = one(main, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", AGENT);
        expect(toApi.inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 443, toPort: 443 });
        expect(toApi.propertyDependencies.referencedSecurityGroupId).toEqual([sg.urn]);
    });

    it("reads its pool token from its own secret at start (no token in user data or state)", () => {
        const secret = one(main, "aws:secretsmanager/secret:Secret", AGENT);
        expect(secret.inputs.name).toBe(DEPLOY_AGENT_TOKEN_SECRET_NAME);
        expect(ofType(main, "aws:secretsmanager/secretVersion:SecretVersion").filter(AGENT)).toEqual([]);
        const userData = String(reveal(one(main, "aws:ec2/instance:Instance", AGENT).inputs.userData));
        expect(userData).toContain("aws secretsmanager get-secret-value");
        expect(userData).toContain("customer-managed-deployment-agent run");
        const read = JSON.parse(
            String(reveal(ofType(main, "aws:iam/rolePolicy:RolePolicy").filter(AGENT)[0].inputs.policy)),
        ) as {
            Statement: { Action: string[] }[];
        };
        expect(read.Statement.flatMap((s) => s.Action)).toEqual(["secretsmanager:GetSecretValue"]);
    });
});

describe("agentUserData", () => {
    it("installs the named release for arm64 and refuses a malformed version", () => {
        const u = agentUserData({
            version: "0.0.5",
            tokenSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x",
            region: "us-east-1",
        });
        expect(u).toContain(
            "https://github.com/pulumi/customer-managed-deployment-agent/releases/download/v0.0.5/customer-managed-deployment-agent-v0.0.5-linux-arm64.tar.gz",
        );
        expect(() => agentUserData({ version: "latest; rm -rf /", tokenSecretArn: "x", region: "us-east-1" })).toThrow(
            /not x\.y\.z/,
        );
    });
});
