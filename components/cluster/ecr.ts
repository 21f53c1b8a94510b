/**
 * ECR repositories for the four images CI builds (api, web, mock, mcp). Tags are MUTABLE on purpose: CI
 * pushes `branch-main` on every merge and ArgoCD Image Updater's digest strategy watches that tag move.
 * The lifecycle rule keeps the N newest UNTAGGED images by count, never by age: the digest main runs is
 * untagged as soon as branch-main moves, and an age rule would delete it while pods still pull it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { APPS, ECR_REPOSITORY_PREFIX } from "../../lib/naming";

/** One image per application (docs/requirements.md, GitOps). */
export const APP_IMAGES = APPS;

export interface EcrRepositoriesArgs {
    /** Image names (default api, web, mock, mcp); repositories are named osprey-strike/<image>. */
    images?: readonly string[];
    /** Untagged images kept per repository, newest first (default 10: the last ten main deploys to roll back to). */
    untaggedImagesToKeep: number;
}

/** The lifecycle policy document (pure). */
export function untaggedLifecyclePolicy(keep: number) {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Keep the ${keep} newest untagged images (digests of past branch-main builds)`,
                selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: keep },
                action: { type: "expire" },
            },
        ],
    };
}

export class EcrRepositories extends pulumi.ComponentResource {
    /** Image name to repository URL (<account>.dkr.ecr.<region>.amazonaws.com/osprey-strike/<image>). */
    readonly repositoryUrls: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: EcrRepositoriesArgs, opts?: pulumi.ComponentResourceOptions) {
        const images = [...(args.images ?? APP_IMAGES)];
        super(
            "osprey:cluster:EcrRepositories",
            name,
            { images, untaggedImagesToKeep: args.untaggedImagesToKeep },
            opts,
        );
        const policy = JSON.stringify(untaggedLifecyclePolicy(args.untaggedImagesToKeep));
        const urls: Record<string, pulumi.Output<string>> = {};
        for (const image of images) {
            const repo = new aws.ecr.Repository(
                `${name}-${image}`,
                {
                    name: `${ECR_REPOSITORY_PREFIX}${image}`,
                    imageTagMutability: "MUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    // KMS with the AWS-managed aws/ecr key: encrypted at rest without a $1/month customer key.
                    encryptionConfigurations: [{ encryptionType: "KMS" }],
                    forceDelete: false,
                    tags: { "osprey:image": image },
                },
                // Every image ever pushed (and so every digest Git pins) lives here: never deleted by a destroy.
                { parent: this, protect: true },
            );
            new aws.ecr.LifecyclePolicy(`${name}-${image}`, { repository: repo.name, policy }, { parent: this });
            urls[image] = repo.repositoryUrl;
        }
        this.repositoryUrls = pulumi.output(urls);
        this.registerOutputs({ repositoryUrls: this.repositoryUrls });
    }
}
