// Which stacks are protected environments: those whose stack file sets `platform:protect: true`
// (required in prd by the config validation). Read from config, never inferred from the name, so a
// new protected stack (say `stg` with protect on) is guarded without touching this code.

import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";

export function isProtectedStack(stack: string, workDir: string): boolean {
    const file = path.join(workDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        // A stack without a file has no platform:protect; config validation will reject it anyway.
        return false;
    }
    const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    return doc?.config?.["platform:protect"] === true;
}
