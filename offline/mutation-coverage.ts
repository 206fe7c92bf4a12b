// What a mutation run (`npm run test:mutation`, Stryker) needs from the harness; inert otherwise.
//
// Stryker instruments the program so that each mutant, when its code runs, counts itself under
// `__stryker__.currentTestId`, and re-runs for a mutant only the tests that counted it. runStack
// breaks that twice unless handled here:
// - it keeps finished runs for the life of the process, and Stryker keeps the process across
//   mutants: a graph built without the mutant (or under another one) would be read under it, so
//   the run's key includes the active mutant;
// - a cached run executes nothing for its later readers, so they would not count the mutants it
//   ran: each run's own counts are kept apart and added to every reader's.
// The counts of suite hooks (where most graphs are built) reach their tests through
// tools/mutation/mocha-hooks.ts.

/** Mutant id → times executed. */
export type MutantCounts = Record<string, number>;

/** The part of Stryker's global namespace (`__stryker__`, @stryker-mutator/api INSTRUMENTER_CONSTANTS) read here. */
export interface MutationNamespace {
    activeMutant?: string;
    currentTestId?: string;
    mutantCoverage?: { static: MutantCounts; perTest: Record<string, MutantCounts> };
}

/** Stryker's namespace, present only in a process that loaded instrumented code. */
export function mutationNamespace(): MutationNamespace | undefined {
    return (globalThis as { __stryker__?: MutationNamespace }).__stryker__;
}

/** Adds `counts` to the counts of the test (or hook scope) `id`; outside any, to the static ones. */
export function creditCoverage(ns: MutationNamespace, id: string | undefined, counts: MutantCounts | undefined): void {
    if (!counts) return;
    const coverage = (ns.mutantCoverage ??= { static: {}, perTest: {} });
    // In place: the instrumented code holds on to these objects.
    const target = id === undefined ? coverage.static : (coverage.perTest[id] ??= {});
    for (const [mutant, count] of Object.entries(counts)) {
        target[mutant] = (target[mutant] ?? 0) + count;
    }
}

/** Removes and returns what was counted under `id`. */
export function takeCoverage(ns: MutationNamespace, id: string): MutantCounts | undefined {
    const counts = ns.mutantCoverage?.perTest[id];
    if (ns.mutantCoverage) delete ns.mutantCoverage.perTest[id];
    return counts;
}

const runCounts = new Map<string, MutantCounts>();
let evaluations = 0;

const MUTANT_MARK = "@mutant:";
let lastMutant: string | undefined;

/**
 * `key` extended with the active mutant, so that no mutant reads a run made under another.
 * The runs of earlier mutants are dropped from `cache`: no one reads them again, and a run
 * of hundreds of mutants would otherwise keep every graph.
 */
export function runKey(key: string, cache: Map<string, unknown>): string {
    const mutant = mutationNamespace()?.activeMutant;
    if (mutant !== lastMutant) {
        lastMutant = mutant;
        for (const stale of [...cache.keys()].filter((cached) => cached.includes(MUTANT_MARK))) {
            cache.delete(stale);
            runCounts.delete(stale);
        }
    }
    return mutant === undefined ? key : `${key}${MUTANT_MARK}${mutant}`;
}

/**
 * Evaluates a run with its mutant counts kept apart under `key`, then credits them to the caller.
 * Runs are evaluated one at a time (each installs the global engine and config), so switching
 * the current test id for the evaluation's duration attributes exactly its own code.
 */
export function coveredEvaluation<T>(key: string, evaluate: () => Promise<T>): Promise<T> {
    const ns = mutationNamespace();
    if (!ns) return evaluate();
    const caller = ns.currentTestId;
    const scope = `(run ${++evaluations}) ${key}`;
    ns.currentTestId = scope;
    const settle = () => {
        const counts = takeCoverage(ns, scope) ?? {};
        runCounts.set(key, counts);
        if (ns.currentTestId === scope) ns.currentTestId = caller;
        creditCoverage(ns, caller, counts);
    };
    let run: Promise<T>;
    try {
        run = evaluate();
    } catch (error) {
        settle();
        throw error;
    }
    return run.finally(settle);
}

/** A cached run handed to another reader: the reader counts what the run executed. */
export function creditCachedRun<T>(key: string, run: Promise<T>): Promise<T> {
    const ns = mutationNamespace();
    if (!ns) return run;
    const reader = ns.currentTestId;
    return run.finally(() => creditCoverage(ns, reader, runCounts.get(key)));
}
