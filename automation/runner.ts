// The runner's decisions, free of the Pulumi CLI: guards on protected stacks, retry of a locked
// stack with backoff, exit codes, and the summaries. The driver, clock, sleeper and log are injected.

import type { EngineEvent } from "@pulumi/pulumi/automation";
import {
    destructiveCapacitySteps,
    destructiveProtectedSteps,
    nameOfUrn,
    policyViolations,
    PolicyViolation,
    resourceSteps,
    ResourceStep,
} from "./changes";
import { isStackLocked, isStackMissing, Operation, OperationResult, StackDriver } from "./driver";
import { DeliveryEnvironment } from "./environment";
import { createStackInCiMessage } from "./stack-init";
import { ChangeCounts, countChanges, hasChanges, maskOutputs, RunStatus, RunSummary } from "./summary";

/** Exit codes, so CI can branch on them (preview's 2 is like `terraform plan -detailed-exitcode`). */
export const EXIT = {
    ok: 0,
    failed: 1,
    changesPresent: 2,
    refused: 3,
    locked: 4,
    /** The stack does not exist and --create-stack was not given: someone must create it once, deliberately. */
    stackMissing: 5,
} as const;

export const FLAG = {
    allowDestroyProtected: "--allow-destroy-protected",
    allowProtectedReplace: "--allow-protected-replace",
    allowCapacityReplace: "--allow-capacity-replace",
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
    /** up on a protected stack is refused when its preview replaces or deletes a capacity resource (lib/capacity.ts), without it. */
    readonly allowCapacityReplace: boolean;
    /** Attempts in all when the stack is locked by a concurrent update. */
    readonly lockAttempts: number;
    /** First backoff; doubled after each locked attempt. */
    readonly lockBackoffSeconds: number;
    /** preview/up leave out the Kubernetes provider and its dependents (the driver passes the exclusions). */
    readonly bootstrap: boolean;
    /** Policy packs the driver passes to preview and up (absolute paths), for the summary. */
    readonly policyPacks: readonly string[];
    /** The project's policy pack was switched off; refused on a protected stack. */
    readonly noPolicy: boolean;
    /** Create the stack when it does not exist; refused in CI. */
    readonly createStack: boolean;
    /** Backend, secrets provider and CI, for the messages that say how to create a stack. */
    readonly environment: DeliveryEnvironment;
}

export const DEFAULT_RUN_OPTIONS: Omit<RunOptions, "operation" | "protectedStack" | "environment"> = {
    detailedExitCode: false,
    allowDestroyProtected: false,
    allowProtectedReplace: false,
    allowCapacityReplace: false,
    lockAttempts: 5,
    lockBackoffSeconds: 15,
    bootstrap: false,
    policyPacks: [],
    noPolicy: false,
    createStack: false,
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

/** The refusal of an `up` whose guard preview replaces or deletes what needs a flag; undefined when it may go ahead. */
export function destructiveRefusal(
    stackName: string,
    steps: readonly ResourceStep[],
    options: Pick<RunOptions, "allowProtectedReplace" | "allowCapacityReplace">,
): string | undefined {
    const protectedHits = new Set(options.allowProtectedReplace ? [] : destructiveProtectedSteps(steps));
    const capacityHits = new Set(options.allowCapacityReplace ? [] : destructiveCapacitySteps(steps));
    const blocked = steps.filter((s) => protectedHits.has(s) || capacityHits.has(s));
    if (blocked.length === 0) return undefined;
    const describe = (s: ResourceStep) => {
        const why = [protectedHits.has(s) ? "protected" : "", capacityHits.has(s) ? "capacity" : ""].filter(Boolean).join(" ");
        const keys = s.replaceKeys.length > 0 ? ` (replacing keys: ${s.replaceKeys.join(", ")})` : "";
        return `${s.op} ${why} ${s.type} ${s.name}${keys}`;
    };
    const flags = [protectedHits.size > 0 ? FLAG.allowProtectedReplace : "", capacityHits.size > 0 ? FLAG.allowCapacityReplace : ""].filter(
        Boolean,
    );
    return `refusing to update ${stackName}: the preview would ${blocked.map(describe).join(", ")}. Pass ${flags.join(" and ")} to do it deliberately.`;
}

/** Refusals decided from the options alone, before the engine is reached. */
function refusalBeforeEngine(stackName: string, options: RunOptions): string | undefined {
    if (options.operation === "destroy" && options.protectedStack && !options.allowDestroyProtected) {
        return `refusing to destroy ${stackName}: it is a protected environment (platform:protect: true). Pass ${FLAG.allowDestroyProtected} to do it deliberately.`;
    }
    if (options.noPolicy && options.protectedStack) {
        return `refusing --no-policy on ${stackName}: it is a protected environment (platform:protect: true), whose previews and updates always run the policy packs.`;
    }
    if (options.createStack && options.environment.ci) {
        return createStackInCiMessage(stackName, options.environment);
    }
    return undefined;
}

function failureMessage(operation: Operation, message: string, violations: readonly PolicyViolation[]): string {
    const mandatory = violations.filter((v) => v.enforcement === "mandatory");
    if (mandatory.length === 0) return message;
    const list = mandatory.map((v) => `${v.pack}/${v.policy}${v.urn ? ` on ${nameOfUrn(v.urn)}` : ""}`).join(", ");
    return `the policy packs blocked the ${operation} with ${mandatory.length} mandatory violation(s): ${list}. ${message}`;
}

export async function runOperation(driver: StackDriver, options: RunOptions, deps: RunDeps): Promise<RunOutcome> {
    const started = deps.now();
    let steps: ResourceStep[] = [];
    let counts: ChangeCounts = countChanges({});
    /** Events of the latest engine call, kept also when it fails: a failed preview still names its policy violations. */
    let seen: EngineEvent[] = [];
    const finish = (status: RunStatus, exitCode: number, message?: string, outputs: Record<string, unknown> = {}): RunOutcome => ({
        exitCode,
        summary: {
            stack: driver.stackName,
            operation: options.operation,
            status,
            protectedStack: options.protectedStack,
            bootstrap: options.bootstrap,
            policyPacks: options.policyPacks,
            changesPresent: hasChanges(counts),
            counts,
            durationSeconds: (deps.now() - started) / 1000,
            steps,
            policyViolations: policyViolations(seen),
            outputs,
            ...(message ? { message } : {}),
        },
    });

    /** One operation, retried while the stack is locked, events collected and streamed. */
    const attempt = async (op: Operation): Promise<{ result: OperationResult; events: EngineEvent[] }> => {
        let backoff = options.lockBackoffSeconds * 1000;
        for (let n = 1; ; n++) {
            const events: EngineEvent[] = [];
            seen = events;
            try {
                const result = await driver.run(op, (e) => {
                    events.push(e);
                    deps.onEvent?.(e);
                });
                return { result, events };
            } catch (e) {
                if (!isStackLocked(e) || n >= options.lockAttempts) throw e;
                deps.log(
                    `stack ${driver.stackName} is locked by another update (attempt ${n}/${options.lockAttempts}); retrying in ${backoff / 1000} s`,
                );
                await deps.sleep(backoff);
                backoff *= 2;
            }
        }
    };

    try {
        const refusal = refusalBeforeEngine(driver.stackName, options);
        if (refusal) throw new Refusal(refusal);
        if (options.operation === "up" && options.protectedStack) {
            // Preview first: replacing or deleting a protected or capacity-carrying resource must be a deliberate act.
            const preview = await attempt("preview");
            const previewSteps = resourceSteps(preview.events);
            const refused = destructiveRefusal(driver.stackName, previewSteps, options);
            if (refused) {
                steps = previewSteps;
                counts = countChanges(preview.result.changes);
                throw new Refusal(refused);
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
        if (isStackMissing(e)) return finish("stack-missing", EXIT.stackMissing, message);
        if (isStackLocked(e)) {
            return finish(
                "locked",
                EXIT.locked,
                `stack ${driver.stackName} is still locked by another update after ${options.lockAttempts} attempts: ${message.replace(/\.$/, "")}. ` +
                    "Wait for it to finish, or if no update is running, `pulumi cancel` it.",
            );
        }
        if (steps.length === 0) steps = resourceSteps(seen);
        return finish("failed", EXIT.failed, failureMessage(options.operation, message, policyViolations(seen)));
    }
}
