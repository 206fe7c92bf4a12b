// `npm run deploy -- <preview|up|refresh|destroy> --stack <name> [options]`
// Runs one Pulumi operation through the Automation API for CI: streams the engine output, then
// writes out/deploy-<stack>-<operation>.json (machine-readable) and .md (the PR comment).
// Exit codes: 0 ok, 1 failed, 2 preview shows changes (with --detailed-exit-code), 3 refused by a
// guard on a protected stack, 4 still locked by another update after the retries, 64 bad usage.

import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { Operation, StackDriver } from "./driver";
import { describeEnvironment, readDeliveryEnvironment } from "./environment";
import { isProtectedStack } from "./protection";
import { DEFAULT_RUN_OPTIONS, runOperation, RunOptions } from "./runner";
import { renderMarkdown } from "./summary";

const WORK_DIR = path.resolve(__dirname, "..");
const OPERATIONS: readonly Operation[] = ["preview", "up", "refresh", "destroy"];
export const USAGE_EXIT = 64;
const USAGE = `usage: npm run deploy -- <${OPERATIONS.join("|")}> --stack <name>
    [--detailed-exit-code]          preview: exit 2 when there are changes
    [--allow-destroy-protected]     destroy: allow it on a protected stack (platform:protect: true)
    [--allow-protected-replace]     up: allow replacing or deleting protected resources
    [--lock-attempts <n>] [--lock-backoff <seconds>]   retries while another update holds the stack
    [--out-dir <dir>]               where the summaries go (default: out/)`;

export interface CliArgs {
    readonly stack: string;
    readonly outDir: string;
    readonly options: Omit<RunOptions, "protectedStack">;
}

export class UsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliArgs {
    const [operation, ...rest] = argv;
    if (!OPERATIONS.includes(operation as Operation)) throw new UsageError(USAGE);
    let stack: string | undefined;
    let outDir = path.join(WORK_DIR, "out");
    const options = { ...DEFAULT_RUN_OPTIONS, operation: operation as Operation };
    const positive = (flag: string, v: string | undefined) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive integer\n${USAGE}`);
        return n;
    };
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === "--stack") stack = rest[++i];
        else if (arg === "--detailed-exit-code") options.detailedExitCode = true;
        else if (arg === "--allow-destroy-protected") options.allowDestroyProtected = true;
        else if (arg === "--allow-protected-replace") options.allowProtectedReplace = true;
        else if (arg === "--lock-attempts") options.lockAttempts = positive(arg, rest[++i]);
        else if (arg === "--lock-backoff") options.lockBackoffSeconds = positive(arg, rest[++i]);
        else if (arg === "--out-dir") outDir = path.resolve(rest[++i] ?? "");
        else throw new UsageError(`unexpected argument ${arg}\n${USAGE}`);
    }
    if (!stack) throw new UsageError(`--stack is required\n${USAGE}`);
    return { stack, outDir, options };
}

function stackRegion(stack: string): string | undefined {
    const file = path.join(WORK_DIR, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) return undefined;
    const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    const region = doc?.config?.["aws:region"];
    return typeof region === "string" ? region : undefined;
}

/** Why the stack could not be opened, with the usual fix when it is a missing CLI. */
export function explainOpenFailure(e: unknown): string {
    const message = e instanceof Error ? e.message : String(e);
    if (/ENOENT/.test(message) && /pulumi/.test(message)) {
        return "the Pulumi CLI was not found on PATH: install it (https://www.pulumi.com/docs/install/, or pulumi/actions in CI)";
    }
    return `could not open the stack: ${message.split("\n")[0]}`;
}

/** A driver whose every operation fails with the reason the real one could not be opened. */
export function unavailableDriver(stackName: string, reason: string): StackDriver {
    return {
        stackName,
        run: () => Promise.reject(new Error(reason)),
        outputs: () => Promise.reject(new Error(reason)),
    };
}

async function main(argv: readonly string[]): Promise<number> {
    let args: CliArgs;
    try {
        args = parseCliArgs(argv);
    } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        return USAGE_EXIT;
    }
    const env = readDeliveryEnvironment(process.env);
    const log = (line: string) => process.stderr.write(`[deploy] ${line}\n`);
    const protectedStack = isProtectedStack(args.stack, WORK_DIR);
    describeEnvironment(env, stackRegion(args.stack)).forEach(log);
    log(`${args.options.operation} ${args.stack}${protectedStack ? " (protected environment)" : ""}`);
    // Loaded here, not at the top, so that `--help` and the unit tests never need the CLI's module graph.
    const { PulumiStackDriver } = await import("./pulumi-driver");
    let driver: StackDriver;
    try {
        driver = await PulumiStackDriver.open(args.stack, WORK_DIR, env, (text) => process.stdout.write(text));
    } catch (e) {
        // Still write the summaries, so the PR comment says why instead of going silent.
        driver = unavailableDriver(args.stack, explainOpenFailure(e));
    }
    const { exitCode, summary } = await runOperation(driver, { ...args.options, protectedStack }, {
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        log,
    });
    fs.mkdirSync(args.outDir, { recursive: true });
    const base = path.join(args.outDir, `deploy-${args.stack}-${args.options.operation}`);
    fs.writeFileSync(`${base}.json`, JSON.stringify(summary, null, 2) + "\n");
    fs.writeFileSync(`${base}.md`, renderMarkdown(summary));
    if (summary.message) log(summary.message);
    log(`summary: ${base}.json, ${base}.md; exit ${exitCode}`);
    return exitCode;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (e) => {
            process.stderr.write(`[deploy] ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
            process.exitCode = 1;
        },
    );
}
