/**
 * The GitOps layer's cross-setting rules (config/parse.ts calls them once the settings they read parsed). Pure.
 * docs/requirements.md, GitOps: main deploys on every merge; demo is promoted by hand, never automatically.
 */
import { Env, PROJECT } from "../lib/naming";
import { problem, Problem, under } from "../lib/problems";

interface GitOpsSettings {
    autoSync: boolean;
    imageUpdates: boolean;
}

export function gitopsCrossChecks(environment: Env, gitops: GitOpsSettings): Problem[] {
    const problems: Problem[] = [];
    if (environment === "demo" && gitops.autoSync) {
        problems.push(
            problem(
                "autoSync",
                `demo is promoted by hand, never synced automatically; remove it from the demo stack file`,
            ),
        );
    }
    if (environment === "demo" && gitops.imageUpdates) {
        problems.push(
            problem(
                "imageUpdates",
                `demo is promoted by hand, never automatically: Image Updater must not commit to its overlays; remove it from the demo stack file`,
            ),
        );
    }
    if (gitops.imageUpdates && !gitops.autoSync) {
        problems.push(
            problem(
                "imageUpdates",
                `commits digests that only an automated sync deploys; set gitops.autoSync to true or imageUpdates to false`,
            ),
        );
    }
    return under(`${PROJECT}:gitops`, problems);
}
