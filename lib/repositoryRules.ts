/**
 * What the repository lets each identity push (pure; docs/delivery.md): the path patterns of the push ruleset that
 * confines the Image Updater bot to the overlay kustomizations it writes digests into. Shared by the component that
 * creates the rulesets (components/delivery/repositoryRules.ts) and the tests that evaluate them against the
 * repository's own files.
 *
 * A push ruleset's file_path_restriction is a block list of fnmatch patterns (GitHub docs, "Creating rulesets for a
 * repository": File.fnmatch with File::FNM_PATHNAME, so `*` stops at `/` and `**` followed by `/` spans folders; no
 * backslash quoting; bracket sets but no `^` complement; no FNM_EXTGLOB). There is no "allow only" form, so the allowed
 * files are written as the complement: every path the allowed templates do not name, spelled with `*`, `?`, `**` and
 * positive bracket sets only. The patterns assume the narrowest reading (no FNM_DOTMATCH: `*` and `**` skip names that
 * begin with a dot), so dot files and dot folders are named explicitly; with FNM_DOTMATCH they match more, never less.
 */

/**
 * The characters a name may differ from an allowed name by and still be caught (a positive set: GitHub refuses a
 * complemented one). A file whose name differs from an allowed one only by a character outside this set, at the same
 * length, is not caught (docs/delivery.md says so).
 */
const NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+@=,~-";

/** A bracket set of NAME_ALPHABET without `c` ('-' last, so it is literal). */
function setWithout(c: string): string {
    const chars = [...NAME_ALPHABET].filter((x) => x !== c && x !== "-");
    return `[${chars.join("")}${c === "-" ? "" : "-"}]`;
}

/** Segment patterns (no `/`) that together match every name other than `name` (a literal, or `*` for any name). */
export function otherNames(name: string): string[] {
    // `*` as a template segment matches every name but those beginning with a dot (no FNM_DOTMATCH).
    if (name === "*") return [".*"];
    if (/[*?[\]\\/]/.test(name)) throw new Error(`"${name}" is not a literal path segment or *`);
    const n = name.length;
    const q = (k: number) => "?".repeat(k);
    const out: string[] = [];
    // `?` and `*` never match a leading dot: every dot name (but the name itself, if it is one) is caught here.
    if (!name.startsWith(".")) out.push(".*");
    else
        out.push(
            ...otherNames(name.slice(1))
                .map((p) => (p === ".*" ? ".?*" : `.${p}`))
                .filter((p) => p !== "."),
        );
    if (!name.startsWith(".")) {
        for (let k = 1; k < n; k++) out.push(q(k)); // shorter
        out.push(`${q(n + 1)}*`); // longer
        for (let i = 0; i < n; i++) out.push(`${q(i)}${setWithout(name[i])}${q(n - i - 1)}`); // same length, one differs
    }
    return out;
}

/** Everything under a folder pattern, dot files and files of dot folders included. */
export const subtree = (dir: string): string[] => [
    `${dir}/**/*`,
    `${dir}/**/.*`,
    `${dir}/**/.*/**/*`,
    `${dir}/**/.*/**/.*`,
];

/**
 * The restricted file paths that leave exactly the files `allowed` names pushable: `/`-separated segments, each a
 * literal name or `*` (any name that does not begin with a dot), e.g. kubernetes/<*>/overlays/main/kustomization.yaml
 * with `*` for the app.
 * At each level: every file but the template's (all files while the template goes deeper), and every folder the
 * template does not go into, whole.
 */
export function restrictedPathsAllowingOnly(allowed: string): string[] {
    const segments = allowed.split("/");
    if (segments.some((s) => s === "" || s === "**")) throw new Error(`"${allowed}" is not a path template`);
    const out: string[] = [];
    let prefix = "";
    segments.forEach((segment, i) => {
        const last = i === segments.length - 1;
        const at = (p: string) => `${prefix}${p}`;
        if (last) {
            out.push(...otherNames(segment).map(at));
            out.push(...subtree(at("*")), ...subtree(at(".*")));
        } else {
            out.push(at("*"), at(".*"));
            for (const p of otherNames(segment)) out.push(...subtree(at(p)));
        }
        prefix = `${prefix}${segment}/`;
    });
    return [...new Set(out)];
}

/**
 * File.fnmatch of one path segment (no `/`), FNM_PATHNAME without FNM_DOTMATCH: `*` any run, `?` one character,
 * `[set]` one of the set (ranges a-z), neither of them a leading dot.
 */
export function segmentMatches(pattern: string, name: string): boolean {
    if (name.startsWith(".") && !pattern.startsWith(".")) return false;
    let re = "^";
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "*") re += ".*";
        else if (c === "?") re += ".";
        else if (c === "[") {
            const end = pattern.indexOf("]", i + 2);
            if (end < 0) throw new Error(`unclosed [ in "${pattern}"`);
            re += `[${pattern
                .slice(i + 1, end)
                .replace(/[\\\]^]/g, "\\$&")
                .replace(/-$/, "\\-")}]`;
            i = end;
        } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
    }
    return new RegExp(`${re}$`, "s").test(name);
}

/**
 * File.fnmatch(pattern, path, FNM_PATHNAME) without FNM_DOTMATCH: segments match one to one, and a `**` segment
 * followed by more pattern matches zero or more folders whose names do not begin with a dot.
 */
export function pathMatches(pattern: string, path: string): boolean {
    const p = pattern.split("/");
    const s = path.split("/");
    const go = (i: number, j: number): boolean => {
        if (i === p.length) return j === s.length;
        if (p[i] === "**" && i + 1 < p.length) {
            for (let k = j; k <= s.length; k++) {
                if (go(i + 1, k)) return true;
                if (k < s.length && s[k].startsWith(".")) return false;
            }
            return false;
        }
        if (j === s.length) return false;
        const seg = p[i] === "**" ? "*" : p[i];
        return segmentMatches(seg, s[j]) && go(i + 1, j + 1);
    };
    return go(0, 0);
}

/** owner and name of a github.com HTTPS URL (gitops.repoUrl), or undefined for any other host. */
export function githubRepositoryOfUrl(url: string): { owner: string; name: string } | undefined {
    const m = /^https:\/\/github\.com\/([A-Za-z0-9-]+)\/([A-Za-z0-9_.-]+?)(\.git)?$/.exec(url);
    return m ? { owner: m[1], name: m[2] } : undefined;
}
