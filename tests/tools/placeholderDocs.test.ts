/**
 * The docs name every value to replace before a real `pulumi up`: docs/first-deploy.md's "Running it for real" is
 * generated from the placeholder declarations (tools/placeholderDocs.ts), and the README's first screen says what real
 * use needs. Pure: no run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { placeholderDeclarations } from "../../config/placeholders";
import { ROOT } from "../../harness/stackConfig";
import { renderPlaceholderSection, withPlaceholderSection } from "../../tools/placeholderDocs";

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const firstDeploy = fs.readFileSync(path.join(ROOT, "docs", "first-deploy.md"), "utf8");

it("docs/first-deploy.md's placeholder list is what `npx tsx tools/placeholderDocs.ts --write` writes", () => {
    expect(withPlaceholderSection(firstDeploy, renderPlaceholderSection())).toBe(firstDeploy);
    const section = firstDeploy.slice(
        firstDeploy.indexOf("## Running it for real"),
        firstDeploy.indexOf("## First deploy"),
    );
    for (const d of placeholderDeclarations()) expect(section).toContain(`| \`${d.key}\` |`);
});

it("the first screen keeps the two commands first and says what real use needs before the first up", () => {
    const first = readme.split("\n").slice(0, 30).join("\n");
    expect(first.indexOf("npm run plan -- --stack demo")).toBeLessThan(first.indexOf("npm test"));
    expect(first).toMatch(/Before the first real `pulumi up`[\s\S]*placeholder[\s\S]*secrets/);
});
