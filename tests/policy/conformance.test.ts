/**
 * The offline runner against the real thing: starts policy/index.ts (the PolicyPack's gRPC server, on
 * loopback) in a child process, drives it the way the engine does (Configure with the schema defaults, Analyze
 * per registered resource with its provider, AnalyzeStack with every resource), and checks that
 * harness/policyRunner.ts reports the same violations for the same graph.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { unknown, isUnknown } from "@pulumi/pulumi/output";
// Generated protobuf modules: the messages the engine sends an analyzer.
import * as services from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { policies } from "../../policy/policies";
import { RecordedResource, SECRET_SIG, SECRET_SIG_VALUE } from "../../harness/graph";
import { policyConfig, runPolicies, UNKNOWN_SENTINEL } from "../../harness/policyRunner";
import { awsProvider, res, stackResource } from "./helpers";

const POLICY_DIR = path.resolve(__dirname, "../../policy");
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];
const secret = (value: unknown) => ({ [SECRET_SIG]: SECRET_SIG_VALUE, value });

/** A demo stack that breaks most policies, with secrets and a value unknown during preview. */
function graph(): RecordedResource[] {
    const provider = awsProvider("demo");
    const alb = res({
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: "demo-alb",
        provider,
        props: { tags: { "osprey:role": "alb" } },
    });
    const role = res({
        type: "aws:iam/role:Role",
        name: "fn",
        provider,
        props: {
            assumeRolePolicy: JSON.stringify({
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }],
            }),
        },
    });
    const bucket = res({ type: "aws:s3/bucket:Bucket", name: "attachments", provider, props: { bucket: "b" } });
    const env = res({ type: "osprey:environment:Environment", name: "demo", props: { apiReplicas: 3 } });
    return [
        stackResource(),
        provider,
        env,
        alb,
        role,
        bucket,
        res({
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            name: "alb-any",
            provider,
            props: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
            deps: { securityGroupId: [alb] },
        }),
        res({
            type: "aws:rds/instance:Instance",
            name: "db",
            provider,
            props: { publiclyAccessible: true, password: secret("hunter2"), backupRetentionPeriod: unknown },
        }),
        res({
            type: "eks:index:Cluster",
            name: "eks",
            props: { publicAccessCidrs: ["203.0.113.0/24"], tags: { Name: "eks" } },
        }),
        res({ type: "kubernetes:core/v1:Secret", name: "s", props: { stringData: secret({ token: "x" }) } }),
        res({
            type: "aws:iam/role:Role",
            name: "ci",
            provider,
            props: {
                assumeRolePolicy: {
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: {
                                Federated:
                                    "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                            },
                            Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:o/*" } },
                        },
                    ],
                },
            },
        }),
        res({
            type: "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy",
            name: "office",
            props: { decision: "bypass" },
        }),
        res({ type: "kubernetes:core/v1:ConfigMap", name: "cm", props: { data: { WEBHOOK_AUTH_ENABLED: "off" } } }),
        res({
            type: "aws:lambda/function:Function",
            name: "fn",
            provider,
            props: { runtime: "nodejs20.x", role: "arn:aws:iam::123456789012:role/fn-1" },
            deps: { role: [role] },
        }),
        res({
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: "fn-s3",
            provider,
            props: { policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
            deps: { role: [role] },
        }),
        res({ type: "aws:ecr/repository:Repository", name: "repo", props: {} }),
        res({ type: "aws:ec2/instance:Instance", name: "box", provider, props: { associatePublicIpAddress: true } }),
        res({ type: "pulumi:pulumi:StackReference", name: "ref", props: { name: "org/p/main" }, read: true }),
        // The guardrails catalog: coverage, identity and the new families.
        res({
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            name: "halves",
            provider,
            props: { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" },
        }),
        res({
            type: "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy",
            name: "everyone",
            props: { decision: "allow", includes: [{ everyone: {} }] },
        }),
        res({
            type: "kubernetes:networking.k8s.io/v1:Ingress",
            name: "open",
            props: { metadata: { name: "open" }, spec: { rules: [{ http: { paths: [{ path: "/" }] } }] } },
        }),
        res({
            type: "aws:rds/clusterSnapshot:ClusterSnapshot",
            name: "snap",
            provider,
            props: { sharedAccounts: ["all"] },
        }),
        res({
            type: "aws:s3/bucketPolicy:BucketPolicy",
            name: "public",
            provider,
            props: {
                bucket: "b",
                policy: JSON.stringify({
                    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }],
                }),
            },
        }),
        res({
            type: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
            name: "admin",
            provider,
            props: { user: "u", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        }),
        res({
            type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            name: "unblock",
            provider,
            props: { bucket: "elsewhere", blockPublicPolicy: false },
        }),
    ];
}

/** Values as the engine puts them on the wire: unknowns as the sentinel, secrets in their envelope. */
const wire = (v: unknown): unknown =>
    isUnknown(v)
        ? UNKNOWN_SENTINEL
        : Array.isArray(v)
          ? v.map(wire)
          : v && typeof v === "object"
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wire(x)]))
            : v;

let child: ChildProcess | undefined;
let client: services.AnalyzerClient;
/** One unary call of the analyzer service, as a promise. */
const call = <Req, Resp>(
    rpc: (req: Req, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => unknown,
    req: Req,
) => new Promise<Resp>((resolve, reject) => rpc.call(client, req, (err, resp) => (err ? reject(err) : resolve(resp))));
type StructValue = Parameters<typeof Struct.fromJavaScript>[0];

beforeAll(async () => {
    // The pack reads ./package.json and prints its port on stdout once the server listens on 127.0.0.1.
    child = spawn(process.execPath, [require.resolve("tsx/cli"), "index.ts"], {
        cwd: POLICY_DIR,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`policy pack did not start within 40 s:\n${stderr}`)), 40_000);
        child!.stdout!.once("data", (d) => {
            clearTimeout(timer);
            resolve(Number(String(d).trim().split("\n")[0]));
        });
        child!.once("exit", (code) => reject(new Error(`policy pack exited with ${code}:\n${stderr}`)));
    });
    client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    // As the CLI does (ReconcilePolicyPackConfig): every policy's schema defaults.
    const configure = new pb.ConfigureAnalyzerRequest();
    for (const p of policies) {
        const c = new pb.PolicyConfig();
        c.setEnforcementlevel(LEVELS.indexOf(p.enforcementLevel ?? "advisory"));
        c.setProperties(Struct.fromJavaScript(policyConfig(p) as StructValue));
        configure.getPolicyconfigMap().set(p.name, c);
    }
    await call(client.configure, configure);
}, 60_000);

afterAll(() => {
    client?.close();
    child?.kill();
});

function toAnalyzerResource<T extends pb.AnalyzeRequest | pb.AnalyzerResource>(
    msg: T,
    r: RecordedResource,
    byUrn: Map<string, RecordedResource>,
): T {
    msg.setType(r.type);
    msg.setUrn(r.urn);
    msg.setName(r.name);
    msg.setProperties(Struct.fromJavaScript(wire(r.inputs) as StructValue));
    msg.setOptions(new pb.AnalyzerResourceOptions());
    const p = r.provider ? byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::"))) : undefined;
    if (p) {
        const prov = new pb.AnalyzerProviderResource();
        prov.setType(p.type);
        prov.setUrn(p.urn);
        prov.setName(p.name);
        prov.setProperties(Struct.fromJavaScript(wire(p.inputs) as StructValue));
        msg.setProvider(prov);
    }
    return msg;
}

/**
 * The runner's message is what the policy reported; the SDK prefixes the policy's description and a newline,
 * names the pack in its can't-run message and the unknown's type (the runner cannot know it).
 */
const normalize = (message: string, policyName: string) => {
    const description = policies.find((p) => p.name === policyName)!.description;
    return message
        .replace(`${description}\n`, "")
        .replace(/ from policy pack '[^']+'/, "")
        .replace(/\b(string|number|boolean|Array|Object) value at/, "value at");
};

it("reports what the offline runner reports, for every policy, on the same graph", async () => {
    const records = graph();
    const byUrn = new Map(records.map((r) => [r.urn, r]));
    const analyzed = records.filter((r) => !r.read);
    const fromServer: { policy: string; level: string; urn: string; message: string }[] = [];
    for (const r of analyzed) {
        const resp = await call<pb.AnalyzeRequest, pb.AnalyzeResponse>(
            client.analyze,
            toAnalyzerResource(new pb.AnalyzeRequest(), r, byUrn),
        );
        // The engine files a resource policy's diagnostic under the resource analyzed.
        for (const d of resp.getDiagnosticsList())
            fromServer.push({
                policy: d.getPolicyname(),
                level: LEVELS[d.getEnforcementlevel()],
                urn: r.urn,
                message: normalize(d.getMessage(), d.getPolicyname()),
            });
    }
    const stack = new pb.AnalyzeStackRequest();
    stack.setResourcesList(
        analyzed.map((r) => {
            const a = toAnalyzerResource(new pb.AnalyzerResource(), r, byUrn);
            if (r.parent) a.setParent(r.parent);
            a.setDependenciesList(r.dependencies);
            for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                const deps = new pb.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                a.getPropertydependenciesMap().set(k, deps);
            }
            return a;
        }),
    );
    const stackResp = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(client.analyzeStack, stack);
    for (const d of stackResp.getDiagnosticsList()) {
        // ... and a stack policy's under the URN it names when that is in the stack, else the root stack.
        const urn = byUrn.has(d.getUrn()) ? d.getUrn() : stackResource().urn;
        fromServer.push({
            policy: d.getPolicyname(),
            level: LEVELS[d.getEnforcementlevel()],
            urn,
            message: normalize(d.getMessage(), d.getPolicyname()),
        });
    }

    const fromRunner = (await runPolicies(records)).map((v) => ({ ...v, message: normalize(v.message, v.policy) }));
    const key = (v: { policy: string; urn: string; message: string }) => `${v.policy} ${v.urn} ${v.message}`;
    expect([...fromRunner].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        [...fromServer].sort((a, b) => key(a).localeCompare(key(b))),
    );
    // The graph is built to break most of the pack; an empty comparison would prove nothing.
    expect(new Set(fromServer.map((v) => v.policy)).size).toBeGreaterThanOrEqual(21);
    expect(fromServer).toContainEqual(
        expect.objectContaining({
            policy: "rds-backup-retention",
            level: "advisory",
            message: expect.stringContaining("can't run policy 'rds-backup-retention'"),
        }),
    );
}, 60_000);
