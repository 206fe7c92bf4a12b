// The only code that talks to the Pulumi CLI, through the Automation API: selects the stack of
// this project's directory (creates it only when asked) and runs one operation, streaming engine
// events. What it passes to the CLI is decided by the runner's options; tests/delivery-driver.test.ts
// runs it against a stand-in `pulumi` executable and checks the exact command lines.

import {
    CommandError,
    ConcurrentUpdateError,
    EngineEvent,
    LocalWorkspace,
    LocalWorkspaceOptions,
    OutputMap,
    PreviewOptions,
    Stack,
    StackNotFoundError,
    UpOptions,
} from "@pulumi/pulumi/automation";
import { explainOpenFailure, Operation, OperationResult, StackDriver, StackLockedError, StackMissingError } from "./driver";
import { DeliveryEnvironment } from "./environment";
import { missingStackMessage } from "./stack-init";

export interface DriverSettings {
    /** Absolute paths of the policy packs every preview and up runs. */
    readonly policyPacks: readonly string[];
    /** URN patterns left out of preview and up together with their dependents (bootstrap); empty otherwise. */
    readonly exclude: readonly string[];
    /** Create the stack when it does not exist (the runner refuses this in CI). */
    readonly createStack: boolean;
}

/** The options preview and up share: the policy packs, and the bootstrap exclusions. */
export function engineOptions(settings: DriverSettings): Pick<PreviewOptions & UpOptions, "policyPacks" | "exclude" | "excludeDependents"> {
    return {
        ...(settings.policyPacks.length > 0 ? { policyPacks: [...settings.policyPacks] } : {}),
        ...(settings.exclude.length > 0 ? { exclude: [...settings.exclude], excludeDependents: true } : {}),
    };
}

/** The `stderr:` part of a CommandError's message (the Automation API puts the CLI's stderr there). */
function stderrOf(e: CommandError): string[] {
    const stderr = /\n stderr: ([\s\S]*?)\n err\?: /.exec(e.message)?.[1] ?? "";
    return stderr
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l);
}

/**
 * The CLI's own words for a failed command: its exit code and `error:` lines. A CommandError's
 * message is the whole result (stdout, stderr, the command line), too long for a summary.
 */
export function commandFailure(op: Operation, e: CommandError): string {
    const stderr = stderrOf(e);
    // The Automation API reports every failed command as code -2; the CLI's own code is in execa's line.
    const code = /Command failed with exit code (\d+)/.exec(e.message)?.[1];
    const errors = stderr.filter((l) => l.startsWith("error:"));
    const detail = errors.length > 0 ? errors.join(" ") : (stderr.find((l) => !l.startsWith("Command failed")) ?? e.message.split("\n")[0]);
    return `pulumi ${op} failed${code ? ` (exit ${code})` : ""}: ${detail}`;
}

function lockLine(e: ConcurrentUpdateError): string {
    // The service says "[409] Conflict: Another update is currently in progress."; a DIY backend "the stack is currently locked by ...".
    const line = stderrOf(e).find((l) => /conflict|another update|currently locked/i.test(l) && !l.startsWith("Command failed"));
    return line?.replace(/^error: /, "") ?? "concurrent update";
}

export class PulumiStackDriver implements StackDriver {
    private stack?: Stack;
    /** Outputs the last `up` already fetched, so the summary does not ask the CLI again. */
    private latestOutputs?: OutputMap;

    /** Nothing runs until the first operation: the runner's refusals come first, and a refused run never reaches the CLI. */
    constructor(
        readonly stackName: string,
        private readonly workDir: string,
        private readonly env: DeliveryEnvironment,
        private readonly settings: DriverSettings,
        private readonly onOutput: (text: string) => void,
    ) {}

    private async open(): Promise<Stack> {
        if (this.stack) return this.stack;
        const args = { stackName: this.stackName, workDir: this.workDir };
        const opts: LocalWorkspaceOptions = {
            // Used only by `stack init`, i.e. with --create-stack.
            ...(this.env.secretsProvider ? { secretsProvider: this.env.secretsProvider } : {}),
            // The CLI inherits this process's environment; pass the backend explicitly so it is the
            // one used even if the CI image has a ~/.pulumi login of its own.
            ...(this.env.backendUrl ? { envVars: { PULUMI_BACKEND_URL: this.env.backendUrl } } : {}),
        };
        try {
            // selectStack by default: creating a stack writes its encryption settings into the stack
            // file, which must then be committed (automation/stack-init.ts).
            this.stack = this.settings.createStack
                ? await LocalWorkspace.createOrSelectStack(args, opts)
                : await LocalWorkspace.selectStack(args, opts);
            return this.stack;
        } catch (e) {
            if (e instanceof StackNotFoundError) throw new StackMissingError(missingStackMessage(this.stackName, this.env));
            throw new Error(explainOpenFailure(e));
        }
    }

    async run(op: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult> {
        const stack = await this.open();
        const opts = { onEvent, onOutput: this.onOutput, color: "never" as const };
        try {
            switch (op) {
                case "preview":
                    return { changes: (await stack.preview({ ...opts, ...engineOptions(this.settings) })).changeSummary };
                case "up": {
                    const result = await stack.up({ ...opts, ...engineOptions(this.settings) });
                    this.latestOutputs = result.outputs;
                    return { changes: result.summary.resourceChanges ?? {} };
                }
                case "refresh":
                    return { changes: (await stack.refresh(opts)).summary.resourceChanges ?? {} };
                case "destroy":
                    return { changes: (await stack.destroy(opts)).summary.resourceChanges ?? {} };
            }
        } catch (e) {
            if (e instanceof ConcurrentUpdateError) throw new StackLockedError(lockLine(e));
            if (e instanceof CommandError) throw new Error(commandFailure(op, e));
            throw e;
        }
    }

    async outputs(): Promise<OutputMap> {
        return this.latestOutputs ?? (await this.open()).outputs();
    }
}
