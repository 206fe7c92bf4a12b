// `npm run bench` command line.

import * as path from "path";
import { parseArgs } from "util";
import { usageErrorOf, UsageError } from "../command-line";

export const USAGE =
    "usage: npm run bench -- [--runs <n>] [--quick] [--skip-tests] [--out <file>]\n" +
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

export { UsageError };

const FLAGS = {
    runs: { type: "string" },
    quick: { type: "boolean" },
    "skip-tests": { type: "boolean" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

const runsProblem = (value: string) => `--runs takes an integer of at least 1, not "${value}"\n${USAGE}`;
const OUT_PROBLEM = `--out takes a file\n${USAGE}`;

export function parseBenchArgs(argv: readonly string[], projectRoot: string, cwd = process.cwd()): BenchOptions {
    let values;
    try {
        ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
    } catch (e) {
        throw usageErrorOf(e, argv, USAGE, (flag, value) => (flag === "runs" ? runsProblem(value ?? "") : OUT_PROBLEM));
    }
    if (values.help) throw new UsageError(USAGE);
    let runs: number | undefined;
    if (values.runs !== undefined) {
        runs = /^[0-9]+$/.test(values.runs) ? Number(values.runs) : NaN;
        if (!Number.isSafeInteger(runs) || runs < 1) throw new UsageError(runsProblem(values.runs));
    }
    if (values.out === "") throw new UsageError(OUT_PROBLEM);
    const quick = values.quick ?? false;
    const out = values.out === undefined ? path.join(projectRoot, "bench", "results.json") : path.resolve(cwd, values.out);
    return { runs: runs ?? (quick ? 1 : DEFAULT_RUNS), quick, skipTests: (values["skip-tests"] ?? false) || quick, out };
}
