// `npm run diff:offline -- <base.json> <head.json> [--out <file.md>]`
// Diffs two offline preview graphs (npm run preview:offline -- <stack> --out <file>) and prints
// Markdown of the resources added, removed and changed. Exit 0 either way; 2 on bad usage or files.

import * as fs from "fs";
import { GraphSnapshot } from "../tests/harness/snapshot";
import { diffGraphs, renderGraphDiffMarkdown } from "./graph-compare";

function readGraph(file: string): GraphSnapshot {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<GraphSnapshot>;
    if (!Array.isArray(parsed.resources) || typeof parsed.stack !== "string") {
        throw new Error(`${file} is not an offline preview graph (no stack/resources)`);
    }
    return parsed as GraphSnapshot;
}

export function main(argv: string[]): number {
    const files: string[] = [];
    let out: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--out") out = argv[++i];
        else files.push(argv[i]);
    }
    if (files.length !== 2 || (out !== undefined && !out)) {
        process.stderr.write("usage: npm run diff:offline -- <base.json> <head.json> [--out <file.md>]\n");
        return 2;
    }
    try {
        const markdown = renderGraphDiffMarkdown(diffGraphs(readGraph(files[0]), readGraph(files[1])));
        process.stdout.write(markdown);
        if (out) fs.writeFileSync(out, markdown);
        return 0;
    } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
    }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
