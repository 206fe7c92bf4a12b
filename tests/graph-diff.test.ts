// The offline graph diff: known config changes yield exactly the expected Markdown lines, and
// noise (key order, set-like list order, JSON formatting) yields none.

import * as assert from "assert";
import { GraphSnapshot, previewGraph } from "../offline/snapshot";
import { diffGraphs, normalize, renderGraphDiffMarkdown } from "../tools/graph-compare";
import { main } from "../tools/graph-diff";
import { inRegion } from "./harness/regions";

/** The bullet lines of the rendered Markdown (resources and their changes), in order. */
function bullets(markdown: string): string[] {
    return markdown.split("\n").filter((l) => /^\s*- /.test(l) || /^\*\*/.test(l));
}

describe("offline graph diff", () => {
    it("dev natStrategy single -> one-per-az: a second EIP and NAT, private route 2 repointed", async () => {
        const base = await previewGraph("dev");
        const head = await previewGraph("dev", { "platform:natStrategy": "one-per-az" });
        const diff = diffGraphs(base, head);
        const md = renderGraphDiffMarkdown(diff);
        const nat1 = base.resources.find((r) => r.name === "platform-dev-private-2-default")!.inputs as Record<string, string>;
        const nat2 = head.resources.find((r) => r.name === "platform-dev-private-2-default")!.inputs as Record<string, string>;
        assert.notStrictEqual(nat1.natGatewayId, nat2.natGatewayId);
        assert.deepStrictEqual(bullets(md), [
            "**Added (2)**",
            "- `aws:ec2/eip:Eip` **platform-dev-nat-2**",
            "- `aws:ec2/natGateway:NatGateway` **platform-dev-nat-2**",
            "**Changed (1)**",
            "- `aws:ec2/route:Route` **platform-dev-private-2-default**: update",
            `  - \`natGatewayId\`: \`"${nat1.natGatewayId}"\` → \`"${nat2.natGatewayId}"\``,
            "**Stack outputs changed (1)**",
            `- \`natGatewayIds\`: +\`"${nat2.natGatewayId}"\``,
        ]);
        assert.ok(
            md.startsWith(
                `<!-- platform-graph-diff:dev -->\n### Offline graph diff: \`dev\`\n\n${base.resourceCount} → ${base.resourceCount + 2} resources: 2 added, 0 removed, 1 changed.`,
            ),
            md.slice(0, 200),
        );
    });

    it("adding an interface endpoint to dev adds the endpoint, its security group and the 443 rule", async () => {
        const diff = diffGraphs(await previewGraph("dev"), await previewGraph("dev", { "platform:interfaceEndpoints": ["sts"] }));
        assert.deepStrictEqual(
            diff.added.map((r) => `${r.type} ${r.name}`),
            [
                "aws:ec2/securityGroup:SecurityGroup platform-dev-endpoints",
                "aws:ec2/vpcEndpoint:VpcEndpoint platform-dev-sts",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule platform-dev-endpoints-https",
            ],
        );
        assert.deepStrictEqual(diff.removed, []);
        assert.deepStrictEqual(diff.changed, []);
        assert.deepStrictEqual(
            diff.outputs.map((c) => [c.path, c.before]),
            [["endpointSecurityGroupId", undefined]],
        );
    });

    it("prd in us-east-1 with 4 AZs instead of 3: one more subnet pair, NAT, route table set; endpoints span 4 subnets", async () => {
        const base = await previewGraph("prd", { ...inRegion("us-east-1") });
        const head = await previewGraph("prd", { ...inRegion("us-east-1"), "platform:azCount": 4 });
        const diff = diffGraphs(base, head);
        assert.deepStrictEqual(diff.removed, []);
        const added = diff.added.map((r) => r.name).sort();
        assert.ok(
            added.includes("platform-prd-public-4") && added.includes("platform-prd-private-4") && added.includes("platform-prd-nat-4"),
            added.join(", "),
        );
        assert.ok(
            added.every((n) => /-4(-|$)/.test(n)),
            `only AZ-4 resources are added: ${added.join(", ")}`,
        );
        // Every interface endpoint now lists a fourth subnet; nothing else about it changes.
        const endpoints = diff.changed.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.name !== "platform-prd-s3");
        assert.strictEqual(endpoints.length, 15);
        for (const e of endpoints) {
            assert.deepStrictEqual(
                e.inputs.map((c) => c.path),
                ["subnetIds"],
                e.name,
            );
            assert.strictEqual((e.inputs[0].after as string[]).length, 4);
        }
        // Each AZ has its own CIDR block, so no existing (protected) subnet moves: AWS could only
        // change a subnet's CIDR by replacing it.
        assert.deepStrictEqual(
            diff.changed.filter((r) => r.type === "aws:ec2/subnet:Subnet"),
            [],
        );
        // What does change is only lists of subnets / route tables gaining the fourth AZ.
        const changedPaths = [...new Set(diff.changed.flatMap((r) => r.inputs.map((c) => c.path)))].sort();
        // (The deploy runner's project and its role's network-interface condition follow the subnets too.)
        assert.deepStrictEqual(changedPaths, [
            "networkConfiguration.subnets",
            "policy.[json].Statement[2].Condition.ArnEquals.ec2:Subnet",
            "routeTableIds",
            "subnetIds",
            "subnets",
            "vpcConfig.subnetIds",
            "vpcConfig.subnets",
        ]);
        const md = renderGraphDiffMarkdown(diff);
        const private4 = head.resources.find((r) => r.name === "platform-prd-private-4")!;
        assert.strictEqual(private4.kind, "resource");
        assert.match(
            md,
            /- `aws:ec2\/vpcEndpoint:VpcEndpoint` \*\*platform-prd-sts\*\*: update\n {2}- `subnetIds`: \+`"subnet-[0-9a-f]{17}"`\n/,
        );
        // Protected resources are added protected.
        assert.ok(diff.added.filter((r) => r.type === "aws:ec2/subnet:Subnet").every((r) => r.protect));
    });

    it("the same graph diffs to nothing", async () => {
        const g = await previewGraph("prd");
        const md = renderGraphDiffMarkdown(diffGraphs(g, g));
        assert.strictEqual(
            md,
            "<!-- platform-graph-diff:prd -->\n### Offline graph diff: `prd`\n\nNo changes (" + g.resourceCount + " resources).\n",
        );
    });

    it("reordering tags, set-like lists and JSON policy text is not a change, but reordering a list the provider keeps in order is", async () => {
        const g = await previewGraph("dev");
        const shuffled = JSON.parse(JSON.stringify(g)) as GraphSnapshot;
        const flip = (v: unknown): unknown => {
            // Lists of plain values are sets here (ids, CIDRs); lists of objects keep their order.
            if (Array.isArray(v))
                return v.every((x) => x === null || typeof x !== "object") ? [...(v as unknown[])].reverse() : v.map(flip);
            if (v && typeof v === "object")
                return Object.fromEntries(
                    Object.entries(v)
                        .reverse()
                        .map(([k, x]) => [k, flip(x)]),
                );
            if (typeof v === "string" && v.startsWith("{")) return JSON.stringify(JSON.parse(v), null, 2);
            return v;
        };
        (shuffled as { resources: unknown }).resources = g.resources.map((r) => ({ ...r, inputs: flip(r.inputs) }));
        // EKS keeps a node group's instance types in order (the first is preferred): reversing
        // them replaces the node group, though the graph diff compares the list as a set.
        const changed = diffGraphs(g, shuffled).changed;
        assert.deepStrictEqual(
            changed.map((r) => [r.name, r.forecast.how, r.forecast.keys, r.inputs.map((c) => c.path)]),
            [
                ["platform-dev-general", "replace", ["instanceTypes"], ["instanceTypes"]],
                // A container's command is an argv: its order is its meaning.
                ["platform-dev-fargate-metrics-collector", "update", [], ["spec.template.spec.containers[0].command"]],
            ],
        );
        assert.deepStrictEqual(changed[0].inputs[0].after, ["m6i.large", "m7i.large"]);
        assert.deepStrictEqual(normalize({ subnetIds: ["b", "a"] }), { subnetIds: ["a", "b"] });
        assert.deepStrictEqual(normalize({ command: ["b", "a"] }), { command: ["b", "a"] });
    });

    it("shows removed protected resources and option changes; secrets stay masked", async () => {
        const base = await previewGraph("prd");
        const vpc = base.resources.find((r) => r.type === "aws:ec2/vpc:Vpc")!;
        const head: GraphSnapshot = {
            ...base,
            resourceCount: base.resourceCount - 1,
            resources: base.resources
                .filter((r) => r !== vpc)
                .map((r) =>
                    r.type === "aws:cloudwatch/logGroup:LogGroup"
                        ? { ...r, retainOnDelete: false, inputs: { ...(r.inputs as object), kmsKeyId: "[secret]" } }
                        : r,
                ),
        };
        const md = renderGraphDiffMarkdown(diffGraphs(base, head));
        assert.ok(md.includes(`- \`aws:ec2/vpc:Vpc\` **${vpc.name}** ⚠️ protected: the real preview will refuse to delete it`), md);
        assert.ok(md.includes("  - `kmsKeyId`: (unset) → [secret]"), md);
        assert.ok(md.includes("  - `(option) retainOnDelete`: `true` → `false`"), md);
    });

    it("the CLI exits 2 on bad usage", () => {
        // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back, never called unbound
        const write = process.stderr.write;
        let stderr = "";
        // Kept out of the test report, and read back.
        process.stderr.write = (text: string | Uint8Array) => {
            stderr += String(text);
            return true;
        };
        const usage = "usage: npm run diff:offline -- <base.json> <head.json> [--out <file.md>] [--prices <file>]\n";
        const exit = (argv: string[]) => {
            stderr = "";
            return [main(argv), stderr];
        };
        try {
            assert.deepStrictEqual(exit(["only-one.json"]), [2, usage]);
            assert.strictEqual(exit(["/nonexistent/a.json", "/nonexistent/b.json"])[0], 2);
            assert.deepStrictEqual(exit(["a.json", "b.json", "--bogus"]), [2, `unexpected argument --bogus\n${usage}`]);
            assert.deepStrictEqual(exit(["a.json", "b.json", "--out"]), [2, usage]);
            assert.deepStrictEqual(exit(["a.json", "b.json", "--prices", "--out", "d.md"]), [2, usage]);
        } finally {
            process.stderr.write = write;
        }
    });
});
