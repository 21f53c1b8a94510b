/**
 * How the mock cloud names what it creates, by type token: data, not code. The mock echoes every resource's
 * inputs; an entry here only adds the provider's physical ID, the ARN, the name the provider would auto-generate,
 * and string outputs the program reads that follow from those (a repository URL, an audience tag).
 *
 * Templates expand these placeholders (hex is deterministic: sha256 of the run's stack, the type, the logical name
 * and the field being expanded):
 *   {region} {account}       the run's region and the mock account (123456789012)
 *   {name}                   the `autoName` input if given, else the generated `<logical name>-<7 hex>`; without
 *                            `autoName`, the `name` input or the logical name
 *   {id} {arn}               the physical ID / the ARN (an id template may use {arn}; then the arn may not use {id})
 *   {hex:N} {HEX:N} {uuid}   N lower/upper-case hex characters; a version-4-shaped UUID
 *   {input:a.b}              an input by path (the logical name when absent); {host:a} the same without `https://`
 * An entry may be empty: the type is known and gets a plain hex ID. A type with no entry (and no model in models/)
 * is still accepted and echoed, and the plan lists it as "modelled generically", so a reviewer sees it.
 */
export interface MockIdSpec {
    /** The physical ID; default `<idPrefix>{hex:17}`. */
    id?: string;
    /** Prefix of the default ID (`sg-`, `pl-`). */
    idPrefix?: string;
    /** The ARN, for types that have one. */
    arn?: string;
    /** The input the provider auto-names when it is absent (`name`, or `bucket` for S3). */
    autoName?: string;
    /** Further computed string outputs, by output name. */
    outputs?: Record<string, string>;
}

const EC2 = "arn:aws:ec2:{region}:{account}";
const REGIONAL = (service: string) => `arn:aws:${service}:{region}:{account}`;
const NAMED = { id: "{name}", autoName: "name" };
const K8S_NAMESPACED = { id: "{input:metadata.namespace}/{input:metadata.name}" };
const K8S_CLUSTER = { id: "{input:metadata.name}" };

export const MOCK_IDS: Record<string, MockIdSpec> = {
    // --- AWS ---
    // Budgets: the ID is <account>:<name> (provider docs, import); the ARN has no region.
    "aws:budgets/budget:Budget": {
        id: "{account}:{name}",
        autoName: "name",
        arn: "arn:aws:budgets::{account}:budget/{name}",
    },
    // AWS Backup (the restore rehearsal): vaults are named; plans and selections get AWS-chosen IDs; a restore testing
    // plan's ARN ends with its name and a suffix; a restore testing selection imports as <name>:<plan name>.
    "aws:backup/vault:Vault": { ...NAMED, arn: `${REGIONAL("backup")}:backup-vault:{name}` },
    "aws:backup/plan:Plan": { id: "{uuid}", arn: `${REGIONAL("backup")}:backup-plan:{id}` },
    "aws:backup/selection:Selection": { id: "{uuid}" },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
        ...NAMED,
        arn: `${REGIONAL("backup")}:restore-testing-plan:{name}-{hex:6}`,
    },
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
        id: "{input:name}:{input:restoreTestingPlanName}",
    },
    "aws:acm/certificate:Certificate": { id: "{arn}", arn: `${REGIONAL("acm")}:certificate/{uuid}` },
    "aws:acm/certificateValidation:CertificateValidation": { id: "{input:certificateArn}" },
    "aws:cloudwatch/eventRule:EventRule": { ...NAMED, arn: `${REGIONAL("events")}:rule/{name}` },
    "aws:cloudwatch/eventTarget:EventTarget": { id: "{input:rule}-{hex:12}" },
    "aws:cloudwatch/logGroup:LogGroup": { ...NAMED, arn: `${REGIONAL("logs")}:log-group:{name}` },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { ...NAMED, arn: `${REGIONAL("cloudwatch")}:alarm:{name}` },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": { ...NAMED },
    "aws:eks/addon:Addon": {
        id: "{input:clusterName}:{input:addonName}",
        arn: `${REGIONAL("eks")}:addon/{input:clusterName}/{input:addonName}/{hex:8}`,
    },
    "aws:ec2/instance:Instance": { idPrefix: "i-", arn: `${EC2}:instance/{id}` },
    // AWS names a route by its table and destination: r-<table>1080289494 (IPv4) or r-<table>2750132062 (IPv6 ::/0).
    "aws:ec2/route:Route": { id: "r-{input:routeTableId}2750132062" },
    // latestVersion: the program pins the node group to it (a real template starts at version 1).
    "aws:ec2/launchTemplate:LaunchTemplate": {
        idPrefix: "lt-",
        arn: `${EC2}:launch-template/{id}`,
        outputs: { latestVersion: "1" },
    },
    "aws:ec2/managedPrefixList:ManagedPrefixList": { idPrefix: "pl-", arn: `${EC2}:prefix-list/{id}` },
    "aws:ec2/subnet:Subnet": { idPrefix: "subnet-", arn: `${EC2}:subnet/{id}` },
    "aws:ec2/routeTable:RouteTable": { idPrefix: "rtb-", arn: `${EC2}:route-table/{id}` },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": { idPrefix: "rtbassoc-" },
    "aws:ec2/securityGroup:SecurityGroup": { idPrefix: "sg-", autoName: "name", arn: `${EC2}:security-group/{id}` },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        idPrefix: "sgr-",
        arn: `${EC2}:security-group-rule/{id}`,
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        idPrefix: "sgr-",
        arn: `${EC2}:security-group-rule/{id}`,
    },
    "aws:ecr/repository:Repository": {
        ...NAMED,
        arn: `${REGIONAL("ecr")}:repository/{name}`,
        outputs: { registryId: "{account}", repositoryUrl: "{account}.dkr.ecr.{region}.amazonaws.com/{name}" },
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": { id: "{input:repository}" },
    "aws:elasticache/subnetGroup:SubnetGroup": { ...NAMED, arn: `${REGIONAL("elasticache")}:subnetgroup:{name}` },
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        id: "{input:replicationGroupId}",
        arn: `${REGIONAL("elasticache")}:replicationgroup:{id}`,
        outputs: { primaryEndpointAddress: "master.{id}.{hex:6}.{region}.cache.amazonaws.com" },
    },
    "aws:iam/instanceProfile:InstanceProfile": { ...NAMED, arn: "arn:aws:iam::{account}:instance-profile/{name}" },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        id: "{arn}",
        arn: "arn:aws:iam::{account}:oidc-provider/{host:url}",
    },
    // A customer managed policy's physical ID is its ARN (the permissions boundary, components/delivery/boundary.ts).
    "aws:iam/policy:Policy": { id: "{arn}", autoName: "name", arn: "arn:aws:iam::{account}:policy/{name}" },
    "aws:iam/role:Role": { ...NAMED, arn: "arn:aws:iam::{account}:role/{name}" },
    "aws:iam/rolePolicy:RolePolicy": { id: "{input:role}:{name}", autoName: "name" },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { id: "{input:role}-{hex:8}" },
    "aws:kms/key:Key": { id: "{uuid}", arn: `${REGIONAL("kms")}:key/{id}`, outputs: { keyId: "{id}" } },
    "aws:kms/alias:Alias": { id: "{name}", arn: `${REGIONAL("kms")}:{name}` },
    "aws:lambda/function:Function": { ...NAMED, arn: `${REGIONAL("lambda")}:function:{name}` },
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": { id: "{input:functionName}" },
    "aws:lambda/permission:Permission": {},
    // Lambda developer guide, "Lambda function URLs": https://<url-id>.lambda-url.<region>.on.aws/ (32-character url-id).
    "aws:lambda/functionUrl:FunctionUrl": {
        id: "{input:functionName}",
        outputs: { functionUrl: "https://{hex:32}.lambda-url.{region}.on.aws", urlId: "{hex:32}" },
    },
    "aws:lb/trustStore:TrustStore": {
        id: "{arn}",
        autoName: "name",
        arn: `${REGIONAL("elasticloadbalancing")}:truststore/{name}/{hex:16}`,
    },
    "aws:rds/instance:Instance": { id: "db-{HEX:26}", arn: `${REGIONAL("rds")}:db:{input:identifier}` },
    "aws:rds/parameterGroup:ParameterGroup": { ...NAMED, arn: `${REGIONAL("rds")}:pg:{name}` },
    "aws:rds/eventSubscription:EventSubscription": { ...NAMED, arn: `${REGIONAL("rds")}:es:{name}` },
    "aws:rds/subnetGroup:SubnetGroup": { ...NAMED, arn: `${REGIONAL("rds")}:subgrp:{name}` },
    "aws:s3/bucket:Bucket": { id: "{name}", autoName: "bucket", arn: "arn:aws:s3:::{name}" },
    "aws:s3/bucketObjectv2:BucketObjectv2": { id: "{input:key}", outputs: { versionId: "{hex:32}" } },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { id: "{input:bucket}" },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { id: "{input:bucket}" },
    "aws:s3/bucketPolicy:BucketPolicy": { id: "{input:bucket}" },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { id: "{input:bucket}" },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { id: "{input:bucket}" },
    "aws:s3/bucketVersioning:BucketVersioning": { id: "{input:bucket}" },
    "aws:secretsmanager/secret:Secret": {
        id: "{arn}",
        autoName: "name",
        arn: `${REGIONAL("secretsmanager")}:secret:{name}-{hex:6}`,
    },
    "aws:secretsmanager/secretVersion:SecretVersion": { id: "{input:secretId}|{uuid}", arn: "{input:secretId}" },
    "aws:sns/topic:Topic": { id: "{arn}", autoName: "name", arn: `${REGIONAL("sns")}:{name}` },
    "aws:sns/topicPolicy:TopicPolicy": { id: "{input:arn}" },
    "aws:sns/topicSubscription:TopicSubscription": { id: "{input:topic}:{uuid}", arn: "{id}" },
    // --- Cloudflare (zone objects: 32 hex; Zero Trust objects: UUIDs; scripts: their name) ---
    "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls": { id: "{input:configs.0.hostname}" },
    "cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate": {
        id: "{uuid}",
    },
    "cloudflare:index/dnsRecord:DnsRecord": { id: "{hex:32}" },
    // The program's own dynamic provider (components/edge/originPullReadiness.ts): its id, and the status it returns
    // once Cloudflare reports the certificate or association active (the only way its create returns).
    "pulumi-nodejs:dynamic/osprey:OriginPullReadiness": {
        id: "{input:zoneId}/{input:kind}/{input:target}",
        outputs: { status: "active", waitedSeconds: "0" },
    },
    "cloudflare:index/ruleset:Ruleset": { id: "{hex:32}" },
    "cloudflare:index/workersRoute:WorkersRoute": { id: "{hex:32}" },
    "cloudflare:index/workersScript:WorkersScript": { id: "{input:scriptName}" },
    "cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain": { id: "{input:scriptName}" },
    "cloudflare:index/zoneSetting:ZoneSetting": { id: "{input:settingId}" },
    "cloudflare:index/urlNormalizationSettings:UrlNormalizationSettings": { id: "{input:zoneId}" },
    "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication": {
        id: "{uuid}",
        outputs: { aud: "{hex:64}" },
    },
    "cloudflare:index/zeroTrustAccessIdentityProvider:ZeroTrustAccessIdentityProvider": { id: "{uuid}" },
    "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy": { id: "{uuid}" },
    "cloudflare:index/zeroTrustAccessServiceToken:ZeroTrustAccessServiceToken": {
        id: "{uuid}",
        outputs: { clientId: "{hex:32}.access", clientSecret: "{hex:64}" },
    },
    // --- Keycloak (a realm's ID is its name; clients, groups and mappers get UUIDs; an identity provider is its alias) ---
    "keycloak:index/realm:Realm": { id: "{input:realm}" },
    "keycloak:index/realmUserProfile:RealmUserProfile": { id: "{input:realmId}" },
    "keycloak:index/group:Group": { id: "{uuid}" },
    "keycloak:openid/client:Client": { id: "{uuid}" },
    "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper": { id: "{uuid}" },
    "keycloak:oidc/googleIdentityProvider:GoogleIdentityProvider": { id: "{input:alias}" },
    // --- GitHub (a ruleset's ID is a number GitHub assigns) ---
    "github:index/repositoryRuleset:RepositoryRuleset": { id: "{input:repository}:{hex:6}" },
    // --- Kubernetes (the provider's ID is <namespace>/<name>, or <name> for cluster-scoped objects) ---
    "kubernetes:argoproj.io/v1alpha1:AppProject": K8S_NAMESPACED,
    "kubernetes:argoproj.io/v1alpha1:Application": K8S_NAMESPACED,
    "kubernetes:argocd-image-updater.argoproj.io/v1alpha1:ImageUpdater": K8S_NAMESPACED,
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy": K8S_CLUSTER,
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding": K8S_CLUSTER,
    "kubernetes:batch/v1:Job": K8S_NAMESPACED,
    "kubernetes:core/v1:ConfigMap": K8S_NAMESPACED,
    "kubernetes:core/v1:LimitRange": K8S_NAMESPACED,
    "kubernetes:core/v1:Namespace": K8S_CLUSTER,
    // A server-side apply patch of a Namespace: the provider's ID is the namespace's name.
    "kubernetes:core/v1:NamespacePatch": K8S_CLUSTER,
    "kubernetes:core/v1:ResourceQuota": K8S_NAMESPACED,
    "kubernetes:core/v1:ServiceAccount": K8S_NAMESPACED,
    "kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams": K8S_CLUSTER,
    "kubernetes:external-secrets.io/v1:ClusterSecretStore": K8S_CLUSTER,
    "kubernetes:external-secrets.io/v1:ExternalSecret": K8S_NAMESPACED,
    "kubernetes:external-secrets.io/v1:SecretStore": K8S_NAMESPACED,
    "kubernetes:helm.sh/v3:Release": { id: "{input:namespace}/{name}", autoName: "name" },
    "kubernetes:networking.k8s.io/v1:IngressClass": K8S_CLUSTER,
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": K8S_NAMESPACED,
    "kubernetes:rbac.authorization.k8s.io/v1:Role": K8S_NAMESPACED,
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": K8S_NAMESPACED,
    // --- tls (the PEMs themselves are computed in models/computed.ts) ---
    "tls:index/privateKey:PrivateKey": { id: "{hex:40}" },
    "tls:index/certRequest:CertRequest": { id: "{hex:40}" },
    "tls:index/selfSignedCert:SelfSignedCert": { id: "{hex:32}" },
    "tls:index/locallySignedCert:LocallySignedCert": { id: "{hex:32}" },
    // --- random (the values themselves are computed in models/computed.ts) ---
    "random:index/randomBytes:RandomBytes": { id: "none" },
    "random:index/randomId:RandomId": {},
    "random:index/randomPassword:RandomPassword": { id: "none" },
    // --- Pulumi Cloud (components/delivery/driftWatch.ts): the program reads none of their outputs; IDs are plain hex ---
    "pulumiservice:index:DriftSchedule": {},
    "pulumiservice:index:DeploymentSchedule": {},
    "pulumiservice:index:Webhook": {},
};
