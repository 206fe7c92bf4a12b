// Validation outcomes of a stack's config with overrides, as one line per issue, for the tests.

import * as assert from "assert";
import { ConfigValidationError, parseEnvironment } from "../../stacks/config";
import { loadStackConfig } from "./stack-config";

/** "key = value: problem (allowed: ...)" for each issue; [] when the config is valid. */
export function configIssues(stack: string, overrides: Record<string, unknown>): string[] {
    const config = loadStackConfig(stack, overrides);
    try {
        parseEnvironment(config.values, { project: config.project, stack });
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, `expected a ConfigValidationError, got ${String(e)}`);
        return e.issues.map((i) => `${i.key} = ${i.value}: ${i.problem} (allowed: ${i.allowed})`);
    }
}
