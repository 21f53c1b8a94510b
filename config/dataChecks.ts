/**
 * The data layer's cross-key config rules, called from config/parse.ts crossChecks (pure: no Pulumi imports).
 * Each rule runs only when the keys it reads parsed, and names the key to fix.
 */
import { deletionProtectionProblem, engineMajorProblem, maxStorageProblem } from "../lib/dataRules";

const KEY = (key: string) => `osprey-strike:${key}`;

export function dataCrossChecks(c: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const env = c.environment;
    if ((env === "main" || env === "demo") && typeof c.dbDeletionProtection === "boolean") {
        const p = deletionProtectionProblem(env, c.dbDeletionProtection);
        if (p) problems.push(`${KEY("dbDeletionProtection")}: ${p}`);
    }
    if (typeof c.dbAllocatedStorageGb === "number" && typeof c.dbMaxAllocatedStorageGb === "number") {
        const p = maxStorageProblem(c.dbAllocatedStorageGb, c.dbMaxAllocatedStorageGb);
        if (p) problems.push(`${KEY("dbMaxAllocatedStorageGb")}: ${p}`);
    }
    if (typeof c.dbEngineVersion === "string" && typeof c.dbAllowOtherMajorVersion === "boolean") {
        const p = engineMajorProblem(c.dbEngineVersion, c.dbAllowOtherMajorVersion);
        if (p) problems.push(`${KEY("dbEngineVersion")}: ${p}`);
    }
    return problems;
}
