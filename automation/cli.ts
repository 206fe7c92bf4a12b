// `npm run deploy -- <preview|up|refresh|destroy> --stack <name> [options]`
// Runs one Pulumi operation through the Automation API for CI: streams the engine output, then
// writes out/deploy-<stack>-<operation>.json (machine-readable) and .md (the PR comment).
// Exit codes (docs/commands.md): 0 ok, 1 failed (a stack file that is not valid YAML too), 2 preview
// shows changes (with --detailed-exit-code), 3 refused by a guard, 4 still locked by another update
// after the retries, 5 the stack does not exist (create it once, deliberately), 64 bad usage. Never
// a JavaScript stack, unless PLATFORM_DEBUG=1.

import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { ensureDir, failureText, unexpectedFailureText } from "../lib/commands";
import { readStackFile, StackFileError } from "../lib/stack-file";
import { bootstrapExcludes } from "./bootstrap";
import { Operation, StackDriver, unavailableDriver } from "./driver";
import { describeEnvironment, readDeliveryEnvironment } from "./environment";
import { policyPackProblem, policyPacksFor } from "./policy-packs";
import { isProtectedStack, stackFileName } from "./protection";
import { DEFAULT_RUN_OPTIONS, runOperation, RunOptions } from "./runner";
import { renderMarkdown } from "./summary";

export { explainOpenFailure } from "./driver";

const WORK_DIR = path.resolve(__dirname, "..");
const OPERATIONS: readonly Operation[] = ["preview", "up", "refresh", "destroy"];
/** Operations that run the program, hence the policy packs and the bootstrap exclusions. */
const PROGRAM_OPERATIONS: readonly Operation[] = ["preview", "up"];
export const USAGE_EXIT = 64;
const USAGE = `usage: npm run deploy -- <${OPERATIONS.join("|")}> --stack <name>
    [--detailed-exit-code]          preview: exit 2 when there are changes
    [--allow-destroy-protected]     destroy: allow it on a protected stack (platform:protect: true)
    [--allow-protected-replace]     up: allow replacing or deleting protected resources
    [--allow-capacity-replace]      up: allow replacing or deleting node groups, services, load balancers... (protected stacks)
    [--policy-pack <dir>]           preview/up: run this policy pack too (repeatable; policy/ always runs)
    [--no-policy]                   preview/up: skip policy/ (refused on a protected stack)
    [--bootstrap]                   preview/up: leave out the Kubernetes provider and all that depends on it (first up)
    [--create-stack]                preview/up: create the stack if it does not exist (refused with CI=true)
    [--lock-attempts <n>] [--lock-backoff <seconds>]   retries while another update holds the stack
    [--out-dir <dir>]               where the summaries go (default: out/)`;

export interface CliArgs {
    readonly stack: string;
    readonly outDir: string;
    /** Extra policy packs as given (resolved against the repository root later). */
    readonly policyPacks: readonly string[];
    readonly options: Omit<RunOptions, "protectedStack" | "environment" | "policyPacks">;
}

export class UsageError extends Error {}

/** Pulumi's stack names, optionally qualified by organization and project; nothing that walks out of the directory. */
const STACK_NAME = /^(?:[A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;

const FLAGS = {
    stack: { type: "string" },
    "detailed-exit-code": { type: "boolean" },
    "allow-destroy-protected": { type: "boolean" },
    "allow-protected-replace": { type: "boolean" },
    "allow-capacity-replace": { type: "boolean" },
    "policy-pack": { type: "string", multiple: true },
    "no-policy": { type: "boolean" },
    bootstrap: { type: "boolean" },
    "create-stack": { type: "boolean" },
    "lock-attempts": { type: "string" },
    "lock-backoff": { type: "string" },
    "out-dir": { type: "string" },
} as const;

/** parseArgs' errors name the offending token in quotes; keep the runner's own wording. */
function usageOf(e: unknown): UsageError {
    const error = e as { code?: string; message?: string };
    const message = error.message ?? String(e);
    if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" || error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
        return new UsageError(`unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? message}\n${USAGE}`);
    }
    if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return new UsageError(`${message}\n${USAGE}`);
    throw e;
}

export function parseCliArgs(argv: readonly string[], workDir: string = WORK_DIR): CliArgs {
    const [operation, ...rest] = argv;
    if (!OPERATIONS.includes(operation as Operation)) throw new UsageError(USAGE);
    let values;
    try {
        ({ values } = parseArgs({ args: [...rest], options: FLAGS, strict: true, allowPositionals: false }));
    } catch (e) {
        throw usageOf(e);
    }
    const positive = (flag: string, v: string | undefined, fallback: number) => {
        if (v === undefined) return fallback;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive integer\n${USAGE}`);
        return n;
    };
    if (!values.stack) throw new UsageError(`--stack is required\n${USAGE}`);
    if (!STACK_NAME.test(values.stack))
        throw new UsageError(`--stack takes a stack name, [<org>/[<project>/]]<stack> of A-Z a-z 0-9 - _ .\n${USAGE}`);
    const op = operation as Operation;
    const programOnly = (["policy-pack", "no-policy", "bootstrap", "create-stack"] as const).filter((f) => values[f] !== undefined);
    if (!PROGRAM_OPERATIONS.includes(op) && programOnly.length > 0) {
        // refresh and destroy do not run the program: no policy packs, and excluding Kubernetes from
        // them would leave (or strand) its objects behind in the state.
        throw new UsageError(`--${programOnly[0]} applies to preview and up only, not ${op}\n${USAGE}`);
    }
    return {
        stack: values.stack,
        outDir: path.resolve(values["out-dir"] ?? path.join(workDir, "out")),
        policyPacks: values["policy-pack"] ?? [],
        options: {
            ...DEFAULT_RUN_OPTIONS,
            operation: op,
            detailedExitCode: values["detailed-exit-code"] ?? false,
            allowDestroyProtected: values["allow-destroy-protected"] ?? false,
            allowProtectedReplace: values["allow-protected-replace"] ?? false,
            allowCapacityReplace: values["allow-capacity-replace"] ?? false,
            noPolicy: values["no-policy"] ?? false,
            bootstrap: values.bootstrap ?? false,
            createStack: values["create-stack"] ?? false,
            lockAttempts: positive("--lock-attempts", values["lock-attempts"], DEFAULT_RUN_OPTIONS.lockAttempts),
            lockBackoffSeconds: positive("--lock-backoff", values["lock-backoff"], DEFAULT_RUN_OPTIONS.lockBackoffSeconds),
        },
    };
}

/** Throws StackFileError for a stack file that is not valid YAML. */
function stackRegion(stack: string, workDir: string): string | undefined {
    const file = path.join(workDir, stackFileName(stack));
    if (!fs.existsSync(file)) return undefined;
    return readStackFile(file, "platform").values["aws:region"] || undefined;
}

/** Where the command runs: the project directory, the environment, and the process's streams and clock. */
export interface CliContext {
    readonly workDir: string;
    readonly env: NodeJS.ProcessEnv;
    /** The engine's own output (the CLI's progress and diff). */
    readonly stdout: (text: string) => void;
    /** The runner's log lines. */
    readonly stderr: (text: string) => void;
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
}

const PROCESS_CONTEXT: CliContext = {
    workDir: WORK_DIR,
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export async function main(argv: readonly string[], ctx: CliContext = PROCESS_CONTEXT): Promise<number> {
    let args: CliArgs;
    try {
        args = parseCliArgs(argv, ctx.workDir);
    } catch (e) {
        ctx.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
        return USAGE_EXIT;
    }
    try {
        ensureDir(args.outDir);
    } catch (e) {
        ctx.stderr(
            `--out-dir ${args.outDir}: cannot create it (${(e as NodeJS.ErrnoException).code ?? failureText(e, ctx.env)})\n${USAGE}\n`,
        );
        return USAGE_EXIT;
    }
    const env = readDeliveryEnvironment(ctx.env);
    const log = (line: string) => ctx.stderr(`[deploy] ${line}\n`);
    const operation = args.options.operation;
    // The stack file decides protection and names the region. Unreadable, it stops the run at the
    // driver (exit 1, with the file, line and column), before any guard could act on a guess.
    let stackFileProblem: string | undefined;
    let protectedStack = false;
    let region: string | undefined;
    try {
        protectedStack = isProtectedStack(args.stack, ctx.workDir);
        region = stackRegion(args.stack, ctx.workDir);
    } catch (e) {
        if (!(e instanceof StackFileError)) throw e;
        stackFileProblem = e.message;
    }
    const runsProgram = PROGRAM_OPERATIONS.includes(operation);
    const policyPacks = runsProgram ? policyPacksFor(ctx.workDir, args.policyPacks, args.options.noPolicy) : [];
    const exclude = args.options.bootstrap ? bootstrapExcludes(args.stack) : [];
    describeEnvironment(env, region).forEach(log);
    log(
        `${operation} ${args.stack}${protectedStack ? " (protected environment)" : ""}${args.options.bootstrap ? " (bootstrap: Kubernetes left out)" : ""}`,
    );
    if (runsProgram) log(`policy packs: ${policyPacks.length > 0 ? policyPacks.join(", ") : "none (--no-policy)"}`);
    if (exclude.length > 0) log(`excluded with their dependents: ${exclude.join(", ")}`);
    if (args.options.createStack && !env.ci) {
        log(
            `--create-stack: if ${args.stack} is created now, commit the secretsprovider:/encryptedkey: lines written into Pulumi.${args.stack}.yaml`,
        );
    }

    const problems = [
        ...(stackFileProblem ? [stackFileProblem] : []),
        ...policyPacks.map((dir) => policyPackProblem(dir, ctx.workDir)).filter((p): p is string => p !== undefined),
    ];
    let driver: StackDriver;
    if (problems.length > 0) {
        // Before the CLI is reached, which would otherwise fail late on a pack it cannot load.
        driver = unavailableDriver(args.stack, problems.join("; "));
    } else {
        // Loaded here, not at the top, so that usage errors and the unit tests never need the CLI's module graph.
        const { PulumiStackDriver } = await import("./pulumi-driver");
        driver = new PulumiStackDriver(
            args.stack,
            ctx.workDir,
            env,
            { policyPacks, exclude, createStack: args.options.createStack },
            ctx.stdout,
        );
    }
    const { exitCode, summary } = await runOperation(
        driver,
        { ...args.options, protectedStack, policyPacks, environment: env },
        {
            now: ctx.now,
            sleep: ctx.sleep,
            log,
        },
    );
    const base = path.join(args.outDir, `deploy-${args.stack.split("/").pop() ?? args.stack}-${operation}`);
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
            process.stderr.write(`[deploy] ${unexpectedFailureText(e)}\n`);
            process.exitCode = 1;
        },
    );
}
