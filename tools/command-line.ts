// The tools' command lines (preview:offline, diff:offline, policy:offline, bench) are read with
// node:util's parseArgs, strict, as automation/cli.ts reads the deploy runner's. This turns its
// errors into the tools' own wording: what is wrong on the first line, the usage after it.

export class UsageError extends Error {}

/**
 * What to say when `--<flag>` has no value: `value` is undefined at the end of the command line,
 * or the argument after the flag when that starts with "-" (parseArgs takes no such value unless
 * it is written `--flag=-value`). Returns the whole message, usage included.
 */
export type MissingValue = (flag: string, value: string | undefined) => string;

/**
 * A parseArgs error as a UsageError: an unknown flag or a positional argument the command does not
 * take is "unexpected argument <it>"; a flag without its value gets `missingValue`, by default the
 * usage alone; anything else (a value given to a switch) is parseArgs' own message. Other errors
 * are thrown on.
 */
export function usageErrorOf(e: unknown, argv: readonly string[], usage: string, missingValue: MissingValue = () => usage): UsageError {
    const error = e as { code?: string; message?: string };
    const message = error.message ?? String(e);
    if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" || error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
        return new UsageError(`unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? message}\n${usage}`);
    }
    if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
        // "Option '--out <value>' argument missing", "Option '-o, --out' argument is ambiguous. ..."
        const flag = /^Option '(?:-\w, )?--([^ ']+)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(message)?.[1];
        return new UsageError(flag === undefined ? `${message}\n${usage}` : missingValue(flag, dashedValueAfter(argv, flag)));
    }
    throw e;
}

/** The argument parseArgs would not take as `--<flag>`'s value: the first one after the flag that starts with "-". */
function dashedValueAfter(argv: readonly string[], flag: string): string | undefined {
    for (let i = 0; i < argv.length && argv[i] !== "--"; i++) {
        if (argv[i] === `--${flag}` && argv[i + 1]?.startsWith("-")) return argv[i + 1];
    }
    return undefined;
}
