/**
 * Terminal rendering of a cost estimate: rows grouped by layer (the program's component folders: platform,
 * cluster, environment, data, edge; stack-wide usage last) with a subtotal per layer, the stack's total, and
 * each price's source and date as numbered notes. Plain text (no colour, no box drawing) so it survives CI
 * logs and copy-paste into a ticket.
 */
import { parseUrn } from "./graph";
import { CostEstimate, CostLine } from "./types";
import { PRICE_TABLE } from "./prices";

const usd = (v: number): string => `$${v.toFixed(2)}`;
/** Up to `digits` decimals, trailing zeros trimmed: 1460 → "1460", 12.5 → "12.5". */
const trim = (v: number, digits: number): string => String(Number(v.toFixed(digits)));
/** Unit prices keep their precision ($0.0416) but never show fewer than cents ($0.10, not $0.1). */
const unitPrice = (v: number): string => {
    const t = trim(v, 10);
    const decimals = t.includes(".") ? t.split(".")[1].length : 0;
    return `$${decimals >= 2 ? t : v.toFixed(2)}`;
};
const cents = (lines: CostLine[]) => Math.round(lines.reduce((s, l) => s + Math.round(l.monthlyUsd * 100), 0)) / 100;

/** Layers in the order a request meets them; lines of other owners (remote components at the root) fall in "other". */
export const LAYER_ORDER = ["edge", "environment", "cluster", "platform", "data", "other", "stack-wide usage"] as const;

/** The layer a line belongs to: the folder of the outermost `osprey:<folder>:<Class>` component above its resource. */
export function layerOf(line: CostLine): string {
    if (!line.urn) return "stack-wide usage";
    const folder = parseUrn(line.urn)
        .typeChain.map((t) => /^osprey:([a-z]+):/.exec(t)?.[1])
        .find((f) => f !== undefined);
    return folder && (LAYER_ORDER as readonly string[]).includes(folder) ? folder : "other";
}

/** The URL a price's source starts with (every source in PRICE_TABLE starts with one). */
const sourceUrl = (source: string) => source.split(/\s/)[0];

/** Price sources and dates, numbered in order of first use, for the notes under a table. */
class Notes {
    private readonly keys: string[] = [];
    ref(line: CostLine): string {
        if (line.unitUsd === 0 && !/^https:/.test(line.source)) return "";
        const asOf = dateOf(line);
        const key = `${sourceUrl(line.source)}${asOf ? ` (checked ${asOf})` : ""}`;
        if (!this.keys.includes(key)) this.keys.push(key);
        return `[${this.keys.indexOf(key) + 1}]`;
    }
    render(): string[] {
        return this.keys.map((k, i) => `  [${i + 1}] ${k}`);
    }
}

/** The asOf of the price a line was priced with (matched by source text in PRICE_TABLE). */
function dateOf(line: CostLine): string | undefined {
    for (const value of Object.values(PRICE_TABLE.prices)) {
        const prices =
            "usd" in value ? [value] : Object.values(value as Record<string, { source: string; asOf: string }>);
        const hit = (prices as { source: string; asOf: string }[]).find((p) => p.source === line.source);
        if (hit) return hit.asOf;
    }
    return undefined;
}

/** Word-wraps `text` to lines of at most `width` characters (a word longer than that stays whole on its own line). */
export function wrapWords(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/ +/)) {
        if (line && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines;
}

/**
 * @param maxWidth the widest a line may be (the plan's human output keeps to 120 columns): the item column is narrowed
 *                 to fit and long items wrap onto continuation lines under themselves; the notes wrap too.
 */
export function formatCostTable(estimate: CostEstimate, title = "TOTAL", maxWidth = Infinity): string {
    const notes = new Notes();
    const header = ["Item", "Quantity", "Unit", "Unit price", "Monthly", "Src"];
    const byLayer = new Map<string, CostLine[]>();
    for (const l of estimate.lines) byLayer.set(layerOf(l), [...(byLayer.get(layerOf(l)) ?? []), l]);
    type Row = { kind: "row" | "layer" | "subtotal" | "total"; cells: string[] };
    const rows: Row[] = [];
    for (const layer of LAYER_ORDER) {
        const lines = byLayer.get(layer);
        if (!lines) continue;
        rows.push({ kind: "layer", cells: [`${layer}:`, "", "", "", "", ""] });
        for (const l of lines) {
            rows.push({
                kind: "row",
                cells: [
                    `  ${l.item}`,
                    trim(l.quantity, 3),
                    l.unit,
                    unitPrice(l.unitUsd),
                    usd(l.monthlyUsd),
                    notes.ref(l),
                ],
            });
        }
        rows.push({ kind: "subtotal", cells: [`  subtotal ${layer}`, "", "", "", usd(cents(lines)), ""] });
    }
    const total: Row = { kind: "total", cells: [title, "", "", "", usd(estimate.monthlyUsd), ""] };
    const all = [header, ...rows.map((r) => r.cells), total.cells];
    const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
    const others = widths.slice(1).reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
    widths[0] = Math.max(24, Math.min(widths[0], maxWidth - others));
    // Text columns align left, numbers right, so cents line up. An item wider than its column wraps under itself.
    const render = (r: string[]): string[] => {
        const indent = r[0].match(/^ */)![0].length;
        const item =
            r[0].length > widths[0]
                ? wrapWords(r[0].trim(), widths[0] - indent - 2).map((x, i) => " ".repeat(indent + (i ? 2 : 0)) + x)
                : [r[0]];
        const first = [item[0], ...r.slice(1)]
            .map((cell, i) => (i === 0 || i === 2 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
            .join("  ")
            .trimEnd();
        return [first, ...item.slice(1)];
    };
    const rule = widths.map((w) => "-".repeat(w)).join("  ");
    const prose = (text: string, indent = "") =>
        maxWidth === Infinity
            ? [indent + text]
            : wrapWords(text, maxWidth - indent.length - 2).map((x, i) => (i ? `${indent}  ` : indent) + x);
    return [
        ...render(header),
        rule,
        ...rows.flatMap((r) => render(r.cells)),
        rule,
        ...render(total.cells),
        ...prose(
            `Prices: PRICE_TABLE ${PRICE_TABLE.version}, ${PRICE_TABLE.region} on-demand, ${PRICE_TABLE.hoursPerMonth} h/month. Lines starting "unpriced:" are gaps, not zeros; "warning:" lines change the bill later.`,
        ),
        "Sources (policy/cost/prices.ts has what was verified against what):",
        ...notes.render().flatMap((n) => prose(n.trimStart(), "  ")),
    ].join("\n");
}

/** One line per stack and the account's total: what the stacks of one account cost together. */
export function formatAccountCost(stacks: { stack: string; monthlyUsd: number }[], label = "account"): string {
    const total = Math.round(stacks.reduce((s, x) => s + Math.round(x.monthlyUsd * 100), 0)) / 100;
    const w = Math.max(...stacks.map((s) => s.stack.length), label.length + 6);
    return [
        ...stacks.map((s) => `  stack ${s.stack.padEnd(w)}  ${usd(s.monthlyUsd).padStart(10)}`),
        `  ${`${label} total`.padEnd(w + 6)}  ${usd(total).padStart(10)}`,
    ].join("\n");
}
