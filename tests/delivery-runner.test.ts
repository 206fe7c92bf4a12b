// The Automation API runner's decisions, driven by a fake driver that replays recorded-shape engine
// events: exit codes, guards on protected stacks, retry of a locked stack, summaries, and the
// inputs the driver is given (policy packs, bootstrap exclusions, how a missing stack is explained).

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EngineEvent, OutputMap } from "@pulumi/pulumi/automation";
import { bootstrapExcludes, KUBERNETES_PROVIDER_TYPE, urnPatternMatches } from "../automation/bootstrap";
import { Operation, OperationResult, StackDriver, StackLockedError, StackMissingError } from "../automation/driver";
import { DeliveryEnvironment, describeEnvironment, readDeliveryEnvironment } from "../automation/environment";
import { policyPackProblem, policyPacksFor } from "../automation/policy-packs";
import { isProtectedStack } from "../automation/protection";
import { DEFAULT_RUN_OPTIONS, destructiveRefusal, EXIT, runOperation, RunOptions } from "../automation/runner";
import { createStackInCiMessage, missingStackMessage } from "../automation/stack-init";
import { previewMarker, renderMarkdown } from "../automation/summary";
import { resourceSteps } from "../automation/changes";
import { parseCliArgs, UsageError } from "../automation/cli";
import { runStack } from "../offline/run";
import { PROJECT_ROOT } from "../offline/stack-config";
import * as fx from "./fixtures/automation/engine-events";

/** A driver that replays scripts per operation; `lockedTimes` makes the first N calls fail as locked. */
class FakeDriver implements StackDriver {
    readonly calls: Operation[] = [];
    constructor(
        readonly stackName: string,
        private readonly scripts: Partial<Record<Operation, fx.Script>>,
        private lockedTimes = 0,
        private readonly outs: OutputMap = fx.outputsAfterUp,
        /** Operations that fail after streaming their events, with this message. */
        private readonly failures: Partial<Record<Operation, Error>> = {},
    ) {}
    async run(op: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult> {
        this.calls.push(op);
        if (this.lockedTimes > 0) {
            this.lockedTimes--;
            throw new StackLockedError("[409] Conflict: Another update is currently in progress.");
        }
        const script = this.scripts[op];
        if (!script) throw new Error(`unexpected ${op}`);
        for (const e of fx.eventStream(this.stackName, script, op === "preview")) onEvent(e);
        const failure = this.failures[op];
        if (failure) throw failure;
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

const NO_ENV: DeliveryEnvironment = { ci: false };
const KMS_ENV: DeliveryEnvironment = { backendUrl: "s3://platform-state", secretsProvider: "awskms://alias/pulumi-platform", ci: false };

const opts = (operation: Operation, protectedStack: boolean, extra: Partial<RunOptions> = {}): RunOptions => ({
    ...DEFAULT_RUN_OPTIONS,
    operation,
    protectedStack,
    environment: NO_ENV,
    ...extra,
});

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
        assert.deepStrictEqual(
            detailed.summary.steps.map((s) => `${s.op} ${s.name}`),
            ["create platform-dev-nat-2", "create platform-dev-nat-2", "update platform-dev-private-2-default"],
        );
        assert.deepStrictEqual(detailed.summary.outputs, {}, "a preview has no outputs to report");
    });

    it("exits 0 with --detailed-exit-code when nothing changes", async () => {
        const r = await runOperation(
            new FakeDriver("dev", { preview: fx.noChanges }),
            opts("preview", false, { detailedExitCode: true }),
            deps().deps,
        );
        assert.strictEqual(r.exitCode, EXIT.ok);
        assert.strictEqual(r.summary.changesPresent, false);
        assert.ok(renderMarkdown(r.summary).includes("No changes."));
    });

    it("the Markdown calls out replacements first, with their reasons and protection", async () => {
        const r = await runOperation(new FakeDriver("prd", { preview: fx.prdReplaceProtected }), opts("preview", true), {
            ...deps().deps,
            now: () => 0,
        });
        assert.strictEqual(
            renderMarkdown(r.summary),
            [
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
            ].join("\n"),
        );
    });

    it("a preview failed by a mandatory policy says which policy on which resource, and lists every finding", async () => {
        const driver = new FakeDriver("dev", { preview: fx.devPolicyViolations }, 0, fx.outputsAfterUp, {
            preview: new Error("pulumi preview failed (exit 255): error: preview failed"),
        });
        const r = await runOperation(driver, opts("preview", false, { policyPacks: ["/repo/policy"] }), { ...deps().deps, now: () => 0 });
        assert.strictEqual(r.exitCode, EXIT.failed);
        assert.strictEqual(
            r.summary.message,
            "the policy packs blocked the preview with 1 mandatory violation(s): platform-guardrails/log-group-retention on platform-dev-debug. " +
                "pulumi preview failed (exit 255): error: preview failed",
        );
        assert.deepStrictEqual(
            r.summary.policyViolations.map((v) => `${v.enforcement} ${v.policy} ${v.urn ?? "-"}`),
            [
                "mandatory log-group-retention urn:pulumi:dev::platform::aws:cloudwatch/logGroup:LogGroup::platform-dev-debug",
                "warning ecs-container-insights -",
            ],
        );
        assert.deepStrictEqual(r.summary.policyPacks, ["/repo/policy"]);
        assert.deepStrictEqual(
            r.summary.steps.map((s) => `${s.op} ${s.name}`),
            ["create platform-dev-debug"],
            "the steps seen before the failure are kept",
        );
        const md = renderMarkdown(r.summary);
        assert.ok(
            md.includes(
                [
                    "**Policy violations (2)**",
                    "",
                    "| level | policy | resource | message |",
                    "|---|---|---|---|",
                    "| mandatory | `platform-guardrails/log-group-retention` | `platform-dev-debug` | Log group platform-dev-debug has no retention; set retentionInDays. |",
                    "| warning | `platform-guardrails/ecs-container-insights` | (stack) | ECS cluster platform-dev: Container Insights is off. |",
                ].join("\n"),
            ),
            md,
        );
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
        const script: fx.Script = { steps: [{ type: fx.VPC, name: "platform-dev-vpc", op: "delete" }], changes: { delete: 27 } };
        const allowed = new FakeDriver("prd", { destroy: script });
        assert.strictEqual(
            (await runOperation(allowed, opts("destroy", true, { allowDestroyProtected: true }), deps().deps)).exitCode,
            EXIT.ok,
        );
        const dev = new FakeDriver("dev", { destroy: script });
        const r = await runOperation(dev, opts("destroy", false), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.ok);
        assert.deepStrictEqual(dev.calls, ["destroy"]);
        assert.strictEqual(r.summary.counts.delete, 27);
    });

    it("refuses up on a protected stack whose preview replaces protected capacity; up never runs", async () => {
        const driver = new FakeDriver("prd", { preview: fx.prdReplaceProtected, up: fx.prdReplaceProtected });
        const r = await runOperation(driver, opts("up", true), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.deepStrictEqual(driver.calls, ["preview"]);
        assert.strictEqual(
            r.summary.message,
            "refusing to update prd: the preview would replace protected capacity aws:ec2/subnet:Subnet platform-prd-private-1 (replacing keys: cidrBlock, vpcId), " +
                "replace protected capacity aws:ec2/vpc:Vpc platform-prd-vpc (replacing keys: cidrBlock). " +
                "Pass --allow-protected-replace and --allow-capacity-replace to do it deliberately.",
        );
        assert.strictEqual(r.summary.counts.replace, 2, "the refused plan is still summarised");
    });

    it("refuses up on a protected stack whose preview deletes a protected resource", async () => {
        const r = await runOperation(new FakeDriver("prd", { preview: fx.prdDeleteProtected }), opts("up", true), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.match(r.summary.message ?? "", /delete protected capacity aws:ec2\/subnet:Subnet platform-prd-public-3\. /);
    });

    it("one flag is not the other: protected capacity needs both --allow-protected-replace and --allow-capacity-replace", async () => {
        const onlyProtected = new FakeDriver("prd", { preview: fx.prdReplaceProtected, up: fx.prdReplaceProtected });
        const r = await runOperation(onlyProtected, opts("up", true, { allowProtectedReplace: true }), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.strictEqual(
            r.summary.message,
            "refusing to update prd: the preview would replace capacity aws:ec2/subnet:Subnet platform-prd-private-1 (replacing keys: cidrBlock, vpcId), " +
                "replace capacity aws:ec2/vpc:Vpc platform-prd-vpc (replacing keys: cidrBlock). Pass --allow-capacity-replace to do it deliberately.",
        );
        const onlyCapacity = await runOperation(
            new FakeDriver("prd", { preview: fx.prdReplaceProtected }),
            opts("up", true, { allowCapacityReplace: true }),
            deps().deps,
        );
        assert.match(
            onlyCapacity.summary.message ?? "",
            /would replace protected aws:ec2\/subnet:Subnet .*Pass --allow-protected-replace to do it deliberately\.$/,
        );
        const both = new FakeDriver("prd", { preview: fx.prdReplaceProtected, up: fx.prdReplaceProtected });
        assert.strictEqual(
            (await runOperation(both, opts("up", true, { allowProtectedReplace: true, allowCapacityReplace: true }), deps().deps)).exitCode,
            EXIT.ok,
        );
        assert.deepStrictEqual(both.calls, ["preview", "up"]);
    });

    it("refuses up on a protected stack that replaces an unprotected node group, naming the replacing keys", async () => {
        const driver = new FakeDriver("prd", { preview: fx.prdNodeGroupReplaced, up: fx.prdNodeGroupReplaced });
        const r = await runOperation(driver, opts("up", true, { allowProtectedReplace: true }), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.deepStrictEqual(driver.calls, ["preview"]);
        assert.strictEqual(
            r.summary.message,
            "refusing to update prd: the preview would replace capacity aws:eks/nodeGroup:NodeGroup platform-prd-general (replacing keys: instanceTypes). " +
                "Pass --allow-capacity-replace to do it deliberately.",
        );
        const allowed = new FakeDriver("prd", { preview: fx.prdNodeGroupReplaced, up: fx.prdNodeGroupReplaced });
        const ok = await runOperation(allowed, opts("up", true, { allowCapacityReplace: true }), deps().deps);
        assert.strictEqual(ok.exitCode, EXIT.ok);
        assert.deepStrictEqual(allowed.calls, ["preview", "up"]);
        assert.strictEqual(ok.summary.counts.replace, 1);
    });

    it("refuses up on a protected stack that deletes a target group; the listener rule deleted with it is not capacity", async () => {
        const r = await runOperation(new FakeDriver("prd", { preview: fx.prdTargetGroupDeleted }), opts("up", true), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.strictEqual(
            r.summary.message,
            "refusing to update prd: the preview would delete capacity aws:lb/targetGroup:TargetGroup platform-prd-web-tg. Pass --allow-capacity-replace to do it deliberately.",
        );
    });

    it("lets a replacement that carries no capacity through, and new resources", async () => {
        const replaced = new FakeDriver("prd", { preview: fx.prdRuleReplaced, up: fx.prdRuleReplaced });
        const r = await runOperation(replaced, opts("up", true), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.ok, r.summary.message);
        assert.deepStrictEqual(replaced.calls, ["preview", "up"]);
        assert.deepStrictEqual(
            r.summary.steps.map((s) => `${s.op} ${s.name} ${s.replaceKeys.join(",")}`),
            ["replace platform-prd-endpoints-https cidrIpv4"],
        );
        const safe = new FakeDriver("prd", { preview: fx.prdAddEndpoint, up: fx.prdAddEndpoint });
        assert.strictEqual((await runOperation(safe, opts("up", true), deps().deps)).exitCode, EXIT.ok);
        assert.deepStrictEqual(safe.calls, ["preview", "up"]);
    });

    it("guards only protected stacks: dev replaces its node group without a guard preview", async () => {
        const driver = new FakeDriver("dev", { up: fx.prdNodeGroupReplaced });
        assert.strictEqual((await runOperation(driver, opts("up", false), deps().deps)).exitCode, EXIT.ok);
        assert.deepStrictEqual(driver.calls, ["up"]);
    });

    it("destructiveRefusal names nothing when no step is destructive, and each flag lifts its own reason", () => {
        const steps = resourceSteps(fx.eventStream("prd", fx.prdNodeGroupReplaced, true));
        assert.strictEqual(
            destructiveRefusal("prd", resourceSteps(fx.eventStream("prd", fx.prdAddEndpoint, true)), {
                allowProtectedReplace: false,
                allowCapacityReplace: false,
            }),
            undefined,
        );
        assert.strictEqual(destructiveRefusal("prd", steps, { allowProtectedReplace: false, allowCapacityReplace: true }), undefined);
        assert.match(
            destructiveRefusal("prd", steps, { allowProtectedReplace: true, allowCapacityReplace: false }) ?? "",
            /--allow-capacity-replace/,
        );
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

    it("refuses --no-policy on a protected stack before the engine; allows it elsewhere", async () => {
        const prd = new FakeDriver("prd", { preview: fx.prdAddEndpoint });
        const r = await runOperation(prd, opts("preview", true, { noPolicy: true }), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.strictEqual(
            r.summary.message,
            "refusing --no-policy on prd: it is a protected environment (platform:protect: true), whose previews and updates always run the policy packs.",
        );
        assert.deepStrictEqual(prd.calls, []);
        const dev = new FakeDriver("dev", { preview: fx.noChanges });
        assert.strictEqual((await runOperation(dev, opts("preview", false, { noPolicy: true }), deps().deps)).exitCode, EXIT.ok);
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

describe("delivery runner: stack creation", () => {
    it("a missing stack exits 5 with what to run once and commit, naming the backend and secrets provider", async () => {
        const driver: StackDriver = {
            stackName: "prd",
            run: () => Promise.reject(new StackMissingError(missingStackMessage("prd", KMS_ENV))),
            outputs: () => Promise.reject(new Error("no outputs")),
        };
        const r = await runOperation(driver, opts("up", true, { environment: KMS_ENV }), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.stackMissing);
        assert.strictEqual(r.summary.status, "stack-missing");
        assert.strictEqual(
            r.summary.message,
            "stack prd does not exist in the backend s3://platform-state. Create it once from the repository root with " +
                "`PULUMI_BACKEND_URL=s3://platform-state pulumi stack init prd --secrets-provider awskms://alias/pulumi-platform`, " +
                "then commit the `secretsprovider:` and `encryptedkey:` lines it writes into Pulumi.prd.yaml. " +
                "Outside CI, --create-stack creates it in this run instead (the stack file must be committed all the same).",
        );
        assert.ok(renderMarkdown(r.summary).includes("> **STACK-MISSING**: stack prd does not exist"));
    });

    it("without a backend or secrets provider in the environment, the message says so instead of inventing one", () => {
        assert.strictEqual(
            missingStackMessage("dev", NO_ENV),
            "stack dev does not exist in the backend (the Pulumi CLI's current login; PULUMI_BACKEND_URL is unset). Create it once from the repository root with " +
                "`pulumi stack init dev --secrets-provider <provider, e.g. awskms://alias/pulumi-platform>`, then commit the `secretsprovider:` and `encryptedkey:` lines it writes into Pulumi.dev.yaml. " +
                "Outside CI, --create-stack creates it in this run instead (the stack file must be committed all the same).",
        );
    });

    it("refuses --create-stack when CI=true, before the engine, and lets it through outside CI", async () => {
        const ci = new FakeDriver("dev", { up: fx.devNatPerAz });
        const r = await runOperation(ci, opts("up", false, { createStack: true, environment: { ...KMS_ENV, ci: true } }), deps().deps);
        assert.strictEqual(r.exitCode, EXIT.refused);
        assert.deepStrictEqual(ci.calls, []);
        assert.strictEqual(r.summary.message, createStackInCiMessage("dev", KMS_ENV));
        assert.match(
            r.summary.message ?? "",
            /^refusing --create-stack with CI=true: .*`PULUMI_BACKEND_URL=s3:\/\/platform-state pulumi stack init dev --secrets-provider awskms:\/\/alias\/pulumi-platform`/,
        );
        const local = new FakeDriver("dev", { up: fx.devNatPerAz });
        assert.strictEqual(
            (await runOperation(local, opts("up", false, { createStack: true, environment: KMS_ENV }), deps().deps)).exitCode,
            EXIT.ok,
        );
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

describe("delivery runner: bootstrap", () => {
    for (const stack of ["dev", "prd"]) {
        it(`${stack}: the exclusions match exactly the Kubernetes provider of the offline graph, and leave out only Kubernetes objects`, async () => {
            const run = await runStack(stack);
            const resources = [...run.graph.resources];
            const patterns = bootstrapExcludes(stack);
            const matched = resources.filter((r) => patterns.some((p) => urnPatternMatches(p, r.urn))).map((r) => r.urn);
            assert.deepStrictEqual(matched, [
                `urn:pulumi:${stack}::platform::platform:eks:Cluster$${KUBERNETES_PROVIDER_TYPE}::platform-${stack}-k8s`,
            ]);
            assert.deepStrictEqual(
                matched,
                resources.filter((r) => r.type === KUBERNETES_PROVIDER_TYPE).map((r) => r.urn),
            );
            // What excludeDependents then leaves out, the way the engine decides it (its provider, parent
            // or a dependency is excluded), in registration order: every Kubernetes object and nothing of AWS.
            const excluded = new Set(matched);
            for (const r of resources) {
                const provider = r.provider?.slice(0, r.provider.lastIndexOf("::"));
                const dependsOn = [r.parent, ...r.dependencies, ...Object.values(r.propertyDependencies).flat()];
                if ((provider && excluded.has(provider)) || dependsOn.some((u) => u && excluded.has(u))) excluded.add(r.urn);
            }
            const kubernetesObjects = resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.urn);
            assert.ok(kubernetesObjects.length > 0);
            assert.deepStrictEqual([...excluded].filter((u) => u !== matched[0]).sort(), kubernetesObjects.sort());
        });
    }

    it("the patterns follow the engine's wildcard rules: * stays within a segment, ** crosses them", () => {
        const [nested, topLevel] = bootstrapExcludes("prd");
        assert.ok(
            urnPatternMatches(topLevel, "urn:pulumi:prd::platform::pulumi:providers:kubernetes::default_4_34_2"),
            "a default provider",
        );
        assert.ok(
            urnPatternMatches(nested, "urn:pulumi:prd::platform::platform:a:B$platform:c:D$pulumi:providers:kubernetes::k8s"),
            "under nested components",
        );
        assert.ok(
            !urnPatternMatches(nested, "urn:pulumi:dev::platform::platform:eks:Cluster$pulumi:providers:kubernetes::platform-dev-k8s"),
            "another stack",
        );
        assert.ok(
            !urnPatternMatches(nested, "urn:pulumi:prd::platform::platform:eks:Cluster$pulumi:providers:aws::platform-prd-aws"),
            "another provider",
        );
        assert.ok(
            !urnPatternMatches(nested, "urn:pulumi:prd::platform::platform:eks:Cluster$kubernetes:core/v1:Namespace::apps"),
            "a Kubernetes object: excluded as a dependent, not by the pattern",
        );
        assert.ok(!urnPatternMatches("urn:pulumi:*::platform::x", "urn:pulumi:a:b::platform::x"), "* does not cross a colon");
    });

    it("the summary and its Markdown say it was a bootstrap run", async () => {
        const r = await runOperation(new FakeDriver("dev", { up: fx.devNatPerAz }), opts("up", false, { bootstrap: true }), deps().deps);
        assert.strictEqual(r.summary.bootstrap, true);
        const md = renderMarkdown(r.summary);
        assert.ok(
            md.startsWith(
                "<!-- platform-preview:dev -->\n### `pulumi up` on `dev` (bootstrap)\n\nBootstrap run: the Kubernetes provider and every resource that depends on it were left out;",
            ),
            md,
        );
    });
});

describe("delivery runner: summaries, arguments and environment", () => {
    it("the JSON summary has stack, operation, counts, duration, policy findings and masked outputs", async () => {
        const r = await runOperation(new FakeDriver("dev", { up: fx.devNatPerAz }), opts("up", false), deps().deps);
        const json = JSON.parse(JSON.stringify(r.summary)) as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(json).sort(), [
            "bootstrap",
            "changesPresent",
            "counts",
            "durationSeconds",
            "operation",
            "outputs",
            "policyPacks",
            "policyViolations",
            "protectedStack",
            "stack",
            "status",
            "steps",
        ]);
        assert.strictEqual(json.durationSeconds, 0.25);
        assert.strictEqual(previewMarker("dev"), "<!-- platform-preview:dev -->");
    });

    it("parses the command line with its flags and rejects bad usage", () => {
        const a = parseCliArgs(["preview", "--stack", "prd", "--detailed-exit-code", "--lock-attempts", "2"], "/repo");
        assert.strictEqual(a.stack, "prd");
        assert.strictEqual(a.options.operation, "preview");
        assert.strictEqual(a.options.detailedExitCode, true);
        assert.strictEqual(a.options.lockAttempts, 2);
        assert.strictEqual(a.options.lockBackoffSeconds, 15);
        assert.strictEqual(a.options.allowDestroyProtected, false);
        assert.strictEqual(a.outDir, path.resolve("/repo/out"));
        const b = parseCliArgs(
            [
                "up",
                "--stack=dev",
                "--bootstrap",
                "--create-stack",
                "--no-policy",
                "--allow-capacity-replace",
                "--policy-pack",
                "extra/a",
                "--policy-pack",
                "/abs/b",
                "--out-dir",
                "/tmp/o",
            ],
            "/repo",
        );
        assert.deepStrictEqual(
            [b.stack, b.options.bootstrap, b.options.createStack, b.options.noPolicy, b.options.allowCapacityReplace, b.outDir],
            ["dev", true, true, true, true, "/tmp/o"],
        );
        assert.deepStrictEqual(b.policyPacks, ["extra/a", "/abs/b"]);
        assert.throws(() => parseCliArgs(["apply", "--stack", "dev"]), UsageError);
        assert.throws(() => parseCliArgs(["up"]), /--stack is required/);
        assert.throws(() => parseCliArgs(["up", "--stack", "dev", "--lock-attempts", "0"]), /positive integer/);
        assert.throws(() => parseCliArgs(["up", "--stack", "dev", "--frobnicate"]), /^Error: unexpected argument --frobnicate\nusage: /);
        assert.throws(() => parseCliArgs(["up", "--stack", "dev", "extra"]), /^Error: unexpected argument extra\n/);
        assert.throws(
            () => parseCliArgs(["up", "--stack"]),
            (e: Error) => e instanceof UsageError && /--stack/.test(e.message),
        );
        assert.throws(() => parseCliArgs(["up", "--stack", "dev", "--bootstrap=yes"]), UsageError);
    });

    it("refuses the program-only flags on refresh and destroy", () => {
        assert.throws(
            () => parseCliArgs(["refresh", "--stack", "dev", "--bootstrap"]),
            /^Error: --bootstrap applies to preview and up only, not refresh\n/,
        );
        assert.throws(
            () => parseCliArgs(["destroy", "--stack", "dev", "--bootstrap"]),
            /--bootstrap applies to preview and up only, not destroy/,
        );
        assert.throws(
            () => parseCliArgs(["destroy", "--stack", "dev", "--policy-pack", "x"]),
            /--policy-pack applies to preview and up only/,
        );
        assert.throws(() => parseCliArgs(["refresh", "--stack", "dev", "--create-stack"]), /--create-stack applies to preview and up only/);
        assert.strictEqual(parseCliArgs(["preview", "--stack", "dev", "--bootstrap"]).options.bootstrap, true);
    });

    it("policy packs: policy/ by default, extra ones resolved against the repository root, none with --no-policy", () => {
        assert.deepStrictEqual(policyPacksFor("/repo", [], false), ["/repo/policy"]);
        assert.deepStrictEqual(policyPacksFor("/repo", ["packs/extra", "/abs/pack", "policy"], false), [
            "/repo/policy",
            "/repo/packs/extra",
            "/abs/pack",
        ]);
        assert.deepStrictEqual(policyPacksFor("/repo", ["packs/extra"], true), ["/repo/packs/extra"]);
    });

    it("a Node.js policy pack without its dependencies is named with the command that installs them", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "packs-"));
        const pack = path.join(dir, "policy");
        fs.mkdirSync(pack);
        assert.strictEqual(policyPackProblem(pack, dir), "policy is not a policy pack (no PulumiPolicy.yaml there)");
        fs.writeFileSync(path.join(pack, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        assert.strictEqual(
            policyPackProblem(pack, dir),
            "the policy pack policy has no dependencies installed (policy/node_modules lacks @pulumi/policy): run `npm ci --prefix policy` before the deploy",
        );
        fs.mkdirSync(path.join(pack, "node_modules", "@pulumi", "policy"), { recursive: true });
        assert.strictEqual(policyPackProblem(pack, dir), undefined);
        const python = path.join(dir, "py");
        fs.mkdirSync(python);
        fs.writeFileSync(path.join(python, "PulumiPolicy.yaml"), "runtime:\n  name: python\n");
        assert.strictEqual(policyPackProblem(python, dir), undefined, "only Node.js packs load from node_modules");
        // The project's own PulumiPolicy.yaml is read as a Node.js pack.
        const own = path.join(dir, "own");
        fs.mkdirSync(own);
        fs.copyFileSync(path.join(PROJECT_ROOT, "policy", "PulumiPolicy.yaml"), path.join(own, "PulumiPolicy.yaml"));
        assert.match(policyPackProblem(own, dir) ?? "", /run `npm ci --prefix own`/);
    });

    it("backend, secrets provider, AWS settings and CI come from the environment only", () => {
        const e = readDeliveryEnvironment({
            PULUMI_BACKEND_URL: "s3://state-bucket",
            PULUMI_SECRETS_PROVIDER: "awskms://alias/pulumi",
            AWS_DEFAULT_REGION: "us-east-1",
            AWS_PROFILE: "ci",
            CI: "true",
        });
        assert.deepStrictEqual(e, {
            backendUrl: "s3://state-bucket",
            secretsProvider: "awskms://alias/pulumi",
            awsRegion: "us-east-1",
            awsProfile: "ci",
            ci: true,
        });
        assert.deepStrictEqual(readDeliveryEnvironment({}), {
            backendUrl: undefined,
            secretsProvider: undefined,
            awsRegion: undefined,
            awsProfile: undefined,
            ci: false,
        });
        assert.deepStrictEqual(
            ["1", "TRUE", " yes ", "false", "0", ""].map((v) => readDeliveryEnvironment({ CI: v }).ci),
            [true, true, true, false, false, false],
        );
        const lines = describeEnvironment(e, "ap-northeast-1");
        assert.strictEqual(
            lines[lines.length - 1],
            "warning: AWS_REGION=us-east-1 differs from the stack's aws:region=ap-northeast-1; the stack's value is used for its resources",
        );
        assert.strictEqual(describeEnvironment({ awsRegion: "ap-northeast-1", ci: false }, "ap-northeast-1").length, 4);
    });
});
