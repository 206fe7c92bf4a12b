// Mocha root hooks loaded by the mutation run only (stryker.config.json, mochaOptions.require).
//
// Stryker's mocha runner sets `currentTestId` in a root beforeEach and never clears it, so what
// a suite's before() hooks execute (the graphs most suites read) is counted for the previous
// suite's last test, and a mutant in it would not re-run the suite that reads it. Here, between
// tests the counts go to a scope of their own; at the next test they are handed to the outermost
// suite entered since the previous test (whose hooks ran them), and every test is credited with
// the counts of all its enclosing suites. Registered before Stryker's own root beforeEach, which
// then points `currentTestId` at the test itself.

import type { Context, Suite } from "mocha";
import { creditCoverage, MutantCounts, mutationNamespace, takeCoverage } from "../../offline/mutation-coverage";

const BETWEEN_TESTS = "(between tests)";

const suiteCounts = new Map<Suite, MutantCounts>();
let previousSuites: Suite[] = [];

function enclosingSuites(suite: Suite | undefined): Suite[] {
    const chain: Suite[] = [];
    for (let s = suite; s; s = s.parent) chain.unshift(s);
    return chain;
}

function add(into: MutantCounts, counts: MutantCounts): void {
    for (const [mutant, count] of Object.entries(counts)) into[mutant] = (into[mutant] ?? 0) + count;
}

export const mochaHooks = {
    beforeAll(): void {
        const ns = mutationNamespace();
        if (ns) ns.currentTestId = BETWEEN_TESTS;
    },
    beforeEach(this: Context): void {
        const ns = mutationNamespace();
        const test = this.currentTest;
        // Coverage is read from the dry run alone; a mutant's run needs none of this.
        if (!ns || !test || ns.activeMutant !== undefined) return;
        const suites = enclosingSuites(test.parent);
        const pending = takeCoverage(ns, BETWEEN_TESTS);
        if (pending) {
            // The root suite (index 0) is never "entered": what runs before the first test belongs to its file's suites.
            const entered = suites.findIndex((suite, i) => i > 0 && previousSuites[i] !== suite);
            const owner = suites[entered === -1 ? suites.length - 1 : entered];
            if (owner) {
                const counts = suiteCounts.get(owner) ?? {};
                add(counts, pending);
                suiteCounts.set(owner, counts);
            }
        }
        previousSuites = suites;
        for (const suite of suites) creditCoverage(ns, test.fullTitle(), suiteCounts.get(suite));
    },
    afterEach(): void {
        const ns = mutationNamespace();
        if (ns && ns.activeMutant === undefined) ns.currentTestId = BETWEEN_TESTS;
    },
    afterAll(): void {
        // What ran after the last test (after() hooks) belongs to no test: static, as at load time.
        const ns = mutationNamespace();
        if (ns && ns.activeMutant === undefined) creditCoverage(ns, undefined, takeCoverage(ns, BETWEEN_TESTS));
    },
};
