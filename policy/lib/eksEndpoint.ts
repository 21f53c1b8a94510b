/**
 * Where the EKS API endpoint is reachable from, for both spellings: the eks:index:Cluster component's inputs
 * (under the mock cloud, or as a component in a real preview) and the aws:eks/cluster:Cluster it creates
 * (a real preview's child). Property names: @pulumi/eks 4 ClusterOptions, @pulumi/aws 7 ClusterVpcConfig.
 */
import { DEFAULT_MAX_ADDRESS_SHARE, internetProblem } from "./cidrCoverage";
import { arrayOf, objectOf, Props } from "./props";

export const EKS_COMPONENT = "eks:index:Cluster";
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";

export interface Endpoint {
    isPublic: boolean;
    /** The public allow-list; empty means AWS's default, 0.0.0.0/0. */
    cidrs: string[];
}

export function endpointOf(type: string, props: Props): Endpoint | undefined {
    // Both default endpointPublicAccess to true when unset (@pulumi/eks docs: "Default is `true`"; the EKS API likewise).
    if (type === EKS_COMPONENT) {
        return { isPublic: props.endpointPublicAccess !== false, cidrs: arrayOf<string>(props.publicAccessCidrs) };
    }
    if (type === EKS_CLUSTER) {
        const vpc = objectOf(props.vpcConfig) ?? {};
        return { isPublic: vpc.endpointPublicAccess !== false, cidrs: arrayOf<string>(vpc.publicAccessCidrs) };
    }
    return undefined;
}

/** Public to everyone: no allow-list (AWS then allows 0.0.0.0/0) or an allow-list that together covers the internet. */
export const isOpenToAll = (e: Endpoint, maxShare: number = DEFAULT_MAX_ADDRESS_SHARE): boolean =>
    e.isPublic && (e.cidrs.length === 0 || internetProblem(e.cidrs, maxShare) !== undefined);

export const EKS_REMEDIATION =
    "Set endpointPublicAccess: false and endpointPrivateAccess: true; reach the API through the jumpbox (SSM port forwarding): the EKS API is never exposed to the internet.";
