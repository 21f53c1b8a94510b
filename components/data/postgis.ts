/**
 * Runs the PostGIS Job (postgisJob.ts) in the environment's namespace once the database and its connection Secret
 * exist. The Kubernetes provider waits for the Job to complete, so `pulumi up` fails loudly if the extension could
 * not be created. After ttlSecondsAfterFinished the cluster removes the finished Job; a later `pulumi refresh` then
 * drops it from state and the next `up` runs it again, which is a no-op thanks to IF NOT EXISTS.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { postgisJobManifest } from "./postgisJob";

export interface PostgisExtensionArgs {
    /** The environment's namespace, osprey-<environment>. */
    namespace: string;
    k8sProvider: k8s.Provider;
    /** psql image, pinned by exact version or digest. Default POSTGRES_CLIENT_IMAGE. */
    image?: string;
    /** Secret with the connection variables. Default "db-connection". */
    connectionSecretName?: string;
    /** What must exist first: the database instance and the ExternalSecret that writes the connection Secret. */
    waitFor: pulumi.Resource[];
}

export class PostgisExtension extends pulumi.ComponentResource {
    readonly jobName: string;

    constructor(name: string, args: PostgisExtensionArgs, opts?: pulumi.ComponentResourceOptions) {
        const manifest = postgisJobManifest(args);
        super(
            "osprey:data:PostgisExtension",
            name,
            {
                namespace: args.namespace,
                image: manifest.spec.template.spec.containers[0].image,
                jobName: manifest.metadata.name,
            },
            opts,
        );
        this.jobName = manifest.metadata.name;
        new k8s.batch.v1.Job(`${name}-job`, manifest, {
            parent: this,
            provider: args.k8sProvider,
            dependsOn: args.waitFor,
            // Covers the Job's own deadline (900 s) plus scheduling.
            customTimeouts: { create: "20m", update: "20m" },
        });
        this.registerOutputs({});
    }
}
