/**
 * Pinned inputs of privileged runs: every image reference in the deployment settings and in the recorded graphs (each
 * container of a Kubernetes object the program creates, each Helm release's chart) is pinned by digest or listed in
 * lib/imagePins.ts with its reason; and every listed one is still in use (no stale exception).
 */
import { join } from "node:path";
import type { RecordedResource } from "../../harness/graph";
import { sharedProgramRun } from "../../harness/sharedRuns";
import { ROOT } from "../../harness/stackConfig";
import { readDeploySettings } from "../../tools/deploySettings";
import {
    CHARTS_WITH_TAGGED_IMAGES,
    IMAGES_WITHOUT_DIGEST,
    imageReferenceProblem,
    isDigestPinned,
    NO_REGISTRY,
} from "../../lib/imagePins";
import { imagePinProblem } from "../../components/data/postgisJob";
import { revealDeep } from "../graphHelpers";

/** Every `image` of a container (containers, initContainers) anywhere in a Kubernetes object's inputs. */
function containerImages(v: unknown, out: string[] = []): string[] {
    if (Array.isArray(v)) v.forEach((x) => containerImages(x, out));
    else if (typeof v === "object" && v !== null) {
        for (const [k, x] of Object.entries(v)) {
            if ((k === "containers" || k === "initContainers") && Array.isArray(x))
                for (const c of x)
                    if (typeof (c as { image?: unknown }).image === "string") out.push((c as { image: string }).image);
            containerImages(x, out);
        }
    }
    return out;
}

let resources: RecordedResource[];
beforeAll(async () => {
    resources = [...(await sharedProgramRun("main")).resources, ...(await sharedProgramRun("demo")).resources];
}, 300_000);

const executorImages = () =>
    ["main", "demo"].map(
        (s) =>
            readDeploySettings(join(ROOT, `Pulumi.${s}.deploy.yaml`)).executorContext?.executorImage?.reference ?? "",
    );
const graphImages = () =>
    resources.filter((r) => r.type.startsWith("kubernetes:")).flatMap((r) => containerImages(revealDeep(r.inputs)));
const charts = () =>
    resources
        .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
        .map((r) => `${String(r.inputs.chart)}@${String(r.inputs.version)}`);

it("pins by digest, or lists with its reason, the executor image of every stack's deployments", () => {
    expect(executorImages().map(imageReferenceProblem).filter(Boolean)).toEqual([]);
});

it("pins by digest, or lists with its reason, every container image of the Kubernetes objects the program creates", () => {
    const images = [...new Set(graphImages())];
    expect(images).toContain("public.ecr.aws/docker/library/postgres:18.2-alpine3.23");
    expect(images.map(imageReferenceProblem).filter(Boolean)).toEqual([]);
});

it("lists every Helm chart whose images are its defaults by tag (a new chart must be pinned or listed)", () => {
    const used = [...new Set(charts())];
    expect(used.length).toBeGreaterThanOrEqual(4);
    expect(used.filter((c) => !(c in CHARTS_WITH_TAGGED_IMAGES))).toEqual([]);
});

it("lists nothing that is no longer used, and gives every entry the recorded reason", () => {
    const inUse = new Set([...executorImages(), ...graphImages()]);
    expect(Object.keys(IMAGES_WITHOUT_DIGEST).filter((i) => !inUse.has(i))).toEqual([]);
    const usedCharts = new Set(charts());
    expect(Object.keys(CHARTS_WITH_TAGGED_IMAGES).filter((c) => !usedCharts.has(c))).toEqual([]);
    for (const reason of [...Object.values(IMAGES_WITHOUT_DIGEST), ...Object.values(CHARTS_WITH_TAGGED_IMAGES)])
        expect(reason).toBe(NO_REGISTRY);
});

it("accepts tag@sha256 wherever an image is set, and refuses a tag that is neither pinned nor listed", () => {
    const pinned = `pulumi/pulumi:3.248.0@sha256:${"ab".repeat(32)}`;
    expect(isDigestPinned(pinned)).toBe(true);
    expect(imageReferenceProblem(pinned)).toBeUndefined();
    expect(
        imagePinProblem(`public.ecr.aws/docker/library/postgres:18.2-alpine3.23@sha256:${"cd".repeat(32)}`),
    ).toBeUndefined();
    expect(imageReferenceProblem("pulumi/pulumi:3.249.0")).toMatch(/not pinned by digest .* IMAGES_WITHOUT_DIGEST/);
    expect(isDigestPinned("pulumi/pulumi@sha256:short")).toBe(false);
});
