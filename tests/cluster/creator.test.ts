/**
 * The cluster's creator and our access entries (docs/first-deploy.md, step 2). @pulumi/eks 4.3.0 hard-codes
 * accessConfig.bootstrapClusterCreatorAdminPermissions: true (pulumi-eks nodejs/eks/cluster/cluster.ts at v4.3.0; pulumi-eks
 * #2373), so EKS made an access entry for whoever created the cluster, and refused ours for the same principal
 * (ResourceInUseException). The program turns the bootstrap entry off with a transform on the eks component; every
 * access is then an entry in code, and the principal that runs the program must be among them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { withoutCreatorAdmin } from "../../components/cluster/eksCluster";
import { eksClusterArgProblems } from "../../components/cluster/eksCluster";
import { callerAccessProblem, principalOfCaller, roleIdentity } from "../../lib/clusterRules";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { functionModels } from "../../harness/models/calls";
import { MOCK_ACCOUNT_ID, MockContext } from "../../harness/mockCloud";
import { stackConfig } from "../graphHelpers";
import { formatProblem } from "../../lib/problems";

const transformArgs = (type: string, props: Record<string, unknown>): pulumi.ResourceTransformArgs => ({
    type,
    name: "osprey-eksCluster",
    custom: true,
    props,
    opts: {},
});

describe("the transform on the eks component", () => {
    it("turns EKS's creator entry off on the cluster child, keeping every other input", () => {
        const props = {
            name: "osprey",
            version: "1.35",
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        };
        expect(withoutCreatorAdmin(transformArgs("aws:eks/cluster:Cluster", props))).toEqual({
            props: {
                name: "osprey",
                version: "1.35",
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            },
            opts: {},
        });
    });

    it("leaves every other child alone (add-ons, access entries, roles, the component itself)", () => {
        for (const type of [
            "aws:eks/addon:Addon",
            "aws:eks/accessEntry:AccessEntry",
            "aws:iam/role:Role",
            "eks:index:Cluster",
        ]) {
            expect(
                withoutCreatorAdmin(
                    transformArgs(type, { accessConfig: { bootstrapClusterCreatorAdminPermissions: true } }),
                ),
            ).toBeUndefined();
        }
    });

    it("reaches the cluster in main's plan: the harness runs the component's transforms on its children, as the engine does", async () => {
        const run = await sharedProgramRun("main");
        const component = run.resources.find((r) => r.type === "eks:index:Cluster")!;
        const cluster = run.resources.filter((r) => r.type === "aws:eks/cluster:Cluster");
        expect(
            cluster.map((c) => [
                c.parent,
                c.modelled,
                (c.inputs.accessConfig as Record<string, unknown>).bootstrapClusterCreatorAdminPermissions,
            ]),
        ).toEqual([[component.urn, true, false]]);
        // So the admin roles' entries are the only ones, and each principal has one.
        const entries = run.resources
            .filter((r) => r.type === "aws:eks/accessEntry:AccessEntry")
            .map((r) => roleIdentity(String(r.inputs.principalArn)));
        expect(entries).toEqual(stackConfig("main").platform!.cluster.adminRoleArns.map(roleIdentity));
    });
});

describe("who may be listed, and who runs the program", () => {
    it("the caller is the role behind an assumed-role session (sts:GetCallerIdentity's ARN), or the caller itself", () => {
        expect(principalOfCaller("arn:aws:sts::123456789012:assumed-role/platform-engineer/alice")).toBe(
            "arn:aws:iam::123456789012:role/platform-engineer",
        );
        expect(principalOfCaller("arn:aws-us-gov:sts::123456789012:assumed-role/r/s")).toBe(
            "arn:aws-us-gov:iam::123456789012:role/r",
        );
        expect(principalOfCaller("arn:aws:iam::123456789012:user/bob")).toBe("arn:aws:iam::123456789012:user/bob");
    });

    it("one role is one identity whatever its path or case (IAM role names are unique per account, case-insensitively)", () => {
        expect(roleIdentity("arn:aws:iam::123456789012:role/teams/Platform-Admin")).toBe(
            roleIdentity("arn:aws:iam::123456789012:role/platform-admin"),
        );
        expect(roleIdentity("arn:aws:iam::123456789012:role/platform-admin")).not.toBe(
            roleIdentity("arn:aws:iam::210987654321:role/platform-admin"),
        );
        const base = { kubernetesVersion: "1.35", endpointPublicAccess: false, publicAccessCidrs: [] };
        const nodeGroup = {
            instanceTypes: ["t3.medium"],
            capacityType: "ON_DEMAND" as const,
            minSize: 1,
            desiredSize: 2,
            maxSize: 3,
        };
        expect(
            eksClusterArgProblems({
                ...base,
                nodeGroup,
                adminRoleArns: ["arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::123456789012:role/ops/admin"],
            }).map(formatProblem),
        ).toEqual([
            expect.stringMatching(/^adminRoleArns: a role is listed twice \(EKS allows one access entry per principal/),
        ]);
    });

    it("warns a run whose principal is not an admin role: it could not reach the cluster's API", () => {
        const admins = ["arn:aws:iam::123456789012:role/osprey-platform-admin"];
        expect(
            callerAccessProblem("arn:aws:sts::123456789012:assumed-role/osprey-platform-admin/alice", admins),
        ).toBeUndefined();
        expect(callerAccessProblem("arn:aws:sts::123456789012:assumed-role/someone-else/bob", admins)).toMatch(
            /^this run's principal arn:aws:iam::123456789012:role\/someone-else is not listed, so it will have no access to the cluster's API/,
        );
        // The mock runs as the stock file's admin role, as the first deploy asks: its plans carry no such warning.
        const caller = functionModels["aws:index/getCallerIdentity:getCallerIdentity"]({}, {
            accountId: MOCK_ACCOUNT_ID,
        } as MockContext);
        expect(
            callerAccessProblem(String(caller.arn), stackConfig("main").platform!.cluster.adminRoleArns),
        ).toBeUndefined();
    });
});
