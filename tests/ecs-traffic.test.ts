import * as assert from "assert";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { ProgramRun, runStack } from "../offline/run";
import { loadStackConfig } from "../offline/stack-config";
import { configIssues } from "./harness/config-issues";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** What a rule opens, peer included: [protocol, from, to, peer]. */
function opening(r: RecordedResource): [unknown, unknown, unknown, unknown] {
    const i = r.inputs;
    return [i.ipProtocol, i.fromPort, i.toPort, i.referencedSecurityGroupId ?? i.prefixListId ?? i.cidrIpv4 ?? i.cidrIpv6];
}
const sortRules = (rules: [unknown, unknown, unknown, unknown][]) => rules.map((r) => JSON.stringify(r)).sort();

function rulesOf(graph: Graph, sgId: unknown): { ingress: string[]; egress: string[] } {
    return {
        ingress: sortRules(
            graph
                .byType(INGRESS)
                .filter((r) => r.inputs.securityGroupId === sgId)
                .map(opening),
        ),
        egress: sortRules(
            graph
                .byType(EGRESS)
                .filter((r) => r.inputs.securityGroupId === sgId)
                .map(opening),
        ),
    };
}

const DATABASE: Record<string, string> = { dev: "sg-0f1e2d3c4b5a69788", prd: "sg-0a1b2c3d4e5f60718" };

for (const stack of ["dev", "prd"]) {
    describe(`ECS traffic (${stack}): declared call paths and egress, nothing wider`, () => {
        let run: ProgramRun;
        let sgOf: (service: string) => unknown;
        let albSg: unknown;
        before(async () => {
            run = await runStack(stack);
            sgOf = (service) => run.graph.within("platform:ecs:Service", `platform-${stack}-${service}`).one(SG).id;
            albSg = run.graph.one(SG, `platform-${stack}-lb-alb`).id;
        });

        it("web -> api (api.allowFrom: [web]) opens exactly api's port, from web's group into api's, and nothing else", () => {
            const [api, web] = [sgOf("api"), sgOf("web")];
            assert.deepStrictEqual(rulesOf(run.graph, api), {
                ingress: sortRules([
                    ["tcp", 8080, 8080, albSg],
                    ["tcp", 8080, 8080, web],
                ]),
                egress: sortRules([
                    ["tcp", 443, 443, "0.0.0.0/0"],
                    ["tcp", 5432, 5432, DATABASE[stack]],
                ]),
            });
            assert.deepStrictEqual(rulesOf(run.graph, web), {
                ingress: sortRules([["tcp", 80, 80, albSg]]),
                egress: sortRules([
                    ["tcp", 443, 443, "0.0.0.0/0"],
                    ["tcp", 8080, 8080, api],
                ]),
            });
        });

        it("the path is one-way: api may not call web (no rule from api's group into web's)", () => {
            const ingressToWeb = run.graph.byType(INGRESS).filter((r) => r.inputs.securityGroupId === sgOf("web"));
            assert.ok(ingressToWeb.every((r) => r.inputs.referencedSecurityGroupId !== sgOf("api")));
        });

        it("the database egress reaches the migrate one-off task: it runs in api's group, which holds the 5432 rule", () => {
            const task = (run.outputs.ecsOneOffTasks as Record<string, { securityGroupId: string }>)["api/migrate"];
            assert.strictEqual(task.securityGroupId, sgOf("api"));
            const toDatabase = run.graph
                .byType(EGRESS)
                .filter((r) => r.inputs.securityGroupId === task.securityGroupId && r.inputs.referencedSecurityGroupId === DATABASE[stack]);
            assert.deepStrictEqual(toDatabase.map(opening), [["tcp", 5432, 5432, DATABASE[stack]]]);
            assert.strictEqual(toDatabase[0].inputs.description, "orders database");
        });
    });
}

describe("ECS traffic: what config changes", () => {
    const devServices = () => JSON.parse(loadStackConfig("dev").values["platform:ecsServices"] ?? "[]") as Record<string, unknown>[];

    it("prefix lists, CIDRs and port ranges become the matching egress rules, named by destination", async () => {
        const [api, web] = devServices();
        const egress = [
            { to: "pl-0123456789abcdef0", port: 443 },
            { to: "10.30.0.0/16", port: 6379, toPort: 6380, description: "cache" },
        ];
        const run = await runStack("dev", { "platform:ecsServices": [{ ...api, egress }, web] });
        const svc = run.graph.within("platform:ecs:Service", "platform-dev-api");
        const declared = svc.byType(EGRESS).filter((r) => r.name.includes("-api-to-"));
        assert.deepStrictEqual(
            declared.map((r) => [r.name, ...opening(r)]),
            [
                ["platform-dev-api-to-pl-0123456789abcdef0-443", "tcp", 443, 443, "pl-0123456789abcdef0"],
                ["platform-dev-api-to-10_30_0_0_16-6379-6380", "tcp", 6379, 6380, "10.30.0.0/16"],
            ],
        );
    });

    it("reordering declarations changes no rule's name (no replacement, no duplicate-rule error)", async () => {
        const [api, web] = devServices();
        const egress = [
            { to: "sg-0f1e2d3c4b5a69788", port: 5432 },
            { to: "10.30.0.0/16", port: 6379 },
        ];
        const names = async (list: typeof egress) => {
            const run = await runStack("dev", { "platform:ecsServices": [{ ...api, egress: list }, web] });
            return run.graph
                .byType(EGRESS)
                .map((r) => r.name)
                .sort();
        };
        assert.deepStrictEqual(await names(egress), await names([...egress].reverse()));
    });

    it("without allowFrom no service reaches another", async () => {
        const services = devServices().map((s) => ({ ...s, allowFrom: [] }));
        const run = await runStack("dev", { "platform:ecsServices": services });
        const serviceGroups: unknown[] = ["api", "web"].map(
            (n) => run.graph.within("platform:ecs:Service", `platform-dev-${n}`).one(SG).id,
        );
        const between = [...run.graph.byType(INGRESS), ...run.graph.byType(EGRESS)].filter(
            (r) => serviceGroups.includes(r.inputs.securityGroupId) && serviceGroups.includes(r.inputs.referencedSecurityGroupId),
        );
        assert.deepStrictEqual(between, []);
    });

    const web = { name: "web", image: "public.ecr.aws/nginx/nginx:stable", port: 80 };
    const api = { name: "api", image: "public.ecr.aws/nginx/nginx:stable", port: 8080, pathPattern: "/api/*" };
    const cases: [string, Record<string, unknown>[], RegExp][] = [
        [
            "a caller that is not a service",
            [{ ...api, allowFrom: ["wbe"] }, web],
            /^platform:ecsServices\[0\]\.allowFrom = wbe: no service named "wbe"/,
        ],
        [
            "a service allowing itself",
            [{ ...api, allowFrom: ["api"] }, web],
            /allowFrom = api: a service does not need a rule to call itself/,
        ],
        [
            "egress to the whole internet",
            [{ ...api, egress: [{ to: "0.0.0.0/0", port: 80 }] }, web],
            /egress\[0\]\.to = "0\.0\.0\.0\/0": not a destination/,
        ],
        [
            "a malformed security group id",
            [{ ...api, egress: [{ to: "sg-xyz", port: 5432 }] }, web],
            /egress\[0\]\.to = "sg-xyz": not a destination/,
        ],
        [
            "a port range running backwards",
            [{ ...api, egress: [{ to: "10.0.0.0/16", port: 6380, toPort: 6379 }] }, web],
            /egress\[0\]\.toPort = 6379: range end out of range/,
        ],
        [
            "an unknown egress field",
            [{ ...api, egress: [{ to: "10.0.0.0/16", port: 5432, protocol: "udp" }] }, web],
            /egress\[0\]\.protocol = \(a 3-character string\): unknown egress setting/,
        ],
    ];
    for (const [what, services, expected] of cases) {
        it(`rejects ${what}`, () => {
            const issues = configIssues("dev", { "platform:ecsServices": services });
            assert.ok(
                issues.some((i) => expected.test(i)),
                issues.join("\n"),
            );
        });
    }
});
