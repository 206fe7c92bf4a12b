// The only code that talks to the Pulumi CLI, through the Automation API: selects (or creates) the
// stack of this project's directory and runs one operation, streaming engine events. Exercised only
// where the CLI, a backend and AWS credentials exist; everything it decides on is in runner.ts.

import { ConcurrentUpdateError, EngineEvent, LocalWorkspace, OutputMap, Stack } from "@pulumi/pulumi/automation";
import { Operation, OperationResult, StackDriver, StackLockedError } from "./driver";
import { DeliveryEnvironment } from "./environment";

export class PulumiStackDriver implements StackDriver {
    private constructor(readonly stackName: string, private readonly stack: Stack, private readonly onOutput: (text: string) => void) {}

    static async open(stackName: string, workDir: string, env: DeliveryEnvironment, onOutput: (text: string) => void): Promise<PulumiStackDriver> {
        const stack = await LocalWorkspace.createOrSelectStack(
            { stackName, workDir },
            {
                ...(env.secretsProvider ? { secretsProvider: env.secretsProvider } : {}),
                // The CLI inherits this process's environment; pass the backend explicitly so it is the
                // one used even if the CI image has a ~/.pulumi login of its own.
                ...(env.backendUrl ? { envVars: { PULUMI_BACKEND_URL: env.backendUrl } } : {}),
            },
        );
        return new PulumiStackDriver(stackName, stack, onOutput);
    }

    async run(op: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult> {
        const opts = { onEvent, onOutput: this.onOutput, color: "never" as const };
        try {
            switch (op) {
                case "preview":
                    return { changes: (await this.stack.preview(opts)).changeSummary };
                case "up":
                    return { changes: (await this.stack.up(opts)).summary.resourceChanges ?? {} };
                case "refresh":
                    return { changes: (await this.stack.refresh(opts)).summary.resourceChanges ?? {} };
                case "destroy":
                    return { changes: (await this.stack.destroy(opts)).summary.resourceChanges ?? {} };
            }
        } catch (e) {
            if (e instanceof ConcurrentUpdateError) throw new StackLockedError(e.message.split("\n").find((l) => /conflict|another update/i.test(l)) ?? "concurrent update");
            throw e;
        }
    }

    outputs(): Promise<OutputMap> {
        return this.stack.outputs();
    }
}
