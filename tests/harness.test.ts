import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allocateSubnets, formatCidr, parseIpv4Cidr, planSubnets } from "../lib/cidr";
import { installOfflineEngine } from "../offline/engine";
import { Graph } from "../offline/graph";
import { runStack } from "../offline/run";
import { GraphSnapshot, SECRET_MASK, snapshotOf } from "../offline/snapshot";
import { PROJECT_ROOT } from "../offline/stack-config";

describe("offline engine", () => {
    it("fails loudly on a resource type it has no output model for", async () => {
        const engine = installOfflineEngine({ project: "platform", stack: "t", region: "ap-northeast-1" });
        new aws.sfn.StateMachine("orphan", { definition: "{}", roleArn: "arn:aws:iam::123456789012:role/r" });
        await assert.rejects(engine.settle(), /no output model for resource type aws:sfn\/stateMachine:StateMachine \(orphan\)/);
    });

    it("fails loudly on an invoke it has no model for", async () => {
        const engine = installOfflineEngine({ project: "platform", stack: "t", region: "ap-northeast-1" });
        await assert.rejects(aws.ec2.getVpc({ default: true }));
        assert.deepStrictEqual(
            engine.errors.map((e) => e.message),
            ["no model for invoke aws:ec2/getVpc:getVpc; add one to offline/aws-model*.ts"],
        );
        await assert.rejects(engine.settle(), /no model for invoke aws:ec2\/getVpc:getVpc/);
    });

    it("gives URNs as the engine does: the parent's whole type chain, without the root stack's type", async () => {
        const prd = await runStack("prd");
        const tg = prd.graph.within("platform:ecs:Service", "platform-prd-api").one("aws:lb/targetGroup:TargetGroup");
        assert.strictEqual(
            tg.urn,
            "urn:pulumi:prd::platform::platform:ecs:Ecs$platform:ecs:Service$aws:lb/targetGroup:TargetGroup::platform-prd-api-tg",
        );
        assert.strictEqual(tg.parent, "urn:pulumi:prd::platform::platform:ecs:Ecs$platform:ecs:Service::platform-prd-api");
        assert.strictEqual(prd.graph.one("platform:eks:Cluster").urn, "urn:pulumi:prd::platform::platform:eks:Cluster::platform-prd");
        assert.strictEqual(prd.graph.one("pulumi:pulumi:Stack").urn, "urn:pulumi:prd::platform::pulumi:pulumi:Stack::platform-prd");
        assert.strictEqual(prd.graph.one("platform:eks:Cluster").parent, prd.graph.one("pulumi:pulumi:Stack").urn);
    });

    it("records parent, dependencies, protection and inputs; answers with AWS-format ids and ARNs", async () => {
        const engine = installOfflineEngine({ project: "platform", stack: "t", region: "eu-west-1", accountId: "210987654321" });
        const parent = new pulumi.ComponentResource("platform:test:Box", "box");
        const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" }, { parent, protect: true });
        const role = new aws.iam.Role("r", { assumeRolePolicy: "{}" }, { parent, dependsOn: [vpc] });
        const group = new aws.cloudwatch.LogGroup("g", { name: "/x/y", retentionInDays: 7 }, { parent, retainOnDelete: true });
        await engine.settle();
        const records = Object.fromEntries(engine.resources.map((r) => [r.name, r]));
        assert.strictEqual(records.v.parent, records.box.urn);
        assert.strictEqual(records.v.urn, "urn:pulumi:t::platform::platform:test:Box$aws:ec2/vpc:Vpc::v");
        assert.deepStrictEqual([records.v.protect, records.g.retainOnDelete], [true, true]);
        assert.deepStrictEqual(records.r.dependencies, [records.v.urn]);
        assert.strictEqual(records.v.inputs.cidrBlock, "10.0.0.0/16");
        assert.match(String(await new Promise((r) => vpc.id.apply(r))), /^vpc-[0-9a-f]{17}$/);
        assert.match(String(await new Promise((r) => vpc.arn.apply(r))), /^arn:aws:ec2:eu-west-1:210987654321:vpc\/vpc-[0-9a-f]{17}$/);
        assert.match(String(await new Promise((r) => role.arn.apply(r))), /^arn:aws:iam::210987654321:role\/r-[0-9a-f]{7}$/);
        assert.strictEqual(await new Promise((r) => group.arn.apply(r)), "arn:aws:logs:eu-west-1:210987654321:log-group:/x/y");
    });

    it("uses the partition of the region in ARNs", async () => {
        const engine = installOfflineEngine({ project: "platform", stack: "t", region: "cn-north-1" });
        const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
        await engine.settle();
        assert.match(String(await new Promise((r) => vpc.arn.apply(r))), /^arn:aws-cn:ec2:cn-north-1:/);
    });

    it("ids are deterministic: two runs of a stack give identical snapshots", async () => {
        const first = JSON.stringify(snapshotOf(await runStack("prd", {}, { fresh: true })));
        const second = JSON.stringify(snapshotOf(await runStack("prd", {}, { fresh: true })));
        assert.strictEqual(first, second);
    });

    it("snapshots mask secret inputs and secret outputs", async () => {
        const engine = installOfflineEngine({ project: "platform", stack: "t", region: "ap-northeast-1" });
        new aws.iam.Role("r", { assumeRolePolicy: "{}", description: pulumi.secret("hunter2") });
        await engine.settle();
        const snapshot = snapshotOf({
            config: { project: "platform", stack: "t", values: {}, secretKeys: [] },
            engine,
            graph: new Graph(engine.resources),
            outputs: { token: "hunter2", plain: "x" },
            secretOutputs: ["token"],
        });
        assert.strictEqual((snapshot.resources.find((r) => r.name === "r")?.inputs as Record<string, unknown>).description, SECRET_MASK);
        assert.deepStrictEqual(snapshot.outputs, { plain: "x", token: SECRET_MASK });
        assert.ok(!JSON.stringify(snapshot).includes("hunter2"));
    });
});

describe("CIDR planning", () => {
    it("parses networks and explains what is wrong with the rest", () => {
        assert.deepStrictEqual(parseIpv4Cidr("10.1.0.0/16"), { base: 0x0a010000, prefixLength: 16 });
        assert.strictEqual(parseIpv4Cidr("10.1.0.0"), "not in a.b.c.d/n form");
        assert.strictEqual(parseIpv4Cidr("10.1.0.0/33"), "the prefix length is above 32");
        assert.strictEqual(parseIpv4Cidr("10.1.2.0/16"), "host bits are set (the network address is 10.1.0.0/16)");
    });

    it("allocates largest first, aligned, in request order, and refuses what does not fit", () => {
        const parent = parseIpv4Cidr("192.168.0.0/22");
        assert.ok(typeof parent !== "string");
        const plan = allocateSubnets(parent, [26, 24, 26, 24]);
        assert.deepStrictEqual(plan?.map(formatCidr), ["192.168.2.0/26", "192.168.0.0/24", "192.168.2.64/26", "192.168.1.0/24"]);
        assert.strictEqual(allocateSubnets(parent, [23, 23, 28]), undefined);
        assert.strictEqual(allocateSubnets(parent, [21]), undefined);
    });

    it("plans one aligned block per AZ, so more AZs only append", () => {
        const vpc = parseIpv4Cidr("10.0.0.0/16");
        assert.ok(typeof vpc !== "string");
        const two = planSubnets(vpc, 2, 24, 20);
        const six = planSubnets(vpc, 6, 24, 20);
        assert.deepStrictEqual(two?.private.map(formatCidr), ["10.0.0.0/20", "10.0.32.0/20"]);
        assert.deepStrictEqual(two?.public.map(formatCidr), ["10.0.16.0/24", "10.0.48.0/24"]);
        assert.deepStrictEqual(six?.private.slice(0, 2).map(formatCidr), two?.private.map(formatCidr));
        assert.deepStrictEqual(planSubnets(vpc, 2, 24)?.public.map(formatCidr), ["10.0.0.0/24", "10.0.1.0/24"]);
        assert.strictEqual(planSubnets(vpc, 9, 24, 20), undefined);
    });
});

describe("offline preview command", () => {
    // Exactly what `npm run preview:offline --` runs.
    const run = (...args: string[]) =>
        spawnSync(process.execPath, ["-r", "./tools/ts-register.js", "tools/offline-preview.ts", ...args], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        });

    it("an unknown stack exits 2 naming the stacks there are, without a JavaScript stack trace", () => {
        const result = run("nosuch");
        assert.strictEqual(result.status, 2, result.stderr);
        assert.match(result.stderr, /no stack file Pulumi\.nosuch\.yaml; stacks here: dev, prd/);
        assert.doesNotMatch(result.stderr, /^\s+at /m);
    });

    it("prints the tree, counts and outputs, and writes the graph JSON", () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "preview-")), "dev.json");
        const result = run("dev", "--out", out);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.match(result.stdout, /^pulumi:pulumi:Stack {2}platform-dev$/m);
        assert.match(result.stdout, /^[├└]─ platform:network:Network {2}platform-dev$/m);
        assert.match(result.stdout, /^[│ ] {2}└─ platform:network:FlowLogs {2}platform-dev-flow-logs$/m);
        assert.match(
            result.stdout,
            /^│ {5}[├└]─ aws:ecs\/service:Service {2}platform-dev-web-service {2}\[ignores changes to desiredCount\]$/m,
        );
        assert.match(result.stdout, /^ {2}aws:ec2\/subnet:Subnet +4$/m);
        assert.match(result.stdout, /^ {2}vpcCidr: "10\.10\.0\.0\/16"$/m);
        const graph = JSON.parse(fs.readFileSync(out, "utf8")) as GraphSnapshot;
        assert.strictEqual(graph.stack, "dev");
        assert.strictEqual(graph.resources.length, graph.resourceCount);
        assert.deepStrictEqual(
            graph.resources.map((r) => r.urn),
            [...graph.resources.map((r) => r.urn)].sort(),
        );
        assert.match(result.stdout, /^Estimated monthly cost of stack "dev": about \$[\d,]+\.\d\d \(USD; an estimate of idle cost\)$/m);
        assert.match(result.stdout, /^ {2}Total +\$[\d,]+\.\d\d$/m);
    });

    it("--timings writes how long loading, evaluating and reporting took", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
        const result = run("dev", "--out", path.join(dir, "dev.json"), "--timings", path.join(dir, "timings.json"));
        assert.strictEqual(result.status, 0, result.stderr);
        const timings = JSON.parse(fs.readFileSync(path.join(dir, "timings.json"), "utf8")) as Record<string, number>;
        assert.deepStrictEqual(Object.keys(timings), ["loadMs", "evaluateMs", "reportMs", "resources"]);
        assert.ok(
            Object.values(timings).every((v) => typeof v === "number" && v > 0),
            JSON.stringify(timings),
        );
        assert.strictEqual(
            timings.resources,
            (JSON.parse(fs.readFileSync(path.join(dir, "dev.json"), "utf8")) as GraphSnapshot).resourceCount,
        );
    });

    it("exits 2 naming the key when a --prices override is wrong", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
        fs.writeFileSync(path.join(dir, "prices.json"), JSON.stringify({ prices: { natGatewayPerHour: "cheap" } }));
        const result = run("dev", "--out", path.join(dir, "dev.json"), "--prices", path.join(dir, "prices.json"));
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /prices\.natGatewayPerHour = "cheap": must be a number >= 0/);
    });

    it("exits 2 with the validation message on bad config", () => {
        const result = run("prd", "--set", "platform:azCount=2", "--out", path.join(os.tmpdir(), "never.json"));
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /platform:azCount = 2: prd needs at least 3 availability zones/);
    });

    it("exits 2 with the list of stacks on an unknown stack name", () => {
        const result = run();
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /stacks: dev, prd/);
    });

    it("exits 2 with the usage on an unknown flag, naming it", () => {
        for (const args of [
            ["dev", "--bogus"],
            ["--bogus", "dev"],
        ]) {
            const result = run(...args);
            assert.strictEqual(result.status, 2, args.join(" "));
            assert.match(result.stderr, /^unexpected argument --bogus\nusage: npm run preview:offline -- <stack> /, args.join(" "));
        }
    });

    it("exits 2 with the usage when a flag has no value, or one that starts with a dash", () => {
        for (const args of [
            ["dev", "--out"],
            ["dev", "--out", ""],
            ["dev", "--out", "--timings", "t.json"],
            ["dev", "--prices"],
        ]) {
            const result = run(...args);
            assert.strictEqual(result.status, 2, args.join(" "));
            assert.match(result.stderr, /^usage: npm run preview:offline -- <stack> /, args.join(" "));
        }
        const result = run("dev", "--set");
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /^--set takes <key>=<value>\nusage: /);
    });
});
