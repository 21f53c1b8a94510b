/**
 * Argo CD's authorization decision, reproduced for tests (Argo CD v3.4.4, tag commit 443415b5):
 * - the Casbin model assets/model.conf: request (sub, res, act, obj); `g(r.sub, p.sub)` role inheritance;
 *   resource, action and object matched by globOrRegexMatch (glob in `policy.matchMode: glob`: util/glob, gobwas/glob
 *   without separators, so `*` also spans `/`); effect "some allow and no deny";
 * - the built-in roles' application rows of assets/builtin-policy.csv (below, as data);
 * - `policy.default` applies to every authenticated user (util/rbac: the default role is tried when no policy allows);
 * - the Sync endpoint's gates (server/application/application.go Sync and resolveSourceRevisions): `sync` always;
 *   `override` for local manifests; `override` for a revision other than the Application's targetRevision (empty =
 *   HEAD) when argocd-cm `application.sync.requireOverridePrivilegeForRevisionSync` parses as true; and a different
 *   revision is refused outright on an Application with automated sync (unless a dry run).
 * Only `*` and `?` are supported in patterns; anything else throws, so a policy line this model cannot judge fails
 * the test instead of being misread.
 */

/** assets/builtin-policy.csv at v3.4.4: the rows for `applications` (the resource a sync is judged on). */
export const BUILTIN_APPLICATION_ROWS = [
    "p, role:readonly, applications, get, */*, allow",
    "p, role:admin, applications, create, */*, allow",
    "p, role:admin, applications, update, */*, allow",
    "p, role:admin, applications, update/*, */*, allow",
    "p, role:admin, applications, delete, */*, allow",
    "p, role:admin, applications, delete/*, */*, allow",
    "p, role:admin, applications, sync, */*, allow",
    "p, role:admin, applications, override, */*, allow",
    "p, role:admin, applications, action/*, */*, allow",
    "g, role:admin, role:readonly",
];

function glob(pattern: string, value: string): boolean {
    if (/[[\]{}\\!]/.test(pattern))
        throw new Error(`pattern "${pattern}" uses glob syntax this model does not evaluate`);
    const re = pattern
        .replace(/[.+^$()|]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

interface Rules {
    p: string[][];
    g: string[][];
}

function parse(csv: string): Rules {
    const rows = csv
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#"))
        .map((l) => l.split(",").map((f) => f.trim()));
    return { p: rows.filter((r) => r[0] === "p").map((r) => r.slice(1)), g: rows.filter((r) => r[0] === "g") };
}

/** Every role `subject` holds, itself included (transitive over `g` lines). */
function rolesOf(subject: string, g: string[][]): Set<string> {
    const seen = new Set([subject]);
    for (let grew = true; grew;) {
        grew = false;
        for (const [, member, role] of g)
            if (seen.has(member) && !seen.has(role)) {
                seen.add(role);
                grew = true;
            }
    }
    return seen;
}

export interface ArgoRbac {
    /** policy.csv as the program sets it. */
    policyCsv: string;
    /** policy.default ("" for none). */
    defaultRole: string;
}

/** Whether one of the user's subjects (email, groups) may do `act` on `res` `obj` (`<project>/<app>`). */
export function enforce(rbac: ArgoRbac, subjects: string[], res: string, act: string, obj: string): boolean {
    const rules = parse([...BUILTIN_APPLICATION_ROWS, rbac.policyCsv].join("\n"));
    const decide = (sub: string) => {
        const roles = rolesOf(sub, rules.g);
        const hits = rules.p.filter(([s, r, a, o]) => roles.has(s) && glob(r, res) && glob(a, act) && glob(o, obj));
        return hits.some((h) => h[4] === "allow") && !hits.some((h) => h[4] === "deny");
    };
    return subjects.some(decide) || (rbac.defaultRole !== "" && decide(rbac.defaultRole));
}

export interface SyncRequest {
    subjects: string[];
    /** `<project>/<application>`. */
    app: string;
    /** The Application's spec.source.targetRevision ("" = HEAD). */
    targetRevision: string;
    automated: boolean;
    /** The revision the caller asks for ("" = the Application's own). */
    revision?: string;
    /** A sync of local manifests (`argocd app sync --local`). */
    localManifests?: boolean;
}

/** The Sync endpoint's answer: undefined when it would start the sync, else why it refuses. */
export function syncRefusal(rbac: ArgoRbac, argocdCm: Record<string, unknown>, req: SyncRequest): string | undefined {
    const can = (act: string) => enforce(rbac, req.subjects, "applications", act, req.app);
    if (!can("sync")) return "permission denied: applications, sync";
    if (req.localManifests && !can("override")) return "permission denied: applications, override";
    const raw = argocdCm["application.sync.requireOverridePrivilegeForRevisionSync"];
    const requireOverride = raw !== undefined && raw !== "" && /^(1|t|T|TRUE|true|True)$/.test(String(raw));
    const revision = req.revision ?? "";
    if (revision !== "" && revision !== (req.targetRevision || "HEAD")) {
        if (requireOverride && !can("override")) return "permission denied: applications, override";
        if (req.automated) return "cannot sync to another revision: auto-sync is set";
    }
    return undefined;
}
