// Runs the real program (index.ts) for a stack under the offline engine and returns the recorded
// graph and the resolved stack outputs, once every registration has been answered.

import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installOfflineEngine, OfflineEngine, StackReferenceState } from "./engine";
import { Graph } from "./graph";
import { coveredEvaluation, creditCachedRun, runKey } from "./mutation-coverage";
import { loadStackConfig, PROJECT_ROOT, StackConfig } from "./stack-config";

export interface ProgramRun {
    readonly config: StackConfig;
    readonly engine: OfflineEngine;
    readonly graph: Graph;
    readonly outputs: Record<string, unknown>;
    /** Names of the stack outputs that are secret (masked in previews and snapshots). */
    readonly secretOutputs: string[];
}

const DEFAULT_REGION = "ap-northeast-1";

let latestEngine: OfflineEngine | undefined;

/** The engine of the most recent run, also when that run failed: what had been registered before it threw. */
export function lastEngine(): OfflineEngine | undefined {
    return latestEngine;
}

/** Resolves any Input (Outputs nested in arrays and objects too) to its plain value. */
export function resolve<T>(value: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
    return new Promise((done) => pulumi.output(value).apply((v) => done(v)));
}

const completedRuns = new Map<string, Promise<ProgramRun>>();

/**
 * Runs index.ts for `stack` with `overrides` (full config keys) applied over its stack file.
 * Rejects with the program's own error (e.g. a ConfigValidationError) when it throws.
 * A successful run is shared by later calls with the same stack and overrides (the graph is
 * read-only data); `fresh` forces a new evaluation.
 */
export function runStack(stack: string, overrides: Record<string, unknown> = {}, options: { fresh?: boolean } = {}): Promise<ProgramRun> {
    const cacheKey = runKey(JSON.stringify([stack, overrides]), completedRuns);
    const cached = completedRuns.get(cacheKey);
    if (cached && !options.fresh) {
        return creditCachedRun(cacheKey, cached);
    }
    const run = coveredEvaluation(cacheKey, () => evaluate(stack, overrides));
    completedRuns.set(cacheKey, run);
    run.catch(() => completedRuns.delete(cacheKey));
    return run;
}

function evaluate(stack: string, overrides: Record<string, unknown>): Promise<ProgramRun> {
    return evaluateProgram(PROJECT_ROOT, stack, overrides, {});
}

/**
 * Runs another Pulumi project of this repository (its directory holds Pulumi.yaml, Pulumi.<stack>.yaml
 * and index.ts) under the offline engine, its stack references answered with the given outputs:
 * how the example application is previewed and tested against the platform's own offline outputs.
 * Never cached: each call evaluates the program afresh.
 */
export function runProgram(
    dir: string,
    stack: string,
    options: { overrides?: Record<string, unknown>; stackReferences?: Readonly<Record<string, StackReferenceState>> } = {},
): Promise<ProgramRun> {
    return evaluateProgram(path.resolve(dir), stack, options.overrides ?? {}, { stackReferences: options.stackReferences });
}

async function evaluateProgram(
    root: string,
    stack: string,
    overrides: Record<string, unknown>,
    engineOptions: { stackReferences?: Readonly<Record<string, StackReferenceState>> },
): Promise<ProgramRun> {
    const config = loadStackConfig(stack, overrides, root);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    const engine = installOfflineEngine({
        project: config.project,
        stack,
        region: config.values["aws:region"] ?? DEFAULT_REGION,
        ...engineOptions,
    });
    latestEngine = engine;
    const entry = path.join(root, "index.ts");
    // The program's own return value: what runInPulumiStack hands back is already unwrapped, and
    // knowing which outputs are secret needs the Outputs themselves.
    let exported: unknown;
    await pulumi.runtime.runInPulumiStack(async () => {
        // A fresh evaluation per run: the program reads config at load time, as under `pulumi up`.
        for (const cached of Object.keys(require.cache)) {
            // The program's own modules only: not the engine (its state is this run), nor the tests, nor packages.
            if (
                cached.startsWith(PROJECT_ROOT) &&
                ![`${path.sep}node_modules${path.sep}`, `${path.sep}tests${path.sep}`, `${path.sep}offline${path.sep}`].some((dir) =>
                    cached.includes(dir),
                )
            ) {
                delete require.cache[cached];
            }
        }
        // Like the Pulumi nodejs host: a program may export a function (possibly async) that returns the outputs.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded as the Pulumi host loads it; import() would wrap a function export in a namespace
        const program: unknown = require(entry);
        exported = typeof program === "function" ? await (program as () => unknown)() : program;
        return exported as Record<string, unknown>;
    });
    await engine.settle();
    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [name, value] of Object.entries((exported ?? {}) as Record<string, pulumi.Input<unknown>>)) {
        outputs[name] = await resolve(value);
        if (await pulumi.isSecret(pulumi.output(value))) secretOutputs.push(name);
    }
    return { config, engine, graph: new Graph(engine.resources), outputs, secretOutputs };
}
