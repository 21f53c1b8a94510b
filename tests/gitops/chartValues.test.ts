/**
 * The chart values the program sets are keys the pinned charts really have. Evidence, kept as test data: each chart's
 * values.yaml at the pinned tag (argoproj/argo-helm argo-cd-10.1.1 = af0a9310, argocd-image-updater-1.2.4 = acc3ab50),
 * and for the free-form maps the chart passes through to Argo CD's ConfigMaps, Argo CD's own reference files at
 * v3.4.4 (docs/operator-manual/argocd-cm.yaml, argocd-rbac-cm.yaml; tag commit 443415b5).
 */
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { argocdValues } from "../../components/gitops/argocdValues";
import { GITOPS_CHARTS } from "../../components/gitops/charts";
import { imageUpdaterValues } from "../../components/gitops/imageUpdater";
import { stackConfig } from "../graphHelpers";

const evidence = (file: string) => readFileSync(join(__dirname, "charts", file), "utf8");
const chartValues = (file: string) => parse(evidence(file)) as Record<string, unknown>;

type Tree = Record<string, unknown>;
const isMap = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Paths of `ours` the chart does not declare. Descends while the chart's value is a non-empty map; where the chart
 * declares `{}`, a list or a scalar, the subtree is the chart's to pass through (annotations, resources, scripts).
 * `freeForm` paths are maps whose keys the chart does not own (checked separately).
 */
function undeclared(ours: Tree, chart: Tree, freeForm: string[], at = ""): string[] {
    return Object.entries(ours).flatMap(([k, v]) => {
        const path = at ? `${at}.${k}` : k;
        if (!(k in chart)) return [path];
        const c = chart[k];
        if (freeForm.includes(path) || !isMap(v) || !isMap(c) || Object.keys(c).length === 0) return [];
        return undeclared(v, c, freeForm, path);
    });
}

/** Keys set in Argo CD's reference ConfigMap file (its `data:` section). */
const configMapKeys = (file: string) => Object.keys((parse(evidence(file)) as { data: Tree }).data);

const main = stackConfig("main");
const argocd = argocdValues({ ...main.argocd! });

describe(`argo-cd chart ${GITOPS_CHARTS.argocd.version}`, () => {
    const chart = chartValues(`argo-cd-${GITOPS_CHARTS.argocd.version}.values.yaml`);

    it("is pinned at the version and app version of the chart's Chart.yaml kept here", () => {
        const c = parse(evidence(`argo-cd-${GITOPS_CHARTS.argocd.version}.Chart.yaml`)) as Tree;
        expect([c.name, c.version, c.appVersion]).toEqual([
            GITOPS_CHARTS.argocd.chart,
            GITOPS_CHARTS.argocd.version,
            GITOPS_CHARTS.argocd.appVersion,
        ]);
    });

    it("declares every key the program sets", () => {
        expect(undeclared(argocd, chart, ["configs.cm", "configs.rbac"])).toEqual([]);
    });

    it("is non-HA: one replica each, redis-ha off (the chart's defaults, stated)", () => {
        for (const c of ["controller", "server", "repoServer", "applicationSet"] as const)
            expect(argocd[c].replicas).toBe(1);
        expect(argocd["redis-ha"].enabled).toBe(false);
        expect((chart["redis-ha"] as Tree).enabled).toBe(false);
    });

    it("sets only argocd-cm keys Argo CD v3.4.4 documents", () => {
        const known = new Set(configMapKeys("argo-cd-v3.4.4.argocd-cm.yaml"));
        expect(Object.keys(argocd.configs.cm).filter((k) => !known.has(k))).toEqual([]);
    });

    it("sets only argocd-rbac-cm keys Argo CD v3.4.4 documents", () => {
        const known = new Set(configMapKeys("argo-cd-v3.4.4.argocd-rbac-cm.yaml"));
        expect(Object.keys(argocd.configs.rbac).filter((k) => !known.has(k))).toEqual([]);
    });

    it("the check itself finds a key the chart lacks", () => {
        expect(undeclared({ server: { replicas: 1, replicaCount: 2 }, dexx: {} }, chart, [])).toEqual([
            "server.replicaCount",
            "dexx",
        ]);
    });
});

describe(`argocd-image-updater chart ${GITOPS_CHARTS.imageUpdater.version}`, () => {
    const chart = chartValues(`argocd-image-updater-${GITOPS_CHARTS.imageUpdater.version}.values.yaml`);
    const ours = imageUpdaterValues({
        region: "us-east-1",
        registryHost: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        roleArn: "arn:aws:iam::123456789012:role/x",
    });

    it("is pinned at the version and app version of the chart's Chart.yaml kept here (1.x: the ImageUpdater resource)", () => {
        const c = parse(evidence(`argocd-image-updater-${GITOPS_CHARTS.imageUpdater.version}.Chart.yaml`)) as Tree;
        expect([c.name, c.version, c.appVersion]).toEqual([
            GITOPS_CHARTS.imageUpdater.chart,
            GITOPS_CHARTS.imageUpdater.version,
            GITOPS_CHARTS.imageUpdater.appVersion,
        ]);
        expect(String(c.version)).toMatch(/^1\./);
    });

    it("declares every key the program sets (config.* are the chart's own ConfigMap keys)", () => {
        expect(undeclared(ours, chart, [])).toEqual([]);
        for (const k of Object.keys(ours.config)) expect([k, k in (chart.config as Tree)]).toEqual([k, true]);
    });

    it("ships the ImageUpdater CRD the program's resource is checked against", () => {
        expect(evidence("argocd-image-updater-1.2.4.crd-imageupdaters.yaml")).toContain(
            "name: imageupdaters.argocd-image-updater.argoproj.io",
        );
    });
});
