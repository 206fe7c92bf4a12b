// automation/pulumi-driver.ts for real: `main` of the deploy command drives the Automation API,
// which finds `pulumi` on PATH, checks its version, and runs it; here that `pulumi` is a stand-in
// (tests/fixtures/automation/pulumi-stand-in.js) that records every command line and replays
// recorded-shape engine events. The tests pin the exact flags the CLI receives and that the events
// it streams reach the summaries.

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { bootstrapExcludes } from "../automation/bootstrap";
import { main } from "../automation/cli";
import { EXIT } from "../automation/runner";
import type { RunSummary } from "../automation/summary";
import { PROJECT_ROOT } from "../offline/stack-config";
import * as fx from "./fixtures/automation/engine-events";

const STAND_IN = path.join(__dirname, "fixtures", "automation", "pulumi-stand-in.js");
/** The CLI release of the SDK in package.json: it streams engine events over gRPC. */
const CLI_VERSION = "3.270.0";
const BACKEND = "s3://platform-state-test";
const SECRETS_PROVIDER = "awskms://alias/pulumi-platform-test";
const EVENT_LOG = "<event log>";

interface OperationScenario {
    readonly events: EngineEvent[];
    readonly changes?: fx.Script["changes"];
    /** Fails the command with this `error:` line after streaming the events. */
    readonly fail?: string;
}

interface Scenario {
    readonly version?: string;
    readonly stacks: string[];
    readonly lockedRuns?: number;
    readonly lockMessage?: string;
    readonly preview?: OperationScenario;
    readonly up?: OperationScenario;
    readonly outputs?: Record<string, unknown>;
    readonly secretOutputs?: string[];
}

interface Call {
    readonly argv: string[];
    readonly cwd: string;
    readonly backend: string | null;
}

/** A temporary `pulumi` that loads the stand-in, with the scenario it answers from. */
function standIn(scenario: Scenario): { dir: string; calls: () => Call[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-stand-in-"));
    fs.writeFileSync(path.join(dir, "scenario.json"), JSON.stringify({ version: CLI_VERSION, ...scenario }));
    const bin = path.join(dir, "pulumi");
    fs.writeFileSync(bin, `#!/usr/bin/env node\nrequire(${JSON.stringify(STAND_IN)});\n`);
    fs.chmodSync(bin, 0o755);
    const callsFile = path.join(dir, "calls.jsonl");
    return {
        dir,
        calls: () =>
            fs.existsSync(callsFile)
                ? fs
                      .readFileSync(callsFile, "utf8")
                      .split("\n")
                      .filter(Boolean)
                      .map((l) => JSON.parse(l) as Call)
                : [],
    };
}

/** A copy of the project's stack files and policy pack manifest; the stand-in never runs the program. */
function project(options: { policyInstalled: boolean } = { policyInstalled: true }): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-project-"));
    for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prd.yaml"]) fs.copyFileSync(path.join(PROJECT_ROOT, f), path.join(dir, f));
    fs.mkdirSync(path.join(dir, "policy"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "policy", "PulumiPolicy.yaml"), path.join(dir, "policy", "PulumiPolicy.yaml"));
    if (options.policyInstalled) fs.mkdirSync(path.join(dir, "policy", "node_modules", "@pulumi", "policy"), { recursive: true });
    return dir;
}

interface Deployed {
    readonly code: number;
    readonly summary: RunSummary;
    readonly markdown: string;
    readonly log: string;
    readonly engineOutput: string;
    readonly sleeps: number[];
    readonly calls: Call[];
}

async function deploy(args: string[], scenario: Scenario, options: { workDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Deployed> {
    const cli = standIn(scenario);
    const workDir = options.workDir ?? project();
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-out-"));
    const saved = { PATH: process.env.PATH, skip: process.env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK };
    // The Automation API looks `pulumi` up on this process's PATH; and the version check must run.
    process.env.PATH = `${cli.dir}${path.delimiter}${saved.PATH ?? ""}`;
    delete process.env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK;
    let log = "";
    let engineOutput = "";
    const sleeps: number[] = [];
    let clock = 0;
    try {
        const code = await main([...args, "--out-dir", outDir], {
            workDir,
            env: options.env ?? { PULUMI_BACKEND_URL: BACKEND, PULUMI_SECRETS_PROVIDER: SECRETS_PROVIDER },
            stdout: (text) => (engineOutput += text),
            stderr: (text) => (log += text),
            now: () => (clock += 100),
            sleep: async (ms) => {
                sleeps.push(ms);
            },
        });
        const [operation] = args;
        const stack = args[args.indexOf("--stack") + 1];
        const base = path.join(outDir, `deploy-${stack}-${operation}`);
        return {
            code,
            summary: JSON.parse(fs.readFileSync(`${base}.json`, "utf8")) as RunSummary,
            markdown: fs.readFileSync(`${base}.md`, "utf8"),
            log,
            engineOutput,
            sleeps,
            calls: cli.calls(),
        };
    } finally {
        process.env.PATH = saved.PATH;
        if (saved.skip !== undefined) process.env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK = saved.skip;
    }
}

/** Command lines as the stand-in received them, the event log's address replaced (it changes per run). */
function argvs(calls: readonly Call[]): string[][] {
    return calls.map((c) => c.argv.map((a, i) => (c.argv[i - 1] === "--event-log" ? EVENT_LOG : a)));
}

function eventLogOf(call: Call): string {
    return call.argv[call.argv.indexOf("--event-log") + 1];
}

const events = (stack: string, script: fx.Script, preview: boolean) => fx.eventStream(stack, script, preview);
const SELECT = (stack: string) => ["stack", "select", "--stack", stack, "--non-interactive"];
const TAIL = (stack: string) => [
    "--color",
    "never",
    "--exec-kind",
    "auto.local",
    "--event-log",
    EVENT_LOG,
    "--stack",
    stack,
    "--non-interactive",
];
const OUTPUTS_AND_HISTORY = (stack: string) => [
    ["stack", "output", "--json", "--stack", stack, "--non-interactive"],
    ["stack", "output", "--json", "--show-secrets", "--stack", stack, "--non-interactive"],
    ["stack", "history", "--json", "--show-secrets", "--page-size", "1", "--page", "1", "--stack", stack, "--non-interactive"],
];

describe("deploy through the Automation API, against a stand-in pulumi CLI", () => {
    it("preview with changes: exit 2 with --detailed-exit-code; the policy pack by absolute path; events over gRPC reach the summary", async () => {
        const workDir = project();
        const r = await deploy(
            ["preview", "--stack", "dev", "--detailed-exit-code"],
            { stacks: ["dev"], preview: { events: events("dev", fx.devNatPerAz, true) } },
            { workDir },
        );
        assert.strictEqual(r.code, EXIT.changesPresent, r.log);
        assert.deepStrictEqual(argvs(r.calls), [
            ["version"],
            SELECT("dev"),
            ["preview", "--policy-pack", path.join(workDir, "policy"), ...TAIL("dev")],
        ]);
        assert.match(eventLogOf(r.calls[2]), /^tcp:\/\/127\.0\.0\.1:\d+$/, "a CLI after v3.205.0 streams events to the SDK's gRPC server");
        assert.deepStrictEqual(
            r.calls.slice(1).map((c) => c.cwd),
            [workDir, workDir],
            "stack commands run in the project directory",
        );
        assert.deepStrictEqual(
            r.calls.slice(1).map((c) => c.backend),
            [BACKEND, BACKEND],
            "the backend is passed explicitly",
        );
        assert.deepStrictEqual(
            r.summary.counts,
            { create: 2, update: 1, replace: 0, delete: 0, same: 25 },
            "from the engine's summary event",
        );
        assert.deepStrictEqual(
            r.summary.steps.map((s) => `${s.op} ${s.type} ${s.name}`),
            [
                "create aws:ec2/eip:Eip platform-dev-nat-2",
                "create aws:ec2/natGateway:NatGateway platform-dev-nat-2",
                "update aws:ec2/route:Route platform-dev-private-2-default",
            ],
        );
        assert.deepStrictEqual(r.summary.policyPacks, [path.join(workDir, "policy")]);
        assert.strictEqual(r.engineOutput, "Previewing update (dev):\n", "the CLI's own output is streamed through");
    });

    it("an older CLI (v3.205.0) gets a JSON-lines file as its event log, and the same summary comes out", async () => {
        const r = await deploy(["preview", "--stack", "dev", "--no-policy"], {
            version: "3.205.0",
            stacks: ["dev"],
            preview: { events: events("dev", fx.devNatPerAz, true) },
        });
        assert.strictEqual(r.code, EXIT.ok, r.log);
        assert.deepStrictEqual(argvs(r.calls)[2], ["preview", ...TAIL("dev")], "--no-policy: no --policy-pack at all");
        assert.match(eventLogOf(r.calls[2]), /eventlog\.txt$/);
        assert.strictEqual(r.summary.steps.length, 3);
        assert.deepStrictEqual(r.summary.policyPacks, []);
    });

    it("the SDK's version check runs against what the CLI answers: a too-old CLI fails the run before any stack command", async () => {
        const r = await deploy(["preview", "--stack", "dev"], { version: "3.1.0", stacks: ["dev"] });
        assert.strictEqual(r.code, EXIT.failed);
        assert.deepStrictEqual(argvs(r.calls), [["version"]]);
        assert.match(
            r.summary.message ?? "",
            /^could not open the stack: Minimum version requirement failed\. The minimum CLI version requirement is 3\.2\.0-alpha, your current CLI version is v3\.1\.0\. Please update the Pulumi CLI\.$/,
        );
    });

    it("up on an unprotected stack: --yes --skip-preview, no guard preview; outputs masked from the CLI's own answer", async () => {
        const workDir = project();
        const extra = path.join(workDir, "packs", "team");
        fs.mkdirSync(path.join(extra, "node_modules", "@pulumi", "policy"), { recursive: true });
        fs.writeFileSync(path.join(extra, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        const r = await deploy(
            ["up", "--stack", "dev", "--policy-pack", "packs/team"],
            {
                stacks: ["dev"],
                up: { events: events("dev", fx.devNatPerAz, false), changes: fx.devNatPerAz.changes },
                outputs: { vpcId: "vpc-0a1b2c3d4e5f60718", flowLogRoleExternalId: "s3cr3t-value" },
                secretOutputs: ["flowLogRoleExternalId"],
            },
            { workDir },
        );
        assert.strictEqual(r.code, EXIT.ok, r.log);
        assert.deepStrictEqual(argvs(r.calls), [
            ["version"],
            SELECT("dev"),
            ["up", "--yes", "--skip-preview", "--policy-pack", path.join(workDir, "policy"), "--policy-pack", extra, ...TAIL("dev")],
            ...OUTPUTS_AND_HISTORY("dev"),
        ]);
        assert.deepStrictEqual(r.summary.outputs, { flowLogRoleExternalId: "[secret]", vpcId: "vpc-0a1b2c3d4e5f60718" });
        assert.deepStrictEqual(
            r.summary.counts,
            { create: 2, update: 1, replace: 0, delete: 0, same: 25 },
            "from the update's history entry",
        );
        assert.ok(!JSON.stringify(r.summary).includes("s3cr3t-value"));
    });

    it("a locked stack is retried with backoff, then reported with exit 4", async () => {
        const r = await deploy(["preview", "--stack", "prd", "--lock-attempts", "3", "--lock-backoff", "1"], {
            stacks: ["prd"],
            lockedRuns: 99,
            preview: { events: events("prd", fx.prdAddEndpoint, true) },
        });
        assert.strictEqual(r.code, EXIT.locked, r.log);
        assert.deepStrictEqual(
            argvs(r.calls).map((a) => a[0]),
            ["version", "stack", "preview", "preview", "preview"],
        );
        assert.deepStrictEqual(r.sleeps, [1000, 2000]);
        assert.strictEqual(
            r.summary.message,
            "stack prd is still locked by another update after 3 attempts: [409] Conflict: Another update is currently in progress. Wait for it to finish, or if no update is running, `pulumi cancel` it.",
        );
    });

    it("a DIY backend's lock is recognised too, and the run goes ahead once it is released", async () => {
        const r = await deploy(["preview", "--stack", "dev", "--lock-backoff", "1"], {
            stacks: ["dev"],
            lockedRuns: 1,
            lockMessage:
                "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
            preview: { events: events("dev", fx.noChanges, true) },
        });
        assert.strictEqual(r.code, EXIT.ok, r.log);
        assert.strictEqual(argvs(r.calls).filter((a) => a[0] === "preview").length, 2);
        assert.match(r.log, /stack dev is locked by another update \(attempt 1\/5\); retrying in 1 s/);
    });

    it("a stack that does not exist: exit 5, nothing created, and the message says what to run and commit", async () => {
        const r = await deploy(["up", "--stack", "prd"], { stacks: [] });
        assert.strictEqual(r.code, EXIT.stackMissing, r.log);
        assert.deepStrictEqual(argvs(r.calls), [["version"], SELECT("prd")], "select only: no `stack init`");
        assert.strictEqual(r.summary.status, "stack-missing");
        assert.strictEqual(
            r.summary.message,
            `stack prd does not exist in the backend ${BACKEND}. Create it once from the repository root with ` +
                `\`PULUMI_BACKEND_URL=${BACKEND} pulumi stack init prd --secrets-provider ${SECRETS_PROVIDER}\`, ` +
                "then commit the `secretsprovider:` and `encryptedkey:` lines it writes into Pulumi.prd.yaml. " +
                "Outside CI, --create-stack creates it in this run instead (the stack file must be committed all the same).",
        );
    });

    it("--create-stack creates it with the secrets provider outside CI, and is refused with CI=true before the CLI is called", async () => {
        const scenario: Scenario = { stacks: [], preview: { events: events("dev", fx.noChanges, true) } };
        const created = await deploy(["preview", "--stack", "dev", "--create-stack"], scenario);
        assert.strictEqual(created.code, EXIT.ok, created.log);
        assert.deepStrictEqual(argvs(created.calls).slice(0, 3), [
            ["version"],
            SELECT("dev"),
            ["stack", "init", "dev", "--secrets-provider", SECRETS_PROVIDER, "--non-interactive"],
        ]);
        assert.strictEqual(argvs(created.calls)[3][0], "preview");
        const refused = await deploy(["preview", "--stack", "dev", "--create-stack"], scenario, {
            env: { CI: "true", PULUMI_BACKEND_URL: BACKEND, PULUMI_SECRETS_PROVIDER: SECRETS_PROVIDER },
        });
        assert.strictEqual(refused.code, EXIT.refused);
        assert.deepStrictEqual(refused.calls, []);
        assert.match(refused.summary.message ?? "", /^refusing --create-stack with CI=true: /);
    });

    it("--bootstrap: the guard preview and the up of a protected stack both exclude the Kubernetes provider with its dependents", async () => {
        const workDir = project();
        const r = await deploy(
            ["up", "--stack", "prd", "--bootstrap"],
            {
                stacks: ["prd"],
                preview: { events: events("prd", fx.prdAddEndpoint, true) },
                up: { events: events("prd", fx.prdAddEndpoint, false), changes: fx.prdAddEndpoint.changes },
                outputs: { vpcId: "vpc-0123" },
            },
            { workDir },
        );
        assert.strictEqual(r.code, EXIT.ok, r.log);
        const [nested, topLevel] = bootstrapExcludes("prd");
        const exclusions = [
            "--exclude",
            nested,
            "--exclude",
            topLevel,
            "--policy-pack",
            path.join(workDir, "policy"),
            "--exclude-dependents",
        ];
        assert.deepStrictEqual(argvs(r.calls), [
            ["version"],
            SELECT("prd"),
            ["preview", ...exclusions, ...TAIL("prd")],
            ["up", "--yes", "--skip-preview", ...exclusions, ...TAIL("prd")],
            ...OUTPUTS_AND_HISTORY("prd"),
        ]);
        assert.strictEqual(nested, "urn:pulumi:prd::*::**$pulumi:providers:kubernetes::**");
        assert.strictEqual(r.summary.bootstrap, true);
        assert.ok(r.markdown.includes("### `pulumi up` on `prd` (protected) (bootstrap)"), r.markdown);
    });

    it("the capacity guard refuses from the real preview's events: a node group replaced on prd, and up is never called", async () => {
        const r = await deploy(["up", "--stack", "prd"], {
            stacks: ["prd"],
            preview: { events: events("prd", fx.prdNodeGroupReplaced, true) },
            up: { events: events("prd", fx.prdNodeGroupReplaced, false), changes: fx.prdNodeGroupReplaced.changes },
        });
        assert.strictEqual(r.code, EXIT.refused, r.log);
        assert.deepStrictEqual(
            argvs(r.calls).map((a) => a[0]),
            ["version", "stack", "preview"],
        );
        assert.strictEqual(
            r.summary.message,
            "refusing to update prd: the preview would replace capacity aws:eks/nodeGroup:NodeGroup platform-prd-general (replacing keys: instanceTypes). " +
                "Pass --allow-capacity-replace to do it deliberately.",
        );
    });

    it("a preview failed by a mandatory policy: exit 1, the CLI's error line and the policy finding in the summary", async () => {
        const r = await deploy(["preview", "--stack", "dev"], {
            stacks: ["dev"],
            preview: { events: events("dev", fx.devPolicyViolations, true), fail: "preview failed" },
        });
        assert.strictEqual(r.code, EXIT.failed, r.log);
        assert.strictEqual(
            r.summary.message,
            "the policy packs blocked the preview with 1 mandatory violation(s): platform-guardrails/log-group-retention on platform-dev-debug. " +
                "pulumi preview failed (exit 255): error: preview failed",
        );
        assert.deepStrictEqual(
            r.summary.policyViolations.map((v) => v.policy),
            ["log-group-retention", "ecs-container-insights"],
        );
    });

    it("policy dependencies not installed: exit 1 with the command to run, and the CLI is never called", async () => {
        const r = await deploy(["preview", "--stack", "dev"], { stacks: ["dev"] }, { workDir: project({ policyInstalled: false }) });
        assert.strictEqual(r.code, EXIT.failed);
        assert.deepStrictEqual(r.calls, []);
        assert.strictEqual(
            r.summary.message,
            "the policy pack policy has no dependencies installed (policy/node_modules lacks @pulumi/policy): run `npm ci --prefix policy` before the deploy",
        );
    });

    it("--no-policy on a protected stack is refused before the CLI is called", async () => {
        const r = await deploy(["up", "--stack", "prd", "--no-policy"], { stacks: ["prd"] });
        assert.strictEqual(r.code, EXIT.refused);
        assert.deepStrictEqual(r.calls, []);
    });

    it("npm run deploy in its own process finds the stand-in on PATH: a missing stack exits 5", () => {
        const cli = standIn({ stacks: [] });
        const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-out-"));
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: `${cli.dir}${path.delimiter}${path.dirname(process.execPath)}`,
            PULUMI_BACKEND_URL: BACKEND,
            CI: "true",
        };
        delete env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK;
        const r = spawnSync(
            process.execPath,
            [
                "-r",
                path.join(PROJECT_ROOT, "tools", "ts-register.js"),
                path.join(PROJECT_ROOT, "automation", "cli.ts"),
                "preview",
                "--stack",
                "dev",
                "--no-policy",
                "--out-dir",
                outDir,
            ],
            { encoding: "utf8", env, cwd: PROJECT_ROOT },
        );
        assert.strictEqual(r.status, EXIT.stackMissing, r.stderr);
        assert.deepStrictEqual(argvs(cli.calls()), [["version"], SELECT("dev")]);
        assert.deepStrictEqual(
            cli.calls().map((c) => c.cwd),
            [PROJECT_ROOT, PROJECT_ROOT],
        );
        assert.match(r.stderr, /\[deploy\] stack dev does not exist in the backend s3:\/\/platform-state-test\./);
    });
});
