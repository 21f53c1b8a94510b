/**
 * The cluster's creator and our access entries (README, First deploy, step 2): @pulumi/eks 4.3.0 always has EKS give the
 * creating principal an access entry (bootstrapClusterCreatorAdminPermissions: true, pulumi-eks cluster.ts at v4.3.0,
 * pulumi-eks #2373), and EKS refuses a second entry for one principal. The program records the creator on the cluster's
 * secrets key, once, and refuses to list it among the admin roles: a clear error in the preview instead of
 * ResourceInUseException in the middle of the first `pulumi up`.
 */
import { creatorAdminConflict, principalOfCaller } from "../../lib/clusterRules";
import { functionModels } from "../../harness/models/calls";
import { MOCK_ACCOUNT_ID, MockContext } from "../../harness/mockCloud";
import { applyConfigChange } from "../../harness/rehearsal";
import { runProgramInChild } from "../../harness/sharedRuns";
import { loadStackConfig } from "../../harness/stackConfig";

describe("who the creator is (pure)", () => {
    it("is the role behind an assumed-role session (sts:GetCallerIdentity's ARN), or the caller itself", () => {
        expect(principalOfCaller("arn:aws:sts::123456789012:assumed-role/platform-engineer/alice")).toBe("arn:aws:iam::123456789012:role/platform-engineer");
        expect(principalOfCaller("arn:aws-us-gov:sts::123456789012:assumed-role/r/s")).toBe("arn:aws-us-gov:iam::123456789012:role/r");
        expect(principalOfCaller("arn:aws:iam::123456789012:user/bob")).toBe("arn:aws:iam::123456789012:user/bob");
    });

    it("collides with an admin role of the same account and name, whatever its path or case (IAM role names are unique per account, case-insensitively)", () => {
        const creator = "arn:aws:iam::123456789012:role/Platform-Engineer";
        expect(creatorAdminConflict(creator, ["arn:aws:iam::123456789012:role/teams/platform-engineer"])).toMatch(
            /^adminRoleArns lists arn:aws:iam::123456789012:role\/teams\/platform-engineer, the role that created the cluster/,
        );
        expect(creatorAdminConflict(creator, ["arn:aws:iam::123456789012:role/platform-admin"])).toBeUndefined();
        expect(creatorAdminConflict(creator, ["arn:aws:iam::210987654321:role/platform-engineer"])).toBeUndefined();
        expect(creatorAdminConflict("arn:aws:iam::123456789012:user/bob", ["arn:aws:iam::123456789012:role/bob"])).toBeUndefined();
        expect(creatorAdminConflict("", ["arn:aws:iam::123456789012:role/bob"])).toBeUndefined();
    });
});

it("refuses, before the cluster, an admin role that is the creator: the whole program fails naming the key and the fix", async () => {
    // The mock's caller: the principal that runs this `pulumi up`, hence the creator on a first deploy.
    const caller = functionModels["aws:index/getCallerIdentity:getCallerIdentity"]({}, { accountId: MOCK_ACCOUNT_ID } as MockContext);
    const creator = principalOfCaller(String(caller.arn));
    expect(creator).toBe(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/platform-engineer`);
    const config = { ...loadStackConfig("main").config };
    applyConfigChange(config, { path: "platform.cluster.adminRoleArns[1]", value: creator });
    // In a child, as the plan and the Pulumi CLI run it: the refusal is thrown inside an apply, which ends the program.
    await expect(runProgramInChild({ stack: "main", configOverrides: config })).rejects.toThrow(
        new RegExp(`platform\\.cluster\\.adminRoleArns lists ${creator.replace(/[/.]/g, "\\$&")}, the role that created the cluster`),
    );
});
