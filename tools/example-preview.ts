// `npm run preview:example -- <stack>`
// Previews the sample application (examples/sample-app) offline against the platform: runs the
// platform's stack <stack> under the offline engine, then the app's stack <stack> with its
// StackReference answered by those outputs, and prints the app's resource tree and outputs. What an
// app team sees from `pulumi preview` in examples/sample-app, without credentials. Exit statuses
// (docs/commands.md): 0 done; 2 bad usage, a bad stack file or invalid config; 1 the app failed
// otherwise (for example an output of the platform it needs is missing).

import * as path from "path";
import { failureText, unexpectedFailureText } from "../lib/commands";
import { isConfigValidationError } from "../stacks/config";
import { ProgramRun, runProgram, runStack } from "../offline/run";
import { listStacks, loadStackConfig, PROJECT_ROOT, StackFileError } from "../offline/stack-config";
import { renderSummary, renderTree } from "./offline-preview";

export const EXAMPLE_APP = path.join(PROJECT_ROOT, "examples", "sample-app");

/** The platform's stack, then the app's, the second reading the first's outputs. */
export async function previewExample(stack: string): Promise<{ platform: ProgramRun; app: ProgramRun }> {
    const platform = await runStack(stack);
    const reference = loadStackConfig(stack, {}, EXAMPLE_APP).values["sample-app:platformStack"];
    const stackReferences = reference ? { [reference]: { outputs: platform.outputs, secretOutputNames: platform.secretOutputs } } : {};
    const app = await runProgram(EXAMPLE_APP, stack, { stackReferences });
    return { platform, app };
}

async function main(argv: readonly string[]): Promise<number> {
    const stacks = listStacks(EXAMPLE_APP).filter((s) => listStacks().includes(s));
    const usage = `usage: npm run preview:example -- <stack>   (stacks: ${stacks.join(", ")})`;
    const [stack, ...rest] = argv;
    if (!stack || rest.length > 0 || stack.startsWith("-") || !stacks.includes(stack)) {
        console.error(usage);
        return 2;
    }
    console.log(
        `Offline preview of examples/sample-app, stack "${stack}", on the platform's stack "${stack}" (no credentials, no Pulumi CLI)\n`,
    );
    let app: ProgramRun;
    try {
        ({ app } = await previewExample(stack));
    } catch (e) {
        if (isConfigValidationError(e) || e instanceof StackFileError) {
            console.error(failureText(e));
            return 2;
        }
        throw e;
    }
    console.log(renderTree(app));
    console.log("");
    console.log(renderSummary(app));
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e: unknown) => {
            console.error(unexpectedFailureText(e));
            process.exit(1);
        },
    );
}
