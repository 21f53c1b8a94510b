/**
 * The guardrails, as one list shared by the PolicyPack (index.ts) and the offline plan (harness/policyRunner.ts).
 * Kept apart from index.ts because constructing a PolicyPack starts a server.
 * Contract: checks outside the project import `policies` from here. One policy per file under rules/.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { alarmsNotify } from "./rules/alarmsNotify";
import { albIngressCloudflareOnly } from "./rules/albIngressCloudflareOnly";
import { albRulesCloudflareOnly } from "./rules/albRulesCloudflareOnly";
import { demoAccessNoBypass } from "./rules/demoAccessNoBypass";
import { ec2Imdsv2NoPublicIp } from "./rules/ec2Imdsv2NoPublicIp";
import { ecrScanOnPush } from "./rules/ecrScanOnPush";
import { eksPrivateEndpoint } from "./rules/eksPrivateEndpoint";
import { eksPublicEndpointAllowlisted } from "./rules/eksPublicEndpointAllowlisted";
import { githubOidcTrustPinned } from "./rules/githubOidcTrustPinned";
import { keycloakClientCodeFlowOnly } from "./rules/keycloakClientCodeFlowOnly";
import { lambdaRuntimeAndRole } from "./rules/lambdaRuntimeAndRole";
import { monthlyBudget } from "./rules/monthlyBudget";
import { noAuthDisablingEnv } from "./rules/noAuthDisablingEnv";
import { noKubernetesSecretData } from "./rules/noKubernetesSecretData";
import { rdsBackupRetention } from "./rules/rdsBackupRetention";
import { rdsDeletionProtectionMain } from "./rules/rdsDeletionProtectionMain";
import { rdsCaCurrent } from "./rules/rdsCaCurrent";
import { rdsNotPubliclyAccessible } from "./rules/rdsNotPubliclyAccessible";
import { rdsStorageEncrypted } from "./rules/rdsStorageEncrypted";
import { redisAtThreeReplicas } from "./rules/redisAtThreeReplicas";
import { requiredTags } from "./rules/requiredTags";
import { restoreTestPrivate } from "./rules/restoreTestPrivate";
import { s3BucketPrivateEncrypted } from "./rules/s3BucketPrivateEncrypted";
import { accessNoEveryone } from "./rules/accessNoEveryone";
import { guardsNotWeakened } from "./rules/guardsNotWeakened";
import { iamNoAdmin } from "./rules/iamNoAdmin";
import { iamRoleBoundary } from "./rules/iamRoleBoundary";
import { iamTrustPinned } from "./rules/iamTrustPinned";
import { k8sIngressCloudflareOidc } from "./rules/k8sIngressCloudflareOidc";
import { k8sNamespaceDefaultDeny } from "./rules/k8sNamespaceDefaultDeny";
import { s3BucketPolicyNotPublic } from "./rules/s3BucketPolicyNotPublic";
import { sgIngressNotInternet } from "./rules/sgIngressNotInternet";
import { snapshotsNotShared } from "./rules/snapshotsNotShared";
import { uniqueCloudIdentity } from "./rules/uniqueCloudIdentity";

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    // Perimeter: its linchpin first (docs/requirements.md, The perimeter).
    albIngressCloudflareOnly,
    albRulesCloudflareOnly,
    sgIngressNotInternet,
    demoAccessNoBypass,
    accessNoEveryone,
    k8sIngressCloudflareOidc,
    k8sNamespaceDefaultDeny,
    // Data.
    rdsNotPubliclyAccessible,
    rdsStorageEncrypted,
    rdsBackupRetention,
    rdsDeletionProtectionMain,
    rdsCaCurrent,
    s3BucketPrivateEncrypted,
    s3BucketPolicyNotPublic,
    snapshotsNotShared,
    restoreTestPrivate,
    // Cluster and compute.
    eksPrivateEndpoint,
    eksPublicEndpointAllowlisted,
    ec2Imdsv2NoPublicIp,
    ecrScanOnPush,
    lambdaRuntimeAndRole,
    // Secrets, auth and identity.
    noKubernetesSecretData,
    noAuthDisablingEnv,
    githubOidcTrustPinned,
    keycloakClientCodeFlowOnly,
    iamTrustPinned,
    iamNoAdmin,
    iamRoleBoundary,
    guardsNotWeakened,
    // Operations.
    uniqueCloudIdentity,
    requiredTags,
    redisAtThreeReplicas,
    monthlyBudget,
    alarmsNotify,
];
