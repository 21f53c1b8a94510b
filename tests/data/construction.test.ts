/**
 * On the mock cloud: invalid Data args are refused at construction with the field named (before any resource of
 * that component reaches the cloud), and the optional args (ClusterSecretStore name, PostGIS image) reach the
 * manifests.
 */
import { Data, DataArgs } from "../../components/data";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import { dataArgsFrom, ofType, stackConfig, T, testK8sProvider } from "./helpers";

const cfg = stackConfig("main");

/** Whether a resource sits (at any depth) under the Data component of the given name. */
function isUnder(r: { parent?: string }, dataName: string): boolean {
    let parent = r.parent;
    while (parent) {
        if (parent.endsWith(`osprey:data:Data::${dataName}`)) return true;
        parent = run.resources.find((x) => x.urn === parent)?.parent;
    }
    return false;
}
const DIGEST_IMAGE = `public.ecr.aws/docker/library/postgres@sha256:${"0123456789abcdef".repeat(4)}`;
let run: ProgramRun;
const refusals: Record<string, unknown> = {};

const bad: Record<string, (a: DataArgs) => DataArgs> = {
    instanceClass: (a) => ({ ...a, database: { ...a.database, instanceClass: "db.t4g.tiny" } }),
    retention: (a) => ({ ...a, database: { ...a.database, backupRetentionDays: 0 } }),
    engine: (a) => ({ ...a, database: { ...a.database, engineVersion: "17" } }),
    storage: (a) => ({ ...a, database: { ...a.database, allocatedStorageGb: 200, maxAllocatedStorageGb: 100 } }),
    protection: (a) => ({ ...a, database: { ...a.database, deletionProtection: false } }),
    zone: (a) => ({ ...a, cloudflareZoneId: "not-a-zone" }),
    image: (a) => ({ ...a, postgisJobImage: "postgres:latest" }),
};

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "main",
        program: () => {
            const k8sProvider = testK8sProvider();
            for (const [key, mutate] of Object.entries(bad)) {
                try {
                    new Data(`bad-${key}`, mutate(dataArgsFrom(cfg, k8sProvider)));
                } catch (e) {
                    refusals[key] = e;
                }
            }
            new Data("main", dataArgsFrom(cfg, k8sProvider, { clusterSecretStoreName: "eso-aws", postgisJobImage: DIGEST_IMAGE }));
            // The platform's first deploy: the cluster's API is not reachable yet, so no Kubernetes provider.
            new Data("first", dataArgsFrom(cfg, k8sProvider, { k8sProvider: undefined }));
            return {};
        },
    });
});

it.each([
    ["instanceClass", /database\.instanceClass: "db\.t4g\.tiny" is not a known RDS/],
    ["retention", /database\.backupRetentionDays: 0 is out of range/],
    ["engine", /database\.engineVersion: "17" is PostgreSQL 17/],
    ["storage", /database\.maxAllocatedStorageGb: 100 GiB is below the allocated 200 GiB/],
    ["protection", /database\.deletionProtection: must be true for main/],
    ["zone", /cloudflareZoneId: "not-a-zone" is not 32 lower-case hex/],
    ["image", /postgisJobImage: "postgres:latest" is not pinned/],
])("refuses a bad %s, naming the field", (key, message) => {
    expect(refusals[key]).toBeInstanceOf(Error);
    expect((refusals[key] as Error).message).toMatch(message);
});

it("registers no cloud resource for a refused Data component", () => {
    const leaked = run.resources.filter((r) => r.custom && r.urn.includes("bad-") && !r.type.startsWith("pulumi:providers:"));
    expect(leaked.map((r) => r.urn)).toEqual([]);
});

it("without a Kubernetes provider, creates the AWS side only: database, secrets, bucket, certificate", () => {
    const underFirst = run.resources.filter((r) => r.parent !== undefined && isUnder(r, "first"));
    expect(underFirst.filter((r) => r.type.startsWith("kubernetes:"))).toEqual([]);
    expect(underFirst.filter((r) => r.type === T.instance)).toHaveLength(1);
    expect(underFirst.filter((r) => r.type === T.secret)).toHaveLength(2);
    expect(underFirst.filter((r) => r.type === T.certValidation)).toHaveLength(1);
});

it("points every ExternalSecret at the given ClusterSecretStore", () => {
    const stores = ofType(run.resources, T.externalSecret).map((r) => (r.inputs.spec as { secretStoreRef: unknown }).secretStoreRef);
    expect(stores).toHaveLength(3);
    for (const s of stores) expect(s).toEqual({ kind: "ClusterSecretStore", name: "eso-aws" });
});

it("runs the PostGIS Job on the given digest-pinned image", () => {
    const [job] = ofType(run.resources, T.job);
    expect((job.inputs.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image).toBe(DIGEST_IMAGE);
});
