/**
 * THE launch template of the managed node group (docs/requirements.md, Isolation: nodes), in one place: IMDSv2 only,
 * one hop, and gp3 root
 * volumes, encrypted. One hop means a packet from a pod's network namespace (one hop further than the node) gets no
 * answer from the instance metadata service, so no pod can take the node role's credentials; pods get AWS identities
 * through IRSA only. Host-network pods (aws-node, kube-proxy) are unaffected.
 *
 * No image and no security groups here: EKS still picks the AMI from the node group's amiType and still puts the
 * cluster security group on the nodes (EKS user guide, "Customize managed nodes with launch templates"), so RDS and
 * Valkey keep admitting the same group. With a launch template the node group must not set diskSize.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The root device of the EKS-optimized AL2023 AMIs. */
export const ROOT_DEVICE = "/dev/xvda";
/** Root volume size in GiB (the EKS default a node group without a launch template gets). */
export const ROOT_VOLUME_GB = 20;

/** The launch template's arguments (pure). */
export function nodeLaunchTemplateArgs(
    clusterName: string,
    volumeGb = ROOT_VOLUME_GB,
    /** gp3 (default): cheaper than gp2 per GB with a 3,000 IOPS baseline; gp2 only if something needs it (config). */
    volumeType: "gp3" | "gp2" = "gp3",
): aws.ec2.LaunchTemplateArgs {
    return {
        description: `EKS ${clusterName}: managed nodes (IMDSv2 one hop, ${volumeType} root volume)`,
        updateDefaultVersion: true,
        metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
            instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: [
            {
                deviceName: ROOT_DEVICE,
                ebs: { volumeSize: volumeGb, volumeType, encrypted: "true", deleteOnTermination: "true" },
            },
        ],
        tagSpecifications: [{ resourceType: "instance", tags: { Name: `${clusterName}-node` } }],
    };
}

/** The node group's `launchTemplate` reference to it. */
export function createNodeLaunchTemplate(
    name: string,
    clusterName: string,
    volume: { sizeGb?: number; type?: "gp3" | "gp2" },
    opts: pulumi.CustomResourceOptions,
) {
    const lt = new aws.ec2.LaunchTemplate(name, nodeLaunchTemplateArgs(clusterName, volume.sizeGb, volume.type), opts);
    return { id: lt.id, version: pulumi.interpolate`${lt.latestVersion}` };
}
