/**
 * Terminal rendering of a cost estimate: one aligned row per line, then the total. Plain text (no colour,
 * no box drawing) so it survives CI logs and copy-paste into a ticket.
 */
import { CostEstimate } from "./costTypes";
import { PRICE_TABLE } from "./prices";

const usd = (v: number): string => `$${v.toFixed(2)}`;
/** Up to `digits` decimals, trailing zeros trimmed: 1460 → "1460", 12.5 → "12.5". */
const trim = (v: number, digits: number): string => String(Number(v.toFixed(digits)));
/** Unit prices keep their precision ($0.0416) but never show fewer than cents ($0.10, not $0.1). */
const unitPrice = (v: number): string => {
    const t = trim(v, 7);
    const decimals = t.includes(".") ? t.split(".")[1].length : 0;
    return `$${decimals >= 2 ? t : v.toFixed(2)}`;
};

export function formatCostTable(estimate: CostEstimate): string {
    const header = ["Item", "Quantity", "Unit", "Unit price", "Monthly"];
    const rows = estimate.lines.map((l) => [l.item, trim(l.quantity, 3), l.unit, unitPrice(l.unitUsd), usd(l.monthlyUsd)]);
    const total = ["TOTAL", "", "", "", usd(estimate.monthlyUsd)];
    const all = [header, ...rows, total];
    const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
    // Text columns align left, numbers right, so cents line up.
    const render = (r: string[]) =>
        r
            .map((cell, i) => (i === 0 || i === 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
            .join("  ")
            .trimEnd();
    const rule = widths.map((w) => "-".repeat(w)).join("  ");
    return [
        render(header),
        rule,
        ...rows.map(render),
        rule,
        render(total),
        `Prices: PRICE_TABLE ${PRICE_TABLE.version}, ${PRICE_TABLE.region} on-demand, ${PRICE_TABLE.hoursPerMonth} h/month. Lines starting "unpriced:" are gaps, not zeros.`,
    ].join("\n");
}
