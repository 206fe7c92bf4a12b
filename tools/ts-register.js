// Loads the project's TypeScript for the offline tools, the tests and the benchmark, quickly.
// Profiled on the prd offline preview (4.1 s before, under 2 s after; see README "Performance"):
// - swc transpiles instead of TypeScript's own emitter (~0.9 s of the 4.1 s). Nothing is lost:
//   types are checked by `npm run typecheck` (tsc), which CI runs before the tests.
// - @pulumi/pulumi reads `new Error().stack` for every promise it makes (its leak detector) and
//   for every resource (its source position), and ts-node maps each of those frames through
//   source maps: ~1.2 s of the 4.1 s for prd, and growing with every resource. Those bookkeeping
//   stacks (no message, created inside @pulumi/pulumi) are left unformatted; nothing offline reads
//   them. Every other stack is still mapped to the .ts lines. PULUMI_DEBUG_PROMISE_LEAKS=1 (the
//   SDK's own switch for chasing leaked promises) keeps them all.
// `pulumi up` does not load this file: the Pulumi CLI registers ts-node itself.
"use strict";
const path = require("path");

require("ts-node").register({ swc: true, project: path.join(__dirname, "..", "tsconfig.json") });

const PULUMI_SDK = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
const mapToSource = Error.prepareStackTrace;
if (mapToSource && !process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
    Error.prepareStackTrace = function prepareStackTrace(error, callSites) {
        const bookkeeping =
            !(error && error.message) && callSites.length > 0 && String(callSites[0].getFileName() || "").includes(PULUMI_SDK);
        return bookkeeping ? String((error && error.name) || "Error") : mapToSource(error, callSites);
    };
}
