// `npm run bench` command line.

import * as path from "path";

export const USAGE = "usage: npm run bench -- [--runs <n>] [--quick] [--skip-tests] [--out <file>]\n" +
    "  --runs <n>     measured runs per figure, after one warm-up (default 5, at least 1)\n" +
    "  --quick        smoke check: 1 run, no npm test, not the largest N of each series (--runs still applies)\n" +
    "  --skip-tests   do not time npm test\n" +
    "  --out <file>   results JSON (default bench/results.json)";

export const DEFAULT_RUNS = 5;

export interface BenchOptions {
    readonly runs: number;
    readonly quick: boolean;
    readonly skipTests: boolean;
    /** Absolute path of the results JSON. */
    readonly out: string;
}

export class UsageError extends Error {}

export function parseBenchArgs(argv: readonly string[], projectRoot: string, cwd = process.cwd()): BenchOptions {
    let runs: number | undefined;
    let quick = false;
    let skipTests = false;
    let out = path.join(projectRoot, "bench", "results.json");
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--runs") {
            const value = argv[++i] ?? "";
            runs = /^[0-9]+$/.test(value) ? Number(value) : NaN;
            if (!Number.isSafeInteger(runs) || runs < 1) throw new UsageError(`--runs takes an integer of at least 1, not "${value}"\n${USAGE}`);
        } else if (arg === "--quick") {
            quick = true;
        } else if (arg === "--skip-tests") {
            skipTests = true;
        } else if (arg === "--out") {
            const value = argv[++i];
            if (!value) throw new UsageError(`--out takes a file\n${USAGE}`);
            out = path.resolve(cwd, value);
        } else if (arg === "--help" || arg === "-h") {
            throw new UsageError(USAGE);
        } else {
            throw new UsageError(`unexpected argument ${arg}\n${USAGE}`);
        }
    }
    return { runs: runs ?? (quick ? 1 : DEFAULT_RUNS), quick, skipTests: skipTests || quick, out };
}
