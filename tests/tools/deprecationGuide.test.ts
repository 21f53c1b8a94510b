/**
 * The removed-API table (lib/kubernetesRemovals.ts REMOVED_APIS) is what Kubernetes' deprecation guide says: the guide's
 * file at the pinned github.com/kubernetes/website commit is kept byte for byte (its git blob hash is checked), the v1.32 section
 * that came after it as an excerpt of the stored copy, and the table must equal what the two list, entry for entry.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { REMOVED_APIS, RemovedApi } from "../../lib/kubernetesRemovals";

const DIR = path.join(__dirname, "deprecationGuide");
const PINNED = path.join(DIR, "deprecation-guide.1eabaee4.md");
/** `git rev-parse 1eabaee44f17a3c7dd882096f0dd8f11612d31b5:content/en/docs/reference/using-api/deprecation-guide.md`. */
const PINNED_BLOB = "69f32f9eebc955e87a27cac741b360c7f591e36b";

const gitBlobHash = (bytes: Buffer) =>
    createHash("sha1")
        .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
        .digest("hex");

/** Every (apiVersion, kind, minor) the guide's "Removed APIs by release" section names, read from its prose. */
export function parseRemovedApis(markdown: string): RemovedApi[] {
    const start = markdown.indexOf("## Removed APIs by release");
    const end = markdown.indexOf("\n## What to do");
    if (start < 0) throw new Error('no "## Removed APIs by release" section');
    const lines = markdown.slice(start, end < 0 ? undefined : end).split("\n");
    const out: RemovedApi[] = [];
    let minor: string | undefined;
    for (let i = 0; i < lines.length; i++) {
        const release = /^### v(1\.\d+)\s*$/.exec(lines[i]);
        if (release) minor = release[1];
        if (!lines[i].startsWith("#### ")) continue;
        let j = i + 1;
        while (lines[j]?.trim() === "") j++;
        const para: string[] = [];
        while (j < lines.length && lines[j].trim() !== "" && !lines[j].startsWith("#")) para.push(lines[j++].trim());
        const text = para.join(" ");
        const groupVersions = [...text.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]);
        const kindIn = /^(\w+) in the \*\*/.exec(text);
        const kindsOf = / API versions? of (.+?) (?:is|are|will) no longer/.exec(text);
        const kinds = kindIn ? [kindIn[1]] : kindsOf ? kindsOf[1].split(/,\s*(?:and\s+)?|\s+and\s+/) : [];
        if (!minor || groupVersions.length === 0 || kinds.length === 0)
            throw new Error(`cannot read the entry "${lines[i]}": ${text}`);
        for (const groupVersion of groupVersions)
            for (const kind of kinds) out.push({ groupVersion, kind: kind.trim(), removedIn: minor });
    }
    return out;
}

const key = (r: RemovedApi) => `${r.removedIn} ${r.groupVersion} ${r.kind}`;

it("the kept guide is the file at the pinned github.com/kubernetes/website commit, byte for byte", () => {
    expect(gitBlobHash(fs.readFileSync(PINNED))).toBe(PINNED_BLOB);
});

it("the table is exactly the pinned guide's removals plus the v1.32 section of the later copy", () => {
    const pinned = parseRemovedApis(fs.readFileSync(PINNED, "utf8"));
    const later = parseRemovedApis(fs.readFileSync(path.join(DIR, "stored-copy-v1.32.excerpt.md"), "utf8"));
    // Both copies agree where they overlap (the later one only adds v1.32).
    const overlap = later.filter((r) => r.removedIn !== "1.32").map(key);
    expect(overlap.every((k) => pinned.map(key).includes(k))).toBe(true);
    const expected = new Set([...pinned, ...later].map(key));
    expect([...new Set(REMOVED_APIS.map(key))].sort()).toEqual([...expected].sort());
    // Counted by hand from the pinned section (v1.29: 2, v1.27: 1, v1.26: 3, v1.25: 7, v1.22: 23, v1.16: 12).
    expect(pinned.length).toBe(48);
    expect(later.filter((r) => r.removedIn === "1.32").map((r) => r.kind)).toEqual([
        "FlowSchema",
        "PriorityLevelConfiguration",
    ]);
});

it("reads the guide's three sentence shapes", () => {
    const md = [
        "## Removed APIs by release",
        "### v1.99",
        "#### A",
        "The **x.io/v1beta1** and **y.io/v1beta1** API versions of Foo, Bar, and Baz are no longer served as of v1.99.",
        "#### B",
        "Qux in the **z.io/v1beta1** API version is no longer served as of v1.99,",
        "and more.",
        "## What to do",
    ].join("\n");
    expect(parseRemovedApis(md).map(key)).toEqual([
        "1.99 x.io/v1beta1 Foo",
        "1.99 x.io/v1beta1 Bar",
        "1.99 x.io/v1beta1 Baz",
        "1.99 y.io/v1beta1 Foo",
        "1.99 y.io/v1beta1 Bar",
        "1.99 y.io/v1beta1 Baz",
        "1.99 z.io/v1beta1 Qux",
    ]);
});
