/**
 * Checks for the cluster layer's values, shared by the config settings (config/settings.ts) and the top-level
 * Platform's argument check. Each returns a problem (with the fix) or undefined. Pure: no Pulumi imports.
 */
import { Problem, problemIf } from "./problems";

/** "1.35": the EKS API takes a minor version, never a patch (1.35.2) or a "v" prefix. */
export function kubernetesVersionProblem(v: string): string | undefined {
    return /^1\.\d{2}$/.test(v)
        ? undefined
        : `"${v}" is not a Kubernetes minor version like "1.35" (EKS takes major.minor, no "v", no patch)`;
}

// IAM role ARNs: arn:<partition>:iam::<12-digit account>:role/<optional path/>name
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
const ROLE_ARN_RE = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export function iamRoleArnProblem(v: string): string | undefined {
    if (ROLE_ARN_RE.test(v)) return undefined;
    if (/:assumed-role\//.test(v))
        return `"${v}" is an STS session ARN; use the role's IAM ARN arn:aws:iam::<account>:role/<name>`;
    if (/:user\//.test(v))
        return `"${v}" is an IAM user; give clusters to roles (arn:aws:iam::<account>:role/<name>), which people assume`;
    return `"${v}" is not an IAM role ARN like arn:aws:iam::123456789012:role/platform-admin`;
}

/** EC2 instance type names: family (with generation and attributes), a dot, a size (t3.medium, m7g.large, c6in.2xlarge). */
export function instanceTypeProblem(v: string): string | undefined {
    return /^[a-z][a-z0-9-]*\d[a-z0-9-]*\.[a-z0-9]+$/.test(v)
        ? undefined
        : `"${v}" is not an EC2 instance type like t3.medium`;
}

/** Graviton (arm64) types carry a "g" right after the generation digit: t4g, m7g, c7gn, r8g. */
export function isGraviton(instanceType: string): boolean {
    return /^[a-z]+\d+g[a-z]*\./.test(instanceType);
}

export function gravitonInstanceTypeProblem(v: string): string | undefined {
    return (
        instanceTypeProblem(v) ??
        (isGraviton(v)
            ? undefined
            : `"${v}" is not a Graviton (arm64) type; the jumpbox runs the arm64 Amazon Linux 2023 AMI, use e.g. t4g.nano`)
    );
}

/** Managed node group sizes: 1 <= min <= desired <= max. */
/**
 * The API endpoint's access rule, one wording wherever it is checked (config/clusterChecks.ts, the cluster component):
 * a public endpoint needs an allow-list, since EKS's default for it is 0.0.0.0/0; a private endpoint takes none.
 */
export function endpointAccessProblem(publicAccess: boolean, publicAccessCidrs: readonly string[]): string | undefined {
    if (publicAccess && publicAccessCidrs.length === 0)
        return "a public endpoint needs an allow-list (EKS would default to 0.0.0.0/0); list your office/VPN ranges or make the endpoint private";
    if (!publicAccess && publicAccessCidrs.length > 0)
        return "set only with a public endpoint (the endpoint is private); empty the list";
    return undefined;
}

/**
 * The endpoint's rule as Problems, paths relative to the endpoint settings `{ publicAccess, publicAccessCidrs }`: what
 * config/clusterChecks.ts re-roots at platform.cluster.endpoint.
 */
export function endpointProblems(e: { publicAccess: boolean; publicAccessCidrs: readonly string[] }): Problem[] {
    return problemIf("publicAccessCidrs", endpointAccessProblem(e.publicAccess, e.publicAccessCidrs));
}

export function nodeSizesProblem(min: number, desired: number, max: number): string | undefined {
    if (min < 1) return `minimum size ${min} must be at least 1 (the add-ons and workloads need a node)`;
    if (!(min <= desired && desired <= max))
        return `sizes must satisfy min <= desired <= max; got min ${min}, desired ${desired}, max ${max}`;
    return undefined;
}

/** Every node group instance type must share one CPU architecture: one AMI type serves the group. */
export function nodeArchitectureProblem(instanceTypes: string[]): string | undefined {
    const arm = instanceTypes.filter(isGraviton).length;
    return arm > 0 && arm < instanceTypes.length
        ? `instance types mix arm64 and x86_64 (${instanceTypes.join(", ")}); one managed node group runs one AMI type`
        : undefined;
}

export function nodeArchitecture(instanceTypes: string[]): "arm64" | "x86_64" {
    const p = nodeArchitectureProblem(instanceTypes);
    if (p) throw new Error(`node group: ${p}`);
    return instanceTypes.some(isGraviton) ? "arm64" : "x86_64";
}

// --- Kubernetes quantities (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/) ---
// Only the forms a quota in this project needs: CPU as cores or millicores, memory with binary or decimal suffixes.

const CPU_RE = /^(\d+(\.\d{1,3})?|\d+m)$/;
const MEMORY_RE = /^(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_FACTOR: Record<string, number> = {
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
};

export function cpuQuantityProblem(v: string): string | undefined {
    if (!CPU_RE.test(v)) return `"${v}" is not a CPU quantity like "2", "1.5" or "500m"`;
    return cpuMillicores(v) > 0 ? undefined : `"${v}" is zero; a zero CPU quota admits no pod`;
}

export function memoryQuantityProblem(v: string): string | undefined {
    if (!MEMORY_RE.test(v))
        return `"${v}" is not a memory quantity like "4Gi" or "512Mi" (note: "m" means milli, "M" mega)`;
    return memoryBytes(v) > 0 ? undefined : `"${v}" is zero; a zero memory quota admits no pod`;
}

/** Millicores of a CPU quantity already checked by cpuQuantityProblem. */
export function cpuMillicores(v: string): number {
    return v.endsWith("m") ? Number(v.slice(0, -1)) : Math.round(Number(v) * 1000);
}

/** Bytes of a memory quantity already checked by memoryQuantityProblem. */
export function memoryBytes(v: string): number {
    const m = MEMORY_RE.exec(v);
    if (!m) throw new Error(`not a memory quantity: ${v}`);
    return Number(m[1]) * MEMORY_FACTOR[m[2] ?? ""];
}

/** A URL for reaching the API through a local tunnel: https on the loopback address with a port. */
export function apiTunnelUrlProblem(v: string): string | undefined {
    return v === "" || /^https:\/\/(127\.0\.0\.1|localhost):\d{2,5}$/.test(v)
        ? undefined
        : `"${v}" is not a local tunnel URL like https://127.0.0.1:8443 (or empty when the program runs inside the VPC)`;
}

/**
 * The IAM principal behind a caller ARN (sts:GetCallerIdentity): an assumed-role session becomes its role's IAM ARN
 * (without the role's path, which the session ARN does not carry), anything else (a user, the root) is returned as is.
 */
export function principalOfCaller(callerArn: string): string {
    const m = /^arn:(aws(?:-cn|-us-gov)?):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
    return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : callerArn;
}

/**
 * What identifies a role to IAM: its account and name. Role names are unique in an account whatever their path, and
 * "not distinguished by case" (IAM user guide, "IAM identifiers"), so `role/Admin` and `role/teams/admin` are one role.
 * Anything that is not a role ARN is its own identity.
 */
export function roleIdentity(arn: string): string {
    const m = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m ? `${m[1]}/role/${m[2].toLowerCase()}` : arn;
}

/**
 * The principal that runs the program needs an access entry to create the cluster's Kubernetes objects: EKS gives the
 * creator none here (components/cluster/eksCluster.ts withoutCreatorAdmin), so it must be one of the admin roles.
 */
export function callerAccessProblem(callerArn: string, adminRoleArns: string[]): string | undefined {
    const principal = principalOfCaller(callerArn);
    if (adminRoleArns.some((a) => roleIdentity(a) === roleIdentity(principal))) return undefined;
    return (
        `this run's principal ${principal} is not listed, so it will have no access to the cluster's API (EKS gives the ` +
        `cluster's creator no entry of its own here): add it, or run as a role that is listed (docs/first-deploy.md, step 2)`
    );
}
