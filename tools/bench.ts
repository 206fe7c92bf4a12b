// `npm run bench -- [--runs <n>] [--quick] [--skip-tests] [--out <file>]` (issue #8)
// How long the offline preview and the tests take and how much memory they use, and how that grows
// with the graph: each figure the median of several cold processes, exactly as a user runs them.
// Also how long `pulumi preview`/`up` spends loading the program before it runs, type-checked and
// transpile-only (tools/bench/cli-load.js says how that load is reproduced without an engine).
// Prints a summary and a Markdown table for docs/performance.md; writes the figures as JSON
// (bench/results.json by default). A figure, never a test: nothing here fails on a slow machine,
// only on a run that itself fails. Exit 1 when a measured process fails, 2 on bad usage.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildFailure, gitState, machineInfo, measureCliLoad, measureScenario, measureTests, PROJECT_ROOT } from "./bench/measure";
import { BenchOptions, parseBenchArgs, UsageError } from "./bench/options";
import { buildResults, RawResults, renderMarkdown, renderSummary, serializeResults } from "./bench/results";
import { PREVIEW_STACKS, SCALING_SERIES } from "./bench/scenarios";

const WARMUP_RUNS = 1;

async function bench(options: BenchOptions): Promise<number> {
    const progress = (line: string) => process.stderr.write(`${line}\n`);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const started = new Date();
    const git = gitState(options.out);
    try {
        progress(`Offline preview: ${WARMUP_RUNS} warm-up + ${options.runs} measured run${options.runs === 1 ? "" : "s"} per figure`);
        const previews: RawResults["previews"][number][] = [];
        for (const stack of PREVIEW_STACKS) {
            previews.push({
                stack,
                samples: await measureScenario({ label: stack, stack, overrides: {} }, options.runs, WARMUP_RUNS, workDir, progress),
            });
        }

        progress(
            `CLI-style load of index.ts: ${WARMUP_RUNS} warm-up + ${options.runs} measured run${options.runs === 1 ? "" : "s"} per setting`,
        );
        const cliLoad = (await measureCliLoad(options.runs, WARMUP_RUNS, workDir, progress)).map((c) => ({
            mode: { id: c.mode.id, label: c.mode.label },
            samples: c.samples,
        }));

        const scaling: RawResults["scaling"][number][] = [];
        for (const series of SCALING_SERIES) {
            progress(`Scaling: ${series.title}`);
            const counts = options.quick ? series.counts.slice(0, -1) : series.counts;
            const points: RawResults["scaling"][number]["points"][number][] = [];
            for (const n of counts) {
                const scenario = series.scenario(n);
                points.push({
                    n,
                    label: scenario.label,
                    samples: await measureScenario(scenario, options.runs, WARMUP_RUNS, workDir, progress),
                });
            }
            scaling.push({ series, points });
        }

        let tests: RawResults["tests"] = null;
        if (!options.skipTests) {
            progress("npm test (one run)");
            tests = await measureTests(workDir);
            progress(`  ${Math.round(tests.wallMs)} ms, exit code ${tests.exitCode}`);
        }

        const results = buildResults({
            date: started,
            commit: git.commit,
            uncommittedChanges: git.uncommittedChanges,
            runs: options.runs,
            warmupRuns: WARMUP_RUNS,
            quick: options.quick,
            machine: machineInfo(),
            previews,
            cliLoad,
            tests,
            scaling,
        });
        fs.mkdirSync(path.dirname(options.out), { recursive: true });
        fs.writeFileSync(options.out, serializeResults(results));
        process.stdout.write(
            `\n${renderSummary(results)}\nMarkdown (docs/performance.md):\n\n${renderMarkdown(results)}\nResults written to ${path.relative(process.cwd(), options.out) || options.out}\n`,
        );
        if (tests && tests.exitCode !== 0) {
            process.stderr.write(`npm test failed (exit code ${tests.exitCode}); its time is recorded but the suite must pass\n`);
            return 1;
        }
        return 0;
    } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    let options: BenchOptions;
    try {
        options = parseBenchArgs(process.argv.slice(2), PROJECT_ROOT);
    } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(e instanceof UsageError ? 2 : 1);
    }
    bench(options).then(
        (code) => process.exit(code),
        (e: unknown) => {
            process.stderr.write(
                e instanceof ChildFailure ? `bench: ${e.message}\n` : `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
            );
            process.exit(1);
        },
    );
}
