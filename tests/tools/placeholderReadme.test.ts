/**
 * README names every value to replace before a real `pulumi up`: "Running it for real" is generated from the placeholder
 * declarations (tools/placeholderReadme.ts), and the first screen says what real use needs. Pure: no run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { placeholderDeclarations } from "../../config/placeholders";
import { ROOT } from "../../harness/stackConfig";
import { renderPlaceholderSection, withPlaceholderSection } from "../../tools/placeholderReadme";

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

it("README's placeholder list is what `npx tsx tools/placeholderReadme.ts --write-readme` writes, one row per declaration", () => {
    expect(withPlaceholderSection(readme, renderPlaceholderSection())).toBe(readme);
    const section = readme.slice(readme.indexOf("## Running it for real"), readme.indexOf("## First deploy"));
    for (const d of placeholderDeclarations()) expect(section).toContain(`| \`${d.key}\` |`);
});

it("the first screen keeps the two commands first and says what real use needs before the first up", () => {
    const first = readme.split("\n").slice(0, 30).join("\n");
    expect(first.indexOf("npm run plan -- --stack demo")).toBeLessThan(first.indexOf("npm test"));
    expect(first).toMatch(/Before the first real `pulumi up`[\s\S]*placeholder[\s\S]*secrets/);
});
