/**
 * The intended IAM decisions of both stacks (issue 12, point 6), as data, and the checks every plan's IAM must pass.
 * Each row: a role (by logical name), a request, and the decision AWS must reach. Secret ARNs carry the 6-character
 * suffix Secrets Manager appends to every secret name (AWS docs, "Secrets Manager ARN format").
 */
import { ProgramRun } from "../../harness/runProgram";
import { MOCK_ACCOUNT_ID } from "../../harness/mockCloud";
import { RecordedResource } from "../../harness/graph";
import { ENVIRONMENTS, Env, environmentNames } from "../../lib/naming";
import { Decision, decide, documentProblems, iamDocuments, identityPoliciesOf } from "./iamModel";

export const REGION = "us-east-1";
const ACCOUNT = MOCK_ACCOUNT_ID;
export const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
export const envSecret = (env: Env, name = "app-encryption-key") => secretArn(environmentNames(env).secretName(name));
/** An RDS-managed master secret that is not the environment's own (RDS names them rds!db-<uuid>). */
export const otherRdsSecret = secretArn("rds!db-00000000-0000-4000-8000-000000000000");
export const bucketArn = (env: Env) => `arn:aws:s3:::${environmentNames(env).attachmentsBucketPrefix}${ACCOUNT}`;
export const prefixListArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:prefix-list/${id}`;
export const ecrRepositoryArn = (name: string) => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
/** rds-db:connect's resource: arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user> (RDS user guide, "IAM database access"). */
export const dbUserArn = (user: string) => `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ/${user}`;

export interface Row {
    role: string;
    action: string;
    resource: string;
    expect: Decision;
    why: string;
}

const allow = (role: string, action: string, resource: string, why: string): Row => ({ role, action, resource, expect: "Allowed", why });
const deny = (role: string, action: string, resource: string, why: string): Row => ({ role, action, resource, expect: "ImplicitlyDenied", why });

/** What one environment's own roles must and must not do (rows for the stack that owns that environment). */
export function environmentRows(env: Env, dbMasterSecretArn: string): Row[] {
    const reader = `${env}-secret-store-reader`;
    const api = `${env}-api`;
    const rows: Row[] = [
        allow(reader, "secretsmanager:GetSecretValue", envSecret(env), "its own application secret"),
        allow(reader, "secretsmanager:GetSecretValue", dbMasterSecretArn, "its own database's master secret"),
        deny(reader, "secretsmanager:GetSecretValue", otherRdsSecret, "another database's master secret"),
        deny(reader, "secretsmanager:GetSecretValue", secretArn("osprey-strike/platform/argocd-repo"), "the platform's secrets"),
        deny(reader, "secretsmanager:PutSecretValue", envSecret(env), "read only"),
        allow(api, "s3:PutObject", `${bucketArn(env)}/attachments/a.pdf`, "its own bucket"),
        allow(api, "s3:ListBucket", bucketArn(env), "its own bucket"),
        deny(api, "s3:DeleteBucket", bucketArn(env), "objects only, never the bucket"),
        deny(api, "secretsmanager:GetSecretValue", envSecret(env), "the api reads secrets through ESO, not itself"),
        // Its database user is osprey_app, by password (components/data/externalSecrets.ts): no IAM token for any user,
        // least of all the master's.
        deny(api, "rds-db:connect", dbUserArn("osprey_admin"), "the master user"),
        deny(api, "rds-db:connect", dbUserArn("osprey_app"), "IAM database authentication is not used"),
    ];
    for (const other of ENVIRONMENTS.filter((e) => e !== env)) {
        rows.push(deny(reader, "secretsmanager:GetSecretValue", envSecret(other), `${other}'s application secret`));
        rows.push(deny(reader, "secretsmanager:GetSecretValue", envSecret(other, "alb-oidc"), `${other}'s OIDC client secret`));
        rows.push(deny(api, "s3:GetObject", `${bucketArn(other)}/attachments/a.pdf`, `${other}'s bucket`));
    }
    return rows;
}

/** The platform's roles (stack main). */
export function platformRows(outputs: Record<string, unknown>): Row[] {
    const v4 = prefixListArn(String(outputs.cloudflareIpv4PrefixListId));
    const v6 = prefixListArn(String(outputs.cloudflareIpv6PrefixListId));
    const foreignList = prefixListArn("pl-0123456789abcdef0");
    const rows: Row[] = [
        allow("osprey-sync", "ec2:ModifyManagedPrefixList", v4, "the IPv4 Cloudflare list"),
        allow("osprey-sync", "ec2:ModifyManagedPrefixList", v6, "the IPv6 Cloudflare list"),
        deny("osprey-sync", "ec2:ModifyManagedPrefixList", foreignList, "any other prefix list"),
        deny("osprey-sync", "ec2:DeleteManagedPrefixList", v4, "modify only, never delete"),
        deny("osprey-sync", "ec2:AuthorizeSecurityGroupIngress", `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0123456789abcdef0`, "no security group"),
        allow("osprey-ci", "ecr:PutImage", ecrRepositoryArn("osprey-strike/api"), "this project's repository"),
        allow("osprey-ci", "ecr:GetAuthorizationToken", "*", "ECR login"),
        deny("osprey-ci", "ecr:PutImage", ecrRepositoryArn("another-project/api"), "another project's repository"),
        deny("osprey-ci", "ecr:PutImage", ecrRepositoryArn("osprey-strike-evil/api"), "a look-alike prefix"),
        deny("osprey-ci", "ecr:DeleteRepository", ecrRepositoryArn("osprey-strike/api"), "push only"),
        allow("osprey-addons-external-secrets", "secretsmanager:GetSecretValue", secretArn("osprey-strike/platform/argocd-repo"), "platform secrets"),
    ];
    for (const env of ENVIRONMENTS) {
        rows.push(deny("osprey-addons-external-secrets", "secretsmanager:GetSecretValue", envSecret(env), `${env}'s secrets are not the platform's`));
    }
    return rows;
}

/** The role a row names, exactly one in the run. */
export function roleNamed(run: ProgramRun, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === "aws:iam/role:Role" && r.name === name && !r.read);
    if (found.length !== 1) throw new Error(`expected one role ${name}, found ${found.length}`);
    return found[0];
}

export async function evaluate(run: ProgramRun, rows: Row[]): Promise<{ row: Row; got: Decision }[]> {
    return Promise.all(
        rows.map(async (row) => ({ row, got: await decide(identityPoliciesOf(run.resources, roleNamed(run, row.role)), row.action, row.resource, ACCOUNT) })),
    );
}

/** Every IAM document of the run with its problems (empty when AWS's model accepts it). */
export async function documentReport(run: ProgramRun): Promise<{ where: string; problems: string[] }[]> {
    return Promise.all(
        iamDocuments(run.resources).map(async (d) => ({ where: `${d.resource.type} ${d.resource.name} ${d.path}`, problems: await documentProblems(d.doc) })),
    );
}

/** Roles of the run that may read secrets of more than one environment (must be none). */
export async function rolesReadingSeveralEnvironments(run: ProgramRun): Promise<string[]> {
    const roles = run.resources.filter((r) => r.type === "aws:iam/role:Role" && !r.read);
    const bad: string[] = [];
    for (const role of roles) {
        const policies = identityPoliciesOf(run.resources, role);
        const readable = await Promise.all(ENVIRONMENTS.map((e) => decide(policies, "secretsmanager:GetSecretValue", envSecret(e), ACCOUNT)));
        if (readable.filter((d) => d === "Allowed").length > 1) bad.push(role.name);
    }
    return bad;
}
