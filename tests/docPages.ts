/**
 * The project's documentation as the checks read it: README.md and every page under docs/, by repository path.
 * Tests that a command, config key, secret or stack output named in the docs exists read all of them, so a page
 * added under docs/ is checked without being listed anywhere.
 */
import { readdirSync, readFileSync } from "fs";
import { join } from "path";

export const ROOT = join(__dirname, "..");

/** Path (e.g. `docs/runbook.md`) → text, README.md first. */
export const DOC_PAGES: ReadonlyMap<string, string> = new Map(
    [
        "README.md",
        ...readdirSync(join(ROOT, "docs"))
            .filter((f) => f.endsWith(".md"))
            .sort()
            .map((f) => `docs/${f}`),
    ].map((f) => [f, readFileSync(join(ROOT, f), "utf8")]),
);

/** Every page's text, joined. */
export const allDocs = (): string => [...DOC_PAGES.values()].join("\n");
