/** Stack demo: its own deployment role, trusting main's provider; no provider and no agent of its own. */
import { RecordedResource } from "../../harness/graph";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { ofType, under } from "../graphHelpers";
import { deploymentRoleChecks, ID, trustOf } from "./checks";

let demo: RecordedResource[];
beforeAll(async () => {
    demo = (await sharedProgramRun("demo")).resources;
}, 120_000);

deploymentRoleChecks("demo", () => demo);

describe("demo and the account's Pulumi OIDC provider", () => {
    it("creates none (one per account and URL: main's)", () => {
        expect(ofType(demo, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").filter(ID)).toEqual([]);
    });
    it("trusts main's provider, by the account's ARN for that URL", () => {
        expect(trustOf(demo).Statement[0].Principal.Federated).toMatch(
            /^arn:aws:iam::\d{12}:oidc-provider\/api\.pulumi\.com\/oidc$/,
        );
    });
    it("has no deployment agent (the platform's owner runs the one agent; it is off by default)", () => {
        expect(ofType(demo, "aws:ec2/instance:Instance").filter(under("osprey:delivery:DeploymentAgent"))).toEqual([]);
    });
});
