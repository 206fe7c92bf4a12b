// The replacement forecast of the offline diff: the classifier rule by rule on small synthetic
// graphs, the table kept complete and consistent with the SDKs it describes, and the routine
// changes of a long-lived stack on the real program, each with exactly what it replaces and how.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { installOfflineEngine } from "../offline/engine";
import { Graph } from "../offline/graph";
import { runStack } from "../offline/run";
import { GraphSnapshot, previewGraph, SnapshotResource, snapshotOf } from "../offline/snapshot";
import { PROJECT_ROOT } from "../offline/stack-config";
import { diffGraphs, renderGraphDiffMarkdown } from "../tools/graph-compare";
import { main } from "../tools/graph-diff";
import { canonical, forecastChanges, ForecastHow, valueAt } from "../tools/replacement/forecast";
import { ReplacementRule, ReplacementTable } from "../tools/replacement/rules";
import { REPLACEMENT_TABLE } from "../tools/replacement/table";
import { isCapacityType } from "../lib/capacity";
import { inRegion } from "./harness/regions";

// ---------------------------------------------------------------------------------------------
// Synthetic graphs

const STACK = "t";
const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::p::${type}::${name}`;

function res(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<SnapshotResource> = {}): SnapshotResource {
    return {
        urn: urnOf(type, name),
        type,
        name,
        parent: null,
        kind: "resource",
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        dependencies: [],
        inputs,
        ...extra,
    };
}

function graph(...resources: SnapshotResource[]): GraphSnapshot {
    return { project: "p", stack: STACK, region: "ap-northeast-1", resourceCount: resources.length, counts: {}, outputs: {}, resources };
}

const GROUP = "test:index/group:Group";
const TABLE: ReplacementTable = {
    [GROUP]: {
        provider: "aws-sdkv2",
        forceNew: ["groupName", "kinds", "subnets", "template.id", "selectors[].namespace"],
        ordered: ["kinds"],
        autoName: { property: "groupName", maxLength: 255 },
        conditions: [
            { kind: "requires", path: "strategy", input: "forceRedeploy", equals: true, source: "test" },
            { kind: "replace-if-removed", path: "encryption", source: "test" },
            { kind: "replace-if-switched", among: ["peerCidr", "peerGroup"], source: "test" },
        ],
        sources: ["test"],
    },
    "test:index/net:Net": { provider: "aws-sdkv2", forceNew: ["cidr"], sources: ["test"] },
    "test:index/member:Member": {
        provider: "aws-sdkv2",
        forceNew: ["netId", "role"],
        refs: { netId: "test:index/net:Net" },
        fixedName: ["netId"],
        sources: ["test"],
    },
    "test:index/attachment:Attachment": { provider: "aws-sdkv2", forceNew: ["target"], alwaysDeleteBeforeReplace: true, sources: ["test"] },
    "test:index/rule:Rule": {
        provider: "tf-framework",
        forceNew: ["groupId"],
        autoName: { property: "name", maxLength: 64 },
        sources: ["test"],
    },
    "test:index/map:Map": {
        provider: "kubernetes",
        forceNew: ["metadata.name", "metadata.namespace", "data"],
        autoName: { property: "metadata.name", maxLength: 253 },
        sources: ["test"],
    },
    "test:index/pool:Pool": { provider: "aws-sdkv2", forceNew: ["zone"], sources: ["test"] },
    "aws:test/bucket:Bucket": { provider: "aws-sdkv2", forceNew: [], sources: ["test"] },
};

const BASE_GROUP = {
    kinds: ["large", "small"],
    subnets: ["subnet-a", "subnet-b"],
    template: { id: "lt-1", version: "1" },
    scaling: { min: 1, max: 3 },
    selectors: [{ namespace: "apps", labels: { tier: "web" } }],
    strategy: [{ provider: "SPOT", weight: 1 }],
    encryption: { key: "k-1" },
};

/** The forecast of one synthetic group change, as [how, keys, why]. */
function judgeGroup(
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    extra: Partial<SnapshotResource> = {},
): [ForecastHow, readonly string[], readonly string[]] {
    const f = forecastChanges(graph(res(GROUP, "g", before)), graph(res(GROUP, "g", after, extra)), TABLE).resources.get(urnOf(GROUP, "g"));
    assert.ok(f, "the group is forecast");
    return [f.how, f.keys, f.why];
}

describe("replacement forecast: the classifier", () => {
    it("an input that forces nothing is an update; nested paths only force what they name", () => {
        assert.deepStrictEqual(judgeGroup(BASE_GROUP, { ...BASE_GROUP, scaling: { min: 2, max: 3 } }), ["update", [], []]);
        // template.version is updated in place, template.id forces a new resource.
        assert.deepStrictEqual(judgeGroup(BASE_GROUP, { ...BASE_GROUP, template: { id: "lt-1", version: "2" } })[0], "update");
        assert.deepStrictEqual(judgeGroup(BASE_GROUP, { ...BASE_GROUP, template: { id: "lt-2", version: "1" } }).slice(0, 2), [
            "replace",
            ["template.id"],
        ]);
        // selectors[].namespace forces, a selector's labels do not.
        assert.deepStrictEqual(
            judgeGroup(BASE_GROUP, { ...BASE_GROUP, selectors: [{ namespace: "apps", labels: { tier: "api" } }] })[0],
            "update",
        );
        assert.deepStrictEqual(
            judgeGroup(BASE_GROUP, { ...BASE_GROUP, selectors: [{ namespace: "jobs", labels: { tier: "web" } }] }).slice(0, 2),
            ["replace", ["selectors[].namespace"]],
        );
    });

    it("a forced change with the auto-named property unset is a create-before-delete replace", () => {
        assert.deepStrictEqual(judgeGroup(BASE_GROUP, { ...BASE_GROUP, subnets: ["subnet-a", "subnet-c"] }), ["replace", ["subnets"], []]);
    });

    it("with the auto-named property set by the program it deletes first (the bridge's name rule)", () => {
        const named = { ...BASE_GROUP, groupName: "fixed" };
        const [how, keys, why] = judgeGroup(named, { ...named, subnets: ["subnet-c"] });
        assert.deepStrictEqual([how, keys], ["delete-before-replace", ["subnets"]]);
        assert.match(why[0], /`groupName` is set by the program/);
        // Changing the set name itself is still delete-before-replace: the bridge only asks whether the program set it.
        assert.deepStrictEqual(judgeGroup(named, { ...named, groupName: "other" }).slice(0, 2), ["delete-before-replace", ["groupName"]]);
    });

    it("the deleteBeforeReplace option and a provider that always deletes first both delete first", () => {
        const [how, , why] = judgeGroup(BASE_GROUP, { ...BASE_GROUP, subnets: ["subnet-c"] }, { deleteBeforeReplace: true });
        assert.deepStrictEqual([how, why], ["delete-before-replace", ["the resource has the `deleteBeforeReplace` option"]]);
        const A = "test:index/attachment:Attachment";
        const f = forecastChanges(graph(res(A, "a", { target: "x" })), graph(res(A, "a", { target: "y" })), TABLE).resources.get(
            urnOf(A, "a"),
        )!;
        assert.deepStrictEqual([f.how, f.keys], ["delete-before-replace", ["target"]]);
    });

    it("a Terraform Plugin Framework resource never deletes first for its name", () => {
        const R = "test:index/rule:Rule";
        const f = forecastChanges(
            graph(res(R, "r", { groupId: "sg-1", name: "fixed" })),
            graph(res(R, "r", { groupId: "sg-2", name: "fixed" })),
            TABLE,
        ).resources.get(urnOf(R, "r"))!;
        assert.deepStrictEqual([f.how, f.keys], ["replace", ["groupId"]]);
    });

    it("lists are sets unless ordered: reordering subnets is nothing, reordering kinds replaces", () => {
        const f = forecastChanges(
            graph(res(GROUP, "g", BASE_GROUP)),
            graph(res(GROUP, "g", { ...BASE_GROUP, subnets: ["subnet-b", "subnet-a"] })),
            TABLE,
        );
        assert.strictEqual(f.resources.size, 0);
        assert.deepStrictEqual(judgeGroup(BASE_GROUP, { ...BASE_GROUP, kinds: ["small", "large"] }).slice(0, 2), ["replace", ["kinds"]]);
        // The graph diff compares scalar lists as sets, so the reorder reaches it only through the forecast.
        const diff = diffGraphs(
            graph(res(GROUP, "g", BASE_GROUP)),
            graph(res(GROUP, "g", { ...BASE_GROUP, kinds: ["small", "large"] })),
            TABLE,
        );
        assert.deepStrictEqual(
            diff.changed.map((r) => [r.forecast.how, r.inputs]),
            [["replace", [{ path: "kinds", before: ["large", "small"], after: ["small", "large"] }]]],
        );
        // An empty list is the same as none.
        assert.deepStrictEqual(canonical({ a: [], b: {}, c: null, d: 1 }), { d: 1 });
        assert.deepStrictEqual(valueAt({ s: [{ n: "x" }, { n: "y" }, {}] }, "s[].n"), ["x", "y"]);
    });

    it("a change that needs another input fails the preview without it, and updates with it", () => {
        const spot = [{ provider: "SPOT", weight: 2 }];
        const [how, keys, why] = judgeGroup(BASE_GROUP, { ...BASE_GROUP, strategy: spot });
        assert.deepStrictEqual([how, keys, why], ["fails", ["strategy"], ["`strategy` changes only with `forceRedeploy: true`"]]);
        assert.deepStrictEqual(judgeGroup({ ...BASE_GROUP, forceRedeploy: true }, { ...BASE_GROUP, forceRedeploy: true, strategy: spot }), [
            "update",
            [],
            [],
        ]);
    });

    it("a block that forces new only when removed: changing it updates, removing it replaces", () => {
        assert.deepStrictEqual(judgeGroup(BASE_GROUP, { ...BASE_GROUP, encryption: { key: "k-2" } })[0], "update");
        const { encryption: _removed, ...withoutEncryption } = BASE_GROUP;
        assert.deepStrictEqual(judgeGroup(BASE_GROUP, withoutEncryption).slice(0, 2), ["replace", ["encryption"]]);
    });

    it("an AWS resource moved to another region is replaced; naming the provider's own region is not a move", () => {
        const B = "aws:test/bucket:Bucket";
        const how = (before: Record<string, unknown>, after: Record<string, unknown>) =>
            forecastChanges(graph(res(B, "b", before)), graph(res(B, "b", after)), TABLE).resources.get(urnOf(B, "b"));
        assert.deepStrictEqual(
            [how({ size: 1 }, { size: 1, region: "us-east-1" })?.how, how({ size: 1 }, { size: 1, region: "us-east-1" })?.keys],
            ["replace", ["region"]],
        );
        assert.strictEqual(how({ size: 1 }, { size: 1, region: "ap-northeast-1" })?.how, "update");
        assert.strictEqual(how({ size: 1 }, { size: 2 })?.how, "update");
    });

    it("switching which of two exclusive inputs is set replaces; changing the one that is set does not", () => {
        const withCidr = { ...BASE_GROUP, peerCidr: "10.0.0.0/8" };
        assert.deepStrictEqual(judgeGroup(withCidr, { ...BASE_GROUP, peerCidr: "10.1.0.0/16" })[0], "update");
        assert.deepStrictEqual(judgeGroup(withCidr, { ...BASE_GROUP, peerGroup: "sg-1" }).slice(0, 2), [
            "replace",
            ["peerCidr", "peerGroup"],
        ]);
    });

    it("a type without rules is unknown, loudly, and never an update", () => {
        const U = "test:index/mystery:Mystery";
        const diff = diffGraphs(graph(res(U, "m", { size: 1 })), graph(res(U, "m", { size: 2 })), TABLE);
        assert.deepStrictEqual(
            diff.changed.map((r) => r.forecast.how),
            ["unknown"],
        );
        assert.deepStrictEqual(diff.forecast.unknownTypes, [U]);
        const md = renderGraphDiffMarkdown(diff);
        assert.ok(
            md.includes(
                "**❓ No replacement rules (1): whether these changes replace anything is unknown**\n- `test:index/mystery:Mystery`: add it to tools/replacement/table.ts",
            ),
            md,
        );
        assert.ok(md.includes("- `test:index/mystery:Mystery` **m**: ❓ **unknown**"), md);
        // A multi-language component hides its children: a change to it is unknown too.
        const C = "test:index/stack:Stack";
        const comp = (size: number) => res(C, "c", { size }, { kind: "remote-component" });
        const f = forecastChanges(graph(comp(1)), graph(comp(2)), TABLE);
        assert.deepStrictEqual([f.unknownTypes, f.resources.get(urnOf(C, "c"))?.how], [[C], "unknown"]);
        // Unchanged resources of an unknown type say nothing.
        assert.strictEqual(forecastChanges(graph(res(U, "m", { size: 1 })), graph(res(U, "m", { size: 1 })), TABLE).unknownTypes.length, 0);
    });

    it("a replaced resource replaces those that hold its id in a forcing input, transitively", () => {
        const NET = "test:index/net:Net";
        const MEMBER = "test:index/member:Member";
        const net = (cidr: string) => res(NET, "n", { cidr });
        const member = (name: string, netId: string, deps: string[]) => res(MEMBER, name, { netId, role: "r" }, { dependencies: deps });
        // m2 depends on n but not through a forcing ref of the Net type: it stays untouched.
        const other = res(GROUP, "g", BASE_GROUP, { dependencies: [urnOf(NET, "n")] });
        const base = graph(net("10.0.0.0/16"), member("m1", "net-1", [urnOf(NET, "n")]), other);
        const head = graph(net("10.1.0.0/16"), member("m1", "net-1", [urnOf(NET, "n")]), other);
        const f = forecastChanges(base, head, TABLE);
        assert.deepStrictEqual(
            [...f.resources.values()].map((r) => [r.name, r.how, r.keys, r.causedBy]),
            [
                ["n", "replace", ["cidr"], []],
                ["m1", "replace", ["netId"], ["n"]],
            ],
        );
        const md = renderGraphDiffMarkdown(diffGraphs(base, head, TABLE));
        assert.ok(
            md.includes(
                "- `test:index/member:Member` **m1**: **replace** (create, then delete) forced by `netId` (new id of replaced **n**)",
            ),
            md,
        );
    });

    it("a create-before-delete replacement that keeps its fixed name is flagged as a collision", () => {
        const MEMBER = "test:index/member:Member";
        const f = forecastChanges(
            graph(res(MEMBER, "m", { netId: "net-1", role: "a" })),
            graph(res(MEMBER, "m", { netId: "net-1", role: "b" })),
            TABLE,
        ).resources.get(urnOf(MEMBER, "m"))!;
        assert.deepStrictEqual([f.how, f.keys, f.collision], ["replace", ["role"], ["netId"]]);
        // Changing the fixed name itself does not collide.
        const g = forecastChanges(
            graph(res(MEMBER, "m", { netId: "net-1", role: "a" })),
            graph(res(MEMBER, "m", { netId: "net-2", role: "a" })),
            TABLE,
        ).resources.get(urnOf(MEMBER, "m"))!;
        assert.deepStrictEqual([g.how, g.collision], ["replace", []]);
    });

    it("Kubernetes deletes first only when the program names the object and keeps the name", () => {
        const MAP = "test:index/map:Map";
        const map = (name: string | undefined, data: string) =>
            res(MAP, "cm", { metadata: name ? { name, namespace: "ns" } : { namespace: "ns" }, data: { k: data } });
        const how = (a: SnapshotResource, b: SnapshotResource) =>
            forecastChanges(graph(a), graph(b), TABLE).resources.get(urnOf(MAP, "cm"))!.how;
        assert.strictEqual(how(map("logging", "1"), map("logging", "2")), "delete-before-replace");
        assert.strictEqual(how(map("logging", "1"), map("logging-v2", "1")), "replace");
        assert.strictEqual(how(map(undefined, "1"), map(undefined, "2")), "replace");
    });

    it("the offline engine records the deleteBeforeReplace option, and the graph carries it only when set", async () => {
        const engine = installOfflineEngine({ project: "platform", stack: STACK, region: "ap-northeast-1" });
        new aws.ec2.Subnet("first", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24" }, { deleteBeforeReplace: true });
        new aws.ec2.Subnet("second", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" });
        await engine.settle();
        const snapshot = snapshotOf({
            config: { project: "platform", stack: STACK, values: {}, secretKeys: [] },
            engine,
            graph: new Graph(engine.resources),
            outputs: {},
            secretOutputs: [],
        });
        const [first, second] = snapshot.resources;
        assert.deepStrictEqual(
            [first.name, first.deleteBeforeReplace, second.name, "deleteBeforeReplace" in second],
            ["first", true, "second", false],
        );
        const moved = (r: SnapshotResource) => ({ ...r, inputs: { ...(r.inputs as object), cidrBlock: "10.0.2.0/24" } });
        const f = forecastChanges(snapshot, { ...snapshot, resources: [moved(first), moved(second)] });
        assert.deepStrictEqual(
            [...f.resources.values()].map((r) => [r.name, r.how, r.keys]),
            [
                ["first", "delete-before-replace", ["cidrBlock"]],
                ["second", "replace", ["cidrBlock"]],
            ],
        );
    });

    it("the Capacity section: outages first-class, protected replacements and successors under new URNs", () => {
        const POOL = "test:index/pool:Pool";
        const capacity = (type: string) => type === GROUP || type === POOL;
        const named = { ...BASE_GROUP, groupName: "fixed" };
        const base = graph(res(GROUP, "g", named), res(POOL, "p", { zone: "a" }, { protect: true }), res(POOL, "old", { zone: "b" }));
        const head = graph(
            res(GROUP, "g", { ...named, subnets: ["subnet-c"] }),
            res(POOL, "p", { zone: "c" }, { protect: true }),
            res(POOL, "new", { zone: "b" }),
        );
        const md = renderGraphDiffMarkdown(diffGraphs(base, head, TABLE), undefined, capacity);
        const section = md.slice(md.indexOf("**Capacity"), md.indexOf("**Removed"));
        assert.deepStrictEqual(section.trimEnd().split("\n"), [
            "**Capacity (3)**",
            "- ⚠️ **outage** `test:index/group:Group` **g**: **delete-before-replace** forced by `subnets`; `groupName` is set by the program, not auto-named: the old resource is deleted first so the new one can take the name",
            "- `test:index/pool:Pool` **p**: **replace** (create, then delete) forced by `zone`; ⚠️ protected: the real preview will refuse to replace it",
            "- `test:index/pool:Pool` **old**: **delete**",
            "  - **new** (same type and parent) is added under a new URN: Pulumi creates it, then deletes this one; an add and a delete, not a replacement",
        ]);
    });
});

// ---------------------------------------------------------------------------------------------
// The table

/** Types being added to the program; the table must cover them before they land. */
const INCOMING_TYPES = [
    "aws:codebuild/project:Project",
    "aws:codebuild/webhook:Webhook",
    "aws:eks/accessEntry:AccessEntry",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    "time:index/sleep:Sleep",
];

/** The input property names of a resource's Args interface in its SDK's typings. */
function sdkInputs(type: string): string[] | undefined {
    const m = /^(aws|time):([a-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) return undefined;
    const [, pkg, module, file, name] = m;
    const dts =
        pkg === "aws"
            ? path.join(PROJECT_ROOT, "node_modules", "@pulumi", "aws", module, `${file}.d.ts`)
            : path.join(PROJECT_ROOT, "node_modules", "@pulumiverse", "time", `${file}.d.ts`);
    const text = fs.readFileSync(dts, "utf8");
    const start = text.indexOf(`export interface ${name}Args {`);
    assert.ok(start >= 0, `${name}Args in ${dts}`);
    const body = text.slice(start, text.indexOf("\n}", start));
    return [...body.matchAll(/^ {4}(\w+)\??:/gm)].map((x) => x[1]);
}

describe("replacement forecast: the table", () => {
    it("covers every resource type both stacks declare, and the types being added", async () => {
        const types = new Set<string>();
        for (const stack of ["dev", "prd"]) {
            for (const r of (await previewGraph(stack)).resources) if (r.kind === "resource") types.add(r.type);
        }
        assert.ok(types.size >= 45, `both stacks declare ${types.size} types`);
        const missing = [...types, ...INCOMING_TYPES].filter((t) => !(t in REPLACEMENT_TABLE));
        assert.deepStrictEqual(missing, []);
    });

    it("names only inputs the SDKs have, cites its sources, and keeps refs, order and names among the forcing inputs", () => {
        for (const [type, rule] of Object.entries<ReplacementRule>(REPLACEMENT_TABLE)) {
            assert.ok(Array.isArray(rule.forceNew), `${type}: forceNew is a list, empty when nothing forces`);
            assert.ok(
                rule.sources.length > 0 && rule.sources.every((s) => /^[\w.-]+\/[\w.-]+ \S/.test(s)),
                `${type}: sources are "<owner>/<repo> <path>"`,
            );
            for (const p of [...Object.keys(rule.refs ?? {}), ...(rule.ordered ?? [])])
                assert.ok(rule.forceNew.includes(p), `${type}: ${p} forces new`);
            if (rule.autoName)
                assert.ok(
                    rule.autoName.maxLength > 0 && rule.forceNew.includes(rule.autoName.property),
                    `${type}: the auto-named ${rule.autoName.property} forces new`,
                );
            for (const p of rule.fixedName ?? []) assert.ok(rule.forceNew.includes(p), `${type}: fixed name ${p} forces new`);
            const inputs = sdkInputs(type);
            if (!inputs) continue;
            // `as`: the assert.ok(Array.isArray(...)) above narrowed rule.forceNew to any[].
            const named = [
                ...(rule.forceNew as readonly string[]),
                ...(rule.fixedName ?? []),
                ...(rule.conditions ?? []).flatMap((c) =>
                    c.kind === "requires" ? [c.path, c.input] : c.kind === "replace-if-removed" ? [c.path] : c.among,
                ),
            ];
            for (const p of named) assert.ok(inputs.includes(p.split(".")[0].replace("[]", "")), `${type}: ${p} is an input of the SDK`);
        }
    });

    it("auto-names what pulumi-aws auto-names, with its limits", () => {
        const auto = (t: string) => REPLACEMENT_TABLE[t].autoName;
        assert.deepStrictEqual(auto("aws:eks/nodeGroup:NodeGroup"), { property: "nodeGroupName", maxLength: 255 });
        assert.deepStrictEqual(auto("aws:eks/fargateProfile:FargateProfile"), { property: "fargateProfileName", maxLength: 255 });
        assert.deepStrictEqual(auto("aws:lb/targetGroup:TargetGroup"), { property: "name", maxLength: 32 });
        assert.deepStrictEqual(auto("aws:iam/role:Role"), { property: "name", maxLength: 64 });
        assert.strictEqual(auto("aws:eks/addon:Addon"), undefined);
        assert.deepStrictEqual(REPLACEMENT_TABLE["aws:ec2/internetGateway:InternetGateway"].forceNew, []);
    });
});

// ---------------------------------------------------------------------------------------------
// Routine changes on the real program

interface Expected {
    readonly name: string;
    readonly how: ForecastHow;
    readonly keys: readonly string[];
}

interface RoutineCase {
    readonly title: string;
    readonly stack: string;
    /** Config both graphs share (a region with enough zones). */
    readonly base?: Record<string, unknown>;
    /** The routine change, from the stack's config as written. */
    readonly change: (config: Record<string, string>) => Record<string, unknown>;
    /** Every resource the forecast does not simply update. */
    readonly expected: readonly Expected[];
    /** Resources that must be among the updates. */
    readonly updated?: readonly string[];
}

type Group = Record<string, unknown>;
const json = <T>(config: Record<string, string>, key: string): T => JSON.parse(config[key]) as T;
const withGroup = (config: Record<string, string>, key: string, name: string, patch: Group) => ({
    [key]: json<Group[]>(config, key).map((g) => (g.name === name ? { ...g, ...patch } : g)),
});

// Today node groups and Fargate profiles set their names and target groups set `name`, so a forced
// change deletes them first. When node groups use nodeGroupNamePrefix and profiles and target
// groups are auto-named, those entries become "replace"; with forceNewDeployment: true the
// capacity strategy change becomes an update and its entries go away.
const ROUTINE: readonly RoutineCase[] = [
    {
        title: "prd: a node group's instance types",
        stack: "prd",
        change: (c) => withGroup(c, "platform:eksNodeGroups", "general", { instanceTypes: ["m7i.2xlarge", "m6i.2xlarge"] }),
        expected: [{ name: "platform-prd-general", how: "replace", keys: ["instanceTypes"] }],
    },
    {
        title: "dev: the Spot node group's instance types",
        stack: "dev",
        change: (c) => withGroup(c, "platform:eksNodeGroups", "general", { instanceTypes: ["m7i.xlarge", "m6i.xlarge"] }),
        expected: [{ name: "platform-dev-general", how: "replace", keys: ["instanceTypes"] }],
    },
    {
        title: "prd: one more availability zone (us-east-1, 3 → 4)",
        stack: "prd",
        base: { ...inRegion("us-east-1") },
        change: () => ({ "platform:azCount": 4 }),
        expected: [
            { name: "platform-prd-batch", how: "replace", keys: ["subnetIds"] },
            { name: "platform-prd-fargate-metrics", how: "replace", keys: ["subnetIds"] },
            { name: "platform-prd-general", how: "replace", keys: ["subnetIds"] },
            { name: "platform-prd-system", how: "replace", keys: ["subnetIds"] },
        ],
        updated: [
            "platform-prd-cluster",
            "platform-prd-api-service",
            "platform-prd-web-service",
            "platform-prd-lb-alb",
            "platform-prd-sts",
        ],
    },
    {
        title: "dev: one more availability zone (2 → 3)",
        stack: "dev",
        change: () => ({ "platform:azCount": 3 }),
        expected: [
            { name: "platform-dev-apps", how: "replace", keys: ["subnetIds"] },
            { name: "platform-dev-fargate-metrics", how: "replace", keys: ["subnetIds"] },
            { name: "platform-dev-general", how: "replace", keys: ["subnetIds"] },
        ],
        updated: ["platform-dev-cluster"],
    },
    {
        title: "prd: an ECS service's port",
        stack: "prd",
        change: (c) => withGroup(c, "platform:ecsServices", "api", { port: 8081 }),
        expected: [
            { name: "platform-prd-api-task", how: "replace", keys: ["containerDefinitions"] },
            { name: "platform-prd-api-tg", how: "replace", keys: ["port"] },
        ],
        updated: ["platform-prd-api-service", "platform-prd-api-from-alb", "platform-prd-api-alb-to-tasks"],
    },
    {
        title: "prd: the ECS Spot weight",
        stack: "prd",
        change: () => ({ "platform:ecsSpotWeight": 2 }),
        // forceNewDeployment is set, so the provider updates the strategy in place with a new deployment.
        expected: [],
        updated: ["platform-prd-capacity", "platform-prd-api-service", "platform-prd-web-service"],
    },
    {
        title: "dev: the ECS Spot weight",
        stack: "dev",
        change: () => ({ "platform:ecsSpotWeight": 1 }),
        expected: [],
        updated: ["platform-dev-capacity", "platform-dev-api-service", "platform-dev-web-service"],
    },
    {
        title: "prd: Kubernetes 1.35 → 1.36",
        stack: "prd",
        change: () => ({ "platform:kubernetesVersion": "1.36" }),
        expected: [],
        // Control plane, then the node groups (their version is the cluster's), and every unpinned add-on.
        updated: [
            "platform-prd-cluster",
            "platform-prd-system",
            "platform-prd-general",
            "platform-prd-vpc-cni",
            "platform-prd-coredns",
            "platform-prd-kube-proxy",
            "platform-prd-eks-pod-identity-agent",
            "platform-prd-aws-ebs-csi-driver",
            "platform-prd-container-insights-addon",
        ],
    },
    {
        title: "prd: an add-on version",
        stack: "prd",
        change: () => ({ "platform:eksAddonVersions": { "vpc-cni": "v1.20.1-eksbuild.1" } }),
        expected: [],
        updated: ["platform-prd-vpc-cni"],
    },
];

describe("replacement forecast: routine changes on the real program", () => {
    for (const c of ROUTINE) {
        it(c.title, async () => {
            const config = (await runStack(c.stack, c.base ?? {})).config.values;
            const base = await previewGraph(c.stack, c.base ?? {});
            const head = await previewGraph(c.stack, { ...(c.base ?? {}), ...c.change(config) });
            const diff = diffGraphs(base, head);
            assert.ok(diff.changed.length > 0, "the change reaches the graph");
            const notUpdates = diff.changed
                .filter((r) => r.forecast.how !== "update")
                .map((r) => ({ name: r.name, how: r.forecast.how, keys: r.forecast.keys }))
                .sort((a, b) => a.name.localeCompare(b.name));
            assert.deepStrictEqual(notUpdates, c.expected);
            const updates = diff.changed.filter((r) => r.forecast.how === "update").map((r) => r.name);
            for (const name of c.updated ?? []) assert.ok(updates.includes(name), `${name} is updated (updates: ${updates.join(", ")})`);
            assert.deepStrictEqual(diff.forecast.unknownTypes, []);
            // No routine change deletes capacity before its successor exists, nor fails its preview.
            assert.deepStrictEqual(
                diff.changed
                    .filter((r) => isCapacityType(r.type) && ["delete-before-replace", "fails"].includes(r.forecast.how))
                    .map((r) => r.name),
                [],
            );
        });
    }

    it("renders the node group change at the top of the PR comment: a replacement that creates first, not an outage", async () => {
        const config = (await runStack("prd")).config.values;
        const base = await previewGraph("prd");
        const head = await previewGraph(
            "prd",
            withGroup(config, "platform:eksNodeGroups", "general", { instanceTypes: ["m7i.2xlarge", "m6i.2xlarge"] }),
        );
        const md = renderGraphDiffMarkdown(diffGraphs(base, head), "**Estimated monthly cost:** +$1.00\n");
        const phrase = "**replace** (create, then delete) forced by `instanceTypes`";
        assert.ok(
            md.includes(
                [
                    `${base.resourceCount} → ${base.resourceCount} resources: 0 added, 0 removed, 1 changed.`,
                    "",
                    "**Capacity (1)**",
                    `- \`aws:eks/nodeGroup:NodeGroup\` **platform-prd-general**: ${phrase}`,
                    "",
                    "**Estimated monthly cost:** +$1.00",
                    "",
                    "**Changed (1)**",
                    `- \`aws:eks/nodeGroup:NodeGroup\` **platform-prd-general**: ${phrase}`,
                    '  - `instanceTypes`: +`"m6i.2xlarge"`, +`"m7i.2xlarge"`, -`"m6i.xlarge"`, -`"m7i.xlarge"`',
                ].join("\n"),
            ),
            md,
        );
        assert.ok(!md.includes("outage"), md);
    });

    it("a renamed node group is a delete and an add under a new URN, said so in the Capacity section", async () => {
        const config = (await runStack("prd")).config.values;
        const diff = diffGraphs(
            await previewGraph("prd"),
            await previewGraph("prd", withGroup(config, "platform:eksNodeGroups", "general", { name: "general2" })),
        );
        const md = renderGraphDiffMarkdown(diff);
        assert.ok(
            md.includes(
                [
                    "- `aws:eks/nodeGroup:NodeGroup` **platform-prd-general**: **delete**",
                    "  - **platform-prd-general2** (same type and parent) is added under a new URN: Pulumi creates it, then deletes this one; an add and a delete, not a replacement",
                ].join("\n"),
            ),
            md,
        );
    });

    it("the CLI prints the forecast for two graph files", async () => {
        const config = (await runStack("prd")).config.values;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forecast-"));
        const write = (name: string, g: GraphSnapshot) => {
            fs.writeFileSync(path.join(dir, name), JSON.stringify(g));
            return path.join(dir, name);
        };
        const base = write("base.json", await previewGraph("prd"));
        const head = write("head.json", await previewGraph("prd", withGroup(config, "platform:ecsServices", "api", { port: 8081 })));
        const out = path.join(dir, "diff.md");
        // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back, never called unbound
        const stdout = process.stdout.write;
        process.stdout.write = () => true; // the Markdown goes to the file checked below
        try {
            assert.strictEqual(main([base, head, "--out", out]), 0);
        } finally {
            process.stdout.write = stdout;
        }
        const md = fs.readFileSync(out, "utf8");
        assert.ok(
            md.includes(
                "**Capacity (1)**\n- `aws:lb/targetGroup:TargetGroup` **platform-prd-api-tg**: **replace** (create, then delete) forced by `port`",
            ),
            md,
        );
        assert.ok(
            md.includes(
                "- `aws:ecs/taskDefinition:TaskDefinition` **platform-prd-api-task**: **replace** (create, then delete) forced by `containerDefinitions`",
            ),
            md,
        );
    });
});
