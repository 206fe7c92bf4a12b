// Which runner each stack's preview/deploy job runs on: `node .github/scripts/deploy-runner.cjs <stack>...`
// from the repository root, in a job on a GitHub-hosted runner that holds no credentials.
//
// The Kubernetes provider runs where `pulumi up` runs, and a stack's EKS API endpoint is private
// (prd) or open only to listed CIDRs (dev, which cannot list GitHub's runners), so such a stack's
// jobs must run inside its VPC. Pulumi.<stack>.yaml says how (platform:deployRunner, default
// codebuild); the repository variable RUNNER_<STACK> (env here) says which runner:
//   codebuild     the CodeBuild project the stack created, i.e. its deployRunnerProject output
//                 (<project>-<environment>-deploy-runner); the job asks for
//                 codebuild-<project>-<run_id>-<run_attempt>, the label CodeBuild's runner answers
//                 (https://docs.aws.amazon.com/codebuild/latest/userguide/sample-github-action-runners-update-labels.html)
//   self-hosted   a JSON list of labels that includes "self-hosted", so no GitHub-hosted machine
//                 can ever match it
//   github-hosted only for a stack without EKS (platform:eksEnabled: false): a JSON list or one
//                 label, default ubuntu-24.04
// For each stack it writes two step outputs: <stack> (the runs-on value as JSON, with {0} and {1}
// for the job's own github.run_id and github.run_attempt: the job expands it with format(), so a
// re-run of a failed job asks for its own attempt's label, not this job's) and <stack>-region (the
// stack's aws:region, so no region is assumed anywhere else). A stack that is not set up right gets
// an ::error:: saying what to set, and the exit code is 1.
"use strict";
const fs = require("fs");
const path = require("path");

const MODES = ["codebuild", "self-hosted", "github-hosted"];
const DEFAULT_MODE = "codebuild";
const DEFAULT_GITHUB_HOSTED = "ubuntu-24.04";
// The images GitHub runs: ubuntu-*, windows-*, macos-* (https://github.com/actions/runner-images#available-images).
const GITHUB_HOSTED_LABEL = /^(ubuntu|windows|macos)-/i;
// CodeBuild's ProjectName pattern (API reference, CreateProject: name).
const CODEBUILD_PROJECT = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/;

class RunnerConfigError extends Error {}

/**
 * The plain scalars of a Pulumi YAML file: its top-level keys, and the keys of its `config:` map.
 * Just enough YAML for the few keys read here, so this job needs no `npm ci`; anything richer (a
 * flow or block value, an anchor, a tag) reads as undefined plus a note that it is not plain, and a
 * key that matters here is refused when so written. tests/delivery-workflows.test.ts compares it
 * with a full YAML parser on every stack file.
 */
function readScalars(text) {
    const top = {};
    const config = {};
    const complex = new Set();
    let inConfig = false;
    let childIndent;
    for (const raw of text.split(/\r?\n/)) {
        if (/^\s*(#.*)?$/.test(raw)) continue;
        const line = /^(\s*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|\S+?):(?:\s+(.*?))?\s*$/.exec(raw);
        const indent = line ? line[1].length : raw.length - raw.trimStart().length;
        if (indent === 0) {
            inConfig = line !== null && unquote(line[2]) === "config";
            childIndent = undefined;
            if (line && !inConfig) assign(top, unquote(line[2]), line[3]);
            continue;
        }
        if (!inConfig || !line) continue;
        if (childIndent === undefined) childIndent = indent;
        if (indent === childIndent) assign(config, unquote(line[2]), line[3]);
    }
    return { top, config, complex };

    function assign(target, key, value) {
        const scalar = parseScalar(value);
        if (scalar === undefined) complex.add(key);
        target[key] = scalar;
    }
}

function unquote(key) {
    return /^["']/.test(key) ? parseScalar(key) : key;
}

/** A plain or quoted scalar as a string, or undefined for anything else (or nothing). */
function parseScalar(value) {
    if (value === undefined || value === "") return undefined;
    const double = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(value);
    if (double) return JSON.parse(`"${double[1]}"`);
    const single = /^'((?:[^']|'')*)'\s*(#.*)?$/.exec(value);
    if (single) return single[1].replace(/''/g, "'");
    if (/^[[{|>&*!%@`"']/.test(value)) return undefined;
    return value.replace(/\s+#.*$/, "");
}

function readStackFile(file) {
    if (!fs.existsSync(file))
        throw new RunnerConfigError(`${file} does not exist: stacks are created by a person (pulumi stack init) and their file committed`);
    return readScalars(fs.readFileSync(file, "utf8"));
}

function plain(scalars, key, file) {
    if (scalars.complex.has(key)) throw new RunnerConfigError(`${file}: write ${key} as a plain value`);
    return scalars.config[key];
}

function booleanOf(value, key, file, fallback) {
    if (value === undefined) return fallback;
    if (/^(true|True|TRUE)$/.test(value)) return true;
    if (/^(false|False|FALSE)$/.test(value)) return false;
    throw new RunnerConfigError(`${file}: ${key} must be true or false, not "${value}"`);
}

/** A JSON list of labels from a repository variable, or a RunnerConfigError naming the variable. */
function labelList(value, variable) {
    let list;
    try {
        list = JSON.parse(value);
    } catch {
        list = undefined;
    }
    if (!Array.isArray(list) || list.length === 0 || !list.every((l) => typeof l === "string" && l.trim() !== "")) {
        throw new RunnerConfigError(`${variable} must be a JSON list of runner labels, e.g. ["self-hosted","linux","x64"], not ${value}`);
    }
    return list;
}

/** GitHub's format() reads {n} as a placeholder; labels keep their braces by doubling them. */
function escapeFormat(json) {
    return json.replace(/[{}]/g, (c) => c + c);
}

/**
 * The runs-on value (as a format() template) and region of one stack, from its stack file, the
 * project file and the repository variable; throws RunnerConfigError when the stack cannot run so.
 */
function resolveRunner({ stack, root, variableValue }) {
    const variable = `RUNNER_${stack.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
    const stackFile = path.join(root, `Pulumi.${stack}.yaml`);
    const shown = path.basename(stackFile);
    const scalars = readStackFile(stackFile);
    const region = plain(scalars, "aws:region", shown);
    if (!region) throw new RunnerConfigError(`${shown}: aws:region is not set; every stack names its region`);
    const mode = plain(scalars, "platform:deployRunner", shown) ?? DEFAULT_MODE;
    if (!MODES.includes(mode)) throw new RunnerConfigError(`${shown}: platform:deployRunner is "${mode}"; it takes ${MODES.join(" | ")}`);
    const eks = booleanOf(plain(scalars, "platform:eksEnabled", shown), "platform:eksEnabled", shown, true);
    const value = (variableValue ?? "").trim();
    const unset = `the repository variable ${variable} is not set`;

    if (mode === "codebuild") {
        const project = readScalars(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")).top.name;
        const environment = plain(scalars, "platform:environment", shown);
        const expected = project && environment ? `${project}-${environment}-deploy-runner` : undefined;
        const hint = `set it to the stack's deployRunnerProject output${expected ? ` (${expected})` : ""}, after the stack's first \`up --bootstrap\` created that CodeBuild project (docs/running-for-real.md)`;
        if (!value)
            throw new RunnerConfigError(
                `${stack} runs its jobs on its CodeBuild runner (platform:deployRunner: codebuild) but ${unset}: ${hint}`,
            );
        if (/^[[{]/.test(value) || GITHUB_HOSTED_LABEL.test(value) || !CODEBUILD_PROJECT.test(value)) {
            throw new RunnerConfigError(
                `${variable} is "${value}", but ${stack} runs on its CodeBuild runner (platform:deployRunner: codebuild): ${variable} names that CodeBuild project, not a runner label; ${hint}`,
            );
        }
        if (expected && value !== expected) {
            throw new RunnerConfigError(
                `${variable} names CodeBuild project "${value}", but ${stack}'s runner is "${expected}" (its deployRunnerProject output); another stack's runner is in another VPC`,
            );
        }
        return { mode, region, runsOn: JSON.stringify([`codebuild-${value}-{0}-{1}`]) };
    }

    if (mode === "self-hosted") {
        if (!value)
            throw new RunnerConfigError(
                `${stack} runs its jobs on a self-hosted runner (platform:deployRunner: self-hosted) but ${unset}: set it to that runner's labels as a JSON list, e.g. ["self-hosted","linux","${stack}-deploy"]`,
            );
        const labels = labelList(value, variable);
        const hosted = labels.filter((l) => GITHUB_HOSTED_LABEL.test(l));
        if (hosted.length > 0)
            throw new RunnerConfigError(
                `${variable} asks for GitHub-hosted ${hosted.join(", ")}, which cannot reach ${stack}'s EKS API; list the self-hosted runner's labels`,
            );
        if (!labels.includes("self-hosted"))
            throw new RunnerConfigError(
                `${variable} must include the label "self-hosted", so that only a self-hosted runner can take ${stack}'s jobs`,
            );
        return { mode, region, runsOn: escapeFormat(JSON.stringify(labels)) };
    }

    if (eks) {
        throw new RunnerConfigError(
            `${shown}: platform:deployRunner is github-hosted, but the stack has an EKS cluster (platform:eksEnabled is not false) whose API a GitHub-hosted runner cannot reach; use codebuild or self-hosted`,
        );
    }
    const labels = !value ? [DEFAULT_GITHUB_HOSTED] : /^\[/.test(value) ? labelList(value, variable) : [value];
    return { mode, region, runsOn: escapeFormat(JSON.stringify(labels)) };
}

function main(stacks, env, root) {
    if (stacks.length === 0) {
        process.stderr.write("usage: node .github/scripts/deploy-runner.cjs <stack>...\n");
        return 64;
    }
    const outputs = [];
    let failed = false;
    for (const stack of stacks) {
        if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
            process.stdout.write(`::error::not a stack name: ${JSON.stringify(stack)}\n`);
            failed = true;
            continue;
        }
        try {
            const variable = `RUNNER_${stack.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
            const r = resolveRunner({ stack, root, variableValue: env[variable] });
            outputs.push(`${stack}=${r.runsOn}`, `${stack}-region=${r.region}`);
            process.stdout.write(`${stack}: ${r.mode}, runs-on ${r.runsOn} ({0}/{1}: the job's run id and attempt), region ${r.region}\n`);
        } catch (e) {
            if (!(e instanceof RunnerConfigError)) throw e;
            // Workflow commands end at a newline; the message has none.
            process.stdout.write(`::error title=No runner for ${stack}::${e.message}\n`);
            failed = true;
        }
    }
    if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, outputs.map((o) => `${o}\n`).join(""));
    return failed ? 1 : 0;
}

module.exports = { resolveRunner, readScalars, RunnerConfigError, main };

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), process.env, process.cwd());
}
