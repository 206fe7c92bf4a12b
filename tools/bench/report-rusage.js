// Preloaded (-r) into each process `npm run bench` times, so the figure is the whole process's
// peak, including module loading. Written to a file rather than stdout: the benchmark discards
// the child's stdout, and the preview's own output must stay exactly what a user sees.
"use strict";
const fs = require("fs");

const target = process.env.BENCH_RUSAGE_FILE;
if (target) {
    process.on("exit", () => {
        // KiB on Linux and macOS (Node normalises ru_maxrss).
        fs.writeFileSync(target, String(process.resourceUsage().maxRSS));
    });
}
