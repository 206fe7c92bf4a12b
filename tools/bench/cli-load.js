// Loads index.ts the way `pulumi preview`/`up` does, in this fresh process, and reports how long
// that took: `node tools/bench/cli-load.js [--entry <file>] [--report <file>]`.
//
// The Pulumi CLI's Node.js language host starts node on @pulumi/pulumi/cmd/run, which (run.js in
// @pulumi/pulumi 3.270.0, the non-ESM branch; this package has no "type": "module") registers
// ts-node from the project's node_modules with:
//   transpileOnly: PULUMI_NODEJS_TRANSPILE_ONLY === "true" when that variable is set, else the
//                  tsconfig's compilerOptions.noCheck (undefined here);
//   project: PULUMI_NODEJS_TSCONFIG_PATH (Pulumi.yaml runtime.options.tsconfig) or tsconfig.json;
//   compilerOptions: ES2020 / nodenext defaults overlaid by the tsconfig's own compilerOptions.
// transpileOnly left undefined lets ts-node take it from the tsconfig's "ts-node" block, which is
// how this project turns type checking off for every `pulumi` run (tsconfig.json says why).
// The same steps are taken below, with Pulumi's own helpers where it exports them, then the entry
// is required. index.ts only exports the program's function, so requiring it loads (and, unless
// transpile-only, type-checks) the whole module graph without needing an engine; the function is
// not called. What is left out: the gRPC connection to the engine and the program's run.
// Prints nothing on success; the figures go to --report as JSON. Exit 1 when loading fails.
"use strict";
const fs = require("fs");
const path = require("path");

const started = process.hrtime.bigint();
const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const msSince = (t) => Number(process.hrtime.bigint() - t) / 1e6;

function parseArgs(argv) {
    const args = { entry: path.join(PROJECT_ROOT, "index.ts"), report: undefined };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--entry") args.entry = path.resolve(argv[++i]);
        else if (argv[i] === "--report") args.report = path.resolve(argv[++i]);
        else throw new Error(`unexpected argument ${argv[i]}`);
    }
    return args;
}

/** Pulumi.yaml's runtime options, which the language host turns into PULUMI_NODEJS_* variables. */
function runtimeOptions() {
    const { parse } = require("yaml");
    const project = parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8"));
    return (project.runtime && typeof project.runtime === "object" && project.runtime.options) || {};
}

function main() {
    const args = parseArgs(process.argv.slice(2));
    // The host runs the program with --pwd <project directory>.
    process.chdir(PROJECT_ROOT);
    const options = runtimeOptions();
    if (options.typescript !== true)
        throw new Error("Pulumi.yaml runtime.options.typescript is not true: the CLI would not register ts-node at all");

    const registerStarted = process.hrtime.bigint();
    const tsutils = require("@pulumi/pulumi/tsutils");
    const tsConfigPath =
        process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? (typeof options.tsconfig === "string" ? options.tsconfig : "tsconfig.json");
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
    // Pulumi swallows a parse error and goes on with its own defaults; a figure taken so would not be this project's.
    if (fs.existsSync(tsConfigPath) && Object.keys(compilerOptions).length === 0)
        throw new Error(`${tsConfigPath}: Pulumi's reader found no compilerOptions in it`);
    const env = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnlyRequested = env ? env === "true" : compilerOptions.noCheck;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const ts = require(typescriptRequire);
    const [major, minor] = ts.version.split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    const service = require(tsnodeRequire).register({
        compiler: typescriptRequire,
        transpileOnly: transpileOnlyRequested,
        project: tsConfigPath,
        skipProject: !fs.existsSync(tsConfigPath),
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...compilerOptions,
        },
    });
    const registerMs = msSince(registerStarted);

    const requireStarted = process.hrtime.bigint();
    const program = require(args.entry);
    const requireMs = msSince(requireStarted);

    const report = {
        transpileOnlyRequested: transpileOnlyRequested ?? null,
        // What ts-node settled on after merging the tsconfig's "ts-node" block: the mode measured.
        transpileOnly: service.transpileOnly === true,
        typescript: ts.version,
        exportsFunction: typeof program === "function",
        registerMs,
        requireMs,
        totalMs: msSince(started),
    };
    if (args.report) fs.writeFileSync(args.report, JSON.stringify(report) + "\n");
}

try {
    main();
} catch (e) {
    process.stderr.write(`${e && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 1;
}
