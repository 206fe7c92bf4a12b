// The figures `npm run bench` writes and prints: built from the raw samples with a fixed key order
// and fixed rounding (ms as integers, MiB to 0.1), so two result files diff field by field.

import { linearFit, LinearFit, marginalCosts, median, round } from "./stats";

/** One timed process. */
export interface RunSample {
    readonly wallMs: number;
    /** The program's own evaluation, as the preview reports it (--timings): wall time minus start-up and report. */
    readonly evaluateMs: number;
    readonly maxRssKiB: number;
    readonly resourceCount: number;
}

/** One process loading index.ts the way the Pulumi CLI's Node.js host does (tools/bench/cli-load.js). */
export interface CliLoadSample {
    readonly wallMs: number;
    /** require("./index.ts") alone, as the child timed it: compiling (and checking) the module graph. */
    readonly requireMs: number;
    readonly maxRssKiB: number;
}

export interface TestCounts {
    readonly tests: number;
    readonly passes: number;
    readonly failures: number;
    readonly pending: number;
}

export interface TestRun {
    readonly command: string;
    readonly wallMs: number;
    /** Null when the process died before its exit handler ran. */
    readonly maxRssKiB: number | null;
    readonly exitCode: number;
    /** From mocha's JSON report; null when the run wrote none (e.g. it crashed before reporting). */
    readonly counts: TestCounts | null;
}

export interface MachineInfo {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly totalMemoryBytes: number;
    readonly node: string;
    readonly platform: string;
    readonly arch: string;
}

export interface SeriesInfo {
    readonly id: string;
    readonly title: string;
    readonly baseStack: string;
    readonly configKeys: readonly string[];
}

export interface RawResults {
    readonly date: Date;
    readonly commit: string;
    readonly uncommittedChanges: boolean;
    readonly runs: number;
    readonly warmupRuns: number;
    readonly quick: boolean;
    readonly machine: MachineInfo;
    readonly previews: readonly { readonly stack: string; readonly samples: readonly RunSample[] }[];
    readonly cliLoad: readonly {
        readonly mode: { readonly id: string; readonly label: string };
        readonly samples: readonly CliLoadSample[];
    }[];
    readonly tests: TestRun | null;
    readonly scaling: readonly {
        readonly series: SeriesInfo;
        readonly points: readonly { readonly n: number; readonly label: string; readonly samples: readonly RunSample[] }[];
    }[];
}

export interface Spread {
    readonly median: number;
    readonly min: number;
    readonly max: number;
}

export interface Measurement {
    readonly resourceCount: number;
    readonly wallMs: Spread;
    readonly evaluateMs: Spread;
    readonly peakRssMiB: Spread;
    /** Median wall time over declared resources: start-up included, so it falls as N grows. */
    readonly msPerResource: number;
}

export interface ScalingPoint extends Measurement {
    readonly n: number;
    readonly label: string;
}

export interface SeriesResult {
    readonly title: string;
    readonly baseStack: string;
    readonly configKeys: readonly string[];
    readonly points: readonly ScalingPoint[];
    /**
     * The program's evaluation time against resource count, on each N's fastest run: on a shared VM
     * noise only ever adds time, so the minimum is the closest to the program's own cost, and
     * leaving out start-up (~1 s, as noisy as the rest) keeps a small series' growth above the noise.
     * Null with fewer than two points.
     */
    readonly evaluateFit: { readonly slopeMsPerResource: number; readonly interceptMs: number; readonly r2: number } | null;
    /** Median wall time against resource count (what a user waits for); null with fewer than two points. */
    readonly wallFit: { readonly slopeMsPerResource: number; readonly interceptMs: number; readonly r2: number } | null;
    readonly peakRssFit: { readonly slopeKiBPerResource: number; readonly interceptMiB: number; readonly r2: number } | null;
    /** Evaluation time (fastest runs) per added resource between consecutive N. */
    readonly marginalMsPerResource: readonly { readonly fromN: number; readonly toN: number; readonly msPerResource: number }[];
    /** Last segment's marginal cost over the first's: about 1 when growth is linear, above 1 when it bends up. */
    readonly marginalRatio: number | null;
}

export interface CliLoadResult {
    readonly label: string;
    readonly wallMs: Spread;
    readonly requireMs: Spread;
    readonly peakRssMiB: Spread;
}

export const CLI_LOAD_METHOD =
    "a fresh node process registers ts-node as the Pulumi CLI's Node.js host does " +
    "(@pulumi/pulumi cmd/run/run.js: the project's tsconfig.json, PULUMI_NODEJS_TRANSPILE_ONLY, the same compiler options) " +
    "and requires index.ts, which loads every module of the program; there is no engine, so the program itself is not run. " +
    "Wall time is the whole process (node start, @pulumi/pulumi, ts-node); require is index.ts alone.";

export type TargetStatus = "PASS" | "MISS" | "N/A";

export interface TargetResult {
    readonly id: string;
    readonly description: string;
    readonly comparison: "<=" | ">=";
    readonly limit: number;
    readonly unit: string;
    readonly actual: number | null;
    readonly status: TargetStatus;
    /** Why the status is N/A; null otherwise. */
    readonly note: string | null;
}

export interface TestResult {
    readonly command: string;
    readonly wallMs: number;
    readonly peakRssMiB: number | null;
    readonly exitCode: number;
    readonly tests: number | null;
    readonly passes: number | null;
    readonly failures: number | null;
    readonly pending: number | null;
}

export interface BenchResults {
    readonly date: string;
    readonly commit: string;
    readonly uncommittedChanges: boolean;
    readonly runs: number;
    readonly warmupRuns: number;
    readonly quick: boolean;
    readonly machine: {
        readonly cpus: number;
        readonly cpuModel: string;
        readonly memoryGiB: number;
        readonly node: string;
        readonly platform: string;
        readonly arch: string;
    };
    readonly preview: Readonly<Record<string, Measurement>>;
    readonly cliLoad: {
        readonly method: string;
        readonly modes: Readonly<Record<string, CliLoadResult>>;
    };
    readonly tests: TestResult | null;
    readonly scaling: Readonly<Record<string, SeriesResult>>;
    readonly targets: readonly TargetResult[];
}

export const TARGETS = {
    prdPreviewMs: 3000,
    ecs100Ms: 10000,
    ecsTargetN: 100,
    linearR2: 0.98,
    /** Fewer points always fit a line. */
    minPointsForLinearity: 3,
} as const;

const KIB_PER_MIB = 1024;
const BYTES_PER_GIB = 1024 ** 3;

const mib = (kib: number) => round(kib / KIB_PER_MIB, 1);

function spread(values: readonly number[], scale: (v: number) => number): Spread {
    return { median: scale(median(values)), min: scale(Math.min(...values)), max: scale(Math.max(...values)) };
}

function measure(what: string, samples: readonly RunSample[]): Measurement {
    if (samples.length === 0) throw new Error(`${what}: no samples`);
    const counts = new Set(samples.map((s) => s.resourceCount));
    if (counts.size !== 1) throw new Error(`${what}: resource count differs between runs (${[...counts].join(", ")})`);
    const resourceCount = samples[0].resourceCount;
    const wall = samples.map((s) => s.wallMs);
    return {
        resourceCount,
        wallMs: spread(wall, (v) => round(v)),
        evaluateMs: spread(
            samples.map((s) => s.evaluateMs),
            (v) => round(v),
        ),
        peakRssMiB: spread(
            samples.map((s) => s.maxRssKiB),
            mib,
        ),
        msPerResource: round(median(wall) / resourceCount, 2),
    };
}

function fitOrNull(xs: readonly number[], ys: readonly number[]): LinearFit | null {
    return new Set(xs).size >= 2 ? linearFit(xs, ys) : null;
}

function seriesResult(raw: RawResults["scaling"][number]): SeriesResult {
    const points = [...raw.points].sort((a, b) => a.n - b.n);
    const built: ScalingPoint[] = points.map((p) => ({ n: p.n, label: p.label, ...measure(p.label, p.samples) }));
    const xs = built.map((p) => p.resourceCount);
    // Fits on the unrounded medians: rounding is for reading, not for arithmetic.
    const wallMedians = points.map((p) => median(p.samples.map((s) => s.wallMs)));
    const fastestEvaluations = points.map((p) => Math.min(...p.samples.map((s) => s.evaluateMs)));
    const rssMediansKiB = points.map((p) => median(p.samples.map((s) => s.maxRssKiB)));
    const evaluateFit = fitOrNull(xs, fastestEvaluations);
    const wallFit = fitOrNull(xs, wallMedians);
    const rssFit = fitOrNull(xs, rssMediansKiB);
    const marginal = marginalCosts(xs.map((x, i) => ({ x, y: fastestEvaluations[i] })));
    return {
        title: raw.series.title,
        baseStack: raw.series.baseStack,
        configKeys: [...raw.series.configKeys],
        points: built,
        evaluateFit: evaluateFit && {
            slopeMsPerResource: round(evaluateFit.slope, 2),
            interceptMs: round(evaluateFit.intercept),
            r2: round(evaluateFit.r2, 4),
        },
        wallFit: wallFit && {
            slopeMsPerResource: round(wallFit.slope, 2),
            interceptMs: round(wallFit.intercept),
            r2: round(wallFit.r2, 4),
        },
        peakRssFit: rssFit && { slopeKiBPerResource: round(rssFit.slope, 1), interceptMiB: mib(rssFit.intercept), r2: round(rssFit.r2, 4) },
        marginalMsPerResource: marginal.map((m, i) => ({ fromN: built[i].n, toN: built[i + 1].n, msPerResource: round(m, 2) })),
        marginalRatio: marginal.length >= 2 && marginal[0] !== 0 ? round(marginal[marginal.length - 1] / marginal[0], 2) : null,
    };
}

function target(
    id: string,
    description: string,
    comparison: "<=" | ">=",
    limit: number,
    unit: string,
    actual: number | null,
    whyMissing?: string,
): TargetResult {
    if (actual === null)
        return { id, description, comparison, limit, unit, actual, status: "N/A", note: whyMissing ?? "not measured in this run" };
    const pass = comparison === "<=" ? actual <= limit : actual >= limit;
    return { id, description, comparison, limit, unit, actual, status: pass ? "PASS" : "MISS", note: null };
}

function targets(
    preview: Readonly<Record<string, Measurement>>,
    scaling: Readonly<Record<string, SeriesResult>>,
    quick: boolean,
): TargetResult[] {
    const list: TargetResult[] = [
        target(
            "prdPreviewWallMs",
            "prd offline preview, median wall time",
            "<=",
            TARGETS.prdPreviewMs,
            "ms",
            preview.prd?.wallMs.median ?? null,
        ),
    ];
    const ecs = scaling.ecsServices;
    const ecsTop = ecs?.points.find((p) => p.n === TARGETS.ecsTargetN);
    list.push(
        target(
            "ecs100WallMs",
            `${TARGETS.ecsTargetN} ECS services, median wall time`,
            "<=",
            TARGETS.ecs100Ms,
            "ms",
            ecsTop?.wallMs.median ?? null,
        ),
    );
    for (const [id, series] of Object.entries(scaling)) {
        const enough = !quick && series.points.length >= TARGETS.minPointsForLinearity && series.evaluateFit !== null;
        list.push(
            target(
                `${id}LinearR2`,
                `${series.title}: evaluation time linear in resource count (R², fastest runs)`,
                ">=",
                TARGETS.linearR2,
                "",
                enough ? (series.evaluateFit?.r2 ?? null) : null,
                quick
                    ? "quick run: one run per N and the largest N left out, too little to judge linearity"
                    : `${series.points.length} point${series.points.length === 1 ? "" : "s"}: at least ${TARGETS.minPointsForLinearity} needed to judge linearity`,
            ),
        );
    }
    return list;
}

/** The results file's content: every key in a fixed order, every figure rounded. */
export function buildResults(raw: RawResults): BenchResults {
    const preview: Record<string, Measurement> = {};
    for (const p of raw.previews) preview[p.stack] = measure(`offline preview of ${p.stack}`, p.samples);
    const scaling: Record<string, SeriesResult> = {};
    for (const s of raw.scaling) scaling[s.series.id] = seriesResult(s);
    const cliModes: Record<string, CliLoadResult> = {};
    for (const c of raw.cliLoad) {
        if (c.samples.length === 0) throw new Error(`CLI-style load (${c.mode.id}): no samples`);
        cliModes[c.mode.id] = {
            label: c.mode.label,
            wallMs: spread(
                c.samples.map((x) => x.wallMs),
                (v) => round(v),
            ),
            requireMs: spread(
                c.samples.map((x) => x.requireMs),
                (v) => round(v),
            ),
            peakRssMiB: spread(
                c.samples.map((x) => x.maxRssKiB),
                mib,
            ),
        };
    }
    return {
        date: raw.date.toISOString(),
        commit: raw.commit,
        uncommittedChanges: raw.uncommittedChanges,
        runs: raw.runs,
        warmupRuns: raw.warmupRuns,
        quick: raw.quick,
        machine: {
            cpus: raw.machine.cpus,
            cpuModel: raw.machine.cpuModel,
            memoryGiB: round(raw.machine.totalMemoryBytes / BYTES_PER_GIB, 1),
            node: raw.machine.node,
            platform: raw.machine.platform,
            arch: raw.machine.arch,
        },
        preview,
        cliLoad: { method: CLI_LOAD_METHOD, modes: cliModes },
        tests: raw.tests && {
            command: raw.tests.command,
            wallMs: round(raw.tests.wallMs),
            peakRssMiB: raw.tests.maxRssKiB === null ? null : mib(raw.tests.maxRssKiB),
            exitCode: raw.tests.exitCode,
            tests: raw.tests.counts?.tests ?? null,
            passes: raw.tests.counts?.passes ?? null,
            failures: raw.tests.counts?.failures ?? null,
            pending: raw.tests.counts?.pending ?? null,
        },
        scaling,
        targets: targets(preview, scaling, raw.quick),
    };
}

export function serializeResults(results: BenchResults): string {
    return JSON.stringify(results, null, 2) + "\n";
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => `${int(n)} ms`;
const mibText = (n: number) => `${n.toFixed(1)} MiB`;
const plusMinus = (n: number, unit: (v: number) => string) => `${n < 0 ? "−" : "+"} ${unit(Math.abs(n))}`;
const op = (c: "<=" | ">=") => (c === "<=" ? "≤" : "≥");

function limitText(t: TargetResult): string {
    return t.unit === "ms" ? `${op(t.comparison)} ${ms(t.limit)}` : `R² ${op(t.comparison)} ${t.limit}`;
}

function targetCell(t: TargetResult | undefined): string {
    return t ? `${limitText(t)}: ${t.status}` : "";
}

function testsText(t: TestResult): string {
    if (t.passes === null) return `exit code ${t.exitCode}`;
    return `${t.passes} passing, ${t.failures} failing${t.pending ? `, ${t.pending} pending` : ""}`;
}

/** Markdown for docs/performance.md: the measurements, then how each series grows. */
export function renderMarkdown(r: BenchResults): string {
    const byId = new Map(r.targets.map((t) => [t.id, t]));
    const lines: string[] = [
        `Measured ${r.date.slice(0, 10)} at commit ${r.commit}${r.uncommittedChanges ? " (with uncommitted changes)" : ""} on ${r.machine.cpuModel} ` +
            `(${r.machine.cpus} CPUs, ${r.machine.memoryGiB} GiB), Node ${r.machine.node} ${r.machine.platform}/${r.machine.arch}. ` +
            `Each figure is the median of ${r.runs} run${r.runs === 1 ? "" : "s"} after ${r.warmupRuns} warm-up, each a fresh process (\`npm run bench\`); ` +
            "evaluation is the program alone (the preview's `--timings`), fastest run, which is what the growth fits use.",
        "",
        "| Run | Resources | Wall time | Evaluation (fastest run) | Peak RSS | Wall time per resource | Target |",
        "|---|--:|--:|--:|--:|--:|---|",
    ];
    for (const [stack, m] of Object.entries(r.preview)) {
        lines.push(
            `| Offline preview \`${stack}\` | ${m.resourceCount} | ${ms(m.wallMs.median)} | ${ms(m.evaluateMs.min)} | ${mibText(m.peakRssMiB.median)} | ${m.msPerResource.toFixed(2)} ms | ${stack === "prd" ? targetCell(byId.get("prdPreviewWallMs")) : ""} |`,
        );
    }
    if (r.tests) {
        lines.push(
            `| \`npm test\` (${testsText(r.tests)}; one run) | | ${ms(r.tests.wallMs)} | | ${r.tests.peakRssMiB === null ? "–" : mibText(r.tests.peakRssMiB)} | | |`,
        );
    }
    for (const [id, s] of Object.entries(r.scaling)) {
        for (const p of s.points) {
            const t = id === "ecsServices" && p.n === TARGETS.ecsTargetN ? targetCell(byId.get("ecs100WallMs")) : "";
            lines.push(
                `| ${p.label} | ${p.resourceCount} | ${ms(p.wallMs.median)} | ${ms(p.evaluateMs.min)} | ${mibText(p.peakRssMiB.median)} | ${p.msPerResource.toFixed(2)} ms | ${t} |`,
            );
        }
    }
    if (Object.keys(r.cliLoad.modes).length > 0) {
        lines.push(
            "",
            `CLI-style load of \`index.ts\` (how \`pulumi preview\`/\`up\` loads the program): ${r.cliLoad.method}`,
            "",
            "| Load | Wall time | require(index.ts) | Peak RSS |",
            "|---|--:|--:|--:|",
        );
        for (const m of Object.values(r.cliLoad.modes)) {
            lines.push(`| ${m.label} | ${ms(m.wallMs.median)} | ${ms(m.requireMs.median)} | ${mibText(m.peakRssMiB.median)} |`);
        }
    }
    lines.push(
        "",
        "| Growth | N | Resources | Evaluation per added resource (fit) | Fixed part (fit) | R² | Marginal cost, last / first step | Wall time per added resource (fit) | Peak RSS per added resource (fit) | Target |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|---|",
    );
    for (const [id, s] of Object.entries(r.scaling)) {
        const first = s.points[0];
        const last = s.points[s.points.length - 1];
        const fit = s.evaluateFit;
        lines.push(
            `| ${s.title} | ${first.n}–${last.n} | ${first.resourceCount}–${last.resourceCount} | ` +
                `${fit ? `${fit.slopeMsPerResource.toFixed(2)} ms` : "–"} | ${fit ? ms(fit.interceptMs) : "–"} | ${fit ? fit.r2.toFixed(4) : "–"} | ` +
                `${s.marginalRatio === null ? "–" : s.marginalRatio.toFixed(2)} | ${s.wallFit ? `${s.wallFit.slopeMsPerResource.toFixed(2)} ms` : "–"} | ${s.peakRssFit ? `${s.peakRssFit.slopeKiBPerResource.toFixed(1)} KiB` : "–"} | ${targetCell(byId.get(`${id}LinearR2`))} |`,
        );
    }
    return lines.join("\n") + "\n";
}

/** What a person reads in the terminal. */
export function renderSummary(r: BenchResults): string {
    const lines: string[] = [
        `Benchmark at ${r.commit}${r.uncommittedChanges ? " (uncommitted changes)" : ""}, ${r.date}`,
        `Machine: ${r.machine.cpuModel}, ${r.machine.cpus} CPUs, ${r.machine.memoryGiB} GiB, Node ${r.machine.node} ${r.machine.platform}/${r.machine.arch}`,
        `Median of ${r.runs} run${r.runs === 1 ? "" : "s"} after ${r.warmupRuns} warm-up; each run a fresh process${r.quick ? " (quick: smoke check only)" : ""}`,
        "",
        "Offline preview:",
    ];
    const row = (label: string, m: Measurement) =>
        `  ${label.padEnd(52)} ${String(m.resourceCount).padStart(5)} resources  ${ms(m.wallMs.median).padStart(9)} (${int(m.wallMs.min)}–${int(m.wallMs.max)})  ` +
        `evaluation ${ms(m.evaluateMs.min).padStart(9)}  ${mibText(m.peakRssMiB.median).padStart(10)}  ${m.msPerResource.toFixed(2).padStart(6)} ms/resource`;
    for (const [stack, m] of Object.entries(r.preview)) lines.push(row(stack, m));
    lines.push("", "CLI-style load of index.ts:", `  method: ${r.cliLoad.method}`);
    for (const m of Object.values(r.cliLoad.modes)) {
        lines.push(
            `  ${m.label}`,
            `    ${ms(m.wallMs.median).padStart(9)} (${int(m.wallMs.min)}–${int(m.wallMs.max)}) wall, require(index.ts) ${ms(m.requireMs.median)}, ${mibText(m.peakRssMiB.median)} peak`,
        );
    }
    lines.push("", "npm test:");
    lines.push(
        r.tests
            ? `  ${ms(r.tests.wallMs)}, ${r.tests.peakRssMiB === null ? "unknown" : mibText(r.tests.peakRssMiB)} peak, ${testsText(r.tests)}, exit code ${r.tests.exitCode}`
            : "  skipped",
    );
    for (const s of Object.values(r.scaling)) {
        lines.push("", `Scaling, ${s.title} (base stack ${s.baseStack}, ${s.configKeys.join(" + ")}):`);
        for (const p of s.points) lines.push(row(`N = ${p.n}`, p));
        if (s.evaluateFit) {
            lines.push(
                `  evaluation fit (fastest runs): ${s.evaluateFit.slopeMsPerResource.toFixed(2)} ms per resource ${plusMinus(s.evaluateFit.interceptMs, ms)}, R² ${s.evaluateFit.r2.toFixed(4)}`,
            );
        }
        if (s.wallFit) {
            lines.push(
                `  wall fit (medians): ${s.wallFit.slopeMsPerResource.toFixed(2)} ms per resource ${plusMinus(s.wallFit.interceptMs, ms)}, R² ${s.wallFit.r2.toFixed(4)}`,
            );
        }
        if (s.peakRssFit) {
            lines.push(
                `  peak RSS fit: ${s.peakRssFit.slopeKiBPerResource.toFixed(1)} KiB per resource ${plusMinus(s.peakRssFit.interceptMiB, mibText)}, R² ${s.peakRssFit.r2.toFixed(4)}`,
            );
        }
        if (s.marginalMsPerResource.length > 0) {
            lines.push(
                `  marginal evaluation: ${s.marginalMsPerResource.map((m) => `N ${m.fromN}→${m.toN}: ${m.msPerResource.toFixed(2)} ms/resource`).join(", ")}` +
                    (s.marginalRatio === null ? "" : `; last/first ${s.marginalRatio.toFixed(2)}`),
            );
        }
    }
    lines.push("", "Targets:");
    for (const t of r.targets) {
        const actual = t.actual === null ? "not measured" : t.unit === "ms" ? ms(t.actual) : t.actual.toFixed(4);
        lines.push(`  ${t.status.padEnd(4)}  ${t.description}: ${actual} (target ${limitText(t)})${t.note ? ` — ${t.note}` : ""}`);
    }
    return lines.join("\n") + "\n";
}
