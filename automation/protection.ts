// Which stacks are protected environments: those whose stack file sets `platform:protect: true`
// (required in prd by the config validation). Read from config, never inferred from the name, so a
// new protected stack (say `stg` with protect on) is guarded without touching this code. Read the
// way the Pulumi CLI reads it (lib/stack-file.ts), so the guard and the program agree: a quoted
// "true" protects, as the program takes it.

import * as fs from "fs";
import * as path from "path";
import { readStackFile } from "../lib/stack-file";

/** The project's namespace: unnamespaced keys in a stack file belong to it. */
const PROJECT = "platform";

/** The name of a stack's file: the last part of an org/project/stack name. */
export function stackFileName(stack: string): string {
    return `Pulumi.${stack.split("/").pop() ?? stack}.yaml`;
}

/** Throws StackFileError for a stack file that is not valid YAML: the guard cannot say then, and must not guess. */
export function isProtectedStack(stack: string, workDir: string): boolean {
    const file = path.join(workDir, stackFileName(stack));
    if (!fs.existsSync(file)) {
        // A stack without a file has no platform:protect; config validation will reject it anyway.
        return false;
    }
    return readStackFile(file, PROJECT).values[`${PROJECT}:protect`] === "true";
}
