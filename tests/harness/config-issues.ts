// Validation outcomes of a stack's config with overrides, for the tests.

import * as assert from "assert";
import { ConfigIssue, ConfigValidationError, parseEnvironment } from "../../stacks/config";
import { loadStackConfig } from "../../offline/stack-config";

/** The issues raised for `stack` with `overrides` applied; [] when the config is valid. */
export function configIssueList(stack: string, overrides: Record<string, unknown> = {}): readonly ConfigIssue[] {
    const config = loadStackConfig(stack, overrides);
    try {
        parseEnvironment(config.values, { project: config.project, stack, secretKeys: config.secretKeys });
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, `expected a ConfigValidationError, got ${String(e)}`);
        return e.issues;
    }
}

/** "key = value: problem (allowed: ...)" for each issue; [] when the config is valid. */
export function configIssues(stack: string, overrides: Record<string, unknown>): string[] {
    return configIssueList(stack, overrides).map((i) => `${i.key} = ${i.value}: ${i.problem} (allowed: ${i.allowed})`);
}
