// The narrow seam between the runner's decisions and the Pulumi Automation API. The runner only
// sees this interface, so its logic (guards, retries, exit codes, summaries) is unit-tested with
// recorded engine events; automation/pulumi-driver.ts is the one implementation that needs the CLI
// (tests/delivery-driver.test.ts runs it against a stand-in `pulumi` executable).

import type { EngineEvent, OpMap, OutputMap } from "@pulumi/pulumi/automation";

export type Operation = "preview" | "up" | "refresh" | "destroy";

export interface OperationResult {
    /** Change counts by op as the engine reports them (PreviewResult.changeSummary, UpdateSummary.resourceChanges). */
    readonly changes: OpMap;
}

export interface StackDriver {
    readonly stackName: string;
    /** Runs one operation, calling onEvent for every engine event as it streams. */
    run(op: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult>;
    /** The stack's outputs after the operation, with their secret flags. */
    outputs(): Promise<OutputMap>;
}

/** The stack is locked by another update (the CLI's ConcurrentUpdateError, HTTP 409 on the service). */
export class StackLockedError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackLockedError";
    }
}

/** The stack does not exist in the backend, and creating it was not asked for (the CLI's StackNotFoundError). */
export class StackMissingError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackMissingError";
    }
}

// The runner recognises these errors by name, not instanceof: automation/pulumi-driver.ts is loaded
// lazily, and a second copy of this module (e.g. after the offline harness reloads the project's
// modules) would make instanceof false for an error the driver threw.
export function isStackLocked(e: unknown): e is StackLockedError {
    return e instanceof Error && e.name === "StackLockedError";
}

export function isStackMissing(e: unknown): e is StackMissingError {
    return e instanceof Error && e.name === "StackMissingError";
}

/** Why the stack could not be opened, with the usual fix when it is a missing CLI. */
export function explainOpenFailure(e: unknown): string {
    const message = e instanceof Error ? e.message : String(e);
    if (/ENOENT/.test(message) && /pulumi/.test(message)) {
        return "the Pulumi CLI was not found on PATH: install it (https://www.pulumi.com/docs/install/, or pulumi/actions in CI)";
    }
    return `could not open the stack: ${message.split("\n")[0]}`;
}

/** A driver whose every operation fails with `reason`: the run still ends with summaries that say why. */
export function unavailableDriver(stackName: string, reason: string): StackDriver {
    return {
        stackName,
        run: () => Promise.reject(new Error(reason)),
        outputs: () => Promise.reject(new Error(reason)),
    };
}
