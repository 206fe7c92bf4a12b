// Configurations AWS accepts and that are useful, accepted here too (docs/ecs.md, docs/eks.md):
// a service parked at zero tasks, names in the full character set AWS allows, Fargate selectors
// with the wildcards EKS matches.

import * as assert from "assert";
import { names, nameProblem } from "../lib/names";
import { runStack } from "../offline/run";
import { configIssues } from "./harness/config-issues";

const web = { image: "public.ecr.aws/nginx/nginx:stable", port: 80 };

describe("useful configurations: a service parked at zero tasks", () => {
    for (const [what, service] of [
        ["desiredCount 0 without autoscaling", { ...web, name: "web", desiredCount: 0 }],
        ["autoscaling min = max = 0", { ...web, name: "web", desiredCount: 0, autoscaling: { min: 0, max: 0 } }],
        ["scale to zero: min 0, room to grow", { ...web, name: "web", desiredCount: 0, autoscaling: { min: 0, max: 4 } }],
    ] as const) {
        it(`accepts ${what}`, () => assert.deepStrictEqual(configIssues("dev", { "platform:ecsServices": [service] }), []));
    }

    it("still refuses bounds that mean nothing: max 0 above a min, negative bounds", () => {
        assert.match(
            configIssues("dev", { "platform:ecsServices": [{ ...web, name: "web", desiredCount: 0, autoscaling: { min: 1, max: 0 } }] })[0],
            /bounds out of range \(allowed: 0 <= min <= max \(min = max = 0 parks the service\)\)/,
        );
        assert.match(
            configIssues("dev", { "platform:ecsServices": [{ ...web, name: "web", autoscaling: { min: -1, max: 2 } }] })[0],
            /bounds out of range/,
        );
    });

    it("a parked service exists with its target group, runs no task, and its missing-tasks alarm does not fire on silence", async () => {
        const run = await runStack("prd", {
            "platform:ecsServices": [
                { ...web, name: "web", desiredCount: 0, autoscaling: { min: 0, max: 0 } },
                { ...web, name: "api", pathPattern: "/api/*", desiredCount: 2, autoscaling: { min: 2, max: 4 } },
            ],
        });
        const byName = (type: string, name: string) => run.graph.resources.find((r) => r.type === type && r.name === name);
        assert.strictEqual(byName("aws:ecs/service:Service", "platform-prd-web-service")?.inputs.desiredCount, 0);
        const target = byName("aws:appautoscaling/target:Target", "platform-prd-web-scaling");
        assert.deepStrictEqual([target?.inputs.minCapacity, target?.inputs.maxCapacity], [0, 0]);
        assert.ok(byName("aws:lb/targetGroup:TargetGroup", "platform-prd-web-tg"), "the target group exists, empty");
        const missing = (svc: string) =>
            run.graph.resources.find(
                (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.inputs.name === `platform-prd-${svc}-tasks-below-desired`,
            );
        assert.strictEqual(missing("web")?.inputs.treatMissingData, "notBreaching");
        assert.strictEqual(missing("api")?.inputs.treatMissingData, "breaching", "a service that must run keeps alarming on silence");
    });
});

describe("useful configurations: names AWS accepts", () => {
    it("service names with capitals and underscores, where nothing derived forbids them", () => {
        assert.deepStrictEqual(configIssues("dev", { "platform:ecsServices": [{ ...web, name: "Web_Frontend" }] }), []);
        // What AWS does not take is refused by the rule of the name that cannot hold it: ECR wants lowercase.
        assert.match(
            configIssues("dev", { "platform:ecsServices": [{ name: "Api", ecrRepository: true, imageTag: "1", port: 80 }] })[0],
            /derived ecrRepository name: not a valid name: lowercase letters/,
        );
    });

    it("what such a name derives stays valid: the target group prefix, the port name, the roles", async () => {
        assert.deepStrictEqual(["Web_Frontend", "_x", "a_b", "___"].map(names.targetGroupPrefix), ["Web-F-", "x-", "a-b-", "tg-"]);
        for (const p of ["Web_Frontend", "_x", "a_b", "___"].map(names.targetGroupPrefix))
            assert.strictEqual(nameProblem("targetGroupPrefix", p), undefined, p);
        assert.strictEqual(names.portMapping("Web_Frontend"), "web_frontend");
        const run = await runStack("dev", { "platform:ecsServices": [{ ...web, name: "Web_Frontend" }] });
        const task = run.graph.resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
        const containers = JSON.parse(String(task?.inputs.containerDefinitions)) as { name: string; portMappings: { name: string }[] }[];
        assert.deepStrictEqual([containers[0].name, containers[0].portMappings[0].name], ["Web_Frontend", "web_frontend"]);
        const tg = run.graph.resources.find((r) => r.type === "aws:lb/targetGroup:TargetGroup");
        assert.strictEqual(tg?.inputs.namePrefix, "Web-F-");
    });

    it("one-off task, node group and Fargate profile names in EKS's and ECS's full alphabet", () => {
        assert.deepStrictEqual(
            configIssues("dev", {
                "platform:ecsServices": [{ ...web, name: "web", oneOffTasks: [{ name: "db_Migrate", command: ["x"] }] }],
                "platform:eksNodeGroups": [{ name: "GPU_pool", minSize: 1, maxSize: 2 }],
                "platform:eksFargateProfiles": [{ name: "Batch_Jobs", selectors: [{ namespace: "batch" }] }],
            }),
            [],
        );
    });

    it("Fargate selectors with the * and ? wildcards EKS matches, in namespaces, label keys and values", () => {
        assert.deepStrictEqual(
            configIssues("dev", {
                "platform:eksFargateProfiles": [
                    { name: "apps", selectors: [{ namespace: "team-*", labels: { "app?": "web-*", tier: "*" } }, { namespace: "*-jobs" }] },
                ],
            }),
            [],
        );
        assert.match(
            configIssues("dev", { "platform:eksFargateProfiles": [{ name: "apps", selectors: [{ namespace: "Team_A" }] }] })[0],
            /not a namespace a selector can match/,
        );
    });
});
