/**
 * One environment's GitOps half, created by that environment's own stack: its AppProject, one Application per app
 * (./applications.ts), and, where the environment deploys on every merge, the ImageUpdater that commits new
 * branch-main digests to its overlays. All in osprey-argocd, the namespace Argo CD watches.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    appProjectManifest,
    ARGOCD_API_VERSION,
    applicationMetadata,
    applicationSpec,
    GitSource,
    ManifestFeed,
} from "./applications";
import { IMAGE_UPDATER_API_VERSION, imageUpdaterMetadata, imageUpdaterSpec } from "./imageUpdater";
import { APPS_BY_ENVIRONMENT, Env, environmentNames } from "../../lib/naming";

export interface EnvironmentAppsArgs {
    environment: Env;
    source: GitSource;
    autoSync: boolean;
    imageUpdates: boolean;
    /** Everything account-specific the manifests need, from this stack's outputs. */
    feed: pulumi.Input<ManifestFeed>;
    kubernetesProvider: k8s.Provider;
    /** Argo CD's chart (its CRDs) when this stack installed it; empty when another stack did, earlier. */
    argocdReady: pulumi.Resource[];
    /** Image Updater's chart (its CRD) when this stack installed it. */
    imageUpdaterReady: pulumi.Resource[];
    /**
     * The Load Balancer Controller's release and this environment's IngressClass, when this stack owns them. The
     * Applications wait for them, so `pulumi destroy` deletes the Applications first: Argo CD's cascade removes the
     * Ingresses, the controller removes their ALB, and only then does the controller go. Another stack's (demo reading
     * main's platform) cannot be waited for across stacks: that stack is destroyed first (docs/runbook.md, "Tear down").
     */
    controllersReady?: pulumi.Resource[];
}

export class EnvironmentApps extends pulumi.ComponentResource {
    /** Application names, in APPS_BY_ENVIRONMENT order. */
    readonly applicationNames: string[];

    constructor(name: string, args: EnvironmentAppsArgs, opts?: pulumi.ComponentResourceOptions) {
        const {
            feed: _feed,
            kubernetesProvider,
            argocdReady: _a,
            imageUpdaterReady: _i,
            controllersReady: _c,
            ...summary
        } = args;
        super("osprey:gitops:EnvironmentApps", name, summary, opts);
        if (args.environment === "demo" && (args.autoSync || args.imageUpdates)) {
            throw new pulumi.ResourceError(
                `EnvironmentApps ${name}: demo is promoted by hand, never automatically: autoSync and imageUpdates must be false`,
                this,
            );
        }
        const k8s_ = { parent: this, provider: kubernetesProvider };
        const env = args.environment;
        const apps = APPS_BY_ENVIRONMENT[env];
        const names = environmentNames(env);

        const project = new k8s.apiextensions.CustomResource(`${name}-project`, appProjectManifest(env, args.source), {
            ...k8s_,
            dependsOn: args.argocdReady,
        });
        const options = { environment: env, source: args.source, autoSync: args.autoSync };
        const feed = pulumi.output(args.feed);
        // Metadata is plain (known in preview); each spec waits for the stack's outputs it carries.
        const applications = apps.map(
            (app) =>
                new k8s.apiextensions.CustomResource(
                    `${name}-${app}`,
                    {
                        apiVersion: ARGOCD_API_VERSION,
                        kind: "Application",
                        metadata: applicationMetadata(app, env),
                        spec: feed.apply((f) => applicationSpec(app, options, f)),
                    },
                    { ...k8s_, dependsOn: [project, ...args.argocdReady, ...(args.controllersReady ?? [])] },
                ),
        );
        if (args.imageUpdates) {
            const spec = feed.apply((f) =>
                imageUpdaterSpec({
                    environment: env,
                    apps,
                    repositoryUrls: f.ecrRepositoryUrls,
                    branch: args.source.revision,
                }),
            );
            new k8s.apiextensions.CustomResource(
                `${name}-image-updater`,
                {
                    apiVersion: IMAGE_UPDATER_API_VERSION,
                    kind: "ImageUpdater",
                    metadata: imageUpdaterMetadata(env),
                    spec,
                },
                { ...k8s_, dependsOn: [...applications, ...args.imageUpdaterReady] },
            );
        }
        this.applicationNames = apps.map((a) => names.applicationName(a));
        this.registerOutputs({ applicationNames: this.applicationNames });
    }
}
