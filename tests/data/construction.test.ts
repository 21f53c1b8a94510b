/**
 * On the mock cloud: bad data settings are refused by the top-level Environment (Data and its parts do not
 * re-check), all at once, each with its field named, before any resource reaches the cloud; and the optional args
 * (ClusterSecretStore name, PostGIS image) reach the manifests.
 */
import * as pulumi from "@pulumi/pulumi";
import { Data } from "../../components/data";
import { Environment, EnvironmentArgs, environmentArgProblems } from "../../components/environment";
import { dataSettings, environmentSettings } from "../../wiring";
import { ProgramRun, runOnMockCloud } from "../../harness/runProgram";
import { dataArgsFrom, ofType, platformStandIn, stackConfig, T, testK8sProvider } from "./helpers";
import { formatProblem } from "../../lib/problems";
import { InvalidArgumentsError } from "../../components/invalidArgs";

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

type Settings = EnvironmentArgs["data"];
const bad: Record<string, (d: Settings) => Settings> = {
    instanceClass: (d) => ({ ...d, database: { ...d.database, instanceClass: "db.t4g.tiny" } }),
    retention: (d) => ({ ...d, database: { ...d.database, backupRetentionDays: 0 } }),
    engine: (d) => ({ ...d, database: { ...d.database, engineVersion: "17" } }),
    storage: (d) => ({ ...d, database: { ...d.database, allocatedStorageGb: 200, maxAllocatedStorageGb: 100 } }),
    protection: (d) => ({ ...d, database: { ...d.database, deletionProtection: false } }),
    image: (d) => ({ ...d, postgisJobImage: "postgres:latest" }),
    noncurrent: (d) => ({ ...d, attachmentsNoncurrentVersionDays: 0 }),
};
const environmentArgs = (data: Settings = dataSettings(cfg)): EnvironmentArgs => ({
    ...environmentSettings(cfg, platformStandIn(), undefined),
    data,
});
let refusal: unknown;

beforeAll(async () => {
    run = await runOnMockCloud({
        stack: "main",
        program: () => {
            const k8sProvider = testK8sProvider();
            // Every bad data setting at once, on the top-level component that validates them.
            const allBad = Object.values(bad).reduce((d, mutate) => mutate(d), dataSettings(cfg));
            try {
                new Environment("bad", { ...environmentArgs(allBad), cloudflareZoneId: "not-a-zone" });
            } catch (e) {
                refusal = e;
            }
            new Data(
                "main",
                dataArgsFrom(cfg, k8sProvider, { secretStoreName: "eso-aws", postgisJobImage: DIGEST_IMAGE }),
            );
            // The platform's first deploy: the cluster's API is not reachable yet, so no Kubernetes provider.
            new Data("first", dataArgsFrom(cfg, k8sProvider, { k8sProvider: undefined }));
            return {};
        },
    });
});

it.each([
    ["instanceClass", /^data\.database\.instanceClass: "db\.t4g\.tiny" is not a known RDS/],
    ["retention", /^data\.database\.backupRetentionDays: 0 is out of range/],
    ["engine", /^data\.database\.engineVersion: "17" is PostgreSQL 17/],
    ["storage", /^data\.database\.maxAllocatedStorageGb: 100 GiB is below the allocated 200 GiB/],
    ["protection", /^data\.database\.deletionProtection: must be true for main/],
    ["image", /^data\.postgisJobImage: "postgres:latest" is not pinned/],
    ["noncurrent", /^data\.attachmentsNoncurrentVersionDays: /],
])("Environment reports a bad %s, naming the field", (key, message) => {
    expect(environmentArgProblems(environmentArgs(bad[key](dataSettings(cfg)))).map(formatProblem)).toEqual([
        expect.stringMatching(message),
    ]);
});

it("accepts the stack's own settings", () => expect(environmentArgProblems(environmentArgs())).toEqual([]));

it("refuses every problem at once as a ResourceError of the Environment, before any cloud resource", () => {
    expect(refusal).toBeInstanceOf(pulumi.ResourceError);
    const message = (refusal as Error).message;
    expect(message).toMatch(/^Environment bad: invalid arguments:/);
    // The zone ID and each bad data setting: one line each.
    expect(message).toContain("\n  - cloudflareZoneId: ");
    expect(
        message
            .split("\n  - ")
            .slice(1)
            .filter((line) => line.startsWith("data.")),
    ).toHaveLength(Object.keys(bad).length);
    const leaked = run.resources.filter(
        (r) => r.custom && r.urn.includes("::bad") && !r.type.startsWith("pulumi:providers:"),
    );
    expect(leaked.map((r) => r.urn)).toEqual([]);
});

it("carries each problem as data: the property path in the Environment's args, and the line the message prints", () => {
    expect(refusal).toBeInstanceOf(InvalidArgumentsError);
    const errors = (refusal as InvalidArgumentsError).errors;
    expect(errors.map((e) => e.propertyPath).sort()).toEqual(
        [
            "cloudflareZoneId",
            "data.attachmentsNoncurrentVersionDays",
            "data.database.backupRetentionDays",
            "data.database.deletionProtection",
            "data.database.engineVersion",
            "data.database.instanceClass",
            "data.database.maxAllocatedStorageGb",
            "data.postgisJobImage",
        ].sort(),
    );
    expect((refusal as Error).message).toBe(
        `Environment bad: invalid arguments:\n  - ${errors.map((e) => `${e.propertyPath}: ${e.reason}`).join("\n  - ")}`,
    );
});

it("without a Kubernetes provider, creates the AWS side only: database, secrets, bucket, certificate", () => {
    const underFirst = run.resources.filter((r) => r.parent !== undefined && isUnder(r, "first"));
    expect(underFirst.filter((r) => r.type.startsWith("kubernetes:"))).toEqual([]);
    expect(underFirst.filter((r) => r.type === T.instance)).toHaveLength(1);
    // app-encryption-key, render-api and the app database role's db-app
    expect(underFirst.filter((r) => r.type === T.secret)).toHaveLength(3);
    expect(underFirst.filter((r) => r.type === T.certValidation)).toHaveLength(1);
});

it("points every ExternalSecret at the given namespaced SecretStore", () => {
    const stores = ofType(run.resources, T.externalSecret).map(
        (r) => (r.inputs.spec as { secretStoreRef: unknown }).secretStoreRef,
    );
    // the two application secrets, db-connection and db-bootstrap
    expect(stores).toHaveLength(4);
    for (const s of stores) expect(s).toEqual({ kind: "SecretStore", name: "eso-aws" });
});

it("runs the PostGIS Job on the given digest-pinned image", () => {
    const [job] = ofType(run.resources, T.job);
    expect(
        (job.inputs.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]
            .image,
    ).toBe(DIGEST_IMAGE);
});
