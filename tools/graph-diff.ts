// `npm run diff:offline -- <base.json> <head.json> [--out <file.md>] [--prices <file>]`
// Diffs two offline preview graphs (npm run preview:offline -- <stack> --out <file>) and prints
// Markdown of the resources added, removed and changed, whether each change updates or replaces
// (and how: tools/replacement/), capacity that is replaced or deleted first, and what the change
// does to the estimated monthly cost. Exit 0 either way; 2 on bad usage or files (a graph that is
// missing, not JSON or not a graph, an output it cannot write); 1 when it fails otherwise. Never a
// JavaScript stack, unless PLATFORM_DEBUG=1 (docs/commands.md).

import * as fs from "fs";
import { parseArgs } from "util";
import * as v from "valibot";
import { unexpectedFailureText, writeOutput } from "../lib/commands";
import { GraphSnapshot } from "../offline/snapshot";
import { estimateCost } from "./cost/estimate";
import { loadPriceTable, PriceTableError } from "./cost/price-table";
import { renderCostDeltaMarkdown } from "./cost/render";
import { usageErrorOf } from "./command-line";
import { diffGraphs, renderGraphDiffMarkdown } from "./graph-compare";

/** A graph file that cannot be diffed, said with the file's name. */
export class GraphFileError extends Error {}

const strings = v.array(v.string());
/** What the diff and the cost estimate read of a graph (offline/snapshot.ts GraphSnapshot); other fields are kept. */
const GRAPH_SHAPE = v.looseObject({
    stack: v.string(),
    region: v.optional(v.string()),
    resources: v.array(
        v.looseObject({
            urn: v.string(),
            type: v.string(),
            name: v.string(),
            parent: v.nullable(v.string()),
            protect: v.boolean(),
            retainOnDelete: v.boolean(),
            ignoreChanges: strings,
            dependencies: strings,
            inputs: v.unknown(),
        }),
    ),
});

export function readGraph(file: string): GraphSnapshot {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new GraphFileError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new GraphFileError(
            `${file}: not JSON (${(e as Error).message}); expected a graph written by npm run preview:offline -- <stack> --out <file>`,
        );
    }
    const graph = v.safeParse(GRAPH_SHAPE, parsed);
    if (!graph.success) {
        const issue = graph.issues[0];
        const where = v.getDotPath(issue) ?? "the top";
        throw new GraphFileError(
            `${file} is not an offline preview graph: ${where}: ${issue.message}; expected what npm run preview:offline -- <stack> --out <file> writes`,
        );
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
        const failed = out ? writeOutput(out, markdown) : undefined;
        if (failed) {
            process.stderr.write(`${failed}\n`);
            return 2;
        }
        return 0;
    } catch (e) {
        if (e instanceof GraphFileError || e instanceof PriceTableError) {
            process.stderr.write(`${e.message}\n`);
            return 2;
        }
        process.stderr.write(`${unexpectedFailureText(e)}\n`);
        return 1;
    }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
