/**
 * The guardrails, as a list the PolicyPack (index.ts) and the offline plan (tools/policyRunner.ts) share.
 * Kept apart from index.ts because constructing a PolicyPack starts a server.
 * Contract: checks outside the project import `policies` from here.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { monthlyBudget } from "./rules/budget";
import { ec2Imdsv2NoPublicIp, ecrScanOnPush, eksEndpointPrivate, eksEndpointPublicAllowListed, lambdaNoFullAccess, lambdaRuntime } from "./rules/compute";
import { rdsGuardrails, s3PrivateEncrypted } from "./rules/data";
import { demoAccessNoBypass } from "./rules/edge";
import { githubOidcTrustPinned } from "./rules/identity";
import { noAuthDisablingEnv, noKubernetesSecretData } from "./rules/kubernetes";
import { albIngressCloudflareOnly, noOpenIngress } from "./rules/networkIngress";
import { redisAtThreeReplicas } from "./rules/scaling";
import { requiredTags } from "./rules/tags";

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    noOpenIngress,
    albIngressCloudflareOnly,
    rdsGuardrails,
    s3PrivateEncrypted,
    eksEndpointPrivate,
    eksEndpointPublicAllowListed,
    noKubernetesSecretData,
    githubOidcTrustPinned,
    demoAccessNoBypass,
    noAuthDisablingEnv,
    lambdaRuntime,
    lambdaNoFullAccess,
    ecrScanOnPush,
    ec2Imdsv2NoPublicIp,
    requiredTags,
    redisAtThreeReplicas,
    monthlyBudget,
];
