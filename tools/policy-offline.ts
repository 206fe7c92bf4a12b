// `npm run policy:offline -- <stack> [<stack> ...]`
// Runs the policy pack (policy/) over the offline graph of each stack, as `pulumi preview
// --policy-pack policy` would over the real one, and prints every violation. Exits 1 when any
// mandatory violation is found (what would block `pulumi up`), 2 on a bad stack or config.

import { policies } from "../policy/policies";
import { formatViolations, mandatory, runPolicies, Violation } from "../offline/policy-runner";
import { runStack } from "../offline/run";
import { listStacks } from "../offline/stack-config";

export async function checkStack(stack: string): Promise<{ resources: number; violations: Violation[] }> {
    const run = await runStack(stack);
    return { resources: run.graph.resources.length, violations: await runPolicies(policies, run.graph.resources) };
}

async function main(argv: string[]): Promise<number> {
    const stacks = argv.length > 0 ? argv : listStacks();
    let blocked = false;
    for (const stack of stacks) {
        const { resources, violations } = await checkStack(stack);
        const blocking = mandatory(violations).length;
        console.log(`${stack}: ${policies.length} policies over ${resources} resources: ${blocking} mandatory, ${violations.length - blocking} advisory violation(s)`);
        if (violations.length > 0) console.log(formatViolations(violations).replace(/^/gm, "  "));
        blocked ||= blocking > 0;
    }
    return blocked ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(2);
    });
}
