// The monthly cost estimate: exact totals for a small known config (priced from a fixture table of
// round numbers, so each figure below can be checked by hand), the moves that known config changes
// make, an unknown instance type reported rather than priced as zero, the price table's own checks,
// and the real table covering every resource both stacks declare.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runStack } from "../offline/run";
import { GraphSnapshot, previewGraph } from "../offline/snapshot";
import { CostEstimate, estimateCost, spreadTasks } from "../tools/cost/estimate";
import { loadPriceTable, PRICE_KEYS, PriceTable, PriceTableError } from "../tools/cost/price-table";
import { renderCostDeltaMarkdown, renderCostText, usd } from "../tools/cost/render";
import { costSection } from "../tools/graph-diff";

const FIXTURE_DIR = path.join(__dirname, "fixtures", "pricing");
const H = 730;

/** The fixture table, optionally with an override file written from `override`. */
function fixtureTable(override?: unknown): PriceTable {
    if (override === undefined) return loadPriceTable("ap-northeast-1", undefined, FIXTURE_DIR);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prices-")), "override.json");
    fs.writeFileSync(file, JSON.stringify(override));
    return loadPriceTable("ap-northeast-1", file, FIXTURE_DIR);
}

async function estimate(stack: string, overrides: Record<string, unknown> = {}, table = fixtureTable()): Promise<CostEstimate> {
    return estimateCost(await previewGraph(stack, overrides), table);
}

/** prd's estimate with one node group's instance types replaced (config values are JSON text). */
async function prdWithInstanceType(group: string, instanceType: string): Promise<CostEstimate> {
    const prd = await runStack("prd");
    const groups = (JSON.parse(prd.config.values["platform:eksNodeGroups"]) as Array<Record<string, unknown>>).map((g) =>
        g.name === group ? { ...g, instanceTypes: [instanceType] } : g,
    );
    return estimate("prd", { "platform:eksNodeGroups": groups });
}

const close = (actual: number, expected: number, what: string) =>
    assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} !== ${expected}`);

/** dev, cut down: no EKS, no service discovery, two interface endpoints, one small service, never asleep. */
const SMALL = {
    "platform:eksEnabled": false,
    "platform:sleepSchedule": null,
    "platform:ecsServiceDiscovery": false,
    "platform:interfaceEndpoints": ["ecr.api", "ecr.dkr"],
    "platform:ecsServices": [
        {
            name: "app",
            image: "public.ecr.aws/nginx/nginx:stable",
            port: 80,
            cpu: 512,
            memory: 1024,
            desiredCount: 2,
            autoscaling: { min: 2, max: 4 },
        },
    ],
};

describe("cost estimate", () => {
    it("a small known dev config costs exactly what the price table says, item by item", async () => {
        const e = await estimate("dev", SMALL);
        // Fixture prices: NAT 0.05/h, IPv4 0.005/h, endpoint 0.01/AZ-h, ALB 0.02/h,
        // Fargate x86 0.04/vCPU-h + 0.004/GB-h, Fargate Spot 70% off, dashboard 3/month.
        const task = 0.5 * 0.04 * H + 1 * 0.004 * H; // 0.5 vCPU, 1 GB: 17.52
        const expected = {
            network: 0.05 * H + 0.005 * H + 2 * 2 * 0.01 * H, // NAT + its EIP + 2 endpoints x 2 AZs = 69.35
            // dev: base 0, FARGATE weight 1, FARGATE_SPOT weight 3 -> 2 tasks = 0.5 on-demand + 1.5 Spot
            // ... and the service's deployment alarm: one metric at 0.1/month.
            ecs: 0.02 * H + 2 * 0.005 * H + 0.5 * task + 1.5 * task * 0.3 + 0.1, // 38.644
            observability: 3,
        };
        assert.deepStrictEqual(Object.keys(e.components).sort(), ["ecs", "network", "observability"]);
        for (const [component, usdPerMonth] of Object.entries(expected)) close(e.components[component], usdPerMonth, component);
        close(e.totalUsd, 110.994, "total");
        assert.deepStrictEqual(e.unpriced, []);
        assert.deepStrictEqual(
            e.lines.map((l) => [l.component, l.item, l.quantity]),
            [
                ["ecs", "Application Load Balancer", 1],
                ["ecs", "public IPv4 addresses of the ALB (one per AZ, at least)", 2],
                ["ecs", "CloudWatch alarm metric (standard)", 1],
                ["ecs", "Fargate task (0.5 vCPU, 1 GB, x86)", 0.5],
                ["ecs", "Fargate Spot task (0.5 vCPU, 1 GB, x86, 70% off assumed)", 1.5],
                ["network", "public IPv4 address (Elastic IP)", 1],
                ["network", "NAT gateway", 1],
                ["network", "interface endpoint ecr.api", 2],
                ["network", "interface endpoint ecr.dkr", 2],
                ["observability", "CloudWatch dashboard", 1],
            ],
        );
    });

    it("prints the total, each component and each item, and says what it leaves out", async () => {
        const text = renderCostText(await estimate("dev", SMALL));
        const lines = text.split("\n");
        assert.strictEqual(lines[0], 'Estimated monthly cost of stack "dev": about $110.99 (USD; an estimate of idle cost)');
        assert.match(lines[1], /^ {2}Prices: pricing\/ap-northeast-1\.json, list prices as of 2000-01-01, 730 hours a month\.$/);
        assert.match(
            text,
            /Left out \(usage-based\): data processed \(NAT gateways, VPC endpoints\), ALB LCUs, requests, data transfer, log ingestion and storage/,
        );
        assert.match(text, /\n {2}network +\$69\.35\n/);
        assert.match(text, /\n {4}interface endpoint ecr\.api +2 AZs × \$7\.30 +\$14\.60\n/);
        assert.match(text, /\n {4}Fargate Spot task \(0\.5 vCPU, 1 GB, x86, 70% off assumed\) +1\.5 tasks × \$5\.26 +\$7\.88\n/);
        assert.match(lines[lines.length - 1], /^ {2}Total +\$110\.99$/);
    });

    it("dev natStrategy single -> one-per-az adds one NAT gateway and its address: exactly (0.05 + 0.005) x 730", async () => {
        const base = await estimate("dev");
        const head = await estimate("dev", { "platform:natStrategy": "one-per-az" });
        close(head.totalUsd - base.totalUsd, (0.05 + 0.005) * H, "delta");
        close(head.components.network - base.components.network, 40.15, "network delta");
    });

    it("prd without the ec2 interface endpoint saves that endpoint in each of its 3 AZs: 3 x 0.01 x 730", async () => {
        // (prd refuses a single NAT gateway and Tokyo has 3 AZs, so prd's NAT count cannot move.)
        const prd = await runStack("prd");
        const endpoints = (JSON.parse(prd.config.values["platform:interfaceEndpoints"]) as string[]).filter((e) => e !== "ec2");
        const base = await estimate("prd");
        const head = await estimate("prd", { "platform:interfaceEndpoints": endpoints });
        close(base.totalUsd - head.totalUsd, 3 * 0.01 * H, "saving");
    });

    it("prd's general node group on m6i.xlarge instead of m7i.xlarge moves by 3 nodes x (0.20 - 0.18) x 730", async () => {
        const base = await estimate("prd");
        const head = await prdWithInstanceType("general", "m6i.xlarge");
        close(base.totalUsd - head.totalUsd, 3 * (0.2 - 0.18) * H, "saving");
        assert.ok(head.lines.some((l) => l.item === "m6i.xlarge (on-demand)" && l.quantity === 3));
    });

    it("an instance type missing from the table is reported, not priced as zero", async () => {
        const base = await estimate("prd");
        const head = await prdWithInstanceType("system", "m8i.large");
        assert.deepStrictEqual(head.unpriced, [
            {
                component: "eks",
                resource: "platform-prd-system",
                type: "aws:eks/nodeGroup:NodeGroup",
                reason: "instance type m8i.large is not in pricing/ap-northeast-1.json (ec2InstancePerHour): add it, or pass it with --prices",
            },
        ]);
        assert.ok(!head.lines.some((l) => l.item.includes("m8i")), "no line prices m8i.large");
        // Only the m7i.large nodes left the total; their root volumes are still priced.
        close(base.totalUsd - head.totalUsd, 3 * 0.1 * H, "m7i.large nodes");
        assert.match(renderCostText(head), /: about \$[\d,.]+ \(USD; an estimate of idle cost\), not counting 1 unpriced \(listed below\)/);
        assert.match(
            renderCostDeltaMarkdown(base, head),
            /\n⚠️ Not priced, so not in the figures above \(1\):\n- `aws:eks\/nodeGroup:NodeGroup` \*\*platform-prd-system\*\*: instance type m8i\.large/,
        );
    });

    it("prices EC2 Spot node groups at the table's discount, and root volumes per node", async () => {
        const e = await estimate("dev");
        const nodes = e.lines.filter((l) => l.type === "aws:eks/nodeGroup:NodeGroup");
        assert.deepStrictEqual(
            nodes.map((l) => [l.item, l.quantity]),
            [
                ["m7i.large (Spot, 60% off assumed)", 1],
                ["root volume gp3 50 GiB", 1],
            ],
        );
        close(nodes[0].unitMonthlyUsd, 0.1 * 0.4 * H, "Spot node");
        close(nodes[1].unitMonthlyUsd, 50 * 0.1, "50 GiB gp3");
    });

    it("prices the EKS control plane at extended support once its version's standard support has ended, if the support policy is EXTENDED", async () => {
        const standard = await estimate("prd");
        const line = (e: CostEstimate) => e.lines.find((l) => l.type === "aws:eks/cluster:Cluster");
        assert.strictEqual(line(standard)?.item, "EKS control plane 1.35 (standard support until 2027-03-27)");
        close(line(standard)?.monthlyUsd ?? NaN, 0.1 * H, "standard");
        // The fixture's prices are "as of" 2000-01-01: a support end before that day means extended support.
        const ended = fixtureTable({ eksStandardSupportEnds: { "1.35": "1999-12-31" } });
        const extended = await estimate("prd", { "platform:eksSupportType": "EXTENDED" }, ended);
        assert.strictEqual(line(extended)?.item, "EKS control plane 1.35 (extended support: standard ended 1999-12-31)");
        close(extended.totalUsd - standard.totalUsd, (0.6 - 0.1) * H, "extended support surcharge");
        // STANDARD (the default): EKS upgrades the control plane at the end of standard support, so no surcharge.
        const upgraded = await estimate("prd", {}, ended);
        assert.strictEqual(
            line(upgraded)?.item,
            "EKS control plane 1.35 (standard ended 1999-12-31: EKS upgrades it, support policy STANDARD)",
        );
        close(upgraded.totalUsd, standard.totalUsd, "no surcharge under STANDARD");
        // A version EKS offers (config accepts it) that the price table does not list yet.
        const unknown = await estimate("prd", { "platform:kubernetesVersion": "1.36" });
        assert.deepStrictEqual(
            unknown.unpriced.map((u) => [u.resource, u.reason]),
            [
                [
                    "platform-prd-cluster",
                    "Kubernetes 1.36 has no end of standard support in pricing/ap-northeast-1.json (eksStandardSupportEnds): add it, or pass it with --prices",
                ],
            ],
        );
        close(standard.totalUsd - unknown.totalUsd, 0.1 * H, "the unknown version's cluster is left out, not priced as zero");
    });

    it("counts ECS tasks within the autoscaling bounds and splits them as the capacity provider strategy does", () => {
        const prd = [
            { capacityProvider: "FARGATE", base: 2, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
        ];
        assert.deepStrictEqual(
            [...spreadTasks(3, prd)],
            [
                ["FARGATE", 2.5],
                ["FARGATE_SPOT", 0.5],
            ],
        );
        assert.deepStrictEqual(
            [...spreadTasks(1, prd)],
            [
                ["FARGATE", 1],
                ["FARGATE_SPOT", 0],
            ],
        );
        const dev = [
            { capacityProvider: "FARGATE", base: 0, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
        ];
        assert.deepStrictEqual(
            [...spreadTasks(4, dev)],
            [
                ["FARGATE", 1],
                ["FARGATE_SPOT", 3],
            ],
        );
    });

    it("prices metric-math alarms per metric they read", async () => {
        const e = await estimate("prd");
        const alarms = e.lines.filter((l) => l.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        const mathAlarm = alarms.find((l) => l.resource === "platform-prd-alarms-api-tasks-below-desired");
        assert.ok(mathAlarm, alarms.map((l) => l.resource).join(", "));
        assert.strictEqual(mathAlarm.quantity, 2);
        // 9 of the observability component, and each service's deployment alarm.
        assert.strictEqual(alarms.filter((l) => l.quantity === 1).length, 11);
    });

    it("an override file replaces only what it names", async () => {
        const base = await estimate("dev", SMALL);
        const table = fixtureTable({ prices: { natGatewayPerHour: 0.1 }, spotDiscounts: { fargate: 0 } });
        const head = await estimate("dev", SMALL, table);
        const task = 0.5 * 0.04 * H + 1 * 0.004 * H;
        close(head.totalUsd - base.totalUsd, 0.05 * H + 1.5 * task * 0.7, "NAT doubled, Spot at the on-demand price");
        assert.match(table.overriddenBy ?? "", /override\.json$/);
        assert.match(renderCostText(head), /overridden by .*override\.json\./);
    });

    it("refuses a bad override naming the key and what is allowed", () => {
        const attempt = (override: unknown) => assert.throws(() => fixtureTable(override), PriceTableError);
        attempt({ prices: { natGatewayHourly: 0.1 } });
        assert.throws(
            () => fixtureTable({ prices: { natGatewayHourly: 0.1 } }),
            /prices\.natGatewayHourly: unknown price \(allowed: natGatewayPerHour, publicIpv4AddressPerHour,/,
        );
        assert.throws(() => fixtureTable({ prices: { natGatewayPerHour: -1 } }), /prices\.natGatewayPerHour = -1: must be a number >= 0/);
        assert.throws(
            () => fixtureTable({ ec2InstancePerHour: { "m8g.large": 0 } }),
            /ec2InstancePerHour\.m8g\.large = 0: must be a number > 0 \(leave a type out rather than price it at 0\)/,
        );
        assert.throws(() => fixtureTable({ spotDiscounts: { fargate: 1 } }), /spotDiscounts\.fargate = 1: must be a number in \[0, 1\)/);
        assert.throws(
            () => fixtureTable({ region: "us-east-1" }),
            /region: unknown key \(allowed: hoursPerMonth, prices, ec2InstancePerHour, eksStandardSupportEnds, spotDiscounts, note\)/,
        );
        assert.throws(
            () => fixtureTable({ eksStandardSupportEnds: { "1.35": "March 2027" } }),
            /eksStandardSupportEnds\.1\.35 = "March 2027": must be a date YYYY-MM-DD/,
        );
        assert.throws(
            () => fixtureTable({ eksStandardSupportEnds: { v1: "2027-03-27" } }),
            /eksStandardSupportEnds\.v1: not a Kubernetes version/,
        );
        assert.throws(
            () => loadPriceTable("us-east-1"),
            /no price table for region us-east-1: add pricing\/us-east-1\.json .*tables exist for: ap-northeast-1/,
        );
    });

    it("the repository's table is dated, names a source page for every price, and prices everything both stacks declare", async () => {
        const table = loadPriceTable("ap-northeast-1");
        assert.match(table.pricesAsOf, /^\d{4}-\d{2}-\d{2}$/);
        assert.match(table.source, /AWS public list prices for Asia Pacific \(Tokyo\)/);
        for (const k of [...PRICE_KEYS, "ec2InstancePerHour", "eksStandardSupportEnds", "spotDiscounts"])
            assert.match(table.sources[k] ?? "", /^https:\/\/(docs\.)?aws\.amazon\.com\//, k);
        for (const stack of ["dev", "prd"]) {
            const e = estimateCost(await previewGraph(stack), table);
            assert.deepStrictEqual(e.unpriced, [], `${stack}: every resource type is priced or known to have no idle charge`);
            close(
                e.totalUsd,
                Object.values(e.components).reduce((a, b) => a + b, 0),
                `${stack} total = sum of components`,
            );
            assert.deepStrictEqual(
                Object.keys(e.components).sort(),
                // dev's sleep schedule saves its own lines (tests/operations-sleep.test.ts).
                stack === "dev" ? ["ecs", "eks", "network", "observability", "operations"] : ["ecs", "eks", "network", "observability"],
            );
        }
    });

    it("the PR graph diff says what the change adds per month, priced from the head's table", async () => {
        const base = await previewGraph("dev");
        const head = await previewGraph("dev", { "platform:natStrategy": "one-per-az" });
        const table = loadPriceTable("ap-northeast-1");
        const delta = (table.prices.natGatewayPerHour + table.prices.publicIpv4AddressPerHour) * table.hoursPerMonth;
        const md = costSection(base, head);
        const before = estimateCost(base, table).totalUsd;
        assert.ok(
            md.startsWith(
                `#### Estimated monthly cost\n\nThis change **adds about ${usd(delta)} per month** (\`dev\`: ${usd(before)} → ${usd(before + delta)}).\n`,
            ),
            md,
        );
        assert.match(md, /\n\| network \| NAT gateway \| 1 → 2 \| \$[\d.]+ \| \$[\d.]+ \| \+\$[\d.]+ \|\n/);
        assert.match(
            md,
            /_An estimate of idle cost from pricing\/ap-northeast-1\.json, list prices as of \d{4}-\d{2}-\d{2}, 730 hours a month\. Usage-based charges are not included: /,
        );
        assert.strictEqual(
            costSection(base, base).split("\n")[2],
            `This change does not move the estimated monthly cost (\`dev\`: ${usd(before)} → ${usd(before)}).`,
        );
        // A new stack's base is the empty placeholder graph the PR workflow writes.
        const empty = { stack: "dev", resourceCount: 0, resources: [], outputs: {} } as unknown as GraphSnapshot;
        assert.match(costSection(empty, base), /This change \*\*adds about \$[\d,.]+ per month\*\* \(`dev`: \$0\.00 → /);
    });
});
