// `npm run policy:offline -- [<stack> ...]` (every stack when none is named)
// Runs the policy pack (policy/) over the offline graph of each stack, as `pulumi preview
// --policy-pack policy` would over the real one, and prints every violation. Exits 1 when any
// mandatory violation is found (what would block `pulumi up`), 2 on bad usage, a bad stack or config,
// or when the stacks could not be checked at all. Never a JavaScript stack, unless PLATFORM_DEBUG=1
// (docs/commands.md).

import { parseArgs } from "util";
import { failureText, unexpectedFailureText } from "../lib/commands";
import { isConfigValidationError } from "../stacks/config";
import { policies } from "../policy/policies";
import { formatViolations, mandatory, runPolicies, Violation } from "../offline/policy-runner";
import { runStack } from "../offline/run";
import { listStacks, StackFileError } from "../offline/stack-config";
import { usageErrorOf, UsageError } from "./command-line";

export async function checkStack(stack: string): Promise<{ resources: number; violations: Violation[] }> {
    const run = await runStack(stack);
    return { resources: run.graph.resources.length, violations: await runPolicies(policies, run.graph.resources) };
}

const FLAGS = { help: { type: "boolean", short: "h" } } as const;

/** The stacks named on the command line, or every stack when none is. */
function parseCommandLine(argv: readonly string[]): string[] {
    const usage = `usage: npm run policy:offline -- [<stack> ...]   (stacks: ${listStacks().join(", ")})`;
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: true });
    } catch (e) {
        throw usageErrorOf(e, argv, usage);
    }
    if (parsed.values.help) throw new UsageError(usage);
    return parsed.positionals.length > 0 ? parsed.positionals : listStacks();
}

async function main(argv: string[]): Promise<number> {
    let stacks: string[];
    try {
        stacks = parseCommandLine(argv);
    } catch (e) {
        if (e instanceof UsageError) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
    let blocked = false;
    for (const stack of stacks) {
        const { resources, violations } = await checkStack(stack);
        const blocking = mandatory(violations).length;
        console.log(
            `${stack}: ${policies.length} policies over ${resources} resources: ${blocking} mandatory, ${violations.length - blocking} advisory violation(s)`,
        );
        if (violations.length > 0) console.log(formatViolations(violations).replace(/^/gm, "  "));
        blocked ||= blocking > 0;
    }
    return blocked ? 1 : 0;
}

/** Bad input is said as such; anything else also says how to see where it came from. */
function fail(e: unknown): never {
    console.error(isConfigValidationError(e) || e instanceof StackFileError ? failureText(e) : unexpectedFailureText(e));
    process.exit(2);
}

if (require.main === module) {
    process.on("unhandledRejection", fail);
    main(process.argv.slice(2)).then((code) => process.exit(code), fail);
}
