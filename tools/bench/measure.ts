// Times the processes a user runs: each offline preview and the test suite in a fresh Node process,
// wall time taken by this parent around spawn → exit, peak RSS reported by the child itself.

import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliLoadSample, MachineInfo, RunSample, TestCounts, TestRun } from "./results";
import { Scenario, setArguments } from "./scenarios";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const TS_REGISTER = path.join(PROJECT_ROOT, "tools", "ts-register.js");
const RUSAGE_PRELOAD = path.join(__dirname, "report-rusage.js");
const MOCHA = path.join(PROJECT_ROOT, "node_modules", "mocha", "bin", "mocha.js");
const CLI_LOAD = path.join(__dirname, "cli-load.js");
/** Enough of a failing child's stderr to see why; a stack trace fits. */
const STDERR_KEPT = 20_000;

/** A measured process failed: the benchmark's figures would mean nothing. */
export class ChildFailure extends Error {}

interface Exit {
    readonly wallMs: number;
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stderr: string;
}

function timedSpawn(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Exit> {
    return new Promise((resolve, reject) => {
        let stderr = "";
        let exit: Omit<Exit, "stderr"> | undefined;
        const start = process.hrtime.bigint();
        const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
        child.stderr.setEncoding("utf8");
        child.stderr.on("data", (chunk: string) => {
            stderr = (stderr + chunk).slice(-STDERR_KEPT);
        });
        child.on("error", reject);
        child.on("exit", (code, signal) => {
            exit = { wallMs: Number(process.hrtime.bigint() - start) / 1e6, code, signal };
        });
        // 'close' follows 'exit' once stderr is drained, so the message below is complete.
        child.on("close", () => {
            if (exit) resolve({ ...exit, stderr });
        });
    });
}

function commandLine(args: readonly string[]): string {
    const shown = args.map((a) => (a.length > 120 ? `${a.slice(0, 117)}...` : a));
    return [process.execPath, ...shown].join(" ");
}

function readMaxRss(file: string, what: string): number {
    if (!fs.existsSync(file)) throw new ChildFailure(`${what}: the child wrote no peak RSS to ${file}`);
    const kib = Number(fs.readFileSync(file, "utf8").trim());
    if (!Number.isFinite(kib) || kib <= 0) throw new ChildFailure(`${what}: unreadable peak RSS in ${file}`);
    return kib;
}

/** One cold offline preview, as `npm run preview:offline -- <stack> --out <file> --set ...` runs it. */
export async function previewOnce(scenario: Scenario, workDir: string): Promise<RunSample> {
    const outFile = path.join(workDir, "graph.json");
    const rusageFile = path.join(workDir, "preview.maxrss");
    const timingsFile = path.join(workDir, "preview.timings.json");
    // A stale file from the previous run must not stand in for this one's.
    for (const f of [outFile, rusageFile, timingsFile]) fs.rmSync(f, { force: true });
    const args = [
        "-r",
        TS_REGISTER,
        "-r",
        RUSAGE_PRELOAD,
        "tools/offline-preview.ts",
        scenario.stack,
        "--out",
        outFile,
        "--timings",
        timingsFile,
        ...setArguments(scenario.overrides),
    ];
    const exit = await timedSpawn(args, { ...process.env, BENCH_RUSAGE_FILE: rusageFile });
    if (exit.code !== 0) {
        throw new ChildFailure(
            `offline preview (${scenario.label}) exited with ${exit.code === null ? `signal ${exit.signal}` : `code ${exit.code}`}\n` +
                `command: ${commandLine(args)}\n${exit.stderr}`,
        );
    }
    const graph = JSON.parse(fs.readFileSync(outFile, "utf8")) as { resourceCount?: unknown };
    if (typeof graph.resourceCount !== "number")
        throw new ChildFailure(`offline preview (${scenario.label}): no resourceCount in ${outFile}`);
    const timings = fs.existsSync(timingsFile) ? (JSON.parse(fs.readFileSync(timingsFile, "utf8")) as { evaluateMs?: unknown }) : {};
    if (typeof timings.evaluateMs !== "number")
        throw new ChildFailure(`offline preview (${scenario.label}): no evaluateMs in ${timingsFile}`);
    return {
        wallMs: exit.wallMs,
        evaluateMs: timings.evaluateMs,
        maxRssKiB: readMaxRss(rusageFile, `offline preview (${scenario.label})`),
        resourceCount: graph.resourceCount,
    };
}

/** `warmups` discarded runs (file cache, CPU clocks), then `runs` measured ones. */
export async function measureScenario(
    scenario: Scenario,
    runs: number,
    warmups: number,
    workDir: string,
    progress: (line: string) => void,
): Promise<RunSample[]> {
    for (let i = 0; i < warmups; i++) await previewOnce(scenario, workDir);
    const samples: RunSample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await previewOnce(scenario, workDir));
    progress(`  ${scenario.label}: ${samples[0].resourceCount} resources, ${samples.map((s) => Math.round(s.wallMs)).join(" ")} ms`);
    return samples;
}

/** How `pulumi preview`/`up` may load the program: the two settings the CLI's host can end up with. */
export interface CliLoadMode {
    readonly id: "typeChecked" | "transpileOnly";
    readonly label: string;
    /** PULUMI_NODEJS_TRANSPILE_ONLY for the child; undefined removes it from the inherited environment. */
    readonly transpileOnlyEnv: "false" | undefined;
    /** What ts-node must report, or the figure measured the wrong thing. */
    readonly expectTranspileOnly: boolean;
}

export const CLI_LOAD_MODES: readonly CliLoadMode[] = [
    {
        id: "typeChecked",
        label: "type-checked (PULUMI_NODEJS_TRANSPILE_ONLY=false; the CLI's default without tsconfig.json's \"ts-node\" block)",
        transpileOnlyEnv: "false",
        expectTranspileOnly: false,
    },
    {
        id: "transpileOnly",
        label: 'transpile-only (the project\'s setting: tsconfig.json "ts-node": { transpileOnly: true })',
        transpileOnlyEnv: undefined,
        expectTranspileOnly: true,
    },
];

/** One fresh process loading `entry` (index.ts unless a test says otherwise) as the CLI's host does. */
export async function cliLoadOnce(mode: CliLoadMode, workDir: string, entry = path.join(PROJECT_ROOT, "index.ts")): Promise<CliLoadSample> {
    const report = path.join(workDir, "cli-load.json");
    const rusageFile = path.join(workDir, "cli-load.maxrss");
    for (const f of [report, rusageFile]) fs.rmSync(f, { force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_RUSAGE_FILE: rusageFile };
    delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
    if (mode.transpileOnlyEnv !== undefined) env.PULUMI_NODEJS_TRANSPILE_ONLY = mode.transpileOnlyEnv;
    const args = ["-r", RUSAGE_PRELOAD, CLI_LOAD, "--entry", entry, "--report", report];
    const exit = await timedSpawn(args, env);
    const what = `CLI-style load (${mode.id})`;
    if (exit.code !== 0) {
        throw new ChildFailure(
            `${what} exited with ${exit.code === null ? `signal ${exit.signal}` : `code ${exit.code}`}\ncommand: ${commandLine(args)}\n${exit.stderr}`,
        );
    }
    if (!fs.existsSync(report)) throw new ChildFailure(`${what}: no report in ${report}`);
    const r = JSON.parse(fs.readFileSync(report, "utf8")) as { transpileOnly?: unknown; requireMs?: unknown };
    if (r.transpileOnly !== mode.expectTranspileOnly) {
        throw new ChildFailure(`${what}: ts-node ran with transpileOnly=${String(r.transpileOnly)}, expected ${mode.expectTranspileOnly}`);
    }
    if (typeof r.requireMs !== "number") throw new ChildFailure(`${what}: no requireMs in ${report}`);
    return { wallMs: exit.wallMs, requireMs: r.requireMs, maxRssKiB: readMaxRss(rusageFile, what) };
}

/** Each mode: `warmups` discarded runs, then `runs` measured ones. */
export async function measureCliLoad(
    runs: number,
    warmups: number,
    workDir: string,
    progress: (line: string) => void,
    entry?: string,
): Promise<{ mode: CliLoadMode; samples: CliLoadSample[] }[]> {
    const results: { mode: CliLoadMode; samples: CliLoadSample[] }[] = [];
    for (const mode of CLI_LOAD_MODES) {
        for (let i = 0; i < warmups; i++) await cliLoadOnce(mode, workDir, entry);
        const samples: CliLoadSample[] = [];
        for (let i = 0; i < runs; i++) samples.push(await cliLoadOnce(mode, workDir, entry));
        progress(`  ${mode.id}: ${samples.map((s) => Math.round(s.wallMs)).join(" ")} ms`);
        results.push({ mode, samples });
    }
    return results;
}

/** The test suite once, as `npm test` runs it (mocha with .mocharc.json) but reporting JSON to a file for the counts. */
export async function measureTests(workDir: string): Promise<TestRun> {
    const report = path.join(workDir, "mocha.json");
    const rusageFile = path.join(workDir, "mocha.maxrss");
    fs.rmSync(report, { force: true });
    fs.rmSync(rusageFile, { force: true });
    const args = ["-r", RUSAGE_PRELOAD, MOCHA, "--reporter", "json", "--reporter-option", `output=${report}`];
    const exit = await timedSpawn(args, { ...process.env, BENCH_RUSAGE_FILE: rusageFile });
    let counts: TestCounts | null = null;
    if (fs.existsSync(report)) {
        const stats = (JSON.parse(fs.readFileSync(report, "utf8")) as { stats?: TestCounts }).stats;
        if (stats) counts = { tests: stats.tests, passes: stats.passes, failures: stats.failures, pending: stats.pending };
    }
    return {
        command: "mocha --reporter json (npm test's mocha and .mocharc.json, without the npm wrapper)",
        wallMs: exit.wallMs,
        maxRssKiB: fs.existsSync(rusageFile) ? readMaxRss(rusageFile, "npm test") : null,
        exitCode: exit.code ?? -1,
        counts,
    };
}

export function machineInfo(): MachineInfo {
    const cpus = os.cpus();
    return {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model.trim() || "unknown",
        totalMemoryBytes: os.totalmem(),
        node: process.version,
        platform: process.platform,
        arch: process.arch,
    };
}

function git(args: readonly string[]): string | undefined {
    try {
        return execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
        return undefined;
    }
}

/**
 * The measured commit; tracked files changed since it make the figures not quite its own. The
 * results file itself (`resultsFile`, rewritten by every run) does not count.
 */
export function gitState(resultsFile: string): { commit: string; uncommittedChanges: boolean } {
    const commit = git(["rev-parse", "--short", "HEAD"]) || "unknown";
    const inRepo = path.relative(PROJECT_ROOT, path.resolve(resultsFile));
    const exclude = inRepo.startsWith("..") || path.isAbsolute(inRepo) ? [] : [`:(exclude)${inRepo}`];
    const status = git(["status", "--porcelain", "--untracked-files=no", "--", ".", ...exclude]);
    return { commit, uncommittedChanges: status !== undefined && status !== "" };
}
