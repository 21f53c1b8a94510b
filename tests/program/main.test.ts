/**
 * Stack main on the mock cloud: the shared platform (VPC, Cloudflare prefix lists, the IP-sync Lambda
 * with its role, schedule and alarm) and environment main's ALB security group.
 */
import { CLOUDFLARE_IPS_FIXTURE } from "../../harness/fixtures/cloudflareIps";
import { PLATFORM_CONTRACT } from "../../components/platform";
import { RecordedResource } from "../../harness/graph";
import { runPolicies } from "../../harness/policyRunner";
import type { ProgramRun } from "../../harness/runProgram";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { createdOf, one, ofType, providerUrn, stackConfig, under } from "../graphHelpers";
import { isSecretEnvelope } from "../../harness/graph";
import { GOOGLE_IDP_ALIAS, SYSTEM_ADMINISTRATOR_GROUP, USER_PROFILE_ATTRIBUTES } from "../../lib/authContract";
import { describeAuthChain, prefixListIdentityCheck, T } from "./authChain";
import { gitopsChecks } from "../gitops/programChecks";
import { estimateMonthlyCost } from "../../policy/cost";
import { costInputs } from "../../tools/costAccount";

const ALB = under("osprey:environment:AlbSecurityGroup");
const SYNC = under("osprey:platform:IpSyncFunction");

let run: ProgramRun;
let r: RecordedResource[];
beforeAll(async () => {
    run = await sharedProgramRun("main");
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

    it("gives each environment data subnets of its own: /27s of the VPC's last /24 in the VPC's AZs, with only the local route", () => {
        for (const env of ["main", "demo"] as const) {
            const subnets = ofType(r, "aws:ec2/subnet:Subnet")
                .filter(under("osprey:platform:DataSubnets"))
                .filter((x) => x.name.startsWith(`osprey-${env}-data-`));
            // lib/networkLayout.ts: main from .0, demo from .128 of 10.40.255.0/24; one per AZ, in awsx's AZ order.
            expect(subnets.map((x) => x.inputs.cidrBlock)).toEqual(
                env === "main" ? ["10.40.255.0/27", "10.40.255.32/27"] : ["10.40.255.128/27", "10.40.255.160/27"],
            );
            expect(subnets.map((x) => x.inputs.availabilityZone)).toEqual(["us-east-1a", "us-east-1b"]);
            for (const x of subnets)
                expect(x.inputs).toMatchObject({
                    mapPublicIpOnLaunch: false,
                    tags: { "osprey:environment": env, "osprey:role": "data" },
                });
            expect(
                ofType(r, "aws:ec2/routeTableAssociation:RouteTableAssociation").filter((x) =>
                    x.name.startsWith(`osprey-${env}-data-`),
                ),
            ).toHaveLength(2);
            expect(
                ofType(r, "aws:ec2/routeTable:RouteTable").filter((x) => x.name === `osprey-${env}-data`),
            ).toHaveLength(1);
        }
        // No route out: nothing in a data subnet reaches the NAT or the internet gateway (awsx's own tables, modelled
        // children of the VPC, do route out: they are not the data subnets').
        const tables = new Set(
            ofType(r, "aws:ec2/routeTable:RouteTable")
                .filter((x) => /^osprey-(main|demo)-data$/.test(x.name))
                .map((x) => x.urn),
        );
        expect(tables.size).toBe(2);
        for (const route of ofType(r, "aws:ec2/route:Route"))
            for (const dep of route.propertyDependencies.routeTableId ?? []) expect(tables.has(dep)).toBe(false);
        // The database and the cache sit in main's own: the DB subnet group lists exactly those subnets.
        const group = one(r, "aws:rds/subnetGroup:SubnetGroup");
        const mainSubnets = ofType(r, "aws:ec2/subnet:Subnet").filter((x) => x.name.startsWith("osprey-main-data-"));
        const ids = run.outputs.outputs.dataSubnetIds as Record<string, string[]>;
        expect(group.inputs.subnetIds).toEqual(ids.main);
        expect(ids.main).toHaveLength(2);
        expect(ids.main.some((id) => ids.demo.includes(id))).toBe(false);
        // (The contract's ids are one Output for both environments, so the group also waits on demo's subnets: ordering only.)
        expect(group.propertyDependencies.subnetIds).toEqual(expect.arrayContaining(mainSubnets.map((x) => x.urn)));
        expect(run.outputs.outputs.dataSubnetCidrs).toEqual({
            main: ["10.40.255.0/27", "10.40.255.32/27"],
            demo: ["10.40.255.128/27", "10.40.255.160/27"],
        });
        expect(run.outputs.outputs.publicSubnetCidrs).toEqual(["10.40.0.0/22", "10.40.128.0/22"]);
    });

    it("creates main's SecretStore after the ESO chart's store and every ExternalSecret of osprey-main after it; its reader names main's database secret", () => {
        const store = one(r, "kubernetes:external-secrets.io/v1:SecretStore");
        const platformStore = one(r, "kubernetes:external-secrets.io/v1:ClusterSecretStore");
        expect(store.dependencies).toContain(platformStore.urn);
        const inMain = ofType(r, "kubernetes:external-secrets.io/v1:ExternalSecret").filter(
            (x) => (x.inputs.metadata as { namespace: string }).namespace === "osprey-main",
        );
        expect(inMain.length).toBeGreaterThanOrEqual(5);
        for (const es of inMain)
            expect({ es: es.name, waits: es.dependencies.includes(store.urn) }).toEqual({ es: es.name, waits: true });
        // The reader's policy is resolved from the database made after it (a deferred Output), by exact ARN.
        const reader = ofType(r, "aws:iam/rolePolicy:RolePolicy").find((x) => x.name === "main-secret-store-reader")!;
        expect(reader.propertyDependencies.policy).toContain(one(r, "aws:rds/instance:Instance").urn);
        expect(String(reader.inputs.policy)).toContain(`"Sid":"ReadOwnDatabaseMasterSecret"`);
        expect(String(reader.inputs.policy)).toMatch(/"Resource":"arn:aws:secretsmanager:[^"]+:secret:rds!db-[^"*]+"/);
    });

    it("creates two Cloudflare prefix lists seeded from Cloudflare's ranges, entries left to the Lambda", () => {
        const lists = ofType(r, "aws:ec2/managedPrefixList:ManagedPrefixList");
        expect(lists.map((l) => l.inputs.addressFamily).sort()).toEqual(["IPv4", "IPv6"]);
        for (const l of lists) {
            const expected =
                l.inputs.addressFamily === "IPv4" ? CLOUDFLARE_IPS_FIXTURE.ipv4 : CLOUDFLARE_IPS_FIXTURE.ipv6;
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
        // No egress rules of its own: the controller's backend group (allow-all egress) decides egress
        // (docs/requirements.md, Isolation: nodes).
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
        const fn = one(r, "aws:lambda/function:Function", SYNC);
        expect(fn.inputs.runtime).toBe("nodejs22.x");
        const role = one(r, "aws:iam/role:Role", SYNC);
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal).toEqual({
            Service: "lambda.amazonaws.com",
        });
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
                "kms:Decrypt",
                "kms:GenerateDataKey*",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "sns:Publish",
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
        // The sync's rule (the others are the origin-pull and EKS support notices), by its component.
        const sync = SYNC;
        expect(one(r, "aws:cloudwatch/eventRule:EventRule", sync).inputs.scheduleExpression).toBe("rate(1 hour)");
        expect(one(r, "aws:cloudwatch/eventTarget:EventTarget", sync).inputs.arn).toMatch(
            /^arn:aws:lambda:us-east-1:123456789012:function:/,
        );
        expect(one(r, "aws:lambda/permission:Permission", SYNC).inputs.principal).toBe("events.amazonaws.com");
        const alarm = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", (a) => SYNC(a) && a.name.endsWith("-errors"));
        expect(alarm.inputs).toMatchObject({
            namespace: "AWS/Lambda",
            metricName: "Errors",
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
        });
        expect(alarm.inputs.alarmActions).toEqual([
            expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:osprey-sync-alarms-[0-9a-f]{7}$/),
        ]);
        expect(
            one(r, "aws:sns/topicSubscription:TopicSubscription", (s) => s.name.endsWith("alarms-email")).inputs.topic,
        ).toBe((alarm.inputs.alarmActions as string[])[0]);
        expect(alarm.inputs.okActions).toEqual(alarm.inputs.alarmActions);
        expect(
            one(r, "aws:sns/topicSubscription:TopicSubscription", (s) => s.name.endsWith("alarms-email")).inputs,
        ).toMatchObject({
            protocol: "email",
            endpoint: "platform-alerts@osprey-strike.com",
        });
        expect(one(r, "aws:cloudwatch/logGroup:LogGroup", SYNC).inputs.retentionInDays).toBe(30);
    });

    it("encrypts both topics with a customer-managed key whose policy lets CloudWatch publish (alias/aws/sns cannot)", () => {
        const key = one(r, "aws:kms/key:Key", SYNC);
        expect(key.inputs.enableKeyRotation).toBe(true);
        const policy = JSON.parse(key.inputs.policy as string) as {
            Statement: { Sid: string; Principal: Record<string, string>; Action: string | string[] }[];
        };
        const cw = policy.Statement.filter((s) => s.Principal.Service === "cloudwatch.amazonaws.com");
        // The two actions SNS needs from a publisher to an encrypted topic (SNS developer guide, key management).
        expect(cw.flatMap((s) => [s.Action].flat()).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
        expect(policy.Statement.find((s) => s.Sid === "AccountAdministersKey")?.Principal).toEqual({
            AWS: "arn:aws:iam::123456789012:root",
        });
        const topics = ofType(r, "aws:sns/topic:Topic").filter(SYNC);
        expect(topics).toHaveLength(2);
        for (const t of topics) expect(t.inputs.kmsMasterKeyId).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
        for (const t of topics) expect(t.propertyDependencies.kmsMasterKeyId).toEqual([key.urn]);
        expect(JSON.stringify(r.map((x) => x.inputs))).not.toContain("alias/aws/sns");
    });

    it("alarms on a refused addition through a metric filter on the handler's own log line", () => {
        const filter = one(r, "aws:cloudwatch/logMetricFilter:LogMetricFilter", SYNC);
        expect(filter.inputs.pattern).toBe('{ $.event = "cloudflare-ip-sync" && $.outcome = "refused-additions" }');
        const alarm = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", (a) => a.name.endsWith("-refused"));
        const metric = filter.inputs.metricTransformation as { namespace: string; name: string };
        expect(alarm.inputs).toMatchObject({
            namespace: metric.namespace,
            metricName: metric.name,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
        });
        expect(alarm.inputs.alarmActions).toEqual(
            one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", (a) => SYNC(a) && a.name.endsWith("-errors")).inputs
                .alarmActions,
        );
    });

    it("notifies every list change with the diff: success destination to the change topic, email filtered on alert", () => {
        const changes = one(r, "aws:sns/topic:Topic", (t) => t.name.endsWith("-changes"));
        const cfg = one(r, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
        expect((cfg.inputs.destinationConfig as { onSuccess: { destination: string } }).onSuccess.destination).toMatch(
            /:osprey-sync-changes-[0-9a-f]{7}$/,
        );
        const sub = one(r, "aws:sns/topicSubscription:TopicSubscription", (s) => s.name.endsWith("changes-email"));
        expect(sub.inputs).toMatchObject({ protocol: "email", filterPolicyScope: "MessageBody" });
        expect(JSON.parse(sub.inputs.filterPolicy as string)).toEqual({
            responsePayload: { alert: [{ exists: true }] },
        });
        expect(changes.urn).toBeDefined();
        const policy = JSON.parse(one(r, "aws:iam/rolePolicy:RolePolicy", SYNC).inputs.policy as string) as {
            Statement: { Sid: string; Action: unknown }[];
        };
        expect(policy.Statement.find((s) => s.Sid === "NotifyChanges")?.Action).toBe("sns:Publish");
        const env = (
            one(r, "aws:lambda/function:Function", SYNC).inputs.environment as { variables: Record<string, string> }
        ).variables;
        expect(env).toMatchObject({
            CLOUDFLARE_IPS_URL: "https://api.cloudflare.com/client/v4/ips",
            MAX_ADDITIONS_PER_RUN: "5",
            MAX_REMOVALS_PER_RUN: "5",
        });
        expect(env.REVIEWED_AGGREGATES_IPV4.split(",")).toEqual(CLOUDFLARE_IPS_FIXTURE.ipv4);
        expect(env.REVIEWED_AGGREGATES_IPV6.split(",")).toEqual(CLOUDFLARE_IPS_FIXTURE.ipv6);
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
        // The program's own provider; @pulumi/eks's (osprey-eks-k8s, a modelled child of the cluster) deploys nothing here:
        // no aws-auth ConfigMap (API mode), no StorageClass, no aws-node patch.
        const provider = one(r, "pulumi:providers:kubernetes", (x) => !x.modelled);
        expect(one(r, "pulumi:providers:kubernetes", (x) => x.modelled === true).name).toBe("osprey-eks-k8s");
        for (const res of r.filter((x) => x.type.startsWith("kubernetes:")))
            expect(providerUrn(res)).toBe(provider.urn);
        // The kubeconfig, and the ALB's own DNS name (only our zone's pulls may reach it, and it is not advertised).
        expect([...run.outputs.secretOutputNames].sort()).toEqual(["edgeAlbHostname", "kubeconfig"]);
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

    describeAuthChain("main", () => ({ run, r }));

    it("owns the realm: its lifetimes, the groups of config and Google Workspace restricted to the workspace domain", () => {
        const cfg = stackConfig("main");
        const id = cfg.platform!.identity;
        expect(one(r, T.realm).inputs).toMatchObject({
            realm: id.realm,
            enabled: true,
            sslRequired: "all",
            registrationAllowed: false,
            accessTokenLifespan: id.accessTokenLifespan,
            ssoSessionIdleTimeout: id.ssoSessionIdleTimeout,
            ssoSessionMaxLifespan: id.ssoSessionMaxLifespan,
        });
        expect(run.outputs.outputs.keycloakRealm).toBe(id.realm);
        expect(ofType(r, T.group).map((g) => g.inputs.name)).toEqual(id.groups);
        expect(id.groups).toContain(SYSTEM_ADMINISTRATOR_GROUP);
        for (const g of ofType(r, T.group)) expect(g.inputs.realmId).toBe(id.realm);
        const google = one(r, T.google);
        expect(google.inputs).toMatchObject({
            realm: id.realm,
            alias: GOOGLE_IDP_ALIAS,
            hostedDomain: cfg.access.googleWorkspaceDomain,
            clientId: cfg.access.googleClientId,
            trustEmail: true,
        });
        expect(isSecretEnvelope(google.inputs.clientSecret)).toBe(true);
        // Google's answer is checked against the workspace domain: not "*" (any domain) and not empty.
        expect(google.inputs.hostedDomain).not.toMatch(/^\*?$/);
    });

    it("sets the realm's whole user profile: only administrators edit username, email and names", () => {
        const id = stackConfig("main").platform!.identity;
        const profile = one(r, "keycloak:index/realmUserProfile:RealmUserProfile");
        expect(profile.inputs.realmId).toBe(id.realm);
        expect(profile.inputs.unmanagedAttributePolicy).toBe("DISABLED");
        const attrs = profile.inputs.attributes as { name: string; permissions: { edits: string[] } }[];
        expect(attrs.map((a) => a.name)).toEqual(USER_PROFILE_ATTRIBUTES.map((a) => a.name));
        for (const a of attrs) expect([a.name, a.permissions.edits]).toEqual([a.name, ["admin"]]);
    });

    it("talks to Keycloak through one explicit provider, with client credentials that stay secret", () => {
        const provider = one(r, "pulumi:providers:keycloak");
        expect(provider.inputs).toMatchObject({
            url: "https://auth.osprey-strike.com",
            realm: "master",
            clientId: "osprey-pulumi",
        });
        expect(isSecretEnvelope(provider.inputs.clientSecret)).toBe(true);
        for (const res of createdOf(r, "keycloak")) expect(providerUrn(res)).toBe(provider.urn);
    });

    it("gives the node group a gp3 launch template and the estimator prices its volumes from it", () => {
        const lt = one(r, "aws:ec2/launchTemplate:LaunchTemplate");
        expect(lt.inputs.blockDeviceMappings).toEqual([
            {
                deviceName: "/dev/xvda",
                ebs: { volumeSize: 20, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
            },
        ]);
        expect(lt.inputs.metadataOptions).toMatchObject({ httpTokens: "required" });
        const ng = one(r, "eks:index:ManagedNodeGroup");
        expect(ng.inputs.diskSize).toBeUndefined(); // EKS refuses diskSize together with a launch template
        expect(ng.propertyDependencies.launchTemplate).toEqual([lt.urn]);
        const { lines } = estimateMonthlyCost(costInputs(run), {}, { asOf: new Date("2026-12-01T00:00:00Z") });
        expect(lines.find((l) => /root volumes/.test(l.item))?.item).toBe(
            "node group osprey-nodes root volumes (launch template osprey-nodes): gp3 20 GB × 2",
        ); // 40 GB × 0.08 = 3.20
    });

    it("registers the ALB facts the estimator counts ALBs by: ingress group osprey-main, IP address type ipv4", () => {
        expect(one(r, "osprey:environment:AlbSecurityGroup").inputs).toEqual({
            environment: "main",
            ingressGroup: "osprey-main",
            ipAddressType: "ipv4",
            // and, for the perimeter policy, the two Cloudflare lists it references (IPv4, IPv6)
            cloudflarePrefixListIds: [
                expect.stringMatching(/^pl-[0-9a-f]{17}$/),
                expect.stringMatching(/^pl-[0-9a-f]{17}$/),
            ],
        });
        const cluster = one(r, "eks:index:Cluster");
        expect(cluster.inputs.enabledClusterLogTypes).toEqual(["api", "audit", "authenticator"]);
        expect(cluster.inputs.upgradePolicy).toEqual({ supportType: "STANDARD" });
    });

    it("passes every policy of the pack (no false positives on the program's own graph)", async () => {
        expect(await runPolicies(r)).toEqual([]);
    });

    prefixListIdentityCheck(() => r);
});

gitopsChecks(
    "main",
    () => run,
    () => run.outputs.outputs as Record<string, unknown>,
);
