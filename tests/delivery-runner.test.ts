// The Automation API runner's decisions, driven by a fake driver that replays recorded-shape engine
// events: exit codes, guards on protected stacks, retry of a locked stack, summaries.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EngineEvent, OpMap, OutputMap } from "@pulumi/pulumi/automation";
import { Operation, OperationResult, StackDriver, StackLockedError } from "../automation/driver";
import { describeEnvironment, readDeliveryEnvironment } from "../automation/environment";
import { isProtectedStack } from "../automation/protection";
import { DEFAULT_RUN_OPTIONS, EXIT, runOperation, RunOptions } from "../automation/runner";
import { previewMarker, renderMarkdown } from "../automation/summary";
import { parseCliArgs, UsageError } from "../automation/cli";
import { PROJECT_ROOT } from "./harness/stack-config";
import * as fx from "./fixtures/automation/engine-events";

interface Script {
    readonly steps: Parameters<typeof fx.eventStream>[1];
    readonly changes: OpMap;
}

/** A driver that replays scripts per operation; `lockedTimes` makes the first N calls fail as locked. */
class FakeDriver implements StackDriver {
    readonly calls: Operation[] = [];
    constructor(
        readonly stackName: string,
        private readonly scripts: Partial<Record<Operation, Script>>,
        private lockedTimes = 0,
        private readonly outs: OutputMap = fx.outputsAfterUp,
    ) {}
    async run(op: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult> {
        this.calls.push(op);
        if (this.lockedTimes > 0) {
            this.lockedTimes--;
            throw new StackLockedError("[409] Conflict: Another update is currently in progress.");
        }
        const script = this.scripts[op];
        if (!script) throw new Error(`unexpected ${op}`);
        for (const e of fx.eventStream(this.stackName, script.steps, script.changes, op === "preview")) onEvent(e);
        return { changes: script.changes };
    }
    async outputs(): Promise<OutputMap> {
        return this.outs;
    }
}

function deps() {
    let clock = 1_000_000;
    const sleeps: number[] = [];
    const logs: string[] = [];
    const streamed: EngineEvent[] = [];
    return {
        sleeps,
        logs,
        streamed,
        deps: {
            now: () => (clock += 250),
            sleep: async (ms: number) => {
                sleeps.push(ms);
                clock += ms;
            },
            log: (l: string) => logs.push(l),
            onEvent: (e: EngineEvent) => streamed.push(e),
        },
    };
}

const opts = (operation: Operation, protectedStack: boolean, extra: Partial<RunOptions> = {}): RunOptions =>
    ({ ...DEFAULT_RUN_OPTIONS, operation, protectedStack, ...extra });

describe("delivery runner: preview", () => {
    it("exits 2 with --detailed-exit-code when there are changes, 0 without it, and streams every event", async () => {
        const d = deps();
        const driver = new FakeDriver("dev", { preview: fx.devNatPerAz });
        const detailed = await runOperation(driver, opts("preview", false, { detailedExitCode: true }), d.deps);
        assert.strictEqual(detailed.exitCode, EXIT.changesPresent);
        assert.strictEqual(d.streamed.length, fx.devNatPerAz.steps.length + 2);
        const plain = await runOperation(new FakeDriver("dev", { preview: fx.devNatPerAz }), opts("preview", false), deps().deps);
        assert.strictEqual(plain.exitCode, EXIT.ok);
        assert.deepStrictEqual(detailed.summary.counts, { create: 2, update: 1, replace: 0, delete: 0, same: 25 });
        assert.strictEqual(detailed.summary.changesPresent, true);
        assert.deepStrictEqual(detailed.summary.steps.map((s) => `${s.op} ${s.name}`), [
            "create platform-dev-nat-2",
            "create platform-dev-nat-2",
            "update platform-dev-private-2-default",
        ]);
        assert.deepStrictEqual(detailed.summary.outputs, {}, "a preview has no outputs to report");
    });

    it("exits 0 with --detailed-exit-code when nothing changes", async () => {
        const r = await runOperation(new FakeDriver("dev", { preview: fx.noChanges }), opts("preview", false, { detailedExitCode: true }), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.ok);
        assert.strictEqual(r.summary.changesPresent, false);
        assert.ok(renderMarkdown(r.summary).includes("No changes."));
    });

    it("the Markdown calls out replacements first, with their reasons and protection", async () => {
        const r = await runOperation(new FakeDriver("prd", { preview: fx.prdReplaceProtected }), opts("preview", true), { ...deps().deps, now: () => 0 });
        assert.strictEqual(renderMarkdown(r.summary), [
            "<!-- platform-preview:prd -->",
            "### `pulumi preview` on `prd` (protected)",
            "",
            "| create | update | replace | delete | unchanged |",
            "|---:|---:|---:|---:|---:|",
            "| 0 | 1 | 2 | 0 | 60 |",
            "",
            ":warning: **2 replacement(s)**: `platform-prd-private-1`, `platform-prd-vpc`",
            "",
            "| op | type | name | note |",
            "|---|---|---|---|",
            "| **replace** | `aws:ec2/subnet:Subnet` | `platform-prd-private-1` | protected; replaced because of `cidrBlock`, `vpcId` |",
            "| **replace** | `aws:ec2/vpc:Vpc` | `platform-prd-vpc` | protected; replaced because of `cidrBlock` |",
            "| update | `aws:ec2/route:Route` | `platform-prd-private-1-default` |  |",
            "",
            "_0.0 s_",
            "",
        ].join("\n"));
    });
});

describe("delivery runner: guards on protected stacks", () => {
    it("refuses destroy of a protected stack without the flag, without calling the engine", async () => {
        const driver = new FakeDriver("prd", {});
        const r = await runOperation(driver, opts("destroy", true), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.strictEqual(r.summary.status, "refused");
        assert.match(r.summary.message ?? "", /--allow-destroy-protected/);
        assert.deepStrictEqual(driver.calls, []);
    });

    it("destroys a protected stack with --allow-destroy-protected, and an unprotected one without it", async () => {
        const script = { steps: [{ type: fx.VPC, name: "platform-dev-vpc", op: "delete" as const }], changes: { delete: 27 } };
        const allowed = new FakeDriver("prd", { destroy: script });
        assert.strictEqual((await runOperation(allowed, opts("destroy", true, { allowDestroyProtected: true }), deps().deps)).exitCode, EXIT.ok);
        const dev = new FakeDriver("dev", { destroy: script });
        const r = await runOperation(dev, opts("destroy", false), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.ok);
        assert.deepStrictEqual(dev.calls, ["destroy"]);
        assert.strictEqual(r.summary.counts.delete, 27);
    });

    it("refuses up on a protected stack whose preview replaces a protected resource; up never runs", async () => {
        const driver = new FakeDriver("prd", { preview: fx.prdReplaceProtected, up: fx.prdReplaceProtected });
        const r = await runOperation(driver, opts("up", true), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.deepStrictEqual(driver.calls, ["preview"]);
        assert.strictEqual(r.summary.message,
            "refusing to update prd: the preview would replace protected aws:ec2/subnet:Subnet platform-prd-private-1, replace protected aws:ec2/vpc:Vpc platform-prd-vpc. " +
            "Pass --allow-protected-replace to do it deliberately.");
        assert.strictEqual(r.summary.counts.replace, 2, "the refused plan is still summarised");
    });

    it("refuses up on a protected stack whose preview deletes a protected resource", async () => {
        const r = await runOperation(new FakeDriver("prd", { preview: fx.prdDeleteProtected }), opts("up", true), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.match(r.summary.message ?? "", /delete protected aws:ec2\/subnet:Subnet platform-prd-public-3/);
    });

    it("runs up on a protected stack with --allow-protected-replace, or when nothing protected is replaced", async () => {
        const allowed = new FakeDriver("prd", { preview: fx.prdReplaceProtected, up: fx.prdReplaceProtected });
        const r = await runOperation(allowed, opts("up", true, { allowProtectedReplace: true }), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.ok);
        assert.deepStrictEqual(allowed.calls, ["preview", "up"]);
        const safe = new FakeDriver("prd", { preview: fx.prdAddEndpoint, up: fx.prdAddEndpoint });
        assert.strictEqual((await runOperation(safe, opts("up", true), deps().deps)).exitCode, EXIT.ok);
        assert.deepStrictEqual(safe.calls, ["preview", "up"]);
    });

    it("runs up on an unprotected stack without a guard preview, and masks secret outputs", async () => {
        const driver = new FakeDriver("dev", { up: fx.devNatPerAz });
        const r = await runOperation(driver, opts("up", false), deps().deps);
        assert.deepStrictEqual(driver.calls, ["up"]);
        assert.deepStrictEqual(r.summary.outputs, {
            flowLogRoleExternalId: "[secret]",
            natGatewayIds: ["nat-0aa", "nat-0bb"],
            vpcId: "vpc-0a1b2c3d4e5f60718",
        });
        assert.ok(!JSON.stringify(r.summary).includes("s3cr3t-value"));
    });

    it("protection comes from platform:protect in the stack file, not the stack name", () => {
        assert.strictEqual(isProtectedStack("prd", PROJECT_ROOT), true);
        assert.strictEqual(isProtectedStack("dev", PROJECT_ROOT), false);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "protect-"));
        fs.writeFileSync(path.join(dir, "Pulumi.prd.yaml"), "config:\n  platform:protect: false\n");
        fs.writeFileSync(path.join(dir, "Pulumi.stg.yaml"), "config:\n  platform:protect: true\n");
        assert.strictEqual(isProtectedStack("prd", dir), false);
        assert.strictEqual(isProtectedStack("stg", dir), true);
    });
});

describe("delivery runner: a stack locked by a concurrent update", () => {
    it("retries with doubling backoff and succeeds once the lock is released", async () => {
        const d = deps();
        const driver = new FakeDriver("dev", { up: fx.devNatPerAz }, 2);
        const r = await runOperation(driver, opts("up", false, { lockAttempts: 5, lockBackoffSeconds: 10 }), d.deps);
        assert.strictEqual(r.exitCode, EXIT.ok);
        assert.deepStrictEqual(driver.calls, ["up", "up", "up"]);
        assert.deepStrictEqual(d.sleeps, [10_000, 20_000]);
        assert.strictEqual(d.logs[0], "stack dev is locked by another update (attempt 1/5); retrying in 10 s");
    });

    it("gives up after the bounded attempts with exit 4 and a clear message", async () => {
        const d = deps();
        const driver = new FakeDriver("prd", { preview: fx.prdAddEndpoint }, 99);
        const r = await runOperation(driver, opts("preview", true, { lockAttempts: 3, lockBackoffSeconds: 5 }), d.deps);
        assert.strictEqual(r.exitCode, EXIT.locked);
        assert.strictEqual(driver.calls.length, 3);
        assert.deepStrictEqual(d.sleeps, [5_000, 10_000]);
        assert.match(r.summary.message ?? "", /^stack prd is still locked by another update after 3 attempts: .*pulumi cancel/);
        assert.ok(renderMarkdown(r.summary).includes("> **LOCKED**: stack prd is still locked"));
    });

    it("does not retry other failures", async () => {
        const driver = new FakeDriver("dev", {});
        const r = await runOperation(driver, opts("refresh", false), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.failed);
        assert.deepStrictEqual(driver.calls, ["refresh"]);
        assert.strictEqual(r.summary.message, "unexpected refresh");
    });
});

describe("delivery runner: summaries, arguments and environment", () => {
    it("the JSON summary has stack, operation, counts, duration and masked outputs", async () => {
        const r = await runOperation(new FakeDriver("dev", { up: fx.devNatPerAz }), opts("up", false), deps().deps);
        const json = JSON.parse(JSON.stringify(r.summary)) as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(json).sort(), ["changesPresent", "counts", "durationSeconds", "operation", "outputs", "protectedStack", "stack", "status", "steps"]);
        assert.strictEqual(json.durationSeconds, 0.25);
        assert.strictEqual(previewMarker("dev"), "<!-- platform-preview:dev -->");
    });

    it("parses the command line and rejects bad usage", () => {
        const a = parseCliArgs(["preview", "--stack", "prd", "--detailed-exit-code", "--lock-attempts", "2"]);
        assert.strictEqual(a.stack, "prd");
        assert.strictEqual(a.options.operation, "preview");
        assert.strictEqual(a.options.detailedExitCode, true);
        assert.strictEqual(a.options.lockAttempts, 2);
        assert.strictEqual(a.options.allowDestroyProtected, false);
        assert.throws(() => parseCliArgs(["apply", "--stack", "dev"]), UsageError);
        assert.throws(() => parseCliArgs(["up"]), /--stack is required/);
        assert.throws(() => parseCliArgs(["up", "--stack", "dev", "--lock-attempts", "0"]), /positive integer/);
    });

    it("backend, secrets provider and AWS settings come from the environment only", () => {
        const e = readDeliveryEnvironment({ PULUMI_BACKEND_URL: "s3://state-bucket", PULUMI_SECRETS_PROVIDER: "awskms://alias/pulumi", AWS_DEFAULT_REGION: "us-east-1", AWS_PROFILE: "ci" });
        assert.deepStrictEqual(e, { backendUrl: "s3://state-bucket", secretsProvider: "awskms://alias/pulumi", awsRegion: "us-east-1", awsProfile: "ci" });
        assert.deepStrictEqual(readDeliveryEnvironment({}), { backendUrl: undefined, secretsProvider: undefined, awsRegion: undefined, awsProfile: undefined });
        const lines = describeEnvironment(e, "ap-northeast-1");
        assert.strictEqual(lines[lines.length - 1], "warning: AWS_REGION=us-east-1 differs from the stack's aws:region=ap-northeast-1; the stack's value is used for its resources");
        assert.strictEqual(describeEnvironment({ awsRegion: "ap-northeast-1" }, "ap-northeast-1").length, 4);
    });
});
