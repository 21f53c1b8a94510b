/**
 * References that open: every path of this repository named in a comment, a doc or a config file exists, and every
 * `README "<section>"` names a section the README has. A path counts as this repository's when it starts with one of
 * its top-level folders and stands on its own (not inside an ARN, a URL, `policy/v1` as an apiVersion, or a path of
 * another project: a reference whose folder this repository does not have, on a line that names a version, tag,
 * commit or node_modules, is upstream's). Relative paths in a file below the root (kubernetes/README.md, a tsconfig)
 * also resolve from that file's folder. And no file cites what a reader cannot open (an issue number, or the
 * requirements' old source document): it says the requirement, or names a section of docs/requirements.md.
 * Pure: reads the tracked files.
 */
import { execFileSync } from "child_process";
import { existsSync, readFileSync, statSync } from "fs";
import { dirname, join } from "path";
import { ROOT } from "../docPages";

const TOP = ["components", "config", "lib", "tools", "harness", "tests", "policy", "docs", "functions", "kubernetes"];
const PATH = new RegExp(
    String.raw`(?<=^|[\s\`'"(])((?:${[...TOP, String.raw`\.github`, String.raw`\.ci`].join("|")})/[\w./*{},-]*[\w*}])(-?[<%$])?`,
    "g",
);
const API_VERSION = /^[a-z.]+\/v\d+(?:(?:alpha|beta)\d+)?$/;
const UPSTREAM = /v\d+\.\d+|\btag\b|\bcommit\b|@ ?[0-9a-f]{7,}|\d+\.\d+\.\d+|github\.com|node_modules/;
/**
 * Files that name made-up paths on purpose: the import-boundary cases lint a skeleton in a temp folder, and the
 * checks of this file and of the docs' commands show that they refuse a path that does not exist.
 */
const SKELETON_FILES = new Set([
    "tests/lint/boundaries.test.ts",
    "tests/lint/references.test.ts",
    "tests/tools/docsCommands.test.ts", // its red case runs `npx tsx tools/nothing.ts`
    "tests/tools/planCache.test.ts", // keys a made-up repository in a temporary folder
    "tests/delivery/repositoryRules.test.ts", // pushes of files that do not exist yet, judged by the rulesets
]);

/** Files whose paths are all another repository's, with the reason. */
const FOREIGN_PATH_FILES: Record<string, string> = {
    "lib/chartRenderedApis.ts": "template paths inside each pinned chart's repository, named with its tag and commit",
};

const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((f) => f && !f.endsWith("package-lock.json") && !f.startsWith("tests/gitops/charts/"))
    .filter((f) => !SKELETON_FILES.has(f) && existsSync(join(ROOT, f)) && statSync(join(ROOT, f)).isFile());
const ownPaths = tracked.filter((f) => !(f in FOREIGN_PATH_FILES));

/** Whether a path (with `*`, `**` or one `{a,b}`) names something that exists, from one of the given folders. */
function exists(path: string, from: string[]): boolean {
    const brace = /\{([^}]*)\}/.exec(path);
    const variants = brace ? brace[1].split(",").map((x) => path.replace(brace[0], x)) : [path];
    return variants.every((v) =>
        from.some((dir) => {
            if (!v.includes("*")) return existsSync(join(dir, v));
            const prefix = join(dir, v.slice(0, v.indexOf("*")));
            return existsSync(prefix.endsWith("/") ? prefix : dirname(prefix));
        }),
    );
}

/** `file:line: path` for every path a text names that does not exist. */
export function brokenPaths(file: string, text: string): string[] {
    const lines = text.split("\n");
    const from = [ROOT, join(ROOT, dirname(file))];
    const out: string[] = [];
    lines.forEach((line, i) => {
        // A path inside a regular expression's source has its dots escaped (`config/shared\\.ts`).
        for (const m of line.replace(/\\+\./g, ".").matchAll(PATH)) {
            let path = m[1].replace(/[.,]+$/, "");
            if (m[2]) path += "*"; // kubernetes/components/alb-<environment>
            // An apiVersion, a dot-folder inside a path, or what an install makes (node_modules) is not a reference.
            const segments = path.split("/");
            if (API_VERSION.test(path) || segments.some((s, k) => (k > 0 && s.startsWith(".")) || s === "node_modules"))
                continue;
            if (exists(path, from)) continue;
            const parent = dirname(path.split("*")[0]);
            const upstream = UPSTREAM.test(`${lines[i - 1] ?? ""}\n${line}`);
            if (parent !== "." && !from.some((d) => existsSync(join(d, parent))) && upstream) continue;
            out.push(`${file}:${i + 1}: ${path}`);
        }
    });
    return out;
}

const readmeSections = new Set(
    [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]),
);
/** The text of a docs page, or undefined when there is no such page. */
const page = (path: string) => (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), "utf8") : undefined);

/**
 * `file:line: <reference>` for every section a text names that is not there: `README "x"` (a README heading),
 * `docs/<page>.md, "x"` (words the page has: a heading or a bold label) and, in a markdown page, `section "x"` (a
 * heading of the same page; code may name a section of someone else's page).
 */
export function brokenSections(file: string, text: string): string[] {
    const headings = [...text.matchAll(/^#{1,4} (.+)$/gm)].map((m) => m[1]);
    return text
        .split("\n")
        .flatMap((line, i) => [
            ...[...line.matchAll(/README,? "([^"]+)"/g)]
                .filter((m) => ![...readmeSections].some((s) => s.startsWith(m[1])))
                .map((m) => `${file}:${i + 1}: README "${m[1]}"`),
            ...[...line.matchAll(/(docs\/[\w-]+\.md),? "([^"]+)"/g)]
                .filter((m) => !page(m[1])?.includes(m[2].replace(/\\'/g, "'")))
                .map((m) => `${file}:${i + 1}: ${m[1]}, "${m[2]}"`),
            ...[...(file.endsWith(".md") ? line.matchAll(/\bsection "([^"]+)"/g) : [])]
                .filter((m) => !headings.some((h) => h.startsWith(m[1])))
                .map((m) => `${file}:${i + 1}: section "${m[1]}"`),
        ]);
}

it("every repository path named in a comment, doc or config file exists", () => {
    expect(tracked.length).toBeGreaterThan(200);
    expect(ownPaths.flatMap((f) => brokenPaths(f, readFileSync(join(ROOT, f), "utf8")))).toEqual([]);
});

it("every section named anywhere (README, a docs page, the same file) is there", () => {
    expect(tracked.flatMap((f) => brokenSections(f, readFileSync(join(ROOT, f), "utf8")))).toEqual([]);
});

it("the checks can fail: a missing file, a missing folder's file, a moved section", () => {
    expect(brokenPaths("x.ts", "// see tools/policyRunner.ts and `policy/cost/prices.ts`")).toEqual([
        "x.ts:1: tools/policyRunner.ts",
    ]);
    expect(brokenPaths("x.ts", "// tests/fixtures/vectors.ts")).toEqual(["x.ts:1: tests/fixtures/vectors.ts"]);
    expect(brokenPaths("x.ts", "// kubernetes-sigs/x docs/install/iam_policy.json at tag v3.5.0")).toEqual([]);
    expect(brokenPaths("x.ts", "// arn:aws:iam::aws:policy/AdministratorAccess; apiVersion policy/v1")).toEqual([]);
    expect(brokenPaths("x.md", "`kubernetes/components/alb-<environment>`")).toEqual([]);
    expect(brokenSections("x.ts", '// README "Cost"')).toEqual(['x.ts:1: README "Cost"']);
    expect(brokenSections("x.ts", '// README "Stacks"')).toEqual([]);
    expect(
        brokenSections("x.md", 'docs/cluster.md, "Reaching the cluster"; docs/cluster.md, "No such section here"'),
    ).toEqual(['x.md:1: docs/cluster.md, "No such section here"']);
    expect(brokenSections("x.md", '# Intro\nsee section "Intro" and section "Gone"')).toEqual([
        'x.md:2: section "Gone"',
    ]);
});

/**
 * Files whose "seed" is a hash seed (a deterministic value's input), not a citation: `seed: string` parameters.
 */
const HASH_SEED_FILES = new Set([
    "harness/mockCloud.ts", // ctx.hex(seed, length): the mock cloud's deterministic placeholders
    "harness/models/computed.ts", // chars/uuidOf/bytesOf(ctx, seed): derived IDs and passwords
    "harness/models/remoteChildrenAwsx.ts", // id(prefix, seed): awsx children's IDs
]);
/** A citation a reader of this repository cannot open. */
const UNOPENABLE = /\bthe seed\b|\bseed:|\bseed's\b|\bseed,|\bissue \d+/i;
/** This file states the pattern it forbids. */
const CITATION_EXEMPT = new Set(["tests/lint/references.test.ts"]);

/** `file:line: text` for every line that cites "the seed" or an issue number. */
export function unopenableCitations(file: string, text: string): string[] {
    if (CITATION_EXEMPT.has(file) || HASH_SEED_FILES.has(file)) return [];
    return text.split("\n").flatMap((line, i) => (UNOPENABLE.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

const requirementSections = new Set(
    [...readFileSync(join(ROOT, "docs", "requirements.md"), "utf8").matchAll(/^## (.+)$/gm)].map((m) => m[1]),
);
/**
 * `file:line: section` for every `docs/requirements.md, <Section>` that names no section of that page, or whose
 * section is cut off by a line break (a reader searching for the heading would not find it).
 */
export function brokenRequirementSections(file: string, text: string): string[] {
    return text
        .split("\n")
        .flatMap((line, i) =>
            [...line.matchAll(/docs\/requirements\.md,(?: ([A-Z][\w-]*(?: [\w-]+)*)|\s*$)/g)]
                .filter((m) => !m[1] || ![...requirementSections].some((s) => m[1].startsWith(s)))
                .map((m) => `${file}:${i + 1}: docs/requirements.md, ${m[1] ?? "(cut off at the line's end)"}`),
        );
}

it("no file cites the seed or an issue number: it says the requirement or names docs/requirements.md", () => {
    const all = [...tracked, ...[...SKELETON_FILES].filter((f) => !CITATION_EXEMPT.has(f))];
    expect(all.flatMap((f) => unopenableCitations(f, readFileSync(join(ROOT, f), "utf8")))).toEqual([]);
});

it("every docs/requirements.md section named anywhere is a section of that page", () => {
    expect(tracked.flatMap((f) => brokenRequirementSections(f, readFileSync(join(ROOT, f), "utf8")))).toEqual([]);
});

it("the citation checks can fail: the seed, seed's, seed:, an issue number, a missing section; a hash seed passes", () => {
    expect(unopenableCitations("x.ts", "// as the seed says\n// ok")).toEqual(["x.ts:1: // as the seed says"]);
    expect(unopenableCitations("x.ts", "/** (seed: api, web) */")).toHaveLength(1);
    expect(unopenableCitations("x.md", "The seed's linchpin.")).toHaveLength(1);
    expect(unopenableCitations("x.md", 'Seed, "Build-Tag Security"')).toHaveLength(1);
    expect(unopenableCitations("x.ts", "// (issue 12, point 3)")).toHaveLength(1);
    expect(unopenableCitations("x.ts", "// Seeded from Cloudflare's list; the mock cloud seeds the lists")).toEqual([]);
    expect(unopenableCitations("harness/mockCloud.ts", "hex(seed: string, length: number): string;")).toEqual([]);
    expect(brokenRequirementSections("x.ts", "// (docs/requirements.md, Isolation: nodes)")).toEqual([]);
    expect(brokenRequirementSections("x.ts", "// docs/requirements.md, Access to the cluster and CI")).toEqual([]);
    expect(brokenRequirementSections("x.ts", "// (docs/requirements.md,\n// Isolation)")).toEqual([
        "x.ts:1: docs/requirements.md, (cut off at the line's end)",
    ]);
    expect(
        brokenRequirementSections("x.ts", "// (docs/requirements.md, Access to the\n// cluster and CI)"),
    ).toHaveLength(1);
    expect(brokenRequirementSections("x.ts", "// (docs/requirements.md, Seed Table)")).toEqual([
        "x.ts:1: docs/requirements.md, Seed Table",
    ]);
});
