/**
 * platform.cluster.kubernetesVersion: only versions EKS offers (the support calendar, policy/supportCalendars.ts) plan;
 * anything else is a config error (the plan exits 2) unless allowUnlistedKubernetesVersion says it is deliberate.
 */
import { eksOfferedVersions, kubernetesCalendarProblem } from "../../config/clusterChecks";
import { supportWarning } from "../../components/cluster/supportCalendar";
import { EKS_STANDARD_SUPPORT_END } from "../../policy/supportCalendars";
import { problemsOf, rawOf } from "./helpers";

const main = rawOf("main");
const withCluster = (cluster: Record<string, unknown>) => {
    const platform = JSON.parse(main.platform) as { cluster?: Record<string, unknown> };
    return { ...main, platform: JSON.stringify({ ...platform, cluster: { ...platform.cluster, ...cluster } }) };
};
const DAY = new Date("2026-12-01T00:00:00Z");

describe("kubernetesVersion against the EKS support calendar", () => {
    it("the stock stack's version (the default) is offered", () => {
        expect(problemsOf(main)).toEqual([]);
        expect(eksOfferedVersions(new Date())).toContain("1.35");
    });

    it('refuses "1.50" (not in the calendar) with the key, the versions EKS offers and both fixes', () => {
        const problems = problemsOf(withCluster({ kubernetesVersion: "1.50" }));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(
            /^osprey-strike:platform\.cluster\.kubernetesVersion: "1\.50" is not in the EKS support calendar \(policy\/supportCalendars\.ts\)/,
        );
        expect(problems[0]).toMatch(/use one of [\d., ]*1\.35/);
        expect(problems[0]).toContain("docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html");
        expect(problems[0]).toContain("osprey-strike:platform.cluster.allowUnlistedKubernetesVersion to true");
    });

    it("accepts an unlisted version with the deliberate override, which does not cover one past extended support", () => {
        expect(problemsOf(withCluster({ kubernetesVersion: "1.50", allowUnlistedKubernetesVersion: true }))).toEqual(
            [],
        );
        expect(kubernetesCalendarProblem("1.50", true, DAY)).toBeUndefined();
        // 1.30: standard support ended 2025-07-23, extended 12 months later.
        expect(kubernetesCalendarProblem("1.30", true, DAY)).toMatch(
            /"1\.30" left EKS extended support on 2026-07-23 .*EKS no longer offers it/,
        );
    });

    it("a version past its extended support: refused naming the override; with the override, planned and warned with the date", () => {
        // On 2026-12-07, 1.31's extended support (12 months after standard support ended on 2025-11-26) is over.
        const today = new Date("2026-12-07T00:00:00Z");
        const refused = kubernetesCalendarProblem("1.31", false, today);
        expect(refused).toMatch(/"1\.31" left EKS extended support on 2026-11-26 .*EKS no longer offers it/);
        expect(refused).toContain("osprey-strike:platform.cluster.allowPastExtendedSupport to true");
        // allowUnlisted is not the way out: it covers versions missing from the calendar only.
        expect(kubernetesCalendarProblem("1.31", true, today)).toBe(refused);
        expect(kubernetesCalendarProblem("1.31", false, today, true)).toBeUndefined();
        // The override does not make an unlisted version acceptable either.
        expect(kubernetesCalendarProblem("1.50", false, today, true)).toMatch(/not in the EKS support calendar/);
        // Through the whole config: the stock stack on a version past extended support is refused, and planned with the flag.
        // (the config reads today's clock: the calendar's oldest row is past its extended support by now.)
        const past = Object.keys(EKS_STANDARD_SUPPORT_END).find((v) => !eksOfferedVersions(new Date()).includes(v))!;
        expect(problemsOf(withCluster({ kubernetesVersion: past }))).toEqual([
            expect.stringContaining(
                `osprey-strike:platform.cluster.kubernetesVersion: "${past}" left EKS extended support on`,
            ),
        ]);
        expect(problemsOf(withCluster({ kubernetesVersion: past, allowPastExtendedSupport: true }))).toEqual([]);
        // The warning the cluster prints names the day extended support ended.
        expect(supportWarning("1.31", today)).toMatch(
            /^EKS extended support for Kubernetes 1\.31 ended on 2026-11-26 \(standard support on 2025-11-26\).*allowPastExtendedSupport/,
        );
    });

    it("offers a version until its extended support ends (12 months after standard support), by the calendar's own dates", () => {
        expect(eksOfferedVersions(new Date("2026-03-22T00:00:00Z"))).toContain("1.29"); // standard ended 2025-03-23
        expect(eksOfferedVersions(new Date("2026-03-23T00:00:00Z"))).not.toContain("1.29");
        expect(eksOfferedVersions(DAY)).toEqual(
            Object.keys(EKS_STANDARD_SUPPORT_END).filter((v) => Number(v.split(".")[1]) >= 32),
        );
    });
});
