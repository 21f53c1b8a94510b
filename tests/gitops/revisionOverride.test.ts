/**
 * Who may put another revision on an environment: the argocd-cm setting and policy.csv the program renders, judged by
 * Argo CD's own decision (tests/gitops/argoRbac.ts, Argo CD v3.4.4). Demo syncs by hand, so without the setting any
 * deployer's `sync` could deploy a branch to demo; with it, that needs `override`, which only role:admin holds.
 */
import { argocdValues, REQUIRE_OVERRIDE_FOR_REVISION_SYNC } from "../../components/gitops/argocdValues";
import { environmentNames } from "../../lib/naming";
import { stackConfig } from "../graphHelpers";
import { ArgoRbac, enforce, syncRefusal } from "./argoRbac";

const main = stackConfig("main");
const values = argocdValues({ ...main.argocd! });
const rbac: ArgoRbac = {
    policyCsv: values.configs.rbac["policy.csv"],
    defaultRole: values.configs.rbac["policy.default"],
};
const cm = values.configs.cm as Record<string, unknown>;

const admin = ["root@osprey-strike.com", ...main.argocd!.rbac.adminGroups];
const deployer = ["dev@osprey-strike.com", ...main.argocd!.rbac.deployerGroups];
const staff = ["someone@osprey-strike.com"];

describe("syncing another revision needs `override` (admins only)", () => {
    const demo = stackConfig("demo");
    const app = {
        app: `${environmentNames("demo").argocdProject}/api-demo`,
        targetRevision: demo.gitops.revision,
        automated: demo.gitops.autoSync,
    };

    it("sets the argocd-cm key Argo CD v3.4.4 reads, to a value strconv.ParseBool reads as true", () => {
        expect(REQUIRE_OVERRIDE_FOR_REVISION_SYNC).toBe("application.sync.requireOverridePrivilegeForRevisionSync");
        expect(cm[REQUIRE_OVERRIDE_FOR_REVISION_SYNC]).toBe("true");
    });

    it("lets a deployer sync demo to its own revision, and refuses the same deployer a branch or a commit", () => {
        expect(demo.gitops.autoSync).toBe(false);
        expect(syncRefusal(rbac, cm, { ...app, subjects: deployer })).toBeUndefined();
        expect(syncRefusal(rbac, cm, { ...app, subjects: deployer, revision: demo.gitops.revision })).toBeUndefined();
        for (const revision of ["feature/x", "0123456789abcdef0123456789abcdef01234567", "HEAD~1"])
            expect(syncRefusal(rbac, cm, { ...app, subjects: deployer, revision })).toBe(
                "permission denied: applications, override",
            );
    });

    it("lets an admin sync another revision; refuses everyone else any sync", () => {
        expect(syncRefusal(rbac, cm, { ...app, subjects: admin, revision: "feature/x" })).toBeUndefined();
        expect(syncRefusal(rbac, cm, { ...app, subjects: staff })).toBe("permission denied: applications, sync");
    });

    it("grants `override` to role:admin only: no deployer, no default role, on any project", () => {
        for (const project of ["osprey-main", "osprey-demo", "default"]) {
            expect(enforce(rbac, admin, "applications", "override", `${project}/x`)).toBe(true);
            expect(enforce(rbac, deployer, "applications", "override", `${project}/x`)).toBe(false);
            expect(enforce(rbac, staff, "applications", "override", `${project}/x`)).toBe(false);
        }
    });

    it("refuses local manifests to a deployer whatever the setting", () => {
        expect(syncRefusal(rbac, {}, { ...app, subjects: deployer, localManifests: true })).toBe(
            "permission denied: applications, override",
        );
    });

    it("the model itself: without the setting a deployer could sync a branch, and a wildcard grant gives override", () => {
        const { [REQUIRE_OVERRIDE_FOR_REVISION_SYNC]: _dropped, ...without } = cm;
        expect(syncRefusal(rbac, without, { ...app, subjects: deployer, revision: "feature/x" })).toBeUndefined();
        expect(
            syncRefusal(
                rbac,
                { ...cm, [REQUIRE_OVERRIDE_FOR_REVISION_SYNC]: "false" },
                { ...app, subjects: deployer, revision: "feature/x" },
            ),
        ).toBeUndefined();
        const wide = {
            ...rbac,
            policyCsv: rbac.policyCsv + "p, role:osprey-deployer, applications, *, osprey-demo/*, allow\n",
        };
        expect(enforce(wide, deployer, "applications", "override", "osprey-demo/api-demo")).toBe(true);
        // An auto-synced Application refuses another revision to everyone (main).
        expect(syncRefusal(rbac, cm, { ...app, automated: true, subjects: admin, revision: "feature/x" })).toMatch(
            /auto-sync/,
        );
    });
});
