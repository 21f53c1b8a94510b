/**
 * What the offline plan (tools/plan.ts) prints: the JSON form of a resource (secrets and inline code redacted), the
 * human plan's tree, counts, summary, policy and rehearsal reports, and the whole human text. Pure functions of a
 * run's record: tests/tools/planReport.test.ts reads them without running a program.
 */
import { createHash } from "node:crypto";
import { RecordedResource, isSecretEnvelope } from "../harness/graph";
import type { StackOutputs } from "../harness/mockCloud";
import type { Violation } from "../harness/policyRunner";
import type { RehearsalResult } from "../harness/rehearsal";
import { PROFILES, ProfileName } from "../config/profiles";
import { CostEstimate, formatAccountCost, formatCostTable } from "../policy/cost";

/**
 * Replaces every secret with a marker (secrets never reach plan output, not even placeholders) and every
 * inline asset's text with its size and digest (a reviewer compares digests, not 50 KB of serialized code).
 */
export function redact(v: unknown): unknown {
    if (isSecretEnvelope(v)) return "[secret]";
    if (typeof v === "object" && v !== null && (v as { __asset?: unknown }).__asset === "text") {
        const text = (v as { text: string }).text;
        return {
            __asset: "text",
            bytes: Buffer.byteLength(text),
            sha256: createHash("sha256").update(text).digest("hex"),
        };
    }
    if (Array.isArray(v)) return v.map(redact);
    if (typeof v === "object" && v !== null)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]));
    return v;
}

/**
 * One resource of the JSON plan. `dependsOn` is the explicit dependencies of the register request (the `dependsOn`
 * option, components expanded by the SDK to the resources inside them); `propertyDependencies` maps each input
 * property that depends on other resources to their URNs (properties without dependencies are left out).
 */
export function planResource(r: RecordedResource) {
    const propertyDependencies = Object.fromEntries(
        Object.entries(r.propertyDependencies).filter(([, urns]) => urns.length > 0),
    );
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        inputs: redact(r.inputs),
        dependsOn: r.dependencies,
        propertyDependencies,
        // A remote component's child the mock never saw, modelled from the component's inputs (harness/models/remoteChildren.ts).
        ...(r.modelled ? { modelled: true } : {}),
    };
}

function tree(resources: RecordedResource[]): string {
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const lines: string[] = [];
    const walk = (parent: string | undefined, prefix: string) => {
        const kids = children.get(parent) ?? [];
        kids.forEach((r, i) => {
            const last = i === kids.length - 1;
            const label = r.custom ? `${r.name}  ${r.type}` : `${r.name}  [${r.type}]`;
            const note = r.read ? "  (read)" : r.modelled ? "  (modelled child)" : "";
            lines.push(`${prefix}${parent === undefined ? "" : last ? "└─ " : "├─ "}${label}${note}`);
            walk(r.urn, parent === undefined ? "" : prefix + (last ? "   " : "│  "));
        });
    };
    walk(undefined, "");
    return lines.join("\n");
}

/** A cloud resource the plan would create: custom, not a read, not a provider (components and providers are Pulumi's own). */
export const isCloudResource = (r: Pick<RecordedResource, "custom" | "read" | "type">): boolean =>
    r.custom && !r.read && !r.type.startsWith("pulumi:providers:");

/** Counts per type over the cloud resources only (isCloudResource); the total is theirs. */
export function counts(resources: RecordedResource[]): string {
    const cloud = resources.filter(isCloudResource);
    const byType = new Map<string, number>();
    for (const r of cloud) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const rows = [...byType.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    const width = Math.max(...rows.map(([t]) => t.length));
    return (
        rows.map(([t, n]) => `  ${t.padEnd(width)}  ${String(n).padStart(3)}`).join("\n") +
        `\n  ${"total".padEnd(width)}  ${String(cloud.length).padStart(3)}`
    );
}

export const WIDTH = 120;

/** Shortens a line to WIDTH columns, marking the cut (the JSON has every value whole). */
export const shorten = (line: string, width = WIDTH): string =>
    line.length <= width ? line : `${line.slice(0, width - 2)} …`;

/** Word-wraps prose to WIDTH: the first line starts with `first`, the others with `next`. */
export function wrap(text: string, first = "", next = `${first}  `, width = WIDTH): string[] {
    const lines: string[] = [];
    let line = first;
    let empty = true;
    for (const word of text.split(/ +/)) {
        if (!empty && line.length + 1 + word.length > width) {
            lines.push(line);
            line = next + word;
        } else line = empty ? line + word : `${line} ${word}`;
        empty = false;
    }
    lines.push(line);
    return lines.map((l) => shorten(l, width));
}

export interface PlanSummary {
    stack: string;
    environment: string;
    profile: string;
    resources: RecordedResource[];
    violations: Violation[];
    stackUsd: number;
    account: PlanAccount;
    warnings: string[];
}

/**
 * The account's figure as the plan shows it: priced only from current runs of every stack (this plan's, the cache's
 * for exactly these inputs, or a run made now). Otherwise `priced: false`, no total, and the stacks it lacks: an old
 * figure is never shown as current.
 */
export type PlanAccount =
    | { priced: true; stacks: { stack: string; monthlyUsd: number }[]; monthlyUsd: number }
    | { priced: false; missing: string[]; stacks: []; monthlyUsd: null };

/** What the plan says instead of a figure for an account it could not price from current runs. */
export const notPricedText = (missing: string[]): string =>
    `account: not priced (run with --account; no current cached run of ${missing.join(", ")})`;

/** The summary block the human plan starts and ends with: what a reviewer needs in twenty lines. */
export function summaryBlock(s: PlanSummary, title: string): string[] {
    const cloud = s.resources.filter(isCloudResource);
    const families = new Map<string, number>();
    for (const r of cloud) families.set(r.type.split(":")[0], (families.get(r.type.split(":")[0]) ?? 0) + 1);
    const byFamily = [...families.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([f, n]) => `${f} ${n}`);
    const mandatory = s.violations.filter((v) => v.level === "mandatory").length;
    const verdict =
        s.violations.length === 0
            ? "no violations (0 mandatory)"
            : `${s.violations.length} violation(s), ${mandatory} mandatory${mandatory > 0 ? " (exit 3)" : ""}: ${[...new Set(s.violations.map((v) => v.policy))].join(", ")}`;
    const usd = (v: number) => `$${v.toFixed(2)}`;
    return [
        `== ${title} ==`,
        `  stack      ${s.stack} (environment ${s.environment}, cost profile ${s.profile})`,
        ...wrap(`${cloud.length} cloud resources: ${byFamily.join(", ")}`, "  creates    ", " ".repeat(13)),
        ...wrap(verdict, "  policies   ", " ".repeat(13)),
        s.account.priced
            ? `  cost       ${usd(s.stackUsd)}/month for stack ${s.stack}; ${usd(s.account.monthlyUsd)}/month for the account (${s.account.stacks.map((x) => `${x.stack} ${usd(x.monthlyUsd)}`).join(", ")})`
            : `  cost       ${usd(s.stackUsd)}/month for stack ${s.stack}; ${notPricedText(s.account.missing)}`,
        `  warnings   ${s.warnings.length === 0 ? "none" : `${s.warnings.length} (each in full under "Warnings" after the summary at the top)`}`,
        // Each warning's first paragraph: the detail lines stay in the Warnings section.
        ...s.warnings.flatMap((w) => wrap(w.split("\n")[0], "    - ", "      ")),
    ].map((l) => shorten(l));
}

export function policyReport(violations: Violation[]): string {
    if (violations.length === 0) return "Policies (policy/policies.ts): no violations";
    const lines = violations.map((v) => `  [${v.level}] ${v.policy}: ${v.message}\n      ${v.urn || "(stack)"}`);
    const mandatory = violations.filter((v) => v.level === "mandatory").length;
    return `Policies (policy/policies.ts): ${violations.length} violation(s), ${mandatory} mandatory\n${lines.join("\n")}`;
}

/**
 * The policy report for the human plan: the verdict line, then each violation's message wrapped to WIDTH and where it
 * is as `type::name` (the URN's last segment; the JSON has the whole URN).
 */
export function policyLines(violations: Violation[]): string[] {
    const [verdict] = policyReport(violations).split("\n");
    return [
        ...wrap(verdict),
        ...violations.flatMap((v) => [
            ...wrap(`[${v.level}] ${v.policy}: ${v.message}`, "  ", "      "),
            ...wrap(
                `at ${
                    v.urn
                        ? v.urn
                              .split("$")
                              .pop()!
                              .replace(/^urn:pulumi:[^:]*::[^:]*::/, "")
                        : "(stack)"
                }`,
                "      ",
                "        ",
            ),
        ]),
    ];
}

/** The rehearsal's report: one line per step, its problems under it, and the verdict. */
export function rehearsalReport(r: RehearsalResult): string {
    const lines = [
        "First deploy (docs/first-deploy.md), rehearsed on the mock cloud: each pass is the whole program with the stack's config at that step",
        "",
    ];
    for (const s of r.steps) {
        lines.push(`${s.problems.length === 0 ? "ok  " : "FAIL"} ${String(s.number).padStart(2)}. ${s.title}`);
        for (const p of s.problems) lines.push(`         ${p}`);
    }
    lines.push(
        `${r.handover.length === 0 ? "ok  " : "FAIL"}     the stack files left for Pulumi Deployments: no tunnel, every switch on`,
    );
    for (const p of r.handover) lines.push(`         ${p}`);
    const failed = r.steps.filter((s) => s.problems.length > 0).length + (r.handover.length > 0 ? 1 : 0);
    lines.push(
        "",
        r.ok
            ? `First deploy: all ${r.steps.length} steps hold.`
            : `First deploy: ${failed} step(s) cannot work as written.`,
    );
    return lines.join("\n");
}

/** What the human plan is made of: one stack's run, its verdict and its cost. */
export interface PlanText {
    stack: string;
    profile: ProfileName;
    summary: PlanSummary;
    resources: RecordedResource[];
    /** Resource types the mock cloud echoed without a table entry or model. */
    generic: string[];
    estimate: CostEstimate;
    account: PlanAccount;
    outputs: StackOutputs;
}

/** The human plan: the summary, warnings, tree, counts, policies, cost and outputs, then the summary again. */
export function planText(p: PlanText): string {
    const shortened = "(a line cut at 120 columns ends in …; --json has every value whole)";
    return [
        `Offline plan of stack "${p.stack}" on the mock cloud (nothing was created; no cloud was contacted)`,
        "",
        ...summaryBlock(p.summary, "Summary"),
        "",
        ...(p.summary.warnings.length > 0
            ? [
                  "== Warnings ==",
                  ...p.summary.warnings.flatMap((w) =>
                      w
                          .split("\n")
                          .flatMap((para, i) =>
                              wrap(para.trim(), i === 0 ? "  - " : "      ", i === 0 ? "    " : "        "),
                          ),
                  ),
                  "",
              ]
            : []),
        `== Resource tree (components in [brackets]) ${shortened} ==`,
        ...tree(p.resources)
            .split("\n")
            .map((l) => shorten(l)),
        "",
        "Resources by type (cloud resources only: components, providers and reads are not counted):",
        counts(p.resources),
        "",
        ...policyLines(p.summary.violations),
        "",
        ...wrap(`Modelled generically by the mock (outputs echo inputs): ${p.generic.join(", ") || "none"}`),
        "",
        ...wrap(
            `Estimated monthly cost of stack ${p.stack}, profile ${p.profile} (us-east-1 on-demand list prices, 730 h; usage-priced lines state their assumption):`,
        ),
        formatCostTable(p.estimate, `TOTAL stack ${p.stack}`, WIDTH),
        "",
        ...wrap(
            `The account (every stack of this project, one free tier, the platform's owner first), profile ${p.profile}: ${PROFILES[p.profile].description}`,
        ),
        ...(p.account.priced
            ? [formatAccountCost(p.account.stacks)]
            : wrap(notPricedText(p.account.missing), "  ", "    ")),
        "",
        `Stack outputs: ${shortened}`,
        ...Object.keys(p.outputs.outputs).map((k) =>
            shorten(
                `  ${k}: ${p.outputs.secretOutputNames.includes(k) ? "[secret]" : JSON.stringify(p.outputs.outputs[k])}`,
            ),
        ),
        "",
        ...summaryBlock(p.summary, `Summary of stack ${p.stack} (as at the top)`),
    ].join("\n");
}
