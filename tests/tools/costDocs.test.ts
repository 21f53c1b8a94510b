/**
 * docs/cost.md's figures are the plan's, not typed: regenerated from both profiles' account estimates
 * (tools/costReport.ts, four program runs in child processes) and compared with docs/cost.md between the markers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../harness/stackConfig";
import { BEGIN, computeProfiles, END, COST_AS_OF, renderSection, TARGETS, withSection } from "../../tools/costReport";

jest.setTimeout(240_000);

const profiles = computeProfiles(new Date(`${COST_AS_OF}T00:00:00Z`));

it("docs/cost.md's generated section is what `npx tsx tools/costReport.ts --write` writes", () => {
    const readme = fs.readFileSync(path.join(ROOT, "docs", "cost.md"), "utf8");
    expect(readme).toContain(BEGIN);
    expect(readme).toContain(END);
    expect(withSection(readme, renderSection(profiles))).toBe(readme);
});

it("prices both stacks of the account in both profiles, each account total the sum of its stacks", () => {
    for (const p of [profiles.default, profiles.lean]) {
        expect(p.stacks.map((s) => s.stack)).toEqual(["main", "demo"]); // the platform's owner first: it takes the free tier
        expect(p.monthlyUsd).toBe(Math.round(p.stacks.reduce((n, s) => n + s.estimate.monthlyUsd * 100, 0)) / 100);
    }
    // The lean profile costs less in every stack, and demo alone meets its marginal target there.
    expect(profiles.lean.stacks[0].estimate.monthlyUsd).toBeLessThan(profiles.default.stacks[0].estimate.monthlyUsd);
    expect(profiles.lean.stacks[1].estimate.monthlyUsd).toBeLessThanOrEqual(TARGETS.demoMarginal);
});
