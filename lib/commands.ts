// What every command shares (preview:offline, diff:offline, policy:offline, deploy; see
// docs/commands.md): a failure is reported by its message alone, never a JavaScript stack, unless
// the one debug switch is on (PLATFORM_DEBUG=1, which scripts/run-oneoff.sh honours too); an output
// file it cannot write is a message, not a crash.

import * as fs from "fs";
import * as path from "path";

/** The environment variable that turns on stacks in failures (and `set -x` in the shell scripts). */
export const DEBUG_VARIABLE = "PLATFORM_DEBUG";

export function debugging(env: NodeJS.ProcessEnv = process.env): boolean {
    const value = (env[DEBUG_VARIABLE] ?? "").toLowerCase();
    return value !== "" && value !== "0" && value !== "false" && value !== "no";
}

/** What to print for `e`: the message, or with the debug switch the stack too. */
export function failureText(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
    if (!(e instanceof Error)) return String(e);
    if (debugging(env) && e.stack) return e.stack;
    return e.message || e.name;
}

/** For a failure nobody planned for: its message, and how to see where it came from. */
export function unexpectedFailureText(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
    const text = failureText(e, env);
    return debugging(env) ? text : `${text}\n(an unexpected failure: run again with ${DEBUG_VARIABLE}=1 for where it came from)`;
}

/**
 * Creates the folders of `dir` that are missing, one at a time: Node 20's recursive mkdir never
 * returns for some paths it cannot create (under /proc), and a command must fail, not hang.
 */
export function ensureDir(dir: string): void {
    const missing: string[] = [];
    for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
        missing.unshift(d);
        if (path.dirname(d) === d) break;
    }
    for (const d of missing) fs.mkdirSync(d);
}

/** Writes `file`, creating its folder; what went wrong in a line ("cannot write x: EACCES"), or undefined. */
export function writeOutput(file: string, text: string): string | undefined {
    try {
        ensureDir(path.dirname(file));
        fs.writeFileSync(file, text);
        return undefined;
    } catch (e) {
        return `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? failureText(e)}`;
    }
}
