/**
 * The cloud identity of a resource: the key under which the cloud, not Pulumi, knows it. Two Pulumi resources with one
 * identity are two owners of one object: the cloud refuses the second create (EKS `ResourceInUseException`, IAM
 * `EntityAlreadyExists`, Secrets Manager `ResourceExistsException`, Helm "cannot re-use a name that is still in use",
 * Kubernetes `AlreadyExists`), or, where it accepts an overwrite (a Kubernetes server-side apply, an S3 bucket the same
 * account already owns in us-east-1), the two owners undo each other on every `pulumi up`. Pulumi's URNs cannot catch
 * it: the owners differ in logical name or parent (ours beside one a remote component makes out of sight).
 *
 * Each table row says what the cloud keys the object by, from the service's own rules:
 * - EKS: an add-on per cluster and name, an access entry per cluster and principal (CreateAddon, CreateAccessEntry:
 *   ResourceInUseException); a cluster per name, a node group per cluster and name.
 * - IAM: role, managed policy and instance profile names are unique per account and "not distinguished by case"
 *   (IAM user guide, "IAM object quotas"/"Friendly names and paths": the path is not part of the uniqueness); an
 *   inline policy per role and name; one OIDC provider per issuer URL (CreateOpenIDConnectProvider: EntityAlreadyExists).
 * - EC2: a security group name per VPC (CreateSecurityGroup: InvalidGroup.Duplicate).
 * - Secrets Manager, ECR, KMS aliases, CloudWatch log groups, Lambda functions, RDS instances and their subnet and
 *   parameter groups, SNS topics: one name per account and region. S3: one bucket name per partition.
 * - Helm: a release per namespace and name. Kubernetes: an object per API group, kind, namespace and name (the
 *   version is not part of it: apps/v1 and apps/v1beta1 Deployments of one name are one object).
 * - Cloudflare: a DNS record per zone, name and type, and a CNAME excludes every other type at its name (RFC 1034
 *   3.6.2; the API answers 81053/81054); one zone entrypoint ruleset per phase; one setting per zone and id.
 *
 * Unknown during a real preview. A SCOPE part (the cluster, VPC, zone, role or namespace an object lives in) that is
 * not known yet stands for the resources it comes from (`propertyDependencies`), so two security groups in the VPC that
 * one resource creates still compare equal. An object's OWN part (its name, type, principal) that is not known yet is
 * never compared: two ACM validation records whose names both come from one certificate are two records, not one
 * (a false refusal of every first preview otherwise). A resource with an unknown own part, or no name at all (auto-named:
 * the provider adds a random suffix), is not judged.
 * Blind spots in a real preview: the engine hands a stack policy each resource's outputs, and where a provider's
 * configuration is unknown (a Kubernetes provider whose cluster is created in the same update) those are empty, so the
 * objects behind it are not judged in that preview; the offline plan, which knows every value, judges them all.
 * Pure: no imports beyond the pack's prop readers.
 */
import type { PolicyResource } from "@pulumi/policy";
import { objectOf, peek, UNKNOWN } from "./props";

/** One identity: what kind of object, and its key parts in the cloud's terms. */
export interface NaturalKey {
    /** "EKS add-on", "IAM role", ... */
    kind: string;
    /** The parts the cloud keys it by, in words: `["cluster osprey-strike", "name vpc-cni"]`. */
    parts: string[];
    /** false: the claim may share the key with other shared claims, never with an exclusive one (default true). */
    exclusive?: boolean;
}

/**
 * Reads one key part: a known string; for a scope part, when unknown, the resources it is computed from; else undefined.
 */
function part(
    r: PolicyResource,
    path: string,
    normalize: (s: string) => string = (s) => s,
    scope = false,
): string | undefined {
    const keys = path.split(".");
    let v: unknown = r.props;
    for (const k of keys) {
        v = peek(objectOf(v) ?? v, k);
        if (v === UNKNOWN) break;
    }
    if (typeof v === "string" && v !== "") return normalize(v);
    if (v === UNKNOWN || v === undefined) {
        const sources = (r.propertyDependencies[keys[0]] ?? []).map((d) => d.urn).sort();
        if (scope && v === UNKNOWN && sources.length > 0) return `<computed from ${sources.join(", ")}>`;
    }
    return undefined;
}

const lower = (s: string) => s.toLowerCase();
const hostOf = (url: string) =>
    url
        .replace(/^https?:\/\//i, "")
        .replace(/\/+$/, "")
        .toLowerCase();
const dnsName = (s: string) => s.replace(/\.$/, "").toLowerCase();
/** IAM knows a role by account and name, whatever its path, without case (IAM user guide, "IAM identifiers"). */
const principal = (arn: string) => {
    const m = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m ? `arn:aws:iam::${m[1]}:role/${m[2].toLowerCase()}` : arn;
};

type KeyRule = (r: PolicyResource) => NaturalKey[];

/** Labels of the parts that scope an object (where it lives) rather than name it: only these compare by their source. */
const SCOPES = new Set(["cluster", "vpc", "zone", "role", "namespace"]);

/** A rule from a kind and key paths; the resource is not judged when a part cannot be read. */
function keyed(kind: string, paths: [label: string, path: string, normalize?: (s: string) => string][]): KeyRule {
    return (r) => {
        const parts: string[] = [];
        for (const [label, path, normalize] of paths) {
            const v = part(r, path, normalize, SCOPES.has(label));
            if (v === undefined) return [];
            parts.push(`${label} ${v}`);
        }
        return [{ kind, parts }];
    };
}

/** Physical name per account and region (or partition), read from one input. */
const named = (kind: string, path = "name", normalize?: (s: string) => string) =>
    keyed(kind, [["name", path, normalize]]);

/** Kubernetes: `kubernetes:<group>/<version>:<Kind>` (core has no group). Patches and the helm/yaml/kustomize wrappers own no object of their own. */
function kubernetesObject(r: PolicyResource): NaturalKey[] {
    const m = /^kubernetes:(?:(.+)\/)?[^/:]+:([A-Za-z]+)$/.exec(r.type);
    if (
        !m ||
        r.type.startsWith("kubernetes:helm.sh/") ||
        /Patch$/.test(m[2]) ||
        /^(yaml|kustomize|helm)\b/.test(m[1] ?? "")
    )
        return [];
    const group = m[1] === "core" || m[1] === undefined ? "core" : m[1];
    const metadata = objectOf(peek(r.props, "metadata"));
    const name = metadata ? peek(metadata, "name") : undefined;
    if (typeof name !== "string" || name === "") return []; // auto-named (Pulumi adds a random suffix)
    const ns = metadata ? peek(metadata, "namespace") : undefined;
    return [
        {
            kind: `Kubernetes ${m[2]} (${group})`,
            parts: [...(typeof ns === "string" && ns !== "" ? [`namespace ${ns}`] : []), `name ${name}`],
        },
    ];
}

/**
 * Cloudflare DNS: records of one name and type may be many (round robin: "set up multiple DNS A or AAAA records for the
 * same hostname", Cloudflare DNS docs), but not the same record twice, so a record is keyed by zone, name, type and
 * content; every record also claims its name, which only a CNAME refuses to share. Names compare without case or the
 * final dot; a zone-relative name ("api") and the full name are not matched (the zone's domain is not in the props).
 */
function dnsRecord(r: PolicyResource): NaturalKey[] {
    const zone = part(r, "zoneId", undefined, true);
    const name = part(r, "name", dnsName);
    const type = part(r, "type", (s) => s.toUpperCase());
    if (!zone || !name || !type) return [];
    const content = type === "CNAME" ? undefined : part(r, "content", lower);
    const own =
        type === "CNAME"
            ? []
            : content
              ? [
                    {
                        kind: `Cloudflare DNS ${type} record`,
                        parts: [`zone ${zone}`, `name ${name}`, `content ${content}`],
                    },
                ]
              : [];
    return [
        ...own,
        {
            kind: "Cloudflare DNS name (a CNAME shares it with no other record)",
            parts: [`zone ${zone}`, `name ${name}`],
            exclusive: type === "CNAME",
        },
    ];
}

const rules: Record<string, KeyRule> = {
    "aws:eks/cluster:Cluster": named("EKS cluster"),
    "aws:eks/addon:Addon": keyed("EKS add-on", [
        ["cluster", "clusterName"],
        ["name", "addonName"],
    ]),
    "aws:eks/accessEntry:AccessEntry": keyed("EKS access entry", [
        ["cluster", "clusterName"],
        ["principal", "principalArn", principal],
    ]),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": keyed("EKS access policy association", [
        ["cluster", "clusterName"],
        ["principal", "principalArn", principal],
        ["policy", "policyArn"],
    ]),
    "aws:eks/nodeGroup:NodeGroup": keyed("EKS node group", [
        ["cluster", "clusterName"],
        ["name", "nodeGroupName"],
    ]),
    "aws:iam/role:Role": named("IAM role", "name", lower),
    "aws:iam/policy:Policy": named("IAM managed policy", "name", lower),
    "aws:iam/instanceProfile:InstanceProfile": named("IAM instance profile", "name", lower),
    "aws:iam/rolePolicy:RolePolicy": keyed("IAM inline role policy", [
        ["role", "role", lower],
        ["name", "name"],
    ]),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": keyed("IAM OIDC provider", [["issuer", "url", hostOf]]),
    "aws:ec2/securityGroup:SecurityGroup": keyed("EC2 security group", [
        ["vpc", "vpcId"],
        ["name", "name"],
    ]),
    "aws:secretsmanager/secret:Secret": named("Secrets Manager secret"),
    "aws:s3/bucket:Bucket": named("S3 bucket", "bucket"),
    "aws:s3/bucketV2:BucketV2": named("S3 bucket", "bucket"),
    "aws:ecr/repository:Repository": named("ECR repository"),
    "aws:kms/alias:Alias": named("KMS alias"),
    "aws:cloudwatch/logGroup:LogGroup": named("CloudWatch log group"),
    "aws:lambda/function:Function": named("Lambda function"),
    "aws:rds/instance:Instance": named("RDS instance", "identifier", lower),
    "aws:rds/subnetGroup:SubnetGroup": named("RDS subnet group", "name", lower),
    "aws:rds/parameterGroup:ParameterGroup": named("RDS parameter group", "name", lower),
    "aws:sns/topic:Topic": named("SNS topic"),
    "kubernetes:helm.sh/v3:Release": keyed("Helm release", [
        ["namespace", "namespace"],
        ["name", "name"],
    ]),
    "cloudflare:index/dnsRecord:DnsRecord": dnsRecord,
    "cloudflare:index/ruleset:Ruleset": (r) =>
        part(r, "kind") === "zone"
            ? keyed("Cloudflare zone entrypoint ruleset", [
                  ["zone", "zoneId"],
                  ["phase", "phase"],
              ])(r)
            : [],
    "cloudflare:index/zoneSetting:ZoneSetting": keyed("Cloudflare zone setting", [
        ["zone", "zoneId"],
        ["setting", "settingId"],
    ]),
    "cloudflare:index/urlNormalizationSettings:UrlNormalizationSettings": keyed("Cloudflare URL normalization", [
        ["zone", "zoneId"],
    ]),
};

/** The types the table knows, for the policy's description and its tests. */
export const NATURAL_KEY_TYPES = Object.keys(rules);

/** The cloud identities `r` claims (none for a type the table does not know, or a key it cannot read). */
export function naturalKeysOf(r: PolicyResource): NaturalKey[] {
    if (r.type.startsWith("kubernetes:") && !(r.type in rules)) return kubernetesObject(r);
    return rules[r.type]?.(r) ?? [];
}

export const describeKey = (k: NaturalKey) => `${k.kind} (${k.parts.join(", ")})`;
