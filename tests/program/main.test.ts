/**
 * Stack main on the mock cloud: the shared platform (VPC, Cloudflare prefix lists, the IP-sync Lambda
 * with its role, schedule and alarm) and environment main's ALB security group.
 */
import { CLOUDFLARE_IPS_FIXTURE } from "../../harness/fixtures/cloudflareIps";
import { PLATFORM_CONTRACT } from "../../components/platform";
import { RecordedResource } from "../../harness/graph";
import { runPolicies } from "../../harness/policyRunner";
import { ProgramRun, runProgram } from "../../harness/runProgram";
import { createdOf, one, ofType, providerUrn, under } from "../graphHelpers";

const ALB = under("osprey:environment:AlbSecurityGroup");
const SYNC = under("osprey:platform:IpSyncFunction");

let run: ProgramRun;
let r: RecordedResource[];
beforeAll(async () => {
    run = await runProgram({ stack: "main" });
    r = run.resources;
});

describe("stack main", () => {
    it("owns the platform: one VPC with ONE NAT gateway over two AZs", () => {
        const vpc = one(r, "awsx:ec2:Vpc");
        expect(vpc.inputs.natGateways).toEqual({ strategy: "Single" });
        expect(vpc.inputs.numberOfAvailabilityZones).toBe(2);
        expect((vpc.inputs.subnetSpecs as { type: string }[]).map((s) => s.type).sort()).toEqual(["Private", "Public"]);
        expect(vpc.inputs.cidrBlock).toBe("10.40.0.0/16");
    });

    it("creates two Cloudflare prefix lists seeded from Cloudflare's ranges, entries left to the Lambda", () => {
        const lists = ofType(r, "aws:ec2/managedPrefixList:ManagedPrefixList");
        expect(lists.map((l) => l.inputs.addressFamily).sort()).toEqual(["IPv4", "IPv6"]);
        for (const l of lists) {
            const expected = l.inputs.addressFamily === "IPv4" ? CLOUDFLARE_IPS_FIXTURE.ipv4 : CLOUDFLARE_IPS_FIXTURE.ipv6;
            expect((l.inputs.entries as { cidr: string }[]).map((e) => e.cidr)).toEqual(expected);
            expect(l.ignoreChanges).toContain("entries");
            // Headroom for growth, but modest: a referencing rule costs maxEntries rules of the group's 60.
            expect(l.inputs.maxEntries).toBeGreaterThanOrEqual(expected.length * 2);
            expect(l.inputs.maxEntries).toBeLessThanOrEqual(30);
        }
    });

    it("admits only HTTPS from the two prefix lists into environment main's ALB", () => {
        const sg = one(r, "aws:ec2/securityGroup:SecurityGroup", ALB);
        expect((sg.inputs.tags as Record<string, string>)["osprey:role"]).toBe("alb");
        expect(sg.inputs.ingress ?? []).toEqual([]);
        const ingress = ofType(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(ALB);
        expect(ingress).toHaveLength(2);
        // No egress rules of its own: the controller's backend group (allow-all egress) decides egress (issue 12, point 5).
        expect(ofType(r, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter(ALB)).toEqual([]);
        for (const rule of ingress) {
            expect(rule.inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 443, toPort: 443 });
            expect(rule.inputs.prefixListId).toMatch(/^pl-/);
            expect(rule.inputs.cidrIpv4).toBeUndefined();
            expect(rule.inputs.cidrIpv6).toBeUndefined();
        }
        expect(new Set(ingress.map((i) => i.inputs.prefixListId))).toEqual(
            new Set([run.outputs.outputs.cloudflareIpv4PrefixListId, run.outputs.outputs.cloudflareIpv6PrefixListId]),
        );
    });

    it("runs the IP sync as an explicit-runtime Lambda with its own least-privilege role", () => {
        const fn = one(r, "aws:lambda/function:Function");
        expect(fn.inputs.runtime).toBe("nodejs22.x");
        const role = one(r, "aws:iam/role:Role", SYNC);
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal).toEqual({ Service: "lambda.amazonaws.com" });
        expect(fn.inputs.role).toMatch(/^arn:aws:iam::123456789012:role\//);
        // No managed policy at all (CallbackFunction's default would attach *FullAccess ones).
        expect(ofType(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(SYNC)).toHaveLength(0);
        expect(role.inputs.managedPolicyArns ?? []).toEqual([]);
        const policy = JSON.parse(one(r, "aws:iam/rolePolicy:RolePolicy", SYNC).inputs.policy as string);
        const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
        expect(actions.sort()).toEqual(
            [
                "ec2:DescribeManagedPrefixLists",
                "ec2:GetManagedPrefixListEntries",
                "ec2:ModifyManagedPrefixList",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
            ].sort(),
        );
        const edit = policy.Statement.find((s: { Sid: string }) => s.Sid === "EditCloudflareLists");
        expect(edit.Resource).toHaveLength(2);
        for (const arn of edit.Resource) expect(arn).toMatch(/^arn:aws:ec2:us-east-1:123456789012:prefix-list\/pl-/);
        const env = (fn.inputs.environment as { variables: Record<string, string> }).variables;
        expect(env.IPV4_PREFIX_LIST_ID).toBe(run.outputs.outputs.cloudflareIpv4PrefixListId);
        expect(env.IPV6_PREFIX_LIST_ID).toBe(run.outputs.outputs.cloudflareIpv6PrefixListId);
    });

    it("schedules the sync hourly and alarms on its errors", () => {
        expect(one(r, "aws:cloudwatch/eventRule:EventRule").inputs.scheduleExpression).toBe("rate(1 hour)");
        expect(one(r, "aws:cloudwatch/eventTarget:EventTarget").inputs.arn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:/);
        expect(one(r, "aws:lambda/permission:Permission").inputs.principal).toBe("events.amazonaws.com");
        const alarm = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarm.inputs).toMatchObject({ namespace: "AWS/Lambda", metricName: "Errors", threshold: 0, comparisonOperator: "GreaterThanThreshold" });
        expect(alarm.inputs.alarmActions).toEqual([expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:osprey-sync-alarms-[0-9a-f]{7}$/)]);
        expect(alarm.inputs.okActions).toEqual(alarm.inputs.alarmActions);
        expect(one(r, "aws:sns/topicSubscription:TopicSubscription").inputs).toMatchObject({
            protocol: "email",
            endpoint: "platform-alerts@osprey-strike.com",
        });
        expect(one(r, "aws:cloudwatch/logGroup:LogGroup", SYNC).inputs.retentionInDays).toBe(30);
    });

    it("creates every AWS resource with the explicit, tagged aws provider", () => {
        const provider = one(r, "pulumi:providers:aws");
        expect(provider.inputs.region).toBe("us-east-1");
        expect(JSON.parse(provider.inputs.defaultTags as string).tags).toEqual({
            project: "osprey-strike",
            environment: "main",
            stack: "main",
            "managed-by": "pulumi",
        });
        const aws = createdOf(r, "aws");
        expect(aws.length).toBeGreaterThan(10);
        for (const res of aws) expect(providerUrn(res)).toBe(provider.urn);
        // The awsx VPC is a remote component: its children inherit the provider through its providers map.
        expect(one(r, "awsx:ec2:Vpc").providers?.aws?.startsWith(`${provider.urn}::`)).toBe(true);
    });

    it("runs one private EKS cluster and puts every Kubernetes resource on the cluster's explicit provider", () => {
        const cluster = one(r, "eks:index:Cluster");
        expect(cluster.inputs.endpointPublicAccess).toBe(false);
        expect(cluster.inputs.skipDefaultNodeGroup).toBe(true);
        const provider = one(r, "pulumi:providers:kubernetes");
        for (const res of r.filter((x) => x.type.startsWith("kubernetes:"))) expect(providerUrn(res)).toBe(provider.urn);
        expect(run.outputs.secretOutputNames).toEqual(["kubeconfig"]);
    });

    it("exports the platform contract demo reads", () => {
        for (const [key, { secret }] of Object.entries(PLATFORM_CONTRACT)) {
            expect(run.outputs.outputs[key]).toBeDefined();
            expect(run.outputs.secretOutputNames.includes(key)).toBe(secret);
        }
        expect(run.outputs.outputs.albSecurityGroupId).toMatch(/^sg-/);
        expect(run.outputs.outputs.vpcId).toMatch(/^vpc-/);
    });

    it("lets only GitHub Actions of one repository and branch push images, keylessly", () => {
        const CI = under("osprey:platform:CiIdentity");
        expect(one(r, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", CI).inputs).toMatchObject({
            url: "https://token.actions.githubusercontent.com",
            clientIdLists: ["sts.amazonaws.com"],
        });
        const trust = JSON.parse(one(r, "aws:iam/role:Role", CI).inputs.assumeRolePolicy as string).Statement[0];
        expect(trust.Condition).toEqual({
            StringEquals: {
                "token.actions.githubusercontent.com:sub": "repo:osprey-strike/osprey-strike:ref:refs/heads/main",
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            },
        });
        const statements = JSON.parse(one(r, "aws:iam/rolePolicy:RolePolicy", CI).inputs.policy as string).Statement;
        expect(statements.find((x: { Sid: string }) => x.Sid === "PushProjectImages").Resource).toBe(
            "arn:aws:ecr:us-east-1:123456789012:repository/osprey-strike/*",
        );
        expect(run.outputs.outputs.ciRoleArn).toMatch(/^arn:aws:iam::123456789012:role\/osprey-ci-/);
    });

    it("passes every policy of the pack (no false positives on the program's own graph)", async () => {
        expect(await runPolicies(r)).toEqual([]);
    });
});
