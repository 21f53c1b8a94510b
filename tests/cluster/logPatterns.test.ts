/**
 * The metric filters' patterns against what the controllers log (their upstream log calls, in each log format they can
 * run with, as Fluent Bit ships the line): each matches its event and not its look-alikes.
 */
import { LOG_METRICS } from "../../components/cluster/clusterAlarms";
import { LOG_PATTERNS } from "../../components/cluster/observabilityRules";

/**
 * CloudWatch Logs term matching (Filter pattern syntax, "Matching terms in unstructured log events"): every
 * double-quoted term must occur in the event, case-sensitively. Only the form LOG_PATTERNS uses.
 */
export function termsMatch(pattern: string, event: string): boolean {
    const terms = [...pattern.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    if (terms.length === 0 || pattern.replace(/"[^"]*"/g, "").trim() !== "")
        throw new Error(`not a quoted-terms pattern: ${pattern}`);
    return terms.every((t) => event.includes(t));
}

/** A container line as Fluent Bit ships it to the application group (a JSON record with the line in `log`). */
const shipped = (line: string, namespace: string) =>
    JSON.stringify({ log: line, stream: "stderr", kubernetes: { namespace_name: namespace } });

describe("log patterns match what the controllers log (upstream formats), and nothing else", () => {
    // Argo CD application controller (logrus, text and JSON formats), audit logger fields type/reason/application.
    const argo = (msg: string, app: string) => [
        `time="2026-12-07T02:00:00Z" level=info msg="${msg}" application=${app} reason=ResourceUpdated type=Normal`,
        JSON.stringify({ application: app, level: "info", msg, reason: "ResourceUpdated", type: "Normal" }),
    ];
    it.each([
        ["ArgocdIntoDegraded", "Updated health status: Healthy -> Degraded", "api-demo", true],
        ["ArgocdIntoDegraded", "Updated health status: Degraded -> Healthy", "api-main", false],
        ["ArgocdOutOfDegraded", "Updated health status: Degraded -> Progressing", "api-main", true],
        ["ArgocdOutOfDegraded", "Updated health status: Progressing -> Degraded", "api-main", false],
        ["ArgocdMainIntoOutOfSync", "Updated sync status: Synced -> OutOfSync", "web-main", true],
        ["ArgocdMainIntoOutOfSync", "Updated sync status: Synced -> OutOfSync", "web-demo", false],
        ["ArgocdMainOutOfOutOfSync", "Updated sync status: OutOfSync -> Synced", "web-main", true],
        ["ArgocdMainOutOfOutOfSync", "Updated sync status: OutOfSync -> Synced", "web-demo", false],
    ] as const)("%s on %s of %s: %s", (metric, msg, app, expected) => {
        for (const line of argo(msg, app))
            expect(termsMatch(LOG_METRICS[metric], shipped(line, "osprey-argocd"))).toBe(expected);
    });

    it("Image Updater's failed write-back (pkg/argocd/update.go) and not its success", () => {
        const failed = `time="2026-12-07T02:00:00Z" level=error msg="Could not update application spec: failed to push: authentication required" application=api-main`;
        const ok = `time="2026-12-07T02:00:00Z" level=info msg="Successfully updated the live application spec" application=api-main`;
        expect(termsMatch(LOG_PATTERNS.imageUpdaterWriteBackFailed, shipped(failed, "osprey-argocd"))).toBe(true);
        expect(termsMatch(LOG_PATTERNS.imageUpdaterWriteBackFailed, shipped(ok, "osprey-argocd"))).toBe(false);
    });

    it("External Secrets' reconcile error for an ExternalSecret (controller-runtime, zap JSON), not for a store", () => {
        const line = (kind: string) =>
            JSON.stringify({
                level: "error",
                msg: "Reconciler error",
                controller: kind.toLowerCase(),
                controllerGroup: "external-secrets.io",
                controllerKind: kind,
                error: "could not get secret data from provider",
            });
        expect(
            termsMatch(LOG_PATTERNS.externalSecretSyncFailed, shipped(line("ExternalSecret"), "external-secrets")),
        ).toBe(true);
        expect(
            termsMatch(LOG_PATTERNS.externalSecretSyncFailed, shipped(line("ClusterSecretStore"), "external-secrets")),
        ).toBe(false);
    });

    it("the matcher refuses patterns it does not model", () => {
        expect(() => termsMatch("{ $.msg = x }", "{}")).toThrow(/not a quoted-terms pattern/);
    });
});
