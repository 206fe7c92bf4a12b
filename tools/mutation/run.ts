// `npm run test:mutation [-- --ci] [stryker options]`: Stryker (stryker.config.json) in
// incremental mode against the committed baseline, reports/stryker-incremental.json.
//
// Stryker writes its incremental file with the files of the current run only, so a run for one
// file (`-- --mutate components/network/flow-logs.ts`) would drop every other file's results. It
// runs here on a working copy instead, and what it wrote is merged back into the baseline file by
// file. `--ci` mutates the files the baseline holds, no more: CI re-tests the mutants of changed
// code and of changed tests, and a file enters CI's scope when a run with it is committed.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const BASELINE = path.join(ROOT, "reports", "stryker-incremental.json");
const WORKING = path.join(ROOT, "reports", "mutation", "incremental.json");

/** The parts of a mutation-testing-report-schema report merged here; the rest is taken from the newest run. */
interface Report {
    files: Record<string, unknown>;
    testFiles?: Record<string, unknown>;
    [field: string]: unknown;
}

function readReport(file: string): Report | undefined {
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf-8")) as Report) : undefined;
}

/** The newest run's files replace the baseline's; its test files are all of them (every run runs every test). */
export function mergeReports(baseline: Report | undefined, run: Report): Report {
    const files = { ...(baseline?.files ?? {}), ...run.files };
    return { ...run, files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) };
}

function main(argv: string[]): number {
    const ci = argv.includes("--ci");
    const args = argv.filter((arg) => arg !== "--ci");
    const baseline = readReport(BASELINE);
    if (ci) {
        const files = Object.keys(baseline?.files ?? {});
        if (files.length === 0) {
            console.error(`${path.relative(ROOT, BASELINE)} holds no file: nothing for CI to re-test.`);
            return 1;
        }
        args.push("--mutate", files.join(","));
    }
    fs.mkdirSync(path.dirname(WORKING), { recursive: true });
    if (baseline) fs.copyFileSync(BASELINE, WORKING);
    else fs.rmSync(WORKING, { force: true });
    const started = Date.now();

    // The package exports no bin path; its package.json is exported and names it.
    const manifest = require.resolve("@stryker-mutator/core/package.json");
    const stryker = path.join(
        path.dirname(manifest),
        (JSON.parse(fs.readFileSync(manifest, "utf-8")) as { bin: Record<string, string> }).bin.stryker ?? "",
    );
    const result = spawnSync(
        process.execPath,
        [stryker, "run", "--incremental", "--incrementalFile", path.relative(ROOT, WORKING), ...args],
        {
            cwd: ROOT,
            stdio: "inherit",
        },
    );

    // Written at the end of a run, also one under the break threshold (which still exits non-zero).
    if (fs.existsSync(WORKING) && fs.statSync(WORKING).mtimeMs > started) {
        const run = readReport(WORKING) as Report;
        fs.writeFileSync(BASELINE, `${JSON.stringify(mergeReports(baseline, run), null, 1)}\n`);
        console.log(`${path.relative(ROOT, BASELINE)}: ${Object.keys(run.files).length} file(s) of this run merged into the baseline.`);
    }
    return result.status ?? 1;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
