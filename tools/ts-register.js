// Loads the project's TypeScript for the offline tools, the tests and the benchmark, quickly.
// Profiled on the prd offline preview (4.1 s before, 1.8 s after; see README "Performance"):
// - swc transpiles instead of TypeScript's own emitter (~0.9 s of the 4.1 s). Nothing is lost:
//   types are checked by `npm run typecheck` (tsc), which CI runs before the tests.
// - @pulumi/pulumi reads `new Error().stack` for every promise it makes (its leak detector) and
//   for every resource (its source position). ts-node maps each of those frames through source
//   maps (~1.2 s of the 4.1 s) for traces nobody reads offline. Errors meant for a person carry
//   a message, and those are still mapped to the .ts lines.
// `pulumi up` does not load this file: the Pulumi CLI registers ts-node itself.
"use strict";
const path = require("path");

require("ts-node").register({ swc: true, project: path.join(__dirname, "..", "tsconfig.json") });

const mapToSource = Error.prepareStackTrace;
Error.prepareStackTrace = function prepareStackTrace(error, callSites) {
    if (error && error.message && mapToSource) return mapToSource(error, callSites);
    // V8's own format, which is what Pulumi parses for source positions.
    const head = error && error.name ? String(error.name) : "Error";
    return head + callSites.map((site) => `\n    at ${site}`).join("");
};
