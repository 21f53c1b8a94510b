/** Operational policies (tags, the shared cache from three replicas, the budget with the real estimator). */
import { unknown } from "@pulumi/pulumi/output";
import { COMPONENT_TYPES, REQUIRED_TAG_KEYS } from "../../policy/contract";
import { awsProvider, check, checkStack, res, violationsOf } from "./helpers";

describe("required-tags", () => {
    const main = awsProvider("main");
    it("passes a resource tagged through its provider's defaultTags, or by its own tags", async () => {
        expect(await check("required-tags", { type: "aws:s3/bucket:Bucket", props: {}, provider: main })).toEqual([]);
        expect(
            await check("required-tags", {
                type: "aws:sns/topic:Topic",
                props: { tags: { project: "p", environment: "main", stack: "main" } },
            }),
        ).toEqual([]);
    });
    it("flags what neither source sets, merging the two", async () => {
        const partial = awsProvider("main", { project: "osprey-strike" });
        expect(
            await check("required-tags", {
                type: "aws:s3/bucket:Bucket",
                props: { tags: { stack: "main" } },
                provider: partial,
            }),
        ).toEqual([expect.stringContaining("missing tag(s) environment")]);
    });
    it("judges remote components by their own tags when no aws provider is visible", async () => {
        expect(
            await check("required-tags", {
                type: "eks:index:Cluster",
                props: { tags: { project: "p", environment: "e", stack: "s" } },
            }),
        ).toEqual([]);
        // The engine hands a component no provider: its children carry the inherited default tags and are judged in a real preview.
        expect(await check("required-tags", { type: "awsx:ec2:Vpc", props: { tags: { Name: "osprey-vpc" } } })).toEqual(
            [],
        );
    });
    it("handles missing properties: no tags and no provider is flagged; an untaggable type is ignored", async () => {
        expect(await check("required-tags", { type: "aws:ecr/repository:Repository", props: {} })).toEqual([
            expect.stringContaining("project, environment, stack"),
        ]);
        expect(await check("required-tags", { type: "aws:iam/rolePolicy:RolePolicy", props: {} })).toEqual([]);
    });
    it("judges the aws provider's own defaultTags: complete passes, a gap or none is reported on the provider (fails closed)", async () => {
        const run = (provider: ReturnType<typeof awsProvider>) => violationsOf("required-tags", [provider]);
        expect(await run(main)).toEqual([]);
        expect(await run(awsProvider("main", { project: "osprey-strike", environment: "main" }))).toEqual([
            expect.objectContaining({ message: expect.stringContaining("defaultTags.tags lack stack") }),
        ]);
        const bare = res({ type: "pulumi:providers:aws", name: "aws-bare", props: { region: "us-east-1" } });
        expect(await run(bare)).toEqual([
            expect.objectContaining({
                urn: bare.urn,
                message: expect.stringContaining(`lack ${REQUIRED_TAG_KEYS.join(", ")}`),
            }),
        ]);
        const pending = res({ type: "pulumi:providers:aws", name: "aws-pending", props: { defaultTags: unknown } });
        expect(await run(pending)).toEqual([expect.objectContaining({ level: "advisory" })]);
    });
    it("does not read own tags when the provider covers them (they may be unknown during preview)", async () => {
        expect(
            await violationsOf("required-tags", [
                main,
                res({ type: "aws:s3/bucket:Bucket", props: { tags: unknown }, provider: main }),
            ]),
        ).toEqual([]);
    });
});

describe("redis-at-three-replicas", () => {
    const ENV = COMPONENT_TYPES.environment;
    const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
    const secure = { transitEncryptionEnabled: true, atRestEncryptionEnabled: true, authToken: "t0ken-from-random" };
    function environment(apiReplicas: unknown, cache?: Record<string, unknown>) {
        const env = res({ type: ENV, name: "main", props: { apiReplicas, environment: "main" } });
        return cache ? [env, res({ type: CACHE, parent: env, props: cache })] : [env];
    }

    it("passes two replicas without a cache (main runs two), and three with a secure cache", async () => {
        expect(await checkStack("redis-at-three-replicas", environment(2))).toEqual([]);
        expect(await checkStack("redis-at-three-replicas", environment(3, secure))).toEqual([]);
    });
    it("flags three replicas without a cache, or with one lacking encryption or AUTH, on the environment", async () => {
        const bare = environment(3);
        expect(await checkStack("redis-at-three-replicas", bare)).toEqual([
            { message: expect.stringContaining("no ElastiCache replication group exists"), urn: bare[0].urn },
        ]);
        expect(
            await checkStack("redis-at-three-replicas", environment(4, { ...secure, transitEncryptionEnabled: false })),
        ).toHaveLength(1);
        const { authToken: _omit, ...noAuth } = secure;
        expect(await checkStack("redis-at-three-replicas", environment(3, noAuth))).toHaveLength(1);
    });
    it("counts an api Deployment in the graph too, by name or label", async () => {
        const api = res({
            type: "kubernetes:apps/v1:Deployment",
            props: { metadata: { name: "api-x", labels: { "app.kubernetes.io/name": "api" } }, spec: { replicas: 3 } },
        });
        const web = res({
            type: "kubernetes:apps/v1:Deployment",
            props: { metadata: { name: "web" }, spec: { replicas: 5 } },
        });
        expect((await checkStack("redis-at-three-replicas", [api, web])).map((v) => v.urn)).toEqual([api.urn]);
    });
    it("accepts an AUTH token that is unknown during preview (its presence is enough)", async () => {
        expect(
            await violationsOf("redis-at-three-replicas", environment(3, { ...secure, authToken: unknown })),
        ).toEqual([]);
    });
    it("handles missing properties: an Environment without a numeric apiReplicas is reported (fails closed); a Deployment without replicas runs 1", async () => {
        const [missing] = environment(undefined);
        expect(await checkStack("redis-at-three-replicas", [missing])).toEqual([
            { message: expect.stringContaining(`${ENV} main registers no apiReplicas`), urn: missing.urn },
        ]);
        const [text] = environment("3");
        expect(await checkStack("redis-at-three-replicas", [text])).toEqual([
            {
                message: expect.stringContaining('registers apiReplicas = "3", not a non-negative integer'),
                urn: text.urn,
            },
        ]);
        expect(
            await checkStack("redis-at-three-replicas", [
                res({ type: "kubernetes:apps/v1:Deployment", props: { metadata: { name: "api" } } }),
            ]),
        ).toEqual([]);
    });
    it("does not judge a replica count unknown during preview (judged at update, when known)", async () => {
        expect(await violationsOf("redis-at-three-replicas", environment(unknown))).toEqual([]);
    });
});

describe("monthly-budget with the real estimator (policy/cost/index.ts)", () => {
    // The cost requirement: the EKS control plane is a fixed ~$73 ($0.10/h x 730 h), so a lone cluster is over a $50
    // budget.
    it("reports the estimate over budget, and nothing under it", async () => {
        const cluster = [res({ type: "eks:index:Cluster", props: { skipDefaultNodeGroup: true } })];
        const [v, ...rest] = await checkStack("monthly-budget", cluster, { monthlyBudgetUsd: 50 });
        expect(rest).toEqual([]);
        expect(v.message).toMatch(/^estimated \$\d+\.\d\d\/month is over the \$50\.00 budget/);
        expect(Number(/estimated \$(\d+\.\d\d)/.exec(v.message)![1])).toBeGreaterThanOrEqual(73);
        expect(await checkStack("monthly-budget", cluster, { monthlyBudgetUsd: 10000 })).toEqual([]);
    });
});
