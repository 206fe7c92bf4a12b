import * as assert from "assert";
import { previewGraph } from "../offline/snapshot";
import { loadStackConfig } from "../offline/stack-config";
import { diffGraphs } from "../tools/graph-compare";

/** The dev/prd service list with one service's fields changed. */
function withService(stack: string, name: string, fields: Record<string, unknown>): Record<string, unknown> {
    const services = JSON.parse(loadStackConfig(stack).values["platform:ecsServices"] ?? "[]") as Record<string, unknown>[];
    return { "platform:ecsServices": services.map((s) => (s.name === name ? { ...s, ...fields } : s)) };
}

/** What a change does to the resources that already exist: anything but an in-place update, by name. */
async function notUpdates(stack: string, change: Record<string, unknown>) {
    const diff = diffGraphs(await previewGraph(stack), await previewGraph(stack, change));
    assert.deepStrictEqual(diff.forecast.unknownTypes, []);
    return {
        added: diff.added.map((r) => r.name).sort(),
        notUpdated: diff.changed
            .filter((r) => r.forecast.how !== "update")
            .map((r) => `${r.name}: ${r.forecast.how} (${r.forecast.keys.join(", ")})`)
            .sort(),
    };
}

describe("ECS workload changes on a running stack: what each one replaces", () => {
    it("switching a service to blue/green adds its second group and the ECS role; the service itself is updated in place", async () => {
        const result = await notUpdates("prd", withService("prd", "web", { deployment: { strategy: "blue-green" } }));
        assert.deepStrictEqual(result, {
            added: ["platform-prd-ecs-infrastructure", "platform-prd-ecs-infrastructure", "platform-prd-web-tg-alt"],
            notUpdated: [],
        });
    });

    it("declaring a new call path or egress creates rules and replaces nothing", async () => {
        const result = await notUpdates(
            "dev",
            withService("dev", "web", { allowFrom: ["api"], egress: [{ to: "10.30.0.0/16", port: 6379 }] }),
        );
        assert.deepStrictEqual(result, {
            added: ["platform-dev-api-to-web-in", "platform-dev-api-to-web-out", "platform-dev-web-to-10_30_0_0_16-6379"],
            notUpdated: [],
        });
    });

    it("a longer grace period or new application permissions replace nothing", async () => {
        const result = await notUpdates(
            "prd",
            withService("prd", "api", {
                healthCheckGracePeriodSeconds: 600,
                taskRoleStatements: [
                    {
                        sid: "Jobs",
                        actions: ["sqs:SendMessage", "sqs:GetQueueUrl"],
                        resources: ["arn:aws:sqs:ap-northeast-1:123456789012:platform-prd-jobs"],
                    },
                ],
            }),
        );
        assert.deepStrictEqual(result, { added: [], notUpdated: [] });
    });

    it("a container health check registers a new task definition revision (ECS task definitions are immutable), nothing else", async () => {
        const result = await notUpdates(
            "dev",
            withService("dev", "web", { containerHealthCheck: { command: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] } }),
        );
        assert.deepStrictEqual(result, { added: [], notUpdated: ["platform-dev-web-task: replace (containerDefinitions)"] });
    });
});
