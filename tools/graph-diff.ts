// `npm run diff:offline -- <base.json> <head.json> [--out <file.md>] [--prices <file>]`
// Diffs two offline preview graphs (npm run preview:offline -- <stack> --out <file>) and prints
// Markdown of the resources added, removed and changed, whether each change updates or replaces
// (and how: tools/replacement/), capacity that is replaced or deleted first, and what the change
// does to the estimated monthly cost. Exit 0 either way; 2 on bad usage or files.

import * as fs from "fs";
import { parseArgs } from "util";
import { GraphSnapshot } from "../offline/snapshot";
import { estimateCost } from "./cost/estimate";
import { loadPriceTable, PriceTableError } from "./cost/price-table";
import { renderCostDeltaMarkdown } from "./cost/render";
import { usageErrorOf } from "./command-line";
import { diffGraphs, renderGraphDiffMarkdown } from "./graph-compare";

function readGraph(file: string): GraphSnapshot {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<GraphSnapshot>;
    if (!Array.isArray(parsed.resources) || typeof parsed.stack !== "string") {
        throw new Error(`${file} is not an offline preview graph (no stack/resources)`);
    }
    return parsed as GraphSnapshot;
}

/**
 * Both graphs priced from the same table (the head's region and pricing/), so the figure moves
 * only with what the change declares. The base of a new stack may be the empty placeholder graph.
 */
export function costSection(base: GraphSnapshot, head: GraphSnapshot, prices?: string): string {
    const region = head.region ?? base.region;
    try {
        const table = loadPriceTable(region, prices);
        return renderCostDeltaMarkdown(estimateCost({ ...base, region }, table), estimateCost({ ...head, region }, table));
    } catch (e) {
        if (e instanceof PriceTableError && !prices) return `_No cost estimate: ${e.message}_\n`;
        throw e;
    }
}

const USAGE = "usage: npm run diff:offline -- <base.json> <head.json> [--out <file.md>] [--prices <file>]";

const FLAGS = {
    out: { type: "string" },
    prices: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

export function main(argv: string[]): number {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: true });
    } catch (e) {
        process.stderr.write(`${usageErrorOf(e, argv, USAGE).message}\n`);
        return 2;
    }
    const { values, positionals: files } = parsed;
    const { out, prices } = values;
    if (values.help || files.length !== 2 || out === "" || prices === "") {
        process.stderr.write(`${USAGE}\n`);
        return 2;
    }
    try {
        const base = readGraph(files[0]);
        const head = readGraph(files[1]);
        const markdown = renderGraphDiffMarkdown(diffGraphs(base, head), costSection(base, head, prices));
        process.stdout.write(markdown);
        if (out) fs.writeFileSync(out, markdown);
        return 0;
    } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
    }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
