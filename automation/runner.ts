// The runner's decisions, free of the Pulumi CLI: guards on protected stacks, retry of a locked
// stack with backoff, exit codes, and the summaries. The driver, clock, sleeper and log are injected.

import type { EngineEvent } from "@pulumi/pulumi/automation";
import { destructiveProtectedSteps, resourceSteps, ResourceStep } from "./changes";
import { Operation, OperationResult, StackDriver, StackLockedError } from "./driver";
import { ChangeCounts, countChanges, hasChanges, maskOutputs, RunStatus, RunSummary } from "./summary";

/** Exit codes, so CI can branch on them (preview's 2 is like `terraform plan -detailed-exitcode`). */
export const EXIT = {
    ok: 0,
    failed: 1,
    changesPresent: 2,
    refused: 3,
    locked: 4,
} as const;

export interface RunOptions {
    readonly operation: Operation;
    readonly protectedStack: boolean;
    /** preview: exit 2 when the preview shows changes. */
    readonly detailedExitCode: boolean;
    /** destroy on a protected stack is refused without it. */
    readonly allowDestroyProtected: boolean;
    /** up on a protected stack is refused when its preview replaces or deletes a protected resource, without it. */
    readonly allowProtectedReplace: boolean;
    /** Attempts in all when the stack is locked by a concurrent update. */
    readonly lockAttempts: number;
    /** First backoff; doubled after each locked attempt. */
    readonly lockBackoffSeconds: number;
}

export const DEFAULT_RUN_OPTIONS: Omit<RunOptions, "operation" | "protectedStack"> = {
    detailedExitCode: false,
    allowDestroyProtected: false,
    allowProtectedReplace: false,
    lockAttempts: 5,
    lockBackoffSeconds: 15,
};

export interface RunDeps {
    readonly now: () => number; // milliseconds
    readonly sleep: (ms: number) => Promise<void>;
    readonly log: (line: string) => void;
    /** Streams each engine event as it arrives (the CLI prints them). */
    readonly onEvent?: (event: EngineEvent) => void;
}

export interface RunOutcome {
    readonly exitCode: number;
    readonly summary: RunSummary;
}

class Refusal extends Error {}

export async function runOperation(driver: StackDriver, options: RunOptions, deps: RunDeps): Promise<RunOutcome> {
    const started = deps.now();
    let steps: ResourceStep[] = [];
    let counts: ChangeCounts = countChanges({});
    const finish = (status: RunStatus, exitCode: number, message?: string, outputs: Record<string, unknown> = {}): RunOutcome => ({
        exitCode,
        summary: {
            stack: driver.stackName,
            operation: options.operation,
            status,
            protectedStack: options.protectedStack,
            changesPresent: hasChanges(counts),
            counts,
            durationSeconds: (deps.now() - started) / 1000,
            steps,
            outputs,
            ...(message ? { message } : {}),
        },
    });

    /** One operation, retried while the stack is locked, events collected and streamed. */
    const attempt = async (op: Operation): Promise<{ result: OperationResult; events: EngineEvent[] }> => {
        let backoff = options.lockBackoffSeconds * 1000;
        for (let n = 1; ; n++) {
            const events: EngineEvent[] = [];
            try {
                const result = await driver.run(op, (e) => {
                    events.push(e);
                    deps.onEvent?.(e);
                });
                return { result, events };
            } catch (e) {
                if (!(e instanceof StackLockedError) || n >= options.lockAttempts) throw e;
                deps.log(`stack ${driver.stackName} is locked by another update (attempt ${n}/${options.lockAttempts}); retrying in ${backoff / 1000} s`);
                await deps.sleep(backoff);
                backoff *= 2;
            }
        }
    };

    try {
        if (options.operation === "destroy" && options.protectedStack && !options.allowDestroyProtected) {
            throw new Refusal(`refusing to destroy ${driver.stackName}: it is a protected environment (platform:protect: true). Pass --allow-destroy-protected to do it deliberately.`);
        }
        if (options.operation === "up" && options.protectedStack) {
            // Preview first: a replacement or deletion of a protected resource must be a deliberate act.
            const preview = await attempt("preview");
            const risky = destructiveProtectedSteps(resourceSteps(preview.events));
            if (risky.length > 0 && !options.allowProtectedReplace) {
                steps = resourceSteps(preview.events);
                counts = countChanges(preview.result.changes);
                throw new Refusal(
                    `refusing to update ${driver.stackName}: the preview would ${risky.map((s) => `${s.op} protected ${s.type} ${s.name}`).join(", ")}. ` +
                    "Pass --allow-protected-replace to do it deliberately.",
                );
            }
        }
        const { result, events } = await attempt(options.operation);
        steps = resourceSteps(events);
        counts = countChanges(result.changes);
        const outputs = options.operation === "preview" ? {} : maskOutputs(await driver.outputs());
        const exitCode = options.operation === "preview" && options.detailedExitCode && hasChanges(counts) ? EXIT.changesPresent : EXIT.ok;
        return finish("succeeded", exitCode, undefined, outputs);
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (e instanceof Refusal) return finish("refused", EXIT.refused, message);
        if (e instanceof StackLockedError) {
            return finish("locked", EXIT.locked, `stack ${driver.stackName} is still locked by another update after ${options.lockAttempts} attempts: ${message}. ` +
                "Wait for it to finish, or if no update is running, `pulumi cancel` it.");
        }
        return finish("failed", EXIT.failed, message);
    }
}
