/**
 * Stack main's IAM, checked with AWS's model (iam-data) and decided by a simulator (iam-simulate)
 * (docs/requirements.md, Isolation).
 */
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import {
    boundaryOfRun,
    documentReport,
    driftReceiverRows,
    environmentRows,
    evaluate,
    mismatches,
    platformRows,
    restoreRehearsalRows,
    rolesReadingSeveralEnvironments,
    secretArn,
} from "./decisions";
import { deployRoleChecks } from "./deployRoleSuite";
import { AMAZON_EKS_CLUSTER_POLICY } from "./amazonEksClusterPolicy";
import { decide, PolicyDocument } from "./iamModel";
import { MOCK_ACCOUNT_ID } from "../../harness/mockCloud";

let run: ProgramRun;
beforeAll(async () => {
    run = await sharedProgramRun("main");
});

it("has IAM documents whose every action exists and every resource fits its action (AWS service authorization data)", async () => {
    const report = await documentReport(run);
    // identity policies, trust policies and the bucket policy: the platform's and environment main's
    expect(report.length).toBeGreaterThanOrEqual(14);
    expect(report.filter((r) => r.problems.length > 0)).toEqual([]);
});

it("decides every row of the platform's and environment main's decision table as intended", async () => {
    const rows = [
        ...platformRows(run.outputs.outputs),
        ...environmentRows("main", String(run.outputs.outputs.dbMasterSecretArn)),
        ...restoreRehearsalRows("main", String(run.outputs.outputs.dbMasterSecretArn)),
        ...driftReceiverRows(run),
    ];
    const results = await evaluate(run, rows);
    expect(mismatches(results)).toEqual([]);
    expect(results.length).toBe(rows.length);
});

it("has no role that may read both environments' secrets", async () => {
    expect(await rolesReadingSeveralEnvironments(run)).toEqual([]);
});

deployRoleChecks("main", true, () => run, []);

describe("@pulumi/eks's cluster service role under the boundary (a transform on the remote component's child)", () => {
    const SLR = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;
    it("carries main's boundary", () => {
        const role = run.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "osprey-eksRole-role");
        expect(role?.inputs.permissionsBoundary).toBe(
            `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/osprey-strike-main-boundary`,
        );
    });
    it("keeps every action of AmazonEKSClusterPolicy, and nothing it does not grant", async () => {
        const policies = [{ name: "AmazonEKSClusterPolicy", policy: AMAZON_EKS_CLUSTER_POLICY as PolicyDocument }];
        const boundary = boundaryOfRun(run);
        const lost: string[] = [];
        for (const s of AMAZON_EKS_CLUSTER_POLICY.Statement) {
            const context: Record<string, string> =
                s.Sid === "AmazonEKSClusterPolicySLRCreate"
                    ? { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" }
                    : s.Sid === "AmazonEKSClusterPolicyENIDelete"
                      ? { "ec2:ResourceTag/eks:eni:owner": "amazon-vpc-cni" }
                      : {};
            for (const action of Array.isArray(s.Action) ? s.Action : [s.Action]) {
                const resource = action === "iam:CreateServiceLinkedRole" ? SLR : "*";
                const got = await decide(policies, action, resource, MOCK_ACCOUNT_ID, context, boundary);
                if (got !== "Allowed") lost.push(`${action}: ${got}`);
            }
        }
        expect(lost).toEqual([]);
        // What the service role must still not do: IAM writes, another service's linked role, demo's secrets.
        for (const [action, resource, context] of [
            ["iam:CreateServiceLinkedRole", SLR, { "iam:AWSServiceName": "rds.amazonaws.com" }],
            ["iam:CreateRole", `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/escalate`, {}],
            ["secretsmanager:GetSecretValue", secretArn("osprey-strike/demo/render-api"), {}],
        ] as const)
            expect([action, await decide(policies, action, resource, MOCK_ACCOUNT_ID, context, boundary)]).toEqual([
                action,
                expect.stringMatching(/Denied/),
            ]);
    });
});
