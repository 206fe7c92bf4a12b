// The narrow seam between the runner's decisions and the Pulumi Automation API. The runner only
// sees this interface, so its logic (guards, retries, exit codes, summaries) is unit-tested with
// recorded engine events; automation/pulumi-driver.ts is the one implementation that needs the CLI.

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
