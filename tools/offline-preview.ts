// `npm run preview:offline -- <stack> [--out <file>] [--set <key>=<value> ...]`
// Runs the real program for Pulumi.<stack>.yaml under the offline engine (no credentials, no
// Pulumi CLI) and prints what `pulumi preview` would show: the resource tree, counts per type and
// the stack outputs. Writes the graph as stable JSON for diffs. Exit statuses (docs/commands.md):
// 0 done; 2 bad usage, a bad stack file, invalid config or a file it cannot read or write; 1 the
// program failed otherwise. Never a JavaScript stack, unless PLATFORM_DEBUG=1.

import * as path from "path";
import { parseArgs } from "util";
import { failureText, unexpectedFailureText, writeOutput } from "../lib/commands";
import { isConfigValidationError } from "../stacks/config";
import { mayShowValueAt } from "../stacks/config-secrets";
import { estimateCost } from "./cost/estimate";
import { loadPriceTable, PriceTableError } from "./cost/price-table";
import { renderCostText } from "./cost/render";
import { usageErrorOf, UsageError } from "./command-line";
import { RecordedResource } from "../offline/engine";
import { ProgramRun, runStack } from "../offline/run";
import { snapshotOf } from "../offline/snapshot";
import { listStacks, loadStackConfig, noteText, PROJECT_ROOT, readConfigText, StackFileError, YamlNote } from "../offline/stack-config";

interface Options {
    stack: string;
    out: string;
    /** What-if config on top of the stack file, e.g. platform:azCount=2 (each value read as if the stack file held it). */
    overrides: Record<string, unknown>;
    /** Where YAML changed a --set value's text. */
    notes: YamlNote[];
    /** A partial price table applied over pricing/<region>.json. */
    prices?: string;
    /** Where to write how long each phase took (JSON), for `npm run bench` and anyone profiling. */
    timings?: string;
}

const FLAGS = {
    out: { type: "string" },
    set: { type: "string", multiple: true },
    prices: { type: "string" },
    timings: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

function parseCommandLine(argv: readonly string[]): Options {
    const usage = `usage: npm run preview:offline -- <stack> [--out <file>] [--set <key>=<value> ...] [--prices <file>] [--timings <file>]   (stacks: ${listStacks().join(", ")})`;
    const setUsage = `--set takes <key>=<value>\n${usage}`;
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: true });
    } catch (e) {
        throw usageErrorOf(e, argv, usage, (flag) => (flag === "set" ? setUsage : usage));
    }
    const { values, positionals } = parsed;
    if (values.help) throw new UsageError(usage);
    const [stack, unexpected] = positionals;
    if (unexpected !== undefined) throw new UsageError(`unexpected argument ${unexpected}\n${usage}`);
    if (!stack) throw new UsageError(usage);
    const { out, prices, timings } = values;
    if (out === "" || prices === "" || timings === "") throw new UsageError(usage);
    const overrides: Record<string, unknown> = {};
    const notes: YamlNote[] = [];
    for (const setting of values.set ?? []) {
        const assignment = /^([^=]+)=(.*)$/s.exec(setting);
        if (!assignment) throw new UsageError(setUsage);
        const [, key, text] = assignment;
        // As `key: <text>` in the stack file would be read; a null unsets the key.
        const read = readConfigText(text, key, "--set");
        overrides[key] = read.secret ? { secure: "" } : read.text;
        notes.push(...read.notes);
    }
    return { stack, out: out ?? path.join(PROJECT_ROOT, "out", `graph-${stack}.json`), overrides, notes, prices, timings };
}

/** Renders the component tree the way `pulumi preview` nests it. */
export function renderTree(run: ProgramRun): string {
    const lines: string[] = [];
    const { graph } = run;
    const roots = graph.resources.filter((r) => !r.parent || !graph.byUrn(r.parent));
    const label = (r: RecordedResource) => {
        const flags = [
            r.remote ? "remote component" : "",
            r.protect ? "protected" : "",
            r.retainOnDelete ? "retained on delete" : "",
            r.ignoreChanges.length > 0 ? `ignores changes to ${r.ignoreChanges.join(", ")}` : "",
        ].filter(Boolean);
        return `${r.type}  ${r.name}${flags.length ? `  [${flags.join("; ")}]` : ""}`;
    };
    const walk = (r: RecordedResource, prefix: string, last: boolean, root: boolean) => {
        lines.push(root ? label(r) : `${prefix}${last ? "└─ " : "├─ "}${label(r)}`);
        const children = graph
            .childrenOf(r)
            .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name, undefined, { numeric: true }));
        children.forEach((child, i) => walk(child, root ? "" : `${prefix}${last ? "   " : "│  "}`, i === children.length - 1, false));
    };
    roots.forEach((r) => walk(r, "", true, true));
    return lines.join("\n");
}

export function renderSummary(run: ProgramRun, snapshot = snapshotOf(run)): string {
    const counts = run.graph.countsByType();
    const width = Math.max(...Object.keys(counts).map((t) => t.length));
    const countLines = Object.entries(counts).map(([type, n]) => `  ${type.padEnd(width)}  ${String(n).padStart(3)}`);
    const outputs = Object.entries(snapshot.outputs as Record<string, unknown>).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
    return [`Resources by type (${run.graph.resources.length} in all):`, ...countLines, "", "Outputs:", ...outputs].join("\n");
}

async function main(): Promise<number> {
    // Milliseconds since the process started: Node, the loader and the modules this file imports.
    const loadedAt = performance.now();
    let options: Options;
    try {
        options = parseCommandLine(process.argv.slice(2));
    } catch (e) {
        if (e instanceof UsageError || e instanceof StackFileError) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
    console.log(`Offline preview of stack "${options.stack}" (Pulumi mocks: no credentials, no cloud calls, no Pulumi CLI)\n`);
    let run: ProgramRun;
    let evaluatedAt: number;
    try {
        // Before the program runs: they explain the config errors it may then report.
        const notes = [...(loadStackConfig(options.stack, options.overrides).notes ?? []), ...options.notes];
        for (const note of notes) console.error(`note: ${noteText(note, mayShowValueAt)}`);
        run = await runStack(options.stack, options.overrides);
        evaluatedAt = performance.now();
    } catch (e) {
        // Bad input, said as such: no JavaScript stack trace for a config problem or a bad stack file.
        if (isConfigValidationError(e) || e instanceof StackFileError) {
            console.error(failureText(e));
            return 2;
        }
        throw e;
    }
    console.log(renderTree(run));
    console.log("");
    const snapshot = snapshotOf(run);
    console.log(renderSummary(run, snapshot));
    const written = writeOutput(options.out, JSON.stringify(snapshot, null, 2) + "\n");
    if (written) {
        console.error(written);
        return 2;
    }
    console.log(`\nGraph written to ${path.relative(process.cwd(), options.out)}\n`);
    try {
        console.log(renderCostText(estimateCost(snapshot, loadPriceTable(snapshot.region, options.prices))));
    } catch (e) {
        if (!(e instanceof PriceTableError)) throw e;
        // A price table the user named must be right; a region without one only loses the estimate.
        if (options.prices) {
            console.error(e.message);
            return 2;
        }
        console.log(`No cost estimate: ${e.message}`);
    }
    if (options.timings) {
        // evaluateMs: the program, from loading index.ts (and the providers' SDKs) to the last registration answered.
        const phases = {
            loadMs: loadedAt,
            evaluateMs: evaluatedAt - loadedAt,
            reportMs: performance.now() - evaluatedAt,
            resources: run.graph.resources.length,
        };
        const failed = writeOutput(options.timings, JSON.stringify(phases) + "\n");
        if (failed) {
            console.error(failed);
            return 2;
        }
    }
    return 0;
}

if (require.main === module) {
    // A program error inside an apply surfaces as an unhandled rejection; it must fail the run.
    process.on("unhandledRejection", (reason) => {
        console.error(isConfigValidationError(reason) ? failureText(reason) : unexpectedFailureText(reason));
        process.exit(isConfigValidationError(reason) ? 2 : 1);
    });
    main().then(
        (code) => process.exit(code),
        (e: unknown) => {
            console.error(unexpectedFailureText(e));
            process.exit(1);
        },
    );
}
