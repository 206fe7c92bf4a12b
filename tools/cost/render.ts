// How the cost estimate reads: a per-component, per-item text block for the offline preview, and a
// "this change adds about $X per month" section for the offline PR graph diff.

import { CostEstimate, CostLine } from "./estimate";

/** What the estimate leaves out: every charge that depends on use rather than on what is declared. */
export const USAGE_EXCLUDED =
    "data processed (NAT gateways, VPC endpoints), ALB LCUs, requests, data transfer, log ingestion and " +
    "storage, Container Insights and custom metrics, image storage, pods on Fargate profiles and one-off " +
    "tasks while they run, the deploy runner's build minutes, WAF requests inspected, ALB access-log storage, " +
    "Inspector image scans (enhanced ECR scanning), EBS volumes and EFS storage that persistent volume claims provision, " +
    "Secrets Manager calls of the secrets store CSI driver, nodes Karpenter launches and its interruption queue's requests, " +
    "the log archive's Firehose ingestion and S3 storage, GuardDuty's analysed events and monitored vCPU-hours";

const plural = (unit: string, n: number) => (n === 1 ? unit : unit.endsWith("s") ? `${unit}es` : `${unit}s`);

export function usd(amount: number): string {
    const sign = amount < 0 ? "-" : "";
    return `${sign}$${Math.abs(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function quantity(n: number): string {
    return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "");
}

export interface ItemTotal {
    readonly component: string;
    readonly item: string;
    readonly unit: string;
    readonly unitMonthlyUsd: number;
    readonly quantity: number;
    readonly monthlyUsd: number;
}

/** Lines of the same item at the same unit price within a component, added up (e.g. 11 alarms). */
export function itemTotals(lines: readonly CostLine[]): ItemTotal[] {
    const byKey = new Map<string, ItemTotal>();
    for (const l of lines) {
        const key = JSON.stringify([l.component, l.item, l.unit, l.unitMonthlyUsd]);
        const seen = byKey.get(key);
        byKey.set(
            key,
            seen
                ? { ...seen, quantity: seen.quantity + l.quantity, monthlyUsd: seen.monthlyUsd + l.monthlyUsd }
                : {
                      component: l.component,
                      item: l.item,
                      unit: l.unit,
                      unitMonthlyUsd: l.unitMonthlyUsd,
                      quantity: l.quantity,
                      monthlyUsd: l.monthlyUsd,
                  },
        );
    }
    return [...byKey.values()];
}

function basis(e: CostEstimate): string {
    return (
        `pricing/${e.region}.json, list prices as of ${e.pricesAsOf}, ${e.hoursPerMonth} hours a month` +
        (e.overriddenBy ? `, overridden by ${e.overriddenBy}` : "")
    );
}

export function renderCostText(e: CostEstimate): string {
    const out = [
        `Estimated monthly cost of stack "${e.stack}": about ${usd(e.totalUsd)} (USD; an estimate of idle cost)` +
            (e.unpriced.length > 0 ? `, not counting ${e.unpriced.length} unpriced (listed below)` : ""),
        `  Prices: ${basis(e)}.`,
        `  Left out (usage-based): ${USAGE_EXCLUDED}. See docs/cost.md.`,
        "",
    ];
    const items = itemTotals(e.lines).map((i) => ({
        ...i,
        qty: `${quantity(i.quantity)} ${plural(i.unit, i.quantity)} × ${usd(i.unitMonthlyUsd)}`,
    }));
    const itemWidth = Math.max(20, ...items.map((i) => i.item.length));
    const qtyWidth = Math.max(10, ...items.map((i) => i.qty.length));
    const row = (label: string, amount: number, indent: string) =>
        `${indent}${label.padEnd(itemWidth + qtyWidth + 6 - indent.length)}${usd(amount).padStart(12)}`;
    for (const [component, total] of Object.entries(e.components)) {
        out.push(row(component, total, "  "));
        for (const i of items.filter((x) => x.component === component)) {
            out.push(`    ${i.item.padEnd(itemWidth)}  ${i.qty.padEnd(qtyWidth)}${usd(i.monthlyUsd).padStart(12)}`);
        }
    }
    out.push(row("Total", e.totalUsd, "  "));
    if (e.unpriced.length > 0) {
        out.push(
            "",
            `  Not priced (${e.unpriced.length}): the total leaves these out; fix the price table or the rule before trusting it:`,
        );
        for (const u of e.unpriced) out.push(`    - ${u.component} ${u.resource} (${u.type}): ${u.reason}`);
    }
    return out.join("\n");
}

/** The cost section of the PR graph diff: both estimates priced from the same (head's) table. */
export function renderCostDeltaMarkdown(base: CostEstimate, head: CostEstimate): string {
    const delta = head.totalUsd - base.totalUsd;
    const cents = Math.round(delta * 100);
    const headline =
        cents > 0
            ? `This change **adds about ${usd(delta)} per month**`
            : cents < 0
              ? `This change **saves about ${usd(-delta)} per month**`
              : "This change does not move the estimated monthly cost";
    const out = [
        "#### Estimated monthly cost",
        "",
        `${headline} (\`${head.stack}\`: ${usd(base.totalUsd)} → ${usd(head.totalUsd)})` +
            (head.unpriced.length > 0 ? `, not counting ${head.unpriced.length} unpriced (listed below).` : "."),
        "",
    ];
    const key = (i: ItemTotal) => JSON.stringify([i.component, i.item, i.unitMonthlyUsd]);
    const before = new Map(itemTotals(base.lines).map((i) => [key(i), i]));
    const after = new Map(itemTotals(head.lines).map((i) => [key(i), i]));
    const rows: string[] = [];
    for (const k of new Set([...before.keys(), ...after.keys()])) {
        const b = before.get(k);
        const a = after.get(k);
        const change = (a?.monthlyUsd ?? 0) - (b?.monthlyUsd ?? 0);
        if (Math.round(change * 100) === 0 && (b?.quantity ?? 0) === (a?.quantity ?? 0)) continue;
        const i = (a ?? b) as ItemTotal;
        rows.push(
            `| ${i.component} | ${i.item} | ${quantity(b?.quantity ?? 0)} → ${quantity(a?.quantity ?? 0)} | ${usd(b?.monthlyUsd ?? 0)} | ${usd(a?.monthlyUsd ?? 0)} | ${change > 0 ? "+" : ""}${usd(change)} |`,
        );
    }
    if (rows.length > 0) {
        out.push("| Component | Item | Quantity | Before | After | Change |", "|---|---|---:|---:|---:|---:|", ...rows, "");
    }
    if (head.unpriced.length > 0) {
        out.push(`⚠️ Not priced, so not in the figures above (${head.unpriced.length}):`);
        for (const u of head.unpriced) out.push(`- \`${u.type}\` **${u.resource}**: ${u.reason}`);
        out.push("");
    }
    out.push(`_An estimate of idle cost from ${basis(head)}. Usage-based charges are not included: ${USAGE_EXCLUDED}._`);
    return out.join("\n") + "\n";
}
